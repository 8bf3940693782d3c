// Files the user names on the command line (baseline, shard reports) that are not regular files: exit 2, never a hang.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/cli.js';

describe.skipIf(process.platform === 'win32')('named pipes given as input files', () => {
  const work = mkdtempSync(join(tmpdir(), 'privlint-fifo-'));
  cpSync(join(REPO, 'fixtures/apps/wechat-miniprogram'), join(work, 'app'), { recursive: true });
  execFileSync('mkfifo', [join(work, 'app', 'pipe.json')]);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('scan --baseline refuses a FIFO', () => {
    const run = runCli(['scan', '.', '--baseline', 'pipe.json'], join(work, 'app'));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('privlint: pipe.json is a named pipe, not a baseline file\n');
  });

  it('merge refuses a FIFO', () => {
    const run = runCli(['merge', 'pipe.json'], join(work, 'app'));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('privlint: pipe.json is a named pipe, not a JSON report\n');
  });
});
