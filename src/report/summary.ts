// The numbers every format prints: deterministic, no timings.
import type { LintResult } from '../engine.js';
import type { Finding, ScanError } from '../types.js';

export interface Summary {
  files: number;
  parsed: number;
  findings: number;
  /** Active findings by severity (suppressed and baselined ones are counted apart). */
  errors: number;
  warnings: number;
  infos: number;
  suppressed: number;
  baselined: number;
  /** Baseline entries no longer found (`scan --baseline`); 0 without a baseline. */
  fixed: number;
  /** Findings per category, sorted by category id. */
  categories: Record<string, number>;
  /** Files not analysed, by reason; every one is also listed in `errors`. */
  skipped: { count: number; reasons: Record<string, number> };
  parseErrors: number;
  /** The inventory checked against, relative to cwd, or null when there was none. */
  inventory: string | null;
  /** False when part of the tree could not be analysed: a clean result then proves less. */
  complete: boolean;
}

const SKIP_KINDS = new Set(['skipped-binary', 'skipped-too-large', 'skipped-minified', 'skipped-not-a-file', 'read-error', 'too-deeply-nested']);

export function isSkip(error: ScanError): boolean {
  return SKIP_KINDS.has(error.kind);
}

export function summarize(findings: Finding[], errors: ScanError[], stats: { files: number; parsed: number }, inventory: string | null, fixed = 0): Summary {
  const categories: Record<string, number> = {};
  for (const finding of [...findings].sort((a, b) => (a.category < b.category ? -1 : a.category > b.category ? 1 : 0))) {
    categories[finding.category] = (categories[finding.category] ?? 0) + 1;
  }
  const reasons: Record<string, number> = {};
  for (const error of errors.filter(isSkip).sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0))) {
    reasons[error.kind] = (reasons[error.kind] ?? 0) + 1;
  }
  const active = findings.filter((f) => !f.suppressed && !f.baseline);
  const skipped = errors.filter(isSkip).length;
  const parseErrors = errors.filter((error) => error.kind === 'parse-error').length;
  return {
    files: stats.files,
    parsed: stats.parsed,
    findings: findings.length,
    errors: active.filter((f) => f.severity === 'error').length,
    warnings: active.filter((f) => f.severity === 'warning').length,
    infos: active.filter((f) => f.severity === 'info').length,
    suppressed: findings.filter((f) => f.suppressed).length,
    baselined: findings.filter((f) => !f.suppressed && f.baseline).length,
    fixed,
    categories,
    skipped: { count: skipped, reasons },
    parseErrors,
    inventory,
    complete: skipped === 0 && parseErrors === 0,
  };
}

export type { LintResult };
