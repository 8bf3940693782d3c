// A tree of hostile inputs, scanned by the real CLI: it never crashes, never hangs, lists every file it could not
// analyse (with its file and why), counts them in the summary, and gives the same bytes with 1 or 2 workers.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { link, nested, runCliTimed, scanJsonTimed, sourceEntries, utf16, write } from './helpers.js';

const DEPTH = 10_000;
const canMakeFifo = process.platform !== 'win32' && spawnSync('mkfifo', ['--version']).status === 0;

describe('a hostile tree through the real CLI', () => {
  let work: string;
  let tree: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'privlint-hostile-'));
    tree = join(work, 'tree');
    mkdirSync(tree);
    write(tree, 'ok/first.js', 'wx.getLocation()\n');
    // Sources that do not parse.
    write(tree, 'broken/unclosed.js', 'wx.getLocation({\n  type: \n');
    // (They name an API: a file that names none is passed over unparsed, as it cannot collect anything.)
    write(tree, 'broken/garbage.ts', 'let = = = ;\n}}} ))) <<< @@@\nwx.getLocation()\n');
    write(tree, 'broken/template.vue', '<template><div></template>\n<script>\nconst a = (\nwx.getLocation()\n</script>\n');
    write(tree, 'broken/quiet.js', 'let = = = ;\n');
    // 10,000-deep nesting, written over many lines so it is not mistaken for a minified bundle.
    write(tree, 'deep/arrays.js', `x = ${nested(DEPTH, '[', 'wx.getLocation()', ']')};\n`);
    write(tree, 'deep/parens.js', `x = ${nested(DEPTH, '(', 'wx.getLocation()', ')')};\n`);
    write(tree, 'deep/members.js', `x = wx.getLocation()\n${'.b\n'.repeat(DEPTH)};\n`);
    write(tree, 'deep/functions.js', nested(DEPTH, 'function f() {', 'wx.getLocation()', '}'));
    write(tree, 'deep/oneline.js', `x = ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)};\n`);
    write(tree, 'deep/z-after.js', 'wx.getClipboardData()\n');
    // A 50 MB bundle that does not end in .min.js.
    write(tree, 'bundle/app.bundle.js', Buffer.alloc(50 * 1024 * 1024, 'var a=wx.getLocation();'));
    write(tree, 'binary/blob.js', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00, 0x77, 0x78]));
    write(tree, 'encoding/bad-utf8.js', Buffer.concat([Buffer.from('// '), Buffer.from([0xff, 0xfe, 0xfd, 0xc3, 0x28]), Buffer.from('\n  wx.getLocation()\n')]));
    write(tree, 'encoding/utf16le.js', utf16('// UTF-16 LE\r\nconst a = 1;\r\n/*😀*/ wx.getLocation()\r\n', 'le'));
    write(tree, 'encoding/utf16be.js', utf16('// UTF-16 BE\r\nconst a = 1;\r\n/*😀*/ wx.getLocation()\r\n', 'be'));
    write(tree, 'endings/cr.js', ['// lone CR', 'const a = 1;', '  wx.getLocation()', ''].join('\r'));
    write(tree, 'endings/crlf.vue', ['<template>', '  <div/>', '</template>', '<script>', '  wx.getLocation()', '</script>', ''].join('\r\n'));
    // File-system oddities.
    link(tree, 'fs/dangling.js', 'missing.js');
    link(tree, 'fs/self.js', 'self.js');
    link(tree, 'fs/loop', '..');
    link(tree, 'fs/link-to-first.js', '../ok/first.js');
    write(tree, 'fs/folder.js/inner.js', 'wx.getLocation()\n');
    if (canMakeFifo) expect(spawnSync('mkfifo', [join(tree, 'fs/pipe.js')]).status).toBe(0);
    // Names.
    write(tree, 'names/with space/a b.js', 'wx.getLocation()\n');
    write(tree, 'names/中文路径/定位.js', 'wx.getLocation()\n');
    write(tree, 'names/new\nline.js', 'wx.getLocation()\n');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('finishes, finds what is findable at the right places, and lists every file it could not analyse', () => {
    const { run, report } = scanJsonTimed(['tree', '--workers', '1'], work);
    expect(run.code).toBe(1);
    expect(run.millis).toBeLessThan(30_000);
    expect(report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.category}`)).toEqual([
      'tree/deep/z-after.js:1:1 clipboard',
      'tree/encoding/bad-utf8.js:2:3 location',
      'tree/encoding/utf16be.js:3:8 location',
      'tree/encoding/utf16le.js:3:8 location',
      'tree/endings/cr.js:3:3 location',
      'tree/endings/crlf.vue:5:3 location',
      'tree/fs/folder.js/inner.js:1:1 location',
      'tree/fs/link-to-first.js:1:1 location',
      'tree/names/new\nline.js:1:1 location',
      'tree/names/with space/a b.js:1:1 location',
      'tree/names/中文路径/定位.js:1:1 location',
      'tree/ok/first.js:1:1 location',
    ]);
    expect(report.errors.map((e) => `${e.file} ${e.kind}: ${e.message}`)).toEqual([
      'tree/binary/blob.js skipped-binary: skipped: binary file (contains NUL bytes)',
      'tree/broken/garbage.ts parse-error: Unexpected token',
      'tree/broken/template.vue parse-error: Element is missing end tag.',
      'tree/broken/template.vue parse-error: Unexpected token, expected ","',
      'tree/broken/unclosed.js parse-error: Unexpected token',
      'tree/bundle/app.bundle.js skipped-too-large: skipped: 50.0 MB is over the 4.0 MB limit (--max-file-size)',
      'tree/deep/arrays.js too-deeply-nested: skipped: nesting is too deep to analyse (stack limit reached)',
      'tree/deep/functions.js too-deeply-nested: skipped: nesting is too deep to analyse (stack limit reached)',
      'tree/deep/members.js too-deeply-nested: skipped: nesting is too deep to analyse (stack limit reached)',
      'tree/deep/oneline.js skipped-minified: skipped: looks minified (very long lines); pass --include-minified to scan it',
      'tree/deep/parens.js too-deeply-nested: skipped: nesting is too deep to analyse (stack limit reached)',
      'tree/encoding/bad-utf8.js decoded-lossy: not valid UTF-8; invalid bytes replaced with U+FFFD',
      'tree/encoding/utf16be.js decoded-utf16: decoded as UTF-16BE (byte-order mark)',
      'tree/encoding/utf16le.js decoded-utf16: decoded as UTF-16LE (byte-order mark)',
      'tree/fs/dangling.js read-error: cannot read file: symbolic link to a missing target (ENOENT)',
      ...(canMakeFifo ? ['tree/fs/pipe.js skipped-not-a-file: skipped: not a regular file (named pipe)'] : []),
      'tree/fs/self.js read-error: cannot read file: symbolic link loop (ELOOP)',
    ]);
    // Parse errors carry a position; skips carry none.
    for (const error of report.errors) {
      if (error.kind === 'parse-error') expect(error.line).toBeGreaterThanOrEqual(1);
      else expect(error.line).toBeUndefined();
    }
  });

  it('counts every source entry of the tree, and every skip by reason, and says the result is incomplete', () => {
    const { report } = scanJsonTimed(['tree', '--workers', '1'], work);
    const entries = sourceEntries(tree).map((entry) => `tree/${entry}`);
    expect(report.summary.files).toBe(entries.length);
    // Every entry is accounted for: a finding, an error, or read clean (only quiet.js, which names no API).
    const accounted = new Set([...report.findings.map((f) => f.file), ...report.errors.map((e) => e.file)]);
    expect(entries.filter((entry) => !accounted.has(entry))).toEqual(['tree/broken/quiet.js']);
    expect(report.summary.skipped).toEqual({
      count: canMakeFifo ? 10 : 9,
      reasons: {
        'read-error': 2,
        'skipped-binary': 1,
        'skipped-minified': 1,
        ...(canMakeFifo ? { 'skipped-not-a-file': 1 } : {}),
        'skipped-too-large': 1,
        'too-deeply-nested': 4,
      },
    });
    // Errors, not files: template.vue has two (its template and its script).
    expect(report.summary.parseErrors).toBe(4);
    expect(report.summary.complete).toBe(false);
  });

  it('prints one line per entry in stylish output, quoting a file name with a newline, and an incomplete line', () => {
    const run = runCliTimed(['scan', 'tree', '--workers', '1'], work);
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines).toContain(
      `"tree/names/new\\nline.js":1:1  error  location  wx.getLocation  wx.getLocation collects 'location', but there is no privacy-inventory.yaml to declare it in  undisclosed-collection`,
    );
    expect(lines.some((line) => line.startsWith('line.js'))).toBe(false);
    expect(lines).toContain('tree/names/中文路径/定位.js:1:1  error  location  wx.getLocation  wx.getLocation collects \'location\', but there is no privacy-inventory.yaml to declare it in  undisclosed-collection');
    expect(lines).toContain('tree/fs/self.js  skipped  cannot read file: symbolic link loop (ELOOP)  read-error');
    if (canMakeFifo) expect(lines).toContain('tree/fs/pipe.js  skipped  skipped: not a regular file (named pipe)  skipped-not-a-file');
    expect(lines).toContain(`! incomplete: ${canMakeFifo ? 10 : 9} files skipped, 3 files with parse errors — the result does not cover them (listed above)`);
  });

  it('gives byte-identical output with 1 or 2 workers and across runs, in every format', () => {
    for (const format of ['json', 'stylish', 'sarif']) {
      const one = runCliTimed(['scan', 'tree', '--format', format, '--workers', '1'], work);
      if (format === 'sarif' && one.code === 2 && one.stderr.includes("argument 'sarif' is invalid")) continue; // not built yet
      const two = runCliTimed(['scan', 'tree', '--format', format, '--workers', '2'], work);
      const again = runCliTimed(['scan', 'tree', '--format', format, '--workers', '2'], work);
      expect(one.code, one.stderr).toBe(1);
      expect(two.stdout).toBe(one.stdout);
      expect(again.stdout).toBe(one.stdout);
      expect(two.code).toBe(1);
    }
  });

  it('exits 0 when nothing was found even though files were skipped, and says the result is incomplete', () => {
    const { run, report } = scanJsonTimed(['tree/binary'], work);
    expect(run.code).toBe(0);
    expect(report.summary).toMatchObject({ files: 1, findings: 0, skipped: { count: 1, reasons: { 'skipped-binary': 1 } }, complete: false });
    const stylish = runCliTimed(['scan', 'tree/binary'], work);
    expect(stylish.code).toBe(0);
    expect(stylish.stdout).toContain('! incomplete: 1 file skipped — the result does not cover them (listed above)');
  });

  it('never follows a folder symlink: scanning through the loop link itself ends, once', () => {
    const { run, report } = scanJsonTimed(['tree/fs', '--workers', '1'], work);
    expect(run.millis).toBeLessThan(30_000);
    expect(report.findings.map((f) => f.file)).toEqual(['tree/fs/folder.js/inner.js', 'tree/fs/link-to-first.js']);
    // A glob walks the same way: the loop is not followed, so nothing is found twice.
    const glob = scanJsonTimed(['tree/fs/**/*.js', '--workers', '1'], work);
    expect(glob.report.findings.map((f) => f.file)).toEqual(['tree/fs/folder.js/inner.js', 'tree/fs/link-to-first.js']);
    expect(glob.report.summary.files).toBe(report.summary.files);
  });

  it.runIf(canMakeFifo)('does not block on a FIFO named on the command line', () => {
    const { run, report } = scanJsonTimed(['tree/fs/pipe.js'], work, { timeoutMs: 20_000 });
    expect(run.code).toBe(0);
    expect(report.errors).toEqual([{ file: 'tree/fs/pipe.js', kind: 'skipped-not-a-file', message: 'skipped: not a regular file (named pipe)' }]);
  });

  it('reads a 50 MB bundle only with a larger limit, and then passes it over as minified in bounded time', () => {
    const { run, report } = scanJsonTimed(['tree/bundle', '--max-file-size', String(64 * 1024)], work);
    expect(run.code).toBe(0);
    expect(run.millis).toBeLessThan(30_000);
    expect(report.errors.map((e) => `${e.file} ${e.kind}`)).toEqual(['tree/bundle/app.bundle.js skipped-minified']);
  });

  it('keeps JSON valid for any file name', () => {
    const odd = join(work, 'odd');
    for (const name of ['quote".js', 'back\\slash.js', 'tab\tname.js', 'bell\u0007.js', 'ls\u2028sep.js', 'rtl\u202egnp.js', 'emoji😀.js']) write(odd, name, 'wx.getLocation()\n');
    const { report } = scanJsonTimed(['odd'], work);
    expect(report.findings.map((f) => f.file).sort()).toEqual(
      ['quote".js', 'back\\slash.js', 'tab\tname.js', 'bell\u0007.js', 'ls\u2028sep.js', 'rtl\u202egnp.js', 'emoji😀.js'].map((name) => `odd/${name}`).sort(),
    );
    const stylish = runCliTimed(['scan', 'odd'], work);
    const findingLines = stylish.stdout.split('\n').filter((line) => line.includes('undisclosed-collection'));
    expect(findingLines).toHaveLength(7);
    expect(findingLines.map((line) => line.slice(0, line.indexOf('  ')))).toEqual(
      expect.arrayContaining(['"odd/tab\\tname.js":1:1', '"odd/bell\\u0007.js":1:1', '"odd/ls\\u2028sep.js":1:1', '"odd/rtl\\u202egnp.js":1:1', 'odd/emoji😀.js:1:1', 'odd/quote".js:1:1']),
    );
  });
});
