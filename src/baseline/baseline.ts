// Baselines: the findings a project has accepted for now (`privlint baseline`), so that `scan --baseline` fails
// only on new ones. Entries are matched by fingerprint (src/report/fingerprint.ts), never by line number.
import { existsSync } from 'node:fs';
import type { Node as YamlNode } from 'yaml';
import { UsageError } from '../errors.js';
import { RULE_IDS } from '../types.js';
import type { Finding, RuleId } from '../types.js';
import { requireYaml } from '../util/lazy-require.js';
import { resolveFrom, toReportPath } from '../util/path.js';
import { readUserTextFile } from '../util/regular-file.js';

/** Far more than any real baseline; a larger file is not one. */
const MAX_BASELINE_BYTES = 256 * 1024 * 1024;

export const DEFAULT_BASELINE_FILE = '.privlint-baseline.json';

export interface BaselineEntry {
  ruleId: RuleId;
  category: string;
  /** Relative to the working directory the baseline was written from, `/`-separated. */
  file: string;
  api: string;
  fingerprint: string;
  /** Why the finding is accepted; written by hand, kept when the baseline is regenerated. */
  reason?: string;
  /** How many identical entries this one stands for (absent = 1). */
  count?: number;
}

export interface Baseline {
  version: 1;
  entries: BaselineEntry[];
}

/** A baseline as read for a scan: the entries, and the file as the user named it. */
export interface LoadedBaseline extends Baseline {
  file: string;
}

/**
 * The baseline for the current findings. Suppressed findings need none (their comment already accepts them).
 * Reasons written by hand in `previous` are carried over to the entries with the same fingerprint.
 */
export function createBaseline(findings: readonly Finding[], fingerprints: ReadonlyMap<Finding, string>, previous?: Baseline): Baseline {
  const reasons = new Map<string, string>();
  for (const entry of previous?.entries ?? []) if (entry.reason !== undefined) reasons.set(entry.fingerprint, entry.reason);
  const merged = new Map<string, BaselineEntry>();
  for (const finding of findings) {
    if (finding.suppressed) continue;
    const fingerprint = fingerprints.get(finding);
    if (fingerprint === undefined) continue;
    const reason = reasons.get(fingerprint);
    const entry: BaselineEntry = { ruleId: finding.ruleId, category: finding.category, file: finding.file, api: finding.api, fingerprint, ...(reason !== undefined ? { reason } : {}) };
    const key = entryKey(entry);
    const existing = merged.get(key);
    if (existing) existing.count = (existing.count ?? 1) + 1;
    else merged.set(key, entry);
  }
  return { version: 1, entries: sortEntries([...merged.values()]) };
}

/** Deterministic bytes: fixed key order, sorted entries, two-space indent, final newline. */
export function formatBaseline(baseline: Baseline): string {
  const entries = sortEntries(baseline.entries).map(orderedEntry);
  return `${JSON.stringify({ version: 1, entries }, null, 2)}\n`;
}

export function orderedEntry(entry: BaselineEntry): BaselineEntry {
  return {
    ruleId: entry.ruleId,
    category: entry.category,
    file: entry.file,
    api: entry.api,
    fingerprint: entry.fingerprint,
    ...(entry.reason !== undefined ? { reason: entry.reason } : {}),
    ...(entry.count !== undefined && entry.count !== 1 ? { count: entry.count } : {}),
  };
}

export interface BaselineMatch {
  /** Entries (or the part of an entry's count) no finding matched, within the files this scan looked at. */
  fixed: BaselineEntry[];
}

/**
 * Marks findings the baseline lists (`finding.baseline`, in place) and returns the entries no longer found.
 * `covered(file)` says whether the scan analysed a file completely: entries for files outside a partial scan
 * (or files that could not be analysed) are neither matched nor reported fixed — except files that are gone.
 */
export function applyBaseline(
  findings: readonly Finding[],
  fingerprints: ReadonlyMap<Finding, string>,
  baseline: Baseline,
  covered: (file: string) => boolean,
): BaselineMatch {
  const remaining = new Map<string, { entry: BaselineEntry; left: number }>();
  for (const entry of baseline.entries) {
    const slot = remaining.get(entry.fingerprint);
    if (slot) slot.left += entry.count ?? 1;
    else remaining.set(entry.fingerprint, { entry, left: entry.count ?? 1 });
  }
  for (const finding of findings) {
    const fingerprint = fingerprints.get(finding);
    const slot = fingerprint === undefined ? undefined : remaining.get(fingerprint);
    if (!slot || slot.left === 0) continue;
    slot.left--;
    finding.baseline = slot.entry.reason !== undefined ? { reason: slot.entry.reason } : {};
  }
  const fixed: BaselineEntry[] = [];
  for (const { entry, left } of remaining.values()) {
    if (left === 0 || !covered(entry.file)) continue;
    const { count: _count, ...rest } = entry;
    fixed.push(left === 1 ? rest : { ...rest, count: left });
  }
  return { fixed: sortEntries(fixed).map(orderedEntry) };
}

/** Reads and validates a baseline file; every problem is a UsageError with file:line:col. */
export function readBaseline(cwd: string, file: string): LoadedBaseline {
  const absolute = resolveFrom(cwd, file);
  const display = toReportPath(cwd, absolute);
  if (!existsSync(absolute)) {
    throw new UsageError('baseline/missing', `baseline file not found: ${file}`, { hint: `create it with privlint baseline --output ${file}` });
  }
  const text = readUserTextFile(absolute, display, 'baseline file', MAX_BASELINE_BYTES);
  return { ...parseBaseline(text, display), file: display };
}

export function parseBaseline(text: string, file: string): Baseline {
  const { LineCounter, parseDocument, isMap, isSeq } = requireYaml();
  const lineCounter = new LineCounter();
  const at = (offset: number) => {
    const position = lineCounter.linePos(offset);
    return { file, line: position.line, column: position.col };
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // V8 names the offset where JSON parsing stopped; when it does not ("Unexpected end", "Unexpected token"),
    // the YAML parser (which reads JSON too) usually can, and otherwise the end or the start of the text is it.
    const doc = parseDocument(text, { lineCounter, prettyErrors: false });
    const message = (error as Error).message;
    const position = /position (\d+)/.exec(message)?.[1];
    const offset =
      position !== undefined ? Number(position) : /end of JSON/.test(message) ? text.length : (doc.errors[0]?.pos[0] ?? firstNonSpace(text));
    throw new UsageError('baseline/json', `not valid JSON: ${(error as Error).message.split('\n')[0]}`, {
      ...at(Math.min(offset, text.length)),
      hint: 'regenerate it with privlint baseline',
    });
  }
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  // The node at a path, or the nearest one that exists (a missing key is reported at its object).
  const where = (pointer: (string | number)[]) => {
    let node: unknown = doc.contents;
    for (const key of pointer) {
      const next: unknown = isMap(node) ? node.get(key, true) : isSeq(node) ? node.get(Number(key), true) : undefined;
      if (next === undefined) break;
      node = next;
    }
    const range = (node as YamlNode | undefined)?.range;
    return at(range ? range[0] : 0);
  };
  const fail = (pointer: (string | number)[], message: string): never => {
    throw new UsageError('baseline/invalid', message, { ...where(pointer), hint: 'regenerate it with privlint baseline' });
  };
  if (!isObject(value)) return fail([], 'a baseline is a JSON object with "version": 1 and "entries"');
  if (value.version !== 1) return fail(['version'], `unsupported baseline version ${JSON.stringify(value.version)} (expected 1)`);
  for (const key of Object.keys(value)) if (key !== 'version' && key !== 'entries') fail([key], `unknown key '${key}'`);
  if (!Array.isArray(value.entries)) return fail(['entries'], '"entries" must be an array');
  const entries: BaselineEntry[] = value.entries.map((raw: unknown, index: number): BaselineEntry => {
    if (!isObject(raw)) return fail(['entries', index], `entry ${index + 1} must be an object`);
    for (const key of Object.keys(raw)) {
      if (!ENTRY_KEYS.has(key)) fail(['entries', index, key], `unknown key '${key}' in entry ${index + 1}`);
    }
    for (const key of ['ruleId', 'category', 'file', 'api', 'fingerprint'] as const) {
      if (typeof raw[key] !== 'string') fail(['entries', index, key], `entry ${index + 1}: "${key}" must be a string`);
    }
    if (!(RULE_IDS as readonly unknown[]).includes(raw.ruleId)) fail(['entries', index, 'ruleId'], `entry ${index + 1}: unknown rule '${String(raw.ruleId)}'`);
    if (raw.reason !== undefined && typeof raw.reason !== 'string') fail(['entries', index, 'reason'], `entry ${index + 1}: "reason" must be a string`);
    if (raw.count !== undefined && !(Number.isInteger(raw.count) && (raw.count as number) >= 1)) {
      fail(['entries', index, 'count'], `entry ${index + 1}: "count" must be a whole number ≥ 1`);
    }
    return orderedEntry(raw as unknown as BaselineEntry);
  });
  return { version: 1, entries };
}

const ENTRY_KEYS = new Set(['ruleId', 'category', 'file', 'api', 'fingerprint', 'reason', 'count']);

function firstNonSpace(text: string): number {
  const offset = text.search(/\S/);
  return offset < 0 ? 0 : offset;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function entryKey(entry: BaselineEntry): string {
  return JSON.stringify([entry.ruleId, entry.category, entry.file, entry.api, entry.fingerprint]);
}

function sortEntries(entries: BaselineEntry[]): BaselineEntry[] {
  return [...entries].sort(
    (a, b) =>
      compare(a.file, b.file) || compare(a.ruleId, b.ruleId) || compare(a.category, b.category) || compare(a.api, b.api) || compare(a.fingerprint, b.fingerprint),
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
