// The benchmark is not a test (it asserts nothing about time), but it must keep working: this runs it end to end on
// a tiny corpus (the same generator, 300 files, one run per task) and checks that every task ran and every ratio
// came out a number. The corpus goes to a temporary folder (the bench writes under the OS temp folder).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';

const temp = mkdtempSync(join(tmpdir(), 'privlint-bench-smoke-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const TASKS = [
  'read every file',
  'parse every file (@babel/parser)',
  'privlint scan, cold, 1 thread',
  'privlint scan, cold, 2 threads',
  'privlint scan, cold, three quarters',
  'privlint scan, cold, half the files',
  'privlint scan, cold, a quarter',
  'privlint scan, warm, --cache',
  'ESLint peer (no-restricted-*)',
];

describe('npm run bench (smoke run on 300 files)', () => {
  it('runs every task and prints every ratio as a number', () => {
    const run = spawnSync(process.execPath, ['scripts/bench.mjs', '--files', '300', '--runs', '1'], {
      cwd: REPO,
      encoding: 'utf8',
      env: { ...process.env, TMPDIR: temp, TMP: temp, TEMP: temp },
      timeout: 240_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const out = run.stdout;
    expect(out).not.toMatch(/failed|NaN|n\/a/);
    expect(out).toContain('corpus: 300 files');
    // Each machine reports its own core count; the all-cores line is named after it.
    const lines = out.replace(/privlint scan, cold, \d+ threads/, 'privlint scan, cold, 2 threads');
    for (const task of TASKS) expect(lines).toMatch(new RegExp(`^${task.replace(/[()*+.]/g, '\\$&')}\\s+\\d+\\.\\d\\d s .* peak RSS \\d+ MB`, 'm'));
    expect(out).toMatch(/^ESLint plugin, \d+ files of ~500 lines \(\d+ with calls\): its rules \d+\.\d+ ms\/file/m);
    for (const ratio of ['privlint cold \\(all cores\\) / read', 'privlint warm \\(--cache\\) / read', 'ESLint peer / privlint cold']) {
      expect(out).toMatch(new RegExp(`^  ${ratio}\\s+\\d+\\.\\d\\d`, 'm'));
    }
    expect(out).toMatch(/^ {2}time = \d+\.\d\d s \+ \d+\.\d µs × files; farthest point off that line by \d+\.\d %/m);
    expect(out).toMatch(/^ {2}peak RSS privlint \(all cores\)\s+\d+ MB/m);
  }, 300_000);
});
