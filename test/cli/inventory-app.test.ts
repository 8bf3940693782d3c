// Issue 3, point 5: a fixture app with an inventory (fixtures/apps/inventory-demo, a uni-app), scanned through the
// real CLI. Each rule of the inventory check fires exactly once — unused-declaration included, which apps.test.ts
// leaves out — and nothing fires where the inventory discloses the collection. Also: the inventory found by walking
// up or given with --inventory, the parent-id note, the shipped schema in the modeline, and init drafting it.
import { cpSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { REPO, runCli, scanJson, type JsonFinding } from '../helpers/cli.js';

const DEMO = join(REPO, 'fixtures/apps/inventory-demo');

const key = (f: JsonFinding) => `${f.ruleId} ${f.severity} ${f.category} ${f.file}:${f.line}:${f.column}`;

describe('fixtures/apps/inventory-demo (real CLI)', () => {
  const work = mkdtempSync(join(tmpdir(), 'privlint-inventory-app-'));
  const app = join(work, 'app');
  beforeEach(() => {
    rmSync(app, { recursive: true, force: true });
    cpSync(DEMO, app, { recursive: true });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('reports one finding per rule, exactly, and exits 1', () => {
    const { run, report } = scanJson(['.'], DEMO);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(report.errors).toEqual([]);
    expect(report.findings.map(key)).toEqual([
      'out-of-scope-collection warning clipboard pages/index/index.vue:22:7',
      'contradicts-policy error contacts pages/invite/invite.js:3:3',
      'undisclosed-collection error microphone pages/voice/voice.js:3:18',
      'unused-declaration info bluetooth privacy-inventory.yaml:12:3',
    ]);
    const [outOfScope, contradicts, undisclosed, unused] = report.findings;
    expect(outOfScope).toMatchObject({
      api: 'uni.getClipboardData',
      platform: 'uniapp',
      endLine: 22,
      endColumn: 74,
      clause: '二.2',
      message: "uni.getClipboardData collects 'clipboard' in pages/index/index.vue, outside the scope privacy-inventory.yaml declares for 'clipboard' (pages/coupon/**)",
      hint: "add 'pages/index/index.vue' to the scope of 'clipboard' in privacy-inventory.yaml, or move the collection into pages/coupon/**",
    });
    expect(contradicts).toMatchObject({
      api: 'uni.chooseContact',
      message: "uni.chooseContact collects 'contacts', but privacy-inventory.yaml lists it under not_collected",
    });
    // Declared for the ad SDK only: the app's own recording is undisclosed.
    expect(undisclosed).toMatchObject({
      api: 'uni.getRecorderManager',
      actor: 'self',
      message: "uni.getRecorderManager collects 'microphone', but privacy-inventory.yaml declares 'microphone' only for actor '今日头条'",
    });
    expect(unused).toMatchObject({
      api: '',
      endLine: 12,
      endColumn: 12,
      clause: '二.4',
      message: "'bluetooth' is declared in privacy-inventory.yaml, but no scanned code collects it",
    });
    expect(report.summary).toMatchObject({ findings: 4, errors: 2, warnings: 1, infos: 1, inventory: 'privacy-inventory.yaml', complete: true });
  });

  it('reports nothing where the collection is disclosed (the coupon page, location anywhere, device through its parent)', () => {
    const { report } = scanJson(['.'], DEMO);
    const files = new Set(report.findings.map((f) => f.file));
    for (const quiet of ['pages/coupon/coupon.js', 'utils/device.js', 'App.vue', 'main.js', 'pages/beacon/beacon.js']) expect(files.has(quiet), quiet).toBe(false);
    expect(report.findings.some((f) => f.category === 'location' || f.category.startsWith('device'))).toBe(false);
    // …yet those files do collect: without the inventory every collection is reported.
    rmSync(join(app, 'privacy-inventory.yaml'));
    const bare = scanJson(['.'], app).report;
    expect(bare.findings.map((f) => `${f.category} ${f.file}:${f.line}:${f.column}`)).toEqual([
      'clipboard pages/coupon/coupon.js:9:7',
      'location pages/index/index.vue:18:7',
      'clipboard pages/index/index.vue:22:7',
      'contacts pages/invite/invite.js:3:3',
      'microphone pages/voice/voice.js:3:18',
      'device.id utils/device.js:5:24',
      'device.imei utils/device.js:6:51',
    ]);
    expect(bare.findings.every((f) => f.ruleId === 'undisclosed-collection')).toBe(true);
  });

  it('has no finding at all once the inventory discloses everything the code does', () => {
    const inventory = join(app, 'privacy-inventory.yaml');
    const fixed = readFileSync(inventory, 'utf8')
      .replace('scope: [pages/coupon/**]', 'scope: [pages/coupon/**, pages/index/index.vue]')
      .replace('  microphone: { purpose: voice ads, clause: 三.1, actor: 今日头条 }\n', '  microphone:\n    - { purpose: voice ads, clause: 三.1, actor: 今日头条 }\n    - { purpose: voice search, clause: 二.5 }\n  contacts: { purpose: invite a friend, clause: 二.6 }\n')
      .replace('  bluetooth: { purpose: find stall beacons, clause: 二.4 }\n', '')
      .replace('not_collected: [contacts, sms]', 'not_collected: [sms]');
    writeFileSync(inventory, fixed);
    const { run, report } = scanJson(['.'], app);
    expect(report.findings).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('prints the note that the parent id `device` covers the precise ids, in stylish output', () => {
    const run = runCli(['scan', '.'], DEMO);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "privacy-inventory.yaml:10:3  info  device  'device' in privacy-inventory.yaml covers 'device.id', 'device.imei' collected by the code\n" +
        "  help: to be precise, declare 'device.id', 'device.imei' instead of 'device'\n",
    );
    expect(run.stdout).toContain('✖ 4 problems (2 errors, 1 warning, 1 info) in 8 files scanned');
  });

  it('finds the inventory by walking up from the scanned folder, with paths relative to the working directory', () => {
    const { run, report } = scanJson(['fixtures/apps/inventory-demo/pages'], REPO);
    expect(run.code).toBe(1);
    expect(report.findings.map(key)).toEqual([
      'out-of-scope-collection warning clipboard fixtures/apps/inventory-demo/pages/index/index.vue:22:7',
      'contradicts-policy error contacts fixtures/apps/inventory-demo/pages/invite/invite.js:3:3',
      'undisclosed-collection error microphone fixtures/apps/inventory-demo/pages/voice/voice.js:3:18',
      // Scanning pages/ only: utils/device.js is not scanned, so 'device' is unused too.
      'unused-declaration info device fixtures/apps/inventory-demo/privacy-inventory.yaml:10:3',
      'unused-declaration info bluetooth fixtures/apps/inventory-demo/privacy-inventory.yaml:12:3',
    ]);
    expect(report.summary.inventory).toBe('fixtures/apps/inventory-demo/privacy-inventory.yaml');
  });

  it('uses the file given with --inventory, whatever its name', () => {
    renameSync(join(app, 'privacy-inventory.yaml'), join(app, 'declared.yaml'));
    const given = scanJson(['.', '--inventory', 'declared.yaml'], app);
    const original = scanJson(['.'], DEMO);
    expect(given.run.code).toBe(1);
    // Findings are sorted by file: the inventory's finding moves with its name.
    expect(given.report.findings.map(key).sort()).toEqual(original.report.findings.map(key).map((line) => line.replace('privacy-inventory.yaml', 'declared.yaml')).sort());
    expect(given.report.summary.inventory).toBe('declared.yaml');
  });

  it('names the shipped JSON Schema in its modeline, and the schema accepts the inventory', () => {
    const text = readFileSync(join(DEMO, 'privacy-inventory.yaml'), 'utf8');
    const modeline = /^# yaml-language-server: \$schema=(.+)$/m.exec(text);
    expect(modeline).not.toBeNull();
    const schemaFile = resolve(dirname(join(DEMO, 'privacy-inventory.yaml')), modeline![1]!);
    expect(schemaFile).toBe(join(REPO, 'schema/privacy-inventory.schema.json'));
    const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
    expect(validate(parseYaml(text)), JSON.stringify(validate.errors)).toBe(true);
    // The schema is what an editor completes against: a misspelt category is rejected.
    expect(validate(parseYaml(text.replace('  bluetooth:', '  bluetoth:')))).toBe(false);
  });

  it('init drafts an inventory of what the code collects, its files as scope, TODO purposes and the call sites', () => {
    rmSync(join(app, 'privacy-inventory.yaml'));
    const init = runCli(['init', '.'], app);
    expect(init.code).toBe(0);
    expect(init.stdout).toBe('wrote privacy-inventory.yaml: 6 categories from 7 call sites. Fill in each TODO purpose and clause, then run privlint scan.\n');
    const draft = readFileSync(join(app, 'privacy-inventory.yaml'), 'utf8');
    expect(draft).toContain(
      [
        '  # pages/coupon/coupon.js:9:7 uni.getClipboardData',
        '  # pages/index/index.vue:22:7 uni.getClipboardData',
        '  clipboard:',
        '    purpose: TODO',
        '    scope:',
        '      - pages/coupon/coupon.js',
        '      - pages/index/index.vue',
      ].join('\n'),
    );
    const data = (parseYaml(draft) as { data: Record<string, { purpose: string; scope: string[] }> }).data;
    expect(Object.keys(data).sort()).toEqual(['clipboard', 'contacts', 'device.id', 'device.imei', 'location', 'microphone']);
    expect(Object.values(data).every((entry) => entry.purpose === 'TODO' && entry.scope.length > 0)).toBe(true);
    // The draft discloses exactly what the code collects.
    const { run, report } = scanJson(['.'], app);
    expect(report.findings).toEqual([]);
    expect(run.code).toBe(0);
    // An existing inventory is kept unless --force.
    writeFileSync(join(app, 'privacy-inventory.yaml'), 'version: 1\n');
    const refused = runCli(['init', '.'], app);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--force');
    expect(readFileSync(join(app, 'privacy-inventory.yaml'), 'utf8')).toBe('version: 1\n');
    expect(runCli(['init', '.', '--force'], app).code).toBe(0);
    expect(readFileSync(join(app, 'privacy-inventory.yaml'), 'utf8')).toBe(draft);
  });
});
