// `privlint baseline` and `scan --baseline` through the real CLI: a deterministic baseline file; only new findings
// fail the run; fingerprints survive lines inserted above; fixed entries are reported; broken files exit 2.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { REPO, runCli, scanJson } from '../helpers/cli.js';

const ENGINE_RULES = join(REPO, 'fixtures/engine/rules');
const APP = join(REPO, 'fixtures/cli/wechat-app');
const BASELINE = '.privlint-baseline.json';

interface Entry {
  ruleId: string;
  category: string;
  file: string;
  api: string;
  fingerprint: string;
  reason?: string;
  count?: number;
}

describe('privlint baseline / scan --baseline (real CLI)', () => {
  const work = mkdtempSync(join(tmpdir(), 'privlint-baseline-'));
  const file = (path: string) => join(work, path);
  const edit = (path: string, change: (text: string) => string) => writeFileSync(file(path), change(readFileSync(file(path), 'utf8')));
  const readEntries = (path = BASELINE) => (JSON.parse(readFileSync(file(path), 'utf8')) as { entries: Entry[] }).entries;

  beforeEach(() => {
    rmSync(file('app'), { recursive: true, force: true });
    rmSync(file(BASELINE), { force: true });
    cpSync(APP, file('app'), { recursive: true });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('writes every current finding to .privlint-baseline.json, sorted, with the same bytes every time', () => {
    const run = runCli(['baseline', 'app', '--rules', ENGINE_RULES], work);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'wrote .privlint-baseline.json: 4 findings accepted. Commit it; privlint scan --baseline .privlint-baseline.json now fails only on new findings.\n',
    );
    const text = readFileSync(file(BASELINE), 'utf8');
    const baseline = JSON.parse(text) as { version: number; entries: Entry[] };
    expect(Object.keys(baseline)).toEqual(['version', 'entries']);
    expect(baseline.version).toBe(1);
    expect(baseline.entries.map(({ fingerprint, ...rest }) => ({ ...rest, fingerprint: /^[0-9a-f]{32}$/.test(fingerprint) }))).toEqual([
      { ruleId: 'undisclosed-collection', category: 'clipboard', file: 'app/pages/index/index.js', api: 'wx.getClipboardData', fingerprint: true },
      { ruleId: 'contradicts-policy', category: 'microphone', file: 'app/pages/profile/index.js', api: 'wx.getRecorderManager().start', fingerprint: true },
      { ruleId: 'out-of-scope-collection', category: 'location', file: 'app/pages/profile/index.js', api: 'wx.getLocation', fingerprint: true },
      { ruleId: 'unused-declaration', category: 'contacts', file: 'app/privacy-inventory.yaml', api: '', fingerprint: true },
    ]);
    expect(text.endsWith('}\n')).toBe(true);
    runCli(['baseline', 'app', '--rules', ENGINE_RULES, '--workers', '2'], work);
    expect(readFileSync(file(BASELINE), 'utf8')).toBe(text);
    // The fingerprints are the SARIF partialFingerprints: one definition.
    const sarif = JSON.parse(runCli(['scan', 'app', '--rules', ENGINE_RULES, '--format', 'sarif'], work).stdout);
    const sarifFingerprints = sarif.runs[0].results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['privlint/v1']);
    expect([...sarifFingerprints].sort()).toEqual(baseline.entries.map((entry) => entry.fingerprint).sort());
  });

  it('fails only on new findings: lines inserted above change nothing, a new collection is new, a removed one is fixed', () => {
    expect(runCli(['baseline', 'app', '--rules', ENGINE_RULES], work).code).toBe(0);
    const accepted = scanJson(['app', '--rules', ENGINE_RULES, '--baseline', BASELINE], work);
    expect(accepted.run.code).toBe(0);
    expect(accepted.report.findings.every((f) => JSON.stringify(f.baseline) === '{}')).toBe(true);
    expect(accepted.report.summary).toMatchObject({ findings: 4, errors: 0, warnings: 0, infos: 0, baselined: 4, fixed: 0 });
    expect((accepted.report as unknown as { fixed: unknown[] }).fixed).toEqual([]);

    // Five lines inserted at the top of each file with findings: same findings, other lines, still all accepted.
    for (const path of ['app/pages/index/index.js', 'app/pages/profile/index.js']) edit(path, (text) => `// 1\n// 2\n// 3\n// 4\n// 5\n${text}`);
    const shifted = scanJson(['app', '--rules', ENGINE_RULES, '--baseline', BASELINE], work);
    expect(shifted.run.code).toBe(0);
    expect(shifted.report.findings.map((f) => `${f.file}:${f.line} ${f.category} ${f.baseline ? 'baseline' : 'NEW'}`)).toEqual([
      'app/pages/index/index.js:13 clipboard baseline',
      'app/pages/profile/index.js:8 location baseline',
      'app/pages/profile/index.js:12 microphone baseline',
      'app/privacy-inventory.yaml:4 contacts baseline',
    ]);
    expect(shifted.report.summary).toMatchObject({ errors: 0, baselined: 4, fixed: 0 });

    // A new collection: exactly that one is new and fails the run.
    edit('app/pages/profile/index.js', (text) => text.replace('  record() {', '  paste() {\n    wx.getClipboardData({})\n  },\n  record() {'));
    const added = scanJson(['app', '--rules', ENGINE_RULES, '--baseline', BASELINE], work);
    expect(added.run.code).toBe(1);
    expect(added.report.findings.filter((f) => !f.baseline).map((f) => `${f.file}:${f.line}:${f.column} ${f.category}`)).toEqual([
      'app/pages/profile/index.js:11:5 clipboard',
    ]);
    expect(added.report.summary).toMatchObject({ findings: 5, errors: 1, baselined: 4, fixed: 0 });

    // A collection removed: its entry is reported fixed (JSON, summary, stylish).
    edit('app/pages/index/index.js', (text) => text.replace(/^ {4}readClipboard\(.*$/m, '    // pasting is gone'));
    const removed = scanJson(['app', '--rules', ENGINE_RULES, '--baseline', BASELINE], work);
    expect(removed.run.code).toBe(1);
    const fixed = (removed.report as unknown as { fixed: Entry[] }).fixed;
    expect(fixed.map(({ fingerprint: _, ...rest }) => rest)).toEqual([
      { ruleId: 'undisclosed-collection', category: 'clipboard', file: 'app/pages/index/index.js', api: 'wx.getClipboardData' },
    ]);
    expect(fixed[0]!.fingerprint).toBe(readEntries()[0]!.fingerprint);
    expect(removed.report.summary).toMatchObject({ findings: 4, errors: 1, baselined: 3, fixed: 1 });
    expect(Object.keys(removed.report)).toEqual(['version', 'findings', 'errors', 'fixed', 'summary']);
    const stylish = runCli(['scan', 'app', '--rules', ENGINE_RULES, '--baseline', BASELINE], work);
    expect(stylish.stdout).toContain(
      'Fixed since the baseline (1): no longer found, run privlint baseline to drop them from .privlint-baseline.json\n  app/pages/index/index.js  clipboard  wx.getClipboardData  undisclosed-collection\n',
    );
    expect(stylish.stdout).toContain('(in baseline)');
    expect(stylish.stdout).toContain('✖ 1 problem (1 error, 0 warnings, 0 infos)');
  });

  it('tells identical findings apart and counts them', () => {
    const profile = 'app/pages/profile/index.js';
    edit(profile, (text) => `${text}wx.getClipboardData({})\nwx.getClipboardData({})\n`);
    runCli(['baseline', 'app', '--rules', ENGINE_RULES], work);
    const entries = readEntries().filter((entry) => entry.category === 'clipboard' && entry.file === profile);
    expect(entries).toHaveLength(2);
    expect(entries[0]!.fingerprint).not.toBe(entries[1]!.fingerprint);
    // A third identical line is one new finding; removing two of the three reports one fixed.
    edit(profile, (text) => `${text}wx.getClipboardData({})\n`);
    const third = scanJson(['app', '--rules', ENGINE_RULES, '--baseline', BASELINE], work);
    expect(third.report.summary).toMatchObject({ errors: 1, fixed: 0 });
    edit(profile, (text) => text.replace('wx.getClipboardData({})\nwx.getClipboardData({})\n', ''));
    const one = scanJson(['app', '--rules', ENGINE_RULES, '--baseline', BASELINE], work);
    expect(one.report.summary).toMatchObject({ errors: 0, fixed: 1 });
    // An entry with a count stands for that many findings; what no finding matched is fixed, with the count left.
    // (The entry left over above is the second occurrence's; the line still there is the first occurrence.)
    const secondFingerprint = (one.report as unknown as { fixed: Entry[] }).fixed[0]!.fingerprint;
    const first = readEntries().find((entry) => entry.category === 'clipboard' && entry.file === profile && entry.fingerprint !== secondFingerprint)!;
    const counted = readEntries().filter((entry) => entry.fingerprint !== secondFingerprint);
    counted.find((entry) => entry.fingerprint === first.fingerprint)!.count = 3;
    writeFileSync(file('counted.json'), JSON.stringify({ version: 1, entries: counted }));
    const withCount = scanJson(['app', '--rules', ENGINE_RULES, '--baseline', 'counted.json'], work);
    expect(withCount.report.summary).toMatchObject({ errors: 0, fixed: 2 });
    expect((withCount.report as unknown as { fixed: Entry[] }).fixed).toEqual([{ ...first, count: 2 }]);
  });

  it('keeps hand-written reasons when the baseline is regenerated, and shows them', () => {
    runCli(['baseline', 'app', '--rules', ENGINE_RULES], work);
    const entries = readEntries();
    entries[0]!.reason = 'paste button; disclosure pending in policy v3';
    writeFileSync(file(BASELINE), JSON.stringify({ version: 1, entries }, null, 2));
    expect(runCli(['baseline', 'app', '--rules', ENGINE_RULES], work).code).toBe(0);
    expect(readEntries()[0]).toMatchObject({ category: 'clipboard', reason: 'paste button; disclosure pending in policy v3' });
    const { report } = scanJson(['app', '--rules', ENGINE_RULES, '--baseline', BASELINE], work);
    expect(report.findings[0]!.baseline).toEqual({ reason: 'paste button; disclosure pending in policy v3' });
    const stylish = runCli(['scan', 'app', '--rules', ENGINE_RULES, '--baseline', BASELINE], work);
    expect(stylish.stdout).toContain('(in baseline: paste button; disclosure pending in policy v3)');
  });

  it('does not report entries of files a partial scan did not look at as fixed', () => {
    runCli(['baseline', 'app', '--rules', ENGINE_RULES], work);
    const partial = scanJson(['app/pages/profile', '--rules', ENGINE_RULES, '--baseline', BASELINE], work);
    expect(partial.report.summary).toMatchObject({ fixed: 0, errors: 0 });
    // A file that is gone has no findings left: its entries are fixed, whatever was scanned.
    rmSync(file('app/pages/index/index.js'));
    const gone = scanJson(['app/pages/profile', '--rules', ENGINE_RULES, '--baseline', BASELINE], work);
    expect(gone.report.summary).toMatchObject({ fixed: 1 });
  });

  it('writes --output inside the working directory only', () => {
    expect(runCli(['baseline', 'app', '--rules', ENGINE_RULES, '--output', 'ci/accepted.json'], work).code).toBe(0);
    expect(existsSync(file('ci/accepted.json'))).toBe(true);
    const outside = runCli(['baseline', 'app', '--output', '../escape.json'], work);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('--output ../escape.json is outside the working directory');
  });

  it('exits 2 with file:line:col for a malformed or missing baseline', () => {
    const scanWith = (text: string) => {
      writeFileSync(file('bad.json'), text);
      return runCli(['scan', 'app', '--rules', ENGINE_RULES, '--baseline', 'bad.json'], work);
    };
    const syntax = scanWith('{\n  "version": 1,\n  "entries": [\n    { "ruleId": "undisclosed-collection", }\n  ]\n}\n');
    expect(syntax.code).toBe(2);
    expect(syntax.stdout).toBe('');
    expect(syntax.stderr).toBe(
      "privlint: bad.json:4:43  not valid JSON: Expected double-quoted property name in JSON at position 75\n  hint: regenerate it with privlint baseline\n",
    );
    const truncated = scanWith('{ "version": 1, "entries": [');
    expect(truncated.code).toBe(2);
    expect(truncated.stderr).toMatch(/^privlint: bad\.json:1:29 {2}not valid JSON/);
    const shape = scanWith('{\n  "version": 1,\n  "entries": [\n    { "ruleId": "undisclosed-collection", "category": "clipboard", "file": "a.js", "api": "wx.x" }\n  ]\n}\n');
    expect(shape.code).toBe(2);
    expect(shape.stderr).toContain('privlint: bad.json:4:5  entry 1: "fingerprint" must be a string');
    const rule = scanWith('{"version":1,"entries":[{"ruleId":"nope","category":"c","file":"f","api":"a","fingerprint":"x"}]}');
    expect(rule.stderr).toContain("privlint: bad.json:1:35  entry 1: unknown rule 'nope'");
    const version = scanWith('{ "version": 2, "entries": [] }');
    expect(version.stderr).toContain('privlint: bad.json:1:14  unsupported baseline version 2 (expected 1)');
    const missing = runCli(['scan', 'app', '--baseline', 'nope.json'], work);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('privlint: baseline file not found: nope.json\n  hint: create it with privlint baseline --output nope.json\n');
  });
});
