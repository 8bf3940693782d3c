// The progress line: drawn on a terminal's stderr for long scans only, never in CI, into a pipe or for JSON/SARIF.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProgress, isCi, renderProgress, type ProgressStream } from '../../src/cli/progress.js';
import { BIN, runCli } from '../helpers/cli.js';

const CLEAR = '\r\u001b[2K';

function fakeTerminal(isTTY = true, columns = 80): ProgressStream & { text: string } {
  const stream = {
    isTTY,
    columns,
    text: '',
    write(chunk: string) {
      stream.text += chunk;
      return true;
    },
  };
  return stream;
}

function clock(start = 0) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('progress renderer', () => {
  it('renders a bar with the count, and a second label for later passes', () => {
    expect(renderProgress(0, 10, 1)).toBe('privlint: scanning [------------------------] 0/10 files');
    expect(renderProgress(5, 10, 1)).toBe('privlint: scanning [############------------] 5/10 files');
    expect(renderProgress(10, 10, 1)).toBe('privlint: scanning [########################] 10/10 files');
    expect(renderProgress(1, 4, 2)).toBe('privlint: following imports [######------------------] 1/4 files');
    expect(renderProgress(0, 0, 1)).toBe('privlint: scanning [########################] 0/0 files');
    expect(renderProgress(5, 10, 1, 30)).toBe('privlint: scanning [#########');
  });

  it('draws at once for a scan of many files, throttled, and clears the line at the end', () => {
    const stream = fakeTerminal();
    const time = clock();
    const progress = createProgress({ stream, env: {}, enabled: true, now: time.now })!;
    progress.update(1, 600);
    expect(stream.text).toBe(`${CLEAR}privlint: scanning [------------------------] 1/600 files`);
    progress.update(2, 600);
    expect(stream.text.split(CLEAR)).toHaveLength(2);
    time.advance(150);
    progress.update(300, 600);
    expect(stream.text.endsWith(`${CLEAR}privlint: scanning [############------------] 300/600 files`)).toBe(true);
    // The last update is always drawn.
    progress.update(600, 600);
    expect(stream.text.endsWith('600/600 files')).toBe(true);
    time.advance(150);
    progress.update(1, 3);
    expect(stream.text.endsWith(`${CLEAR}privlint: following imports [########----------------] 1/3 files`)).toBe(true);
    progress.finish();
    expect(stream.text.endsWith(CLEAR)).toBe(true);
  });

  it('stays silent for a small, quick scan, and starts once a scan takes over a second', () => {
    const stream = fakeTerminal();
    const time = clock();
    const progress = createProgress({ stream, env: {}, enabled: true, now: time.now })!;
    progress.update(1, 100);
    time.advance(900);
    progress.update(50, 100);
    expect(stream.text).toBe('');
    time.advance(200);
    progress.update(60, 100);
    expect(stream.text).toBe(`${CLEAR}privlint: scanning [##############----------] 60/100 files`);

    const quick = fakeTerminal();
    const quickProgress = createProgress({ stream: quick, env: {}, enabled: true, now: clock().now })!;
    quickProgress.update(100, 100);
    quickProgress.finish();
    expect(quick.text).toBe('');
  });

  it('keeps the line one column short of the terminal width', () => {
    const stream = fakeTerminal(true, 20);
    createProgress({ stream, env: {}, enabled: true, now: clock().now })!.update(1, 1000);
    expect(stream.text).toBe(`${CLEAR}privlint: scanning `);
    // A terminal that reports no size gets 80 columns.
    const sizeless = fakeTerminal(true, 0);
    createProgress({ stream: sizeless, env: {}, enabled: true, now: clock().now })!.update(1, 1000);
    expect(sizeless.text).toBe(`${CLEAR}privlint: scanning [------------------------] 1/1000 files`);
  });

  it('does nothing without a terminal, in CI, or for machine-readable formats', () => {
    expect(createProgress({ stream: fakeTerminal(false), env: {}, enabled: true })).toBeUndefined();
    expect(createProgress({ stream: fakeTerminal(), env: { CI: 'true' }, enabled: true })).toBeUndefined();
    expect(createProgress({ stream: fakeTerminal(), env: { CI: '1' }, enabled: true })).toBeUndefined();
    expect(createProgress({ stream: fakeTerminal(), env: {}, enabled: false })).toBeUndefined();
    expect(createProgress({ stream: fakeTerminal(), env: { CI: 'false' }, enabled: true })).toBeDefined();
    expect(isCi({ CI: '' })).toBe(false);
    expect(isCi({ CI: '0' })).toBe(false);
    expect(isCi({ CI: 'woodpecker' })).toBe(true);
  });
});

describe('progress from the real CLI', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'privlint-progress-'));
    // Over the 500-file threshold.
    for (let dir = 0; dir < 6; dir++) {
      mkdirSync(join(work, `pages${dir}`));
      for (let file = 0; file < 100; file++) {
        writeFileSync(join(work, `pages${dir}/p${file}.js`), file === 0 ? 'wx.getLocation()\n' : `export const value${file} = ${file}\n`);
      }
    }
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('writes nothing to stderr when stderr is not a terminal, in CI, or with --format json/sarif', () => {
    for (const [args, env] of [
      [[], { CI: '' }],
      [[], { CI: 'true' }],
      [['--format', 'json'], { CI: '' }],
      [['--format', 'sarif'], { CI: '' }],
      [['--cache'], { CI: '' }],
    ] as const) {
      const run = runCli(['scan', ...args], work, env);
      expect(run.code).toBe(1);
      expect(run.stderr).toBe('');
    }
  });

  // A real pseudo-terminal, where util-linux `script` is there to provide one.
  const hasScript = process.platform === 'linux' && spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!hasScript)('draws the progress line on a terminal, and not in CI or for JSON', () => {
    const inTerminal = (args: string, env: NodeJS.ProcessEnv) => {
      const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} scan ${args}`;
      const run = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 120_000 });
      return run.stdout;
    };
    const shown = inTerminal('--workers 1', { CI: '' });
    expect(shown).toContain('privlint: scanning [');
    expect(shown).toContain('600/600 files');
    // Cleared before the report.
    expect(shown).toMatch(/\r\u001b\[2K(\r\n)*pages0\/p0\.js:1:1/);
    expect(inTerminal('--workers 1', { CI: 'true' })).not.toContain('privlint: scanning');
    expect(inTerminal('--format json', { CI: '' })).not.toContain('privlint: scanning');
  });
});
