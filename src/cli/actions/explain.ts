// What `privlint explain` does (loaded only when it runs); its options are declared in ../commands/explain.ts.
import { existsSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { loadCatalogue, type Catalogue } from '../../catalogue/load.js';
import { lintProject } from '../../engine.js';
import { UsageError } from '../../errors.js';
import { selfAndAncestors } from '../../inventory/categories.js';
import { findInventoryFile } from '../../inventory/load.js';
import { compileScope } from '../../inventory/glob.js';
import type { Inventory, SourceLocation } from '../../inventory/types.js';
import { readSourceFile } from '../../discover/read.js';
import { languageOf } from '../../parse/languages.js';
import { orderedFinding } from '../../report/json.js';
import { RULE_DOCS } from '../../report/sarif.js';
import type { Detection, Finding, RuleId } from '../../types.js';
import { dirnameOf, isInside, resolveFrom, toPosix, toReportPath } from '../../util/path.js';
import type { ExplainFlags } from '../commands/explain.js';

export interface CatalogueEntryInfo {
  entry: string;
  api: string;
  kind: string;
  categories: string[];
  permission?: string;
  source: string;
  docs?: string;
  /** `rules/apis/<platform>/<topic>.yml:LINE` */
  definedAt: string;
}

export interface DisclosureCheck {
  /** The data key (the category itself or a parent that covers it). */
  key: string;
  actor: string;
  actorMatches: boolean;
  scope?: string[];
  scopeMatches: boolean;
  clause?: string;
  at?: string;
  /** With --policy: the policy's words. */
  quote?: string;
}

export interface InventoryExplanation {
  inventory: string | null;
  /** Set when the inventory is a policy text read with --policy (its entries are the policy's clauses). */
  source?: 'policy';
  /** The not_collected entry that covers the category, when one does. */
  notCollected?: { category: string; clause?: string; at?: string; quote?: string };
  /** The data keys looked up: the category and its parents. */
  keys: string[];
  disclosures: DisclosureCheck[];
  /** The file as the inventory's scopes see it (relative to the inventory's folder). */
  path?: string;
  outcome: RuleId | 'disclosed';
  reason: string;
}

export interface Explanation {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  api: string;
  category: string;
  kind: Detection['kind'];
  actor: string;
  finding?: Finding;
  catalogue?: CatalogueEntryInfo;
  via: string[];
  inventory: InventoryExplanation;
}

export async function runExplain(location: string, flags: ExplainFlags): Promise<void> {
  const cwd = process.cwd();
  const target = parseLocation(cwd, location);
  const catalogue = flags.rules ? loadCatalogue(resolveFrom(cwd, flags.rules)) : loadCatalogue();
  // The scan is rooted where a project scan would be (the inventory's folder, else the working directory), so that
  // root imports (`@/utils/api`) resolve the same way; only the file is reported, its imports analysed for exports.
  // With --policy, the policy text is the inventory and its folder the root, as for `scan --policy`. (The policy
  // reader, an HTML parser and the lexicon, is loaded only then.)
  const policy = flags.policy !== undefined ? (await import('../policy-inventory.js')).policyInventory(cwd, flags.policy) : undefined;
  const inventoryFile = policy ? undefined : (flags.inventory ?? findInventoryFile(dirnameOf(target.absolute), { cwd }));
  const inventoryDir = policy ? policy.dir : inventoryFile ? dirnameOf(resolveFrom(cwd, inventoryFile)) : undefined;
  const root = [inventoryDir, cwd].find((folder) => folder && isInside(folder, target.absolute)) ?? dirnameOf(target.absolute);
  const result = await lintProject({
    cwd,
    patterns: [root],
    select: () => [target.absolute],
    ...(inventoryFile ? { inventoryFile } : {}),
    ...(policy ? { inventory: policy } : {}),
    catalogue,
  });
  const file = toReportPath(cwd, target.absolute);
  const onLine = (d: { line: number; column: number; endLine: number; endColumn: number }) =>
    d.line === target.line && (target.column === undefined || (target.column >= d.column && (d.endLine > d.line || target.column <= d.endColumn)));
  const detections = result.scan.detections.filter(
    (d) => d.file === file && onLine({ line: d.range.start.line, column: d.range.start.column, endLine: d.range.end.line, endColumn: d.range.end.column }),
  );
  const explanations = detections.map((detection) => explain(detection, result.findings, catalogue, result.inventory, cwd));
  const where = `${file}:${target.line}${target.column !== undefined ? `:${target.column}` : ''}`;
  if (flags.format === 'json') {
    const report = {
      version: 1,
      location: { file, line: target.line, ...(target.column !== undefined ? { column: target.column } : {}) },
      explanations: explanations.map((explanation) => ({ ...explanation, ...(explanation.finding ? { finding: orderedFinding(explanation.finding) } : {}) })),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  if (explanations.length === 0) {
    process.stdout.write(`no finding at ${where}: no catalogued API collects personal data there\n`);
    return;
  }
  process.stdout.write(`${explanations.map(formatExplanation).join('\n')}`);
}

function parseLocation(cwd: string, location: string): { file: string; absolute: string; line: number; column?: number } {
  const match = /^(.+?):(\d+)(?::(\d+))?$/.exec(location);
  if (!match) {
    throw new UsageError('explain/location', `expected FILE:LINE or FILE:LINE:COL, got '${location}'`, { hint: 'copy the location from a report, e.g. src/pages/index.js:12:5' });
  }
  const file = match[1]!;
  const line = Number(match[2]);
  const column = match[3] !== undefined ? Number(match[3]) : undefined;
  const absolute = resolveFrom(cwd, file);
  if (!existsSync(absolute) || !statSync(absolute).isFile()) {
    throw new UsageError('explain/no-file', `no such file: ${file}`, { hint: 'the path is relative to the working directory' });
  }
  if (!languageOf(absolute)) {
    throw new UsageError('explain/not-source', `${file} is not a source file privlint scans (.js, .ts, .vue, .ets, …)`);
  }
  const read = readSourceFile(absolute, { maxFileSize: Number.MAX_SAFE_INTEGER, includeMinified: true });
  const lines = read.ok ? read.text.split(/\r\n|[\n\r\u2028\u2029]/).length : 0;
  if (line < 1 || line > lines) {
    throw new UsageError('explain/line', `line ${line} is outside ${file} (${lines} ${lines === 1 ? 'line' : 'lines'})`, { file, line });
  }
  if (column !== undefined && column < 1) throw new UsageError('explain/column', `column ${column} must be 1 or more`, { file, line });
  return { file, absolute, line, ...(column !== undefined ? { column } : {}) };
}

function explain(detection: Detection, findings: readonly Finding[], catalogue: Catalogue, inventory: Inventory | undefined, cwd: string): Explanation {
  const finding = findings.find(
    (f) =>
      f.file === detection.file &&
      f.line === detection.range.start.line &&
      f.column === detection.range.start.column &&
      f.endLine === detection.range.end.line &&
      f.endColumn === detection.range.end.column &&
      f.category === detection.category &&
      f.entry === detection.entry &&
      f.api === detection.api &&
      f.actor === detection.actor,
  );
  const entry = catalogueEntry(detection, catalogue);
  return {
    file: detection.file,
    line: detection.range.start.line,
    column: detection.range.start.column,
    endLine: detection.range.end.line,
    endColumn: detection.range.end.column,
    api: detection.api,
    category: detection.category,
    kind: detection.kind,
    actor: detection.actor,
    ...(finding ? { finding } : {}),
    ...(entry ? { catalogue: entry } : {}),
    via: detection.via,
    inventory: explainInventory(detection, inventory, cwd, finding),
  };
}

function catalogueEntry(detection: Detection, catalogue: Catalogue): CatalogueEntryInfo | undefined {
  const item = catalogue.items.find((candidate) => candidate.entry === detection.entry && candidate.api === detection.api && candidate.categories.includes(detection.category));
  if (item) {
    return {
      entry: item.entry,
      api: item.api,
      kind: item.kind,
      categories: item.categories,
      ...(item.permission ? { permission: item.permission.join(', ') } : {}),
      source: item.source,
      ...(item.docs ? { docs: item.docs } : {}),
      definedAt: `${item.file}:${item.line}`,
    };
  }
  const method = catalogue.bridgeMethods.find(
    (candidate) => detection.entry === `uniapp/bridge-${candidate.bridge}` && detection.api === `${candidate.className.split(/[.$]/).pop()}.${candidate.method}`,
  );
  if (!method) return undefined;
  return {
    entry: detection.entry,
    api: detection.api,
    kind: 'call',
    categories: method.categories,
    ...(method.permission ? { permission: method.permission } : {}),
    source: method.source,
    definedAt: `${method.file}:${method.line}`,
  };
}

/** The same decision src/check/inventory-check.ts makes, spelled out step by step. */
function explainInventory(detection: Detection, inventory: Inventory | undefined, cwd: string, finding: Finding | undefined): InventoryExplanation {
  const keys = selfAndAncestors(detection.category);
  if (!inventory) {
    return {
      inventory: null,
      keys,
      disclosures: [],
      outcome: 'undisclosed-collection',
      reason: 'no privacy inventory was found (privacy-inventory.yaml walking up from the file, or --inventory), so every collection is undisclosed',
    };
  }
  const name = inventory.file ? toReportPath(cwd, inventory.file) : 'the privacy inventory';
  const at = (location: SourceLocation | undefined) => (location?.file ? `${toReportPath(cwd, location.file)}:${location.line}:${location.column}` : undefined);
  const path = toPosix(relative(inventory.dir, resolve(cwd, detection.file)));
  const denied = keys.map((key) => inventory.notCollected.find((entry) => entry.category === key)).find(Boolean);
  const policy = inventory.source === 'policy';
  const disclosures: DisclosureCheck[] = keys.flatMap((key) =>
    (inventory.data.get(key) ?? []).map((disclosure) => {
      const location = at(disclosure.location);
      return {
        key,
        actor: disclosure.actor,
        actorMatches: disclosure.actor === detection.actor,
        ...(disclosure.scope ? { scope: disclosure.scope } : {}),
        scopeMatches: disclosure.scope ? compileScope(disclosure.scope)(path) : true,
        ...(disclosure.clause !== undefined ? { clause: disclosure.clause } : {}),
        ...(location ? { at: location } : {}),
        ...(policy && disclosure.quote !== undefined ? { quote: disclosure.quote } : {}),
      };
    }),
  );
  const base = { inventory: inventory.file ? name : null, ...(policy ? { source: 'policy' as const } : {}), keys, disclosures, path };
  if (denied) {
    const location = at(denied.location);
    const said = policy
      ? `${name} says '${denied.category}' is not collected${clauseAt(denied.clause, location)}`
      : `${name} lists '${denied.category}' under not_collected${location ? ` (${location})` : ''}`;
    return {
      ...base,
      notCollected: {
        category: denied.category,
        ...(denied.clause !== undefined ? { clause: denied.clause } : {}),
        ...(location ? { at: location } : {}),
        ...(policy && denied.quote !== undefined ? { quote: denied.quote } : {}),
      },
      outcome: 'contradicts-policy',
      reason: `${said}, and that covers '${detection.category}'`,
    };
  }
  const looked = keys.map((key) => `'${key}'`).join(' or ');
  if (disclosures.length === 0) {
    const reason = policy
      ? `${name} discloses nothing that covers '${detection.category}' (looked for ${looked})`
      : `no key under data in ${name} covers '${detection.category}' (looked for ${looked})`;
    return { ...base, outcome: 'undisclosed-collection', reason };
  }
  const forActor = disclosures.filter((check) => check.actorMatches);
  if (forActor.length === 0) {
    const actors = [...new Set(disclosures.map((check) => `'${check.actor}'`))].join(', ');
    return { ...base, outcome: 'undisclosed-collection', reason: `${name} ${policy ? 'discloses' : 'declares'} ${looked} only for actor ${actors}; this collection is by '${detection.actor}'` };
  }
  const covering = forActor.find((check) => check.scopeMatches);
  if (covering) {
    const scope = covering.scope ? `its scope ${covering.scope.join(', ')} matches ${path}` : 'it has no scope, so it covers every file';
    const reason = policy
      ? `${name} discloses '${covering.key}' for actor '${covering.actor}'${clauseAt(covering.clause, covering.at)}${covering.scope ? `, ${scope}` : ''}${finding ? '' : '; no finding'}`
      : `data.${covering.key}${covering.at ? ` (${covering.at})` : ''} covers it: actor '${covering.actor}', ${scope}${finding ? '' : '; no finding'}`;
    return { ...base, outcome: 'disclosed', reason };
  }
  const scopes = [...new Set(forActor.flatMap((check) => check.scope ?? []))].join(', ');
  return { ...base, outcome: 'out-of-scope-collection', reason: `${looked} is declared for '${detection.actor}', but only in ${scopes}, which does not match ${path}` };
}

/** ` (clause 二.3, policy.txt:12:1)`, or as much of it as is known. */
function clauseAt(clause: string | undefined, at: string | undefined): string {
  const parts = [...(clause !== undefined ? [`clause ${clause}`] : []), ...(at ? [at] : [])];
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

function formatExplanation(explanation: Explanation): string {
  const lines: string[] = [];
  const label = (name: string) => `  ${`${name}:`.padEnd(12)}`;
  const more = ' '.repeat(14);
  const { finding } = explanation;
  lines.push(`${explanation.file}:${explanation.line}:${explanation.column}  ${explanation.api}  collects '${explanation.category}'`);
  if (finding) {
    lines.push(`${label('rule')}${finding.ruleId} (${finding.severity}): ${RULE_DOCS[finding.ruleId].short}`);
    lines.push(`${label('message')}${finding.message}`);
    if (finding.hint) lines.push(`${label('help')}${finding.hint}`);
    if (finding.suppressed) lines.push(`${label('suppressed')}${finding.suppressed.reason}`);
    if (finding.baseline) lines.push(`${label('baseline')}${finding.baseline.reason ?? 'listed in the baseline'}`);
  } else {
    lines.push(`${label('rule')}none: the collection is disclosed`);
  }
  const entry = explanation.catalogue;
  if (entry) {
    lines.push(`${label('catalogue')}${entry.api} (${entry.kind}), entry ${entry.entry}, ${entry.definedAt}`);
    lines.push(`${more}categories: ${entry.categories.join(', ')}; permission: ${entry.permission ?? 'none'}`);
    lines.push(`${more}source: ${entry.source}`);
    if (entry.docs) lines.push(`${more}docs: ${entry.docs}`);
  }
  lines.push(`${label('chain')}${explanation.via.join(' → ')}`);
  const inventory = explanation.inventory;
  if (inventory.source === 'policy') {
    lines.push(...formatPolicyChecks(inventory, label, more));
    lines.push(`${label('why')}${inventory.reason}`);
    return `${lines.join('\n')}\n`;
  }
  lines.push(`${label('inventory')}${inventory.inventory ?? 'none found'}`);
  if (inventory.inventory !== null || inventory.disclosures.length > 0) {
    if (inventory.path !== undefined) lines.push(`${more}file as scopes see it: ${inventory.path}`);
    lines.push(`${more}not_collected: ${inventory.notCollected ? `lists '${inventory.notCollected.category}'${inventory.notCollected.at ? ` (${inventory.notCollected.at})` : ''}` : `does not list ${inventory.keys.map((key) => `'${key}'`).join(' or ')}`}`);
    if (inventory.disclosures.length === 0) lines.push(`${more}data: no key for ${inventory.keys.map((key) => `'${key}'`).join(' or ')}`);
    for (const check of inventory.disclosures) {
      const scope = check.scope ? `scope ${check.scope.join(', ')} ${check.scopeMatches ? '✓' : '✗'}` : 'no scope ✓';
      lines.push(`${more}data.${check.key}${check.at ? ` (${check.at})` : ''}: actor '${check.actor}' ${check.actorMatches ? '✓' : '✗'}, ${scope}${check.clause ? `, clause ${check.clause}` : ''}`);
    }
  }
  lines.push(`${label('why')}${inventory.reason}`);
  return `${lines.join('\n')}\n`;
}

/** The inventory part of an explanation when the inventory is a policy text: its clauses, not YAML keys. */
function formatPolicyChecks(inventory: InventoryExplanation, label: (name: string) => string, more: string): string[] {
  const keys = inventory.keys.map((key) => `'${key}'`).join(' or ');
  const denied = inventory.notCollected;
  const lines = [`${label('policy')}${inventory.inventory ?? 'none found'} (the policy text, read as the inventory)`];
  const quoted = (quote: string | undefined) => (quote !== undefined ? [`${more}  “${quote}”`] : []);
  lines.push(`${more}not collected: ${denied ? `says '${denied.category}' is not collected${clauseAt(denied.clause, denied.at)}` : `does not say ${keys} is not collected`}`);
  lines.push(...quoted(denied?.quote));
  if (inventory.disclosures.length === 0) lines.push(`${more}disclosed: nothing covering ${keys}`);
  for (const check of inventory.disclosures) {
    const scope = check.scope ? `, scope ${check.scope.join(', ')} ${check.scopeMatches ? '✓' : '✗'}` : '';
    lines.push(`${more}discloses '${check.key}'${clauseAt(check.clause, check.at)}: actor '${check.actor}' ${check.actorMatches ? '✓' : '✗'}${scope}`);
    lines.push(...quoted(check.quote));
  }
  return lines;
}
