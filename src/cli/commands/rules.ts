// privlint rules: the catalogue, filtered, as a table or JSON.
import { Command, Option } from 'commander';

export interface RulesFlags {
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
    .action(async (flags: RulesFlags) => (await import('../actions/rules.js')).runRules(flags));
}
