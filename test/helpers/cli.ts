// Runs the real, built CLI (bin/privlint.js → dist/) as a user would.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = fileURLToPath(new URL('../../bin/privlint.js', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliRun {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 120_000,
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export interface JsonFinding {
  ruleId: string;
  category: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  api: string;
  platform: string;
  message: string;
  [key: string]: unknown;
}

export interface JsonOutput {
  version: number;
  findings: JsonFinding[];
  errors: { file: string; line?: number; column?: number; kind: string; message: string }[];
  summary: Record<string, unknown>;
}

export function scanJson(args: string[], cwd: string): { run: CliRun; report: JsonOutput } {
  const run = runCli(['scan', ...args, '--format', 'json'], cwd);
  if (run.code === 2) throw new Error(`privlint exited 2: ${run.stderr}`);
  return { run, report: JSON.parse(run.stdout) as JsonOutput };
}
