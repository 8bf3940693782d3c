// What `privlint policy check` does (loaded only when it runs); its options are declared in ../commands/policy-check.ts.
import { resolveInventory } from '../../inventory/load.js';
import { extractPolicy } from '../../policy/extract.js';
import { UsageError } from '../../errors.js';
import type { CheckFlags } from '../commands/policy-check.js';
import { readPolicyFile } from '../commands/policy.js';

export interface PolicyDifference {
  kind: 'not-in-inventory' | 'not-in-policy' | 'denied-but-declared' | 'declared-but-denied' | 'actor-differs';
  category: string;
  clauses: string[];
  message: string;
}

export function runPolicyCheck(file: string, flags: CheckFlags): void {
  const cwd = process.cwd();
  const { bytes, name } = readPolicyFile(cwd, file);
  const extraction = extractPolicy(bytes, name);
  const inventory = resolveInventory({ cwd, explicit: flags.inventory });
  if (!inventory) throw new UsageError('policy/no-inventory', 'no privacy-inventory.yaml found to check the policy against', { hint: `run privlint policy extract ${file} --output privacy-inventory.yaml to draft one` });
  const differences: PolicyDifference[] = [];
  const declared = new Set(inventory.data.keys());
  const denied = new Set(inventory.notCollected.map((entry) => entry.category));
  const covers = (ids: Set<string>, category: string) => ids.has(category) || ids.has(category.split('.')[0]!);
  for (const [category, clauses] of Object.entries(extraction.byCategory).sort()) {
    if (covers(denied, category)) differences.push({ kind: 'declared-but-denied', category, clauses, message: `the policy discloses '${category}' (${clauses.join(', ')}), but the inventory lists it under not_collected` });
    else if (!covers(declared, category)) differences.push({ kind: 'not-in-inventory', category, clauses, message: `the policy discloses '${category}' (${clauses.join(', ')}), but the inventory does not declare it` });
    else {
      const policyActors = new Set(extraction.disclosures.filter((d) => d.category === category).map((d) => d.actor));
      const inventoryActors = new Set([...(inventory.data.get(category) ?? inventory.data.get(category.split('.')[0]!) ?? [])].map((d) => d.actor));
      const missing = [...policyActors].filter((actor) => !inventoryActors.has(actor)).sort();
      if (missing.length > 0) differences.push({ kind: 'actor-differs', category, clauses, message: `the policy discloses '${category}' for ${missing.join(', ')}, which the inventory does not` });
    }
  }
  const disclosedByPolicy = new Set(Object.keys(extraction.byCategory));
  for (const category of [...declared].sort()) {
    const mentioned = [...disclosedByPolicy].some((id) => id === category || id.startsWith(`${category}.`));
    if (!mentioned) differences.push({ kind: 'not-in-policy', category, clauses: [], message: `the inventory declares '${category}', but the policy does not disclose it` });
  }
  for (const [category, clauses] of Object.entries(extraction.notCollectedByCategory).sort()) {
    if (covers(declared, category) && !disclosedByPolicy.has(category)) {
      differences.push({ kind: 'denied-but-declared', category, clauses, message: `the policy says '${category}' is not collected (${clauses.join(', ')}), but the inventory declares it` });
    }
  }
  if (flags.format === 'json') process.stdout.write(`${JSON.stringify({ version: 1, policy: name, differences }, null, 2)}\n`);
  else {
    const lines = differences.map((d) => `${d.kind.padEnd(20)} ${d.category.padEnd(18)} ${d.message}`);
    lines.push(differences.length === 0 ? '✔ the policy and the inventory agree' : `✖ ${differences.length} ${differences.length === 1 ? 'difference' : 'differences'}`);
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  process.exitCode = differences.length > 0 ? 1 : 0;
}
