// `privlint explain FILE:LINE[:COL]` through the real CLI: the catalogue entry, the binding chain, the inventory
// entries checked and the resulting rule, for each collection on that line; text and JSON; exit codes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/cli.js';

const ENGINE_RULES = join(REPO, 'fixtures/engine/rules');
const CWD = join(REPO, 'fixtures/cli');

/** The line of the catalogue item whose first line matches (the item's `- path:` line is where it is defined). */
function itemLine(file: string, pattern: RegExp): number {
  const index = readFileSync(join(REPO, file), 'utf8').split('\n').findIndex((line) => pattern.test(line));
  if (index < 0) throw new Error(`no ${pattern} in ${file}`);
  return index + 1;
}

const explain = (location: string, ...args: string[]) => runCli(['explain', location, '--rules', ENGINE_RULES, ...args], CWD);

describe('privlint explain (real CLI)', () => {
  it('explains an undisclosed collection reached through the project’s own module', () => {
    const run = explain('wechat-app/pages/index/index.js:8');
    expect(run.code).toBe(0);
    const line = itemLine('fixtures/engine/rules/apis/test/engine.yml', /^ {2}- path: getClipboardData$/);
    expect(run.stdout).toBe(
      [
        "wechat-app/pages/index/index.js:8:5  wx.getClipboardData  collects 'clipboard'",
        '  rule:       undisclosed-collection (error): Personal data is collected, but the privacy inventory does not declare it.',
        "  message:    wx.getClipboardData collects 'clipboard', which wechat-app/privacy-inventory.yaml does not declare",
        "  help:       add 'clipboard' under data in wechat-app/privacy-inventory.yaml",
        `  catalogue:  wx.getClipboardData (call), entry test/engine, rules/apis/test/engine.yml:${line}`,
        '              categories: clipboard; permission: none',
        '              source: miniprogram-api-typings@4.1.0 types/wx/lib.wx.api.d.ts',
        "  chain:      readClipboard (import from '../../utils/api.js' at 1:10) → wx.getClipboardData",
        '  inventory:  wechat-app/privacy-inventory.yaml',
        '              file as scopes see it: pages/index/index.js',
        "              not_collected: does not list 'clipboard'",
        "              data: no key for 'clipboard'",
        "  why:        no key under data in wechat-app/privacy-inventory.yaml covers 'clipboard' (looked for 'clipboard')",
        '',
      ].join('\n'),
    );
  });

  it('names the disclosure whose scope did not match, and the not_collected entry that contradicts', () => {
    const scope = explain('wechat-app/pages/profile/index.js:3');
    expect(scope.stdout).toContain('  rule:       out-of-scope-collection (warning)');
    expect(scope.stdout).toContain("              data.location (wechat-app/privacy-inventory.yaml:3:3): actor 'self' ✓, scope pages/index/** ✗, clause 2.3\n");
    expect(scope.stdout).toContain("  why:        'location' is declared for 'self', but only in pages/index/**, which does not match pages/profile/index.js\n");
    expect(scope.stdout).toContain('  chain:      wx.getLocation\n');

    const denied = explain('wechat-app/pages/profile/index.js:7:5');
    expect(denied.stdout).toContain('  rule:       contradicts-policy (error)');
    expect(denied.stdout).toContain("              not_collected: lists 'microphone' (wechat-app/privacy-inventory.yaml:5:17)\n");
    // The receiver is a local bound to a call's result: the chain shows the binding and where it is declared.
    expect(denied.stdout).toContain('  chain:      recorder.start (recorder = wx.getRecorderManager() at 6:11) → wx.getRecorderManager().start\n');
  });

  it('explains a collection the inventory covers (no finding) and says so for a line with none', () => {
    const disclosed = explain('wechat-app/pages/index/index.js:5');
    expect(disclosed.code).toBe(0);
    expect(disclosed.stdout).toContain('  rule:       none: the collection is disclosed\n');
    expect(disclosed.stdout).toContain(
      "  why:        data.location (wechat-app/privacy-inventory.yaml:3:3) covers it: actor 'self', its scope pages/index/** matches pages/index/index.js; no finding\n",
    );
    const nothing = explain('wechat-app/pages/index/index.js:3');
    expect(nothing.code).toBe(0);
    expect(nothing.stdout).toBe('no finding at wechat-app/pages/index/index.js:3: no catalogued API collects personal data there\n');
    const json = explain('wechat-app/pages/index/index.js:3', '--format', 'json');
    expect(JSON.parse(json.stdout)).toEqual({ version: 1, location: { file: 'wechat-app/pages/index/index.js', line: 3 }, explanations: [] });
  });

  it('prints JSON with the finding, catalogue entry, chain and inventory checks', () => {
    const run = explain('wechat-app/pages/profile/index.js:3:10', '--format', 'json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report.location).toEqual({ file: 'wechat-app/pages/profile/index.js', line: 3, column: 10 });
    expect(report.explanations).toHaveLength(1);
    const [explanation] = report.explanations;
    expect(explanation).toMatchObject({
      file: 'wechat-app/pages/profile/index.js',
      line: 3,
      column: 5,
      api: 'wx.getLocation',
      category: 'location',
      kind: 'call',
      actor: 'self',
      finding: { ruleId: 'out-of-scope-collection', severity: 'warning', clause: '2.3' },
      catalogue: { entry: 'test/engine', api: 'wx.getLocation', kind: 'call', categories: ['location'] },
      via: ['wx.getLocation'],
      inventory: {
        inventory: 'wechat-app/privacy-inventory.yaml',
        keys: ['location'],
        path: 'pages/profile/index.js',
        outcome: 'out-of-scope-collection',
        disclosures: [{ key: 'location', actor: 'self', actorMatches: true, scope: ['pages/index/**'], scopeMatches: false, clause: '2.3', at: 'wechat-app/privacy-inventory.yaml:3:3' }],
      },
    });
    expect(Object.keys(explanation.finding).slice(0, 3)).toEqual(['ruleId', 'category', 'file']);
    // A column outside every finding on the line selects none.
    expect(JSON.parse(explain('wechat-app/pages/profile/index.js:3:2', '--format', 'json').stdout).explanations).toEqual([]);
  });

  it('explains every category of a call, and shows a suppression', () => {
    const run = explain('suppress-app/lib/sdk.js:5:10');
    expect(run.stdout.match(/^suppress-app\/lib\/sdk\.js:5:10 {2}react-native-device-info\.getUniqueId {2}collects '(.*)'$/gm)).toEqual([
      "suppress-app/lib/sdk.js:5:10  react-native-device-info.getUniqueId  collects 'device.android-id'",
      "suppress-app/lib/sdk.js:5:10  react-native-device-info.getUniqueId  collects 'device.id'",
    ]);
    expect(run.stdout).toContain("  suppressed: vendored SDK glue, its collection is disclosed as the SDK's\n");
    expect(run.stdout).toContain("  chain:      getUniqueId (import from 'react-native-device-info' at 2:10) → 'react-native-device-info'.getUniqueId\n");
    expect(run.stdout).toContain('  inventory:  none found\n');
    expect(run.stdout).toContain('  why:        no privacy inventory was found');
  });

  it('resolves root imports from the project root, like a project scan', () => {
    const run = runCli(['explain', 'components/Picker.vue:10', '--rules', ENGINE_RULES], join(REPO, 'fixtures/engine/project'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("  chain:      readClipboard (import from '@/utils/api' at 6:10) → wx.getClipboardData\n");
  });

  it('uses the shipped catalogue by default', () => {
    const run = runCli(['explain', 'wechat-app/pages/index/index.js:5'], CWD);
    expect(run.code).toBe(0);
    const line = itemLine('rules/apis/wechat/location.yml', /^ {2}- path: getLocation$/);
    expect(run.stdout).toContain(`  catalogue:  wx.getLocation (call), entry wechat/location, rules/apis/wechat/location.yml:${line}\n`);
    expect(run.stdout).toMatch(/ {14}source: miniprogram-api-typings@/);
  });

  it('exits 2 for a bad FILE:LINE', () => {
    const cases: [string, string][] = [
      ['wechat-app/pages/index/index.js', "privlint: expected FILE:LINE or FILE:LINE:COL, got 'wechat-app/pages/index/index.js'"],
      ['wechat-app/pages/nope.js:3', 'privlint: no such file: wechat-app/pages/nope.js'],
      ['wechat-app/pages/index/index.js:99', 'privlint: wechat-app/pages/index/index.js:99  line 99 is outside wechat-app/pages/index/index.js (11 lines)'],
      ['wechat-app/pages/index/index.js:0', 'privlint: wechat-app/pages/index/index.js  line 0 is outside wechat-app/pages/index/index.js (11 lines)'],
      ['wechat-app/privacy-inventory.yaml:4', 'privlint: wechat-app/privacy-inventory.yaml is not a source file privlint scans (.js, .ts, .vue, .ets, …)'],
      ['wechat-app/pages:1', 'privlint: no such file: wechat-app/pages'],
    ];
    for (const [location, message] of cases) {
      const run = explain(location);
      expect(run.code, location).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr.split('\n')[0], location).toBe(message);
    }
  });
});
