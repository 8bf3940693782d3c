// Files that change under the scan, simulated deterministically with scanProject's `select` hook (it runs after
// discovery and before any file is read): a file deleted, and a file swapped for a FIFO, which must not block.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scanProject } from '../../src/scan/scan.js';
import { summarize } from '../../src/report/summary.js';
import { formatStylish } from '../../src/report/stylish.js';

const canMakeFifo = process.platform !== 'win32' && spawnSync('mkfifo', ['--version']).status === 0;

describe('files that change during a scan (library)', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'privlint-vanish-'));
    mkdirSync(join(work, 'app'));
    for (const name of ['a.js', 'b.js', 'c.js']) writeFileSync(join(work, 'app', name), 'wx.getLocation()\n');
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));

  it('lists a file deleted after discovery as a read-error, and analyses the rest', async () => {
    const result = await scanProject({
      cwd: work,
      patterns: ['app'],
      workers: 1,
      select: (files) => {
        expect(files.map((file) => file.slice(work.length + 1).split('\\').join('/'))).toEqual(['app/a.js', 'app/b.js', 'app/c.js']);
        unlinkSync(join(work, 'app/b.js'));
        return files;
      },
    });
    expect(result.detections.map((d) => `${d.file}:${d.range.start.line}:${d.range.start.column}`)).toEqual(['app/a.js:1:1', 'app/c.js:1:1']);
    expect(result.errors).toEqual([{ file: 'app/b.js', kind: 'read-error', message: 'cannot read file: it disappeared during the scan (ENOENT)' }]);
    const summary = summarize([], result.errors, result.stats, null);
    expect(summary).toMatchObject({ files: 3, skipped: { count: 1, reasons: { 'read-error': 1 } }, complete: false });
    expect(formatStylish([], result.errors, summary, { color: false })).toContain('! incomplete: 1 file skipped');
  });

  it.runIf(canMakeFifo)('does not block when a file is replaced by a FIFO after discovery', async () => {
    const started = Date.now();
    const result = await scanProject({
      cwd: work,
      patterns: ['app'],
      workers: 1,
      select: (files) => {
        unlinkSync(join(work, 'app/c.js'));
        expect(spawnSync('mkfifo', [join(work, 'app/c.js')]).status).toBe(0);
        return files;
      },
    });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result.errors).toEqual([{ file: 'app/c.js', kind: 'skipped-not-a-file', message: 'skipped: not a regular file (named pipe)' }]);
    expect(result.detections.map((d) => d.file)).toEqual(['app/a.js', 'app/b.js']);
  });

  it('lists a file replaced by a folder after discovery', async () => {
    const result = await scanProject({
      cwd: work,
      patterns: ['app'],
      workers: 1,
      select: (files) => {
        unlinkSync(join(work, 'app/a.js'));
        mkdirSync(join(work, 'app/a.js'));
        return files;
      },
    });
    expect(result.errors).toEqual([{ file: 'app/a.js', kind: 'skipped-not-a-file', message: 'skipped: not a regular file (directory)' }]);
  });
});
