// A policy extraction → a draft privacy inventory (privacy-inventory.yaml) in the inventory schema: `version: 1`,
// `data:` category → disclosures {purpose, clause, actor, quote, features}, `not_collected:` {category, clause,
// quote}. Output is deterministic: document order, categories in rules/categories.yml order, no timestamps.
import { Document, isMap, isSeq, visit } from 'yaml';
import { categories } from '../inventory/categories.js';
import type { PolicyExtraction } from './extract.js';

export type DraftFormat = 'yaml' | 'json';

/** Where the schema is when privlint is installed in the project that holds the inventory. */
export const DEFAULT_SCHEMA_REF = 'node_modules/privlint/schema/privacy-inventory.schema.json';

export interface DraftDisclosure {
  purpose: string;
  clause: string;
  actor: string;
  quote: string;
  features: string[];
}

export interface DraftNotCollected {
  category: string;
  clause: string;
  quote: string;
}

export interface DraftInventory {
  version: 1;
  data: Record<string, DraftDisclosure[]>;
  not_collected: DraftNotCollected[];
}

export interface DraftOptions {
  format?: DraftFormat;
  /** The `$schema` path written in the YAML header (relative to where the draft is written). */
  schemaRef?: string;
  /** The policy's name as shown in the header (default: extraction.file). */
  source?: string;
}

export function draftInventory(extraction: PolicyExtraction): DraftInventory {
  const data: Record<string, DraftDisclosure[]> = {};
  for (const category of categories()) {
    const entries = extraction.disclosures.filter((item) => item.category === category.id);
    if (entries.length === 0) continue;
    data[category.id] = entries.map((item) => ({
      purpose: item.purpose,
      clause: item.clause,
      actor: item.actor,
      quote: item.quote,
      features: [...item.features],
    }));
  }
  const notCollected = extraction.notCollected.map((item) => ({ category: item.category, clause: item.clause, quote: item.quote }));
  return { version: 1, data, not_collected: notCollected };
}

function headerLines(extraction: PolicyExtraction, options: DraftOptions): string[] {
  const source = options.source ?? extraction.file;
  const lines = [
    ` yaml-language-server: $schema=${options.schemaRef ?? DEFAULT_SCHEMA_REF}`,
    ` Drafted by \`privlint policy extract\` from ${source} (${extraction.format}, ${extraction.encoding}${extraction.bom ? ' with BOM' : ''}, ${extraction.language}).`,
    ' A draft: check every entry against the policy, replace each TODO purpose, and add `scope:` globs where a',
    ' collection belongs to one part of the code. Every entry cites its clause and quotes the policy verbatim.',
  ];
  if (extraction.parties.length > 0) {
    lines.push(` Third parties named: ${extraction.parties.map((party) => `${party.name} (${party.clause})`).join(', ')}.`);
  }
  for (const warning of extraction.warnings) lines.push(` warning: ${warning}`);
  return lines;
}

export function renderDraft(extraction: PolicyExtraction, options: DraftOptions = {}): string {
  const draft = draftInventory(extraction);
  if ((options.format ?? 'yaml') === 'json') return `${JSON.stringify(draft, null, 2)}\n`;

  const doc = new Document(draft);
  doc.commentBefore = headerLines(extraction, options).join('\n');
  // Feature lists read best on one line: `features: [消息, 看视频, 角视频]`.
  visit(doc, {
    Pair(_, pair) {
      const key = (pair.key as { value?: unknown } | null)?.value;
      if (key === 'features' && isSeq(pair.value)) pair.value.flow = true;
      if (key === 'data' && isMap(pair.value) && pair.value.items.length === 0) pair.value.flow = true;
      if (key === 'not_collected' && isSeq(pair.value) && pair.value.items.length === 0) pair.value.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, indentSeq: true });
}
