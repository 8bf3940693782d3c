// Hostile configuration through the real CLI: an inventory with a YAML alias bomb, duplicate keys or wrong types
// (exit 2 with file:line:col, no stack trace), and oversized or non-file inventories and policies (a clear error in
// bounded time, never a hang).
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';
import { runCliTimed, type TimedRun } from './helpers.js';

const canMakeFifo = process.platform !== 'win32' && spawnSync('mkfifo', ['--version']).status === 0;

function expectUsageError(run: TimedRun, message: string): void {
  expect(run.signal, `killed after ${run.millis} ms: it hung`).toBeNull();
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toContain(message);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(run.stderr).not.toMatch(/internal error|RangeError|TypeError/);
}

describe('hostile inventories (real CLI)', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'privlint-hostile-config-'));
    mkdirSync(join(work, 'app'));
    writeFileSync(join(work, 'app/a.js'), 'wx.getLocation()\n');
    mkdirSync(join(work, 'inv'));
    for (const name of ['alias-bomb.yaml', 'duplicate-key.yaml', 'wrong-type.yaml']) copyFileSync(join(REPO, 'fixtures/inventory/bad', name), join(work, 'inv', name));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('refuses an alias bomb, duplicate keys and wrong types with file:line:col and exit 2', () => {
    expectUsageError(runCliTimed(['scan', 'app', '--inventory', 'inv/alias-bomb.yaml'], work), 'privlint: inv/alias-bomb.yaml:3:8  YAML aliases expand to more than 100 nodes (an alias bomb?)');
    expectUsageError(runCliTimed(['scan', 'app', '--inventory', 'inv/duplicate-key.yaml'], work), "privlint: inv/duplicate-key.yaml:5:3  duplicate key 'clipboard' (first at 3:3)");
    expectUsageError(runCliTimed(['scan', 'app', '--inventory', 'inv/wrong-type.yaml'], work), "privlint: inv/wrong-type.yaml:4:14  'purpose' must be a string, not a list");
  });

  it('refuses a billion-laughs inventory found next to the code, in bounded time', () => {
    const levels = ['lol: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'];
    for (let i = 1; i < 10; i++) levels.push(`l${i}: &a${i} [${Array.from({ length: 9 }, () => `*a${i - 1}`).join(', ')}]`);
    mkdirSync(join(work, 'bomb'));
    writeFileSync(join(work, 'bomb/a.js'), 'wx.getLocation()\n');
    writeFileSync(join(work, 'bomb/privacy-inventory.yaml'), `version: 1\n${levels.join('\n')}\n`);
    const run = runCliTimed(['scan', 'bomb'], work, { timeoutMs: 20_000 });
    expectUsageError(run, 'privlint: bomb/privacy-inventory.yaml:');
    expect(run.stderr).toContain('YAML aliases expand to more than 100 nodes');
    expect(run.millis).toBeLessThan(10_000);
  });

  it('refuses an oversized inventory without reading it all', () => {
    writeFileSync(join(work, 'inv/huge.yaml'), `version: 1\n# ${'x'.repeat(20 * 1024 * 1024)}\n`);
    const run = runCliTimed(['scan', 'app', '--inventory', 'inv/huge.yaml'], work, { timeoutMs: 20_000 });
    expectUsageError(run, 'privlint: inv/huge.yaml  inventory is larger than 1024 KiB');
  });

  // KNOWN BUG (src/inventory/load.ts, not this helper's file): loadInventory stats then readFileSync()s the path;
  // a FIFO has size 0 and the read blocks forever. Fix: refuse `!statSync(absolute).isFile()` before reading.
  it.runIf(canMakeFifo)('does not block on an inventory that is a FIFO', () => {
    expect(spawnSync('mkfifo', [join(work, 'inv/pipe.yaml')]).status).toBe(0);
    const run = runCliTimed(['scan', 'app', '--inventory', 'inv/pipe.yaml'], work, { timeoutMs: 15_000 });
    expectUsageError(run, 'inv/pipe.yaml');
  });

  it('refuses an inventory path that is a folder', () => {
    mkdirSync(join(work, 'inv/folder.yaml'));
    expectUsageError(runCliTimed(['scan', 'app', '--inventory', 'inv/folder.yaml'], work), 'inv/folder.yaml');
  });
});

const policyCommandBuilt = (() => {
  const run = runCliTimed(['policy', 'extract', '--help'], REPO, { timeoutMs: 20_000 });
  return run.code === 0 && run.stdout.includes('extract');
})();

// Skipped, with this note, while `privlint policy extract` is not built (another helper writes it).
describe.runIf(policyCommandBuilt)('hostile policy files for `policy extract` (real CLI)', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'privlint-hostile-policy-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const paragraph = '我们会收集您的位置信息，用于向您展示附近的门店。We collect your location to show nearby stores. 我们不会收集您的通讯录。\n\n';
  const policyOf = (bytes: number) => `# 隐私政策\n\n${paragraph.repeat(Math.floor((bytes - 32) / Buffer.byteLength(paragraph)))}`;

  it('refuses a policy over 20 MB at once with a size error', () => {
    writeFileSync(join(work, 'huge.md'), policyOf(21 * 1024 * 1024));
    const run = runCliTimed(['policy', 'extract', 'huge.md'], work, { timeoutMs: 20_000 });
    expectUsageError(run, 'huge.md');
    expect(run.stderr).toMatch(/\d+ MB/);
    expect(run.millis).toBeLessThan(10_000);
  });

  // A hang guard, not a timing assertion: the one-clause 20 MB policy takes about 10 s on 2 cores; the limits leave
  // room for a slow, busy machine.
  it('finishes a 20 MB policy (just under the limit) in bounded time, with a draft or a clear error', () => {
    writeFileSync(join(work, 'big.md'), policyOf(20 * 1024 * 1024 - 1024));
    const run = runCliTimed(['policy', 'extract', 'big.md'], work, { timeoutMs: 240_000 });
    expect(run.signal, `killed after ${run.millis} ms: policy extract did not finish`).toBeNull();
    if (run.code === 0) expect(run.stdout).toMatch(/^version: 1$/m);
    else expectUsageError(run, 'big.md');
  }, 300_000);

  // readPolicyFile refuses anything but a regular file, so a FIFO cannot block the read.
  // Markdown openers that never close, repeated over one long line, made the inline regexes backtrack over the rest
  // of the line once per opener (about 30 s for 50,000 of them). A hang guard, not a timing assertion.
  it.each(['[x](', '**a ', '<!--', '<http:a', '![a]('])('finishes a policy whose one line repeats %j 100,000 times', (unit) => {
    writeFileSync(join(work, 'openers.md'), `# 隐私政策\n\n我们会收集您的位置信息。${unit.repeat(100_000)}\n`);
    const run = runCliTimed(['policy', 'extract', 'openers.md'], work, { timeoutMs: 60_000 });
    expect(run.signal, `killed after ${run.millis} ms: policy extract did not finish`).toBeNull();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^version: 1$/m);
  }, 90_000);

  it.runIf(canMakeFifo)('does not block on a policy that is a FIFO', () => {
    expect(spawnSync('mkfifo', [join(work, 'pipe.txt')]).status).toBe(0);
    const run = runCliTimed(['policy', 'extract', 'pipe.txt'], work, { timeoutMs: 15_000 });
    expectUsageError(run, 'pipe.txt');
  });
});
