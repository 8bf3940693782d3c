// Shared shapes that flow through discover → parse → detect → check → report.

export type Severity = 'error' | 'warning' | 'info';

export type RuleId =
  | 'undisclosed-collection'
  | 'out-of-scope-collection'
  | 'contradicts-policy'
  | 'unused-declaration';

/** Every rule, in the order reports list them. */
export const RULE_IDS = ['undisclosed-collection', 'out-of-scope-collection', 'contradicts-policy', 'unused-declaration'] as const satisfies readonly RuleId[];

/** A place in a file, 1-based line and column (column counts UTF-16 code units, like editors and ESLint + 1). */
export interface Position {
  line: number;
  column: number;
}

export interface SourceRange {
  start: Position;
  end: Position;
}

/** One use of a sensitive API for one data category, before it is checked against an inventory. */
export interface Detection {
  /** Category id from rules/categories.yml. */
  category: string;
  /** Catalogue entry id (file-derived, e.g. `wechat/clipboard`) plus the item anchor. */
  entry: string;
  /** Human name of the API, e.g. `wx.getClipboardData`. */
  api: string;
  platform: string;
  kind: 'call' | 'read' | 'construct';
  /** Who collects: `self` for the app's own code, or an SDK name (SDK catalogue, later). */
  actor: string;
  /** File path relative to the scan's working directory, `/`-separated. */
  file: string;
  range: SourceRange;
  /** The chain of bindings that led from the root (global or import) to this use, for `explain`. */
  via: string[];
}

/** A detection after checking: what the user sees. */
export interface Finding {
  ruleId: RuleId;
  category: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: Severity;
  api: string;
  platform: string;
  message: string;
  /** Catalogue entry id. */
  entry: string;
  actor: string;
  /** What to do about it. */
  hint?: string;
  /** The inventory clause or declaration the check relied on, when there is one. */
  clause?: string;
  /** Set when an inline `privlint-disable` comment covers the finding: it stays visible, marked. */
  suppressed?: { kind: 'inline'; reason: string };
  /** Set when a baseline entry matches the finding (`scan --baseline`). */
  baseline?: { reason?: string };
}

/** A problem with an input file that did not stop the scan. */
export interface ScanError {
  file: string;
  line?: number;
  column?: number;
  message: string;
  /** parse-error | read-error | skipped-binary | skipped-too-large | skipped-minified | decoded-lossy | … */
  kind: string;
}
