// `--policy FILE` on `privlint baseline` and `privlint explain`, through the real CLI: the policy text stands in for
// the inventory exactly as it does for `scan --policy`, so a baseline made with it is the one `scan --policy
// --baseline` accepts, and explain cites the policy clause that decides the finding.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/cli.js';

const ENGINE_RULES = join(REPO, 'fixtures/engine/rules');
// 一.1 discloses location, 一.2 says the microphone is not used; the clipboard is not mentioned.
const POLICY = '隐私政策\n\n一、我们收集的信息\n1、当您使用附近门店功能时，我们会获取您的位置信息，用于展示附近的门店。\n2、我们不会收集您的麦克风录音。\n';
const CODE = 'wx.getLocation()\nwx.getRecorderManager().start()\nwx.getClipboardData()\n';

describe('baseline --policy (real CLI)', () => {
  let work: string;
  const run = (...args: string[]) => runCli([...args, '--rules', ENGINE_RULES], work);
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'privlint-policy-baseline-'));
    mkdirSync(join(work, 'app'));
    writeFileSync(join(work, 'app/a.js'), CODE);
    writeFileSync(join(work, 'policy.txt'), POLICY);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('records the findings of scan --policy, which then passes with that baseline', () => {
    const baseline = run('baseline', 'app', '--policy', 'policy.txt', '--output', 'policy-baseline.json');
    expect(baseline.code, baseline.stderr).toBe(0);
    expect(baseline.stdout).toBe(
      'wrote policy-baseline.json: 2 findings accepted. Commit it; privlint scan --baseline policy-baseline.json now fails only on new findings.\n',
    );
    const entries = (JSON.parse(readFileSync(join(work, 'policy-baseline.json'), 'utf8')) as { entries: { ruleId: string; category: string }[] }).entries;
    expect(entries.map((entry) => `${entry.ruleId} ${entry.category}`)).toEqual(['contradicts-policy microphone', 'undisclosed-collection clipboard']);

    const scan = run('scan', 'app', '--policy', 'policy.txt', '--baseline', 'policy-baseline.json');
    expect(scan.stderr).toBe('');
    expect(scan.code).toBe(0);
    expect(scan.stdout).toBe(
      [
        "app/a.js:2:1  error  microphone  wx.getRecorderManager().start  wx.getRecorderManager().start collects 'microphone', but policy.txt lists it under not_collected  contradicts-policy  (in baseline)",
        "app/a.js:3:1  error  clipboard  wx.getClipboardData  wx.getClipboardData collects 'clipboard', which policy.txt does not declare  undisclosed-collection  (in baseline)",
        '',
        '✔ no problems (1 file scanned)',
        '  2 suppressed or baselined findings not counted',
        '',
      ].join('\n'),
    );
  });

  it('a baseline made without --policy (no inventory: everything undisclosed) does not accept what the policy denies', () => {
    const baseline = run('baseline', 'app', '--output', 'plain-baseline.json');
    expect(baseline.stdout).toBe(
      'wrote plain-baseline.json: 3 findings accepted. Commit it; privlint scan --baseline plain-baseline.json now fails only on new findings.\n',
    );
    const scan = run('scan', 'app', '--policy', 'policy.txt', '--baseline', 'plain-baseline.json', '--format', 'json');
    expect(scan.code).toBe(1);
    const report = JSON.parse(scan.stdout) as { findings: { ruleId: string; category: string; baseline?: unknown }[] };
    expect(report.findings.filter((f) => !f.baseline).map((f) => `${f.ruleId} ${f.category}`)).toEqual(['contradicts-policy microphone']);
  });

  it('refuses a missing policy as scan --policy does, exit 2, writing nothing', () => {
    const stderr = 'privlint: policy file not found: nope.txt\n  hint: give the path of the policy saved as .txt, .md or .html\n';
    for (const args of [
      ['scan', 'app', '--policy', 'nope.txt'],
      ['baseline', 'app', '--policy', 'nope.txt', '--output', 'never.json'],
      ['explain', 'app/a.js:1', '--policy', 'nope.txt'],
    ]) {
      const refused = run(...args);
      expect({ code: refused.code, stdout: refused.stdout, stderr: refused.stderr }, args[0]).toEqual({ code: 2, stdout: '', stderr });
    }
    expect(() => readFileSync(join(work, 'never.json'))).toThrow();
  });

  it('both commands list --policy in their help', () => {
    for (const command of ['baseline', 'explain']) {
      // Commander wraps the help to the terminal width: compare the words.
      const help = runCli([command, '--help'], REPO).stdout.replace(/\s+/g, ' ');
      expect(help).toContain('--policy <file> check against a published privacy policy (text, Markdown or HTML) instead of an inventory');
    }
  });
});

describe('explain --policy (real CLI)', () => {
  let work: string;
  const explain = (location: string, ...args: string[]) => runCli(['explain', location, '--rules', ENGINE_RULES, '--policy', 'policy.txt', ...args], work);
  const CATALOGUE = (api: string, line: number, category: string) => [
    `  catalogue:  ${api} (call), entry test/engine, rules/apis/test/engine.yml:${line}`,
    `              categories: ${category}; permission: none`,
    '              source: miniprogram-api-typings@4.1.0 types/wx/lib.wx.api.d.ts',
  ];
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'privlint-policy-explain-'));
    mkdirSync(join(work, 'app'));
    writeFileSync(join(work, 'app/a.js'), CODE);
    writeFileSync(join(work, 'policy.txt'), POLICY);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('shows the policy clause that discloses a collection, with its words', () => {
    const run = explain('app/a.js:1');
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(
      [
        "app/a.js:1:1  wx.getLocation  collects 'location'",
        '  rule:       none: the collection is disclosed',
        ...CATALOGUE('wx.getLocation', 15, 'location'),
        '  chain:      wx.getLocation',
        '  policy:     policy.txt (the policy text, read as the inventory)',
        "              not collected: does not say 'location' is not collected",
        "              discloses 'location' (clause 一.1, policy.txt:4:1): actor 'self' ✓",
        '                “当您使用附近门店功能时，我们会获取您的位置信息，用于展示附近的门店。”',
        "  why:        policy.txt discloses 'location' for actor 'self' (clause 一.1, policy.txt:4:1); no finding",
        '',
      ].join('\n'),
    );
  });

  it('shows the clause that says a category is not collected, and says when the policy is silent', () => {
    expect(explain('app/a.js:2').stdout).toBe(
      [
        "app/a.js:2:1  wx.getRecorderManager().start  collects 'microphone'",
        '  rule:       contradicts-policy (error): The code collects a category the privacy policy says the app does not collect.',
        "  message:    wx.getRecorderManager().start collects 'microphone', but policy.txt lists it under not_collected",
        "  help:       stop calling wx.getRecorderManager().start, or correct the policy: 'microphone' is listed as not collected in policy.txt (clause 一.2)",
        ...CATALOGUE('wx.getRecorderManager().start', 21, 'microphone'),
        '  chain:      wx.getRecorderManager().start',
        '  policy:     policy.txt (the policy text, read as the inventory)',
        "              not collected: says 'microphone' is not collected (clause 一.2, policy.txt:5:1)",
        '                “我们不会收集您的麦克风录音。”',
        "              disclosed: nothing covering 'microphone'",
        "  why:        policy.txt says 'microphone' is not collected (clause 一.2, policy.txt:5:1), and that covers 'microphone'",
        '',
      ].join('\n'),
    );
    expect(explain('app/a.js:3').stdout).toBe(
      [
        "app/a.js:3:1  wx.getClipboardData  collects 'clipboard'",
        '  rule:       undisclosed-collection (error): Personal data is collected, but the privacy inventory does not declare it.',
        "  message:    wx.getClipboardData collects 'clipboard', which policy.txt does not declare",
        '  help:       disclose reading the clipboard in policy.txt (or draft an inventory with privlint policy extract policy.txt)',
        ...CATALOGUE('wx.getClipboardData', 9, 'clipboard'),
        '  chain:      wx.getClipboardData',
        '  policy:     policy.txt (the policy text, read as the inventory)',
        "              not collected: does not say 'clipboard' is not collected",
        "              disclosed: nothing covering 'clipboard'",
        "  why:        policy.txt discloses nothing that covers 'clipboard' (looked for 'clipboard')",
        '',
      ].join('\n'),
    );
  });

  it('JSON marks the inventory as a policy and carries clause, place and quote', () => {
    const run = explain('app/a.js:1', '--format', 'json');
    const [explanation] = (JSON.parse(run.stdout) as { explanations: { inventory: unknown }[] }).explanations;
    expect(explanation!.inventory).toEqual({
      inventory: 'policy.txt',
      source: 'policy',
      keys: ['location'],
      disclosures: [
        {
          key: 'location',
          actor: 'self',
          actorMatches: true,
          scopeMatches: true,
          clause: '一.1',
          at: 'policy.txt:4:1',
          quote: '当您使用附近门店功能时，我们会获取您的位置信息，用于展示附近的门店。',
        },
      ],
      path: 'app/a.js',
      outcome: 'disclosed',
      reason: "policy.txt discloses 'location' for actor 'self' (clause 一.1, policy.txt:4:1); no finding",
    });
  });

  it('without --policy the same line has no inventory (negative neighbour)', () => {
    const run = runCli(['explain', 'app/a.js:1', '--rules', ENGINE_RULES], work);
    expect(run.stdout).toContain('  inventory:  none found\n');
    expect(run.stdout).not.toContain('policy.txt');
  });
});

describe('scan --policy hints speak of the policy (real CLI)', () => {
  let work: string;
  const INVITE = '3、当您邀请好友时，我们会读取您的通讯录，用于向您推荐好友。\n';
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'privlint-policy-hints-'));
    mkdirSync(join(work, 'app'));
    writeFileSync(join(work, 'app/a.js'), CODE);
    writeFileSync(join(work, 'policy.txt'), POLICY + INVITE);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('disclose in the policy, the clause that denies it, and the clause no code uses', () => {
    const run = runCli(['scan', 'app', '--rules', ENGINE_RULES, '--policy', 'policy.txt'], work);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        "app/a.js:2:1  error  microphone  wx.getRecorderManager().start  wx.getRecorderManager().start collects 'microphone', but policy.txt lists it under not_collected  contradicts-policy",
        "  help: stop calling wx.getRecorderManager().start, or correct the policy: 'microphone' is listed as not collected in policy.txt (clause 一.2)",
        "app/a.js:3:1  error  clipboard  wx.getClipboardData  wx.getClipboardData collects 'clipboard', which policy.txt does not declare  undisclosed-collection",
        '  help: disclose reading the clipboard in policy.txt (or draft an inventory with privlint policy extract policy.txt)',
        "policy.txt:6:1  info  contacts  policy.txt discloses 'contacts' (clause 一.3) but no scanned code collects it  unused-declaration",
        "  help: if the app no longer collects 'contacts', the policy can stop disclosing it",
        '',
        '✖ 3 problems (2 errors, 0 warnings, 1 info) in 1 file scanned',
        '',
      ].join('\n'),
    );
  });

  it('the inventory drafted from the same policy keeps the inventory wording', () => {
    expect(runCli(['policy', 'extract', 'policy.txt', '--output', 'privacy-inventory.yaml'], work).code).toBe(0);
    const run = runCli(['scan', 'app', '--rules', ENGINE_RULES, '--inventory', 'privacy-inventory.yaml'], work);
    expect(run.stdout).toBe(
      [
        "app/a.js:2:1  error  microphone  wx.getRecorderManager().start  wx.getRecorderManager().start collects 'microphone', but privacy-inventory.yaml lists it under not_collected  contradicts-policy",
        "  help: remove 'microphone' from not_collected in privacy-inventory.yaml, or stop calling wx.getRecorderManager().start",
        "app/a.js:3:1  error  clipboard  wx.getClipboardData  wx.getClipboardData collects 'clipboard', which privacy-inventory.yaml does not declare  undisclosed-collection",
        "  help: add 'clipboard' under data in privacy-inventory.yaml",
        "privacy-inventory.yaml:8:3  info  contacts  'contacts' is declared in privacy-inventory.yaml, but no scanned code collects it  unused-declaration",
        "  help: remove 'contacts' from data in privacy-inventory.yaml if the app no longer collects it",
        '',
        '✖ 3 problems (2 errors, 0 warnings, 1 info) in 1 file scanned',
        '',
      ].join('\n'),
    );
  });
});
