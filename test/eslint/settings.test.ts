// settings.privlint under the real ESLint: `policy` (a published policy text checked against directly, extracted
// exactly as `privlint scan --policy` extracts it), and the settings mistakes reported as one problem per file.
import { mkdirSync, mkdtempSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ESLint, Linter } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/load.js';
import { policyInventory } from '../../src/cli/policy-inventory.js';
import { lintProject } from '../../src/engine.js';
import { readSettings } from '../../src/eslint/lint-file.js';
import plugin from '../../src/eslint/plugin.js';
import { ENGINE_RULES } from './flavours.js';

// 一.1 discloses location, 一.2 says the microphone is not used; the clipboard is not mentioned.
const POLICY = '隐私政策\n\n一、我们收集的信息\n1、当您使用附近门店功能时，我们会获取您的位置信息，用于展示附近的门店。\n2、我们不会收集您的麦克风录音。\n';
const CLIPBOARD = '3、当您使用分享口令功能时，我们会读取您的剪切板，用于识别分享口令。\n';
const CODE = 'wx.getLocation()\nwx.getRecorderManager().start()\nwx.getClipboardData()\n';

const PROBLEMS_WITH_POLICY = [
  "2:1 privlint/contradicts-policy wx.getRecorderManager().start collects 'microphone', but policy.txt lists it under not_collected",
  "3:1 privlint/undisclosed-collection wx.getClipboardData collects 'clipboard', which policy.txt does not declare",
];

describe('settings.privlint.policy', () => {
  let work: string;
  const config = (settings: Record<string, unknown>): Linter.Config[] => [
    plugin.configs.recommended,
    { settings: { privlint: { rulesDir: ENGINE_RULES, ...settings } } },
  ];
  const lint = (settings: Record<string, unknown>, code = CODE, file = 'app/a.js') =>
    new Linter({ cwd: work }).verify(code, config(settings), join(work, file)).map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`);

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'privlint-eslint-policy-'));
    mkdirSync(join(work, 'app'));
    writeFileSync(join(work, 'app/a.js'), CODE);
    writeFileSync(join(work, 'app/b.js'), 'wx.getLocation()\n');
    writeFileSync(join(work, 'policy.txt'), POLICY);
    writeFileSync(join(work, 'empty.txt'), '');
    // A privacy-inventory.yaml next to the code that says otherwise: with `policy` set it is not read.
    writeFileSync(join(work, 'app/privacy-inventory.yaml'), 'version: 1\ndata:\n  clipboard: {}\n  microphone: {}\n');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('checks against the policy text, relative to the ESLint cwd, instead of the inventory found walking up', () => {
    expect(lint({ policy: 'policy.txt' })).toEqual(PROBLEMS_WITH_POLICY);
    // The negative neighbour: without the setting, the inventory beside the code is used.
    expect(lint({})).toEqual(["1:1 privlint/undisclosed-collection wx.getLocation collects 'location', which app/privacy-inventory.yaml does not declare"]);
  });

  it('reports what `privlint scan --policy` reports: same policy extraction, rule, place and words', async () => {
    const { findings } = await lintProject({ cwd: work, patterns: ['app/a.js'], workers: 1, inventory: policyInventory(work, 'policy.txt'), catalogue: loadCatalogue(ENGINE_RULES) });
    expect(findings.filter((f) => f.ruleId !== 'unused-declaration').map((f) => `${f.line}:${f.column} privlint/${f.ruleId} ${f.message}`)).toEqual(PROBLEMS_WITH_POLICY);
  });

  it('rereads the policy when it changes (path + mtime + size), and reuses it while it does not', () => {
    const policy = join(work, 'edited.txt');
    writeFileSync(policy, POLICY);
    // A whole second: file systems keep sub-millisecond mtimes that a Date cannot set back.
    const mtime = new Date(Math.floor(statSync(policy).mtimeMs / 1000) * 1000);
    utimesSync(policy, mtime, mtime);
    const clipboard = "3:1 privlint/undisclosed-collection wx.getClipboardData collects 'clipboard', which edited.txt does not declare";
    expect(lint({ policy: 'edited.txt' })).toContain(clipboard);
    // Same size and mtime (the microphone clause now denies the clipboard): the cached extraction is used.
    const denyClipboard = POLICY.replace('麦克风录音', '剪切板内容');
    expect(Buffer.byteLength(denyClipboard)).toBe(Buffer.byteLength(POLICY));
    writeFileSync(policy, denyClipboard);
    utimesSync(policy, mtime, mtime);
    expect(lint({ policy: 'edited.txt' })).toContain(clipboard);
    const later = new Date(mtime.getTime() + 5000);
    utimesSync(policy, later, later);
    expect(lint({ policy: 'edited.txt' })).toEqual([
      "2:1 privlint/undisclosed-collection wx.getRecorderManager().start collects 'microphone', which edited.txt does not declare",
      "3:1 privlint/contradicts-policy wx.getClipboardData collects 'clipboard', but edited.txt lists it under not_collected",
    ]);
    writeFileSync(policy, POLICY + CLIPBOARD);
    expect(lint({ policy: 'edited.txt' })).not.toContain(clipboard);
    expect(lint({ policy: 'edited.txt' })).toEqual(["2:1 privlint/contradicts-policy wx.getRecorderManager().start collects 'microphone', but edited.txt lists it under not_collected"]);
  });

  it('a missing or unreadable policy is one problem at 1:1, carrying the error scan --policy gives', () => {
    expect(lint({ policy: 'missing.txt' })).toEqual([
      "1:1 privlint/undisclosed-collection privlint cannot check this file against the privacy inventory: policy file not found: missing.txt (hint: check settings.privlint.policy, a path relative to ESLint's working directory)",
    ]);
    expect(lint({ policy: 'empty.txt' })).toEqual([
      '1:1 privlint/undisclosed-collection privlint cannot check this file against the privacy inventory: empty.txt: the policy file is empty (hint: give the published policy as text, Markdown or HTML)',
    ]);
    expect(lint({ policy: 'app' })).toEqual(['1:1 privlint/undisclosed-collection privlint cannot check this file against the privacy inventory: app is a folder, not a policy file']);
  });

  it('with inventory and policy both set: one problem per file, nothing checked', async () => {
    const problem =
      "1:1 error privlint/undisclosed-collection privlint cannot check this file against the privacy inventory: settings.privlint has both 'inventory' and 'policy' (hint: keep one: the inventory file, or the policy text to check against instead)";
    expect(await lintFolder({ inventory: 'app/privacy-inventory.yaml', policy: 'policy.txt' })).toEqual({ 'app/a.js': [problem], 'app/b.js': [problem] });
  });

  it('an unknown key: one problem per file, with the likely key', async () => {
    const problem = (key: string, suggestion: string) =>
      `1:1 error privlint/undisclosed-collection privlint cannot check this file against the privacy inventory: unknown setting '${key}'${suggestion} (hint: settings.privlint takes inventory or policy)`;
    expect(await lintFolder({ polcy: 'policy.txt' })).toEqual({ 'app/a.js': [problem('polcy', " — did you mean 'policy'?")], 'app/b.js': [problem('polcy', " — did you mean 'policy'?")] });
    expect(await lintFolder({ inventroy: 'app/privacy-inventory.yaml' })).toEqual({
      'app/a.js': [problem('inventroy', " — did you mean 'inventory'?")],
      'app/b.js': [problem('inventroy', " — did you mean 'inventory'?")],
    });
    expect(await lintFolder({ files: ['**/*.js'] })).toEqual({ 'app/a.js': [problem('files', '')], 'app/b.js': [problem('files', '')] });
  });

  it('a policy that is not a path is a configuration error, as for inventory', () => {
    expect(() => lint({ policy: 1 })).toThrow(/settings\.privlint\.policy must be a path \(a string\), relative to the ESLint working directory/);
    expect(() => lint({ inventory: ['a.yaml'] })).toThrow(/settings\.privlint\.inventory must be a path/);
  });

  /** Lints app/ with the ESLint class (one result per file) and the given settings. */
  async function lintFolder(settings: Record<string, unknown>): Promise<Record<string, string[]>> {
    const eslint = new ESLint({ cwd: work, overrideConfigFile: true, overrideConfig: config(settings) });
    const results = await eslint.lintFiles(['app']);
    return Object.fromEntries(
      results.map((result) => [
        result.filePath.slice(work.length + 1).split('\\').join('/'),
        result.messages.map((m) => `${m.line}:${m.column} ${m.severity === 2 ? 'error' : 'warn'} ${m.ruleId} ${m.message}`),
      ]),
    );
  }
});

describe('readSettings', () => {
  it('keeps the known keys and reports no error for them', () => {
    expect(readSettings({ privlint: { policy: 'p.txt', rulesDir: 'r' } })).toEqual({ policy: 'p.txt', rulesDir: 'r' });
    expect(readSettings({ privlint: { inventory: 'i.yaml' } })).toEqual({ inventory: 'i.yaml' });
    expect(readSettings({})).toEqual({});
  });

  it('returns unknown keys and the inventory/policy conflict as a UsageError (the unknown key first)', () => {
    expect(readSettings({ privlint: { polcy: 'p.txt' } }).error).toMatchObject({ code: 'settings/unknown-key', message: "unknown setting 'polcy' — did you mean 'policy'?" });
    expect(readSettings({ privlint: { inventory: 'i.yaml', policy: 'p.txt' } }).error).toMatchObject({ code: 'settings/conflict' });
    expect(readSettings({ privlint: { inventory: 'i.yaml', policy: 'p.txt', x: 1 } }).error).toMatchObject({ code: 'settings/unknown-key', message: "unknown setting 'x'" });
  });

  it('throws for a settings.privlint that is not an object', () => {
    expect(() => readSettings({ privlint: 'policy.txt' })).toThrow('privlint: settings.privlint must be an object ({ inventory } or { policy })');
    expect(() => readSettings({ privlint: ['policy.txt'] })).toThrow('privlint: settings.privlint must be an object ({ inventory } or { policy })');
  });
});
