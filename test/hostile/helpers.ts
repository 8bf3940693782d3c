// Builds hostile trees in temp folders and runs the real CLI on them with a default Node (no NODE_OPTIONS, so the
// default stack size) and a time limit, so a hang fails the test instead of stalling the suite.
import { spawnSync } from 'node:child_process';
import { lstatSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BIN, type JsonOutput } from '../helpers/cli.js';

export interface TimedRun {
  code: number;
  stdout: string;
  stderr: string;
  millis: number;
  signal: NodeJS.Signals | null;
}

export function runCliTimed(args: string[], cwd: string, options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): TimedRun {
  const started = Date.now();
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    // NODE_OPTIONS cleared: the CLI must cope with the stack and heap a user's plain `node` gives it.
    env: { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1', FORCE_COLOR: '0', ...options.env },
    maxBuffer: 256 * 1024 * 1024,
    timeout: options.timeoutMs ?? 60_000,
    killSignal: 'SIGKILL',
  });
  if (result.error && (result.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout ?? '', stderr: result.stderr ?? '', millis: Date.now() - started, signal: result.signal };
}

export function scanJsonTimed(args: string[], cwd: string, options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): { run: TimedRun; report: JsonOutput } {
  const run = runCliTimed(['scan', ...args, '--format', 'json'], cwd, options);
  if (run.signal) throw new Error(`privlint was killed (${run.signal}) after ${run.millis} ms: probably hung`);
  if (run.code !== 0 && run.code !== 1) throw new Error(`privlint exited ${run.code}: ${run.stderr}`);
  return { run, report: JSON.parse(run.stdout) as JsonOutput };
}

export function write(root: string, file: string, content: string | Uint8Array): void {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), content);
}

export function link(root: string, file: string, target: string): void {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  symlinkSync(target, join(root, file));
}

/** `n` lines of `open`, then `middle`, then `n` lines of `close`: deep but not minified-looking. */
export function nested(n: number, open: string, middle: string, close = ''): string {
  return `${`${open}\n`.repeat(n)}${middle}\n${close ? `${close}\n`.repeat(n) : ''}`;
}

const SOURCE_EXTENSIONS = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx', '.vue', '.nvue', '.uvue', '.ets'];

/**
 * Every entry under `root` that a scan should account for: not a folder, named like a source file, not under a
 * symlinked folder (never followed). Relative, `/`-separated.
 */
export function sourceEntries(root: string, prefix = ''): string[] {
  const entries: string[] = [];
  for (const name of readdirSync(join(root, prefix)).sort()) {
    const relative = prefix ? `${prefix}/${name}` : name;
    const stats = lstatSync(join(root, relative));
    if (stats.isDirectory()) entries.push(...sourceEntries(root, relative));
    else if (SOURCE_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext))) entries.push(relative);
  }
  return entries;
}

export function utf16(text: string, order: 'le' | 'be'): Buffer {
  const body = Buffer.from(text, 'utf16le');
  if (order === 'be') body.swap16();
  return Buffer.concat([Buffer.from(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]), body]);
}
