// `privlint merge`: the JSON reports of `scan --shard K/N` jobs → the report one whole-project scan gives.
//
// Findings about source files come from the shard that owns the file. An unused declaration is about the inventory,
// which every shard checks against only what it collected itself: a category is unused project-wide exactly when
// every shard reports it unused, so those findings are kept when all shards have them. Counts come from what the
// shards recorded (summary.shard): a file the prefilter passes over counts as parsed when any shard parsed it (its
// importer may sit in another shard), and then its errors are the parsed ones. Baseline entries fixed: those fixed
// in the owning shard; for the inventory, in any shard (where its category was collected).
import type { BaselineEntry } from '../baseline/baseline.js';
import { sortFindings } from '../check/inventory-check.js';
import { UsageError } from '../errors.js';
import type { ShardSummary } from '../scan/shard.js';
import type { Detection, Finding, ScanError } from '../types.js';
import type { LintResult } from '../engine.js';
import { matchDetections } from './sarif.js';
import { summarize, type Summary } from './summary.js';

/** What a shard records for merge beyond the numbers (`summary.shard` in its JSON report). */
export interface ShardRecord extends ShardSummary {
  /** privlint and catalogue versions: shards of different versions cannot be merged. */
  privlint: string;
  catalogue: string;
  /** The baseline file the shard ran with (`scan --baseline`). */
  baseline?: string;
  /** Per finding (same order): its fingerprint and binding chain, which SARIF output needs. */
  details: { fingerprint?: string; via?: string[] }[];
}

/** The record a shard's JSON report carries in `summary.shard`. */
export function shardRecord(shard: ShardSummary, lint: LintResult, options: { privlint: string; baseline?: string }): ShardRecord {
  const detections = matchDetections(lint.findings, lint.scan.detections);
  return {
    ...shard,
    privlint: options.privlint,
    catalogue: lint.scan.catalogue.version,
    ...(options.baseline !== undefined ? { baseline: options.baseline } : {}),
    details: lint.findings.map((finding) => {
      const fingerprint = lint.fingerprints.get(finding);
      const via = detections.get(finding)?.via;
      return { ...(fingerprint !== undefined ? { fingerprint } : {}), ...(via ? { via } : {}) };
    }),
  };
}

export interface ShardInput {
  /** How the user named the file, for messages. */
  name: string;
  text: string;
}

export interface MergedReport {
  findings: Finding[];
  errors: ScanError[];
  summary: Summary;
  /** Set when the shards ran with a baseline. */
  fixed?: BaselineEntry[];
  baseline?: string;
  fingerprints: Map<Finding, string>;
  /** Enough of each finding's detection for SARIF's related locations. */
  detections: Detection[];
  privlint: string;
  catalogue: string;
}

interface ShardReport {
  /** The input's name, for messages. */
  name: string;
  findings: Finding[];
  errors: ScanError[];
  fixed?: BaselineEntry[];
  summary: Summary & { shard: ShardRecord };
}

const HINT = 'merge takes the JSON reports of every privlint scan --shard K/N --format json job of one run';

export function mergeShardReports(inputs: readonly ShardInput[]): MergedReport {
  if (inputs.length === 0) throw new UsageError('merge/no-input', 'merge needs the JSON reports to combine', { hint: HINT });
  const shards = inputs.map(parseShardReport).sort((a, b) => a.summary.shard.index - b.summary.shard.index);
  checkComplete(shards);

  // Which files some shard parsed, and the errors parsing gave where the owner itself only read the file.
  const parsed = new Set<string>();
  const ownParsed = new Set<string>();
  for (const { summary } of shards) {
    const imported = new Set(summary.shard.imported.map((entry) => entry.file));
    for (const file of summary.shard.parsedFiles) {
      parsed.add(file);
      if (!imported.has(file)) ownParsed.add(file);
    }
  }
  const parsedErrors = new Map<string, ScanError[]>();
  for (const { summary } of shards) {
    for (const entry of summary.shard.imported) if (!ownParsed.has(entry.file) && !parsedErrors.has(entry.file)) parsedErrors.set(entry.file, entry.errors);
  }
  // Grouped per file and concatenated before a stable sort: within a file, the order the analysis gave them.
  const errors = [
    ...shards.flatMap((shard) => shard.errors.filter((error) => !parsedErrors.has(error.file))),
    ...[...parsedErrors.values()].flat(),
  ].sort(compareErrors);

  const findings: Finding[] = [];
  const fingerprints = new Map<Finding, string>();
  const detections: Detection[] = [];
  const unusedEverywhere = unusedInEveryShard(shards);
  shards.forEach((shard, shardIndex) => {
    shard.findings.forEach((finding, i) => {
      if (finding.ruleId === 'unused-declaration' && (shardIndex > 0 || !unusedEverywhere.has(JSON.stringify(finding)))) return;
      findings.push(finding);
      const detail = shard.summary.shard.details[i];
      if (detail?.fingerprint !== undefined) fingerprints.set(finding, detail.fingerprint);
      if (detail?.via) detections.push(detectionOf(finding, detail.via));
    });
  });
  sortFindings(findings);

  const baselined = shards.some((shard) => shard.fixed !== undefined);
  const fixed = baselined ? mergeFixed(shards.map((shard) => shard.fixed ?? [])) : undefined;
  const files = shards.reduce((total, shard) => total + shard.summary.files, 0);
  const first = shards[0]!.summary;
  const summary = summarize(findings, errors, { files, parsed: parsed.size }, first.inventory, (fixed ?? []).reduce((total, entry) => total + (entry.count ?? 1), 0));
  return {
    findings,
    errors,
    summary,
    ...(fixed ? { fixed } : {}),
    ...(first.shard.baseline !== undefined ? { baseline: first.shard.baseline } : {}),
    fingerprints,
    detections,
    privlint: first.shard.privlint,
    catalogue: first.shard.catalogue,
  };
}

function parseShardReport(input: ShardInput): ShardReport {
  let value: unknown;
  try {
    value = JSON.parse(input.text);
  } catch (error) {
    throw new UsageError('merge/not-json', `${input.name} is not JSON (${(error as Error).message.split('\n')[0]})`, { hint: HINT });
  }
  if (!isObject(value) || value.version !== 1 || !Array.isArray(value.findings) || !Array.isArray(value.errors) || !isObject(value.summary)) {
    throw new UsageError('merge/not-a-report', `${input.name} is not a privlint JSON report`, { hint: HINT });
  }
  const shard = value.summary.shard;
  if (!isShardRecord(shard) || shard.details.length !== value.findings.length || typeof value.summary.files !== 'number') {
    throw new UsageError('merge/not-a-shard', `${input.name} is the report of a whole scan, not of a shard`, { hint: HINT });
  }
  if (value.fixed !== undefined && !Array.isArray(value.fixed)) throw new UsageError('merge/not-a-report', `${input.name}: "fixed" is not a list`, { hint: HINT });
  return { ...(value as unknown as Omit<ShardReport, 'name'>), name: input.name };
}

function checkComplete(shards: ShardReport[]): void {
  const name = (shard: ShardReport) => shard.name;
  const first = shards[0]!;
  const total = first.summary.shard.total;
  for (const shard of shards) {
    const { shard: record } = shard.summary;
    if (record.total !== total) {
      throw new UsageError('merge/mixed-runs', `${name(shard)} is shard ${record.index}/${record.total}, but ${name(first)} is one of ${total}`, { hint: HINT });
    }
    for (const key of ['privlint', 'catalogue', 'baseline'] as const) {
      if (record[key] !== first.summary.shard[key]) {
        throw new UsageError('merge/mixed-runs', `${name(shard)} and ${name(first)} differ in ${key} (${String(record[key])} vs ${String(first.summary.shard[key])})`, {
          hint: 'every shard must run the same privlint version with the same catalogue, options and baseline',
        });
      }
    }
    if (shard.summary.inventory !== first.summary.inventory) {
      throw new UsageError('merge/mixed-runs', `${name(shard)} and ${name(first)} were checked against different inventories`, {
        hint: 'every shard must run with the same options, from the same working directory',
      });
    }
  }
  for (let i = 1; i < shards.length; i++) {
    if (shards[i]!.summary.shard.index === shards[i - 1]!.summary.shard.index) {
      throw new UsageError('merge/duplicate-shard', `shard ${shards[i]!.summary.shard.index}/${total} is given twice`, { hint: HINT });
    }
  }
  const present = new Set(shards.map((shard) => shard.summary.shard.index));
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((index) => !present.has(index));
  if (missing.length > 0) {
    throw new UsageError('merge/missing-shard', `shard ${missing.map((index) => `${index}/${total}`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing`, {
      hint: 'pass the reports of all the shards: a merge of some of them would not be the whole project',
    });
  }
}

/** Unused-declaration findings (as JSON) that every shard reports. */
function unusedInEveryShard(shards: ShardReport[]): Set<string> {
  const sets = shards.map((shard) => new Set(shard.findings.filter((finding) => finding.ruleId === 'unused-declaration').map((finding) => JSON.stringify(finding))));
  return new Set([...sets[0]!].filter((key) => sets.every((set) => set.has(key))));
}

/**
 * Fixed baseline entries: a source file's come from its own shard only (the others did not cover it), an entry
 * for the inventory or a deleted file from several, with the largest count (the shards that still matched it
 * collected less than the whole project).
 */
function mergeFixed(lists: BaselineEntry[][]): BaselineEntry[] {
  const merged = new Map<string, BaselineEntry>();
  for (const entry of lists.flat()) {
    const key = JSON.stringify([entry.ruleId, entry.category, entry.file, entry.api, entry.fingerprint, entry.reason]);
    const known = merged.get(key);
    if (!known || (entry.count ?? 1) > (known.count ?? 1)) merged.set(key, entry);
  }
  // The order src/baseline/baseline.ts gives its entries.
  return [...merged.values()].sort(
    (a, b) => compare(a.file, b.file) || compare(a.ruleId, b.ruleId) || compare(a.category, b.category) || compare(a.api, b.api) || compare(a.fingerprint, b.fingerprint),
  );
}

/** A stand-in detection carrying the binding chain, matched back to its finding by place and identity. */
function detectionOf(finding: Finding, via: string[]): Detection {
  return {
    category: finding.category,
    entry: finding.entry,
    api: finding.api,
    platform: finding.platform,
    kind: 'call',
    actor: finding.actor,
    file: finding.file,
    range: { start: { line: finding.line, column: finding.column }, end: { line: finding.endLine, column: finding.endColumn } },
    via,
  };
}

/** The order the scan gives errors: by file, line, column; stable within. */
function compareErrors(a: ScanError, b: ScanError): number {
  return compare(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isShardRecord(value: unknown): value is ShardRecord {
  return (
    isObject(value) &&
    Number.isInteger(value.index) &&
    Number.isInteger(value.total) &&
    typeof value.privlint === 'string' &&
    typeof value.catalogue === 'string' &&
    (value.baseline === undefined || typeof value.baseline === 'string') &&
    Array.isArray(value.parsedFiles) &&
    value.parsedFiles.every((file) => typeof file === 'string') &&
    Array.isArray(value.imported) &&
    value.imported.every((entry) => isObject(entry) && typeof entry.file === 'string' && Array.isArray(entry.errors)) &&
    Array.isArray(value.details)
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A shard's summary: the usual numbers (its own files), then `shard`. */
export function withShardRecord(summary: Summary, record: ShardRecord): Summary {
  const extended: Summary & { shard: ShardRecord } = { ...summary, shard: record };
  return extended;
}
