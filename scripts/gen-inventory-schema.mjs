#!/usr/bin/env node
// Regenerates schema/privacy-inventory.schema.json from rules/categories.yml, so the category ids editors
// autocomplete (via `# yaml-language-server: $schema=…`) are always the ids privlint knows.
//   node scripts/gen-inventory-schema.mjs          write the schema
//   node scripts/gen-inventory-schema.mjs --check  exit 1 when the committed schema is stale
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const categoriesFile = join(root, 'rules', 'categories.yml');
export const schemaFile = join(root, 'schema', 'privacy-inventory.schema.json');

/**
 * @param {{ id: string, parent?: string, en: string, zh: string, description: string }[]} categories
 * @returns {object} the draft-07 schema
 */
export function buildInventorySchema(categories) {
  const ids = categories.map((category) => category.id);
  const describe = (category) => {
    const children = categories.filter((other) => other.parent === category.id).map((other) => other.id);
    const covers = children.length ? ` Declaring it covers ${children.join(', ')}; prefer the precise ids.` : '';
    return `${category.en} (${category.zh}). ${category.description}${covers}`;
  };
  const string = (description) => ({ type: 'string', minLength: 1, description });
  const categoryList = (description) => ({
    type: 'array',
    description,
    items: { $ref: '#/definitions/categoryId' },
  });

  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'privlint privacy inventory (privacy-inventory.yaml)',
    description:
      'What the app declares, in its privacy policy, that it collects. privlint checks every sensitive API use in the source against it.',
    type: 'object',
    additionalProperties: false,
    required: ['version'],
    properties: {
      version: { const: 1, description: 'Format version; always 1.' },
      data: {
        type: 'object',
        description: 'The data the policy discloses, keyed by category id. A value is one disclosure or a list of them.',
        additionalProperties: false,
        properties: Object.fromEntries(
          categories.map((category) => [category.id, { $ref: '#/definitions/disclosures', description: describe(category) }]),
        ),
      },
      not_collected: {
        type: 'array',
        description: 'Categories the policy says the app never collects. Collecting one is reported as contradicts-policy.',
        items: { $ref: '#/definitions/notCollected' },
      },
      sdks: {
        type: 'object',
        description: 'Third-party SDKs the policy names, keyed by SDK name.',
        additionalProperties: { $ref: '#/definitions/sdk' },
      },
      consent: {
        type: 'object',
        description: 'How the app obtains consent before collecting.',
        additionalProperties: false,
        properties: {
          gate: string('Name of the function that records the user’s consent.'),
          before: categoryList('Categories that must not be collected before the consent gate has run.'),
        },
      },
    },
    definitions: {
      categoryId: { type: 'string', enum: ids, description: 'A category id from privlint’s rules/categories.yml.' },
      disclosures: {
        if: { type: 'array' },
        then: { type: 'array', minItems: 1, items: { $ref: '#/definitions/disclosure' } },
        else: { $ref: '#/definitions/disclosure' },
      },
      disclosure: {
        type: 'object',
        description: 'One disclosure: why, where in the policy, for which source files, by whom.',
        additionalProperties: false,
        properties: {
          purpose: string('Why the app collects it, as the policy says.'),
          clause: string('The policy clause that discloses it, e.g. "二.14" (quote numbers such as "3.10").'),
          scope: { $ref: '#/definitions/scope' },
          actor: string('Who collects: "self" (the app’s own code, the default) or an SDK’s name.'),
          quote: string('The policy’s words, verbatim.'),
          features: { type: 'array', description: 'Features the policy names for this collection.', items: string('A feature name.') },
        },
      },
      scope: {
        description:
          'Where the collection is disclosed: a glob or a list of globs of source files, relative to the inventory’s folder (a folder name covers everything below it; a leading ! excludes). Absent: anywhere.',
        if: { type: 'array' },
        then: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
        else: { type: 'string', minLength: 1 },
      },
      notCollected: {
        if: { type: 'string' },
        then: { $ref: '#/definitions/categoryId' },
        else: {
          type: 'object',
          additionalProperties: false,
          required: ['category'],
          properties: {
            category: { $ref: '#/definitions/categoryId' },
            clause: string('The policy clause that says so.'),
            quote: string('The policy’s words, verbatim.'),
          },
        },
      },
      sdk: {
        type: 'object',
        additionalProperties: false,
        properties: {
          purpose: string('Why the app embeds the SDK.'),
          clause: string('The policy clause that names the SDK.'),
          data: categoryList('Categories the policy says the SDK collects.'),
          scope: { $ref: '#/definitions/scope' },
        },
      },
    },
  };
}

/** The schema file's exact text for the current rules/categories.yml. */
export function generateInventorySchemaText() {
  const { categories } = parse(readFileSync(categoriesFile, 'utf8'));
  return `${JSON.stringify(buildInventorySchema(categories), null, 2)}\n`;
}

function main() {
  const text = generateInventorySchemaText();
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(schemaFile, 'utf8');
    } catch {
      // a missing schema is stale too
    }
    if (committed !== text) {
      console.error('schema/privacy-inventory.schema.json is stale: run npm run gen and commit');
      process.exitCode = 1;
    }
    return;
  }
  writeFileSync(schemaFile, text);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
