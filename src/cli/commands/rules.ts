// privlint rules: the catalogue, filtered, as a table or JSON.
import { Command, Option } from 'commander';
import { loadCatalogue, type CatalogueItem } from '../../catalogue/load.js';
import { UsageError } from '../../errors.js';

interface RulesFlags {
  platform?: string;
  category?: string;
  format: 'table' | 'json';
}

export function registerRulesCommand(program: Command): void {
  program
    .command('rules')
    .description('list the catalogue of sensitive APIs')
    .option('-p, --platform <platform>', 'only this platform (web, wechat, uniapp, react-native, harmonyos, …)')
    .option('-c, --category <category>', 'only this category (or a parent such as device)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action((flags: RulesFlags) => {
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
    });
}

function compareItems(a: CatalogueItem, b: CatalogueItem): number {
  return a.platform < b.platform ? -1 : a.platform > b.platform ? 1 : a.api < b.api ? -1 : a.api > b.api ? 1 : 0;
}
