import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDetections, parentCoverageNotes } from '../src/check/inventory-check.js';
import { loadInventory, parseInventory } from '../src/inventory/load.js';
import type { Inventory } from '../src/inventory/types.js';
import type { Detection, Finding } from '../src/types.js';

// The scan runs in /proj; the inventory sits in /proj/app, so scopes and Detection.file differ by `app/`.
const cwd = '/proj';
const inventoryFile = '/proj/app/privacy-inventory.yaml';

function inventoryOf(text: string): Inventory {
  return parseInventory(text, inventoryFile, { cwd });
}

function detection(overrides: Partial<Detection> & { category: string; file: string; line: number; column: number }): Detection {
  const { category, file, line, column, ...rest } = overrides;
  return {
    category,
    entry: 'wechat/test#api',
    api: 'wx.getLocation',
    platform: 'wechat',
    kind: 'call',
    actor: 'self',
    file,
    range: { start: { line, column }, end: { line, column: column + 13 } },
    via: [],
    ...rest,
  };
}

/** The fields every finding about a detection copies from it. */
function fromDetection(d: Detection) {
  return {
    category: d.category,
    file: d.file,
    line: d.range.start.line,
    column: d.range.start.column,
    endLine: d.range.end.line,
    endColumn: d.range.end.column,
    api: d.api,
    platform: d.platform,
    entry: d.entry,
    actor: d.actor,
  };
}

const clipboardRead = detection({
  category: 'clipboard',
  api: 'wx.getClipboardData',
  entry: 'wechat/clipboard#getclipboarddata',
  file: 'app/pages/index/index.js',
  line: 12,
  column: 5,
});

describe('without an inventory', () => {
  it('every detection is undisclosed-collection', () => {
    const location = detection({ category: 'location', file: 'app/a.js', line: 1, column: 1 });
    expect(checkDetections([location, clipboardRead], undefined, { cwd })).toEqual<Finding[]>([
      {
        ...fromDetection(location),
        ruleId: 'undisclosed-collection',
        severity: 'error',
        message: "wx.getLocation collects 'location', but there is no privacy-inventory.yaml to declare it in",
        hint: "run privlint init to draft privacy-inventory.yaml, then add 'location' under data",
      },
      {
        ...fromDetection(clipboardRead),
        ruleId: 'undisclosed-collection',
        severity: 'error',
        message: "wx.getClipboardData collects 'clipboard', but there is no privacy-inventory.yaml to declare it in",
        hint: "run privlint init to draft privacy-inventory.yaml, then add 'clipboard' under data",
      },
    ]);
  });

  it('no detections, no findings', () => {
    expect(checkDetections([], undefined, { cwd })).toEqual([]);
  });
});

describe('undisclosed-collection', () => {
  it('a category the inventory does not declare', () => {
    const inventory = inventoryOf('version: 1\ndata:\n  location: { purpose: maps }\n');
    const findings = checkDetections([clipboardRead, detection({ category: 'location', file: 'app/a.js', line: 1, column: 1 })], inventory, { cwd });
    expect(findings).toEqual<Finding[]>([
      {
        ...fromDetection(clipboardRead),
        ruleId: 'undisclosed-collection',
        severity: 'error',
        message: "wx.getClipboardData collects 'clipboard', which app/privacy-inventory.yaml does not declare",
        hint: "add 'clipboard' under data in app/privacy-inventory.yaml",
      },
    ]);
  });

  it('a child does not cover its parent', () => {
    const inventory = inventoryOf('version: 1\ndata:\n  device.imei: { purpose: fraud }\n');
    const generic = detection({ category: 'device', api: 'plus.device.getInfo', file: 'app/a.js', line: 3, column: 1 });
    expect(checkDetections([generic], inventory, { cwd }).map((f) => [f.ruleId, f.category])).toEqual([
      ['undisclosed-collection', 'device'],
      ['unused-declaration', 'device.imei'],
    ]);
  });

  describe('actor mismatch', () => {
    const inventory = inventoryOf(
      'version: 1\ndata:\n  location:\n    purpose: maps\n    actor: amap\n    clause: "5.2"\n  camera:\n    purpose: scan\n',
    );

    it("the app's own code collecting what only an SDK is declared to collect", () => {
      const own = detection({ category: 'location', file: 'app/pages/a.js', line: 4, column: 2 });
      expect(checkDetections([own], inventory, { cwd }).filter((f) => f.ruleId !== 'unused-declaration')).toEqual<Finding[]>([
        {
          ...fromDetection(own),
          ruleId: 'undisclosed-collection',
          severity: 'error',
          message: "wx.getLocation collects 'location', but app/privacy-inventory.yaml declares 'location' only for actor 'amap'",
          hint: "add a disclosure of 'location' for the app's own code (actor: self, the default) under data in app/privacy-inventory.yaml",
        },
      ]);
    });

    it('an SDK collecting what only the app is declared to collect', () => {
      const sdk = detection({ category: 'camera', api: 'AMap.scan', actor: 'amap', file: 'app/sdk/amap.js', line: 9, column: 3 });
      expect(checkDetections([sdk], inventory, { cwd }).filter((f) => f.ruleId !== 'unused-declaration')).toEqual<Finding[]>([
        {
          ...fromDetection(sdk),
          ruleId: 'undisclosed-collection',
          severity: 'error',
          message: "AMap.scan collects 'camera' (through SDK 'amap'), but app/privacy-inventory.yaml declares 'camera' only for actor 'self'",
          hint: "add a disclosure of 'camera' for actor: amap under data in app/privacy-inventory.yaml",
        },
      ]);
    });

    it('an SDK collecting a category nobody declares', () => {
      const sdk = detection({ category: 'contacts', api: 'Sdk.contacts', actor: 'amap', file: 'app/sdk/amap.js', line: 1, column: 1 });
      const [finding] = checkDetections([sdk], inventory, { cwd }).filter((f) => f.ruleId !== 'unused-declaration');
      expect(finding.message).toBe("Sdk.contacts collects 'contacts' (through SDK 'amap'), which app/privacy-inventory.yaml does not declare");
      expect(finding.hint).toBe("add 'contacts' with actor: amap under data in app/privacy-inventory.yaml");
    });

    it('the matching actor is disclosed', () => {
      const sdk = detection({ category: 'location', api: 'AMap.getLocation', actor: 'amap', file: 'app/sdk/amap.js', line: 1, column: 1 });
      const own = detection({ category: 'camera', api: 'wx.scanCode', file: 'app/a.js', line: 1, column: 1 });
      expect(checkDetections([sdk, own], inventory, { cwd })).toEqual([]);
    });
  });
});

describe('out-of-scope-collection', () => {
  const inventory = inventoryOf(
    [
      'version: 1',
      'data:',
      '  location:',
      '    - purpose: nearby stores',
      '      clause: "2.1"',
      '      scope: [pages/map/**, "components/{map,geo}/*.js"]',
      '    - purpose: delivery address',
      '      clause: "2.2"',
      '      scope: pages/checkout',
      '    - purpose: sdk maps',
      '      actor: amap',
      '  camera:',
      '    purpose: scan codes',
      '    clause: "2.5"',
      '    scope: pages/scan/**',
      '',
    ].join('\n'),
  );
  const at = (file: string, category = 'location') => detection({ category, file, line: 2, column: 7 });

  it('is silent inside any scope of a disclosure for the actor (scopes are relative to the inventory folder)', () => {
    const inside = [
      at('app/pages/map/index.js'),
      at('app/pages/map/deep/nested/x.js'),
      at('app/components/geo/pin.js'),
      at('app/pages/checkout/address.js'),
      at('app/pages/scan/index.js', 'camera'),
    ];
    expect(checkDetections(inside, inventory, { cwd })).toEqual([]);
  });

  it('warns outside every scope, citing the clause and the path to add, relative to the inventory folder', () => {
    const outside = at('app/pages/home/index.js');
    expect(checkDetections([outside, at('app/pages/scan/a.js', 'camera')], inventory, { cwd })).toEqual<Finding[]>([
      {
        ...fromDetection(outside),
        ruleId: 'out-of-scope-collection',
        severity: 'warning',
        message:
          "wx.getLocation collects 'location' in app/pages/home/index.js, outside the scope app/privacy-inventory.yaml declares for 'location' (pages/map/**, components/{map,geo}/*.js, pages/checkout)",
        hint: "add 'pages/home/index.js' to the scope of 'location' in app/privacy-inventory.yaml, or move the collection into pages/map/**, components/{map,geo}/*.js, pages/checkout",
        clause: '2.1',
      },
    ]);
  });

  it('a glob does not match a file of the same name elsewhere', () => {
    // `pages/map/**` is relative to app/, so a top-level pages/map outside app/ is not in scope.
    const elsewhere = at('pages/map/index.js');
    const [finding] = checkDetections([elsewhere], inventory, { cwd }).filter((f) => f.ruleId !== 'unused-declaration');
    expect(finding.ruleId).toBe('out-of-scope-collection');
    expect(finding.hint).toMatch(/^add '\.\.\/pages\/map\/index\.js' to the scope of 'location'/);
  });

  it('escapes glob characters in the suggested path', () => {
    const [finding] = checkDetections([at('app/pages/[id].js')], inventory, { cwd });
    expect(finding.hint).toMatch(/^add 'pages\/\\\[id\\\]\.js' to the scope/);
  });

  it('a disclosure without scope covers every file for its actor only', () => {
    const sdk = detection({ category: 'location', actor: 'amap', file: 'app/anywhere/x.js', line: 1, column: 1 });
    expect(checkDetections([sdk, at('app/pages/map/a.js'), at('app/pages/scan/a.js', 'camera')], inventory, { cwd })).toEqual([]);
  });

  it('works when cwd is the inventory folder', () => {
    const local = parseInventory('version: 1\ndata:\n  camera:\n    scope: pages/scan\n', '/proj/app/privacy-inventory.yaml', { cwd: '/proj/app' });
    const inScope = detection({ category: 'camera', file: 'pages/scan/index.js', line: 1, column: 1 });
    const outOfScope = detection({ category: 'camera', file: 'pages/home/index.js', line: 1, column: 1 });
    expect(checkDetections([inScope, outOfScope], local, { cwd: '/proj/app' }).map((f) => [f.ruleId, f.file, f.message])).toEqual([
      [
        'out-of-scope-collection',
        'pages/home/index.js',
        "wx.getLocation collects 'camera' in pages/home/index.js, outside the scope privacy-inventory.yaml declares for 'camera' (pages/scan)",
      ],
    ]);
  });

  it('honours exclusions', () => {
    const excluding = inventoryOf('version: 1\ndata:\n  camera:\n    scope: [pages/**, "!pages/test/**"]\n');
    expect(checkDetections([at('app/pages/a.js', 'camera'), at('app/pages/test/a.js', 'camera')], excluding, { cwd }).map((f) => f.file)).toEqual([
      'app/pages/test/a.js',
    ]);
  });
});

describe('contradicts-policy', () => {
  const inventory = inventoryOf(
    'version: 1\ndata:\n  device: { purpose: security }\nnot_collected:\n  - category: contacts\n    clause: "4.1"\n  - device.imei\n',
  );

  it('collecting a category the policy says is never collected', () => {
    const pick = detection({ category: 'contacts', api: 'wx.chooseContact', file: 'app/pages/a.js', line: 3, column: 9 });
    expect(checkDetections([pick], inventory, { cwd }).filter((f) => f.ruleId !== 'unused-declaration')).toEqual<Finding[]>([
      {
        ...fromDetection(pick),
        ruleId: 'contradicts-policy',
        severity: 'error',
        message: "wx.chooseContact collects 'contacts', but app/privacy-inventory.yaml lists it under not_collected",
        hint: "remove 'contacts' from not_collected in app/privacy-inventory.yaml, or stop calling wx.chooseContact",
        clause: '4.1',
      },
    ]);
  });

  it('the precise child under not_collected wins over the declared parent', () => {
    const imei = detection({ category: 'device.imei', api: 'plus.device.imei', kind: 'read', file: 'app/a.js', line: 1, column: 1 });
    const [finding] = checkDetections([imei], inventory, { cwd });
    expect(finding).toMatchObject({ ruleId: 'contradicts-policy', category: 'device.imei', severity: 'error' });
    expect(finding.hint).toBe("remove 'device.imei' from not_collected in app/privacy-inventory.yaml, or stop reading plus.device.imei");
    expect(finding).not.toHaveProperty('clause');
  });

  it('a parent under not_collected covers its children', () => {
    const parentDenied = inventoryOf('version: 1\nnot_collected: [device]\n');
    const mac = detection({ category: 'device.mac', api: 'wx.getConnectedWifi', file: 'app/a.js', line: 1, column: 1 });
    const [finding] = checkDetections([mac], parentDenied, { cwd });
    expect(finding.ruleId).toBe('contradicts-policy');
    expect(finding.message).toBe("wx.getConnectedWifi collects 'device.mac', but app/privacy-inventory.yaml lists it under not_collected (as 'device')");
    expect(finding.hint).toBe("remove 'device' from not_collected in app/privacy-inventory.yaml, or stop calling wx.getConnectedWifi");
  });
});

describe('unused-declaration', () => {
  it('one info finding per declared category nothing collects, at its key in the inventory', () => {
    const inventory = inventoryOf(
      'version: 1\ndata:\n  camera:\n    purpose: scan\n    clause: "2.5"\n  location:\n    - purpose: maps\n      actor: amap\n      clause: "5.1"\n  clipboard: {}\n',
    );
    expect(checkDetections([clipboardRead], inventory, { cwd })).toEqual<Finding[]>([
      {
        ruleId: 'unused-declaration',
        category: 'camera',
        file: 'app/privacy-inventory.yaml',
        line: 3,
        column: 3,
        endLine: 3,
        endColumn: 9,
        severity: 'info',
        api: '',
        platform: '',
        message: "'camera' is declared in app/privacy-inventory.yaml, but no scanned code collects it",
        entry: '',
        actor: 'self',
        hint: "remove 'camera' from data in app/privacy-inventory.yaml if the app no longer collects it",
        clause: '2.5',
      },
      {
        ruleId: 'unused-declaration',
        category: 'location',
        file: 'app/privacy-inventory.yaml',
        line: 6,
        column: 3,
        endLine: 6,
        endColumn: 11,
        severity: 'info',
        api: '',
        platform: '',
        message: "'location' is declared in app/privacy-inventory.yaml, but no scanned code collects it",
        entry: '',
        actor: 'amap',
        hint: "remove 'location' from data in app/privacy-inventory.yaml if the app no longer collects it",
        clause: '5.1',
      },
    ]);
  });

  it('a parent is used when a child is collected, even out of scope or by another actor', () => {
    const inventory = inventoryOf('version: 1\ndata:\n  device:\n    scope: pages/login\n');
    const findings = checkDetections([detection({ category: 'device.android-id', file: 'app/pages/home/a.js', line: 1, column: 1 })], inventory, { cwd });
    expect(findings.map((f) => f.ruleId)).toEqual(['out-of-scope-collection']);
  });
});

describe('parent coverage', () => {
  const file = join(process.cwd(), 'fixtures/inventory/parent/privacy-inventory.yaml');
  const parent = loadInventory(file, { cwd: process.cwd() });
  const imei = detection({ category: 'device.imei', api: 'plus.device.imei', kind: 'read', file: 'src/a.js', line: 2, column: 3 });
  const androidId = detection({ category: 'device.android-id', api: 'Settings.Secure.ANDROID_ID', file: 'src/b.js', line: 5, column: 1 });

  it('a declared parent discloses its children (and lends them its clause)', () => {
    expect(checkDetections([imei, androidId], parent, { cwd: process.cwd() })).toEqual([]);
  });

  it('with an info note naming the children to declare instead', () => {
    expect(parentCoverageNotes([imei, androidId, imei], parent, { cwd: process.cwd() })).toEqual([
      {
        severity: 'info',
        category: 'device',
        file: 'fixtures/inventory/parent/privacy-inventory.yaml',
        line: 3,
        column: 3,
        message: "'device' in fixtures/inventory/parent/privacy-inventory.yaml covers 'device.android-id', 'device.imei' collected by the code",
        hint: "to be precise, declare 'device.android-id', 'device.imei' instead of 'device'",
      },
    ]);
  });

  it('no note when the children are declared precisely, or there is no inventory', () => {
    const both = inventoryOf('version: 1\ndata:\n  device: {}\n  device.imei: {}\n');
    expect(parentCoverageNotes([imei], both, { cwd })).toEqual([]);
    expect(parentCoverageNotes([imei], undefined, { cwd })).toEqual([]);
  });

  it('the out-of-scope clause comes from the parent disclosure', () => {
    const scoped = inventoryOf('version: 1\ndata:\n  device:\n    clause: "3.1"\n    scope: pages/login\n');
    const [finding] = checkDetections([detection({ category: 'device.imei', file: 'app/x.js', line: 1, column: 1 })], scoped, { cwd });
    expect(finding).toMatchObject({ ruleId: 'out-of-scope-collection', category: 'device.imei', clause: '3.1' });
    expect(finding.hint).toBe("add 'x.js' to the scope of 'device' in app/privacy-inventory.yaml, or move the collection into pages/login");
  });
});

describe('determinism', () => {
  const inventory = inventoryOf(
    'version: 1\ndata:\n  camera: { scope: pages/scan }\n  sms: {}\n  location: {}\nnot_collected: [contacts]\n',
  );
  const detections = [
    detection({ category: 'camera', file: 'app/b.js', line: 3, column: 1 }),
    detection({ category: 'contacts', file: 'app/b.js', line: 3, column: 1 }),
    detection({ category: 'clipboard', file: 'app/b.js', line: 3, column: 1 }),
    detection({ category: 'location', file: 'app/a.js', line: 10, column: 2 }),
    detection({ category: 'clipboard', file: 'app/a.js', line: 2, column: 9 }),
    detection({ category: 'clipboard', file: 'app/a.js', line: 2, column: 1 }),
    detection({ category: 'clipboard', file: 'app/B.js', line: 1, column: 1 }),
  ];

  it('sorts by file, line, column, rule id, category', () => {
    expect(checkDetections(detections, inventory, { cwd }).map((f) => `${f.file}:${f.line}:${f.column} ${f.ruleId} ${f.category}`)).toEqual([
      'app/B.js:1:1 undisclosed-collection clipboard',
      'app/a.js:2:1 undisclosed-collection clipboard',
      'app/a.js:2:9 undisclosed-collection clipboard',
      'app/b.js:3:1 contradicts-policy contacts',
      'app/b.js:3:1 out-of-scope-collection camera',
      'app/b.js:3:1 undisclosed-collection clipboard',
      'app/privacy-inventory.yaml:4:3 unused-declaration sms',
    ]);
  });

  it('gives the same output for any input order', () => {
    const expected = JSON.stringify(checkDetections(detections, inventory, { cwd }));
    for (let seed = 1; seed <= 20; seed++) {
      const shuffled = [...detections].sort((a, b) => ((a.range.start.line * 31 + a.category.length * seed) % 7) - ((b.range.start.line * 31 + b.category.length * seed) % 7));
      expect(JSON.stringify(checkDetections(shuffled, inventory, { cwd }))).toBe(expected);
      expect(JSON.stringify(checkDetections([...detections].reverse(), inventory, { cwd }))).toBe(expected);
    }
  });
});

describe('when the inventory is a policy text (scan --policy)', () => {
  // As src/policy/to-inventory.ts builds it: entries point at the clause's line in the policy, column 1.
  const policyFile = '/proj/policy.txt';
  const at = (line: number) => ({ file: policyFile, line, column: 1 });
  const policy: Inventory = {
    version: 1,
    file: policyFile,
    dir: '/proj',
    source: 'policy',
    data: new Map([
      ['location', [{ actor: '高德地图', clause: '二.1', location: at(8) }]],
      ['contacts', [{ actor: 'self', clause: '二.2', location: at(12) }]],
      ['device', [{ actor: 'self', clause: '二.4', location: at(20) }]],
      ['photos', [{ actor: 'self', location: at(24) }]],
    ]),
    notCollected: [
      { category: 'microphone', clause: '二.3', location: at(15) },
      { category: 'sms', location: at(17) },
    ],
  };
  const collect = (category: string, api: string, line: number, actor = 'self') => detection({ category, api, file: 'app/a.js', line, column: 1, actor });
  const byCategory = (findings: Finding[]) => Object.fromEntries(findings.map((f) => [f.category, { message: f.message, hint: f.hint }]));

  it('says to disclose the collection in the policy, not to add a key under data', () => {
    const findings = checkDetections(
      [
        collect('clipboard', 'wx.getClipboardData', 1),
        collect('camera', 'amap.scan', 2, 'amap'),
        collect('location', 'wx.getLocation', 3),
        collect('photos', 'wx.chooseImage', 4),
        collect('device.imei', 'plus.device.imei', 5),
        collect('contacts', 'wx.chooseContact', 6),
      ],
      policy,
      { cwd },
    );
    expect(byCategory(findings)).toEqual({
      clipboard: {
        message: "wx.getClipboardData collects 'clipboard', which policy.txt does not declare",
        hint: 'disclose reading the clipboard in policy.txt (or draft an inventory with privlint policy extract policy.txt)',
      },
      camera: {
        message: "amap.scan collects 'camera' (through SDK 'amap'), which policy.txt does not declare",
        hint: "disclose using the camera by SDK 'amap' in policy.txt (or draft an inventory with privlint policy extract policy.txt)",
      },
      location: {
        message: "wx.getLocation collects 'location', but policy.txt declares 'location' only for actor '高德地图'",
        hint: "disclose collecting location by the app's own code in policy.txt (or draft an inventory with privlint policy extract policy.txt)",
      },
    });
  });

  it('names the clause that says a category is not collected', () => {
    const findings = checkDetections([collect('microphone', 'wx.startRecord', 1), collect('sms', 'plus.messaging.read', 2), collect('contacts', 'wx.chooseContact', 3), collect('photos', 'wx.chooseImage', 4), collect('device.id', 'x.uid', 5), collect('location', 'amap.locate', 6, '高德地图')], policy, { cwd });
    expect(byCategory(findings)).toEqual({
      microphone: {
        message: "wx.startRecord collects 'microphone', but policy.txt lists it under not_collected",
        hint: "stop calling wx.startRecord, or correct the policy: 'microphone' is listed as not collected in policy.txt (clause 二.3)",
      },
      sms: {
        message: "plus.messaging.read collects 'sms', but policy.txt lists it under not_collected",
        hint: "stop calling plus.messaging.read, or correct the policy: 'sms' is listed as not collected in policy.txt",
      },
    });
    expect(findings.find((f) => f.category === 'microphone')?.clause).toBe('二.3');
  });

  it('an unused disclosure points at its clause in the policy', () => {
    const findings = checkDetections([collect('device.imei', 'plus.device.imei', 1), collect('location', 'amap.locate', 2, '高德地图')], policy, { cwd });
    expect(findings.filter((f) => f.ruleId === 'unused-declaration')).toEqual<Finding[]>([
      {
        ruleId: 'unused-declaration',
        category: 'contacts',
        file: 'policy.txt',
        line: 12,
        column: 1,
        endLine: 12,
        endColumn: 9,
        severity: 'info',
        api: '',
        platform: '',
        message: "policy.txt discloses 'contacts' (clause 二.2) but no scanned code collects it",
        entry: '',
        actor: 'self',
        hint: "if the app no longer collects 'contacts', the policy can stop disclosing it",
        clause: '二.2',
      },
      {
        ruleId: 'unused-declaration',
        category: 'photos',
        file: 'policy.txt',
        line: 24,
        column: 1,
        endLine: 24,
        endColumn: 7,
        severity: 'info',
        api: '',
        platform: '',
        message: "policy.txt discloses 'photos' but no scanned code collects it",
        entry: '',
        actor: 'self',
        hint: "if the app no longer collects 'photos', the policy can stop disclosing it",
      },
    ]);
  });

  it('a parent the policy discloses as a whole: name the children in the policy', () => {
    expect(parentCoverageNotes([collect('device.imei', 'plus.device.imei', 1)], policy, { cwd })).toEqual([
      {
        severity: 'info',
        category: 'device',
        file: 'policy.txt',
        line: 20,
        column: 1,
        message: "'device' in policy.txt covers 'device.imei' collected by the code",
        hint: "to be precise, name 'device.imei' in policy.txt instead of 'device' as a whole",
      },
    ]);
  });

  it('the same entries loaded from an inventory file keep the inventory wording', () => {
    const inventory: Inventory = { ...policy, file: '/proj/privacy-inventory.yaml' };
    delete inventory.source;
    const findings = checkDetections([collect('clipboard', 'wx.getClipboardData', 1), collect('microphone', 'wx.startRecord', 2), collect('location', 'amap.locate', 3, '高德地图'), collect('device.imei', 'plus.device.imei', 4)], inventory, { cwd });
    expect(findings.map((f) => f.hint)).toEqual([
      "add 'clipboard' under data in privacy-inventory.yaml",
      "remove 'microphone' from not_collected in privacy-inventory.yaml, or stop calling wx.startRecord",
      "remove 'contacts' from data in privacy-inventory.yaml if the app no longer collects it",
      "remove 'photos' from data in privacy-inventory.yaml if the app no longer collects it",
    ]);
    expect(findings.map((f) => f.message).at(-1)).toBe("'photos' is declared in privacy-inventory.yaml, but no scanned code collects it");
  });
});
