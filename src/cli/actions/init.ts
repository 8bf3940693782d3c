// What `privlint init` does (loaded only when it runs); its options are declared in ../commands/init-command.ts.
import { scanProject } from '../../scan/scan.js';
import { dirnameOf, resolveFrom, toReportPath } from '../../util/path.js';
import { resolveOutputPath } from '../io.js';
import type { InitFlags } from '../commands/init-command.js';
import { renderDraftInventory, writeInventoryFile } from '../commands/init.js';

export async function runInit(paths: string[], flags: InitFlags): Promise<void> {
  const cwd = process.cwd();
  const target = resolveOutputPath(cwd, flags.output);
  const scan = await scanProject({ cwd, patterns: paths });
  const content = renderDraftInventory(scan.detections, { inventoryDir: dirnameOf(resolveFrom(cwd, target)), cwd });
  writeInventoryFile(target, content, flags.force);
  const categories = new Set(scan.detections.map((detection) => detection.category));
  process.stdout.write(
    `wrote ${toReportPath(cwd, target)}: ${categories.size} ${categories.size === 1 ? 'category' : 'categories'} from ${scan.detections.length} call sites. Fill in each TODO purpose and clause, then run privlint scan.\n`,
  );
}
