// The JSON contract (version 1): field order is fixed so output is byte-identical across runs.
import type { BaselineEntry } from '../baseline/baseline.js';
import type { Finding, ScanError } from '../types.js';
import type { Summary } from './summary.js';

export interface JsonReport {
  version: 1;
  findings: Finding[];
  errors: ScanError[];
  /** Only with `scan --baseline`: baseline entries no longer found, sorted like the baseline file. */
  fixed?: BaselineEntry[];
  summary: Summary;
}

export interface JsonExtras {
  fixed?: readonly BaselineEntry[];
}

export function orderedFinding(finding: Finding): Finding {
  return {
    ruleId: finding.ruleId,
    category: finding.category,
    file: finding.file,
    line: finding.line,
    column: finding.column,
    endLine: finding.endLine,
    endColumn: finding.endColumn,
    severity: finding.severity,
    api: finding.api,
    platform: finding.platform,
    message: finding.message,
    entry: finding.entry,
    actor: finding.actor,
    ...(finding.hint !== undefined ? { hint: finding.hint } : {}),
    ...(finding.clause !== undefined ? { clause: finding.clause } : {}),
    ...(finding.suppressed !== undefined ? { suppressed: finding.suppressed } : {}),
    ...(finding.baseline !== undefined ? { baseline: finding.baseline } : {}),
  };
}

export function orderedError(error: ScanError): ScanError {
  return {
    file: error.file,
    ...(error.line !== undefined ? { line: error.line } : {}),
    ...(error.column !== undefined ? { column: error.column } : {}),
    kind: error.kind,
    message: error.message,
  };
}

export function formatJson(findings: Finding[], errors: ScanError[], summary: Summary, extras: JsonExtras = {}): string {
  const report: JsonReport = {
    version: 1,
    findings: findings.map(orderedFinding),
    errors: errors.map(orderedError),
    ...(extras.fixed ? { fixed: [...extras.fixed] } : {}),
    summary,
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
