// Large scans spread over threads: this thread screens files (read + prefilter) and workers parse what passes; a
// file too deep for this thread's stack goes to a worker. Whatever the thread count, the report is the same bytes.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, scanJson } from '../helpers/cli.js';

describe('scans spread over threads', () => {
  let work: string;
  // Over the 150 files below which a scan runs on one thread unless told otherwise.
  const FILE_COUNT = 400;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'privlint-threads-'));
    for (let i = 0; i < FILE_COUNT; i++) {
      const dir = join(work, 'app', `mod${i % 20}`);
      mkdirSync(dir, { recursive: true });
      let text = `// module ${i}\nexport function helper${i}(value) {\n  return value + ${i};\n}\n`;
      if (i % 25 === 0) text += `export function paste() {\n  return wx.getClipboardData({});\n}\n`;
      // Our own function named like an API, and the API's name in a string and a comment: no finding.
      if (i % 25 === 1) text += `function getClipboardData() {}\ngetClipboardData();\nconst s = 'wx.getClipboardData()'; // wx.getClipboardData()\n`;
      writeFileSync(join(dir, `file${i}.js`), text);
    }
    // Reached only through a project module: found in a later pass.
    writeFileSync(join(work, 'app', 'location.js'), 'export const locate = wx.getLocation;\n');
    writeFileSync(join(work, 'app', 'use-location.js'), "import { locate } from './location.js';\n\nlocate({});\n");
    // Too deep for the main thread's stack, fine for a worker's: analysed by a worker in every mode.
    writeFileSync(join(work, 'app', 'deep.js'), `wx.getClipboardData(\n${'[\n'.repeat(1500)}${']\n'.repeat(1500)});\n`);
    writeFileSync(join(work, 'app', 'binary.js'), Buffer.from([0x77, 0x78, 0x00, 0x01]));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('finds each use at its exact place, passes over look-alikes, and reports every file', () => {
    const { report } = scanJson(['app'], work);
    const places = report.findings.map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.category}`);
    const expected = [];
    for (let i = 0; i < FILE_COUNT; i += 25) expected.push(`app/mod${i % 20}/file${i}.js:6:10 clipboard`);
    expected.push('app/deep.js:1:1 clipboard', 'app/use-location.js:3:1 location');
    expect(places).toEqual(expected.sort());
    expect(report.summary).toMatchObject({ files: FILE_COUNT + 4 });
    expect(report.errors.map((error) => `${error.file} ${error.kind}`)).toContain('app/binary.js skipped-binary');
  });

  it('writes the same bytes with 1, 2 and 3 threads and the default', () => {
    const outputs = [['--workers', '1'], ['--workers', '2'], ['--workers', '3'], []].map(
      (flags) => runCli(['scan', 'app', '--format', 'json', ...flags], work).stdout,
    );
    expect(outputs[0]).toContain('"findings"');
    for (const output of outputs.slice(1)) expect(output).toBe(outputs[0]);
  });
});
