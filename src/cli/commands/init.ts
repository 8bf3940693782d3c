// `privlint init`: drafts privacy-inventory.yaml from what the scan found, for a person to complete from the policy.
import { writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import { UsageError } from '../../errors.js';
import { categoryIds } from '../../inventory/categories.js';
import { escapeGlob } from '../../inventory/glob.js';
import type { Detection } from '../../types.js';
import { toPosix } from '../../util/path.js';

/** Call sites cited above one entry; the rest are counted, so a busy category does not bury the file. */
export const MAX_CITED_CALL_SITES = 20;

export interface DraftOptions {
  /** Absolute folder the inventory will be written to; scopes are relative to it. */
  inventoryDir: string;
  /** The folder Detection.file is relative to. */
  cwd: string;
  /** `$schema` for the yaml-language-server modeline (default: the schema in node_modules/privlint, relative to inventoryDir). */
  schemaRef?: string;
}

interface Group {
  category: string;
  actor: string;
  files: string[];
  sites: CallSite[];
}

interface CallSite {
  path: string;
  line: number;
  column: number;
  api: string;
}

export function renderDraftInventory(detections: Detection[], options: DraftOptions): string {
  const inventoryDir = resolve(options.inventoryDir);
  const toInventoryPath = (file: string) => toPosix(relative(inventoryDir, resolve(options.cwd, file)));

  const groups = new Map<string, Group>();
  for (const detection of detections) {
    const key = `${detection.category}\u0000${detection.actor}`;
    let group = groups.get(key);
    if (!group) {
      group = { category: detection.category, actor: detection.actor, files: [], sites: [] };
      groups.set(key, group);
    }
    const path = toInventoryPath(detection.file);
    group.files.push(path);
    group.sites.push({ path, line: detection.range.start.line, column: detection.range.start.column, api: detection.api });
  }

  const byCategory = new Map<string, Group[]>();
  for (const group of groups.values()) {
    group.files = sortUnique(group.files);
    group.sites = uniqueSites(group.sites);
    byCategory.set(group.category, [...(byCategory.get(group.category) ?? []), group]);
  }
  const known = categoryIds();
  const rank = (id: string) => (known.includes(id) ? known.indexOf(id) : known.length);
  const categories = [...byCategory.keys()].sort((a, b) => rank(a) - rank(b) || compare(a, b));

  const schemaRef = options.schemaRef ?? toPosix(relative(inventoryDir, join(resolve(options.cwd), 'node_modules', 'privlint', 'schema', 'privacy-inventory.schema.json')));
  const lines = [
    `# yaml-language-server: $schema=${schemaRef}`,
    '# Drafted by privlint init from the scanned code. For each entry, write the purpose and the clause of your',
    '# privacy policy that discloses it, and keep scope (globs relative to this folder) to what the policy covers.',
    '# Delete an entry the policy does not disclose: privlint will then report that collection.',
    'version: 1',
  ];
  if (categories.length === 0) {
    lines.push('# privlint found no collection of personal data in the scanned code.', 'data: {}');
  } else {
    lines.push('data:');
    for (const category of categories) {
      const entries = byCategory.get(category)!.sort((a, b) => compareActors(a.actor, b.actor));
      if (entries.length === 1) {
        lines.push(...citations(entries[0], '  '), `  ${scalar(category)}:`, ...disclosureLines(entries[0], '    ', '    '));
      } else {
        lines.push(`  ${scalar(category)}:`);
        for (const entry of entries) lines.push(...citations(entry, '    '), ...disclosureLines(entry, '    - ', '      '));
      }
    }
  }
  lines.push('# Categories the policy says the app never collects, e.g.:', '# not_collected: [contacts, sms]');
  return `${lines.join('\n')}\n`;
}

function citations(group: Group, indent: string): string[] {
  const shown = group.sites
    .slice(0, MAX_CITED_CALL_SITES)
    .map((site) => `${indent}# ${oneLine(`${site.path}:${site.line}:${site.column} ${site.api}`)}`);
  const more = group.sites.length - shown.length;
  return more > 0 ? [...shown, `${indent}# … and ${more} more`] : shown;
}

/** `first` prefixes the first line (`- ` for list items), `rest` the others. */
function disclosureLines(group: Group, first: string, rest: string): string[] {
  const fields = ['purpose: TODO'];
  if (group.actor !== 'self') fields.push(`actor: ${scalar(group.actor)}`);
  fields.push('scope:', ...group.files.map((file) => `  - ${scalar(escapeGlob(file))}`));
  return fields.map((field, index) => `${index === 0 ? first : rest}${field}`);
}

/** A one-line YAML scalar: plain when safe, else quoted (a JSON string is a valid YAML double-quoted scalar). */
function scalar(value: string): string {
  const rendered = stringify(value, { lineWidth: 0 }).replace(/\n$/, '');
  return rendered.includes('\n') ? JSON.stringify(value) : rendered;
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The app's own code first, then SDKs by name. */
function compareActors(a: string, b: string): number {
  return a === b ? 0 : a === 'self' ? -1 : b === 'self' ? 1 : compare(a, b);
}

function uniqueSites(sites: CallSite[]): CallSite[] {
  const byKey = new Map(sites.map((site) => [`${site.path}\u0000${site.line}\u0000${site.column}\u0000${site.api}`, site]));
  return [...byKey.values()].sort(
    (a, b) => compare(a.path, b.path) || a.line - b.line || a.column - b.column || compare(a.api, b.api),
  );
}

function sortUnique(items: string[]): string[] {
  return [...new Set(items)].sort(compare);
}

/** Writes the drafted inventory; an existing file is only replaced with `force`. */
export function writeInventoryFile(path: string, content: string, force: boolean): void {
  try {
    writeFileSync(path, content, { encoding: 'utf8', flag: force ? 'w' : 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      throw new UsageError('inventory/exists', `${path} already exists`, { file: path, hint: 'pass --force to overwrite it' });
    }
    throw new UsageError('inventory/write-error', `cannot write ${path} (${code ?? (error as Error).message})`, { file: path });
  }
}
