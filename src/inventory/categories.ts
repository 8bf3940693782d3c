// The category ids (rules/categories.yml) and their parent links, for validation and parent coverage.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compiledCatalogue } from '../catalogue/load.js';
import { requireYaml } from '../util/lazy-require.js';
import { packageRoot } from '../util/package-root.js';

export interface CategoryInfo {
  id: string;
  parent?: string;
  en: string;
  zh: string;
}

let cached: CategoryInfo[] | undefined;

export function categories(): readonly CategoryInfo[] {
  if (!cached) {
    // The compiled catalogue carries the list (and a scan reads it anyway); the YAML is read only when it is stale.
    const list = compiledCatalogue()?.categories ?? readCategoriesFile();
    cached = list.map(({ id, parent, en, zh }) => (parent ? { id, parent, en, zh } : { id, en, zh }));
  }
  return cached;
}

function readCategoriesFile(): CategoryInfo[] {
  const text = readFileSync(join(packageRoot(), 'rules', 'categories.yml'), 'utf8');
  return (requireYaml().parse(text) as { categories: CategoryInfo[] }).categories;
}

export function categoryIds(): string[] {
  return categories().map((category) => category.id);
}

export function isCategoryId(id: string): boolean {
  return categories().some((category) => category.id === id);
}

/** `device.imei` → [`device.imei`, `device`]: the id itself, then each ancestor. */
export function selfAndAncestors(id: string): string[] {
  const chain = [id];
  const seen = new Set(chain);
  for (let current = id; ; ) {
    const parent = categories().find((category) => category.id === current)?.parent;
    if (!parent || seen.has(parent)) return chain;
    chain.push(parent);
    seen.add(parent);
    current = parent;
  }
}

/** Does a declaration of `declared` cover a collection of `collected` (same id, or an ancestor)? */
export function covers(declared: string, collected: string): boolean {
  return selfAndAncestors(collected).includes(declared);
}

export function childrenOf(id: string): string[] {
  return categories()
    .filter((category) => category.parent === id)
    .map((category) => category.id);
}
