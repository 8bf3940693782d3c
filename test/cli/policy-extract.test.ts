// Issue 3, point 4, through the real binary (test/policy.test.ts drives the command in-process): `privlint policy
// extract` on the seed policy, an English HTML policy and a Chinese Markdown policy in UTF-8, GBK and UTF-16. The
// draft is YAML by default and JSON with --format json, valid against the shipped schema, every entry citing its
// clause and a quote, negations under not_collected only, identical whatever the encoding, and usable as it is
// with `scan --inventory`.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/cli.js';

interface DraftDisclosure {
  purpose: string;
  clause: string;
  actor: string;
  quote: string;
  features: string[];
}
interface Draft {
  version: number;
  data?: Record<string, DraftDisclosure[]>;
  not_collected?: { category: string; clause?: string; quote?: string }[];
}

const POLICIES = ['seed-lianxin-zh.txt', 'trailmate-en.html', 'qingtian-zh.md', 'qingtian-zh.gbk.md', 'qingtian-zh.utf16le-bom.md'];
const SCHEMA = JSON.parse(readFileSync(join(REPO, 'schema/privacy-inventory.schema.json'), 'utf8'));

describe('privlint policy extract (real CLI)', () => {
  let work: string;
  const validate = new Ajv({ allErrors: true }).compile(SCHEMA);
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'privlint-extract-'));
    cpSync(join(REPO, 'fixtures/policies'), join(work, 'policies'), { recursive: true });
    cpSync(join(REPO, 'fixtures/cli/wechat-app'), join(work, 'app'), { recursive: true });
    rmSync(join(work, 'app/privacy-inventory.yaml'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const extract = (file: string, ...args: string[]) => {
    const run = runCli(['policy', 'extract', `policies/${file}`, ...args], work);
    expect(run.code, run.stderr).toBe(0);
    return run;
  };

  it.each(POLICIES)('%s: a schema-valid draft whose every entry cites a clause and quotes the policy; JSON the same', (file) => {
    const run = extract(file);
    expect(run.stdout.startsWith('# yaml-language-server: $schema=node_modules/privlint/schema/privacy-inventory.schema.json\n')).toBe(true);
    const draft = parseYaml(run.stdout) as Draft;
    expect(validate(draft), JSON.stringify(validate.errors)).toBe(true);
    expect(Object.keys(draft.data ?? {}).length).toBeGreaterThan(0);
    for (const [category, disclosures] of Object.entries(draft.data ?? {})) {
      for (const disclosure of disclosures) {
        expect(disclosure.clause, category).toMatch(/\S/);
        expect(disclosure.quote, category).toMatch(/\S/);
        expect(disclosure.purpose, category).toMatch(/\S/);
        expect(disclosure.actor, category).toMatch(/\S/);
      }
    }
    for (const entry of draft.not_collected ?? []) {
      expect(entry.clause, entry.category).toMatch(/\S/);
      expect(entry.quote, entry.category).toMatch(/\S/);
    }
    // What the policy denies is never also drafted as collected (the inventory would not load).
    const denied = new Set((draft.not_collected ?? []).map((entry) => entry.category));
    expect(Object.keys(draft.data ?? {}).filter((category) => denied.has(category))).toEqual([]);
    const json = extract(file, '--format', 'json');
    expect(JSON.parse(json.stdout)).toEqual(draft);
  });

  it('gives the same draft for the UTF-8, GBK and UTF-16 copies of a policy (only the source line differs)', () => {
    const body = (file: string) => extract(file).stdout.split('\n').filter((line) => !line.startsWith('# Drafted by'));
    const utf8 = extract('qingtian-zh.md').stdout;
    expect(utf8).toContain('# Drafted by `privlint policy extract` from policies/qingtian-zh.md (markdown, utf-8, zh).');
    expect(extract('qingtian-zh.gbk.md').stdout).toContain('(markdown, gb18030, zh)');
    expect(extract('qingtian-zh.utf16le-bom.md').stdout).toContain('(markdown, utf-16le with BOM, zh)');
    expect(body('qingtian-zh.gbk.md')).toEqual(body('qingtian-zh.md'));
    expect(body('qingtian-zh.utf16le-bom.md')).toEqual(body('qingtian-zh.md'));
  });

  it('puts negations under not_collected, with their clause', () => {
    const english = parseYaml(extract('trailmate-en.html').stdout) as Draft;
    expect(english.data?.clipboard).toBeUndefined();
    expect(english.not_collected).toContainEqual({ category: 'clipboard', clause: '1.4', quote: 'Trailmate does not access the clipboard.' });
    expect((english.not_collected ?? []).map((entry) => entry.category).sort()).toEqual(['call-log', 'clipboard', 'contacts', 'sms']);
    const chinese = parseYaml(extract('qingtian-zh.md').stdout) as Draft;
    expect(chinese.not_collected).toContainEqual({ category: 'contacts', clause: '一.(三).1', quote: '我们不会收集您的通讯录、短信内容和通话记录。' });
    for (const category of ['contacts', 'sms', 'call-log']) expect(chinese.data?.[category]).toBeUndefined();
  });

  it('attributes disclosures to the third parties the policy names', () => {
    const chinese = parseYaml(extract('qingtian-zh.md').stdout) as Draft;
    expect(chinese.data?.camera?.map((d) => `${d.actor} ${d.clause}`)).toEqual(['拍云 二.2']);
    expect(chinese.data?.location?.map((d) => d.actor)).toEqual(expect.arrayContaining(['self', '推送宝', '云图地图SDK']));
  });

  it('never drafts reading SMS, call logs or calendars from the seed policy', () => {
    const seed = parseYaml(extract('seed-lianxin-zh.txt').stdout) as Draft;
    for (const category of ['sms', 'call-log', 'calendar']) expect(seed.data?.[category], category).toBeUndefined();
    for (const category of ['clipboard', 'app-list', 'device.imei', 'device.android-id', 'device.imsi', 'device.mac', 'device.ad-id', 'device.serial', 'contacts', 'location', 'camera', 'microphone', 'photos', 'phone-number']) {
      expect(seed.data?.[category], category).toBeDefined();
    }
  });

  it('writes the draft with --output, says what it wrote, and the draft works as the inventory of a scan', () => {
    const run = runCli(['policy', 'extract', 'policies/trailmate-en.html', '--output', 'drafts/privacy-inventory.yaml'], work);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      'wrote drafts/privacy-inventory.yaml: 8 categories in 11 disclosures, 4 not collected. Review it, then run privlint scan.\n',
    );
    const written = readFileSync(join(work, 'drafts/privacy-inventory.yaml'), 'utf8');
    // The modeline is relative to the draft's folder.
    expect(written.split('\n')[0]).toBe('# yaml-language-server: $schema=../node_modules/privlint/schema/privacy-inventory.schema.json');
    const scan = runCli(['scan', 'app', '--inventory', 'drafts/privacy-inventory.yaml', '--format', 'json'], work);
    expect(scan.code, scan.stderr).not.toBe(2);
    const report = JSON.parse(scan.stdout) as { summary: { inventory: string } };
    expect(report.summary.inventory).toBe('drafts/privacy-inventory.yaml');
    // The published text straight away, without a draft, loads too.
    const direct = runCli(['scan', 'app', '--policy', 'policies/trailmate-en.html', '--format', 'json'], work);
    expect(direct.code, direct.stderr).not.toBe(2);
  });

  it('refuses an unknown --format and an --output outside the working directory with exit 2', () => {
    const format = runCli(['policy', 'extract', 'policies/qingtian-zh.md', '--format', 'xml'], work);
    expect(format.code).toBe(2);
    expect(format.stderr).toBe("privlint: --format takes yaml or json, got 'xml'\n");
    const outside = runCli(['policy', 'extract', 'policies/qingtian-zh.md', '--output', '../draft.yaml'], work);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('--output ../draft.yaml is outside the working directory');
  });
});
