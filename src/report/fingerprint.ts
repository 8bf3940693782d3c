// The identity of a finding that survives edits elsewhere in its file: SARIF partialFingerprints and baseline
// entries both use this one definition. The line NUMBER is deliberately not part of it (inserting lines above
// must not make an old finding look new); the line's TEXT is, with whitespace removed so re-indenting is harmless,
// plus the finding's index among otherwise identical ones so two identical calls stay two.
import { createHash } from 'node:crypto';
import { readSourceFile } from '../discover/read.js';
import type { Finding } from '../types.js';
import { resolveFrom } from '../util/path.js';

/** The partialFingerprints key in SARIF: bump the version if the definition ever changes. */
export const FINGERPRINT_KEY = 'privlint/v1';

export type LineReader = (file: string, line: number) => string;

/** Fingerprints of `findings` (by identity); the order findings are given in does not matter. */
export function fingerprintFindings(findings: readonly Finding[], readLine: LineReader): Map<Finding, string> {
  const ordered = [...findings].sort(
    (a, b) =>
      compare(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      a.endLine - b.endLine ||
      a.endColumn - b.endColumn ||
      compare(a.ruleId, b.ruleId) ||
      compare(a.category, b.category) ||
      compare(a.api, b.api) ||
      compare(a.actor, b.actor) ||
      compare(a.entry, b.entry),
  );
  const occurrences = new Map<string, number>();
  const fingerprints = new Map<Finding, string>();
  for (const finding of ordered) {
    const text = normalizeLine(readLine(finding.file, finding.line));
    const identity = JSON.stringify([finding.ruleId, finding.file, finding.category, finding.api, text]);
    const index = occurrences.get(identity) ?? 0;
    occurrences.set(identity, index + 1);
    fingerprints.set(finding, fingerprintOf(identity, index));
  }
  return fingerprints;
}

function fingerprintOf(identity: string, index: number): string {
  return createHash('sha256').update(`${identity}\n${index}`).digest('hex').slice(0, 32);
}

/** Whitespace carries no meaning for identity: `wx.getLocation( {} )` and `wx.getLocation({})` are one line. */
export function normalizeLine(text: string): string {
  return text.replace(/\s+/g, '');
}

/**
 * Reads lines of the files findings name (relative to cwd), each file once. Decoded exactly as the scan decoded it,
 * and split at the same line terminators the parser counts, so line N here is line N of the finding.
 */
export function sourceLineReader(cwd: string): LineReader {
  const cache = new Map<string, string[]>();
  return (file, line) => {
    if (file === '') return '';
    let lines = cache.get(file);
    if (!lines) {
      const read = readSourceFile(resolveFrom(cwd, file), { maxFileSize: Number.MAX_SAFE_INTEGER, includeMinified: true });
      lines = read.ok ? read.text.split(/\r\n|[\n\r\u2028\u2029]/) : [];
      cache.set(file, lines);
    }
    return lines[line - 1] ?? '';
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
