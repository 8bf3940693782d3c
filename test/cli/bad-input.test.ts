// Issue 3, point 6, through the real CLI: an empty or binary policy, HTML without text, a YAML syntax error, a wrong
// type, a duplicate key, an unknown category — each a clear message naming where (file, and line:col where there
// is one), exit code 2, nothing on stdout and never a stack trace; the same from every command that reads the file.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runCli, type CliRun } from '../helpers/cli.js';

/** A refusal as the user should see it: exit 2, no report, exactly this message on stderr, no stack frames. */
function expectRefusal(run: CliRun, stderr: string, label: string): void {
  expect(run.code, `${label}: exit code (stderr: ${run.stderr})`).toBe(2);
  expect(run.stdout, `${label}: stdout`).toBe('');
  expect(run.stderr, label).toBe(stderr);
  expect(run.stderr, `${label}: a stack trace`).not.toMatch(/^\s+at /m);
  expect(run.stderr, `${label}: an uncaught error`).not.toMatch(/\b(TypeError|RangeError|SyntaxError|ReferenceError)\b|node:internal/);
}

describe('bad policy files (real CLI)', () => {
  const work = mkdtempSync(join(tmpdir(), 'privlint-bad-policy-'));
  beforeAll(() => {
    mkdirSync(join(work, 'app'));
    writeFileSync(join(work, 'app/a.js'), 'wx.getLocation({})\n');
    writeFileSync(join(work, 'inventory.yaml'), 'version: 1\ndata:\n  location: { purpose: nearby stores }\n');
    writeFileSync(join(work, 'empty.txt'), '');
    writeFileSync(join(work, 'blank.md'), ' \n\t\n\n');
    writeFileSync(join(work, 'bom-only.txt'), Buffer.from([0xef, 0xbb, 0xbf]));
    writeFileSync(join(work, 'policy.pdf'), '%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\n');
    writeFileSync(join(work, 'policy.docx'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]));
    writeFileSync(join(work, 'blob.txt'), Buffer.concat([Buffer.from('Privacy policy\n'), Buffer.alloc(64), Buffer.from('more text\n')]));
    const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52];
    writeFileSync(join(work, 'screenshot.png'), Buffer.concat([Buffer.from(png), Buffer.alloc(200), Buffer.from(Array.from({ length: 500 }, (_, i) => (i * 31) % 256))]));
    writeFileSync(
      join(work, 'script-only.html'),
      '<!doctype html><html><head><title>Privacy</title><style>p{}</style><script>var location = 1;</script></head>' +
        '<body><nav><a href="/">Home</a></nav><div class="cookie-banner">We use cookies</div><footer>© 2024</footer></body></html>',
    );
    mkdirSync(join(work, 'folder.html'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const cases: [file: string, stderr: string][] = [
    ['empty.txt', 'privlint: empty.txt  the policy file is empty\n  hint: give the published policy as text, Markdown or HTML\n'],
    ['blank.md', 'privlint: blank.md  the policy file has no text\n  hint: give the published policy as text, Markdown or HTML\n'],
    ['bom-only.txt', 'privlint: bom-only.txt  the policy file has no text\n  hint: give the published policy as text, Markdown or HTML\n'],
    ['policy.pdf', 'privlint: policy.pdf  this is a PDF document, not a text, Markdown or HTML policy\n  hint: save the policy page as HTML, or copy its text into a .txt file\n'],
    ['policy.docx', 'privlint: policy.docx  this is a ZIP archive (a .docx or .odt document?), not a text, Markdown or HTML policy\n  hint: save the document as plain text (.txt) or HTML\n'],
    ['blob.txt', 'privlint: blob.txt  this looks binary (NUL bytes), not a text, Markdown or HTML policy\n  hint: save the policy as UTF-8 text or HTML\n'],
    ['screenshot.png', 'privlint: screenshot.png  this is a PNG image, not a text, Markdown or HTML policy\n  hint: give privlint the policy text, not a screenshot\n'],
    [
      'script-only.html',
      'privlint: script-only.html  no policy text in this HTML (only markup, scripts, navigation or hidden content)\n  hint: if the page builds the policy with JavaScript, save the rendered page (or its text) instead\n',
    ],
    ['missing.txt', 'privlint: policy file not found: missing.txt\n  hint: give the path of the policy saved as .txt, .md or .html\n'],
    ['folder.html', 'privlint: folder.html is a folder, not a policy file\n'],
  ];

  it.each(cases)('%s: policy extract, scan --policy and policy check all refuse it the same way', (file, stderr) => {
    expectRefusal(runCli(['policy', 'extract', file], work), stderr, 'policy extract');
    expectRefusal(runCli(['policy', 'extract', file, '--format', 'json'], work), stderr, 'policy extract --format json');
    expectRefusal(runCli(['scan', 'app', '--policy', file], work), stderr, 'scan --policy');
    expectRefusal(runCli(['scan', 'app', '--policy', file, '--format', 'sarif'], work), stderr, 'scan --policy --format sarif');
    expectRefusal(runCli(['policy', 'check', file, '--inventory', 'inventory.yaml'], work), stderr, 'policy check');
  });

  it('writes no draft when extraction fails', () => {
    expectRefusal(runCli(['policy', 'extract', 'empty.txt', '--output', 'draft.yaml'], work), cases[0]![1], 'policy extract --output');
    expect(() => readFileSync(join(work, 'draft.yaml'))).toThrow();
  });
});

describe('bad inventories (real CLI)', () => {
  const work = mkdtempSync(join(tmpdir(), 'privlint-bad-inventory-'));
  const SYNTAX = 'version: 1\ndata:\n  location: { purpose: nearby stores\n  clipboard: {}\n';
  const WRONG_TYPE = 'version: 1\ndata:\n  location:\n    purpose: [nearby, stores]\n';
  const DUPLICATE = 'version: 1\ndata:\n  clipboard: { purpose: paste }\n  location: { purpose: nearby }\n  clipboard: { purpose: coupons }\n';
  const UNKNOWN = 'version: 1\ndata:\n  location: { purpose: nearby }\n  clipbord: { purpose: paste }\n';
  const UNKNOWN_NOT_COLLECTED = 'version: 1\nnot_collected: [contacts, imei]\n';
  const WRONG_TYPE_SDK = 'version: 1\nsdks:\n  amap:\n    datas: [location]\n';

  beforeAll(() => {
    cpSync(join(REPO, 'fixtures/cli/wechat-app'), join(work, 'app'), { recursive: true });
    rmSync(join(work, 'app/privacy-inventory.yaml'));
    writeFileSync(join(work, 'policy.txt'), '隐私政策\n\n一、我们收集的信息\n我们会收集您的位置信息，用于展示附近的门店。\n');
    writeFileSync(join(work, 'binary.yaml'), Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919) % 256)));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  const cases: [name: string, text: string, stderr: (file: string) => string][] = [
    ['a YAML syntax error', SYNTAX, (file) => `privlint: ${file}:4:3  YAML syntax error: Flow map in block collection must be sufficiently indented and end with a }\n`],
    ['a wrong type', WRONG_TYPE, (file) => `privlint: ${file}:4:14  'purpose' must be a string, not a list\n`],
    [
      'a duplicate key',
      DUPLICATE,
      (file) =>
        `privlint: ${file}:5:3  duplicate key 'clipboard' (first at 3:3)\n  hint: a key may appear once per mapping: merge the two (a category under data can hold a list of disclosures)\n`,
    ],
    ['an unknown category', UNKNOWN, (file) => `privlint: ${file}:4:3  unknown category 'clipbord' — did you mean 'clipboard'?\n  hint: write 'clipboard'\n`],
    [
      'an unknown category under not_collected',
      UNKNOWN_NOT_COLLECTED,
      (file) => `privlint: ${file}:2:27  unknown category 'imei' — did you mean 'device.imei'?\n  hint: write 'device.imei'\n`,
    ],
    ['an unknown key under sdks', WRONG_TYPE_SDK, (file) => `privlint: ${file}:4:5  unknown key 'datas' — did you mean 'data'?\n  hint: allowed here: purpose, clause, data, scope\n`],
    ['an empty file', '', (file) => `privlint: ${file}:1:1  the inventory is empty\n  hint: start it with \`version: 1\` and a \`data:\` mapping (privlint init drafts one)\n`],
  ];

  it.each(cases)('%s: scan --inventory, scan (found by walking up), baseline, explain and policy check refuse it', (_name, text, stderr) => {
    writeFileSync(join(work, 'inventory.yaml'), text);
    expectRefusal(runCli(['scan', 'app', '--inventory', 'inventory.yaml'], work), stderr('inventory.yaml'), 'scan --inventory');
    expectRefusal(runCli(['scan', 'app', '--inventory', 'inventory.yaml', '--format', 'json'], work), stderr('inventory.yaml'), 'scan --inventory --format json');
    expectRefusal(runCli(['baseline', 'app', '--inventory', 'inventory.yaml'], work), stderr('inventory.yaml'), 'baseline --inventory');
    expectRefusal(runCli(['explain', 'app/pages/index/index.js:8', '--inventory', 'inventory.yaml'], work), stderr('inventory.yaml'), 'explain --inventory');
    expectRefusal(runCli(['policy', 'check', 'policy.txt', '--inventory', 'inventory.yaml'], work), stderr('inventory.yaml'), 'policy check --inventory');
    writeFileSync(join(work, 'app/privacy-inventory.yaml'), text);
    try {
      expectRefusal(runCli(['scan', 'app'], work), stderr('app/privacy-inventory.yaml'), 'scan, walking up');
      expectRefusal(runCli(['scan', '.'], join(work, 'app')), stderr('privacy-inventory.yaml'), 'scan . in the app');
    } finally {
      rmSync(join(work, 'app/privacy-inventory.yaml'));
    }
  });

  it('refuses a binary file given as the inventory, with its location', () => {
    const run = runCli(['scan', 'app', '--inventory', 'binary.yaml'], work);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^privlint: binary\.yaml(:\d+:\d+)? {2}\S/);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('refuses a missing inventory and a folder given as one', () => {
    expectRefusal(
      runCli(['scan', 'app', '--inventory', 'nope.yaml'], work),
      'privlint: inventory file not found: nope.yaml\n  hint: check the path, or leave it out to use the privacy-inventory.yaml found above the scanned folder\n',
      'missing',
    );
    expectRefusal(runCli(['scan', 'app', '--inventory', 'app'], work), 'privlint: app  cannot read the inventory (EISDIR)\n', 'folder');
  });
});
