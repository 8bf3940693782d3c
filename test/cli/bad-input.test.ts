// Issue 3, point 6, through the real CLI: an empty or binary policy, HTML without text, a YAML syntax error, a wrong
// type, a duplicate key, an unknown category — each a clear message naming where (file, and line:col where there
// is one), exit code 2, nothing on stdout and never a stack trace; the same from every command that reads the file.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, REPO, runCli, type CliRun } from '../helpers/cli.js';

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

  // Half re-saved in GBK: 附近 is UTF-8, 门店 is GBK (C3 C5 B5 EA), so the first bad byte is 0xC3, at 3:28 in characters.
  const GBK = Buffer.concat([Buffer.from('version: 1\ndata:\n  location: { purpose: "附近 '), Buffer.from([0xc3, 0xc5, 0xb5, 0xea]), Buffer.from('" }\n')]);
  // UTF-16LE with its byte-order mark, as Windows Notepad used to save "Unicode".
  const UTF16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('version: 1\n', 'utf16le')]);
  const NUL = Buffer.from('version: 1\ndata:\n  location: {}\n\0\0\0\0');

  const cases: [name: string, text: string | Buffer, stderr: (file: string) => string][] = [
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
    ['invalid UTF-8 (saved as GBK)', GBK, (file) => `privlint: ${file}:3:28  not valid UTF-8 (byte 0xC3)\n  hint: save it as UTF-8\n`],
    ['UTF-16', UTF16, (file) => `privlint: ${file} is UTF-16 text, not UTF-8\n  hint: save it as UTF-8\n`],
    ['NUL bytes', NUL, (file) => `privlint: ${file} is a binary file, not YAML\n  hint: an inventory is YAML text; check that this is the right file\n`],
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

  it('refuses a binary file given as the inventory, naming it', () => {
    expectRefusal(
      runCli(['scan', 'app', '--inventory', 'binary.yaml'], work),
      'privlint: binary.yaml is a binary file, not YAML\n  hint: an inventory is YAML text; check that this is the right file\n',
      'binary',
    );
  });

  it('points at the first bad byte of invalid UTF-8, counting columns in characters after a BOM', () => {
    const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part) : Buffer.from(part))));
    const refusal = (at: string, byte: string) => `privlint: bad-utf8.yaml:${at}  not valid UTF-8 (byte 0x${byte})\n  hint: save it as UTF-8\n`;
    const check = (content: Buffer, at: string, byte: string) => {
      writeFileSync(join(work, 'bad-utf8.yaml'), content);
      expectRefusal(runCli(['scan', 'app', '--inventory', 'bad-utf8.yaml'], work), refusal(at, byte), at);
    };
    check(bytes([0xef, 0xbb, 0xbf], 'version: 1', [0x80], '\n'), '1:11', '80'); // a lone continuation byte, after a BOM
    check(bytes('version: 1\n# 😀 ', [0xe4, 0xbd], '\n'), '2:6', 'E4'); // truncated; the emoji is two UTF-16 code units
    check(bytes('version: 1\n#', [0xc0, 0xaf], '\n'), '2:2', 'C0'); // an overlong '/'
    check(bytes('version: 1\n#', [0xed, 0xa0, 0x80], '\n'), '2:2', 'ED'); // a UTF-16 surrogate
    check(bytes('version: 1\n#', [0xf4, 0x90, 0x80, 0x80], '\n'), '2:2', 'F4'); // beyond U+10FFFF
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

// A named pipe where the inventory or the policy should be: reading it would block until something writes to it,
// so every command must refuse it at once (exit 2) instead of hanging.
const canMakeFifo = process.platform !== 'win32' && spawnSync('mkfifo', ['--version']).status === 0;

describe.runIf(canMakeFifo)('named pipes as inventory or policy (real CLI)', () => {
  const work = mkdtempSync(join(tmpdir(), 'privlint-fifo-'));
  /** runCli with a short time limit: a hang is killed and fails the test instead of stalling the suite. */
  const runLimited = (args: string[], cwd = work): CliRun => {
    const result = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 20_000, killSignal: 'SIGKILL' });
    expect(result.signal, `${args.join(' ')}: killed, it hung`).toBeNull();
    return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
  };
  beforeAll(() => {
    mkdirSync(join(work, 'app'));
    writeFileSync(join(work, 'app/a.js'), 'wx.getLocation({})\n');
    writeFileSync(join(work, 'inventory.yaml'), 'version: 1\ndata:\n  location: { purpose: nearby stores }\n');
    writeFileSync(join(work, 'policy.txt'), '隐私政策\n\n一、我们收集的信息\n我们会收集您的位置信息，用于展示附近的门店。\n');
    mkdirSync(join(work, 'piped'));
    writeFileSync(join(work, 'piped/a.js'), 'wx.getLocation({})\n');
    for (const pipe of ['pipe.yaml', 'pipe.txt', 'piped/privacy-inventory.yaml']) expect(spawnSync('mkfifo', [join(work, pipe)]).status).toBe(0);
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('an inventory that is a named pipe: given, or found by walking up', () => {
    const stderr = 'privlint: pipe.yaml is a named pipe, not an inventory file\n';
    expectRefusal(runLimited(['scan', 'app', '--inventory', 'pipe.yaml']), stderr, 'scan --inventory');
    expectRefusal(runLimited(['baseline', 'app', '--inventory', 'pipe.yaml']), stderr, 'baseline --inventory');
    expectRefusal(runLimited(['explain', 'app/a.js:1', '--inventory', 'pipe.yaml']), stderr, 'explain --inventory');
    expectRefusal(runLimited(['policy', 'check', 'policy.txt', '--inventory', 'pipe.yaml']), stderr, 'policy check --inventory');
    expectRefusal(runLimited(['scan', 'piped']), 'privlint: piped/privacy-inventory.yaml is a named pipe, not an inventory file\n', 'scan, walking up');
  });

  it('a policy that is a named pipe', () => {
    const stderr = 'privlint: pipe.txt is a named pipe, not a policy file\n';
    expectRefusal(runLimited(['policy', 'extract', 'pipe.txt']), stderr, 'policy extract');
    expectRefusal(runLimited(['scan', 'app', '--policy', 'pipe.txt']), stderr, 'scan --policy');
    expectRefusal(runLimited(['baseline', 'app', '--policy', 'pipe.txt']), stderr, 'baseline --policy');
    expectRefusal(runLimited(['explain', 'app/a.js:1', '--policy', 'pipe.txt']), stderr, 'explain --policy');
    expectRefusal(runLimited(['policy', 'check', 'pipe.txt', '--inventory', 'inventory.yaml']), stderr, 'policy check');
  });
});
