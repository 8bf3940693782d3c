// End to end: the real ESLint class, flat config, the plugin object passed directly, on fixtures/eslint/app
// (shipped catalogue; the app's privacy-inventory.yaml is found by walking up from each file).
import { copyFileSync, mkdtempSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { ESLint, Linter, type Rule } from 'eslint';
import tseslint from 'typescript-eslint';
import vueParser from 'vue-eslint-parser';
import { describe, expect, it } from 'vitest';
import { lintProject } from '../../src/engine.js';
import { lintFile, type FileLint } from '../../src/eslint/lint-file.js';
import plugin from '../../src/eslint/plugin.js';
import { APP, ENGINE_RULES, INVENTORIES } from './flavours.js';

const parsers: Linter.Config[] = [
  { files: ['**/*.ts'], languageOptions: { parser: tseslint.parser } },
  { files: ['**/*.vue'], languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser } } },
];

async function lintApp(extra: Linter.Config[] = []): Promise<Record<string, string[]>> {
  const eslint = new ESLint({ cwd: APP, overrideConfigFile: true, overrideConfig: [...parsers, plugin.configs.recommended, ...extra] });
  const results = await eslint.lintFiles(['.']);
  const byFile: Record<string, string[]> = {};
  for (const result of results) {
    byFile[relative(APP, result.filePath).split('\\').join('/')] = result.messages.map(
      (m) => `${m.line}:${m.column} ${m.severity === 2 ? 'error' : 'warn'} ${m.ruleId} ${m.message}`,
    );
  }
  return byFile;
}

describe('ESLint on fixtures/eslint/app', () => {
  it('reports exactly the expected problems in each file', async () => {
    expect(await lintApp()).toEqual({
      'components/StorePicker.vue': [
        "19:26 warn privlint/out-of-scope-collection uni.getClipboardData collects 'clipboard' in components/StorePicker.vue, outside the scope privacy-inventory.yaml declares for 'clipboard' (pages/coupon/**)",
      ],
      'pages/coupon/coupon.js': [],
      'pages/index/index.js': [
        "12:5 warn privlint/out-of-scope-collection wx.getClipboardData collects 'clipboard' in pages/index/index.js, outside the scope privacy-inventory.yaml declares for 'clipboard' (pages/coupon/**)",
        "15:5 error privlint/contradicts-policy wx.chooseContact collects 'contacts', but privacy-inventory.yaml lists it under not_collected",
        "18:22 error privlint/undisclosed-collection wx.getRecorderManager collects 'microphone', which privacy-inventory.yaml does not declare",
      ],
      'utils/format.js': [],
      'utils/share.ts': [
        "7:17 warn privlint/out-of-scope-collection navigator.clipboard.readText collects 'clipboard' in utils/share.ts, outside the scope privacy-inventory.yaml declares for 'clipboard' (pages/coupon/**)",
        "15:3 error privlint/contradicts-policy wx.chooseContact collects 'contacts', but privacy-inventory.yaml lists it under not_collected",
      ],
    });
  });

  it('reports what `privlint scan` reports for the same app: same rule, place and words', async () => {
    const eslint = new ESLint({ cwd: APP, overrideConfigFile: true, overrideConfig: [...parsers, plugin.configs.recommended] });
    const fromEslint = (await eslint.lintFiles(['.'])).flatMap((result) =>
      result.messages.map((m) => `${relative(APP, result.filePath).split('\\').join('/')}:${m.line}:${m.column} ${m.ruleId} ${m.message}`),
    );
    const { findings } = await lintProject({ cwd: APP, patterns: ['.'], workers: 1 });
    const fromScan = findings.filter((f) => f.ruleId !== 'unused-declaration').map((f) => `${f.file}:${f.line}:${f.column} privlint/${f.ruleId} ${f.message}`);
    expect(fromEslint.sort()).toEqual(fromScan.sort());
    expect(fromEslint).toHaveLength(6);
  });

  it('reports a broken inventory once per file, at 1:1, under the first privlint rule that runs, and nothing else', async () => {
    const invalid = relative(APP, join(INVENTORIES, 'invalid.yaml')).split('\\').join('/');
    const problem = `1:1 error privlint/undisclosed-collection privlint cannot check this file against the privacy inventory: ${invalid}:4:3: unknown category 'clipbord' — did you mean 'clipboard'? (hint: write 'clipboard')`;
    expect(await lintApp([{ settings: { privlint: { inventory: invalid } } }])).toEqual({
      'components/StorePicker.vue': [problem],
      'pages/coupon/coupon.js': [problem],
      'pages/index/index.js': [problem],
      'utils/format.js': [problem],
      'utils/share.ts': [problem],
    });
  });

  it('reports nothing once the rules are off', async () => {
    const off: Linter.Config = { rules: Object.fromEntries(Object.keys(plugin.rules).map((name) => [`privlint/${name}`, 'off'])) };
    const byFile = await lintApp([off]);
    expect(Object.values(byFile).flat()).toEqual([]);
  });
});

// A probe rule that lints next to the plugin's rules and records what lint-file.ts handed out.
function probe(seen: FileLint[]): Rule.RuleModule {
  return { create: (context) => ({ Program: () => void seen.push(lintFile(context)) }) };
}

describe('shared analysis', () => {
  it('analyses a file once for all rules: every rule gets the same result object', () => {
    const seen: FileLint[] = [];
    const linter = new Linter({ cwd: APP });
    const messages = linter.verify(
      'wx.getRecorderManager()\nwx.chooseContact()\nwx.getClipboardData()',
      [
        plugin.configs.recommended,
        { plugins: { probe: { rules: { a: probe(seen), b: probe(seen) } } }, rules: { 'probe/a': 'error', 'probe/b': 'error' } },
      ],
      join(APP, 'pages/index/other.js'),
    );
    expect(messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)).toEqual([
      '1:1 privlint/undisclosed-collection',
      '2:1 privlint/contradicts-policy',
      '3:1 privlint/out-of-scope-collection',
    ]);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(seen[1]);
    expect(seen[0]!.findings).toHaveLength(3);
  });

  it('reloads an inventory when its file changes (path + mtime), and reuses it while it does not', () => {
    const dir = mkdtempSync(join(tmpdir(), 'privlint-eslint-inventory-'));
    const inventory = join(dir, 'privacy-inventory.yaml');
    const config: Linter.Config[] = [
      { plugins: { privlint: plugin }, rules: { 'privlint/undisclosed-collection': 'error' }, settings: { privlint: { rulesDir: ENGINE_RULES } } },
    ];
    const lint = () => new Linter({ cwd: dir }).verify('wx.getLocation()', config, join(dir, 'a.js')).map((m) => m.message);
    const undeclared = ["wx.getLocation collects 'location', which privacy-inventory.yaml does not declare"];

    // `location` and `contacts` have the same length: the two files differ only in content.
    writeFileSync(inventory, 'version: 1\ndata:\n  location: {}\n');
    // A whole second: file systems keep sub-millisecond mtimes that a Date cannot set back.
    const mtime = new Date(Math.floor(statSync(inventory).mtimeMs / 1000) * 1000);
    utimesSync(inventory, mtime, mtime);
    expect(lint()).toEqual([]);

    writeFileSync(inventory, 'version: 1\ndata:\n  contacts: {}\n');
    utimesSync(inventory, mtime, mtime);
    expect(lint()).toEqual([]); // same path, mtime and size: the cached inventory

    const later = new Date(mtime.getTime() + 5000);
    utimesSync(inventory, later, later);
    expect(lint()).toEqual(undeclared);

    copyFileSync(join(INVENTORIES, 'invalid.yaml'), inventory);
    expect(lint()).toEqual([
      "privlint cannot check this file against the privacy inventory: privacy-inventory.yaml:4:3: unknown category 'clipbord' — did you mean 'clipboard'? (hint: write 'clipboard')",
    ]);
  });

  it('finds the inventory relative to the ESLint cwd from settings, or by walking up from the file', () => {
    const config = (settings: Record<string, unknown>): Linter.Config[] => [
      { plugins: { privlint: plugin }, rules: { 'privlint/undisclosed-collection': 'error' }, settings: { privlint: { rulesDir: ENGINE_RULES, ...settings } } },
    ];
    const file = join(INVENTORIES, 'pages/home/home.js');
    const walkedUp = new Linter({ cwd: INVENTORIES }).verify('wx.getRecorderManager().start()', config({}), file);
    // fixtures/eslint/inventories has no privacy-inventory.yaml; fixtures/ and the repository root have none either.
    expect(walkedUp.map((m) => m.message)).toEqual([
      "wx.getRecorderManager().start collects 'microphone', but there is no privacy-inventory.yaml to declare it in",
    ]);
    const fromSettings = new Linter({ cwd: INVENTORIES }).verify('wx.getRecorderManager().start()', config({ inventory: 'declares.yaml' }), file);
    expect(fromSettings.map((m) => m.message)).toEqual([
      "wx.getRecorderManager().start collects 'microphone', but declares.yaml declares 'microphone' only for actor '今日头条'",
    ]);
  });

  it('rejects settings of the wrong shape with a clear message', () => {
    const config: Linter.Config[] = [{ plugins: { privlint: plugin }, rules: { 'privlint/undisclosed-collection': 'error' }, settings: { privlint: { inventory: 1 } } }];
    expect(() => new Linter().verify('wx.getLocation()', config, join(APP, 'a.js'))).toThrow(/settings\.privlint\.inventory must be a path/);
  });
});
