// privlint baseline [paths...]: record today's findings so that `scan --baseline` fails only on new ones.
import { Command, Option } from 'commander';
import { DEFAULT_BASELINE_FILE } from '../../baseline/baseline.js';
import { positiveInteger } from '../io.js';
import type { SharedScanFlags } from './scan-flags.js';

export interface BaselineFlags extends SharedScanFlags {
  output: string;
}

export function registerBaselineCommand(program: Command): void {
  program
    .command('baseline')
    .description('record the current findings in a baseline file, so that scan --baseline fails only on new ones')
    .argument('[paths...]', 'files, folders or globs (default: the working directory)')
    .option('-o, --output <file>', 'the baseline file (inside the working directory)', DEFAULT_BASELINE_FILE)
    .option('--policy <file>', 'check against a published privacy policy (text, Markdown or HTML) instead of an inventory')
    .option('-i, --inventory <file>', 'privacy inventory to check against (default: privacy-inventory.yaml found walking up)')
    .option('--ignore <glob>', 'ignore files matching a glob (repeatable)', (value: string, previous: string[]) => [...previous, value], [])
    .option('--no-gitignore', 'do not honour .gitignore files')
    .option('-j, --workers <n>', 'threads that analyse files, this one included (default: one per core from 5,000 files, else one)', positiveInteger('--workers'))
    .option('--max-file-size <kb>', 'skip files larger than this many KiB (default 4096)', positiveInteger('--max-file-size'))
    .option('--include-minified', 'scan minified bundles instead of skipping them', false)
    .addOption(new Option('--rules <dir>', 'use another catalogue folder (for tests and catalogue development)').hideHelp())
    .action(async (paths: string[], flags: BaselineFlags) => (await import('../actions/baseline.js')).runBaseline(paths, flags));
}
