// privlint explain FILE:LINE[:COL]: why a finding fired (or why a collection on that line did not): the catalogue
// entry that matched, the chain of bindings from the import or global to the use, the inventory entries it was
// checked against and the rule that resulted. Scans that one file (and the project modules it imports).
import { Command, Option } from 'commander';

export interface ExplainFlags {
  format: 'text' | 'json';
  inventory?: string;
  policy?: string;
  rules?: string;
}

export function registerExplainCommand(program: Command): void {
  program
    .command('explain')
    .description('explain why a finding fired at FILE:LINE[:COL]: catalogue entry, binding chain, inventory check, rule')
    .argument('<location>', 'FILE:LINE or FILE:LINE:COL, as a report prints it')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--policy <file>', 'check against a published privacy policy (text, Markdown or HTML) instead of an inventory')
    .option('-i, --inventory <file>', 'privacy inventory to check against (default: privacy-inventory.yaml found walking up)')
    .addOption(new Option('--rules <dir>', 'use another catalogue folder (for tests and catalogue development)').hideHelp())
    .action(async (location: string, flags: ExplainFlags) => (await import('../actions/explain.js')).runExplain(location, flags));
}
