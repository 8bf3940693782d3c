// The core pipeline every shell uses: scan the project, then check what it found against the inventory.
import { existsSync, statSync } from 'node:fs';
import { checkDetections, parentCoverageNotes, type InventoryNote } from './check/inventory-check.js';
import { resolveInventory } from './inventory/load.js';
import type { Inventory } from './inventory/types.js';
import { scanProject, type ScanOptions, type ScanResult } from './scan/scan.js';
import type { Finding } from './types.js';
import { dirnameOf, resolveFrom } from './util/path.js';

export interface LintOptions extends ScanOptions {
  /** Explicit inventory file (relative to cwd); otherwise found by walking up from the first scanned folder. */
  inventoryFile?: string;
  /** An inventory already in memory (e.g. extracted from a policy text); wins over inventoryFile. */
  inventory?: Inventory;
}

export interface LintResult {
  findings: Finding[];
  notes: InventoryNote[];
  scan: ScanResult;
  inventory: Inventory | undefined;
}

export async function lintProject(options: LintOptions): Promise<LintResult> {
  // The inventory is loaded first: a broken one is a configuration error, reported before any work is done.
  const inventory =
    options.inventory ?? resolveInventory({ cwd: options.cwd, explicit: options.inventoryFile, from: firstFolder(options) });
  const scan = await scanProject(options);
  const findings = checkDetections(scan.detections, inventory, { cwd: options.cwd });
  const notes = parentCoverageNotes(scan.detections, inventory, { cwd: options.cwd });
  return { findings, notes, scan, inventory };
}

/** The inventory search starts at the first scanned folder (or a scanned file's folder). */
function firstFolder(options: ScanOptions): string | undefined {
  const [first] = options.patterns;
  if (!first) return undefined;
  const absolute = resolveFrom(options.cwd, first);
  if (!existsSync(absolute)) return undefined;
  return statSync(absolute).isDirectory() ? absolute : dirnameOf(absolute);
}
