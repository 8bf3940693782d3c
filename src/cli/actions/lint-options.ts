// The scan options `scan` and `baseline` share, read from their flags the same way.
import { loadCatalogue } from '../../catalogue/load.js';
import type { LintOptions } from '../../engine.js';
import { resolveFrom } from '../../util/path.js';
import type { SharedScanFlags } from '../commands/scan-flags.js';


export async function lintOptionsFrom(cwd: string, paths: string[], flags: SharedScanFlags): Promise<LintOptions> {
  // The policy reader (an HTML parser, the lexicon) is loaded only for --policy.
  const policy = flags.policy ? (await import('../policy-inventory.js')).policyInventory(cwd, flags.policy) : undefined;
  return {
    cwd,
    patterns: paths,
    ignore: flags.ignore,
    gitignore: flags.gitignore,
    workers: flags.workers,
    limits: {
      ...(flags.maxFileSize ? { maxFileSize: flags.maxFileSize * 1024 } : {}),
      includeMinified: flags.includeMinified,
    },
    ...(flags.prefilter !== undefined ? { prefilter: flags.prefilter } : {}),
    inventoryFile: flags.inventory,
    ...(policy ? { inventory: policy } : {}),
    ...(flags.rules ? { catalogue: loadCatalogue(resolveFrom(cwd, flags.rules)) } : {}),
  };
}
