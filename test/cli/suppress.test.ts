// Suppression comments through the real CLI: which findings each directive form covers, that invalid and unused
// directives are reported (and never suppress), and that suppressed findings stay visible but do not fail the run.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runCli, scanJson } from '../helpers/cli.js';

const ENGINE_RULES = join(REPO, 'fixtures/engine/rules');
const APP = join(REPO, 'fixtures/cli/suppress-app');

describe('privlint-disable comments (real CLI)', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'privlint-suppress-'));
    cpSync(APP, join(work, 'app'), { recursive: true });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('marks exactly the findings each valid directive covers, and leaves the rest active', () => {
    const { run, report } = scanJson(['app', '--rules', ENGINE_RULES], work);
    const keys = report.findings.map((f) => {
      const suppressed = f.suppressed as { kind: string; reason: string } | undefined;
      return `${f.file}:${f.line}:${f.column} ${f.category}${suppressed ? ` suppressed(${suppressed.kind}): ${suppressed.reason}` : ''}`;
    });
    expect(keys).toEqual([
      // <script setup> of a Vue SFC: lines are the file's.
      "app/components/Nearby.vue:10:3 location suppressed(inline): the map shows the user's own position only",
      'app/components/Nearby.vue:11:3 clipboard',
      // ArkTS (rewritten before parsing): a file directive at the top.
      'app/entry/Index.ets:10:24 clipboard suppressed(inline): the paste button is user-initiated (reviewed in PRIV-7)',
      // A parent category (device) covers both categories of one call.
      "app/lib/sdk.js:5:10 device.android-id suppressed(inline): vendored SDK glue, its collection is disclosed as the SDK's",
      "app/lib/sdk.js:5:10 device.id suppressed(inline): vendored SDK glue, its collection is disclosed as the SDK's",
      'app/pages/directives.js:5:5 location suppressed(inline): shown only after the user taps "nearby"',
      'app/pages/directives.js:6:5 clipboard suppressed(inline): the paste button reads what the user copied',
      'app/pages/directives.js:8:5 location', // no reason
      'app/pages/directives.js:10:5 location', // names another category
      'app/pages/directives.js:12:5 location', // misspelt directive
      'app/pages/directives.js:14:5 location', // misspelt category
      'app/pages/directives.js:16:5 location suppressed(inline): a rule id and a category, comma-separated',
      'app/pages/directives.js:19:5 clipboard suppressed(inline): a block comment: the next line is the one after the comment ends',
      'app/pages/strings.js:4:1 clipboard', // directive text inside strings is no directive
    ]);
    expect(run.code).toBe(1);
    expect(report.summary).toMatchObject({ findings: 14, errors: 6, suppressed: 8, baselined: 0, complete: true });
  });

  it('reports invalid directives (a reason is required) and unused ones, with file:line:col', () => {
    const { report } = scanJson(['app', '--rules', ENGINE_RULES], work);
    expect(report.errors.map((e) => `${e.file}:${e.line}:${e.column} ${e.kind}: ${e.message}`)).toEqual([
      'app/pages/directives.js:7:5 invalid-directive: a reason is required after `--` (e.g. `// privlint-disable-next-line location -- shown only after the user asks`); this directive suppresses nothing',
      "app/pages/directives.js:9:5 unused-directive: unused privlint-disable-next-line directive: 'clipboard' matches no finding on line 10; remove it",
      'app/pages/directives.js:11:5 invalid-directive: unknown directive privlint-disable-nextline: use privlint-disable-next-line, privlint-disable-line or privlint-disable-file; this directive suppresses nothing',
      "app/pages/directives.js:13:5 invalid-directive: unknown rule or category 'locaton'; this directive suppresses nothing",
      "app/pages/directives.js:15:5 unused-directive: unused privlint-disable-next-line directive: 'microphone' matches no finding on line 16; remove it",
    ]);
  });

  it('does not fail a run whose only findings are suppressed, and shows them marked in stylish output', () => {
    const json = scanJson(['app/lib', 'app/entry', '--rules', ENGINE_RULES], work);
    expect(json.run.code).toBe(0);
    expect(json.report.summary).toMatchObject({ findings: 3, errors: 0, suppressed: 3 });
    const stylish = runCli(['scan', 'app/lib', 'app/entry', '--rules', ENGINE_RULES], work);
    expect(stylish.code).toBe(0);
    expect(stylish.stdout).toContain(
      "app/lib/sdk.js:5:10  error  device.android-id  react-native-device-info.getUniqueId  react-native-device-info.getUniqueId collects 'device.android-id', but there is no privacy-inventory.yaml to declare it in  undisclosed-collection  (suppressed: vendored SDK glue, its collection is disclosed as the SDK's)",
    );
    expect(stylish.stdout).toContain('✔ no problems (2 files scanned)');
    expect(stylish.stdout).toContain('3 suppressed or baselined findings not counted');
    const all = runCli(['scan', 'app/pages', '--rules', ENGINE_RULES], work);
    expect(all.stdout).toContain('app/pages/directives.js:7:5  invalid directive  a reason is required after `--`');
    expect(all.stdout).toContain("app/pages/directives.js:9:5  unused directive  unused privlint-disable-next-line directive: 'clipboard'");
  });

  it('reports an unused directive without failing the run', () => {
    // The parameter shadows the global: the file mentions an API (so it is parsed) but collects nothing.
    writeFileSync(
      join(work, 'app/lib/quiet.js'),
      '// privlint-disable-next-line location -- nothing here any more\nfunction locate(wx) { return wx.getLocation() }\n/* privlint-disable-file all -- nor here */\n',
    );
    try {
      const { run, report } = scanJson(['app/lib/quiet.js', '--rules', ENGINE_RULES], work);
      expect(run.code).toBe(0);
      expect(report.findings).toEqual([]);
      expect(report.errors.map((e) => `${e.line}:${e.column} ${e.kind}`)).toEqual(['1:1 unused-directive', '3:1 unused-directive']);
      expect(report.errors[1]!.message).toBe('unused privlint-disable-file directive: all matches no finding in this file; remove it');
    } finally {
      rmSync(join(work, 'app/lib/quiet.js'));
    }
  });

  it('gives the same bytes inline and in worker threads', () => {
    const one = runCli(['scan', 'app', '--rules', ENGINE_RULES, '--format', 'json', '--workers', '1'], work);
    const two = runCli(['scan', 'app', '--rules', ENGINE_RULES, '--format', 'json', '--workers', '3'], work);
    expect(two.stdout).toBe(one.stdout);
    expect(JSON.parse(one.stdout).summary.suppressed).toBe(8);
  });
});
