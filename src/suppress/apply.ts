// The one place suppression directives take effect: findings they cover are marked (they stay in the output),
// directives that are malformed or cover nothing are reported as scan errors, so a stale or careless comment
// can never hide a collection silently.
import { covers } from '../inventory/categories.js';
import { RULE_IDS } from '../types.js';
import type { Finding, ScanError } from '../types.js';
import type { Directive } from './directives.js';

export interface SuppressionOutcome {
  /** invalid-directive and unused-directive entries, sorted by file, line, column. */
  errors: ScanError[];
}

const EXAMPLE = '// privlint-disable-next-line location -- shown only after the user asks';

/**
 * Marks the findings covered by a valid directive (`finding.suppressed`, in place) and returns the problems with
 * the directives themselves. `categoryIds` are the ids a directive may name besides rule ids and `all`.
 */
export function applySuppressions(findings: readonly Finding[], directives: readonly Directive[], categoryIds: Iterable<string>): SuppressionOutcome {
  const known = new Set<string>([...RULE_IDS, ...categoryIds, 'all']);
  const errors: ScanError[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const finding of findings) {
    const list = byFile.get(finding.file);
    if (list) list.push(finding);
    else byFile.set(finding.file, [finding]);
  }
  // Line directives first: a finding covered by both keeps the more specific reason.
  const ordered = [...directives].sort((a, b) => specificity(a) - specificity(b) || compare(a.file, b.file) || a.line - b.line || a.column - b.column);
  for (const directive of ordered) {
    const problems = problemsOf(directive, known);
    if (problems.length > 0) {
      errors.push(entry(directive, 'invalid-directive', `${problems.join('; ')}; this directive suppresses nothing`));
      continue;
    }
    const used = new Set<string>();
    for (const finding of byFile.get(directive.file) ?? []) {
      if (!coversLine(directive, finding.line)) continue;
      const matching = directive.targets.filter((target) => matches(target, finding));
      if (matching.length === 0) continue;
      for (const target of matching) used.add(target);
      finding.suppressed ??= { kind: 'inline', reason: directive.reason };
    }
    const unused = directive.targets.filter((target) => !used.has(target));
    if (unused.length > 0) {
      const where = directive.kind === 'file' ? 'in this file' : `on line ${directive.kind === 'next-line' ? directive.endLine + 1 : directive.line}`;
      const what = unused.map((target) => (target === 'all' ? 'all' : `'${target}'`)).join(', ');
      errors.push(entry(directive, 'unused-directive', `unused ${directive.name} directive: ${what} ${unused.length === 1 ? 'matches' : 'match'} no finding ${where}; remove it`));
    }
  }
  errors.sort((a, b) => compare(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || compare(a.kind, b.kind));
  return { errors };
}

function problemsOf(directive: Directive, known: ReadonlySet<string>): string[] {
  if (directive.kind === 'unknown') {
    return [`unknown directive ${directive.name}: use privlint-disable-next-line, privlint-disable-line or privlint-disable-file`];
  }
  const problems: string[] = [];
  if (directive.targets.length === 0) problems.push(`${directive.name} names no rule or category (name one, or \`all\`)`);
  const unknown = directive.targets.filter((target) => !known.has(target));
  if (unknown.length > 0) problems.push(`unknown rule or category ${unknown.map((target) => `'${target}'`).join(', ')}`);
  if (directive.reason === '') problems.push(`a reason is required after \`--\` (e.g. \`${EXAMPLE}\`)`);
  return problems;
}

function coversLine(directive: Directive, line: number): boolean {
  switch (directive.kind) {
    case 'file':
      return true;
    case 'line':
      return line >= directive.line && line <= directive.endLine;
    case 'next-line':
      return line === directive.endLine + 1;
    default:
      return false;
  }
}

/** A target names the finding's rule, its category (or a parent category), or everything. */
function matches(target: string, finding: Finding): boolean {
  return target === 'all' || target === finding.ruleId || covers(target, finding.category);
}

function specificity(directive: Directive): number {
  return directive.kind === 'file' ? 1 : 0;
}

function entry(directive: Directive, kind: string, message: string): ScanError {
  return { file: directive.file, line: directive.line, column: directive.column, kind, message };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
