// Each rule under ESLint's RuleTester, under every parser the plugin supports, with the engine's own small
// catalogue (fixtures/engine/rules) and the inventories in fixtures/eslint/inventories.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuleTester, type Rule } from 'eslint';
import { afterAll, describe, it } from 'vitest';
import plugin from '../../src/eslint/plugin.js';
import { casesFor, FLAVOURS, fromCwd, INVENTORIES, type ExpectedError, type Snippet } from './flavours.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;
RuleTester.afterAll = afterAll;

const EMPTY = fromCwd(join(INVENTORIES, 'empty.yaml'));
const DECLARES = fromCwd(join(INVENTORIES, 'declares.yaml'));
// A folder with no privacy-inventory.yaml in it or above it.
const NO_INVENTORY_DIR = mkdtempSync(join(tmpdir(), 'privlint-eslint-'));

const at = (line: number, column: number, endLine: number, endColumn: number) => ({ line, column, endLine, endColumn });

function undisclosed(api: string, category: string, where: ReturnType<typeof at>, inventory = EMPTY): ExpectedError {
  return { messageId: 'undisclosed', data: { api, category, through: '', inventory }, ...where };
}

const INVALID_INVENTORY: ExpectedError = {
  messageId: 'invalidInventory',
  data: {
    error: `${fromCwd(join(INVENTORIES, 'invalid.yaml'))}:4:3: unknown category 'clipbord' — did you mean 'clipboard'? (hint: write 'clipboard')`,
  },
  line: 1,
  column: 1,
  fileLevel: true,
};

const MISSING_INVENTORY: ExpectedError = {
  messageId: 'invalidInventory',
  data: {
    error: `inventory file not found: ${fromCwd(join(INVENTORIES, 'missing.yaml'))} (hint: check settings.privlint.inventory, a path relative to ESLint's working directory)`,
  },
  line: 1,
  column: 1,
  fileLevel: true,
};

// Snippets that no rule may flag, whatever the inventory says: the negative neighbours of every positive below.
const QUIET: Snippet[] = [
  { code: 'function f(wx) { wx.getLocation() }\nconst g = (navigator) => navigator.clipboard.readText()' },
  { code: '{ let wx = makeFake(); wx.getLocation() }' },
  { code: 'function read(plus) { return plus.device.imei }' },
  { code: "wx.setClipboardData({ data: 'x' })\nnavigator.clipboard.writeText('x')" },
  { code: "plus.device.imei = ''\ndelete plus.device.imei\ntypeof plus.device.imei" },
  { code: 'function getLocation() {}\ngetLocation()\nconst o = { getLocation() {} }\no.getLocation()' },
  { code: 'class Accelerometer {}\nnew Accelerometer()' },
  { code: "// wx.getLocation()\nconst s = 'wx.getLocation()'\nconst t = `navigator.clipboard.readText()`" },
  { code: 'if (wx.getLocation) {}\nwx.getLocation = fake' },
  { code: "import { getLocation } from './api'\ngetLocation()" },
  { code: "import os from 'node:os'\nos.hostname()" },
  { code: 'type F = typeof wx.getLocation\nlet g: typeof navigator.clipboard.readText', tsOnly: true },
  { code: "import type { getUniqueId } from 'react-native-device-info'", tsOnly: true },
];

const quietUnder = (inventory: string): Snippet[] => QUIET.map((snippet) => ({ ...snippet, inventory }));

const rules: Record<string, { valid: Snippet[]; invalid: Snippet[] }> = {
  'undisclosed-collection': {
    valid: [
      ...quietUnder('empty.yaml'),
      { code: 'wx.getClipboardData({})\nnavigator.clipboard.readText()', inventory: 'declares.yaml' },
      // Findings of the other two rules are theirs alone.
      { code: "wx.getLocation({ type: 'gcj02' })\nconst id = plus.device.imei", inventory: 'declares.yaml' },
    ],
    invalid: [
      { code: "wx.getLocation({ type: 'gcj02' })", errors: () => [undisclosed('wx.getLocation', 'location', at(1, 1, 1, 34))] },
      {
        code: 'const { getClipboardData: paste } = wx\npaste({})',
        errors: () => [undisclosed('wx.getClipboardData', 'clipboard', at(2, 1, 2, 10))],
      },
      { code: 'const id = plus.device.imei', errors: () => [undisclosed('plus.device.imei', 'device.imei', at(1, 12, 1, 28))] },
      {
        code: "import { getUniqueId } from 'react-native-device-info'\nconst id = getUniqueId()",
        errors: () => [
          undisclosed('react-native-device-info.getUniqueId', 'device.android-id', at(2, 12, 2, 25)),
          undisclosed('react-native-device-info.getUniqueId', 'device.id', at(2, 12, 2, 25)),
        ],
      },
      {
        code: 'wx.getRecorderManager().start({})',
        inventory: 'declares.yaml',
        errors: () => [
          {
            messageId: 'declaredForOtherActor',
            data: { api: 'wx.getRecorderManager().start', category: 'microphone', through: '', inventory: DECLARES, keys: "'microphone'", actors: "'今日头条'" },
            ...at(1, 1, 1, 34),
          },
        ],
      },
      { code: 'declare const wx: any\nwx.getLocation()', tsOnly: true, errors: () => [undisclosed('wx.getLocation', 'location', at(2, 1, 2, 17))] },
      { code: 'const where = (wx as any).getLocation()!', tsOnly: true, errors: () => [undisclosed('wx.getLocation', 'location', at(1, 15, 1, 40))] },
      {
        code: 'wx.getLocation()',
        inventory: null,
        dir: NO_INVENTORY_DIR,
        errors: () => [{ messageId: 'noInventory', data: { api: 'wx.getLocation', category: 'location', through: '' }, ...at(1, 1, 1, 17) }],
      },
      // A broken inventory is one problem at 1:1, in every file, and nothing else is checked.
      { code: 'const a = 1', inventory: 'invalid.yaml', errors: () => [INVALID_INVENTORY] },
      { code: 'wx.getLocation()', inventory: 'invalid.yaml', errors: () => [INVALID_INVENTORY] },
      { code: 'wx.getLocation()', inventory: 'missing.yaml', errors: () => [MISSING_INVENTORY] },
    ],
  },

  'out-of-scope-collection': {
    valid: [
      ...quietUnder('declares.yaml'),
      { code: "wx.getLocation({ type: 'gcj02' })", file: 'pages/map/map', inventory: 'declares.yaml' },
      { code: 'wx.getClipboardData({})', inventory: 'declares.yaml' },
      { code: 'const getLocation = () => null\ngetLocation()', inventory: 'declares.yaml' },
      // Undisclosed is not out of scope.
      { code: 'wx.getLocation()', inventory: 'empty.yaml' },
    ],
    invalid: [
      {
        code: "wx.getLocation({ type: 'gcj02' })",
        inventory: 'declares.yaml',
        errors: (file) => [
          {
            messageId: 'outOfScope',
            data: { api: 'wx.getLocation', category: 'location', through: '', file, inventory: DECLARES, key: 'location', scopes: 'pages/map/**' },
            ...at(1, 1, 1, 34),
          },
        ],
      },
      {
        code: 'const geo = navigator.geolocation\ngeo.getCurrentPosition(ok)',
        file: 'pages/map-old/map',
        inventory: 'declares.yaml',
        errors: (file) => [
          {
            messageId: 'outOfScope',
            data: { api: 'navigator.geolocation.getCurrentPosition', category: 'location', through: '', file, inventory: DECLARES, key: 'location', scopes: 'pages/map/**' },
            ...at(2, 1, 2, 27),
          },
        ],
      },
      { code: 'wx.getLocation()', inventory: 'invalid.yaml', errors: () => [INVALID_INVENTORY] },
    ],
  },

  'contradicts-policy': {
    valid: [
      ...quietUnder('declares.yaml'),
      // Undisclosed is not a contradiction.
      { code: 'const id = plus.device.imei', inventory: 'empty.yaml' },
      { code: 'wx.getClipboardData({})', inventory: 'declares.yaml' },
    ],
    invalid: [
      {
        code: 'const id = plus.device.imei',
        inventory: 'declares.yaml',
        errors: () => [
          { messageId: 'contradicts', data: { api: 'plus.device.imei', category: 'device.imei', through: '', inventory: DECLARES, as: " (as 'device')" }, ...at(1, 12, 1, 28) },
        ],
      },
      {
        code: 'const { imei, model } = plus.device',
        inventory: 'declares.yaml',
        errors: () => [
          { messageId: 'contradicts', data: { api: 'plus.device.imei', category: 'device.imei', through: '', inventory: DECLARES, as: " (as 'device')" }, ...at(1, 9, 1, 13) },
        ],
      },
      {
        code: 'const a = new Accelerometer({ frequency: 60 })',
        inventory: 'declares.yaml',
        errors: () => [{ messageId: 'contradicts', data: { api: 'Accelerometer', category: 'sensors', through: '', inventory: DECLARES, as: '' }, ...at(1, 11, 1, 47) }],
      },
      {
        code: "import os from 'node:os'\nos.networkInterfaces()",
        inventory: 'declares.yaml',
        errors: () => [
          { messageId: 'contradicts', data: { api: 'os.networkInterfaces', category: 'device.mac', through: '', inventory: DECLARES, as: " (as 'device')" }, ...at(2, 1, 2, 23) },
        ],
      },
      { code: 'const id = plus.device.imei', inventory: 'missing.yaml', errors: () => [MISSING_INVENTORY] },
    ],
  },
};

for (const flavour of FLAVOURS) {
  describe(flavour.name, () => {
    const tester = new RuleTester();
    for (const [name, { valid, invalid }] of Object.entries(rules)) {
      tester.run(name, plugin.rules[name as keyof typeof plugin.rules] as unknown as Rule.RuleModule, {
        valid: casesFor(valid, flavour),
        invalid: casesFor(invalid, flavour) as RuleTester.InvalidTestCase[],
      });
    }
  });
}
