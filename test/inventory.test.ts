import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Ajv } from 'ajv';
import fc from 'fast-check';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDetections } from '../src/check/inventory-check.js';
import { MAX_CITED_CALL_SITES, renderDraftInventory, writeInventoryFile } from '../src/cli/commands/init.js';
import { UsageError } from '../src/errors.js';
import { covers, selfAndAncestors } from '../src/inventory/categories.js';
import { compileScope, escapeGlob, globToRegExp } from '../src/inventory/glob.js';
import { declarationLocation, findInventoryFile, loadInventory, parseInventory, resolveInventory } from '../src/inventory/load.js';
import { editDistance, nearest } from '../src/inventory/suggest.js';
import type { Detection } from '../src/types.js';

const root = process.cwd();
const fixtures = join(root, 'fixtures/inventory');

function usageError(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}

/** Parses inventory text as if it were /virtual/app/privacy-inventory.yaml, reported relative to /virtual. */
function parseText(text: string) {
  return parseInventory(text, '/virtual/app/privacy-inventory.yaml', { cwd: '/virtual' });
}

function textError(text: string): string {
  return usageError(() => parseText(text)).format();
}

describe('schema/privacy-inventory.schema.json', () => {
  const committed = readFileSync(join(root, 'schema/privacy-inventory.schema.json'), 'utf8');

  it('is what scripts/gen-inventory-schema.mjs generates from rules/categories.yml', async () => {
    const script = pathToFileURL(join(root, 'scripts/gen-inventory-schema.mjs')).href;
    const { generateInventorySchemaText } = (await import(script)) as { generateInventorySchemaText: () => string };
    expect(committed, 'schema/privacy-inventory.schema.json is stale: run npm run gen and commit').toBe(generateInventorySchemaText());
  });

  it('is draft-07, closed at the top, and enumerates exactly the category ids', () => {
    const schema = JSON.parse(committed);
    const ids = (parse(readFileSync(join(root, 'rules/categories.yml'), 'utf8')) as { categories: { id: string }[] }).categories.map((c) => c.id);
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.data.additionalProperties).toBe(false);
    expect(schema.definitions.disclosure.additionalProperties).toBe(false);
    expect(schema.definitions.categoryId.enum).toEqual(ids);
    expect(Object.keys(schema.properties.data.properties)).toEqual(ids);
    expect(() => new Ajv({ strict: true }).compile(schema)).not.toThrow();
  });
});

describe('finding the inventory', () => {
  it('walks up from the scanned folder', () => {
    expect(findInventoryFile(join(fixtures, 'good/pages/map'))).toBe(join(fixtures, 'good/privacy-inventory.yaml'));
    expect(findInventoryFile(join(fixtures, 'good'))).toBe(join(fixtures, 'good/privacy-inventory.yaml'));
  });

  it('starts from the folder of a scanned file', () => {
    expect(findInventoryFile(join(fixtures, 'good/pages/map/index.js'))).toBe(join(fixtures, 'good/privacy-inventory.yaml'));
  });

  it('accepts privacy-inventory.yml', () => {
    expect(findInventoryFile(join(fixtures, 'yml/sub'))).toBe(join(fixtures, 'yml/privacy-inventory.yml'));
  });

  it('refuses to choose between .yaml and .yml in one folder', () => {
    const error = usageError(() => findInventoryFile(join(fixtures, 'both'), { cwd: fixtures }));
    expect(error.code).toBe('inventory/ambiguous');
    expect(error.format()).toBe(
      'both/privacy-inventory.yml  both privacy-inventory.yaml and privacy-inventory.yml exist in both\n  hint: keep one of them (privlint reads only one inventory)',
    );
  });

  describe('outside any project', () => {
    const empty = mkdtempSync(join(tmpdir(), 'privlint-inventory-'));
    afterAll(() => rmSync(empty, { recursive: true, force: true }));

    it('finds nothing, and resolveInventory gives undefined', () => {
      expect(findInventoryFile(empty)).toBeUndefined();
      expect(resolveInventory({ cwd: empty })).toBeUndefined();
    });
  });

  it('resolveInventory loads an explicit file, relative to cwd', () => {
    const inventory = resolveInventory({ cwd: fixtures, explicit: 'parent/privacy-inventory.yaml' })!;
    expect(inventory.file).toBe(join(fixtures, 'parent/privacy-inventory.yaml'));
    expect([...inventory.data.keys()]).toEqual(['device']);
  });

  it('resolveInventory walks up from `from`', () => {
    expect(resolveInventory({ cwd: root, from: join(fixtures, 'good/pages/home') })!.file).toBe(join(fixtures, 'good/privacy-inventory.yaml'));
  });

  it('an explicit file that does not exist is a usage error', () => {
    const error = usageError(() => resolveInventory({ cwd: fixtures, explicit: 'nope.yaml' }));
    expect(error.code).toBe('inventory/not-found');
    expect(error.format()).toBe(
      'inventory file not found: nope.yaml\n  hint: check the path, or leave it out to use the privacy-inventory.yaml found above the scanned folder',
    );
  });

  it('a folder given as the inventory is a read error, not a crash', () => {
    const error = usageError(() => loadInventory('good', { cwd: fixtures }));
    expect(error.code).toBe('inventory/read-error');
    expect(error.format()).toBe('good  cannot read the inventory (EISDIR)');
  });
});

describe('loading a valid inventory', () => {
  const file = join(fixtures, 'good/privacy-inventory.yaml');
  const at = (line: number, column: number) => ({ file, line, column });

  it('keeps every field, defaults actor to self, turns one scope into a list, and records positions', () => {
    const inventory = loadInventory(file, { cwd: fixtures });
    expect(inventory.version).toBe(1);
    expect(inventory.file).toBe(file);
    expect(inventory.dir).toBe(join(fixtures, 'good'));
    expect([...inventory.data.entries()]).toEqual([
      ['clipboard', [{ actor: 'self', purpose: 'paste a share code', clause: '2.3', location: at(4, 3) }]],
      [
        'location',
        [
          { actor: 'self', purpose: 'show nearby stores', clause: '二.14', scope: ['pages/map/**'], features: ['附近的门店'], location: at(8, 7) },
          { actor: 'amap', purpose: 'map tiles', quote: '高德地图SDK会收集您的位置信息', location: at(12, 7) },
        ],
      ],
      ['device.imei', [{ actor: 'self', purpose: 'fraud prevention', scope: ['pages/home', '!pages/home/test/**'], location: at(15, 3) }]],
    ]);
    expect(inventory.notCollected).toEqual([
      { category: 'contacts', location: at(21, 5) },
      { category: 'sms', clause: '4.1', quote: '我们不会读取您的短信', location: at(22, 5) },
    ]);
    expect(inventory.sdks).toEqual({ amap: { purpose: 'maps', clause: '5.2', data: ['location'], scope: 'pages/map/**' } });
    expect(inventory.consent).toEqual({ gate: 'grantConsent', before: ['location', 'device.imei'] });
  });

  it('knows where each category key is, also for a list of disclosures', () => {
    const inventory = loadInventory(file, { cwd: fixtures });
    expect(declarationLocation(inventory, 'location')).toEqual(at(7, 3));
    expect(declarationLocation(inventory, 'clipboard')).toEqual(at(4, 3));
    expect(declarationLocation(inventory, 'camera')).toBeUndefined();
  });

  it('accepts a parent id', () => {
    const inventory = loadInventory(join(fixtures, 'parent/privacy-inventory.yaml'));
    expect([...inventory.data.entries()]).toEqual([
      ['device', [{ actor: 'self', purpose: 'account security', clause: '3.1', location: { file: join(fixtures, 'parent/privacy-inventory.yaml'), line: 3, column: 3 } }]],
    ]);
  });

  it('accepts a list of scoped disclosures', () => {
    const inventory = loadInventory(join(fixtures, 'scoped/privacy-inventory.yaml'));
    expect(inventory.data.get('location')!.map((d) => d.scope)).toEqual([['pages/map/**', 'components/{map,geo}/*.js'], ['pages/checkout']]);
    expect(inventory.data.get('camera')!.map((d) => d.scope)).toEqual([['pages/scan/**']]);
  });

  it('accepts a few aliases, a byte-order mark and CRLF line ends, with positions as editors count them', () => {
    const text = '\uFEFFversion: 1\r\ndata:\r\n  camera: &scan { purpose: scan codes }\r\n  photos: *scan\r\n';
    const inventory = parseText(text);
    expect(inventory.data.get('photos')).toEqual([{ actor: 'self', purpose: 'scan codes', location: { file: '/virtual/app/privacy-inventory.yaml', line: 4, column: 3 } }]);
    expect(textError('\uFEFFversion: 1\r\ndata:\r\n  clipbord: {}\r\n')).toBe(
      "app/privacy-inventory.yaml:3:3  unknown category 'clipbord' — did you mean 'clipboard'?\n  hint: write 'clipboard'",
    );
  });

  it('accepts an inventory with only version, and empty data', () => {
    expect(parseText('version: 1\n').data.size).toBe(0);
    expect(parseText('version: 1\ndata: {}\nnot_collected: []\n').notCollected).toEqual([]);
  });
});

describe('rejecting a bad inventory with file:line:col', () => {
  const cases: [file: string, code: string, formatted: string][] = [
    ['syntax.yaml', 'inventory/yaml-syntax', 'bad/syntax.yaml:4:1  YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]'],
    ['wrong-type.yaml', 'inventory/wrong-type', "bad/wrong-type.yaml:4:14  'purpose' must be a string, not a list"],
    [
      'number-clause.yaml',
      'inventory/wrong-type',
      `bad/number-clause.yaml:4:13  'clause' must be a string, not a number\n  hint: quote it so YAML reads it as text: clause: "3.10"`,
    ],
    [
      'scalar-disclosure.yaml',
      'inventory/wrong-type',
      "bad/scalar-disclosure.yaml:3:13  'location' must be a disclosure (a mapping of purpose, clause, scope, actor, quote, features) or a list of them, not a string",
    ],
    [
      'duplicate-key.yaml',
      'inventory/duplicate-key',
      "bad/duplicate-key.yaml:5:3  duplicate key 'clipboard' (first at 3:3)\n  hint: a key may appear once per mapping: merge the two (a category under data can hold a list of disclosures)",
    ],
    ['unknown-category.yaml', 'inventory/unknown-category', "bad/unknown-category.yaml:3:3  unknown category 'clipbord' — did you mean 'clipboard'?\n  hint: write 'clipboard'"],
    [
      'unknown-top-key.yaml',
      'inventory/unknown-key',
      "bad/unknown-top-key.yaml:2:1  unknown key 'dta' — did you mean 'data'?\n  hint: allowed here: version, data, not_collected, sdks, consent",
    ],
    [
      'unknown-disclosure-key.yaml',
      'inventory/unknown-key',
      "bad/unknown-disclosure-key.yaml:4:5  unknown key 'purpse' — did you mean 'purpose'?\n  hint: allowed here: purpose, clause, scope, actor, quote, features",
    ],
    [
      'unknown-not-collected.yaml',
      'inventory/unknown-category',
      "bad/unknown-not-collected.yaml:4:5  unknown category 'imei' — did you mean 'device.imei'?\n  hint: write 'device.imei'",
    ],
    [
      'sdk-unknown-key.yaml',
      'inventory/unknown-key',
      "bad/sdk-unknown-key.yaml:5:5  unknown key 'datas' — did you mean 'data'?\n  hint: allowed here: purpose, clause, data, scope",
    ],
    [
      'alias-bomb.yaml',
      'inventory/alias-limit',
      'bad/alias-bomb.yaml:3:8  YAML aliases expand to more than 100 nodes (an alias bomb?)\n  hint: write the values out instead of nesting aliases',
    ],
    [
      'unresolved-alias.yaml',
      'inventory/yaml-syntax',
      'bad/unresolved-alias.yaml:4:12  YAML alias *pages has no anchor &pages before it\n  hint: define &pages before using *pages',
    ],
    ['missing-version.yaml', 'inventory/missing-key', "bad/missing-version.yaml:1:1  the inventory is missing 'version'\n  hint: add `version: 1` at the top"],
    ['bad-version.yaml', 'inventory/bad-version', 'bad/bad-version.yaml:1:10  version must be 1, not 2\n  hint: privlint reads inventory format version 1: write `version: 1`'],
    [
      'empty.yaml',
      'inventory/empty',
      'bad/empty.yaml:1:1  the inventory is empty\n  hint: start it with `version: 1` and a `data:` mapping (privlint init drafts one)',
    ],
    [
      'missing-category.yaml',
      'inventory/missing-key',
      "bad/missing-category.yaml:3:5  item 1 of 'not_collected' is missing 'category'\n  hint: add 'category'",
    ],
    [
      'duplicate-not-collected.yaml',
      'inventory/duplicate-entry',
      "bad/duplicate-not-collected.yaml:4:5  'contacts' is listed twice under not_collected (first at 3:5)\n  hint: remove one of them",
    ],
    [
      'conflict.yaml',
      'inventory/conflict',
      "bad/conflict.yaml:6:5  'device' is listed under not_collected, but data declares 'device.imei' (3:3)\n  hint: the policy cannot say both: keep the one it says",
    ],
    [
      'absolute-scope.yaml',
      'inventory/absolute-scope',
      "bad/absolute-scope.yaml:4:23  scope '/src/map/**' is absolute; scopes are relative to the inventory's folder\n  hint: write it relative to the folder holding the inventory, e.g. 'src/map/**'",
    ],
    [
      'empty-list.yaml',
      'inventory/empty-list',
      "bad/empty-list.yaml:3:13  'location' must hold at least one disclosure\n  hint: describe the disclosure, or remove 'location'",
    ],
  ];

  it.each(cases)('%s', (name, code, formatted) => {
    const error = usageError(() => loadInventory(join(fixtures, 'bad', name), { cwd: fixtures }));
    expect(error.code).toBe(code);
    expect(error.format()).toBe(formatted);
    expect(error.file).toBe(`bad/${name}`);
    expect(error.line).toBeGreaterThan(0);
    expect(error.column).toBeGreaterThan(0);
  });

  it('every bad fixture has a case', () => {
    expect(readdirSync(join(fixtures, 'bad')).sort()).toEqual(cases.map(([name]) => name).sort());
  });

  it.each([
    ['version: 1\ndata:\n  location:\n    scope: 5\n', "app/privacy-inventory.yaml:4:12  'scope' must be a glob or a list of globs, not a number"],
    ['version: 1\ndata:\n  location:\n    scope: [pages/**, 5]\n', "app/privacy-inventory.yaml:4:23  item 2 of 'scope' must be a glob (a string), not a number"],
    ['version: 1\ndata:\n  location:\n    features: [1]\n', "app/privacy-inventory.yaml:4:16  item 1 of 'features' must be a string, not a number"],
    ['version: 1\ndata:\n  location:\n    - purpose: a\n    - maps\n', "app/privacy-inventory.yaml:5:7  item 2 of 'location' must be a disclosure (a mapping of purpose, clause, scope, actor, quote, features), not a string"],
    ['version: 1\ndata: [clipboard]\n', "app/privacy-inventory.yaml:2:7  'data' must be a mapping from category ids to disclosures, not a list"],
    ['version: 1\ndata:\n', "app/privacy-inventory.yaml:2:1  'data' must be a mapping from category ids to disclosures, not empty"],
    ['version: 1\ndata:\n  camera:\n', "app/privacy-inventory.yaml:3:3  'camera' must be a disclosure (a mapping of purpose, clause, scope, actor, quote, features) or a list of them, not empty"],
    ['version: 1\nnot_collected: contacts\n', "app/privacy-inventory.yaml:2:16  'not_collected' must be a list of category ids, not a string"],
    ['version: 1\nnot_collected: [42]\n', "app/privacy-inventory.yaml:2:17  item 1 of 'not_collected' must be a category id or a mapping (category, clause, quote), not a number"],
    ['version: 1\nnot_collected:\n  - { category: contact }\n', "app/privacy-inventory.yaml:3:17  unknown category 'contact' — did you mean 'contacts'?\n  hint: write 'contacts'"],
    ['version: 1\nconsent:\n  gate: 42\n', "app/privacy-inventory.yaml:3:9  'gate' must be a function name (a string), not a number\n  hint: quote it so YAML reads it as text: gate: \"42\""],
    ['version: 1\nconsent:\n  before: location\n', "app/privacy-inventory.yaml:3:11  'before' must be a list of category ids, not a string"],
    ['version: 1\nconsent:\n  before: [wifi]\n', "app/privacy-inventory.yaml:3:12  unknown category 'wifi' — did you mean 'network.wifi'?\n  hint: write 'network.wifi'"],
    ['version: 1\nconsent:\n  gates: x\n', "app/privacy-inventory.yaml:3:3  unknown key 'gates' — did you mean 'gate'?\n  hint: allowed here: gate, before"],
    ['version: 1\nsdks:\n  amap:\n    data: [locaton]\n', "app/privacy-inventory.yaml:4:12  unknown category 'locaton' — did you mean 'location'?\n  hint: write 'location'"],
    ['version: 1\nsdks: [amap]\n', "app/privacy-inventory.yaml:2:7  'sdks' must be a mapping from SDK names to their details, not a list"],
    ['version: 1\nsdks:\n  amap:\n    scope: /x/**\n', "app/privacy-inventory.yaml:4:12  scope '/x/**' is absolute; scopes are relative to the inventory's folder\n  hint: write it relative to the folder holding the inventory, e.g. 'x/**'"],
    ['version: 1\ndata:\n  location:\n    scope: "C:\\\\app\\\\**"\n', "app/privacy-inventory.yaml:4:12  scope 'C:\\app\\**' is absolute; scopes are relative to the inventory's folder\n  hint: write it relative to the folder holding the inventory, e.g. 'app\\**'"],
    ['version: 1\ndata:\n  location:\n    actor: ""\n', "app/privacy-inventory.yaml:4:12  'actor' must not be empty"],
    ['version: 1\ndata:\n  location:\n    scope: []\n', "app/privacy-inventory.yaml:4:12  'scope' must not be an empty list\n  hint: remove 'scope', or list something in it"],
    ['version: 1\ndata:\n  Location: {}\n', "app/privacy-inventory.yaml:3:3  unknown category 'Location' — did you mean 'location'?\n  hint: write 'location'"],
    ['version: 1\ndata:\n  banana: {}\n', `app/privacy-inventory.yaml:3:3  unknown category 'banana'\n  hint: known categories: device, device.imei, device.imsi, device.serial, device.android-id, device.mac, device.ad-id, device.id, app-list, clipboard, contacts, location, phone-number, sms, call-log, calendar, camera, microphone, photos, network.wifi, bluetooth, sensors`],
    ['version: "1"\n', 'app/privacy-inventory.yaml:1:10  version must be 1, not "1"\n  hint: privlint reads inventory format version 1: write `version: 1`'],
    ['- version: 1\n', 'app/privacy-inventory.yaml:1:1  the inventory must be a mapping (version, data, not_collected, sdks, consent), not a list'],
    ['version: 1\ndata:\n\tcamera: {}\n', 'app/privacy-inventory.yaml:3:1  YAML syntax error: Tabs are not allowed as indentation'],
    ['version: 1\n---\nversion: 1\n', 'app/privacy-inventory.yaml:2:1  YAML syntax error: Source contains multiple documents; please use YAML.parseAllDocuments()'],
    ['version: 1\ndata:\n  camera: {}\nnot_collected: [camera]\n', "app/privacy-inventory.yaml:4:17  'camera' is declared under data (3:3) and also listed under not_collected\n  hint: the policy cannot say both: keep the one it says"],
    ['version: 1\nnot_collected: &a [*a]\n', "app/privacy-inventory.yaml:2:20  item 1 of 'not_collected' must be a category id or a mapping (category, clause, quote), not a list"],
    ['version: 1\nconsent: &a {before: *a}\n', "app/privacy-inventory.yaml:2:22  'before' must be a list of category ids, not a mapping"],
    ['version: 1\n? [a, b]\n: x\n', 'app/privacy-inventory.yaml:2:3  a key must be plain text, not a list\n  hint: write the key as a name followed by a colon, e.g. `clipboard:`'],
    ['version: 1\n{ a: 1 }: x\n', 'app/privacy-inventory.yaml:2:1  a key must be plain text, not a mapping\n  hint: write the key as a name followed by a colon, e.g. `clipboard:`'],
    ['version: 1\ndata:\n  camera: {}\n  camera: {}\n', "app/privacy-inventory.yaml:4:3  duplicate key 'camera' (first at 3:3)\n  hint: a key may appear once per mapping: merge the two (a category under data can hold a list of disclosures)"],
  ])('%j', (text, formatted) => {
    expect(textError(text)).toBe(formatted);
  });

  it('reports the first problem in file order', () => {
    expect(textError('version: 1\ndata:\n  location:\n    purpse: a\n    clause: 1\ndta: {}\n')).toBe(
      "app/privacy-inventory.yaml:4:5  unknown key 'purpse' — did you mean 'purpose'?\n  hint: allowed here: purpose, clause, scope, actor, quote, features",
    );
  });

  it('a parent under data with a child under not_collected is precise, not a conflict', () => {
    const inventory = parseText('version: 1\ndata:\n  device: {}\nnot_collected: [device.imei]\n');
    expect(inventory.notCollected.map((n) => n.category)).toEqual(['device.imei']);
  });

  it('never throws anything but a UsageError, whatever the text', () => {
    const token = fc.constantFrom('version: 1', 'data:', '  ', '- ', 'clipboard', ': ', '&a ', '*a', '[', ']', '{', '}', ',', '\n', '\t', '"', "'", '#', '!!str ', '? ', '|', '---', 'scope', '3.10', 'null', '<<: ');
    fc.assert(
      fc.property(fc.array(fc.oneof(token, fc.string({ maxLength: 4 })), { maxLength: 40 }), (parts) => {
        try {
          parseText(parts.join(''));
        } catch (error) {
          if (!(error instanceof UsageError)) throw error;
          expect(error.line).toBeGreaterThan(0);
          expect(error.column).toBeGreaterThan(0);
        }
      }),
      { numRuns: 500, seed: 20240601 },
    );
  });
});

describe('categories', () => {
  it('a parent covers its children, not the other way round', () => {
    expect(selfAndAncestors('device.imei')).toEqual(['device.imei', 'device']);
    expect(selfAndAncestors('network.wifi')).toEqual(['network.wifi']);
    expect(covers('device', 'device.imei')).toBe(true);
    expect(covers('device.imei', 'device.imei')).toBe(true);
    expect(covers('device.imei', 'device')).toBe(false);
    expect(covers('network', 'network.wifi')).toBe(false);
  });
});

describe('did you mean', () => {
  it('edit distance counts a transposition as one edit', () => {
    expect(editDistance('clipboard', 'clipboard')).toBe(0);
    expect(editDistance('clipbord', 'clipboard')).toBe(1);
    expect(editDistance('clipbaord', 'clipboard')).toBe(1);
    expect(editDistance('', 'sms')).toBe(3);
  });

  it('suggests only close candidates', () => {
    expect(nearest('dta', ['version', 'data'])).toBe('data');
    expect(nearest('imei', ['device', 'device.imei'])).toBe('device.imei');
    expect(nearest('zzzzzzzz', ['data', 'version'])).toBeUndefined();
    expect(nearest('x', ['sms'])).toBeUndefined();
  });
});

describe('scope globs', () => {
  const cases: [globs: string[], path: string, matches: boolean][] = [
    [['pages/map/**'], 'pages/map/index.js', true],
    [['pages/map/**'], 'pages/map/a/b/index.js', true],
    [['pages/map/**'], 'pages/mapx/index.js', false],
    [['pages/map/**'], 'pages/home/map/index.js', false],
    [['pages/map'], 'pages/map/index.js', true],
    [['pages/map/'], 'pages/map/index.js', true],
    [['./pages/map'], 'pages/map/index.js', true],
    [['pages/map'], 'pages/map.js', false],
    [['pages/*.js'], 'pages/a.js', true],
    [['pages/*.js'], 'pages/a/b.js', false],
    [['**/*.js'], 'a.js', true],
    [['**/*.js'], 'x/y/a.js', true],
    [['**/*.js'], 'x/y/a.ts', false],
    [['pages/**/index.js'], 'pages/index.js', true],
    [['pages/**/index.js'], 'pages/a/b/index.js', true],
    [['src/{map,geo}/*.js'], 'src/geo/a.js', true],
    [['src/{map,geo}/*.js'], 'src/nav/a.js', false],
    [['src/{map,geo/**}/*.js'], 'src/geo/x/a.js', true],
    [['src/{a}.js'], 'src/{a}.js', true],
    [['file?.js'], 'file1.js', true],
    [['file?.js'], 'file/.js', false],
    [['file[0-9].js'], 'file7.js', true],
    [['file[!0-9].js'], 'file7.js', false],
    [['file[!0-9].js'], 'filex.js', true],
    [['pages/\\[id\\].js'], 'pages/[id].js', true],
    [['pages/\\[id\\].js'], 'pages/i.js', false],
    [['pages/[id].js'], 'pages/i.js', true],
    [['file[z-a].js'], 'file[z-a].js', true],
    [['a+b(c).js'], 'a+b(c).js', true],
    [['pages/**', '!pages/test/**'], 'pages/test/a.js', false],
    [['pages/**', '!pages/test/**'], 'pages/home/a.js', true],
    [['!pages/test/**'], 'src/a.js', true],
    [['*'], '.hidden/a.js', true],
    [['../shared/**'], '../shared/geo.js', true],
    [['**'], 'anything/at/all.js', true],
    // Scanned paths are files: `pages/**` is about what is below pages/, not a file named pages.
    [['pages/**'], 'pages', false],
    // Only a whole `**` segment spans folders.
    [['**a.js'], 'x/a.js', false],
    [['**a.js'], 'xa.js', true],
    [['pages/*/**'], 'pages/index.js', false],
    [['pages/*/**'], 'pages/a/index.js', true],
  ];

  it.each(cases)('%j ~ %s → %s', (globs, path, matches) => {
    expect(compileScope(globs)(path)).toBe(matches);
  });

  it('escapeGlob makes a path match only itself', () => {
    for (const path of ['pages/[id].js', 'a/{b,c}.js', 'a*b?.js', '!x.js', 'c:\\odd.js', 'c:/odd.js']) {
      expect(escapeGlob(path)).not.toBe(path);
      expect(globToRegExp(escapeGlob(path)).test(path)).toBe(true);
      expect(compileScope([escapeGlob(path)])(path)).toBe(true);
    }
    expect(escapeGlob('pages/index/index.js')).toBe('pages/index/index.js');
  });
});

describe('privlint init', () => {
  const site = (category: string, file: string, line: number, column: number, api: string, actor = 'self'): Detection => ({
    category,
    entry: 'test/entry#api',
    api,
    platform: 'wechat',
    kind: 'call',
    actor,
    file,
    range: { start: { line, column }, end: { line, column: column + api.length } },
    via: [],
  });
  // Scanned from /proj, inventory drafted into /proj/app: paths in the draft are relative to /proj/app.
  const detections = [
    site('location', 'app/pages/map/index.js', 3, 5, 'wx.getLocation'),
    site('clipboard', 'app/pages/index/index.js', 12, 5, 'wx.getClipboardData'),
    site('location', 'app/sdk/amap.js', 1, 1, 'AMap.getLocation', 'amap'),
    site('device.imei', 'app/pages/[id].js', 2, 2, 'plus.device.imei'),
    site('location', 'app/pages/map/index.js', 3, 5, 'wx.getLocation'),
    site('location', 'app/pages/map/index.js', 20, 1, 'wx.chooseLocation'),
    site('location', 'app/pages/a.js', 10, 5, 'wx.getLocation'),
  ];
  const options = { inventoryDir: '/proj/app', cwd: '/proj' };

  it('drafts every category with its files as scope, purpose TODO and the call sites above each entry', () => {
    expect(renderDraftInventory(detections, options)).toBe(
      [
        '# yaml-language-server: $schema=../node_modules/privlint/schema/privacy-inventory.schema.json',
        '# Drafted by privlint init from the scanned code. For each entry, write the purpose and the clause of your',
        '# privacy policy that discloses it, and keep scope (globs relative to this folder) to what the policy covers.',
        '# Delete an entry the policy does not disclose: privlint will then report that collection.',
        'version: 1',
        'data:',
        '  # pages/[id].js:2:2 plus.device.imei',
        '  device.imei:',
        '    purpose: TODO',
        '    scope:',
        '      - pages/\\[id\\].js',
        '  # pages/index/index.js:12:5 wx.getClipboardData',
        '  clipboard:',
        '    purpose: TODO',
        '    scope:',
        '      - pages/index/index.js',
        '  location:',
        '    # pages/a.js:10:5 wx.getLocation',
        '    # pages/map/index.js:3:5 wx.getLocation',
        '    # pages/map/index.js:20:1 wx.chooseLocation',
        '    - purpose: TODO',
        '      scope:',
        '        - pages/a.js',
        '        - pages/map/index.js',
        '    # sdk/amap.js:1:1 AMap.getLocation',
        '    - purpose: TODO',
        '      actor: amap',
        '      scope:',
        '        - sdk/amap.js',
        '# Categories the policy says the app never collects, e.g.:',
        '# not_collected: [contacts, sms]',
        '',
      ].join('\n'),
    );
  });

  it('is deterministic whatever the order of detections', () => {
    const expected = renderDraftInventory(detections, options);
    expect(renderDraftInventory([...detections].reverse(), options)).toBe(expected);
    expect(renderDraftInventory([...detections.slice(3), ...detections.slice(0, 3)], options)).toBe(expected);
  });

  it('drafts a valid inventory that discloses exactly what was found', () => {
    const inventory = parseInventory(renderDraftInventory(detections, options), '/proj/app/privacy-inventory.yaml', { cwd: '/proj' });
    expect([...inventory.data.keys()]).toEqual(['device.imei', 'clipboard', 'location']);
    expect(checkDetections(detections, inventory, { cwd: '/proj' })).toEqual([]);
    const elsewhere = site('location', 'app/pages/home/index.js', 1, 1, 'wx.getLocation');
    expect(checkDetections([...detections, elsewhere], inventory, { cwd: '/proj' }).map((f) => f.ruleId)).toEqual(['out-of-scope-collection']);
  });

  it('quotes what YAML would misread and keeps odd file names on one line', () => {
    const odd = [site('camera', '@scope/#1.js', 1, 1, 'wx.scanCode'), site('camera', 'a\nb.js', 2, 2, 'wx.scanCode')];
    const draft = renderDraftInventory(odd, { inventoryDir: '/proj', cwd: '/proj', schemaRef: 'https://example.test/s.json' });
    expect(draft).toContain('# yaml-language-server: $schema=https://example.test/s.json\n');
    expect(draft).toContain('  # @scope/#1.js:1:1 wx.scanCode\n  # a b.js:2:2 wx.scanCode\n');
    expect(draft).toContain('      - "@scope/#1.js"\n      - "a\\nb.js"\n');
    const inventory = parseInventory(draft, '/proj/privacy-inventory.yaml', { cwd: '/proj' });
    expect(inventory.data.get('camera')![0].scope).toEqual(['@scope/#1.js', 'a\nb.js']);
    expect(checkDetections(odd, inventory, { cwd: '/proj' })).toEqual([]);
  });

  it('any file names round-trip: the draft parses and discloses every detection it was drafted from', () => {
    const segment = fc.string({ minLength: 1, maxLength: 6, unit: fc.constantFrom('a', 'Z', '.', '-', '*', '?', '[', ']', '{', '}', ',', '!', '\\', ' ', '#', ':', '"', "'", '页', '\n', '@', '&', '%') }).filter(
      (part) => part !== '.' && part !== '..', // a detection is in a file, never a folder
    );
    const file = fc.array(segment, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/'));
    const categoriesArb = fc.constantFrom('location', 'clipboard', 'device.imei', 'camera');
    fc.assert(
      fc.property(fc.array(fc.tuple(categoriesArb, file, fc.constantFrom('self', 'amap', 'a: b')), { minLength: 1, maxLength: 8 }), (rows) => {
        const found = rows.map(([category, path, actor], i) => site(category, `app/${path}`, i + 1, 1, 'api.call', actor));
        const inventory = parseInventory(renderDraftInventory(found, options), '/proj/app/privacy-inventory.yaml', { cwd: '/proj' });
        expect(checkDetections(found, inventory, { cwd: '/proj' })).toEqual([]);
      }),
      { numRuns: 300, seed: 7 },
    );
  });

  it(`cites at most ${MAX_CITED_CALL_SITES} call sites per entry and counts the rest`, () => {
    const many = Array.from({ length: MAX_CITED_CALL_SITES + 5 }, (_, i) => site('sms', 'a.js', i + 1, 1, 'sms.read'));
    const draft = renderDraftInventory(many, { inventoryDir: '/proj', cwd: '/proj' });
    expect(draft.match(/# a\.js:\d+:1 sms\.read/g)).toHaveLength(MAX_CITED_CALL_SITES);
    expect(draft).toContain(`  # a.js:${MAX_CITED_CALL_SITES}:1 sms.read\n  # … and 5 more\n  sms:\n`);
  });

  it('drafts an empty but valid inventory when nothing was found', () => {
    const draft = renderDraftInventory([], { inventoryDir: '/proj', cwd: '/proj' });
    expect(draft).toContain('# privlint found no collection of personal data in the scanned code.\ndata: {}\n');
    expect(parseInventory(draft, '/proj/privacy-inventory.yaml', { cwd: '/proj' }).data.size).toBe(0);
  });

  describe('writeInventoryFile', () => {
    const dir = mkdtempSync(join(tmpdir(), 'privlint-init-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'privacy-inventory.yaml');

    it('writes a new file, refuses to overwrite it without force, and overwrites with force', () => {
      writeInventoryFile(file, 'version: 1\n', false);
      expect(readFileSync(file, 'utf8')).toBe('version: 1\n');
      const error = usageError(() => writeInventoryFile(file, 'other\n', false));
      expect(error.code).toBe('inventory/exists');
      expect(error.format()).toBe(`${file}  ${file} already exists\n  hint: pass --force to overwrite it`);
      expect(readFileSync(file, 'utf8')).toBe('version: 1\n');
      writeInventoryFile(file, 'version: 1\ndata: {}\n', true);
      expect(readFileSync(file, 'utf8')).toBe('version: 1\ndata: {}\n');
    });

    it('a folder that does not exist is a usage error', () => {
      const missing = join(dir, 'no/such/privacy-inventory.yaml');
      const error = usageError(() => writeInventoryFile(missing, 'version: 1\n', true));
      expect(error.code).toBe('inventory/write-error');
      expect(error.message).toBe(`cannot write ${missing} (ENOENT)`);
      expect(existsSync(missing)).toBe(false);
    });
  });
});
