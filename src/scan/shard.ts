// `scan --shard K/N`: one of N parallel jobs that together scan a project, for `privlint merge` to combine.
//
// A file belongs to shard 1 + (the first 32 bits of the SHA-1 of its path relative to the working directory) mod N:
// the shards partition the files, every machine agrees without talking to the others, and a file keeps its shard
// as other files come and go. Each shard analyses its own files plus the project modules they import (support
// files, not reported), so its findings are those of a whole-project scan. What a shard cannot know alone it
// records in `summary.shard` for merge: which files it parsed (a file the prefilter passes over is still parsed
// when another file imports it, and that importer may sit in another shard), and the errors of the imported files
// it parsed.
import { createHash } from 'node:crypto';
import { UsageError } from '../errors.js';
import type { ScanError } from '../types.js';
import { toReportPath } from '../util/path.js';
import type { ScanResult } from './scan.js';

export interface ShardSpec {
  /** 1-based. */
  index: number;
  total: number;
}

/** What `summary.shard` holds in a shard's JSON report. */
export interface ShardSummary {
  index: number;
  total: number;
  /** Files this shard parsed, its own and the imported ones (report paths, sorted). */
  parsedFiles: string[];
  /** Other shards' files this shard parsed because its files import them, with the errors parsing them gave. */
  imported: { file: string; errors: ScanError[] }[];
}

export const MAX_SHARDS = 1000;

export function parseShard(value: string): ShardSpec {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = match ? Number(match[1]) : NaN;
  const total = match ? Number(match[2]) : NaN;
  if (!match || total < 1 || total > MAX_SHARDS || index < 1 || index > total) {
    throw new UsageError('usage/bad-shard', `--shard takes K/N with 1 ≤ K ≤ N ≤ ${MAX_SHARDS}, got '${value}'`, {
      hint: 'e.g. --shard 2/3 runs the second of three shards; run all three and combine them with privlint merge',
    });
  }
  return { index, total };
}

/** The shard (1-based) a file belongs to, from its path relative to the working directory. */
export function shardOf(reportPath: string, total: number): number {
  const hash = createHash('sha1').update(reportPath).digest();
  return (hash.readUInt32BE(0) % total) + 1;
}

/** The `select` of a shard's scan; remembers the discovered files, which the shard summary needs. */
export class ShardSelection {
  private discovered: ReadonlySet<string> = new Set();

  constructor(
    readonly cwd: string,
    readonly spec: ShardSpec,
  ) {}

  readonly select = (files: string[]): string[] => {
    this.discovered = new Set(files);
    return files.filter((file) => shardOf(toReportPath(this.cwd, file), this.spec.total) === this.spec.index);
  };

  summary(scan: ScanResult): ShardSummary {
    const parsed = new Set<string>();
    scan.files.forEach((file, i) => {
      if (scan.statuses[i] === 'parsed') parsed.add(toReportPath(this.cwd, file));
    });
    const imported: ShardSummary['imported'] = [];
    for (const support of scan.support) {
      // Only files a whole-project scan reports: a module outside the scanned folders is nobody's to count.
      if (support.status !== 'parsed' || !this.discovered.has(support.file)) continue;
      const file = toReportPath(this.cwd, support.file);
      parsed.add(file);
      imported.push({ file, errors: support.errors });
    }
    return {
      index: this.spec.index,
      total: this.spec.total,
      parsedFiles: [...parsed].sort(compare),
      imported: imported.sort((a, b) => compare(a.file, b.file)),
    };
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
