// Finds, parses and validates privacy-inventory.yaml. Every problem becomes a UsageError at the offending key or
// value (file:line:col), so the CLI can print it and exit 2; nothing here should surface as a stack trace.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { dirname, join, resolve } from 'node:path';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Document, Node as YamlNode } from 'yaml';
import { UsageError } from '../errors.js';
import { requireAjv, requireYaml } from '../util/lazy-require.js';
import { packageRoot } from '../util/package-root.js';
import { toReportPath } from '../util/path.js';
import { readRegularFile, type RegularFileRead } from '../util/regular-file.js';
import { categoryIds, covers } from './categories.js';
import { nearest } from './suggest.js';
import type { Disclosure, Inventory, NotCollected, SourceLocation } from './types.js';

export const INVENTORY_FILE_NAMES = ['privacy-inventory.yaml', 'privacy-inventory.yml'] as const;
/** Aliases expanded while building the data; far above any honest inventory, far below a "billion laughs". */
export const MAX_ALIAS_COUNT = 100;
export const MAX_INVENTORY_BYTES = 1024 * 1024;

const TOP_LEVEL_KEYS = ['version', 'data', 'not_collected', 'sdks', 'consent'];
const DISCLOSURE_KEYS = ['purpose', 'clause', 'scope', 'actor', 'quote', 'features'];
const NOT_COLLECTED_KEYS = ['category', 'clause', 'quote'];
const SDK_KEYS = ['purpose', 'clause', 'data', 'scope'];
const CONSENT_KEYS = ['gate', 'before'];

export interface LoadOptions {
  /** Folder that file names in messages are relative to (default: process.cwd()). */
  cwd?: string;
}

/**
 * The inventory file for a scan of `from` (a folder or a file): the nearest privacy-inventory.yaml (or .yml) in it
 * or a folder above it.
 */
export function findInventoryFile(from: string, options: LoadOptions = {}): string | undefined {
  let dir = resolve(from);
  if (existsSync(dir) && !statSync(dir).isDirectory()) dir = dirname(dir);
  for (;;) {
    const found = INVENTORY_FILE_NAMES.map((name) => join(dir, name)).filter((path) => existsSync(path));
    if (found.length > 1) {
      const cwd = options.cwd ?? process.cwd();
      throw new UsageError('inventory/ambiguous', `both ${INVENTORY_FILE_NAMES.join(' and ')} exist in ${toReportPath(cwd, dir)}`, {
        file: toReportPath(cwd, found[1]),
        hint: 'keep one of them (privlint reads only one inventory)',
      });
    }
    if (found.length === 1) return found[0];
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * The inventory for a scan: the explicit file when one is given (it must exist), otherwise the one found by walking
 * up from `from` (default `cwd`), or undefined when there is none.
 */
export function resolveInventory(options: { cwd: string; from?: string; explicit?: string }): Inventory | undefined {
  const { cwd } = options;
  if (options.explicit !== undefined) {
    const file = resolve(cwd, options.explicit);
    if (!existsSync(file)) {
      throw new UsageError('inventory/not-found', `inventory file not found: ${toReportPath(cwd, file)}`, {
        hint: 'check the path, or leave it out to use the privacy-inventory.yaml found above the scanned folder',
      });
    }
    return loadInventory(file, { cwd });
  }
  const found = findInventoryFile(options.from ?? cwd, { cwd });
  return found ? loadInventory(found, { cwd }) : undefined;
}

export function loadInventory(file: string, options: LoadOptions = {}): Inventory {
  const cwd = options.cwd ?? process.cwd();
  const absolute = resolve(cwd, file);
  const display = toReportPath(cwd, absolute);
  let read: RegularFileRead;
  try {
    read = readRegularFile(absolute, MAX_INVENTORY_BYTES);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError('inventory/read-error', `cannot read the inventory (${code ?? (error as Error).message})`, { file: display });
  }
  if (!read.ok) {
    if (read.reason === 'too-large') {
      throw new UsageError('inventory/too-large', `inventory is larger than ${MAX_INVENTORY_BYTES / 1024} KiB`, {
        file: display,
        hint: 'an inventory lists categories, not data; check that this is the right file',
      });
    }
    if (read.type === 'directory') throw new UsageError('inventory/read-error', 'cannot read the inventory (EISDIR)', { file: display });
    throw new UsageError('inventory/not-a-file', `${display} is a ${read.type}, not an inventory file`);
  }
  const text = decodeInventory(read.bytes, display);
  return parseInventory(text, absolute, { cwd });
}

/**
 * The inventory's bytes as text: UTF-8 only. Anything else is refused rather than read with replacement characters,
 * which would turn into YAML errors or unknown categories far from the real cause.
 */
function decodeInventory(bytes: Buffer, display: string): string {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new UsageError('inventory/encoding', `${display} is UTF-16 text, not UTF-8`, { hint: 'save it as UTF-8' });
  }
  if (bytes.includes(0)) {
    throw new UsageError('inventory/binary', `${display} is a binary file, not YAML`, { hint: 'an inventory is YAML text; check that this is the right file' });
  }
  if (!isUtf8(bytes)) {
    const bad = Math.max(0, firstInvalidUtf8(bytes));
    const lineStart = bytes.lastIndexOf(0x0a, bad - 1) + 1;
    const line = countNewlines(bytes, bad) + 1;
    // Columns count UTF-16 code units after any BOM, as the YAML positions of every other message do.
    const from = lineStart === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : lineStart;
    const column = bytes.subarray(from, bad).toString('utf8').length + 1;
    const byte = bytes[bad]!.toString(16).toUpperCase().padStart(2, '0');
    throw new UsageError('inventory/encoding', `not valid UTF-8 (byte 0x${byte})`, { file: display, line, column, hint: 'save it as UTF-8' });
  }
  return bytes.toString('utf8');
}

function countNewlines(bytes: Buffer, end: number): number {
  let count = 0;
  for (let i = bytes.indexOf(0x0a); i !== -1 && i < end; i = bytes.indexOf(0x0a, i + 1)) count++;
  return count;
}

/** Offset of the first byte that starts an ill-formed sequence (overlong, surrogate, beyond U+10FFFF, truncated). */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const continuation = (index: number, low = 0x80, high = 0xbf) => index < bytes.length && bytes[index]! >= low && bytes[index]! <= high;
  for (let i = 0; i < bytes.length; ) {
    const lead = bytes[i]!;
    let length = 0;
    if (lead < 0x80) length = 1;
    else if (lead >= 0xc2 && lead <= 0xdf) length = continuation(i + 1) ? 2 : 0;
    else if (lead >= 0xe0 && lead <= 0xef) {
      const [low, high] = lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
      length = continuation(i + 1, low, high) && continuation(i + 2) ? 3 : 0;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      const [low, high] = lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
      length = continuation(i + 1, low, high) && continuation(i + 2) && continuation(i + 3) ? 4 : 0;
    }
    if (length === 0) return i;
    i += length;
  }
  return -1;
}

// Where each category key sits, for unused-declaration: Disclosure.location of a list item points at the item.
const declarationKeys = new WeakMap<Inventory, Map<string, SourceLocation>>();

/** The position of the `data:` key declaring `category`, when the inventory was loaded from a file. */
export function declarationLocation(inventory: Inventory, category: string): SourceLocation | undefined {
  return declarationKeys.get(inventory)?.get(category) ?? inventory.data.get(category)?.[0]?.location;
}

type Segment = string | number;

/** Parses and validates inventory text; `file` is the absolute path it came from (scopes are relative to its folder). */
export function parseInventory(text: string, file: string, options: LoadOptions = {}): Inventory {
  const cwd = options.cwd ?? process.cwd();
  const display = file ? toReportPath(cwd, file) : '<inventory>';
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const { LineCounter, parseDocument, visit, isAlias, isScalar, isSeq } = requireYaml();
  const lines = new LineCounter();
  // logLevel 'error': yaml would otherwise print warnings to the console; problems are reported here instead.
  const doc = parseDocument(source, { uniqueKeys: true, prettyErrors: false, lineCounter: lines, logLevel: 'error' });

  const fail = (code: string, message: string, offset: number | undefined, hint?: string): never => {
    const at = offset === undefined ? { line: 1, col: 1 } : lines.linePos(offset);
    throw new UsageError(code, message, { file: display, line: at.line, column: at.col, ...(hint ? { hint } : {}) });
  };
  const lineCol = (offset: number) => {
    const at = lines.linePos(offset);
    return `${at.line}:${at.col}`;
  };

  const firstError = [...doc.errors].sort((a, b) => a.pos[0] - b.pos[0])[0];
  if (firstError) {
    if (firstError.code === 'DUPLICATE_KEY') {
      const duplicate = findDuplicate(doc, firstError.pos[0]);
      fail(
        'inventory/duplicate-key',
        duplicate ? `duplicate key '${duplicate.key}' (first at ${lineCol(duplicate.firstOffset)})` : 'duplicate key',
        firstError.pos[0],
        'a key may appear once per mapping: merge the two (a category under data can hold a list of disclosures)',
      );
    }
    fail('inventory/yaml-syntax', `YAML syntax error: ${firstError.message}`, firstError.pos[0]);
  }

  let complexKey: YamlNode | undefined;
  visit(doc, {
    Pair(_, pair) {
      if (pair.key !== null && !isScalar(pair.key) && !isAlias(pair.key)) {
        complexKey = pair.key as YamlNode;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  if (complexKey) {
    fail('inventory/yaml-syntax', `a key must be plain text, not ${isSeq(complexKey) ? 'a list' : 'a mapping'}`, complexKey.range?.[0], 'write the key as a name followed by a colon, e.g. `clipboard:`');
  }

  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = (error as Error).message;
    const aliases: YamlNode[] = [];
    visit(doc, { Alias: (_, node) => void aliases.push(node) });
    if (/unresolved alias/i.test(message)) {
      const unresolved = aliases.find((alias) => isAlias(alias) && !alias.resolve(doc));
      const name = unresolved && isAlias(unresolved) ? unresolved.source : '';
      fail('inventory/yaml-syntax', `YAML alias *${name} has no anchor &${name} before it`, unresolved?.range?.[0], `define &${name} before using *${name}`);
    }
    if (/excessive alias count/i.test(message)) {
      fail(
        'inventory/alias-limit',
        `YAML aliases expand to more than ${MAX_ALIAS_COUNT} nodes (an alias bomb?)`,
        aliases[0]?.range?.[0],
        'write the values out instead of nesting aliases',
      );
    }
    fail('inventory/yaml-syntax', `YAML error: ${message}`, undefined);
  }

  if (value === null || value === undefined) {
    fail('inventory/empty', 'the inventory is empty', undefined, 'start it with `version: 1` and a `data:` mapping (privlint init drafts one)');
  }

  const validate = inventoryValidator();
  if (!validate(value)) {
    const problem = describeValidationErrors(validate.errors ?? [], value, doc, source);
    fail(problem.code, problem.message, problem.offset, problem.hint);
  }

  // Past the schema: the shapes below are guaranteed.
  const raw = value as {
    version: 1;
    data?: Record<string, RawDisclosure | RawDisclosure[]>;
    not_collected?: (string | { category: string; clause?: string; quote?: string })[];
    sdks?: unknown;
    consent?: unknown;
  };
  const location = (segments: Segment[], preferKey = false): SourceLocation => {
    const found = locate(doc, segments);
    const node = preferKey ? (found.key ?? found.node) : (found.node ?? found.key);
    const at = lines.linePos(node?.range?.[0] ?? 0);
    return { file, line: at.line, column: at.col };
  };
  const offsetOf = (segments: Segment[]) => {
    const found = locate(doc, segments);
    return (found.node ?? found.key)?.range?.[0];
  };

  const inventory: Inventory = {
    version: 1,
    file,
    dir: file ? dirname(file) : cwd,
    data: new Map(),
    notCollected: [],
  };
  const keyLocations = new Map<string, SourceLocation>();
  for (const [category, entry] of Object.entries(raw.data ?? {})) {
    const keyLocation = location(['data', category], true);
    keyLocations.set(category, keyLocation);
    const list = Array.isArray(entry) ? entry : [entry];
    inventory.data.set(
      category,
      list.map((item, index) => {
        const path: Segment[] = Array.isArray(entry) ? ['data', category, index] : ['data', category];
        checkScopes(item.scope, [...path, 'scope'], offsetOf, fail);
        return toDisclosure(item, Array.isArray(entry) ? location(path) : keyLocation);
      }),
    );
  }

  const firstListed = new Map<string, number>();
  (raw.not_collected ?? []).forEach((item, index) => {
    const entry = typeof item === 'string' ? { category: item } : item;
    const offset = offsetOf(['not_collected', index]);
    const earlier = firstListed.get(entry.category);
    if (earlier !== undefined) {
      fail('inventory/duplicate-entry', `'${entry.category}' is listed twice under not_collected (first at ${lineCol(earlier)})`, offset, 'remove one of them');
    }
    firstListed.set(entry.category, offset ?? 0);
    for (const declared of inventory.data.keys()) {
      if (covers(entry.category, declared)) {
        const at = keyLocations.get(declared)!;
        const message =
          declared === entry.category
            ? `'${declared}' is declared under data (${at.line}:${at.column}) and also listed under not_collected`
            : `'${entry.category}' is listed under not_collected, but data declares '${declared}' (${at.line}:${at.column})`;
        fail('inventory/conflict', message, offset, 'the policy cannot say both: keep the one it says');
      }
    }
    const notCollected: NotCollected = { category: entry.category };
    if (entry.clause !== undefined) notCollected.clause = entry.clause;
    if (entry.quote !== undefined) notCollected.quote = entry.quote;
    notCollected.location = location(['not_collected', index]);
    inventory.notCollected.push(notCollected);
  });

  if (raw.sdks !== undefined) {
    for (const [name, sdk] of Object.entries(raw.sdks as Record<string, { scope?: string | string[] }>)) {
      checkScopes(sdk.scope, ['sdks', name, 'scope'], offsetOf, fail);
    }
    inventory.sdks = raw.sdks;
  }
  if (raw.consent !== undefined) inventory.consent = raw.consent;
  declarationKeys.set(inventory, keyLocations);
  return inventory;
}

interface RawDisclosure {
  purpose?: string;
  clause?: string;
  scope?: string | string[];
  actor?: string;
  quote?: string;
  features?: string[];
}

function toDisclosure(raw: RawDisclosure, location: SourceLocation): Disclosure {
  const disclosure: Disclosure = { actor: raw.actor ?? 'self' };
  if (raw.purpose !== undefined) disclosure.purpose = raw.purpose;
  if (raw.clause !== undefined) disclosure.clause = raw.clause;
  if (raw.scope !== undefined) disclosure.scope = Array.isArray(raw.scope) ? raw.scope : [raw.scope];
  if (raw.quote !== undefined) disclosure.quote = raw.quote;
  if (raw.features !== undefined) disclosure.features = raw.features;
  disclosure.location = location;
  return disclosure;
}

function checkScopes(
  scope: string | string[] | undefined,
  path: Segment[],
  offsetOf: (segments: Segment[]) => number | undefined,
  fail: (code: string, message: string, offset: number | undefined, hint?: string) => never,
): void {
  if (scope === undefined) return;
  const globs = Array.isArray(scope) ? scope : [scope];
  globs.forEach((glob, index) => {
    const pattern = glob.replace(/^!/, '');
    // `C:/x` or `C:\x` (but `a:\}` is a file named `a:` and an escaped brace).
    if (pattern.startsWith('/') || /^[A-Za-z]:(?:\/|\\(?![*?[\]{}\\!]))/.test(pattern)) {
      fail(
        'inventory/absolute-scope',
        `scope '${glob}' is absolute; scopes are relative to the inventory's folder`,
        offsetOf(Array.isArray(scope) ? [...path, index] : path),
        `write it relative to the folder holding the inventory, e.g. '${pattern.replace(/^(?:[A-Za-z]:)?[\\/]+/, '')}'`,
      );
    }
  });
}

let compiled: ValidateFunction | undefined;

function inventoryValidator(): ValidateFunction {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(join(packageRoot(), 'schema', 'privacy-inventory.schema.json'), 'utf8')) as object;
    const { Ajv } = requireAjv();
    compiled = new Ajv({ allErrors: true, strict: true }).compile(schema);
  }
  return compiled;
}

/** The node at a data path, and the key it hangs from (for mapping entries). Aliases are followed. */
function locate(doc: Document, segments: readonly Segment[]): { node?: YamlNode; key?: YamlNode } {
  const { isAlias, isMap, isPair, isScalar, isSeq } = requireYaml();
  let node: unknown = doc.contents ?? undefined;
  let key: YamlNode | undefined;
  for (const segment of segments) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
      if (!pair) return {};
      key = pair.key as YamlNode;
      node = pair.value ?? undefined;
    } else if (isSeq(node)) {
      key = undefined;
      node = node.items[Number(segment)];
    } else return {};
  }
  const found = node as YamlNode | undefined;
  // An empty value (`clipboard:`) has a zero-width node; its key is the better place to point at.
  const empty = !found?.range || (isScalar(found) && found.value === null && found.range[0] === found.range[1]);
  return { node: empty ? undefined : found, key };
}

function keyText(key: unknown): string {
  const { isScalar } = requireYaml();
  if (isScalar(key)) return key.value === null || key.value === undefined ? '' : String(key.value);
  return String(key);
}

function findDuplicate(doc: Document, offset: number): { key: string; firstOffset: number } | undefined {
  const { visit } = requireYaml();
  let result: { key: string; firstOffset: number } | undefined;
  visit(doc, {
    Map(_, map) {
      const pair = map.items.find((item) => (item.key as YamlNode | null)?.range?.[0] === offset);
      if (!pair) return undefined;
      const name = keyText(pair.key);
      const first = map.items.find((item) => keyText(item.key) === name);
      result = { key: name, firstOffset: (first?.key as YamlNode).range?.[0] ?? offset };
      return visit.BREAK;
    },
  });
  return result;
}

interface Problem {
  code: string;
  message: string;
  offset?: number;
  hint?: string;
}

/** The first problem in file order, phrased for a person: which key, what was expected, what to do. */
function describeValidationErrors(errors: ErrorObject[], value: unknown, doc: Document, source: string): Problem {
  const problems = errors
    .filter((error) => error.keyword !== 'if')
    .map((error) => {
      const segments = toSegments(error.instancePath, value);
      return { problem: describe(error, segments, value, doc, source), depth: segments.length };
    });
  problems.sort((a, b) => (a.problem.offset ?? -1) - (b.problem.offset ?? -1) || b.depth - a.depth);
  return problems[0]?.problem ?? { code: 'inventory/invalid', message: 'the inventory does not match its schema' };
}

function toSegments(pointer: string, value: unknown): Segment[] {
  if (pointer === '') return [];
  const segments: Segment[] = [];
  let current = value;
  for (const part of pointer.slice(1).split('/')) {
    const decoded = part.replace(/~1/g, '/').replace(/~0/g, '~');
    const segment: Segment = Array.isArray(current) ? Number(decoded) : decoded;
    segments.push(segment);
    current = (current as Record<string | number, unknown> | undefined)?.[segment];
  }
  return segments;
}

function valueAt(value: unknown, segments: readonly Segment[]): unknown {
  return segments.reduce<unknown>((current, segment) => (current as Record<string | number, unknown> | undefined)?.[segment], value);
}

function label(segments: readonly Segment[]): string {
  if (segments.length === 0) return 'the inventory';
  const last = segments[segments.length - 1];
  return typeof last === 'number' ? `item ${last + 1} of ${label(segments.slice(0, -1))}` : `'${last}'`;
}

function kindOf(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'boolean') return `a boolean (${value})`;
  return `a ${typeof value}`;
}

const DISCLOSURE_SHAPE = 'a disclosure (a mapping of purpose, clause, scope, actor, quote, features)';

/** What belongs at a path, in words. */
function expectedAt(segments: readonly Segment[], fallbackType: string): string {
  const [first] = segments;
  const last = segments[segments.length - 1];
  const parent = segments[segments.length - 2];
  const inList = typeof last === 'number';
  const field = inList ? parent : last;
  if (segments.length === 0) return `a mapping (${TOP_LEVEL_KEYS.join(', ')})`;
  if (first === 'data' && segments.length === 1) return 'a mapping from category ids to disclosures';
  if (first === 'data' && segments.length === 2) return `${DISCLOSURE_SHAPE} or a list of them`;
  if (first === 'data' && segments.length === 3 && inList) return DISCLOSURE_SHAPE;
  if (field === 'scope') return inList ? 'a glob (a string)' : 'a glob or a list of globs';
  if (field === 'features') return inList ? 'a string' : 'a list of strings';
  if (first === 'not_collected' && segments.length === 1) return 'a list of category ids';
  if (first === 'not_collected' && segments.length === 2) return `a category id or a mapping (${NOT_COLLECTED_KEYS.join(', ')})`;
  if (field === 'category' || ((field === 'data' || field === 'before') && inList)) return 'a category id (a string)';
  if (field === 'data' || field === 'before') return 'a list of category ids';
  if (first === 'sdks' && segments.length === 1) return 'a mapping from SDK names to their details';
  if (first === 'sdks' && segments.length === 2) return `a mapping (${SDK_KEYS.join(', ')})`;
  if (first === 'consent' && segments.length === 1) return `a mapping (${CONSENT_KEYS.join(', ')})`;
  if (field === 'gate') return 'a function name (a string)';
  const names: Record<string, string> = { string: 'a string', array: 'a list', object: 'a mapping', integer: 'an integer', number: 'a number', boolean: 'a boolean' };
  return fallbackType
    .split(',')
    .map((type) => names[type] ?? type)
    .join(' or ');
}

function allowedKeys(segments: readonly Segment[]): string[] {
  const [first] = segments;
  if (segments.length === 0) return TOP_LEVEL_KEYS;
  if (first === 'data') return segments.length === 1 ? categoryIds() : DISCLOSURE_KEYS;
  if (first === 'not_collected') return NOT_COLLECTED_KEYS;
  if (first === 'sdks') return SDK_KEYS;
  if (first === 'consent') return CONSENT_KEYS;
  return [];
}

function unknownCategory(id: string): { message: string; hint: string } {
  const suggestion = nearest(id, categoryIds());
  return suggestion
    ? { message: `unknown category '${id}' — did you mean '${suggestion}'?`, hint: `write '${suggestion}'` }
    : { message: `unknown category '${id}'`, hint: `known categories: ${categoryIds().join(', ')}` };
}

function describe(error: ErrorObject, segments: Segment[], value: unknown, doc: Document, source: string): Problem {
  const found = locate(doc, segments);
  const nodeOffset = (found.node ?? found.key)?.range?.[0];
  const actual = valueAt(value, segments);

  switch (error.keyword) {
    case 'additionalProperties': {
      const name = String((error.params as { additionalProperty: string }).additionalProperty);
      const offset = locate(doc, [...segments, name]).key?.range?.[0];
      if (segments.length === 1 && segments[0] === 'data') {
        return { code: 'inventory/unknown-category', offset, ...unknownCategory(name) };
      }
      const allowed = allowedKeys(segments);
      const suggestion = nearest(name, allowed);
      return {
        code: 'inventory/unknown-key',
        message: `unknown key '${name}'${suggestion ? ` — did you mean '${suggestion}'?` : ''}`,
        offset,
        hint: `allowed here: ${allowed.join(', ')}`,
      };
    }
    case 'enum':
      return { code: 'inventory/unknown-category', offset: nodeOffset, ...unknownCategory(String(actual)) };
    case 'const':
      return {
        code: 'inventory/bad-version',
        message: `version must be 1, not ${JSON.stringify(actual)}`,
        offset: nodeOffset,
        hint: 'privlint reads inventory format version 1: write `version: 1`',
      };
    case 'required': {
      const missing = String((error.params as { missingProperty: string }).missingProperty);
      const hint = missing === 'version' ? 'add `version: 1` at the top' : `add '${missing}'`;
      const where = segments.length === 0 ? 'the inventory' : label(segments);
      return { code: 'inventory/missing-key', message: `${where} is missing '${missing}'`, offset: segments.length ? nodeOffset : undefined, hint };
    }
    case 'type': {
      const expected = expectedAt(segments, String((error.params as { type: string | string[] }).type));
      const node = found.node;
      const text = node?.range ? source.slice(node.range[0], node.range[1]).trim() : '';
      const field = segments[segments.length - 1];
      const hint =
        (typeof actual === 'number' || typeof actual === 'boolean') && expected.includes('string') && typeof field === 'string'
          ? `quote it so YAML reads it as text: ${field}: "${text}"`
          : undefined;
      const subject = segments.length === 0 ? 'the inventory' : label(segments);
      return { code: 'inventory/wrong-type', message: `${subject} must be ${expected}, not ${kindOf(actual)}`, offset: nodeOffset, ...(hint ? { hint } : {}) };
    }
    case 'minItems': {
      const isDisclosureList = segments[0] === 'data' && segments.length === 2;
      return {
        code: 'inventory/empty-list',
        message: isDisclosureList ? `${label(segments)} must hold at least one disclosure` : `${label(segments)} must not be an empty list`,
        offset: nodeOffset,
        hint: isDisclosureList ? `describe the disclosure, or remove '${String(segments[1])}'` : `remove ${label(segments)}, or list something in it`,
      };
    }
    case 'minLength':
      return { code: 'inventory/empty-string', message: `${label(segments)} must not be empty`, offset: nodeOffset };
    default:
      return { code: 'inventory/invalid', message: `${label(segments)} ${error.message ?? 'is invalid'}`, offset: nodeOffset };
  }
}
