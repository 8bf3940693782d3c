// privlint merge a.json b.json …: combines the JSON reports of `scan --shard K/N` jobs into the report a single
// whole-project scan gives (byte for byte), and exits like scan: 0 clean, 1 errors, 2 usage.
import { Command, Option } from 'commander';

export const MERGE_FORMATS = ['json', 'sarif'] as const;

export interface MergeFlags {
  format: (typeof MERGE_FORMATS)[number];
  output?: string;
  rules?: string;
}

export function registerMergeCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('merge')
    .description('combine the JSON reports of scan --shard K/N jobs into the report of one whole-project scan')
    .argument('<reports...>', 'the JSON report of every shard (privlint scan --shard K/N --format json)')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...MERGE_FORMATS]).default('json'))
    .option('-o, --output <file>', 'write the report to a file (inside the working directory) instead of stdout')
    .addOption(new Option('--rules <dir>', 'the catalogue folder the shards used with --rules (for SARIF rule help)').hideHelp())
    .action(async (reports: string[], flags: MergeFlags) => (await import('../actions/merge.js')).runMerge(reports, flags, setExitCode));
}
