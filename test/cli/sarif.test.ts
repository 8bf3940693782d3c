// `scan --format sarif` through the real CLI: valid SARIF 2.1.0 (checked against the OASIS schema), rules described
// from the catalogue, exact results, fingerprints that survive inserted lines, suppressions, notifications.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/cli.js';

const ENGINE_RULES = join(REPO, 'fixtures/engine/rules');
// The shared folder sits beside the project folder (in CI too).
const SARIF_SCHEMA = fileURLToPath(new URL('../../fixtures/schemas/sarif-schema-2.1.0.json', import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

/* eslint-disable @typescript-eslint/no-explicit-any */
type Sarif = any;

function sarifValidator(): (document: unknown) => string[] {
  const Ajv = ((AjvDraft04 as any).default ?? AjvDraft04) as typeof AjvDraft04;
  const ajv = new Ajv({ allErrors: true, strict: false });
  // Formats the schema uses, checked for real: a `uri` must be absolute.
  ajv.addFormat('uri', (value: string) => URL.canParse(value));
  ajv.addFormat('uri-reference', (value: string) => URL.canParse(value, 'file:///base/'));
  ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
  const validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')));
  return (document) => (validate(document) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`));
}

function scanSarif(args: string[], cwd: string): { code: number; sarif: Sarif; text: string } {
  const run = runCli(['scan', ...args, '--format', 'sarif', '--output', 'out.sarif'], cwd);
  if (run.code === 2) throw new Error(`privlint exited 2: ${run.stderr}`);
  expect(run.stdout).toBe('');
  const text = readFileSync(join(cwd, 'out.sarif'), 'utf8');
  return { code: run.code, sarif: JSON.parse(text), text };
}

describe('privlint scan --format sarif (real CLI)', () => {
  const validate = sarifValidator();
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'privlint-sarif-'));
    cpSync(join(REPO, 'fixtures/cli/wechat-app'), join(work, 'app'), { recursive: true });
    cpSync(join(REPO, 'fixtures/cli/suppress-app'), join(work, 'suppress'), { recursive: true });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('validates against the SARIF 2.1.0 schema, and the validator does reject a broken document', () => {
    const { code, sarif } = scanSarif(['app', '--rules', ENGINE_RULES], work);
    expect(code).toBe(1);
    expect(validate(sarif)).toEqual([]);
    expect(sarif.version).toBe('2.1.0');
    const broken = structuredClone(sarif);
    broken.runs[0].results[0].level = 'fatal';
    broken.runs[0].tool.driver.rules[0].helpUri = 'docs/rules/x.md';
    expect(validate(broken).length).toBeGreaterThan(0);
  });

  it('describes privlint and its four rules, with help generated from the catalogue', () => {
    const { sarif } = scanSarif(['app', '--rules', ENGINE_RULES], work);
    const driver = sarif.runs[0].tool.driver;
    expect(driver).toMatchObject({ name: 'privlint', version: VERSION, informationUri: 'https://www.npmjs.com/package/privlint' });
    expect(driver.rules.map((rule: any) => `${rule.id} ${rule.defaultConfiguration.level}`)).toEqual([
      'undisclosed-collection error',
      'out-of-scope-collection warning',
      'contradicts-policy error',
      'unused-declaration note',
    ]);
    const categories = (parseYaml(readFileSync(join(REPO, 'rules/categories.yml'), 'utf8')) as { categories: { id: string }[] }).categories;
    for (const rule of driver.rules) {
      expect(rule.helpUri).toBe(`https://unpkg.com/privlint@${VERSION}/docs/rules/${rule.id}.md`);
      expect(rule.shortDescription.text.length).toBeGreaterThan(20);
      expect(rule.fullDescription.text.length).toBeGreaterThan(rule.shortDescription.text.length);
      expect(rule.help.text).toContain(categories.map((category) => category.id).join(', '));
      for (const category of categories) expect(rule.help.markdown).toContain(`| \`${category.id}\` |`);
    }
    // The engine's test catalogue has 2 location APIs (wx.getLocation, navigator.geolocation.getCurrentPosition).
    expect(driver.rules[0].help.markdown).toMatch(/\| `location` \| Location \(位置信息\) \| 2 \|/);
  });

  it('gives each finding its rule, level, message, exact region, properties and binding chain', () => {
    const { sarif } = scanSarif(['app', '--rules', ENGINE_RULES], work);
    const results = sarif.runs[0].results;
    expect(
      results.map((r: any) => {
        const location = r.locations[0].physicalLocation;
        const region = location.region;
        return `${r.ruleId}#${r.ruleIndex} ${r.level} ${location.artifactLocation.uriBaseId}/${location.artifactLocation.uri}:${region.startLine}:${region.startColumn}-${region.endLine}:${region.endColumn}`;
      }),
    ).toEqual([
      'undisclosed-collection#0 error %SRCROOT%/app/pages/index/index.js:8:5-8:74',
      'out-of-scope-collection#1 warning %SRCROOT%/app/pages/profile/index.js:3:5-3:85',
      'contradicts-policy#2 error %SRCROOT%/app/pages/profile/index.js:7:5-7:38',
      'unused-declaration#3 note %SRCROOT%/app/privacy-inventory.yaml:4:3-4:11',
    ]);
    const [clipboard, location] = results;
    expect(clipboard.message.text).toBe("wx.getClipboardData collects 'clipboard', which app/privacy-inventory.yaml does not declare");
    expect(clipboard.properties).toEqual({
      category: 'clipboard',
      api: 'wx.getClipboardData',
      platform: 'wechat',
      entry: 'test/engine',
      actor: 'self',
      hint: "add 'clipboard' under data in app/privacy-inventory.yaml",
    });
    // The API came through the project's own module: the import is a related location.
    expect(clipboard.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: { artifactLocation: { uri: 'app/pages/index/index.js', uriBaseId: '%SRCROOT%' }, region: { startLine: 1, startColumn: 10 } },
        message: { text: "readClipboard (import from '../../utils/api.js' at 1:10)" },
      },
    ]);
    // A direct call of a global has no chain to show.
    expect(location.relatedLocations).toBeUndefined();
    expect(location.properties.clause).toBe('2.3');
    expect(sarif.runs[0].invocations).toEqual([{ executionSuccessful: true }]);
    expect(sarif.runs[0].columnKind).toBe('utf16CodeUnits');
  });

  it('has fingerprints that are unique and survive lines inserted above, but not an edit of the line', () => {
    const copy = join(work, 'shifted');
    cpSync(join(REPO, 'fixtures/cli/wechat-app'), copy, { recursive: true });
    const before = scanSarif(['shifted', '--rules', ENGINE_RULES], work).sarif.runs[0].results;
    const fingerprints = before.map((r: any) => r.partialFingerprints['privlint/v1']);
    expect(new Set(fingerprints).size).toBe(fingerprints.length);
    for (const fingerprint of fingerprints) expect(fingerprint).toMatch(/^[0-9a-f]{32}$/);

    const file = join(copy, 'pages/profile/index.js');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, `// a\n// b\n// c\n${text.replace("type: 'wgs84'", "type:   'wgs84'")}`);
    const after = scanSarif(['shifted', '--rules', ENGINE_RULES], work).sarif.runs[0].results;
    expect(after.map((r: any) => r.locations[0].physicalLocation.region.startLine)).toEqual([8, 6, 10, 4]);
    expect(after.map((r: any) => r.partialFingerprints['privlint/v1'])).toEqual(fingerprints);

    writeFileSync(file, text.replace("type: 'wgs84'", "type: 'gcj02'"));
    const edited = scanSarif(['shifted', '--rules', ENGINE_RULES], work).sarif.runs[0].results;
    expect(edited[1].partialFingerprints['privlint/v1']).not.toBe(fingerprints[1]);
    expect(edited[2].partialFingerprints['privlint/v1']).toBe(fingerprints[2]);
  });

  it('keeps suppressed findings as results with an inSource suppression, and directive problems as notifications', () => {
    const { sarif } = scanSarif(['suppress', '--rules', ENGINE_RULES], work);
    expect(validate(sarif)).toEqual([]);
    const results = sarif.runs[0].results;
    expect(results).toHaveLength(14);
    const suppressed = results.filter((r: any) => r.suppressions);
    expect(suppressed).toHaveLength(8);
    expect(suppressed[0].suppressions).toEqual([{ kind: 'inSource', status: 'accepted', justification: "the map shows the user's own position only" }]);
    const invocation = sarif.runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(true);
    expect(
      invocation.toolExecutionNotifications.map(
        (n: any) => `${n.level} ${n.descriptor.id} ${n.locations[0].physicalLocation.artifactLocation.uri}:${n.locations[0].physicalLocation.region.startLine}`,
      ),
    ).toEqual([
      'error invalid-directive suppress/pages/directives.js:7',
      'warning unused-directive suppress/pages/directives.js:9',
      'error invalid-directive suppress/pages/directives.js:11',
      'error invalid-directive suppress/pages/directives.js:13',
      'warning unused-directive suppress/pages/directives.js:15',
    ]);
    expect(invocation.toolExecutionNotifications[0].message.text).toContain('a reason is required');
  });

  it('reports files that could not be analysed as notifications, and then the execution as unsuccessful', () => {
    writeFileSync(join(work, 'app/broken.js'), 'wx.getLocation({\n  type: \n');
    writeFileSync(join(work, 'app/blob.js'), Buffer.from([0x00, 0x01, 0x02, 0x77, 0x78]));
    try {
      const { sarif } = scanSarif(['app', '--rules', ENGINE_RULES], work);
      expect(validate(sarif)).toEqual([]);
      const invocation = sarif.runs[0].invocations[0];
      expect(invocation.executionSuccessful).toBe(false);
      expect(invocation.toolExecutionNotifications.map((n: any) => `${n.level} ${n.descriptor.id} ${n.locations[0].physicalLocation.artifactLocation.uri}`)).toEqual([
        'warning skipped-binary app/blob.js',
        'error parse-error app/broken.js',
      ]);
      expect(sarif.runs[0].properties.summary.complete).toBe(false);
    } finally {
      rmSync(join(work, 'app/broken.js'));
      rmSync(join(work, 'app/blob.js'));
    }
  });

  it('marks baselined findings as external suppressions, with a baselineState on every result', () => {
    const made = runCli(['baseline', 'app', '--rules', ENGINE_RULES, '--output', 'app.baseline.json'], work);
    expect(made.code).toBe(0);
    const profile = join(work, 'app/pages/profile/index.js');
    const original = readFileSync(profile, 'utf8');
    writeFileSync(profile, `${original}wx.getClipboardData({})\n`);
    try {
      const { code, sarif } = scanSarif(['app', '--rules', ENGINE_RULES, '--baseline', 'app.baseline.json'], work);
      expect(code).toBe(1);
      expect(validate(sarif)).toEqual([]);
      const results = sarif.runs[0].results;
      expect(results.map((r: any) => `${r.baselineState} ${r.suppressions?.[0]?.kind ?? '-'} ${r.properties.category}`)).toEqual([
        'unchanged external clipboard',
        'unchanged external location',
        'unchanged external microphone',
        'new - clipboard',
        'unchanged external contacts',
      ]);
      expect(results[0].suppressions[0]).toEqual({ kind: 'external', status: 'accepted', justification: 'listed in the baseline app.baseline.json' });
      expect(sarif.runs[0].properties.baseline).toEqual({ file: 'app.baseline.json', fixed: [] });
    } finally {
      writeFileSync(profile, original);
    }
  });

  it('is byte-identical across runs and worker counts, and encodes unusual file names', () => {
    writeFileSync(join(work, 'app/pages/index/my page #1.js'), 'wx.getClipboardData({})\n');
    try {
      const one = scanSarif(['app', '--rules', ENGINE_RULES, '--workers', '1'], work).text;
      const two = scanSarif(['app', '--rules', ENGINE_RULES, '--workers', '2'], work);
      expect(two.text).toBe(one);
      expect(validate(two.sarif)).toEqual([]);
      expect(two.sarif.runs[0].results.map((r: any) => r.locations[0].physicalLocation.artifactLocation.uri)).toContain('app/pages/index/my%20page%20%231.js');
    } finally {
      rmSync(join(work, 'app/pages/index/my page #1.js'));
    }
  });
});
