// What `privlint rules` does (loaded only when it runs); its options are declared in ../commands/rules.ts.
import { loadCatalogue, type CatalogueItem } from '../../catalogue/load.js';
import { UsageError } from '../../errors.js';
import type { RulesFlags } from '../commands/rules.js';

export function runRules(flags: RulesFlags): void {
  const catalogue = loadCatalogue();
  const platforms = [...new Set(catalogue.items.map((item) => item.platform))].sort();
  if (flags.platform && !platforms.includes(flags.platform)) {
    throw new UsageError('usage/unknown-platform', `unknown platform '${flags.platform}'`, { hint: `one of: ${platforms.join(', ')}` });
  }
  const categoryIds = catalogue.categories.map((category) => category.id);
  if (flags.category && !categoryIds.includes(flags.category)) {
    throw new UsageError('usage/unknown-category', `unknown category '${flags.category}'`, { hint: `one of: ${categoryIds.join(', ')}` });
  }
  const wanted = (item: CatalogueItem) =>
    (!flags.platform || item.platform === flags.platform) &&
    (!flags.category || item.categories.some((id) => id === flags.category || id.startsWith(`${flags.category}.`)));
  const items = catalogue.items.filter(wanted).sort(compareItems);
  if (flags.format === 'json') {
    const rows = items.map((item) => ({
      entry: item.entry,
      api: item.api,
      platform: item.platform,
      kind: item.kind,
      categories: item.categories,
      ...(item.permission ? { permission: item.permission } : {}),
      ...(item.declaration ? { declaration: item.declaration } : {}),
      ...(item.args ? { args: item.args } : {}),
      source: item.source,
      ...(item.docs ? { docs: item.docs } : {}),
      matches: item.matches.map((match) => `${match.root === 'module' ? `import('${match.name}')` : match.name}.${match.path.join('.')}`.replace(/\.\(\)/g, '()')),
    }));
    process.stdout.write(`${JSON.stringify({ version: catalogue.version, count: rows.length, apis: rows }, null, 2)}\n`);
    return;
  }
  const width = Math.min(60, Math.max(3, ...items.map((item) => item.api.length)));
  const lines = items.map((item) => `${item.platform.padEnd(13)} ${item.api.padEnd(width)}  ${item.categories.join(', ')}${item.permission ? `  (${item.permission.join(', ')})` : ''}`);
  lines.push('', `${items.length} APIs`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

function compareItems(a: CatalogueItem, b: CatalogueItem): number {
  return a.platform < b.platform ? -1 : a.platform > b.platform ? 1 : a.api < b.api ? -1 : a.api > b.api ? 1 : 0;
}
