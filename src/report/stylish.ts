// Human output for terminals: one line per finding with its location, then what to do, then a summary.
import pc from 'picocolors';
import type { BaselineEntry } from '../baseline/baseline.js';
import type { Finding, ScanError } from '../types.js';
import type { InventoryNote } from '../check/inventory-check.js';
import { isSkip, type Summary } from './summary.js';

export interface StylishOptions {
  color: boolean;
  notes?: InventoryNote[];
  /** With `scan --baseline`: the baseline file and its entries no longer found. */
  baseline?: { file: string; fixed: readonly BaselineEntry[] };
}

export function formatStylish(findings: Finding[], errors: ScanError[], summary: Summary, options: StylishOptions): string {
  const c = pc.createColors(options.color);
  const severityText = (severity: Finding['severity']) =>
    severity === 'error' ? c.red('error') : severity === 'warning' ? c.yellow('warning') : c.blue('info');
  const lines: string[] = [];
  for (const finding of findings) {
    const where = `${displayPath(finding.file)}:${finding.line}:${finding.column}`;
    const api = finding.api ? `  ${c.bold(finding.api)}` : '';
    const suppressed = finding.suppressed ? c.dim(`  (suppressed: ${finding.suppressed.reason})`) : finding.baseline ? c.dim(finding.baseline.reason ? `  (in baseline: ${finding.baseline.reason})` : '  (in baseline)') : '';
    lines.push(`${c.underline(where)}  ${severityText(finding.severity)}  ${c.cyan(finding.category)}${api}  ${escapeControls(finding.message)}  ${c.dim(finding.ruleId)}${suppressed}`);
    if (finding.hint && !finding.suppressed && !finding.baseline) lines.push(`  ${c.green('help:')} ${finding.hint}`);
  }
  for (const note of options.notes ?? []) {
    lines.push(`${c.underline(`${displayPath(note.file)}:${note.line}:${note.column}`)}  ${c.blue('info')}  ${c.cyan(note.category)}  ${note.message}`);
    lines.push(`  ${c.green('help:')} ${note.hint}`);
  }

  if (errors.length > 0) {
    if (lines.length > 0) lines.push('');
    for (const error of errors) {
      const where = `${displayPath(error.file)}${error.line ? `:${error.line}:${error.column ?? 1}` : ''}`;
      const label = isSkip(error)
        ? c.yellow('skipped')
        : error.kind === 'parse-error'
          ? c.red('parse error')
          : error.kind === 'invalid-directive'
            ? c.red('invalid directive')
            : error.kind === 'unused-directive'
              ? c.yellow('unused directive')
              : c.dim('note');
      lines.push(`${c.underline(where)}  ${label}  ${escapeControls(error.message)}  ${c.dim(error.kind)}`);
    }
  }

  const fixed = options.baseline?.fixed ?? [];
  if (fixed.length > 0) {
    if (lines.length > 0) lines.push('');
    lines.push(c.green(`Fixed since the baseline (${summary.fixed}): no longer found, run privlint baseline to drop them from ${options.baseline!.file}`));
    for (const entry of fixed) {
      const times = entry.count !== undefined && entry.count > 1 ? ` ×${entry.count}` : '';
      lines.push(`  ${c.underline(entry.file)}  ${c.cyan(entry.category)}${entry.api ? `  ${c.bold(entry.api)}` : ''}  ${c.dim(entry.ruleId)}${times}`);
    }
  }

  if (lines.length > 0) lines.push('');
  const active = findings.filter((finding) => !finding.suppressed && !finding.baseline);
  const counts = [
    `${summary.errors} ${plural(summary.errors, 'error')}`,
    `${summary.warnings} ${plural(summary.warnings, 'warning')}`,
    `${summary.infos} ${plural(summary.infos, 'info')}`,
  ].join(', ');
  const scanned = `${summary.files} ${plural(summary.files, 'file')} scanned`;
  if (active.length === 0) lines.push(c.green(`✔ no problems (${scanned})`));
  else lines.push(c.bold(`${summary.errors > 0 ? c.red('✖') : c.yellow('!')} ${active.length} ${plural(active.length, 'problem')} (${counts}) in ${scanned}`));
  const hidden = findings.length - active.length;
  if (hidden > 0) lines.push(c.dim(`  ${hidden} suppressed or baselined ${plural(hidden, 'finding')} not counted`));
  if (!summary.complete) {
    const parts = [];
    if (summary.skipped.count > 0) parts.push(`${summary.skipped.count} ${plural(summary.skipped.count, 'file')} skipped`);
    // Files, not errors: one file can have several parse errors (a Vue template and its script).
    const unparsed = new Set(errors.filter((error) => error.kind === 'parse-error').map((error) => error.file)).size;
    if (unparsed > 0) parts.push(`${unparsed} ${plural(unparsed, 'file')} with parse errors`);
    lines.push(c.yellow(`! incomplete: ${parts.join(', ')} — the result does not cover them (listed above)`));
  }
  if (summary.inventory === null && findings.length > 0) {
    lines.push('');
    lines.push(`No privacy inventory was found, so every collection is reported as undisclosed.`);
    lines.push(`Start one: ${c.bold('privlint init')} drafts privacy-inventory.yaml from this scan, or ${c.bold('privlint policy extract <policy>')} drafts it from your published privacy policy.`);
  }
  return `${lines.join('\n')}\n`;
}

function plural(count: number, word: string): string {
  return count === 1 ? word : `${word}s`;
}

// Line breaks, other control characters and bidi overrides, which would split one entry over lines or make the
// terminal show a different name than the real one.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** One entry stays one line: a name with unprintable characters is quoted with escapes, the way git quotes paths. */
export function displayPath(file: string): string {
  UNPRINTABLE.lastIndex = 0;
  if (!UNPRINTABLE.test(file)) return file;
  return `"${escapeControls(file.replace(/["\\]/g, '\\$&'))}"`;
}

function escapeControls(text: string): string {
  return text.replace(UNPRINTABLE, (ch) => (ch === '\n' ? '\\n' : ch === '\r' ? '\\r' : ch === '\t' ? '\\t' : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`));
}
