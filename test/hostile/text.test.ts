// Text-level hostility through the real CLI: line endings (CRLF, lone CR, mixed), UTF-16 with a BOM, invalid
// UTF-8 — findings at the line:col an editor shows — and nesting deep enough to overflow a recursive parser.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as babelParse } from '@babel/parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nested, scanJsonTimed, utf16, write } from './helpers.js';

const ENDINGS = { lf: '\n', crlf: '\r\n', cr: '\r' } as const;

/** The same program in each language, with the call on line `line`, column `column`. */
const PROGRAMS: Record<string, { lines: string[]; line: number; column: number }> = {
  js: { lines: ['// first', 'const a = `x', 'y`;', '    wx.getLocation()', ''], line: 4, column: 5 },
  ts: { lines: ['// first', 'const a: number = 1;', '', '  /* c */ wx.getLocation()', ''], line: 4, column: 11 },
  vue: { lines: ['<template>', '  <div>', '  </div>', '</template>', '<script>', 'const a = 1;', '  wx.getLocation()', '</script>', ''], line: 7, column: 3 },
  ets: {
    lines: ["import geoLocationManager from '@ohos.geoLocationManager';", '@Entry', '@Component', 'struct A {', '  build() {', '    geoLocationManager.getCurrentLocation()', '  }', '}', ''],
    line: 6,
    column: 5,
  },
};

describe('line endings and encodings (real CLI)', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'privlint-hostile-text-'));
    for (const [ending, newline] of Object.entries(ENDINGS)) {
      for (const [ext, program] of Object.entries(PROGRAMS)) write(work, `endings/${ending}.${ext}`, program.lines.join(newline));
    }
    // Every kind of line break in one file: LF, CRLF, CR, and CR LF as two breaks would be wrong.
    write(work, 'endings/mixed.js', '// a\n// b\r\n// c\r// d\r\r  wx.getLocation()\n');
    write(work, 'encoding/utf16le.ts', utf16('// UTF-16 LE, 中文\r\nconst a = 1;\r/*😀*/ wx.getLocation()\n', 'le'));
    write(work, 'encoding/utf16be.ts', utf16('// UTF-16 BE, 中文\r\nconst a = 1;\r/*😀*/ wx.getLocation()\n', 'be'));
    write(work, 'encoding/bom-utf8.js', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('  wx.getLocation()\n')]));
    write(work, 'encoding/lossy.js', Buffer.concat([Buffer.from('const s = "'), Buffer.from([0xff, 0xfe, 0xc3, 0x28]), Buffer.from('"; wx.getLocation()\n')]));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('reports each finding at the line and column an editor shows, whatever the line endings', () => {
    const { report } = scanJsonTimed(['endings'], work);
    expect(report.errors).toEqual([]);
    const expected: string[] = [];
    for (const ending of Object.keys(ENDINGS)) {
      for (const [ext, program] of Object.entries(PROGRAMS)) expected.push(`endings/${ending}.${ext}:${program.line}:${program.column}`);
    }
    expected.push('endings/mixed.js:6:3');
    expect(report.findings.map((f) => `${f.file}:${f.line}:${f.column}`).sort()).toEqual(expected.sort());
  });

  it('agrees with babel, which counts a lone CR as a line break as editors do', () => {
    for (const [ending, newline] of Object.entries(ENDINGS)) {
      const code = PROGRAMS.js!.lines.join(newline);
      const ast = babelParse(code) as unknown as { program: { body: { expression?: { loc: { start: { line: number; column: number } } } }[] } };
      const call = ast.program.body.find((statement) => statement.expression)!.expression!.loc.start;
      expect({ ending, line: call.line, column: call.column + 1 }).toEqual({ ending, line: PROGRAMS.js!.line, column: PROGRAMS.js!.column });
    }
  });

  it('decodes UTF-16 (both byte orders) and marked UTF-8, counting columns in UTF-16 units like editors', () => {
    const { report } = scanJsonTimed(['encoding'], work);
    expect(report.findings.map((f) => `${f.file}:${f.line}:${f.column}-${f.endColumn}`)).toEqual([
      'encoding/bom-utf8.js:1:3-19',
      'encoding/lossy.js:1:19-35',
      'encoding/utf16be.ts:3:8-24',
      'encoding/utf16le.ts:3:8-24',
    ]);
    expect(report.errors.map((e) => `${e.file} ${e.kind}`)).toEqual(['encoding/lossy.js decoded-lossy', 'encoding/utf16be.ts decoded-utf16', 'encoding/utf16le.ts decoded-utf16']);
  });
});

describe('10,000-deep nesting (real CLI, default stack)', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'privlint-hostile-deep-'));
    write(work, 'deep/arrays.js', `x = ${nested(10_000, '[', 'wx.getLocation()', ']')};\n`);
    write(work, 'deep/parens.js', `x = ${nested(10_000, '(', 'wx.getLocation()', ')')};\n`);
    write(work, 'deep/members.js', `x = wx.getLocation()\n${'.b\n'.repeat(10_000)};\n`);
    write(work, 'deep/functions.js', nested(10_000, 'function f() {', 'wx.getLocation()', '}'));
    write(work, 'deep/arrows.ts', `x = ${nested(10_000, '() =>', 'wx.getLocation()')};\n`);
    write(work, 'deep/objects.vue', `<template><div/></template>\n<script>\nx = ${nested(10_000, '{ a:', 'wx.getLocation()', '}')};\n</script>\n`);
    write(work, 'deep/blocks.ets', nested(10_000, '{', "import('@ohos.geoLocationManager').then((m) => m.getCurrentLocation())", '}'));
    write(work, 'deep/z-after.js', 'wx.getClipboardData()\n');
    write(work, 'chain/members.ts', `x = wx.getLocation()\n${'.b\n'.repeat(10_000)};\n`);
    write(work, 'chain/z-after.js', 'wx.getClipboardData()\n');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  for (const workers of ['1', '2']) {
    it(`never crashes: each deep file is listed as too-deeply-nested and the scan goes on (--workers ${workers})`, () => {
      const { run, report } = scanJsonTimed(['deep', '--workers', workers], work);
      expect(run.stderr).toBe('');
      expect(run.millis).toBeLessThan(30_000);
      expect(report.errors.map((e) => `${e.file} ${e.kind}`)).toEqual([
        'deep/arrays.js too-deeply-nested',
        'deep/arrows.ts too-deeply-nested',
        'deep/blocks.ets too-deeply-nested',
        'deep/functions.js too-deeply-nested',
        'deep/members.js too-deeply-nested',
        'deep/objects.vue too-deeply-nested',
        'deep/parens.js too-deeply-nested',
      ]);
      expect(report.findings.map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual(['deep/z-after.js:1:1']);
      expect(report.summary).toMatchObject({ skipped: { count: 7, reasons: { 'too-deeply-nested': 7 } }, complete: false });
    });

    // How deep is too deep depends on the thread's stack (a worker has about four times the main thread's), so a
    // long chain may be analysed in a worker and refused inline: either is truthful, neither may crash.
    it(`a 10,000-link TypeScript member chain is either analysed or listed, never a crash (--workers ${workers})`, () => {
      const { run, report } = scanJsonTimed(['chain', '--workers', workers], work);
      expect(run.stderr).toBe('');
      const chain = report.findings.filter((f) => f.file === 'chain/members.ts').map((f) => `${f.line}:${f.column}`);
      const listed = report.errors.filter((e) => e.file === 'chain/members.ts').map((e) => e.kind);
      expect(chain.length > 0 ? chain : listed).toEqual(chain.length > 0 ? ['1:5'] : ['too-deeply-nested']);
      expect(report.findings.some((f) => f.file === 'chain/z-after.js')).toBe(true);
    });
  }

  // A file that overflows the main thread's stack is decided again in a worker with the workers' fixed stack, so
  // the result never depends on --workers (src/scan/scan.ts inlineRunner).
  it('gives the same result for a 10,000-link TypeScript member chain with 1 and 2 workers', () => {
    const one = scanJsonTimed(['chain', '--workers', '1'], work);
    const two = scanJsonTimed(['chain', '--workers', '2'], work);
    expect(one.run.stdout).toBe(two.run.stdout);
    expect(one.report.errors.filter((e) => e.file === 'chain/members.ts').map((e) => e.kind)).toEqual(['too-deeply-nested']);
  });
});
