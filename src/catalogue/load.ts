// Loads rules/ (the catalogue as data), validates it against schema/*.json, and flattens it into plain,
// structured-clone-able records that workers receive as-is.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorObject } from 'ajv';
import type { Node as YamlNode } from 'yaml';
import { UsageError } from '../errors.js';
import { requireAjv, requireYaml } from '../util/lazy-require.js';
import { packageRoot } from '../util/package-root.js';

/** Names that mean "the global object": `window.navigator` is `navigator`. */
export const GLOBAL_OBJECT_NAMES = ['window', 'globalThis', 'self', 'global'];

export type ApiKind = 'call' | 'read' | 'construct';

export interface AccessPath {
  root: 'global' | 'module';
  /** Global name (`wx`) or module specifier (`expo-location`). */
  name: string;
  path: string[];
}

/** A condition on one argument of a call (`args: { 0: { oneOf: [locationChange] } }` in a rules file). */
export interface ArgumentFilter {
  /** 0-based position of the argument. */
  index: number;
  /** The argument, when it names something (a string literal, or `x.y.NAME`'s last property), must name one of these. */
  oneOf?: string[];
  /** The argument must not name any of these. */
  noneOf?: string[];
}

export interface CatalogueItem {
  /** Entry id derived from the file: rules/apis/wechat/clipboard.yml → `wechat/clipboard`. */
  entry: string;
  /** Doc anchor of this API inside the entry. */
  anchor: string;
  api: string;
  platform: string;
  kind: ApiKind;
  categories: string[];
  /** Permissions, scopes or usage-description keys the API needs (a rules file may give one string or a list). */
  permission?: string[];
  declaration?: string;
  /** Only calls whose arguments pass these filters are collection (`geoLocationManager.on('locationChange', …)`). */
  args?: ArgumentFilter[];
  source: string;
  docs?: string;
  flagged: string;
  clean: string;
  /** rules/-relative file. */
  file: string;
  line: number;
  matches: AccessPath[];
}

export interface ModuleMeta {
  defaultIsNamespace?: boolean;
  aliasOf?: string;
  exports?: Record<string, string>;
  source: string;
}

export interface BridgeMethod {
  bridge: 'android' | 'ios';
  className: string;
  method: string;
  categories: string[];
  permission?: string;
  argIncludes?: string;
  source: string;
  flagged?: string;
  clean?: string;
  file: string;
  line: number;
}

export interface Category {
  id: string;
  parent?: string;
  zh: string;
  en: string;
  description: string;
}

export interface Catalogue {
  /** Content hash of every rules file: part of cache keys. */
  version: string;
  categories: Category[];
  items: CatalogueItem[];
  modules: Record<string, ModuleMeta>;
  bridgeMethods: BridgeMethod[];
}

interface RawItem {
  api?: string;
  global?: string;
  module?: string;
  path: string;
  also?: { global?: string; module?: string; path: string }[];
  kind: ApiKind;
  categories: string[];
  permission?: string | string[];
  declaration?: string;
  args?: Record<string, { oneOf?: string[]; noneOf?: string[] }>;
  source: string;
  docs?: string;
  flagged: string;
  clean: string;
}

interface RawApiFile {
  platform: string;
  global?: string;
  module?: string;
  modules?: Record<string, ModuleMeta>;
  apis: RawItem[];
}

interface RawBridgeFile {
  bridge: 'android' | 'ios';
  classes: {
    class: string;
    source: string;
    methods: { method: string; categories: string[]; permission?: string; argIncludes?: string; source?: string; flagged?: string; clean?: string }[];
  }[];
}

let cachedDefault: Catalogue | undefined;
/** null: there is no current compiled catalogue. */
let cachedCompiled: Catalogue | null | undefined;

/** The catalogue shipped with privlint (memoised: it is immutable). */
export function loadCatalogue(rulesDir = join(packageRoot(), 'rules')): Catalogue {
  const isDefault = rulesDir === join(packageRoot(), 'rules');
  if (isDefault && cachedDefault) return cachedDefault;
  const catalogue = (isDefault ? compiledCatalogue() : undefined) ?? readCatalogue(rulesDir);
  if (isDefault) cachedDefault = catalogue;
  return catalogue;
}

/**
 * The shipped catalogue as `npm run build` compiled it, when that copy is current (checked once); undefined otherwise.
 * Never reads the YAML, so it cannot fail on a broken rules file: a fallback is the caller's choice.
 */
export function compiledCatalogue(): Catalogue | undefined {
  if (cachedCompiled === undefined) cachedCompiled = readCompiledCatalogue(join(packageRoot(), 'rules')) ?? null;
  return cachedCompiled ?? undefined;
}

/** Where `npm run build` writes the validated catalogue as JSON (parsing YAML and compiling schemas costs ~0.3 s). */
export const COMPILED_CATALOGUE = 'dist/catalogue.json';

/** Reads and validates the YAML catalogue, ignoring any compiled copy (for `npm run build`). */
export function compileCatalogue(rulesDir = join(packageRoot(), 'rules')): Catalogue {
  return readCatalogue(rulesDir);
}

/** The compiled catalogue, if it was built from exactly the rules on disk (any edit makes it stale, and unused). */
function readCompiledCatalogue(rulesDir: string): Catalogue | undefined {
  let compiled: Catalogue;
  try {
    compiled = JSON.parse(readFileSync(join(packageRoot(), COMPILED_CATALOGUE), 'utf8')) as Catalogue;
  } catch {
    return undefined;
  }
  return compiled.version === catalogueVersion(rulesDir) ? compiled : undefined;
}

/** Content hash of every rules file (and the category list): part of cache keys and of the compiled catalogue. */
export function catalogueVersion(rulesDir: string): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(join(packageRoot(), 'rules', 'categories.yml'), 'utf8'));
  for (const relFile of [...rulesFiles(rulesDir, 'apis'), ...rulesFiles(rulesDir, 'bridges')]) {
    hash.update(relFile).update(readFileSync(join(rulesDir, relFile), 'utf8'));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The YAML files of a rules folder (`apis` and its subfolders, `bridges` alone) as sorted, rulesDir-relative POSIX
 * paths; none when the folder is missing. Hidden files and folders are left out. A plain folder walk: every scan
 * hashes the rules (catalogueVersion), and a glob library costs more to load than the walk takes.
 */
function rulesFiles(rulesDir: string, folder: 'apis' | 'bridges'): string[] {
  const found: string[] = [];
  const walk = (relative: string) => {
    let entries;
    try {
      entries = readdirSync(join(rulesDir, relative), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const path = `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (folder === 'apis') walk(path);
      } else if (/\.ya?ml$/.test(entry.name)) {
        found.push(path);
      }
    }
  };
  walk(folder);
  return found.sort();
}

function readCatalogue(rulesDir: string): Catalogue {
  const schemaDir = join(packageRoot(), 'schema');
  const { Ajv } = requireAjv();
  const ajv = new Ajv({ allErrors: true, strict: false });
  const catalogueSchema = JSON.parse(readFileSync(join(schemaDir, 'catalogue.schema.json'), 'utf8'));
  const bridgeSchema = JSON.parse(readFileSync(join(schemaDir, 'bridge.schema.json'), 'utf8'));
  ajv.addSchema(catalogueSchema, 'catalogue.schema.json');
  const validateApiFile = ajv.getSchema('catalogue.schema.json')!;
  const validateBridgeFile = ajv.compile(bridgeSchema);

  // Category ids are a contract of the product, not of a rules folder: always the shipped list.
  const categoriesText = readFileSync(join(packageRoot(), 'rules', 'categories.yml'), 'utf8');
  const categories = (parseYaml(categoriesText, 'rules/categories.yml').value as { categories: Category[] }).categories;
  const categoryIds = new Set(categories.map((c) => c.id));

  const items: CatalogueItem[] = [];
  const modules: Record<string, ModuleMeta> = {};
  const apiFiles = rulesFiles(rulesDir, 'apis');
  for (const relFile of apiFiles) {
    const text = readFileSync(join(rulesDir, relFile), 'utf8');
    const displayFile = `rules/${relFile}`;
    const { value, lineOf } = parseYaml(text, displayFile);
    if (!validateApiFile(value)) throw schemaError(displayFile, validateApiFile.errors ?? [], lineOf);
    const raw = value as RawApiFile;
    const entry = relFile.replace(/^apis\//, '').replace(/\.ya?ml$/, '');
    for (const [name, meta] of Object.entries(raw.modules ?? {})) {
      if (modules[name] && JSON.stringify(modules[name]) !== JSON.stringify(meta)) {
        throw new UsageError('catalogue/module-conflict', `module '${name}' is described twice, differently`, { file: displayFile });
      }
      modules[name] = meta;
    }
    raw.apis.forEach((rawItem, index) => {
      const line = lineOf(`/apis/${index}`);
      const primary = accessPath(rawItem, raw, displayFile, line);
      // An alternative without a root of its own shares the item's root.
      const also = (rawItem.also ?? []).map((alt) =>
        alt.global || alt.module ? accessPath(alt, raw, displayFile, line) : { ...primary, path: splitPath(alt.path) },
      );
      const api = rawItem.api ?? displayName(primary);
      for (const category of rawItem.categories) {
        if (!categoryIds.has(category)) throw new UsageError('catalogue/unknown-category', `unknown category '${category}'`, { file: displayFile, line });
      }
      items.push({
        entry,
        anchor: slug(api),
        api,
        platform: raw.platform,
        kind: rawItem.kind,
        categories: rawItem.categories,
        ...(rawItem.permission ? { permission: typeof rawItem.permission === 'string' ? [rawItem.permission] : rawItem.permission } : {}),
        ...(rawItem.declaration ? { declaration: rawItem.declaration } : {}),
        ...(rawItem.args ? { args: argumentFilters(rawItem.args) } : {}),
        source: rawItem.source,
        ...(rawItem.docs ? { docs: rawItem.docs } : {}),
        flagged: rawItem.flagged,
        clean: rawItem.clean,
        file: displayFile,
        line,
        matches: [primary, ...also],
      });
    });
  }

  const bridgeMethods: BridgeMethod[] = [];
  for (const relFile of rulesFiles(rulesDir, 'bridges')) {
    const text = readFileSync(join(rulesDir, relFile), 'utf8');
    const displayFile = `rules/${relFile}`;
    const { value, lineOf } = parseYaml(text, displayFile);
    if (!validateBridgeFile(value)) throw schemaError(displayFile, validateBridgeFile.errors ?? [], lineOf);
    const raw = value as RawBridgeFile;
    raw.classes.forEach((cls, classIndex) => {
      cls.methods.forEach((method, methodIndex) => {
        bridgeMethods.push({
          bridge: raw.bridge,
          className: cls.class,
          method: method.method,
          categories: method.categories,
          ...(method.permission ? { permission: method.permission } : {}),
          ...(method.argIncludes ? { argIncludes: method.argIncludes } : {}),
          source: method.source ?? cls.source,
          ...(method.flagged ? { flagged: method.flagged } : {}),
          ...(method.clean ? { clean: method.clean } : {}),
          file: displayFile,
          line: lineOf(`/classes/${classIndex}/methods/${methodIndex}`),
        });
      });
    });
  }

  return { version: catalogueVersion(rulesDir), categories, items, modules, bridgeMethods };
}

function accessPath(item: { global?: string; module?: string; path: string }, file: RawApiFile, displayFile: string, line: number): AccessPath {
  const path = splitPath(item.path);
  const global = item.global ?? (item.module ? undefined : file.global);
  // `global: globalThis, path: Accelerometer` is the bare global `Accelerometer`.
  if (global && GLOBAL_OBJECT_NAMES.includes(global)) return { root: 'global', name: path[0]!, path: path.slice(1) };
  if (global) return { root: 'global', name: global, path };
  if (item.module) return { root: 'module', name: item.module, path };
  if (file.module) return { root: 'module', name: file.module, path };
  throw new UsageError('catalogue/no-root', `api '${item.path}' has no global or module root`, {
    file: displayFile,
    line,
    hint: 'add `global:` or `module:` to the item or to the file',
  });
}

/** `{ 0: { oneOf: [locationChange] } }` → `[{ index: 0, oneOf: ['locationChange'] }]`, by position. */
function argumentFilters(raw: Record<string, { oneOf?: string[]; noneOf?: string[] }>): ArgumentFilter[] {
  return Object.entries(raw)
    .map(([position, filter]) => ({ index: Number(position), ...(filter.oneOf ? { oneOf: filter.oneOf } : {}), ...(filter.noneOf ? { noneOf: filter.noneOf } : {}) }))
    .sort((a, b) => a.index - b.index);
}

/** `getSystemPasteboard().getData` → ['getSystemPasteboard', '()', 'getData']: `()` is the call's result. */
export function splitPath(path: string): string[] {
  return path.split('.').flatMap((segment) => (segment.endsWith('()') ? [segment.slice(0, -2), '()'] : [segment]));
}

function displayName(path: AccessPath): string {
  return [path.name, ...path.path].join('.').replace(/\.\(\)/g, '()');
}

export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

interface ParsedYaml {
  value: unknown;
  /** 1-based line of the node at a JSON pointer (`/apis/3`), or of the document start. */
  lineOf(pointer: string): number;
}

function parseYaml(text: string, file: string): ParsedYaml {
  const { LineCounter, parseDocument, isMap, isSeq } = requireYaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0]!;
    const position = lineCounter.linePos(error.pos[0]);
    throw new UsageError('catalogue/yaml', error.message.split('\n')[0]!, { file, line: position.line, column: position.col });
  }
  const lineOf = (pointer: string): number => {
    let node: unknown = doc.contents;
    for (const key of pointer.split('/').slice(1)) {
      if (isMap(node)) node = node.get(key, true);
      else if (isSeq(node)) node = node.get(Number(key), true);
      else break;
    }
    const range = (node as YamlNode | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : 1;
  };
  return { value: doc.toJS({ maxAliasCount: 100 }), lineOf };
}

function schemaError(file: string, errors: ErrorObject[], lineOf: (pointer: string) => number): UsageError {
  const first = errors[0]!;
  const detail = first.keyword === 'additionalProperties' ? `unknown key '${String((first.params as { additionalProperty: string }).additionalProperty)}'` : first.message ?? 'invalid';
  return new UsageError('catalogue/schema', `${first.instancePath || '/'}: ${detail}`, { file, line: lineOf(first.instancePath) });
}
