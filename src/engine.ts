// The core pipeline every shell uses: scan the project, then check what it found against the inventory.
import { existsSync, statSync } from 'node:fs';
import { applyBaseline, type Baseline, type BaselineEntry } from './baseline/baseline.js';
import { checkDetections, parentCoverageNotes, type InventoryNote } from './check/inventory-check.js';
import { resolveInventory } from './inventory/load.js';
import type { Inventory } from './inventory/types.js';
import { fingerprintFindings, sourceLineReader } from './report/fingerprint.js';
import { isSkip } from './report/summary.js';
import { scanProject, type ScanOptions, type ScanResult } from './scan/scan.js';
import { applySuppressions } from './suppress/apply.js';
import type { Finding, ScanError } from './types.js';
import { dirnameOf, resolveFrom, toReportPath } from './util/path.js';

export interface LintOptions extends ScanOptions {
  /** Explicit inventory file (relative to cwd); otherwise found by walking up from the first scanned folder. */
  inventoryFile?: string;
  /** An inventory already in memory (e.g. extracted from a policy text); wins over inventoryFile. */
  inventory?: Inventory;
  /** Findings this baseline lists are marked `baseline` (they do not fail the run); see LintResult.fixed. */
  baseline?: Baseline;
}

export interface LintResult {
  findings: Finding[];
  notes: InventoryNote[];
  /** scan.errors include the problems with suppression directives (invalid-directive, unused-directive). */
  scan: ScanResult;
  inventory: Inventory | undefined;
  /** Each finding's line-shift-proof fingerprint (SARIF partialFingerprints, baseline entries). */
  fingerprints: Map<Finding, string>;
  /** With options.baseline: its entries no longer found, among the files this scan covered. */
  fixed?: BaselineEntry[];
}

export async function lintProject(options: LintOptions): Promise<LintResult> {
  // The inventory is loaded first: a broken one is a configuration error, reported before any work is done.
  const inventory =
    options.inventory ?? resolveInventory({ cwd: options.cwd, explicit: options.inventoryFile, from: firstFolder(options) });
  const scan = await scanProject(options);
  const findings = checkDetections(scan.detections, inventory, { cwd: options.cwd });
  const notes = parentCoverageNotes(scan.detections, inventory, { cwd: options.cwd });
  const suppression = applySuppressions(findings, scan.directives, scan.catalogue.categories.map((category) => category.id));
  if (suppression.errors.length > 0) scan.errors = [...scan.errors, ...suppression.errors].sort(compareErrors);
  const fromDisk = sourceLineReader(options.cwd);
  const fingerprints = fingerprintFindings(findings, (file, line) => scan.sourceLines.get(file)?.get(line) ?? fromDisk(file, line));
  const fixed = options.baseline ? applyBaseline(findings, fingerprints, options.baseline, coveredFiles(scan, inventory, options.cwd)).fixed : undefined;
  return { findings, notes, scan, inventory, fingerprints, ...(fixed ? { fixed } : {}) };
}

/**
 * Files whose findings this scan knows completely: analysed without a skip or parse error, plus the inventory.
 * A file that no longer exists has no findings left either. Baseline entries for other files are left alone.
 */
function coveredFiles(scan: ScanResult, inventory: Inventory | undefined, cwd: string): (file: string) => boolean {
  const incomplete = new Set(scan.errors.filter((error) => isSkip(error) || error.kind === 'parse-error').map((error) => error.file));
  const covered = new Set(scan.files.map((file) => toReportPath(cwd, file)).filter((file) => !incomplete.has(file)));
  if (inventory?.file) covered.add(toReportPath(cwd, inventory.file));
  return (file) => covered.has(file) || (file !== '' && !existsSync(resolveFrom(cwd, file)));
}

function compareErrors(a: ScanError, b: ScanError): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}

/** The inventory search starts at the first scanned folder (or a scanned file's folder). */
function firstFolder(options: ScanOptions): string | undefined {
  const [first] = options.patterns;
  if (!first) return undefined;
  const absolute = resolveFrom(options.cwd, first);
  if (!existsSync(absolute)) return undefined;
  return statSync(absolute).isDirectory() ? absolute : dirnameOf(absolute);
}
