// The CI examples in docs/ are tested by running them: the privlint commands are read from the GitHub Actions
// workflow, the pre-commit config, docs/ci.md and the git hook script, and run (with the built CLI in place of
// `npx privlint`) on a copy of a fixture app. Exit codes are asserted and the SARIF file is validated.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, REPO } from '../helpers/cli.js';

const SARIF_SCHEMA = fileURLToPath(new URL('../../fixtures/schemas/sarif-schema-2.1.0.json', import.meta.url));
const EXAMPLES = join(REPO, 'docs/examples');
const LOCAL_PRIVLINT = `"${process.execPath}" "${BIN}"`;

/* eslint-disable @typescript-eslint/no-explicit-any */

function sarifValidator(): (document: unknown) => string[] {
  const Ajv = ((AjvDraft04 as any).default ?? AjvDraft04) as typeof AjvDraft04;
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  ajv.addFormat('uri-reference', (value: string) => URL.canParse(value, 'file:///base/'));
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
  const validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')));
  return (document) => (validate(document) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`));
}

/** Runs a documented command line in a shell, with the built CLI standing in for `npx privlint`. */
function sh(command: string, cwd: string, env: NodeJS.ProcessEnv = {}): { code: number; stdout: string; stderr: string } {
  const result = spawnSync('sh', ['-c', command.replace(/\bnpx privlint\b/g, LOCAL_PRIVLINT)], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', ...env },
    timeout: 120_000,
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function git(args: string[], cwd: string): string {
  // A repository of its own in a temp folder, whatever git environment the tests run in.
  const env = { ...process.env };
  delete env.GIT_DIR;
  delete env.GIT_WORK_TREE;
  delete env.GIT_INDEX_FILE;
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`);
  return result.stdout;
}

/** The fenced code blocks of a Markdown file, with their language. */
function codeBlocks(markdown: string): { lang: string; text: string }[] {
  return [...markdown.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((match) => ({ lang: match[1]!, text: match[2]! }));
}

const workflow = parseYaml(readFileSync(join(EXAMPLES, 'github-actions.yml'), 'utf8')) as any;
const preCommit = parseYaml(readFileSync(join(EXAMPLES, '.pre-commit-config.yaml'), 'utf8')) as any;
const guide = readFileSync(join(REPO, 'docs/ci.md'), 'utf8');
const steps: any[] = workflow.jobs.privlint.steps;
const privlintRuns: string[] = steps.filter((step) => typeof step.run === 'string' && /\bprivlint\b/.test(step.run)).map((step) => step.run.trim());
const upload = steps.find((step) => typeof step.uses === 'string' && step.uses.startsWith('github/codeql-action/upload-sarif@'));

describe('docs/examples: the CI configurations, run', () => {
  const validate = sarifValidator();
  let work: string;
  const addCollection = () =>
    writeFileSync(join(work, 'pages/profile/index.js'), `${readFileSync(join(work, 'pages/profile/index.js'), 'utf8')}wx.getClipboardData({})\n`);
  const restore = () => cpSync(join(REPO, 'fixtures/cli/wechat-app/pages/profile/index.js'), join(work, 'pages/profile/index.js'));

  beforeAll(() => {
    // The fixture app is the repository: privlint runs from its root, as in CI.
    work = mkdtempSync(join(tmpdir(), 'privlint-ci-'));
    cpSync(join(REPO, 'fixtures/cli/wechat-app'), work, { recursive: true });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('the workflow scans to SARIF with the baseline and uploads that file to code scanning', () => {
    expect(privlintRuns).toEqual(['npx privlint scan --format sarif --output privlint.sarif --baseline .privlint-baseline.json']);
    expect(upload).toBeDefined();
    expect(upload.with.sarif_file).toBe('privlint.sarif');
    expect(upload.if).toContain('always()');
    expect(workflow.permissions['security-events']).toBe('write');
    // docs/ci.md shows the same workflow (comments aside).
    const shown = codeBlocks(guide).filter((block) => block.lang === 'yaml').map((block) => parseYaml(block.text));
    expect(shown).toContainEqual(workflow);
    expect(shown).toContainEqual(preCommit);
  });

  it('runs: baseline once (docs/ci.md), then the workflow scan passes, and fails on a new collection with valid SARIF', () => {
    const setup = codeBlocks(guide).find((block) => block.lang === 'sh' && block.text.includes('privlint baseline'))!;
    const baselineCommand = setup.text.split('\n').find((line) => /^npx privlint baseline\b/.test(line))!;
    expect(baselineCommand).toBe('npx privlint baseline');
    const made = sh(baselineCommand, work);
    expect(made.code).toBe(0);
    expect(existsSync(join(work, '.privlint-baseline.json'))).toBe(true);

    const [scan] = privlintRuns;
    const clean = sh(scan!, work);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toBe('');
    const accepted = JSON.parse(readFileSync(join(work, upload.with.sarif_file), 'utf8'));
    expect(validate(accepted)).toEqual([]);
    expect(accepted.runs[0].results.length).toBeGreaterThan(0);
    expect(accepted.runs[0].results.every((r: any) => r.baselineState === 'unchanged' && r.suppressions[0].kind === 'external')).toBe(true);

    addCollection();
    try {
      const failing = sh(scan!, work);
      expect(failing.code).toBe(1);
      const report = JSON.parse(readFileSync(join(work, upload.with.sarif_file), 'utf8'));
      expect(validate(report)).toEqual([]);
      const fresh = report.runs[0].results.filter((r: any) => r.baselineState === 'new');
      expect(fresh.map((r: any) => `${r.ruleId} ${r.properties.category} ${r.locations[0].physicalLocation.artifactLocation.uri}`)).toEqual([
        'undisclosed-collection clipboard pages/profile/index.js',
      ]);
      expect(fresh[0].suppressions).toBeUndefined();
    } finally {
      restore();
    }
  });

  it('runs the pre-commit hook entry on the staged files its `files` pattern selects', () => {
    expect(preCommit.repos).toHaveLength(1);
    expect(preCommit.repos[0].repo).toBe('local');
    const hook = preCommit.repos[0].hooks[0];
    expect(hook).toMatchObject({ id: 'privlint', language: 'system', pass_filenames: true });
    const staged = ['app.json', 'privacy-inventory.yaml', 'pages/profile/index.js', 'utils/api.js', 'README.md'];
    const selected = staged.filter((file) => new RegExp(hook.files).test(file));
    expect(selected).toEqual(['pages/profile/index.js', 'utils/api.js']);
    if (!existsSync(join(work, '.privlint-baseline.json'))) expect(sh('npx privlint baseline', work).code).toBe(0);
    const command = `${hook.entry} ${selected.map((file) => `'${file}'`).join(' ')}`;
    expect(sh(command, work).code).toBe(0);
    addCollection();
    try {
      const blocked = sh(command, work);
      expect(blocked.code).toBe(1);
      expect(blocked.stdout).toContain("pages/profile/index.js:10:1  error  clipboard  wx.getClipboardData  wx.getClipboardData collects 'clipboard'");
    } finally {
      restore();
    }
  });

  it('runs the plain git hook: nothing staged passes, a staged new collection blocks, spaces in names survive', () => {
    const repo = mkdtempSync(join(tmpdir(), 'privlint-hook-'));
    try {
      cpSync(join(REPO, 'fixtures/cli/wechat-app'), repo, { recursive: true });
      git(['init', '-q'], repo);
      const hook = `sh "${join(EXAMPLES, 'pre-commit.sh')}"`;
      // The hook splits PRIVLINT into words (no quotes): the paths have no spaces here.
      const env = { PRIVLINT: `${process.execPath} ${BIN}` };
      // Nothing staged: exits 0 without running privlint.
      const idle = sh(hook, repo, env);
      expect(idle).toMatchObject({ code: 0, stdout: '' });
      // Without a baseline, the staged files' findings block the commit.
      git(['add', '-A'], repo);
      const unbaselined = sh(hook, repo, env);
      expect(unbaselined.code).not.toBe(0);
      expect(unbaselined.stdout).toContain('pages/index/index.js:8:5  error  clipboard');
      // With the baseline the same files pass …
      expect(sh('npx privlint baseline', repo).code).toBe(0);
      const accepted = sh(hook, repo, env);
      expect(accepted.code).toBe(0);
      expect(accepted.stdout).toContain('✔ no problems');
      // … and a new collection in a staged file (its name has a space) blocks.
      writeFileSync(join(repo, 'pages/profile/my notes.js'), 'wx.getClipboardData({})\n');
      git(['add', 'pages/profile/my notes.js'], repo);
      const blocked = sh(hook, repo, env);
      expect(blocked.code).not.toBe(0);
      expect(blocked.stdout).toContain('pages/profile/my notes.js:1:1  error  clipboard');
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });
});
