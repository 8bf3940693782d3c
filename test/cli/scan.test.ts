import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runCli, scanJson } from '../helpers/cli.js';

const ENGINE_RULES = join(REPO, 'fixtures/engine/rules');
const PROJECT = join(REPO, 'fixtures/engine/project');

describe('privlint scan (real CLI)', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'privlint-cli-'));
    cpSync(PROJECT, join(work, 'app'), { recursive: true });
    mkdirSync(join(work, 'app/broken'));
    writeFileSync(join(work, 'app/broken/bad.js'), 'wx.getLocation({\n  type: \n');
    writeFileSync(join(work, 'app/broken/after.js'), 'wx.getClipboardData()\n');
    writeFileSync(join(work, 'app/broken/blob.js'), Buffer.from([0x00, 0x01, 0x02, 0x77, 0x78]));
    writeFileSync(join(work, 'app/broken/gbk.js'), Buffer.concat([Buffer.from('// '), Buffer.from([0xc4, 0xe3, 0xba, 0xc3]), Buffer.from('\nwx.getLocation()\n')]));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('reports every collection as undisclosed when there is no inventory, with exact locations, and exits 1', () => {
    const { run, report } = scanJson(['app', '--rules', ENGINE_RULES], work);
    expect(run.code).toBe(1);
    expect(report.version).toBe(1);
    const keys = report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.category} ${f.ruleId} ${f.severity}`);
    expect(keys).toEqual([
      'app/broken/after.js:1:1 clipboard undisclosed-collection error',
      'app/broken/gbk.js:2:1 location undisclosed-collection error',
      'app/components/Picker.vue:10:7 clipboard undisclosed-collection error',
      'app/components/Picker.vue:12:7 location undisclosed-collection error',
      'app/components/Picker.vue:20:21 location undisclosed-collection error',
      'app/pages/index/index.js:8:5 clipboard undisclosed-collection error',
      'app/pages/index/index.js:10:5 location undisclosed-collection error',
      'app/pages/index/index.js:13:5 location undisclosed-collection error',
      'app/pages/index/index.js:15:5 clipboard undisclosed-collection error',
      'app/pages/index/index.js:17:5 microphone undisclosed-collection error',
      'app/pages/index/index.js:19:5 location undisclosed-collection error',
    ]);
    const first = report.findings[0]!;
    expect(Object.keys(first).slice(0, 11)).toEqual(['ruleId', 'category', 'file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'api', 'platform', 'message']);
    expect(first).toMatchObject({ api: 'wx.getClipboardData', platform: 'wechat', endLine: 1, endColumn: 22 });
  });

  it('reports unparsable, binary and mis-encoded files in errors and goes on', () => {
    const { report } = scanJson(['app', '--rules', ENGINE_RULES], work);
    expect(report.errors.map((e) => `${e.file}:${e.line ?? ''} ${e.kind}`)).toEqual([
      'app/broken/bad.js:3 parse-error',
      'app/broken/blob.js: skipped-binary',
      'app/broken/gbk.js: decoded-gb18030',
    ]);
    expect(report.summary).toEqual({
      files: 12,
      // pages/profile/*.ts mention no API and import no module that exports one: passed over, not parsed.
      parsed: 9,
      findings: 11,
      errors: 11,
      warnings: 0,
      infos: 0,
      suppressed: 0,
      baselined: 0,
      fixed: 0,
      categories: { clipboard: 4, location: 6, microphone: 1 },
      skipped: { count: 1, reasons: { 'skipped-binary': 1 } },
      parseErrors: 1,
      inventory: null,
      complete: false,
    });
  });

  it('is byte-identical across runs and worker counts', () => {
    const one = runCli(['scan', 'app', '--rules', ENGINE_RULES, '--format', 'json', '--workers', '1'], work);
    const two = runCli(['scan', 'app', '--rules', ENGINE_RULES, '--format', 'json', '--workers', '2'], work);
    const again = runCli(['scan', 'app', '--rules', ENGINE_RULES, '--format', 'json', '--workers', '2'], work);
    expect(two.stdout).toBe(one.stdout);
    expect(again.stdout).toBe(two.stdout);
  });

  it('prints stylish output with location, severity, category, API, rule id, a summary and how to start an inventory', () => {
    const run = runCli(['scan', 'app/pages', '--rules', ENGINE_RULES], work);
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(
      "app/pages/index/index.js:8:5  error  clipboard  wx.getClipboardData  wx.getClipboardData collects 'clipboard', but there is no privacy-inventory.yaml to declare it in  undisclosed-collection",
    );
    expect(lines[1]).toBe("  help: run privlint init to draft privacy-inventory.yaml, then add 'clipboard' under data");
    expect(run.stdout).toContain('✖ 6 problems (6 errors, 0 warnings, 0 infos) in 3 files scanned');
    expect(run.stdout).toContain('Start one: privlint init drafts privacy-inventory.yaml from this scan');
  });

  it('exits 0 on a clean tree', () => {
    const run = runCli(['scan', 'app/pages/profile', '--rules', ENGINE_RULES], work);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('✔ no problems (2 files scanned)');
  });

  it('writes --output inside the working directory and refuses one outside it', () => {
    const ok = runCli(['scan', 'app/pages', '--rules', ENGINE_RULES, '--format', 'json', '--output', 'out/report.json'], work);
    expect(ok.code).toBe(1);
    expect(ok.stdout).toBe('');
    expect(JSON.parse(readFileSync(join(work, 'out/report.json'), 'utf8')).findings).toHaveLength(6);
    // A folder whose name starts with two dots is inside.
    expect(runCli(['scan', 'app/pages', '--rules', ENGINE_RULES, '--format', 'json', '--output', '..reports/r.json'], work).code).toBe(1);
    expect(JSON.parse(readFileSync(join(work, '..reports/r.json'), 'utf8')).findings).toHaveLength(6);
    const outside = runCli(['scan', 'app/pages', '--rules', ENGINE_RULES, '--output', '../escape.json'], work);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('--output ../escape.json is outside the working directory');
    // Refused before any work: the missing path is not even looked at, and --cache writes no cache file.
    const early = runCli(['scan', 'no/such/dir', '--rules', ENGINE_RULES, '--cache-location', 'early-cache.json', '--output', '../escape.json'], work);
    expect(early.code).toBe(2);
    expect(early.stderr).toBe(
      'privlint: --output ../escape.json is outside the working directory\n  hint: write reports inside the project (run privlint from a folder that contains the output path)\n',
    );
    const late = runCli(['scan', 'app/pages', '--rules', ENGINE_RULES, '--cache-location', 'early-cache.json', '--output', '../escape.json'], work);
    expect(late.code).toBe(2);
    expect(existsSync(join(work, 'early-cache.json'))).toBe(false);
  });

  it('exits 2 with a clear message for a missing path or a bad option', () => {
    const missing = runCli(['scan', 'no/such/dir'], work);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('privlint: no such file or directory: no/such/dir\n  hint: check the path, or quote a glob so the shell does not expand it\n');
    const format = runCli(['scan', 'app', '--format', 'xml'], work);
    expect(format.code).toBe(2);
    expect(format.stderr).toContain("option '-f, --format <format>' argument 'xml' is invalid");
    const unknown = runCli(['scna'], work);
    expect(unknown.code).toBe(2);
  });

  it('lists a linked folder outside the scan as skipped instead of losing it silently', () => {
    const base = mkdtempSync(join(tmpdir(), 'privlint-cli-link-'));
    try {
      mkdirSync(join(base, 'project/.git'), { recursive: true });
      mkdirSync(join(base, 'shared/.git'), { recursive: true });
      writeFileSync(join(base, 'shared/clip.js'), 'wx.getClipboardData()\n');
      mkdirSync(join(base, 'project/src'));
      writeFileSync(join(base, 'project/src/map.js'), 'wx.getLocation()\n');
      // An import through the link still reaches the module behind it (analysed as a support file, as any module
      // outside the scan that a parsed file imports).
      writeFileSync(join(base, 'shared/index.js'), 'export const paste = wx.getClipboardData\n');
      writeFileSync(join(base, 'project/src/paste.js'), "import { paste } from './shared'\nwx.getLocation()\npaste()\n");
      symlinkSync(join(base, 'shared'), join(base, 'project/src/shared'));
      const project = join(base, 'project');
      const { report } = scanJson(['.', '--rules', ENGINE_RULES], project);
      expect(report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.category}`)).toEqual(['src/map.js:1:1 location', 'src/paste.js:2:1 location', 'src/paste.js:3:1 clipboard']);
      expect(report.errors).toEqual([
        { file: 'src/shared', kind: 'skipped-not-a-file', message: 'skipped: symbolic link to a folder, not followed (scan the folder it leads to, to include it)' },
      ]);
      expect(report.summary).toMatchObject({ files: 3, complete: false, skipped: { count: 1, reasons: { 'skipped-not-a-file': 1 } } });
      // Scanning the folder it leads to as well: nothing is lost, nothing to report.
      const both = scanJson(['.', '../shared', '--rules', ENGINE_RULES], project).report;
      expect(both.errors).toEqual([]);
      expect(both.findings.map((f) => `${f.file} ${f.category}`)).toEqual(['../shared/clip.js clipboard', 'src/map.js location', 'src/paste.js location', 'src/paste.js clipboard']);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it('honours --ignore and .gitignore', () => {
    writeFileSync(join(work, 'app/.gitignore'), 'broken/\n');
    try {
      const { report } = scanJson(['app', '--rules', ENGINE_RULES, '--ignore', 'app/components/**'], work);
      expect([...new Set(report.findings.map((f) => f.file))]).toEqual(['app/pages/index/index.js']);
      const { report: all } = scanJson(['app', '--rules', ENGINE_RULES, '--no-gitignore'], work);
      expect(all.findings.some((f) => f.file.startsWith('app/broken/'))).toBe(true);
    } finally {
      rmSync(join(work, 'app/.gitignore'));
    }
  });
});
