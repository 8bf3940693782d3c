// The one place the ESLint rules reach the engine: detect (the shared detector, on the AST ESLint already parsed)
// then check against the inventory. Memoised per AST, so the three rules cost one analysis of a file.
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Rule } from 'eslint';
import { loadCatalogue } from '../catalogue/load.js';
import { buildMatchIndex, type MatchIndex } from '../catalogue/match-index.js';
import { checkDetections } from '../check/inventory-check.js';
import { detectProgram } from '../detect/detect.js';
import type { Node } from '../detect/estree.js';
import { UsageError } from '../errors.js';
import { policyInventory } from '../cli/policy-inventory.js';
import { findInventoryFile, loadInventory } from '../inventory/load.js';
import { nearest } from '../inventory/suggest.js';
import type { Inventory } from '../inventory/types.js';
import type { Detection, Finding } from '../types.js';
import { toReportPath } from '../util/path.js';

/** `settings.privlint` in the ESLint configuration. */
export interface PrivlintSettings {
  /** The inventory file, relative to ESLint's working directory; otherwise the nearest privacy-inventory.yaml above the file. */
  inventory?: string;
  /** A published policy text (.txt, .md, .html) to check against instead of an inventory, as `scan --policy` does. */
  policy?: string;
  /** Undocumented, for tests: another catalogue folder (like fixtures/engine/rules) instead of the shipped one. */
  rulesDir?: string;
  /** A mistake in the settings (an unknown key, inventory and policy both): reported like a broken inventory. */
  error?: UsageError;
}

/** The documented keys of settings.privlint (rulesDir is accepted too, for tests). */
const SETTING_KEYS = ['inventory', 'policy'] as const;

export interface FileLint {
  /** Findings of the three rules, sorted; `unused-declaration` is a whole-project finding and is left to the CLI. */
  findings: Finding[];
  /** How messages name the inventory (`privacy-inventory.yaml`, relative to ESLint's cwd). */
  inventoryName: string;
  /** A broken or missing inventory: nothing was checked, and the first privlint rule to run reports it at 1:1. */
  inventoryError?: UsageError;
  inventoryErrorReported: boolean;
}

// ── the catalogue, once per process ─────────────────────────────────────────────────────────

const indexes = new Map<string, MatchIndex>();

function matchIndexFor(rulesDir: string | undefined): MatchIndex {
  const key = rulesDir ?? '';
  let index = indexes.get(key);
  if (!index) {
    index = buildMatchIndex(rulesDir === undefined ? loadCatalogue() : loadCatalogue(rulesDir));
    indexes.set(key, index);
  }
  return index;
}

// ── inventories, cached by path + mtime so an edit in the editor is picked up on the next lint ──────

interface InventoryResult {
  inventory?: Inventory;
  error?: UsageError;
}

interface CachedInventory {
  mtimeMs: number;
  size: number;
  result: InventoryResult;
}

const inventories = new Map<string, CachedInventory>();

/** The inventory for the file being linted: from settings.privlint.policy, settings.privlint.inventory or walking up. */
function inventoryFor(settings: PrivlintSettings, cwd: string, file: string): InventoryResult {
  if (settings.policy !== undefined) return policyFor(resolve(cwd, settings.policy), cwd);
  let path: string | undefined;
  try {
    path = settings.inventory !== undefined ? resolve(cwd, settings.inventory) : findInventoryFile(dirname(file), { cwd });
  } catch (error) {
    if (error instanceof UsageError) return { error }; // both .yaml and .yml beside each other
    throw error;
  }
  if (path === undefined) return {};
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return {
      error: new UsageError('inventory/not-found', `inventory file not found: ${toReportPath(cwd, path)}`, {
        hint: "check settings.privlint.inventory, a path relative to ESLint's working directory",
      }),
    };
  }
  // Messages name files relative to cwd, so the same path under two working directories is two entries.
  const key = `${cwd}\0${path}`;
  const cached = inventories.get(key);
  if (cached && cached.mtimeMs === stats.mtimeMs && cached.size === stats.size) return cached.result;
  let result: InventoryResult;
  try {
    result = { inventory: loadInventory(path, { cwd }) };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    result = { error };
  }
  inventories.set(key, { mtimeMs: stats.mtimeMs, size: stats.size, result });
  return result;
}

/** A policy text read as the inventory, cached like inventories (by path, mtime and size). */
function policyFor(path: string, cwd: string): InventoryResult {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    return {
      error: new UsageError('policy/not-found', `policy file not found: ${toReportPath(cwd, path)}`, {
        hint: "check settings.privlint.policy, a path relative to ESLint's working directory",
      }),
    };
  }
  const key = `policy\0${cwd}\0${path}`;
  const cached = inventories.get(key);
  if (cached && cached.mtimeMs === stats.mtimeMs && cached.size === stats.size) return cached.result;
  let result: InventoryResult;
  try {
    result = { inventory: policyInventory(cwd, path) };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    result = { error };
  }
  inventories.set(key, { mtimeMs: stats.mtimeMs, size: stats.size, result });
  return result;
}

// ── one analysis per AST ────────────────────────────────────────────────────────────────────

const analyses = new WeakMap<object, Map<string, FileLint>>();

/**
 * settings.privlint, checked. A value of the wrong type throws (ESLint shows it as a configuration error); an unknown
 * key or a conflict is returned as `error`, which every linted file reports once at 1:1, as for a broken inventory.
 */
export function readSettings(settings: Record<string, unknown> | undefined): PrivlintSettings {
  const raw = settings?.privlint;
  if (raw === undefined) return {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('privlint: settings.privlint must be an object ({ inventory } or { policy })');
  const { inventory, policy, rulesDir } = raw as Record<string, unknown>;
  const notAPath = (name: string) => new Error(`privlint: settings.privlint.${name} must be a path (a string), relative to the ESLint working directory`);
  if (inventory !== undefined && typeof inventory !== 'string') throw notAPath('inventory');
  if (policy !== undefined && typeof policy !== 'string') throw notAPath('policy');
  if (rulesDir !== undefined && typeof rulesDir !== 'string') throw new Error('privlint: settings.privlint.rulesDir must be a path (a string)');
  const result: PrivlintSettings = {
    ...(inventory !== undefined ? { inventory } : {}),
    ...(policy !== undefined ? { policy } : {}),
    ...(rulesDir !== undefined ? { rulesDir } : {}),
  };
  const unknown = Object.keys(raw).find((key) => !(SETTING_KEYS as readonly string[]).includes(key) && key !== 'rulesDir');
  if (unknown !== undefined) {
    const suggestion = nearest(unknown, [...SETTING_KEYS]);
    result.error = new UsageError('settings/unknown-key', `unknown setting '${unknown}'${suggestion ? ` — did you mean '${suggestion}'?` : ''}`, {
      hint: `settings.privlint takes ${SETTING_KEYS.join(' or ')}`,
    });
  } else if (inventory !== undefined && policy !== undefined) {
    result.error = new UsageError('settings/conflict', "settings.privlint has both 'inventory' and 'policy'", {
      hint: 'keep one: the inventory file, or the policy text to check against instead',
    });
  }
  return result;
}

/** Detections and findings for the file a rule is linting; the first call per AST does the work. */
export function lintFile(context: Rule.RuleContext): FileLint {
  const settings = readSettings(context.settings);
  const cwd = context.cwd;
  // `<text>` when ESLint lints text without a name: then the file is taken to sit in cwd.
  const file = resolve(cwd, context.physicalFilename);
  const rulesDir = settings.rulesDir === undefined ? undefined : resolve(cwd, settings.rulesDir);
  const ast = context.sourceCode.ast;
  const key = `${cwd}\0${file}\0${rulesDir ?? ''}\0${settings.inventory ?? ''}\0${settings.policy ?? ''}\0${settings.error?.message ?? ''}`;
  let forAst = analyses.get(ast);
  const cached = forAst?.get(key);
  if (cached) return cached;

  const result = analyse(context, settings, cwd, file, rulesDir);
  if (!forAst) analyses.set(ast, (forAst = new Map()));
  forAst.set(key, result);
  return result;
}

function analyse(context: Rule.RuleContext, settings: PrivlintSettings, cwd: string, file: string, rulesDir: string | undefined): FileLint {
  if (settings.error) return { findings: [], inventoryName: 'the privacy inventory', inventoryError: settings.error, inventoryErrorReported: false };
  // The inventory comes first, as in `privlint scan`: when it is broken there is nothing to check against.
  const { inventory, error } = inventoryFor(settings, cwd, file);
  const inventoryName = inventory?.file ? toReportPath(cwd, inventory.file) : 'the privacy inventory';
  if (error) return { findings: [], inventoryName, inventoryError: error, inventoryErrorReported: false };

  const index = matchIndexFor(rulesDir);
  const code = context.sourceCode.text;
  let detections: Detection[] = [];
  // The scan's prefilter: text that names nothing in the catalogue cannot yield a detection.
  if (index.prefilter.test(code)) {
    try {
      detections = detectProgram(context.sourceCode.ast as unknown as Node, {
        index,
        reportFile: toReportPath(cwd, file),
        absoluteFile: context.filename,
        code,
      }).detections;
    } catch (problem) {
      // Nesting too deep for the resolver (the scan reports it as too-deeply-nested); never crash the editor for it.
      if (!(problem instanceof RangeError)) throw problem;
    }
  }
  const findings = detections.length === 0 ? [] : checkDetections(detections, inventory, { cwd }).filter((f) => f.ruleId !== 'unused-declaration');
  return { findings, inventoryName, inventoryErrorReported: false };
}
