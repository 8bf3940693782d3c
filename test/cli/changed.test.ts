// scan --changed-since REF through the real CLI, in a throwaway git repository: the files changed on the branch,
// staged, unstaged or untracked, plus the files whose findings they can change (importers of a changed module).
import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { REPO, runCli, type CliRun, type JsonOutput } from '../helpers/cli.js';

const FIXTURE = join(REPO, 'fixtures/cli-shard');
const ENGINE_RULES = join(REPO, 'fixtures/engine/rules');
const GIT_ENV = {
  GIT_AUTHOR_NAME: 'privlint test',
  GIT_AUTHOR_EMAIL: 'test@example.invalid',
  GIT_COMMITTER_NAME: 'privlint test',
  GIT_COMMITTER_EMAIL: 'test@example.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
};

describe('scan --changed-since (real CLI)', () => {
  const work = mkdtempSync(join(tmpdir(), 'privlint-changed-'));
  let repo: string;

  const git = (...args: string[]) => {
    const run = spawnSync('git', ['-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, ...GIT_ENV, HOME: work },
    });
    if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
    return run.stdout;
  };
  const scan = (args: string[], cwd = repo): { run: CliRun; report: JsonOutput & { summary: { files: number } } } => {
    const run = runCli(['scan', '--rules', ENGINE_RULES, '--format', 'json', ...args], cwd);
    if (run.code === 2) throw new Error(`privlint exited 2: ${run.stderr}`);
    return { run, report: JSON.parse(run.stdout) };
  };
  const filesWithFindings = (report: JsonOutput) => [...new Set(report.findings.map((f) => f.file))];

  beforeEach(() => {
    repo = join(work, `repo-${Math.random().toString(36).slice(2)}`);
    cpSync(FIXTURE, repo, { recursive: true });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'app');
    git('checkout', '-q', '-b', 'feature');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('scans nothing when nothing changed', () => {
    const { run, report } = scan(['--changed-since', 'main']);
    expect(run.code).toBe(0);
    expect(report.summary.files).toBe(0);
    expect(report.findings).toEqual([]);
    expect(run.stderr).toBe('');
  });

  it('scans a changed module with every file that imports it, through re-exports, and nothing else', () => {
    appendFileSync(join(repo, 'utils/api.js'), 'export const extra = 1\n');
    git('commit', '-q', '-am', 'touch the wrapper');
    const { report } = scan(['--changed-since', 'main']);
    // utils/api.js, its importers (pages index, profile, voice, components/Picker.vue, utils/index.js), and
    // pages/deep/deep.js, which imports it through utils/index.js.
    expect(report.summary.files).toBe(7);
    expect(filesWithFindings(report)).toEqual(['components/Picker.vue', 'pages/deep/deep.js', 'pages/index/index.js', 'pages/profile/profile.js', 'pages/voice/voice.js']);
    // The same findings for those files as a whole-project scan: the scan follows their imports as usual.
    const whole = scan([]).report;
    expect(report.findings).toEqual(whole.findings.filter((f) => filesWithFindings(report).includes(f.file)));
    // Whether a declaration is used cannot be told from part of the project.
    expect(report.findings.some((f) => f.ruleId === 'unused-declaration')).toBe(false);
  });

  it('includes staged, unstaged and untracked changes', () => {
    writeFileSync(join(repo, 'pages/share/share.js'), 'Page({ onShow() { wx.getClipboardData({}) } })\n');
    writeFileSync(join(repo, 'pages/map/map.js'), "Page({ onReady() { wx.getRecorderManager().start({}) } })\n");
    git('add', 'pages/map/map.js');
    mkdirSync(join(repo, 'pages/fresh'));
    writeFileSync(join(repo, 'pages/fresh/fresh.js'), 'export const where = () => navigator.geolocation.getCurrentPosition(() => {})\n');
    const { report } = scan(['--changed-since', 'main']);
    expect(report.summary.files).toBe(3);
    expect(report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.category} ${f.ruleId}`)).toEqual(['pages/map/map.js:1:20 microphone contradicts-policy']);
    // An untracked file that git ignores is not a change.
    writeFileSync(join(repo, '.gitignore'), 'pages/fresh/\n');
    expect(scan(['--changed-since', 'main']).report.summary.files).toBe(2);
  });

  it('rescans the importers of a deleted module', () => {
    git('rm', '-q', 'utils/more.js');
    git('commit', '-q', '-m', 'drop the recorder alias');
    const { report } = scan(['--changed-since', 'main']);
    // utils/api.js (export * from './more'), then its importers, as above.
    expect(report.summary.files).toBe(7);
    expect(filesWithFindings(report)).not.toContain('pages/voice/voice.js');
    expect(filesWithFindings(report)).toContain('pages/index/index.js');
  });

  it('scans everything when the inventory changed', () => {
    appendFileSync(join(repo, 'privacy-inventory.yaml'), '  - camera\n');
    const { report } = scan(['--changed-since', 'main']);
    expect(report.summary.files).toBe(scan([]).report.summary.files);
  });

  it('runs in the repository of the scanned folder, compares with the merge base, and works with --cache', () => {
    // main moves on after the branch: its changes are not the branch's.
    git('checkout', '-q', 'main');
    writeFileSync(join(repo, 'pages/map/map.js'), "Page({ onReady() { wx.getRecorderManager().start({}) } })\n");
    git('commit', '-q', '-am', 'main moves on');
    git('checkout', '-q', 'feature');
    writeFileSync(join(repo, 'pages/share/share.js'), readFileSync(join(repo, 'pages/share/share.js'), 'utf8') + '\n');
    git('commit', '-q', '-am', 'branch work');
    const outside = join(work, 'outside');
    mkdirSync(outside, { recursive: true });
    const { report } = scan(['--changed-since', 'main', repo], outside);
    expect(report.summary.files).toBe(1);
    for (let round = 0; round < 2; round++) {
      expect(scan(['--changed-since', 'main', '--cache']).run.stdout).toBe(scan(['--changed-since', 'main']).run.stdout);
    }
  });

  it('exits 2 with a hint outside a repository, for an unknown ref, and for an option-like ref', () => {
    const plain = join(work, 'plain');
    mkdirSync(plain, { recursive: true });
    writeFileSync(join(plain, 'a.js'), 'wx.getLocation()\n');
    const outside = runCli(['scan', '--changed-since', 'main'], plain, { GIT_CEILING_DIRECTORIES: work });
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain(`privlint: --changed-since needs a git repository, and ${plain} is not inside one\n  hint: run privlint from inside the repository`);

    const unknown = runCli(['scan', '--changed-since', 'no-such-branch'], repo);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe(
      'privlint: --changed-since no-such-branch: no such commit in this repository\n' +
        '  hint: check the name, or fetch it first (in CI: a full clone, e.g. actions/checkout with fetch-depth: 0); privlint never fetches\n',
    );
    const option = runCli(['scan', '--changed-since=--output=x'], repo);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("--changed-since takes a git ref (a branch, tag or commit), got '--output=x'");
  });
});
