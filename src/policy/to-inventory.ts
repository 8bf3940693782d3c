// A policy text read as an inventory, so `scan --policy` checks code against the published words directly.
import type { Disclosure, Inventory, NotCollected } from '../inventory/types.js';
import type { PolicyExtraction } from './extract.js';

export function inventoryFromPolicy(extraction: PolicyExtraction, absoluteFile: string, dir: string): Inventory {
  const data = new Map<string, Disclosure[]>();
  for (const disclosure of extraction.disclosures) {
    const list = data.get(disclosure.category) ?? [];
    list.push({
      actor: disclosure.actor,
      clause: disclosure.clause,
      purpose: disclosure.purpose,
      quote: disclosure.quote,
      features: disclosure.features,
      // Findings about the declaration (unused-declaration) point at the clause in the policy text.
      location: { file: absoluteFile, line: disclosure.line, column: 1 },
    });
    data.set(disclosure.category, list);
  }
  const notCollected: NotCollected[] = extraction.notCollected
    .filter((entry) => !data.has(entry.category))
    .map((entry) => ({ category: entry.category, clause: entry.clause, quote: entry.quote, location: { file: absoluteFile, line: entry.line, column: 1 } }));
  return { version: 1, file: absoluteFile, dir, data, notCollected, source: 'policy' };
}
