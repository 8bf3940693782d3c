// privlint scan [paths...]: find collection, check it, report it, and exit 0 (clean), 1 (errors) or 2 (usage).
import { Command, Option } from 'commander';
import { positiveInteger } from '../io.js';
import { parseShard, type ShardSpec } from '../../scan/shard.js';
import type { SharedScanFlags } from './scan-flags.js';

export const SCAN_FORMATS = ['stylish', 'json', 'sarif'] as const;

export interface ScanFlags extends SharedScanFlags {
  format: (typeof SCAN_FORMATS)[number];
  output?: string;
  baseline?: string;
  prefilter: boolean;
  color?: boolean;
  changedSince?: string;
  shard?: ShardSpec;
  cache: boolean;
  cacheLocation?: string;
}

export function registerScanCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('scan')
    .description('scan source files for collection of personal data and check it against the privacy inventory')
    .argument('[paths...]', 'files, folders or globs (default: the working directory)')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...SCAN_FORMATS]).default('stylish'))
    .option('-o, --output <file>', 'write the report to a file (inside the working directory) instead of stdout')
    .option('--policy <file>', 'check against a published privacy policy (text, Markdown or HTML) instead of an inventory')
    .option('-i, --inventory <file>', 'privacy inventory to check against (default: privacy-inventory.yaml found walking up)')
    .option('--baseline <file>', 'accept the findings listed in this baseline (privlint baseline): only new ones fail the run')
    .option('--ignore <glob>', 'ignore files matching a glob (repeatable)', collect, [])
    .option('--no-gitignore', 'do not honour .gitignore files')
    .option('-j, --workers <n>', 'threads that analyse files, this one included (default: one per core from 5,000 files, else one)', positiveInteger('--workers'))
    .option('--max-file-size <kb>', 'skip files larger than this many KiB (default 4096)', positiveInteger('--max-file-size'))
    .option('--include-minified', 'scan minified bundles instead of skipping them', false)
    .addOption(new Option('--no-prefilter', 'parse every file, even those that mention no catalogued API (slower; for checking)').hideHelp())
    .option('--changed-since <ref>', 'scan only the files changed since a git ref, and those whose findings the changes can affect')
    .option('--shard <k/n>', 'scan part K of N of the files (a CI matrix job); combine the JSON reports with privlint merge', parseShard)
    .option('--cache', 'reuse the results of unchanged files from the previous run', false)
    .option('--cache-location <path>', 'cache file or folder (implies --cache; default node_modules/.cache/privlint/)')
    .option('--no-color', 'plain output')
    .addOption(new Option('--rules <dir>', 'use another catalogue folder (for tests and catalogue development)').hideHelp())
    .action(async (paths: string[], flags: ScanFlags) => (await import('../actions/scan.js')).runScan(paths, flags, setExitCode));
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
