// A progress line on stderr for long scans in a terminal. Never in CI, never when stderr is a file or a pipe,
// never for machine-readable formats: there, stderr carries only what went wrong.

export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressOptions {
  stream: ProgressStream;
  env: NodeJS.ProcessEnv;
  /** False for --format json and sarif. */
  enabled: boolean;
  /** Show at once for scans of more files than this… */
  minFiles?: number;
  /** …and otherwise once the scan has taken this long. */
  minMs?: number;
  /** Redraw at most this often. */
  intervalMs?: number;
  now?: () => number;
}

export interface Progress {
  update(done: number, total: number): void;
  /** Clears the line, if one was drawn. */
  finish(): void;
}

const BAR_WIDTH = 24;
const CLEAR_LINE = '\r\u001b[2K';

export function isCi(env: NodeJS.ProcessEnv): boolean {
  const value = env.CI;
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** A progress line when it helps, else undefined (and nothing is ever written). */
export function createProgress(options: ProgressOptions): Progress | undefined {
  if (!options.enabled || !options.stream.isTTY || isCi(options.env)) return undefined;
  const now = options.now ?? Date.now;
  const minFiles = options.minFiles ?? 500;
  const minMs = options.minMs ?? 1000;
  const intervalMs = options.intervalMs ?? 100;
  const started = now();
  let drawnAt: number | undefined;
  let phase = 1;
  let last = { done: 0, total: 0 };
  return {
    update(done, total) {
      // The scan reports each pass separately: the first over every file, later ones over the files that import
      // a project module leading to an API.
      if (done < last.done || (total !== last.total && last.total !== 0)) phase++;
      last = { done, total };
      const time = now();
      if (drawnAt === undefined && total <= minFiles && time - started < minMs) return;
      if (drawnAt !== undefined && time - drawnAt < intervalMs && done < total) return;
      drawnAt = time;
      // A terminal that reports no size (0 columns) gets the usual 80.
      options.stream.write(`${CLEAR_LINE}${renderProgress(done, total, phase, options.stream.columns || 80)}`);
    },
    finish() {
      if (drawnAt !== undefined) options.stream.write(CLEAR_LINE);
    },
  };
}

export function renderProgress(done: number, total: number, phase: number, columns = 80): string {
  const ratio = total === 0 ? 1 : Math.min(1, done / total);
  const filled = Math.round(ratio * BAR_WIDTH);
  const label = phase === 1 ? 'scanning' : 'following imports';
  const line = `privlint: ${label} [${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${done}/${total} files`;
  // One column short of the width: writing into the last column makes some terminals wrap.
  return line.length >= columns ? line.slice(0, Math.max(0, columns - 1)) : line;
}
