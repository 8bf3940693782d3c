// `--policy FILE` (scan, baseline, explain): the published policy text, extracted on the fly, stands in for the inventory.
import type { Inventory } from '../inventory/types.js';
import { extractPolicy } from '../policy/extract.js';
import { inventoryFromPolicy } from '../policy/to-inventory.js';
import { dirnameOf, resolveFrom } from '../util/path.js';
import { readPolicyFile } from './commands/policy.js';

export function policyInventory(cwd: string, file: string): Inventory {
  const { bytes, name } = readPolicyFile(cwd, file);
  const absolute = resolveFrom(cwd, file);
  return inventoryFromPolicy(extractPolicy(bytes, name), absolute, dirnameOf(absolute));
}
