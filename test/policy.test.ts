// `privlint policy extract`: decoding, segmentation into clause ids, the lexicon, negation, actors, HTML noise,
// the draft inventory, and the CLI command — on the seed policy and on fixtures/policies/*.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { parse } from 'yaml';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerPolicyCommand } from '../src/cli/commands/policy.js';
import { UsageError } from '../src/errors.js';
import { categories } from '../src/inventory/categories.js';
import { parseInventory } from '../src/inventory/load.js';
import { decodePolicy, detectLanguage } from '../src/policy/decode.js';
import { renderDraft } from '../src/policy/draft.js';
import { extractPolicy, QUOTE_MAX, type PolicyExtraction } from '../src/policy/extract.js';
import { htmlToBlocks } from '../src/policy/html.js';
import { loadPolicyLexicon } from '../src/policy/lexicon.js';
import { chineseNumeral, markdownToBlocks, parseNumbering } from '../src/policy/segment.js';

const POLICIES = join(process.cwd(), 'fixtures/policies');
const read = (name: string) => new Uint8Array(readFileSync(join(POLICIES, name)));
const SEED = 'seed-lianxin-zh.txt';

const cache = new Map<string, PolicyExtraction>();
function extract(name: string): PolicyExtraction {
  let result = cache.get(name);
  if (!result) {
    result = extractPolicy(read(name), name);
    cache.set(name, result);
  }
  return result;
}

function fromText(text: string, name = 'policy.txt'): PolicyExtraction {
  return extractPolicy(new TextEncoder().encode(text), name);
}

/** category@clause/actor for every disclosure, in document order. */
function summary(extraction: PolicyExtraction): string[] {
  return extraction.disclosures.map((d) => `${d.category}@${d.clause}/${d.actor}`);
}

function notCollected(extraction: PolicyExtraction): string[] {
  return extraction.notCollected.map((n) => `${n.category}@${n.clause}`);
}

function usageError(run: () => unknown): UsageError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return error as UsageError;
  }
  throw new Error('expected a UsageError');
}

/** What must not depend on the file's encoding or name. */
function comparable(extraction: PolicyExtraction) {
  const { file: _file, encoding: _encoding, bom: _bom, ...rest } = extraction;
  return rest;
}

// ---------------------------------------------------------------------------------------------------------------

describe('decodePolicy', () => {
  const zh = '# 隐私政策\n\n一、我们会读取您的剪切板。\nWe read the clipboard.\n';
  const utf8 = new TextEncoder().encode(zh);
  const utf16le = new Uint8Array(Buffer.from(zh, 'utf16le'));
  const utf16be = new Uint8Array(Buffer.from(zh, 'utf16le').swap16());

  it('decides by BOM, then UTF-16 NUL patterns, then UTF-8 validity, then GB18030', () => {
    const cases: [string, Uint8Array, string, boolean][] = [
      ['UTF-8', utf8, 'utf-8', false],
      ['UTF-8 with BOM', new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]), 'utf-8', true],
      ['UTF-16LE with BOM', new Uint8Array([0xff, 0xfe, ...utf16le]), 'utf-16le', true],
      ['UTF-16BE with BOM', new Uint8Array([0xfe, 0xff, ...utf16be]), 'utf-16be', true],
      ['UTF-16LE without BOM', utf16le, 'utf-16le', false],
      ['UTF-16BE without BOM', utf16be, 'utf-16be', false],
      ['GBK', read('qingtian-zh.gbk.md'), 'gb18030', false],
    ];
    for (const [label, bytes, encoding, bom] of cases) {
      const decoded = decodePolicy(bytes, label);
      expect([label, decoded.encoding, decoded.bom, decoded.lossy]).toEqual([label, encoding, bom, false]);
      if (label !== 'GBK') expect(decoded.text).toBe(zh);
    }
    expect(decodePolicy(read('qingtian-zh.gbk.md'), 'gbk').text).toBe(readFileSync(join(POLICIES, 'qingtian-zh.md'), 'utf8'));
    expect(decodePolicy(read('qingtian-zh.utf16le-bom.md'), 'utf16').text).toBe(readFileSync(join(POLICIES, 'qingtian-zh.md'), 'utf8'));
  });

  it('normalises line ends, NBSP and zero-width characters, and detects the language', () => {
    const decoded = decodePolicy(new TextEncoder().encode('一、定义\r\n我们\u200B收集\u00A0位置。\r'), 'a.txt');
    expect(decoded.text).toBe('一、定义\n我们收集 位置。\n');
    expect(decoded.language).toBe('zh');
    expect(detectLanguage('We collect your location. 今日头条')).toBe('en');
    expect(detectLanguage('我们会收集您的位置信息（GPS）、IMEI、Android ID。')).toBe('zh');
  });

  it('refuses empty and binary files with a UsageError', () => {
    expect(usageError(() => decodePolicy(new Uint8Array(), 'empty.txt')).code).toBe('policy/empty');
    expect(usageError(() => decodePolicy(new TextEncoder().encode(' \n\t\n'), 'blank.txt')).code).toBe('policy/empty');
    expect(usageError(() => decodePolicy(new TextEncoder().encode('\uFEFF'), 'bom-only.txt')).code).toBe('policy/empty');
    const pdf = usageError(() => decodePolicy(new TextEncoder().encode('%PDF-1.7\n...'), 'policy.pdf'));
    expect([pdf.code, pdf.format(), pdf.hint]).toEqual([
      'policy/binary',
      'policy.pdf  this is a PDF document, not a text, Markdown or HTML policy\n  hint: save the policy page as HTML, or copy its text into a .txt file',
      'save the policy page as HTML, or copy its text into a .txt file',
    ]);
    expect(usageError(() => decodePolicy(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]), 'policy.docx')).code).toBe('policy/binary');
    const random = new Uint8Array(4096).map((_, i) => (i * 7919) % 256);
    expect(usageError(() => decodePolicy(random, 'blob.bin')).code).toBe('policy/binary');
    const controls = new Uint8Array(2000).map((_, i) => (i % 3 === 0 ? 0x01 : 0x41));
    expect(usageError(() => decodePolicy(controls, 'controls.txt')).code).toBe('policy/binary');
  });

  it('marks undecodable bytes as lossy', () => {
    // One broken byte in a UTF-8 file: still UTF-8, not GB18030 mojibake.
    const text = '我们会读取剪切板，用于识别分享口令。'.repeat(3);
    const decoded = decodePolicy(new Uint8Array([...new TextEncoder().encode(text), 0xff, 0x0a]), 'broken.txt');
    expect([decoded.encoding, decoded.lossy, decoded.text]).toEqual(['utf-8', true, `${text}\uFFFD\n`]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('numbering', () => {
  it('reads every numbering style with its level and label', () => {
    const cases: [string, string, number, string, number][] = [
      ['第三章 收集', 'chapter', 0, '第三章', 3],
      ['第十二条 我们', 'article', 2, '第十二条', 12],
      ['二、我们如何收集', 'cn', 3, '二', 2],
      ['（三）您充分知晓', 'cn-paren', 4, '(三)', 3],
      ['(十)响应', 'cn-paren', 4, '(十)', 10],
      ['14、在您使用', 'num', 5, '14', 14],
      ['1.Information', 'num', 5, '1', 1],
      ['2. What we collect', 'num', 5, '2', 2],
      ['1.1 Device data', 'dotted2', 5.1, '1.1', 1],
      ['2.3.4、细则', 'dotted3', 5.2, '2.3.4', 4],
      ['（7）【账号登录】', 'num-paren', 7, '(7)', 7],
      ['3）其他', 'num-paren', 7, '(3)', 3],
      ['⑵ 第二', 'num-paren', 7, '(2)', 2],
      ['③收集', 'circled', 8, '③', 3],
      ['(b) partners', 'alpha', 9, '(b)', 2],
      ['c. partners', 'alpha', 9, '(c)', 3],
    ];
    for (const [text, style, rank, label, value] of cases) {
      const numbering = parseNumbering(text);
      expect([text, numbering?.style, numbering?.rank, numbering?.label, numbering?.value]).toEqual([text, style, rank, label, value]);
    }
  });

  it('does not read amounts, dates, identifiers or sentences as numbering', () => {
    for (const text of ['2022年02月14日', '3.5亿用户', '2.0版本', 'IMEI、MEID', 'ID、IMSI、网络设备', 'IP 地址定位', 'I. Introduction', 'An app']) {
      expect([text, parseNumbering(text)]).toEqual([text, undefined]);
    }
  });

  it('nests every style under the higher ones, whatever order they appear in', () => {
    const zh = fromText('一、收集\n（一）设备\n1、我们会收集：\n（1）位置\n①我们会获取您的GPS位置。\n1.1 细则\n（二）其他\n第二条 附则\n');
    expect(zh.clauses.map((clause) => clause.id)).toEqual(['一', '一.(一)', '一.(一).1', '一.(一).1.(1)', '一.(一).1.(1).①', '一.(一).1.1', '一.(二)', '第二条']);
    expect(summary(zh)).toEqual(['location@一.(一).1.(1).①/self']);
    const en = fromText('1. Scope\n1.1 Data\n(a) We collect your location.\n(b) We read the clipboard.\n2. Sharing\n');
    expect(en.clauses.map((clause) => clause.id)).toEqual(['1', '1.1', '1.1.(a)', '1.1.(b)', '2']);
    const headings = fromText('<h1>Privacy</h1><h2>Information we collect</h2><p>We collect your location.</p><h2>2. Sharing</h2><p>一、收集<br>1、我们会获取您的位置<br>2、我们不会收集通讯录</p>', 'p.html');
    expect(headings.clauses.map((clause) => clause.id)).toEqual(['0', 'information-we-collect', '2', '2.一', '2.一.1', '2.一.2']);
    expect([summary(headings), notCollected(headings)]).toEqual([['location@information-we-collect/self', 'location@2.一.1/self'], ['contacts@2.一.2']]);
  });

  it('converts Chinese numerals', () => {
    expect(['一', '十', '十四', '二十', '二十三', '一百零三', '43'].map(chineseNumeral)).toEqual([1, 10, 14, 20, 23, 103, 43]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('lexicon (rules/policy-lexicon.yml)', () => {
  const lexicon = loadPolicyLexicon();

  it('is keyed by category ids and has terms for every category', () => {
    const ids = categories().map((category) => category.id);
    expect([...lexicon.categoryIds].sort()).toEqual([...ids].sort());
  });

  it('takes the longest term, never overlapping, and honours excludes', () => {
    const found = (text: string) => lexicon.findTerms(text).map((hit) => `${hit.category ?? 'exclude'}:${hit.text}`);
    expect(found('唯一设备标识符IMEI、MEID、Android\nID、IMSI、网络设备硬件地址MAC、OAID')).toEqual([
      'device.imei:唯一设备标识符',
      'device.imei:IMEI',
      'device.imei:MEID',
      'device.android-id:Android\nID',
      'device.imsi:IMSI',
      'device.mac:硬件地址',
      'device.mac:MAC',
      'device.ad-id:OAID',
    ]);
    expect(found('SIM卡序列号、硬件序列号')).toEqual(['device.imsi:SIM卡序列号', 'device.serial:硬件序列号']);
    expect(found('剪切板、剪贴板、粘贴板，写入剪切板')).toEqual(['clipboard:剪切板', 'clipboard:剪贴板', 'clipboard:粘贴板', 'exclude:写入剪切板']);
    expect(found('软件列表、应用列表、已安装应用')).toEqual(['app-list:软件列表', 'app-list:应用列表', 'app-list:已安装应用']);
    expect(found('通讯录、联系人、位置、定位、GPS')).toEqual(['contacts:通讯录', 'contacts:联系人', 'location:位置', 'location:定位', 'location:GPS']);
    expect(found('短信验证码、统一资源定位器、以便我们定位问题')).toEqual(['exclude:短信验证码', 'exclude:统一资源定位器', 'exclude:定位问题']);
    // Short acronyms are case-sensitive and whole words: a Mac is a computer, "imacro" is nothing.
    expect(found('on your Mac, imacro, MAC address, the Clipboards, contact us')).toEqual(['device.mac:MAC address', 'clipboard:Clipboards', 'exclude:contact us']);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('the seed policy (fixtures/policies/seed-lianxin-zh.txt)', () => {
  const seed = () => extract(SEED);

  // The seed's SHA-256 as published in shared/seed/000_42b893d89f7ab55a.txt (outside the repository, so recorded).
  it('is the seed, copied unchanged', () => {
    expect(createHash('sha256').update(read(SEED)).digest('hex')).toBe('84b108ba9d22e9f65675251dfe4b84e0070ab5bc2b1a7a84f3e889f8251a0e3e');
  });

  it('finds both copies of the policy and its tables of contents', () => {
    const { copies, tocLines, format, encoding, language, appName } = seed();
    expect({ format, encoding, language, appName }).toEqual({ format: 'text', encoding: 'utf-8', language: 'zh', appName: '连信' });
    expect(copies).toEqual([
      { copy: 1, startLine: 16, endLine: 486 },
      { copy: 2, startLine: 492, endLine: 985 },
    ]);
    expect(tocLines).toEqual([43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 509, 510, 511, 512, 513, 514, 515, 516, 517, 518]);
  });

  it('gives each clause the path of its numbering', () => {
    const clauses = seed().clauses;
    const byId = new Map(clauses.map((clause) => [clause.id, clause]));
    expect(new Set(clauses.map((clause) => clause.id)).size).toBe(clauses.length);
    const expected: [string, number, string | null, string][] = [
      ['0', 16, null, '连信隐私政策'],
      ['0.1', 54, '0', '本隐私政策与您使用本公司提供的连信的产品'],
      ['一', 71, null, '定义'],
      ['二', 82, null, '我们如何收集和使用您的个人信息及其他信息'],
      ['二.1', 86, '二', '账号注册、登录与验证'],
      ['二.1.(7)', 115, '二.1', '【账号登录】基于我们与通信运营商'],
      ['二.14', 168, '二', '在您使用【好友圈】'],
      ['二.33', 248, '二', '【剪切板】当您使用连信产品'],
      ['二.43', 279, '二', '【使用授权】'],
      ['二.(三)', 282, '二', '您充分知晓'],
      ['二.(三).6', 289, '二.(三)', '法律法规规定的其他情形'],
      ['三.(一).2', 298, '三.(一)', '我们不会将Cookies用于'],
      ['五.(二).1', 367, '五.(二)', '【数据安全技术措施】'],
      ['六.(七).2.(2)', 434, '六.(七).2', '关闭个性化小视频'],
      ['十.3', 482, '十', '一般情况下'],
      ['v2:0', 492, null, '更新日期：2022年02月14日'],
      ['v2:二.30', 685, 'v2:二', '【剪切板】当您使用连信产品'],
      ['v2:二.40', 718, 'v2:二', '【使用授权】'],
      ['v2:十.3', 981, 'v2:十', '一般情况下'],
    ];
    for (const [id, line, parentId, title] of expected) {
      const clause = byId.get(id);
      expect([id, clause?.line, clause?.parentId, clause?.title.startsWith(title)]).toEqual([id, line, parentId, true]);
    }
    expect(clauses.filter((clause) => clause.parentId === '二' && /^\d+$/.test(clause.label)).map((clause) => clause.label)).toEqual(
      Array.from({ length: 43 }, (_, i) => String(i + 1)),
    );
    expect(clauses.filter((clause) => clause.parentId === 'v2:二' && /^\d+$/.test(clause.label))).toHaveLength(40);
    // Wrapped lines are joined: "Android" + "ID" with a space, Chinese without.
    expect(byId.get('二.24')?.text).toContain('唯一设备标识符IMEI、MEID、Android ID、IMSI');
    expect(byId.get('二.17')?.text.startsWith('在您使用【发现】功能时')).toBe(true);
  });

  it('discloses exactly these categories, in these clauses', () => {
    expect(seed().byCategory).toEqual({
      'device.imei': ['二.16', '二.24'],
      'device.imsi': ['二.1.(7)', '二.16', '二.24'],
      'device.serial': ['二.24'],
      'device.android-id': ['二.1.(7)', '二.24'],
      'device.mac': ['二.24'],
      'device.ad-id': ['二.16', '二.24'],
      'app-list': ['二.15', '二.24'],
      clipboard: ['二.14', '二.17', '二.33'],
      contacts: ['二.2', '二.9', '二.10'],
      location: ['二.6', '二.11', '二.12', '二.15', '二.16', '二.17', '二.18', '二.21', '四.(一).4'],
      'phone-number': ['二.1.(1)', '二.1.(7)', '二.1.(8)', '二.8', '二.18', '二.28', '七.4'],
      camera: ['二.5', '二.8', '二.13', '二.17', '二.18'],
      microphone: ['二.4', '二.5', '二.8'],
      photos: ['二.3', '二.5', '二.8', '二.12', '二.13', '二.14', '二.17', '二.18', '二.28'],
      'network.wifi': ['二.21', '二.24'],
      bluetooth: ['二.25'],
      sensors: ['二.21'],
    });
    expect(seed().notCollected).toEqual([]);
  });

  it('never says it reads SMS, the call log or the calendar (短信验证码 is not reading SMS)', () => {
    const { disclosures, notCollected: denied, otherCopies } = seed();
    for (const list of [disclosures, denied, otherCopies.disclosures, otherCopies.notCollected]) {
      expect(list.filter((item) => ['sms', 'call-log', 'calendar'].includes(item.category))).toEqual([]);
    }
    // The definitions (一、定义) list 通讯录 and 手机号码 but disclose nothing.
    expect(disclosures.filter((d) => d.clause.startsWith('一'))).toEqual([]);
  });

  it('reads the clipboard for 消息/看视频/角视频 (二.33) and for pasting (二.14, 二.17)', () => {
    const clipboard = seed().disclosures.filter((d) => d.category === 'clipboard');
    expect(clipboard.map(({ clause, actor, features, purpose, quote, terms }) => ({ clause, actor, features, purpose, quote, terms }))).toEqual([
      { clause: '二.14', actor: 'self', features: ['粘贴复制'], purpose: '当您在使用粘贴复制功能时', quote: '当您在使用粘贴复制功能时，我们会读取剪切板信息。', terms: ['剪切板'] },
      { clause: '二.17', actor: 'self', features: ['粘贴复制'], purpose: '当您在使用粘贴复制功能时', quote: '当您在使用粘贴复制功能时，我们会读取剪切板信息。', terms: ['剪切板'] },
      {
        clause: '二.33',
        actor: 'self',
        features: ['消息', '看视频', '角视频'],
        purpose: '以实现:当您将分享特定活动所生成的链接、口令或者分享码写入剪切板或者接收被分享的该等信息后',
        quote: '【剪切板】当您使用连信产品和/或服务（进入【消息】、【看视频】、【角视频】页面及其他您使用复制粘贴的场景）时，我们会使用您设备上的剪切板功能并读取剪切板的内容',
        terms: ['剪切板'],
      },
    ]);
  });

  it('attributes 看视频 to 今日头条, 钱包 to 盛付通 and 角视频 to 连旺', () => {
    const thirdParty = seed().disclosures.filter((d) => d.actor !== 'self');
    expect(thirdParty.map((d) => `${d.category}@${d.clause}/${d.actor} [${d.features.join(',')}]`)).toEqual([
      'app-list@二.15/连旺 [角视频]',
      'location@二.15/连旺 [角视频]',
      'device.imei@二.16/今日头条 [看视频]',
      'device.imsi@二.16/今日头条 [看视频]',
      'device.ad-id@二.16/今日头条 [看视频]',
      'location@二.16/今日头条 [看视频]',
      'location@二.18/盛付通 [钱包]',
      'phone-number@二.18/盛付通 [钱包]',
      'camera@二.18/盛付通 [钱包]',
      'photos@二.18/盛付通 [钱包]',
    ]);
    expect(seed().parties).toEqual([
      { name: '连旺', mentions: ['上海连旺网络科技有限公司', '连旺公司', '连旺'], clause: '二.15' },
      { name: '今日头条', mentions: ['湖北今日头条科技有限公司', '今日头条'], clause: '二.16' },
      { name: '盛付通', mentions: ['上海盛付通电子支付服务有限公司', '盛付通'], clause: '二.18' },
    ]);
    // "连信会将…手机号信息传输给盛付通": the receiver is the collector.
    const wallet = seed().disclosures.find((d) => d.category === 'phone-number' && d.clause === '二.18');
    expect(wallet?.terms).toEqual(['手机号码', '手机号信息', '预留手机号']);
  });

  it('finds the device identifiers of 二.24 (IMEI/MEID, Android ID, IMSI, MAC, OAID, serial) and the app list', () => {
    const at24 = seed()
      .disclosures.filter((d) => d.clause === '二.24')
      .map((d) => `${d.category}/${d.actor}: ${d.terms.join(',')}`);
    expect(at24).toEqual([
      'device.imei/self: 唯一设备标识符,IMEI,MEID',
      'device.imsi/self: IMSI',
      'device.serial/self: 硬件序列号',
      'device.android-id/self: Android ID',
      'device.mac/self: 硬件地址,MAC',
      'device.ad-id/self: OAID',
      'app-list/self: 软件列表,已安装应用,应用列表',
      'network.wifi/self: WiFi列表,SSID',
    ]);
    const imei = seed().disclosures.find((d) => d.category === 'device.imei' && d.clause === '二.24');
    expect(imei?.purpose).toBe('为保障您安全正常使用连信产品和/或服务、保持您的设备运行的安全性和稳定性、保障运营安全、防范电信网络诈骗、欺诈风险以及保障您的账号安全');
  });

  it('quotes verbatim, at most QUOTE_MAX characters, from the cited clause', () => {
    const { disclosures, clauses } = seed();
    const byId = new Map(clauses.map((clause) => [clause.id, clause]));
    for (const d of disclosures) {
      expect(d.quote.length).toBeLessThanOrEqual(QUOTE_MAX);
      expect(byId.get(d.clause)?.text.includes(d.quote)).toBe(true);
      expect(d.terms.some((term) => d.quote.includes(term)) || d.quote.length === QUOTE_MAX || d.quote.length > 100).toBe(true);
    }
    const contacts = disclosures.find((d) => d.category === 'contacts' && d.clause === '二.9');
    expect(contacts?.quote).toBe('我们会在征求您同意后获取您的通讯录信息并进行加密保护，目的是为了向您提供该项服务。');
  });

  it('keeps the later copy apart and reports what only it says', () => {
    const { otherCopies, warnings } = seed();
    expect(otherCopies.disclosures.every((d) => d.clause.startsWith('v2:') && d.copy === 2)).toBe(true);
    expect(otherCopies.disclosures.filter((d) => d.category === 'clipboard').map((d) => d.clause)).toEqual(['v2:二.12', 'v2:二.14', 'v2:二.30']);
    expect(otherCopies.disclosures.filter((d) => d.category === 'device.id').map((d) => `${d.clause} ${d.terms.join(',')}`)).toEqual(['v2:二.21 UUID']);
    expect(warnings).toEqual([
      "the file holds 2 copies of the policy (lines 16–486, lines 492–985); the draft is made from the first, later copies' clause ids start with v2:, v3:, …",
      'only a later copy discloses device.id (v2:二.21); add it by hand if that copy is the current one',
    ]);
  });

  it('keeps clause ids when unrelated text changes', () => {
    const text = readFileSync(join(POLICIES, SEED), 'utf8');
    const edited = text
      .replace('【摘要】', '【摘要】\n本段为新增的说明文字，与收集无关。\n')
      .replace('（2）性别：为完成创建账号', '（2）性别（本条已修订）：为完成创建账号')
      .replace('19、在您使用【健身】功能时，我们需要收集您的锻炼数据', '19、在您使用【健身】或【跑步】功能时，我们需要收集您的运动记录')
      .replace(/\n {20}/g, '\n\t')
      .replace('三、我们如何使用 Cookie 和同类技术', '三、我们如何使用Cookie和同类技术（修订）');
    expect(edited).not.toBe(text);
    const again = fromText(edited, SEED);
    expect(again.byCategory).toEqual(seed().byCategory);
    expect(summary(again)).toEqual(summary(seed()));
    expect(again.clauses.map((clause) => clause.id)).toEqual(seed().clauses.map((clause) => clause.id));
  });

  it('drafts the same bytes every time', () => {
    const first = renderDraft(seed());
    expect(renderDraft(extractPolicy(read(SEED), SEED))).toBe(first);
    expect(renderDraft(seed(), { format: 'json' })).toBe(renderDraft(extractPolicy(read(SEED), SEED), { format: 'json' }));
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('an English HTML policy (fixtures/policies/trailmate-en.html)', () => {
  const html = () => extract('trailmate-en.html');

  it('ignores script, style, navigation, site header and footer, cookie banner, noscript and hidden elements', () => {
    const all = html()
      .clauses.map((clause) => clause.text)
      .join('\n');
    for (const noise of ['cookie', 'Accept all', 'Sign in to back up', 'Sync contacts', 'Store location', 'dataLayer', 'we read your SMS', 'Enable JavaScript', 'calendar every night', 'call history', 'newsletter', '.cookie-banner', 'Home']) {
      expect([noise, all.includes(noise)]).toEqual([noise, false]);
    }
    expect(html().format).toBe('html');
    expect(html().language).toBe('en');
  });

  it('segments headings, nested lists and table rows into stable ids, with entities decoded', () => {
    const clauses = html().clauses.map((clause) => `${clause.id} ${clause.parentId ?? '-'} ${clause.kind} ${clause.line}`);
    expect(clauses).toEqual([
      '0 - preamble 30',
      '1 - heading 35',
      '1.1 1 heading 37',
      '1.2 1 heading 40',
      '1.2.item1 1.2 item 43',
      '1.2.item1.item1 1.2.item1 item 45',
      '1.2.item1.item2 1.2.item1 item 46',
      '1.2.item2 1.2 item 49',
      '1.3 1 heading 52',
      '1.4 1 heading 56',
      '2 - heading 63',
      '2.row1 2 row 71',
      '2.row2 2 row 72',
      '3 - heading 76',
      '3.1 3 item 78',
      '3.1.1 3.1 item 80',
      '3.1.2 3.1 item 81',
      '3.2 3 item 84',
      '4 - heading 87',
    ]);
    const byId = new Map(html().clauses.map((clause) => [clause.id, clause]));
    expect(byId.get('0')?.text).toBe('Trailmate Privacy Policy\nLast updated: 1 March 2024\nTrailmate Labs Ltd. (“we”, “us”) makes the Trailmate hiking app. This policy explains what the app collects & why.');
    expect(byId.get('3.1.1')?.text).toBe('On iOS: Settings → Privacy → Location Services.');
    expect(byId.get('2.row2')).toMatchObject({
      header: ['Partner', 'Data collected', 'Purpose', 'Feature'],
      cells: ['PayWell', 'Phone number; camera, to scan payment cards', 'In-app payments', 'Trail Pass'],
    });
  });

  it('finds what it collects, who collects it, and what it says it never collects', () => {
    expect(summary(html())).toEqual([
      'location@1.1/self',
      'device.ad-id@1.2.item1.item1/self',
      'device.android-id@1.2.item1.item2/self',
      'network.wifi@1.2.item2/self',
      'camera@1.3/self',
      'photos@1.3/self',
      'microphone@1.4/self',
      'location@2.row1/Skyline Maps SDK',
      'network.wifi@2.row1/Skyline Maps SDK',
      'phone-number@2.row2/PayWell',
      'camera@2.row2/PayWell',
    ]);
    expect(notCollected(html())).toEqual(['clipboard@1.4', 'contacts@1.4', 'sms@1.4', 'call-log@1.4']);
    expect(html().parties.map((party) => party.name)).toEqual(['PayWell', 'Skyline Maps SDK']);
    const byKey = new Map(html().disclosures.map((d) => [`${d.category}@${d.clause}`, d]));
    expect(byKey.get('location@1.1')).toMatchObject({
      purpose: 'in order to draw your route on the map',
      features: ['Record Hike'],
      quote: 'When you use the “Record Hike” feature, we collect your precise location (GPS) in order to draw your route on the map.',
    });
    // The list's lead-ins ("We collect the following device data:", "Device identifiers:") make the items disclosures.
    expect(byKey.get('device.ad-id@1.2.item1.item1')).toMatchObject({ purpose: 'to measure our campaigns', quote: 'the advertising identifier (IDFA on iOS, GAID on Android), to measure our campaigns;' });
    expect(byKey.get('camera@2.row2')).toMatchObject({ purpose: 'In-app payments', features: ['Trail Pass'] });
    // "unless you record a voice note": a condition, not a denial.
    expect(byKey.get('microphone@1.4')?.quote).toBe('We will not access your microphone unless you record a voice note.');
    expect(html().notCollected[0].quote).toBe('Trailmate does not access the clipboard.');
    // "You can turn off location access" and "reset the advertising identifier" (3. Your Choices) are not disclosures.
    expect(html().disclosures.filter((d) => d.clause.startsWith('3'))).toEqual([]);
  });

  it('refuses HTML without text', () => {
    const page = '<!doctype html><html><head><title>Policy</title><script>var location = 1;</script></head><body><nav><a href="/">Home</a></nav><div class="cookie-banner">We use cookies</div><footer>© 2024</footer></body></html>';
    const error = usageError(() => extractPolicy(new TextEncoder().encode(page), 'policy.html'));
    expect([error.code, error.file, error.message]).toEqual(['policy/no-text', 'policy.html', 'no policy text in this HTML (only markup, scripts, navigation or hidden content)']);
  });

  it('reads data tables (with paragraphs in cells) and layout tables', () => {
    const data = htmlToBlocks('<table><tr><th>SDK</th><th>Data</th></tr><tr><td><p>Acme SDK</p></td><td><p>Location</p><p>IDFA</p></td></tr></table>');
    expect(data).toEqual([{ kind: 'row', text: 'Acme SDK | Location IDFA', line: 1, nest: 1, ordinal: 1, cells: ['Acme SDK', 'Location IDFA'], header: ['SDK', 'Data'] }]);
    const layout = htmlToBlocks('<table><tr><td><h2>1. Data</h2><p>We collect your location.</p><ul><li>GPS</li></ul></td></tr></table>');
    expect(layout.map((block) => `${block.kind}:${block.nest}:${block.text}`)).toEqual(['heading:0:1. Data', 'paragraph:0:We collect your location.', 'item:1:GPS']);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('a Chinese Markdown policy and its GBK and UTF-16 copies', () => {
  const md = () => extract('qingtian-zh.md');

  it('segments Markdown headings, numbered lists, bullets and tables', () => {
    expect(md().clauses.map((clause) => clause.id)).toEqual([
      '0',
      '一',
      '一.(一)',
      '一.(一).1',
      '一.(一).2',
      '一.(二)',
      '一.(二).item1',
      '一.(二).item2',
      '一.(二).item3',
      '一.(三)',
      '一.(三).1',
      '一.(三).2',
      '一.(三).3',
      '二',
      '二.1',
      '二.2',
      '二.row1',
      '二.row2',
      '三',
    ]);
    expect(md().clauses.find((clause) => clause.id === '一.(一).1')?.text).toBe(
      '当您使用【实时天气】功能时，我们会在征得您同意后获取您的位置信息（GPS定位），用于为您展示所在城市的天气。',
    );
  });

  it('finds disclosures with their third parties, and the negations', () => {
    expect(summary(md())).toEqual([
      'location@一.(一).1/self',
      'location@一.(一).2/self',
      'device.android-id@一.(二).item2/self',
      'device.ad-id@一.(二).item2/self',
      'device.ad-id@二.1/推送宝',
      'location@二.1/推送宝',
      'camera@二.2/拍云',
      'photos@二.2/拍云',
      'location@二.row1/云图地图SDK',
      'network.wifi@二.row1/云图地图SDK',
      'device.ad-id@二.row2/推送宝',
    ]);
    expect(notCollected(md())).toEqual([
      'contacts@一.(三).1',
      'sms@一.(三).1',
      'call-log@一.(三).1',
      'clipboard@一.(三).2',
      'microphone@一.(三).2',
      'calendar@一.(三).3',
    ]);
    const byKey = new Map(md().disclosures.map((d) => [`${d.category}@${d.clause}`, d]));
    expect(byKey.get('location@一.(一).1')).toMatchObject({ features: ['实时天气'], purpose: '用于为您展示所在城市的天气' });
    expect(byKey.get('device.ad-id@一.(二).item2')).toMatchObject({ purpose: '为保障服务安全', quote: '设备标识符（OAID、Android ID）' });
    expect(byKey.get('camera@二.2')).toMatchObject({ features: ['拍天气'], purpose: '用于拍摄和上传天气照片' });
    expect(byKey.get('location@二.row1')).toMatchObject({ features: ['天气地图'], purpose: '展示降雨雷达图' });
    // "未经您的同意，我们不会收集…": collected with consent, not denied.
    expect(byKey.get('location@一.(一).2')?.quote).toBe('未经您的同意，我们不会收集您的精确位置。');
    expect(md().notCollected.find((n) => n.category === 'calendar')?.quote).toBe('日历信息我们不会访问。');
    expect(md().parties.map((party) => party.name)).toEqual(['推送宝', '拍云', '云图地图SDK']);
  });

  it('gives identical extractions from the GBK, UTF-16LE and other encodings', () => {
    const utf8 = comparable(md());
    const gbk = extract('qingtian-zh.gbk.md');
    const utf16 = extract('qingtian-zh.utf16le-bom.md');
    expect([gbk.encoding, gbk.bom, utf16.encoding, utf16.bom]).toEqual(['gb18030', false, 'utf-16le', true]);
    expect(comparable(gbk)).toEqual(utf8);
    expect(comparable(utf16)).toEqual(utf8);
    const text = readFileSync(join(POLICIES, 'qingtian-zh.md'), 'utf8');
    const variants = [
      new Uint8Array(Buffer.from(text, 'utf16le')),
      new Uint8Array(Buffer.from(text, 'utf16le').swap16()),
      new Uint8Array([0xfe, 0xff, ...Buffer.from(text, 'utf16le').swap16()]),
      new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from(text, 'utf8')]),
      new Uint8Array(Buffer.from(text.replace(/\n/g, '\r\n'), 'utf8')),
    ];
    for (const bytes of variants) expect(comparable(extractPolicy(bytes, 'qingtian-zh.md'))).toEqual(utf8);
  });

  it('keeps the fixtures in step with make-encodings.mjs', () => {
    const text = readFileSync(join(POLICIES, 'qingtian-zh.md'), 'utf8');
    expect(new TextDecoder('gbk').decode(read('qingtian-zh.gbk.md'))).toBe(text);
    expect(Buffer.from(read('qingtian-zh.utf16le-bom.md')).equals(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]))).toBe(true);
  });

  it('parses Markdown inline syntax, nested bullets and continuation lines', () => {
    const blocks = markdownToBlocks('## 二、**第三方**\n\n- [友盟](https://example.com) SDK：`设备信息`\n  - 子项：IMEI\n  续行\n\n正文 &amp; 说明\n');
    expect(blocks.map((block) => `${block.kind}:${block.nest}:${block.text}`)).toEqual([
      'heading:0:二、第三方',
      'item:1:友盟 SDK：设备信息',
      'item:2:子项：IMEI',
      'paragraph:2:续行',
      'paragraph:0:正文 & 说明',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('negation, conditions and actors in single sentences', () => {
  const cases: [string, string[], string[]][] = [
    ['我们不会收集您的通讯录。', [], ['contacts@0']],
    ['We do not collect your contacts.', [], ['contacts@0']],
    ['我们不会读取您的剪切板。', [], ['clipboard@0']],
    ['Your location is never collected.', [], ['location@0']],
    ['通讯录信息我们不会收集。', [], ['contacts@0']],
    ['我们不会收集您的通讯录，但会获取您的位置信息。', ['location@0/self'], ['contacts@0']],
    ['我们不会收集您的通讯录，我们会获取您的位置信息。', ['location@0/self'], ['contacts@0']],
    ['未经您同意，我们不会收集您的位置信息。', ['location@0/self'], []],
    ['We never access your location unless you enable Nearby.', ['location@0/self'], []],
    ['We do not sell your location to advertisers.', [], []],
    ['我们会将分享链接写入剪切板。', [], []],
    ['当您粘贴时，我们会读取剪切板内容。', ['clipboard@0/self'], []],
    ['我们会向您发送短信验证码。', [], []],
    ['You can turn off location access in Settings.', [], []],
    ['We use the Acme Analytics SDK, which collects your IDFA.', ['device.ad-id@0/Acme Analytics SDK'], []],
    ['【地图】由第三方杭州云图科技有限公司（以下简称“云图公司”）提供，云图公司会收集您的位置信息。', ['location@0/云图'], []],
    ['我们会将您的位置信息共享给推送宝（北京推送科技有限公司，以下简称“推送宝”）。', ['location@0/推送宝'], []],
    ['本应用集成了高德地图SDK，高德地图SDK会获取您的位置信息。', ['location@0/高德地图SDK'], []],
  ];
  for (const [text, disclosed, denied] of cases) {
    it(text, () => {
      const extraction = fromText(text);
      expect([summary(extraction), notCollected(extraction)]).toEqual([disclosed, denied]);
    });
  }

  it('skips definitions', () => {
    const extraction = fromText('一、定义\n1、【个人敏感信息】包括通讯录、手机号码等。\n二、我们如何收集\n1、我们会获取您的位置。\n');
    expect(summary(extraction)).toEqual(['location@二.1/self']);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('the draft inventory', () => {
  it('is a valid inventory with a schema modeline, entries citing clause and quote', () => {
    const text = renderDraft(extract(SEED), { schemaRef: 'node_modules/privlint/schema/privacy-inventory.schema.json', source: 'policy.txt' });
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=node_modules/privlint/schema/privacy-inventory.schema.json');
    const doc = parse(text) as { version: number; data: Record<string, { clause: string; quote: string; actor: string; purpose: string; features: string[] }[]>; not_collected: unknown[] };
    expect(doc.version).toBe(1);
    expect(Object.keys(doc.data)).toEqual(Object.keys(extract(SEED).byCategory));
    expect(doc.data.clipboard[2]).toEqual({
      purpose: '以实现:当您将分享特定活动所生成的链接、口令或者分享码写入剪切板或者接收被分享的该等信息后',
      clause: '二.33',
      actor: 'self',
      quote: '【剪切板】当您使用连信产品和/或服务（进入【消息】、【看视频】、【角视频】页面及其他您使用复制粘贴的场景）时，我们会使用您设备上的剪切板功能并读取剪切板的内容',
      features: ['消息', '看视频', '角视频'],
    });
    expect(text).toContain('    - purpose: 当您在使用粘贴复制功能时\n      clause: 二.14\n      actor: self\n      quote: 当您在使用粘贴复制功能时，我们会读取剪切板信息。\n      features: [ 粘贴复制 ]\n');
    expect(doc.not_collected).toEqual([]);
    const inventory = parseInventory(text, '/virtual/app/privacy-inventory.yaml', { cwd: '/virtual' });
    expect([...inventory.data.keys()]).toEqual(Object.keys(doc.data));
    expect(inventory.data.get('location')?.find((d) => d.clause === '二.16')?.actor).toBe('今日头条');
  });

  it('writes not_collected and JSON the same way', () => {
    const extraction = extract('qingtian-zh.md');
    const yaml = parse(renderDraft(extraction)) as unknown;
    const json = JSON.parse(renderDraft(extraction, { format: 'json' })) as { not_collected: unknown[] };
    expect(json).toEqual(yaml);
    expect(json.not_collected[0]).toEqual({ category: 'contacts', clause: '一.(三).1', quote: '我们不会收集您的通讯录、短信内容和通话记录。' });
    expect(() => parseInventory(renderDraft(extraction), '/virtual/app/privacy-inventory.yaml', { cwd: '/virtual' })).not.toThrow();
    expect(() => parseInventory(renderDraft(extract('trailmate-en.html')), '/virtual/app/privacy-inventory.yaml', { cwd: '/virtual' })).not.toThrow();
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('privlint policy extract', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  async function run(args: string[]): Promise<string> {
    const program = new Command('privlint').exitOverride();
    registerPolicyCommand(program);
    let out = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      out += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    });
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    await program.parseAsync(['policy', 'extract', ...args], { from: 'user' });
    return out;
  }

  it('prints the YAML draft by default and JSON with --format json', async () => {
    const yaml = await run(['fixtures/policies/qingtian-zh.md']);
    expect(yaml.startsWith('# yaml-language-server: $schema=node_modules/privlint/schema/privacy-inventory.schema.json\n# Drafted by `privlint policy extract` from fixtures/policies/qingtian-zh.md (markdown, utf-8, zh).\n')).toBe(true);
    const json = JSON.parse(await run(['fixtures/policies/qingtian-zh.gbk.md', '--format', 'json'])) as unknown;
    expect(json).toEqual(parse(yaml));
  });

  it('refuses missing, empty and binary files and unknown formats with a UsageError', async () => {
    const code = async (args: string[]) => {
      try {
        await run(args);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as UsageError).code;
      }
      return 'no error';
    };
    expect(await code(['fixtures/policies/missing.txt'])).toBe('policy/not-found');
    expect(await code(['fixtures/policies'])).toBe('policy/not-a-file');
    expect(await code(['fixtures/policies/qingtian-zh.md', '--format', 'xml'])).toBe('policy/bad-format');
    expect(await code(['fixtures/policies/trailmate-en.html', '--output', '../outside.yaml'])).toBe('usage/output-outside');
  });
});
