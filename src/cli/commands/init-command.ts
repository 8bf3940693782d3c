// privlint init [paths]: draft privacy-inventory.yaml from what a scan finds.
import { Command } from 'commander';
import { scanProject } from '../../scan/scan.js';
import { dirnameOf, resolveFrom, toReportPath } from '../../util/path.js';
import { resolveOutputPath } from '../io.js';
import { renderDraftInventory, writeInventoryFile } from './init.js';

interface InitFlags {
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
    .action(async (paths: string[], flags: InitFlags) => {
      const cwd = process.cwd();
      const target = resolveOutputPath(cwd, flags.output);
      const scan = await scanProject({ cwd, patterns: paths });
      const content = renderDraftInventory(scan.detections, { inventoryDir: dirnameOf(resolveFrom(cwd, target)), cwd });
      writeInventoryFile(target, content, flags.force);
      const categories = new Set(scan.detections.map((detection) => detection.category));
      process.stdout.write(
        `wrote ${toReportPath(cwd, target)}: ${categories.size} ${categories.size === 1 ? 'category' : 'categories'} from ${scan.detections.length} call sites. Fill in each TODO purpose and clause, then run privlint scan.\n`,
      );
    });
}
