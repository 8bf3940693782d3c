// privlint init [paths]: draft privacy-inventory.yaml from what a scan finds.
import { Command } from 'commander';

export interface InitFlags {
  output: string;
  force: boolean;
}

export function registerInitCommand(program: Command): void {
  program
    .command('init')
    .description('draft privacy-inventory.yaml from the collection a scan finds')
    .argument('[paths...]', 'files, folders or globs to scan (default: the working directory)')
    .option('-o, --output <file>', 'where to write the inventory', 'privacy-inventory.yaml')
    .option('--force', 'overwrite an existing inventory', false)
    .action(async (paths: string[], flags: InitFlags) => (await import('../actions/init.js')).runInit(paths, flags));
}
