// Review of issue 4's merge gates beyond what test/cli covers, through the real CLI:
// - fingerprints (baseline entries = SARIF partialFingerprints) survive lines deleted above, re-indentation, a moved
//   function and a removed Vue template, in JS, Vue and the inventory itself; editing the line makes a new finding;
// - a baseline leaves out findings suppressed in source, which stay visible (and uncounted) in later scans;
// - `scan --policy` (the policy text as the inventory) works with --cache, --shard/merge and --changed-since: a
//   policy edit is picked up from the cache, merged shards equal a full run, and a changed policy rescans everything.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli, scanJson, type CliRun } from '../helpers/cli.js';

const ENGINE_RULES = join(REPO, 'fixtures/engine/rules');
const work = mkdtempSync(join(tmpdir(), 'privlint-review-gates-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function ok(run: CliRun): CliRun {
  if (run.code === 2) throw new Error(`privlint exited 2: ${run.stderr}`);
  return run;
}

function edit(file: string, change: (text: string) => string): void {
  writeFileSync(file, change(readFileSync(file, 'utf8')));
}

interface Entry {
  ruleId: string;
  category: string;
  file: string;
  fingerprint: string;
}

describe('fingerprints that survive edits elsewhere (baseline and SARIF)', () => {
  const app = join(work, 'demo');
  cpSync(join(REPO, 'fixtures/apps/inventory-demo'), app, { recursive: true });
  const sarifFingerprints = () =>
    (JSON.parse(ok(runCli(['scan', '.', '--format', 'sarif'], app)).stdout).runs[0].results as { partialFingerprints: Record<string, string> }[])
      .map((result) => result.partialFingerprints['privlint/v1'])
      .sort();

  it('keeps every finding baselined after deletions above, re-indentation and moves; an edited line is new', () => {
    expect(ok(runCli(['baseline', '.'], app)).code).toBe(0);
    const entries = (JSON.parse(readFileSync(join(app, '.privlint-baseline.json'), 'utf8')) as { entries: Entry[] }).entries;
    expect(entries.map((entry) => `${entry.ruleId} ${entry.category} ${entry.file}`)).toEqual([
      'out-of-scope-collection clipboard pages/index/index.vue',
      'contradicts-policy contacts pages/invite/invite.js',
      'undisclosed-collection microphone pages/voice/voice.js',
      'unused-declaration bluetooth privacy-inventory.yaml',
    ]);
    const before = sarifFingerprints();
    expect(before).toEqual(entries.map((entry) => entry.fingerprint).sort());

    // The inventory loses its comment lines; the Vue file its template; invite.js is re-indented; voice.js loses its
    // comment and gets its function moved above the finding.
    edit(join(app, 'privacy-inventory.yaml'), (text) => text.split('\n').filter((line, index) => index === 0 || !line.startsWith('#')).join('\n'));
    edit(join(app, 'pages/index/index.vue'), (text) => text.slice(text.indexOf('<script>')));
    edit(join(app, 'pages/invite/invite.js'), (text) => text.split('\n').map((line) => (line ? `    ${line}` : line)).join('\n'));
    edit(join(app, 'pages/voice/voice.js'), (text) =>
      text
        .replace(/^\/\/ Voice search[^\n]*\n\/\/[^\n]*\n/, '')
        .replace("const recorder = uni.getRecorderManager()\n\nexport function startSearch() {\n  recorder.start({ format: 'mp3' })\n}\n", "export function startSearch() {\n  recorder.start({ format: 'mp3' })\n}\n\nconst recorder = uni.getRecorderManager()\n"),
    );
    const shifted = scanJson(['.', '--baseline', '.privlint-baseline.json'], app);
    expect(shifted.run.code).toBe(0);
    expect(shifted.report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.category} ${f.baseline ? 'baseline' : 'NEW'}`)).toEqual([
      'pages/index/index.vue:15:7 clipboard baseline',
      'pages/invite/invite.js:3:7 contacts baseline',
      'pages/voice/voice.js:5:18 microphone baseline',
      'privacy-inventory.yaml:8:3 bluetooth baseline',
    ]);
    expect(shifted.report.summary).toMatchObject({ errors: 0, warnings: 0, baselined: 4, fixed: 0 });
    expect(sarifFingerprints()).toEqual(before);

    // Editing the finding's own line: a new finding, and its old entry fixed.
    edit(join(app, 'pages/invite/invite.js'), (text) => text.replace('send(res.phoneNumber)', 'send(res.displayName, res.phoneNumber)'));
    const changed = scanJson(['.', '--baseline', '.privlint-baseline.json'], app);
    expect(changed.run.code).toBe(1);
    expect(changed.report.findings.filter((f) => !f.baseline).map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId}`)).toEqual([
      'pages/invite/invite.js:3:7 contradicts-policy',
    ]);
    expect((changed.report as unknown as { fixed: Entry[] }).fixed.map((entry) => `${entry.category} ${entry.file}`)).toEqual(['contacts pages/invite/invite.js']);
  });
});

describe('baselines and suppressions together', () => {
  it('leaves suppressed findings out of the baseline; they stay visible as suppressed, uncounted', () => {
    const dir = join(work, 'suppress');
    cpSync(join(REPO, 'fixtures/cli/suppress-app'), join(dir, 'app'), { recursive: true });
    const made = ok(runCli(['baseline', 'app', '--rules', ENGINE_RULES], dir));
    expect(made.stdout).toBe(
      'wrote .privlint-baseline.json: 6 findings accepted (8 suppressed in source, not listed). Commit it; privlint scan --baseline .privlint-baseline.json now fails only on new findings.\n',
    );
    const entries = (JSON.parse(readFileSync(join(dir, '.privlint-baseline.json'), 'utf8')) as { entries: Entry[] }).entries;
    expect(entries).toHaveLength(6);
    const { run, report } = scanJson(['app', '--rules', ENGINE_RULES, '--baseline', '.privlint-baseline.json'], dir);
    expect(run.code).toBe(0);
    expect(report.summary).toMatchObject({ findings: 14, errors: 0, suppressed: 8, baselined: 6, fixed: 0 });
    const marks = report.findings.map((f) => (f.suppressed ? 'suppressed' : f.baseline ? 'baseline' : 'active'));
    expect(marks.filter((mark) => mark === 'suppressed')).toHaveLength(8);
    expect(marks.filter((mark) => mark === 'baseline')).toHaveLength(6);
    const sarif = JSON.parse(ok(runCli(['scan', 'app', '--rules', ENGINE_RULES, '--baseline', '.privlint-baseline.json', '--format', 'sarif'], dir)).stdout);
    const kinds = (sarif.runs[0].results as { suppressions?: { kind: string }[] }[]).map((result) => result.suppressions?.[0]?.kind ?? '-');
    expect(kinds.filter((kind) => kind === 'inSource')).toHaveLength(8);
    expect(kinds.filter((kind) => kind === 'external')).toHaveLength(6);
  });
});

describe('scan --policy with the cache, shards and changed files', () => {
  const POLICY = '隐私政策\n\n一、我们收集的信息\n1、当您使用附近门店功能时，我们会获取您的位置信息，用于展示附近的门店。\n2、我们不会收集您的通讯录。\n';
  const CLIPBOARD = '3、当您使用分享口令功能时，我们会读取您的剪切板，用于识别分享口令。\n';
  const project = (name: string) => {
    const dir = join(work, name);
    cpSync(join(REPO, 'fixtures/cli-shard'), dir, { recursive: true });
    rmSync(join(dir, 'privacy-inventory.yaml'));
    writeFileSync(join(dir, 'policy.txt'), POLICY);
    return dir;
  };
  const scan = (dir: string, ...args: string[]) => ok(runCli(['scan', '--rules', ENGINE_RULES, '--policy', 'policy.txt', '--format', 'json', ...args], dir));
  const categories = (run: CliRun) => (JSON.parse(run.stdout) as { findings: { category: string; ruleId: string }[] }).findings.filter((f) => f.ruleId !== 'unused-declaration').map((f) => f.category);

  it('--cache: a warm scan gives the cold bytes, and an edit of the policy takes effect at once', () => {
    const dir = project('policy-cache');
    const cold = scan(dir);
    expect(categories(cold)).toContain('clipboard');
    expect(categories(cold)).not.toContain('location');
    expect(scan(dir, '--cache').stdout).toBe(cold.stdout);
    expect(scan(dir, '--cache').stdout).toBe(cold.stdout);
    writeFileSync(join(dir, 'policy.txt'), POLICY + CLIPBOARD);
    const warm = scan(dir, '--cache');
    expect(categories(warm)).not.toContain('clipboard');
    expect(warm.stdout).toBe(scan(dir).stdout);
  });

  it('--shard: the merged shards are the bytes of a full run, JSON and SARIF', () => {
    const dir = project('policy-shards');
    for (const total of [2, 3]) {
      const outputs = Array.from({ length: total }, (_, i) => {
        const output = `shard-${total}-${i + 1}.json`;
        scan(dir, '--shard', `${i + 1}/${total}`, '--output', output);
        return output;
      });
      expect(ok(runCli(['merge', ...outputs], dir)).stdout).toBe(scan(dir).stdout);
      const sarif = ok(runCli(['scan', '--rules', ENGINE_RULES, '--policy', 'policy.txt', '--format', 'sarif'], dir)).stdout;
      expect(ok(runCli(['merge', ...outputs, '--format', 'sarif', '--rules', ENGINE_RULES], dir)).stdout).toBe(sarif);
    }
  });

  it('--changed-since: a changed policy rescans every file', () => {
    const dir = project('policy-changed');
    const git = (...args: string[]) => {
      const env: NodeJS.ProcessEnv = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.invalid', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.invalid', HOME: work };
      delete env.GIT_DIR;
      delete env.GIT_WORK_TREE;
      delete env.GIT_INDEX_FILE;
      const run = spawnSync('git', ['-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], { cwd: dir, encoding: 'utf8', env });
      if (run.status !== 0) throw new Error(`git ${args.join(' ')}: ${run.stderr}`);
    };
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'app');
    const files = (run: CliRun) => (JSON.parse(run.stdout) as { summary: { files: number } }).summary.files;
    expect(files(scan(dir, '--changed-since', 'main'))).toBe(0);
    writeFileSync(join(dir, 'policy.txt'), POLICY + CLIPBOARD);
    expect(files(scan(dir, '--changed-since', 'main'))).toBe(files(scan(dir)));
  });
});
