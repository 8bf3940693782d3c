// `privlint policy extract`: read a published privacy policy and find, clause by clause, which data categories it
// says are collected (by the app itself or by a named third party, for which features, why) and which it says are
// never collected. The result drafts a privacy inventory (draft.ts) and is what `policy check` compares an
// inventory with (`byCategory`).
import { UsageError } from '../errors.js';
import { categories } from '../inventory/categories.js';
import { decodePolicy, detectLanguage, type PolicyEncoding, type PolicyLanguage } from './decode.js';
import { htmlToBlocks } from './html.js';
import { loadPolicyLexicon, type PolicyLexicon, type TermHit } from './lexicon.js';
import { joinLines, markdownToBlocks, segmentBlocks, textToBlocks, type Block, type PolicyClause, type PolicyCopy, type Segmentation } from './segment.js';
import { firstAtOrAfter } from '../util/sorted.js';

export type PolicyFormat = 'text' | 'markdown' | 'html';

export const SELF = 'self';
export const TODO_PURPOSE = 'TODO';
/** Longest quote, in characters, around the mention. */
export const QUOTE_MAX = 120;
const PURPOSE_MAX = 80;

/** A category the policy says is collected. */
export interface PolicyDisclosure {
  category: string;
  clause: string;
  /** `self`, or the third party's name as the policy shortens it (今日头条, 盛付通, 连旺). */
  actor: string;
  /** Verbatim (line breaks joined), at most QUOTE_MAX characters, around the first mention. */
  quote: string;
  features: string[];
  /** The purpose fragment, or the feature the collection serves, or `TODO`. */
  purpose: string;
  /** The words that matched, in order (剪切板, IMEI, …). */
  terms: string[];
  /** Line of the clause in the decoded file. */
  line: number;
  copy: number;
}

/** A category the policy says is not collected ("我们不会收集您的通讯录"). */
export interface PolicyNotCollected {
  category: string;
  clause: string;
  quote: string;
  terms: string[];
  line: number;
  copy: number;
}

/** A third party the policy names. */
export interface PolicyParty {
  /** The actor name used in disclosures. */
  name: string;
  /** Every way the policy writes it (full company name, the short name it defines, …). */
  mentions: string[];
  /** The clause that introduces it. */
  clause: string;
}

export interface PolicyExtraction {
  file: string;
  format: PolicyFormat;
  encoding: PolicyEncoding;
  bom: boolean;
  /** Some bytes did not decode (the text has U+FFFD). */
  lossy: boolean;
  language: PolicyLanguage;
  /** The app's name as the title gives it (连信 from 连信隐私政策), when found. */
  appName?: string;
  clauses: PolicyClause[];
  copies: PolicyCopy[];
  /** Lines read as a table of contents (part of the preamble, not clauses). */
  tocLines: number[];
  /** The copy the disclosures come from (the first). */
  primaryCopy: number;
  /** Disclosures of the primary copy, in document order. */
  disclosures: PolicyDisclosure[];
  notCollected: PolicyNotCollected[];
  /** Category → clause ids of the primary copy that disclose it (document order): what `policy check` compares. */
  byCategory: Record<string, string[]>;
  /** Category → clause ids of the primary copy that deny collecting it. */
  notCollectedByCategory: Record<string, string[]>;
  /** What later copies of the policy in the same file say (not drafted; reported in `warnings`). */
  otherCopies: { disclosures: PolicyDisclosure[]; notCollected: PolicyNotCollected[] };
  parties: PolicyParty[];
  warnings: string[];
}

// ---------------------------------------------------------------------------------------------------------------
// Format

export function detectFormat(fileName: string, text: string): PolicyFormat {
  const extension = (/\.[^./\\]+$/.exec(fileName)?.[0] ?? '').toLowerCase();
  if (['.html', '.htm', '.xhtml', '.shtml'].includes(extension)) return 'html';
  if (['.md', '.markdown', '.mdown', '.mkd'].includes(extension)) return 'markdown';
  const head = text.slice(0, 4096);
  if (/^\s*(?:<!doctype\s+html|<html[\s>]|<\?xml[^>]*>\s*<html)/i.test(head)) return 'html';
  const tags = text.slice(0, 65536).match(/<\/?(?:p|div|h[1-6]|li|ul|ol|table|tr|td|br|span|body|section|article)\b[^>]*>/gi);
  if (tags && tags.length >= 5) return 'html';
  if (extension === '.txt') return 'text';
  if (/^#{1,6}\s+\S/m.test(text) || /^\|.*\|\s*$\n^\|?\s*:?-{3,}/m.test(text)) return 'markdown';
  return 'text';
}

// ---------------------------------------------------------------------------------------------------------------
// Sentences

interface Span {
  start: number;
  end: number;
}

const OPENERS = '（(【[《“「『';
const MAX_BRACKET = 300;
const CLOSERS = '）)】]》”」』';

/**
 * Sentence spans of a text: ends at 。！？；!?; and at ". " — never inside brackets (a list in （…） stays whole) —
 * and at line breaks, which segment.ts puts only between paragraphs.
 */
export function sentenceSpans(text: string): Span[] {
  const spans: Span[] = [];
  let depth = 0;
  let openedAt = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (OPENERS.includes(ch)) {
      if (depth === 0) openedAt = i;
      depth++;
    } else if (CLOSERS.includes(ch)) depth = Math.max(0, depth - 1);
    // A bracket that never closes must not swallow the rest of the clause.
    if (depth > 0 && i - openedAt > MAX_BRACKET) depth = 0;
    let end = false;
    if (depth === 0) {
      if ('。！？；!?;'.includes(ch)) end = true;
      else if (ch === '.' && /[A-Za-z)"'”’\]]/.test(text[i - 1] ?? '') && (i + 1 === text.length || /\s/.test(text[i + 1]))) end = true;
    }
    if (ch === '\n') {
      // a paragraph break ends a sentence whatever the brackets say
      spans.push({ start, end: i });
      start = i + 1;
      depth = 0;
    } else if (end) {
      spans.push({ start, end: i + 1 });
      start = i + 1;
    }
  }
  if (start < text.length) spans.push({ start, end: text.length });
  return spans.filter((span) => text.slice(span.start, span.end).trim() !== '');
}

/** Global copies of the patterns `matches` is given, made once. */
const globalCopies = new WeakMap<RegExp, RegExp>();

/** Every match of `regex` in `text`, as `text.matchAll` finds them. */
function matches(regex: RegExp, text: string): Span[] {
  let global = globalCopies.get(regex);
  if (!global) {
    global = globalCopy(regex);
    globalCopies.set(regex, global);
  }
  const unicode = global.unicode || global.flags.includes('v');
  const spans: Span[] = [];
  global.lastIndex = 0;
  for (let match = global.exec(text); match; match = global.exec(text)) {
    spans.push({ start: match.index, end: match.index + match[0].length });
    if (match[0] === '') {
      const at = global.lastIndex;
      const pair = unicode && at + 1 < text.length && (text.charCodeAt(at) & 0xfc00) === 0xd800 && (text.charCodeAt(at + 1) & 0xfc00) === 0xdc00;
      global.lastIndex = at + (pair ? 2 : 1);
    }
  }
  return spans;
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------------------------
// Offsets. A policy can be one clause of megabytes ("# 隐私政策" over thousands of paragraphs), so nothing below
// may search the whole clause once per mention: what a mention needs (its sentence, the subjects and punctuation
// around it) is found once per clause or sentence and then looked up by binary search.

/** Whether `sorted` holds a value in [from, to). */
function anyIn(sorted: readonly number[], from: number, to: number): boolean {
  const i = firstAtOrAfter(sorted, from);
  return i < sorted.length && sorted[i] < to;
}

/** The last value of `sorted` in [from, to), or -1. */
function lastIn(sorted: readonly number[], from: number, to: number): number {
  const i = firstAtOrAfter(sorted, to) - 1;
  return i >= 0 && sorted[i] >= from ? sorted[i] : -1;
}

/** Offsets of the punctuation the analysis asks about, in order. */
interface Landmarks {
  /** 【 and 】 */
  opens: number[];
  closes: number[];
  /** - － — (a navigation path: 【我的-设置-隐私】) */
  dashes: number[];
  /** ，and , (comma parts) */
  commas: number[];
  /** ，,；; (the parts a user-control phrase stays within) */
  partBreaks: number[];
  /** 。and ；inside one sentence (in brackets) */
  fullStops: number[];
  /** ，,。；;！？!? (where a purpose fragment ends) */
  purposeEnds: number[];
}

function landmarksOf(text: string): Landmarks {
  const marks: Landmarks = { opens: [], closes: [], dashes: [], commas: [], partBreaks: [], fullStops: [], purposeEnds: [] };
  for (let i = 0; i < text.length; i++) {
    switch (text.charCodeAt(i)) {
      case 0x3010: // 【
        marks.opens.push(i);
        break;
      case 0x3011: // 】
        marks.closes.push(i);
        break;
      case 0x2d: // -
      case 0xff0d: // －
      case 0x2014: // —
        marks.dashes.push(i);
        break;
      case 0xff0c: // ，
      case 0x2c: // ,
        marks.commas.push(i);
        marks.partBreaks.push(i);
        marks.purposeEnds.push(i);
        break;
      case 0xff1b: // ；
        marks.partBreaks.push(i);
        marks.fullStops.push(i);
        marks.purposeEnds.push(i);
        break;
      case 0x3b: // ;
        marks.partBreaks.push(i);
        marks.purposeEnds.push(i);
        break;
      case 0x3002: // 。
        marks.fullStops.push(i);
        marks.purposeEnds.push(i);
        break;
      case 0xff01: // ！
      case 0xff1f: // ？
      case 0x21: // !
      case 0x3f: // ?
        marks.purposeEnds.push(i);
        break;
      default:
        break;
    }
  }
  return marks;
}

const WHITE_SPACE = /\s/;

/**
 * Where a search of text.slice(from, …) can resume when text.slice(from, clearTo) has no match: every match then
 * runs past clearTo, holds at most `reach` non-space characters and starts with one, so none starts before the
 * `reach`-th non-space character back from clearTo. A long run of white space ends the walk early (search all).
 */
function resumeAt(text: string, from: number, clearTo: number, reach: number): number {
  if (!Number.isFinite(reach)) return from;
  const floor = Math.max(from, clearTo - reach - 1024);
  let seen = 0;
  for (let i = clearTo - 1; i >= floor; i--) {
    if (WHITE_SPACE.test(text[i])) continue;
    seen++;
    if (seen >= reach) return i;
  }
  return from;
}

/**
 * Whether a phrase pattern (lexicon.ts: each match at most `reach` non-space characters, starting with one)
 * matches inside text.slice(from, to) — the same answer as `text.slice(from, to).search(regex) >= 0` — asked
 * for one comma part (`from`) and the mentions in it, in order: each question resumes where the last one stopped
 * instead of searching the part from its start again.
 */
class PartSearch {
  /** text.slice(from, clearTo) has no match. */
  private clearTo = -1;
  /** A match ends here, before the end of a slice that held it: every slice reaching past it has it too. */
  private matchEnd = -1;

  constructor(
    private readonly text: string,
    private readonly from: number,
    private readonly regex: RegExp,
    private readonly reach: number,
  ) {}

  has(to: number): boolean {
    if (this.matchEnd >= 0 && to > this.matchEnd) return true;
    // A match that ends exactly at `to` may fail once the slice goes on (a word end), so only a slice with no
    // match at all lets a longer one resume late.
    const resume = this.clearTo >= 0 && to >= this.clearTo ? resumeAt(this.text, this.from, this.clearTo, this.reach) : this.from;
    this.regex.lastIndex = resume - this.from;
    const match = this.regex.exec(this.text.slice(this.from, to));
    if (!match) {
      if (to > this.clearTo) this.clearTo = to;
      return false;
    }
    const end = this.from + match.index + match[0].length;
    if (end < to && (this.matchEnd < 0 || end < this.matchEnd)) this.matchEnd = end;
    return true;
  }
}

/** A global copy of a pattern, for exec() from an offset. */
function globalCopy(regex: RegExp): RegExp {
  return new RegExp(regex.source, regex.flags.includes('g') ? regex.flags : `${regex.flags}g`);
}

// ---------------------------------------------------------------------------------------------------------------
// Parties (who collects)

interface PartyIndex {
  parties: PolicyParty[];
  /** Mention → actor name, longest mention first. */
  mentions: { text: string; actor: string }[];
  selfMentions: string[];
  /** One pattern per mention, then per self mention, in that order (see subjectMarkers). */
  patterns: { regex: RegExp; actor: string }[];
}

const NAME_CHARS = '[^\\s，。；、：:,;【】《》“”"「」（）()]';

function stripCompanySuffix(name: string, lexicon: PolicyLexicon): string {
  for (const suffix of lexicon.companySuffixes) {
    if (name.endsWith(suffix)) {
      const rest = name.slice(0, -suffix.length).replace(/[\s,]+$/, '');
      if ([...rest].length >= 2) return rest;
    }
  }
  return name;
}

/** Drops the words before a company name in "服务由湖北今日头条科技有限公司" / "由第三方上海连旺…". */
function trimLeadWords(name: string): string {
  let result = name;
  for (const marker of ['第三方', '合作方', '关联公司', '提供方', '由']) {
    const at = result.lastIndexOf(marker);
    if (at >= 0 && result.length - at - marker.length >= 2) result = result.slice(at + marker.length);
  }
  return result.trim();
}

function isGeneric(name: string, lexicon: PolicyLexicon): boolean {
  const lower = name.toLowerCase().trim();
  if (lower.length < 2) return true;
  if (lexicon.genericWords.has(lower)) return true;
  return [...lexicon.genericWords].some((word) => lower === `${word}sdk` || lower === `${word} sdk`);
}

/** "Shanghai MapCo Ltd. (hereinafter "MapCo")": the full name, then the alias. */
const ALIAS_EN = /((?:[A-Z][\w&.'-]*,?\s+){0,5}[A-Z][\w&.'-]*)\s*\((?:hereinafter\s+(?:referred\s+to\s+as\s+)?|the\s+|below\s+)?["“]([^"”]{2,30})["”](?:\s*(?:,|or|and)\s*["“][^"”]{1,30}["”])*\s*\)/y;

const isCapital = (code: number) => code >= 0x41 && code <= 0x5a;
/** [\w&.'-] */
const isNameWordChar = (code: number) =>
  (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code === 0x5f || code === 0x26 || code === 0x2e || code === 0x27 || code === 0x2d;

/**
 * The matches of ALIAS_EN (as a global pattern) in `text`, in order, tried only where one can start: at a capital,
 * and at only the first capital of a word (a run of [\w&.'-]) that has not matched — from a later capital of the
 * same word the pattern could take only what it could have taken from the first, with a longer first word. A
 * long token of capitals is so tried once, not once per letter (quadratic).
 */
function aliasEnMatches(text: string): RegExpExecArray[] {
  const found: RegExpExecArray[] = [];
  if (!text.includes('(')) return found;
  let position = 0;
  while (position < text.length) {
    while (position < text.length && !isCapital(text.charCodeAt(position))) position++;
    if (position >= text.length) break;
    ALIAS_EN.lastIndex = position;
    const match = ALIAS_EN.exec(text);
    if (match) {
      found.push(match);
      position = match.index + match[0].length;
      continue;
    }
    while (position < text.length && isNameWordChar(text.charCodeAt(position))) position++;
  }
  return found;
}

const isSdkNameChar = (code: number) => (code >= 0x4e00 && code <= 0x9fa5) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39);
const isSdkHan = (code: number) => code >= 0x4e00 && code <= 0x9fa5;

/**
 * What `/([\u4e00-\u9fa5A-Za-z0-9]*[\u4e00-\u9fa5][\u4e00-\u9fa5A-Za-z0-9]*)\s?SDK/g` captures in `text` ("高德地图"
 * in "集成了高德地图SDK"), in order — found without running it: its backtracking is cubic in a long run of Chinese
 * with no SDK after it. From where the search stands in a run of name characters, the pattern takes the run up to
 * the last place an SDK follows (a space and SDK right after the run, else the last SDK inside it), provided a
 * Chinese character comes before that place; otherwise nothing from there in the run matches.
 */
function sdkNamesZh(text: string): string[] {
  const names: string[] = [];
  const sdkAt: number[] = [];
  for (let at = text.indexOf('SDK'); at >= 0; at = text.indexOf('SDK', at + 1)) sdkAt.push(at);
  if (sdkAt.length === 0) return names;
  let position = 0;
  while (position < text.length) {
    if (!isSdkNameChar(text.charCodeAt(position))) {
      position++;
      continue;
    }
    let runEnd = position;
    while (runEnd < text.length && isSdkNameChar(text.charCodeAt(runEnd))) runEnd++;
    let nameEnd = -1;
    let matchEnd = -1;
    if (runEnd < text.length && WHITE_SPACE.test(text[runEnd]) && text.startsWith('SDK', runEnd + 1)) {
      nameEnd = runEnd;
      matchEnd = runEnd + 4;
    } else {
      // S, D and K are name characters: an SDK that starts inside the run ends inside it.
      const last = firstAtOrAfter(sdkAt, runEnd) - 1;
      if (last >= 0 && sdkAt[last] > position) {
        nameEnd = sdkAt[last];
        matchEnd = nameEnd + 3;
      }
    }
    let han = nameEnd - 1;
    while (han >= position && !isSdkHan(text.charCodeAt(han))) han--;
    if (nameEnd < 0 || han < position) {
      position = runEnd;
      continue;
    }
    names.push(text.slice(position, nameEnd));
    position = matchEnd;
  }
  return names;
}

function findParties(clauses: PolicyClause[], lexicon: PolicyLexicon, appName: string | undefined): PartyIndex {
  const byName = new Map<string, PolicyParty>();
  const selfMentions = new Set<string>(lexicon.selfWords);
  if (appName) selfMentions.add(appName);
  const selfAliases = new Set(lexicon.selfWords.map((word) => word.toLowerCase()).concat(['company', 'the company', 'us', 'our']));

  const key = (name: string) => name.replace(/[^\p{L}\p{N}]+/gu, '').toLowerCase();
  /** The keys of every mention added so far. */
  const knownKeys = new Set<string>();
  /** Already a mention of a party found earlier (the alias definition comes before "provided by …"). */
  const known = (name: string) => knownKeys.has(key(name));
  const add = (actor: string, mentions: string[], clause: string) => {
    const existing = byName.get(actor);
    const list = existing?.mentions ?? [];
    for (const mention of mentions) {
      if (mention && !list.includes(mention)) {
        list.push(mention);
        knownKeys.add(key(mention));
      }
    }
    if (!existing) byName.set(actor, { name: actor, mentions: list, clause });
  };

  const aliasZh = new RegExp(`(${NAME_CHARS}{2,40}?)\\s*[（(]\\s*(?:以下(?:简称|称)|下称|简称)\\s*[:：]?\\s*[“"「『]([^”"」』]{1,20})[”"」』]\\s*[）)]`, 'g');
  // "推送宝（北京推送科技有限公司，以下简称“推送宝”）": the full name inside the brackets.
  const aliasInside = new RegExp(`[（(]\\s*(${NAME_CHARS}{2,40}?)\\s*[，,]\\s*(?:以下(?:简称|称)|下称|简称)\\s*[:：]?\\s*[“"「『]([^”"」』]{1,20})[”"」』]\\s*[）)]`, 'g');
  const providerZh = new RegExp(`由(?:第三方)?(${NAME_CHARS}{2,30}?(?:公司|集团|SDK))(?:向您)?(?:提供|运营)`, 'g');
  const providerEn = /\b(?:provided|operated|offered|powered|run|processed|supplied)\s+by\s+((?:[A-Z][\w&.'-]*\s?){1,5})/g;
  const sdkEn = /\b((?:[A-Z][\w&.'-]*\s+){0,3}[A-Z][\w&.'-]*)\s+SDK\b/g;

  for (const clause of clauses) {
    const text = clause.text;
    for (const m of [...text.matchAll(aliasZh), ...text.matchAll(aliasInside)]) {
      const full = trimLeadWords(m[1]);
      const alias = m[2].trim();
      if (selfAliases.has(alias.toLowerCase())) {
        selfMentions.add(full);
        continue;
      }
      if (isGeneric(alias, lexicon) || isGeneric(full, lexicon)) continue;
      add(stripCompanySuffix(alias, lexicon), [full, alias, stripCompanySuffix(alias, lexicon)], clause.id);
    }
    for (const m of aliasEnMatches(text)) {
      const full = m[1].trim().replace(/,$/, '');
      const alias = m[2].trim();
      if (selfAliases.has(alias.toLowerCase()) || /^(we|us|our)$/i.test(alias)) {
        selfMentions.add(full);
        continue;
      }
      if (isGeneric(alias, lexicon)) continue;
      add(stripCompanySuffix(alias, lexicon), [full, alias, stripCompanySuffix(alias, lexicon)], clause.id);
    }
    for (const m of text.matchAll(providerZh)) {
      const name = trimLeadWords(m[1]);
      if (isGeneric(name, lexicon) || known(name)) continue;
      add(name, [name], clause.id);
    }
    for (const m of text.matchAll(providerEn)) {
      const name = m[1].trim().replace(/[,]$/, '');
      if (isGeneric(name, lexicon) || /^(We|Us|You)$/.test(name) || known(name)) continue;
      add(name, [name], clause.id);
    }
    // Both patterns need the word SDK.
    const sdkMentions = text.includes('SDK') ? [...[...text.matchAll(sdkEn)].map((m) => m[1]), ...sdkNamesZh(text)] : [];
    for (const mention of sdkMentions) {
      let name = mention.trim();
      // "集成了高德地图SDK" → 高德地图: drop the verb before a Chinese name.
      name = name.replace(/^.*(?:使用|集成|接入|嵌入|通过|包括|例如|比如|如|了|的|第三方|此类|该|这些|上述|相关|其他|各类|部分)/u, '');
      if (/^[A-Za-z]/.test(mention) && /\s/.test(mention)) name = mention.trim().replace(/^(?:the|our|a|an|this)\s+/i, '');
      if (isGeneric(name, lexicon) || [...name].length < 2 || /您|我们|你/.test(name)) continue;
      const actor = `${name}${/[A-Za-z0-9]$/.test(name) ? ' ' : ''}SDK`;
      if (known(name) || known(actor)) continue;
      add(actor, [...new Set([actor, `${name}SDK`, name])].filter((mention) => !/[A-Za-z]SDK$/.test(mention) || mention === actor), clause.id);
    }
  }
  for (const mention of selfMentions) for (const party of byName.values()) party.mentions = party.mentions.filter((m) => m !== mention);
  const parties = [...byName.values()].filter((party) => party.mentions.length > 0);
  const mentions = parties
    .flatMap((party) => party.mentions.map((text) => ({ text, actor: party.name })))
    .sort((a, b) => b.text.length - a.text.length || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0));
  const sortedSelf = [...selfMentions].sort((a, b) => b.length - a.length);
  return { parties, mentions, selfMentions: sortedSelf, patterns: subjectPatterns(mentions, sortedSelf, appName) };
}

/** The patterns subjectMarkers looks for: third parties' mentions, then the app itself ("我们", "连信会", "we"). */
function subjectPatterns(mentions: PartyIndex['mentions'], selfMentions: readonly string[], appName: string | undefined): PartyIndex['patterns'] {
  const patterns: PartyIndex['patterns'] = [];
  for (const { text: mention, actor } of mentions) {
    const latin = /^[A-Za-z0-9]/.test(mention);
    const regex = new RegExp(`${latin ? '(?<![A-Za-z0-9])' : ''}${escapeRegex(mention)}${/[A-Za-z0-9]$/.test(mention) ? '(?![A-Za-z0-9])' : ''}`, 'g');
    patterns.push({ regex, actor });
  }
  for (const word of selfMentions) {
    let source: string;
    if (word === appName && /\p{Script=Han}/u.test(word)) {
      // "连信会…" is the app acting; "连信账号" is not.
      source = `${escapeRegex(word)}(?=会|将|已|需|可能|要|也|通过|根据|仅|不会|在|为您|向您|获取|收集|读取|申请|使用|以)`;
    } else if (/^[A-Za-z]/.test(word)) source = `(?<![A-Za-z])${escapeRegex(word)}(?![A-Za-z])`;
    else source = escapeRegex(word);
    patterns.push({ regex: new RegExp(source, /^[A-Za-z]/.test(word) ? 'gi' : 'g'), actor: SELF });
  }
  return patterns;
}

interface Marker extends Span {
  actor: string;
}

/** Who is named where in a text: third parties and the app itself. Sorted, never overlapping. */
function subjectMarkers(text: string, index: PartyIndex): Marker[] {
  const found: Marker[] = [];
  for (const { regex, actor } of index.patterns) for (const span of matches(regex, text)) found.push({ ...span, actor });
  // Overlaps: the longer mention wins ("连旺公司" over "连旺").
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Marker[] = [];
  for (const marker of found) {
    const last = kept[kept.length - 1];
    if (last && marker.start < last.end) continue;
    kept.push(marker);
  }
  return kept;
}

// ---------------------------------------------------------------------------------------------------------------
// Features and purposes

const FEATURE_FUNCTION_WORDS = /我们|您|的|其他|相关|上述|该|此|这|本|各|任何|基本|一些|部分|所有|前述|产品|连信/;

function splitFeature(text: string): string[] {
  return text
    .split(/[、，,；;]/)
    .map((part) => part.trim())
    .filter(Boolean);
}

function featuresIn(text: string, span: Span, ownStart: number, lexicon: PolicyLexicon, appName?: string): string[] {
  const slice = text.slice(span.start, span.end);
  const result: string[] = [];
  const push = (name: string) => {
    const clean = name.trim();
    if (!clean || lexicon.featureIgnore.has(clean) || /^\d+$/.test(clean) || /工作日/.test(clean) || result.includes(clean)) return;
    result.push(clean);
  };
  for (const m of slice.matchAll(/【([^【】]{1,40})】/g)) {
    // A bracket that opens the clause names its topic (【剪切板】当您…, 【位置信息】当您…), not a feature — unless
    // it is the subject: 【天气预警推送】由…提供, 【拍天气】功能….
    const at = span.start + (m.index ?? 0);
    if (at === ownStart && !/^(?:功能|服务|页面|由|是|提供|模块)/.test(text.slice(at + m[0].length))) continue;
    for (const part of splitFeature(m[1])) push(part);
  }
  for (const m of slice.matchAll(/[“"「]([^”"」]{1,20})[”"」]\s*(?:功能|服务|页面|频道|模块|feature|function|service|tab|page|screen|section)/gi)) push(m[1]);
  for (const m of slice.matchAll(/\bthe\s+((?:[A-Z][\w'-]*\s){1,4})(?:feature|function|tab|screen)s?\b/g)) push(m[1]);
  if (result.length === 0) {
    for (const m of slice.matchAll(/(?:使用|开启|进入|打开)([\u4e00-\u9fa5]{2,8}?)(?:功能|服务)/g)) {
      let name = m[1];
      if (appName && name.startsWith(appName)) name = name.slice(appName.length);
      if ([...name].length >= 2 && !FEATURE_FUNCTION_WORDS.test(name)) push(name);
    }
  }
  return result;
}

/** A sentence's purpose markers ("目的是为了", "用于", "in order to"), in order, never overlapping. */
function purposeMarkersIn(text: string, span: Span, lexicon: PolicyLexicon): Span[] {
  const slice = text.slice(span.start, span.end);
  return matches(lexicon.purposeMarker, slice).map((m) => ({ start: m.start + span.start, end: m.end + span.start }));
}

/**
 * The purpose marker nearest a mention (its index, or -1): Chinese says why before ("为了…，我们会收集…") or after
 * ("…，用于…"), English mostly after. The markers never overlap, so the nearest after is the first after and the
 * nearest before the last before; on a tie the one before wins, as it comes first.
 */
function nearestPurposeMarker(starts: readonly number[], ends: readonly number[], hit: Span): number {
  const after = firstAtOrAfter(starts, hit.end);
  const before = firstAtOrAfter(ends, hit.start + 1) - 1;
  const afterDistance = after < starts.length ? starts[after] - hit.end : Infinity;
  const beforeDistance = before >= 0 ? hit.start - ends[before] : Infinity;
  if (beforeDistance === Infinity && afterDistance === Infinity) return -1;
  return beforeDistance <= afterDistance ? before : after;
}

/** The UTF-16 offset after the first `count` code points of `text` (text.length when it has fewer). */
function afterCodePoints(text: string, count: number): number {
  let offset = 0;
  for (let seen = 0; seen < count && offset < text.length; seen++) {
    const code = text.charCodeAt(offset);
    offset += code >= 0xd800 && code <= 0xdbff && offset + 1 < text.length && (text.charCodeAt(offset + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
  }
  return offset;
}

const PURPOSE_LEAD = /(?:其?目的是)(?=为了)/y;

/** The purpose fragment: from a marker ("用于", "以便", "in order to") to the end of its part of the sentence. */
function purposeFrom(text: string, span: Span, marker: Span, marks: Landmarks): string | undefined {
  let start = marker.start;
  PURPOSE_LEAD.lastIndex = start;
  const lead = PURPOSE_LEAD.exec(text);
  if (lead) start += lead[0].length;
  let end = span.end;
  const stop = firstAtOrAfter(marks.purposeEnds, marker.end);
  if (stop < marks.purposeEnds.length && marks.purposeEnds[stop] < end) end = marks.purposeEnds[stop];
  let fragment = text.slice(start, end).trim();
  const cut = afterCodePoints(fragment, PURPOSE_MAX);
  if (cut < fragment.length) {
    fragment = fragment.slice(0, cut);
    // do not leave a bracket open: "…的服务（【发现】、【附近的人】" → "…的服务"
    const open = Math.max(fragment.lastIndexOf('（'), fragment.lastIndexOf('('));
    if (open > 0 && Math.max(fragment.lastIndexOf('）'), fragment.lastIndexOf(')')) < open) fragment = fragment.slice(0, open);
  }
  fragment = fragment.replace(/^[\s，,]+/, '').replace(/[\s.。:：;；,，]+$/, '');
  return fragment.length > 2 ? fragment : undefined;
}

/** "当您使用【钱包】服务时" / "when you use Nearby": the scenario, when no purpose is said. */
function scenarioIn(text: string, span: Span): string | undefined {
  const slice = text.slice(span.start, span.end);
  const zh = /(?:当|在)您[^，。；]{0,40}?(?:使用|开启|进入|参与|打开)[^，。；]{1,60}?时/.exec(slice);
  if (zh) return zh[0];
  const en = /\bwhen you (?:use|open|turn on|enable|join|tap)[^,.;]{1,60}/i.exec(slice);
  return en ? en[0].trim() : undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Quotes

/** Where a quote may start: after a comma-like break, so it opens on a phrase ("今日头条需要获取设备信息（IMEI…"). */
const QUOTE_STARTS = /[，,；;：:。]/;
const QUOTE_ENDS = /[，,；;。]/;
/** How far before the mention a quote reaches for the start of its phrase. */
const QUOTE_LEAD = 60;

/** The sentence around a mention, cut to at most QUOTE_MAX characters at punctuation where it can be. */
export function quoteAround(text: string, sentence: Span, hit: Span): string {
  let start = sentence.start;
  let end = sentence.end;
  if (end - start > QUOTE_MAX) {
    // The earliest phrase start within QUOTE_LEAD characters before the mention; a list break (、) if there is none.
    const from = Math.max(sentence.start, hit.start - QUOTE_LEAD);
    start = -1;
    if (from === sentence.start) start = sentence.start;
    for (let i = from; start < 0 && i < hit.start; i++) if (QUOTE_STARTS.test(text[i])) start = i + 1;
    for (let i = from; start < 0 && i < hit.start; i++) if (text[i] === '、') start = i + 1;
    if (start < 0) start = hit.start;
    end = Math.min(sentence.end, start + QUOTE_MAX);
    if (end < hit.end) end = Math.min(sentence.end, hit.end);
    if (end < sentence.end) {
      for (let i = end - 1; i > hit.end; i--) {
        if (QUOTE_ENDS.test(text[i])) {
          end = i;
          break;
        }
      }
    }
  }
  return text
    .slice(start, end)
    .replace(/^[\s，,、；;：:。]+/, '')
    .replace(/\s+$/, '');
}

// ---------------------------------------------------------------------------------------------------------------
// Analysis of one clause

interface Context {
  lexicon: PolicyLexicon;
  parties: PartyIndex;
  appName?: string;
  byId: Map<string, PolicyClause>;
  defaultActor: Map<string, string>;
  leadFeatures: Map<string, string[]>;
  leadIns: Map<string, string>;
  /** Clause id → its last sentence when it ends with a colon (it introduces its items), else ''. */
  introductions: Map<string, string>;
  skipped: Map<string, boolean>;
  /** Global copies of lexicon.collection and lexicon.userControl, for PartSearch. */
  collectionSearch: RegExp;
  userControlSearch: RegExp;
}

interface RawDisclosure extends Omit<PolicyDisclosure, 'terms'> {
  term: string;
}

function lastSentence(text: string): string {
  const spans = sentenceSpans(text);
  const last = spans[spans.length - 1];
  return last ? text.slice(last.start, last.end).trim() : '';
}

/**
 * For list items and table rows: the sentences that introduce them ("We collect the following device data:",
 * "Device identifiers:"), from the parent and, through nested lists, from further up. Kept per clause: the items
 * of one list share it.
 */
function leadIn(clause: PolicyClause, ctx: Context): string {
  if (clause.kind !== 'item' && clause.kind !== 'row') return '';
  const cached = ctx.leadIns.get(clause.id);
  if (cached !== undefined) return cached;
  const parent = clause.parentId ? ctx.byId.get(clause.parentId) : undefined;
  let lead = '';
  if (parent) {
    let own = ctx.introductions.get(parent.id);
    if (own === undefined) {
      const text = parent.text.trim();
      own = /[:：]$/.test(text) ? lastSentence(text) : '';
      ctx.introductions.set(parent.id, own);
    }
    const above = leadIn(parent, ctx);
    lead = above && own ? joinLines(above, own) : above || own;
  }
  ctx.leadIns.set(clause.id, lead);
  return lead;
}

function columnIndex(header: string[] | undefined, names: readonly string[]): number {
  if (!header) return -1;
  const wanted = names.map((name) => name.toLowerCase());
  let index = header.findIndex((cell) => wanted.includes(cell.trim().toLowerCase()));
  if (index < 0) index = header.findIndex((cell) => wanted.some((name) => cell.toLowerCase().includes(name)));
  return index;
}

/** The clause's own provider statement ("【看视频】服务由…今日头条…向您提供"), inherited by its sub-clauses. */
function clauseDefaultActor(clause: PolicyClause, ctx: Context): string {
  const cached = ctx.defaultActor.get(clause.id);
  if (cached) return cached;
  let actor: string | undefined;
  const provider = /由|provided by|operated by|offered by|powered by/i;
  for (const span of sentenceSpans(clause.text)) {
    const sentence = clause.text.slice(span.start, span.end);
    if (!provider.test(sentence)) continue;
    const party = subjectMarkers(sentence, ctx.parties).find((marker) => marker.actor !== SELF);
    if (party) {
      actor = party.actor;
      break;
    }
  }
  if (!actor) {
    const parent = clause.parentId ? ctx.byId.get(clause.parentId) : undefined;
    actor = parent && clause.kind !== 'numbered' ? clauseDefaultActor(parent, ctx) : SELF;
  }
  ctx.defaultActor.set(clause.id, actor);
  return actor;
}

function clauseLeadFeatures(clause: PolicyClause, ctx: Context): string[] {
  const cached = ctx.leadFeatures.get(clause.id);
  if (cached) return cached;
  const first = sentenceSpans(clause.text)[0];
  let features = first ? featuresIn(clause.text, first, 0, ctx.lexicon, ctx.appName) : [];
  if (features.length === 0 && (clause.kind === 'item' || clause.kind === 'row') && clause.parentId) {
    const parent = ctx.byId.get(clause.parentId);
    if (parent) features = clauseLeadFeatures(parent, ctx);
  }
  ctx.leadFeatures.set(clause.id, features);
  return features;
}

/** A clause's text read once: its sentences, subjects and punctuation, and what its sentences have shown so far. */
interface ClauseScan {
  text: string;
  ctx: Context;
  spans: Span[];
  markers: Marker[];
  markerStarts: number[];
  /** Markers never overlap, so their ends are in order too. */
  markerEnds: number[];
  marks: Landmarks;
  /** By index in `spans`, made when a mention is first seen in the sentence. */
  sentences: Map<number, SentenceFacts>;
  /** Comma parts searched for collection words (isNegated) / user control (userControls), by their start. */
  collectionParts: Map<number, PartSearch>;
  controlParts: Map<number, PartSearch>;
}

interface SentenceFacts {
  span: Span;
  /** The markers inside the sentence are scan.markers[firstMarker … endMarker). */
  firstMarker: number;
  endMarker: number;
  negation?: Negation | null;
  collects?: boolean;
  features?: string[];
  purposes?: { starts: number[]; ends: number[]; markers: Span[]; fragments: Map<number, string | undefined> };
  scenario?: { value: string | undefined };
  receivers?: Receivers;
}

function scanClause(text: string, spans: Span[], ctx: Context): ClauseScan {
  const markers = subjectMarkers(text, ctx.parties);
  return {
    text,
    ctx,
    spans,
    markers,
    markerStarts: markers.map((marker) => marker.start),
    markerEnds: markers.map((marker) => marker.end),
    marks: landmarksOf(text),
    sentences: new Map(),
    collectionParts: new Map(),
    controlParts: new Map(),
  };
}

function sentenceFacts(scan: ClauseScan, index: number): SentenceFacts {
  let facts = scan.sentences.get(index);
  if (!facts) {
    const span = scan.spans[index];
    const firstMarker = firstAtOrAfter(scan.markerStarts, span.start);
    const endMarker = Math.max(firstMarker, firstAtOrAfter(scan.markerEnds, span.end + 1));
    facts = { span, firstMarker, endMarker };
    scan.sentences.set(index, facts);
  }
  return facts;
}

function insideNavigationPath(marks: Landmarks, hit: Span): boolean {
  // The last 【 at or before the mention, the first 】 after it, and no 】 between that 【 and the mention.
  const open = lastIn(marks.opens, 0, hit.start + 1);
  if (open < 0) return false;
  const closeIndex = firstAtOrAfter(marks.closes, open);
  const close = closeIndex < marks.closes.length ? marks.closes[closeIndex] : -1;
  if (close < hit.end) return false;
  if (lastIn(marks.closes, 0, hit.start + 1) > open) return false;
  return anyIn(marks.dashes, open, close);
}

/** What decides whether a sentence denies collecting a mention ("我们不会收集您的通讯录"). */
interface Negation {
  /** Denial cues with no condition before them ("如您同意，…"): the only ones that can deny. */
  openStarts: number[];
  openEnds: number[];
  contrastStarts: number[];
  /** The last start of a condition that follows ("…，除非您同意"), or -1. */
  lastConditionAfter: number;
  /** Subjects that open a new comma part ("…，我们会获取位置"): a cue does not reach past one. */
  newSubjects: number[];
}

function negationOf(scan: ClauseScan, facts: SentenceFacts): Negation | null {
  if (facts.negation !== undefined) return facts.negation;
  const { text } = scan;
  const { lexicon } = scan.ctx;
  const sentence = facts.span;
  const slice = text.slice(sentence.start, sentence.end);
  const at = (span: Span) => ({ start: span.start + sentence.start, end: span.end + sentence.start });
  const cues = matches(lexicon.negation, slice)
    .map(at)
    .filter((cue) => !lexicon.userSubjectBefore.test(text.slice(Math.max(sentence.start, cue.start - 8), cue.start)));
  if (cues.length === 0) return (facts.negation = null);
  let firstConditionEnd = Infinity;
  for (const condition of matches(lexicon.conditionalBefore, slice)) firstConditionEnd = Math.min(firstConditionEnd, condition.end + sentence.start);
  let lastConditionAfter = -1;
  for (const condition of matches(lexicon.conditionalAfter, slice)) lastConditionAfter = Math.max(lastConditionAfter, condition.start + sentence.start);
  const open = cues.filter((cue) => firstConditionEnd > cue.start);
  const newSubjects: number[] = [];
  for (let i = firstAtOrAfter(scan.markerStarts, sentence.start); i < scan.markers.length && scan.markerStarts[i] < sentence.end; i++) {
    const start = scan.markerStarts[i];
    if (/[，,]\s*$/.test(text.slice(Math.max(sentence.start, start - 3), start))) newSubjects.push(start);
  }
  facts.negation = {
    openStarts: open.map((cue) => cue.start),
    openEnds: open.map((cue) => cue.end),
    contrastStarts: matches(lexicon.contrast, slice).map((contrast) => contrast.start + sentence.start),
    lastConditionAfter,
    newSubjects,
  };
  return facts.negation;
}

/** Whether text.slice(from, to) holds a collection word ("收集", "collect"). */
function collectionIn(scan: ClauseScan, from: number, to: number): boolean {
  let part = scan.collectionParts.get(from);
  if (!part) {
    part = new PartSearch(scan.text, from, scan.ctx.collectionSearch, scan.ctx.lexicon.reach.collection);
    scan.collectionParts.set(from, part);
  }
  return part.has(to);
}

function isNegated(scan: ClauseScan, facts: SentenceFacts, hit: TermHit): boolean {
  const negation = negationOf(scan, facts);
  if (!negation) return false;
  if (negation.lastConditionAfter >= hit.end) return false;
  const { marks } = scan;
  // A cue before the mention ("我们不会收集…通讯录") denies it unless a contrast or a comma part with its own
  // subject comes between. The last such cue has the fewest words between, so if it fails, every earlier one does.
  const before = firstAtOrAfter(negation.openEnds, hit.start + 1) - 1;
  if (before >= 0) {
    const cueEnd = negation.openEnds[before];
    if (!anyIn(negation.contrastStarts, cueEnd, hit.start) && !anyIn(negation.newSubjects, cueEnd, hit.start)) return true;
  }
  // "通讯录信息我们不会收集": the cue follows in the same comma part, and nothing before says it is collected. The
  // first such cue has the fewest words between.
  const after = firstAtOrAfter(negation.openStarts, hit.end);
  if (after < negation.openStarts.length) {
    const cueStart = negation.openStarts[after];
    if (!anyIn(marks.commas, hit.end, cueStart) && !anyIn(negation.contrastStarts, hit.end, cueStart)) {
      const comma = lastIn(marks.commas, facts.span.start, hit.start);
      if (!collectionIn(scan, comma >= 0 ? comma + 1 : facts.span.start, hit.start)) return true;
    }
  }
  return false;
}

/** "You can turn off location access": the mention's comma part has the user controlling it, before it. */
function userControls(scan: ClauseScan, facts: SentenceFacts, hit: Span): boolean {
  const { text } = scan;
  const { lexicon } = scan.ctx;
  const partBreak = lastIn(scan.marks.partBreaks, facts.span.start, hit.start);
  const start = partBreak >= 0 ? partBreak + 1 : facts.span.start;
  let part = scan.controlParts.get(start);
  if (!part) {
    part = new PartSearch(text, start, scan.ctx.userControlSearch, lexicon.reach.userControl);
    scan.controlParts.set(start, part);
  }
  if (part.has(hit.start)) return true;
  // Or a phrase that starts before the mention and runs into it. None fits before the mention, so every match
  // up to its end runs past its start, and the first of them is found from resumeAt.
  const regex = scan.ctx.userControlSearch;
  regex.lastIndex = resumeAt(text, start, hit.start, lexicon.reach.userControl) - start;
  const match = regex.exec(text.slice(start, hit.end));
  return match !== null && match.index + start < hit.start;
}

const GIVEN_TO = /(?:传输|提供|共享|分享|披露|发送|传送|转移|同步)给\s*$/;
const SHARED_WITH = /\b(?:share|shares|shared|sharing|provide|provides|provided|disclose|discloses|disclosed|transfer|transfers|transferred|send|sends|sent)\b[^.;]{0,60}\b(?:with|to)\s+$/i;
/**
 * How many characters before a subject SHARED_WITH can reach, beyond the white space right before it: a verb
 * (at most 11 letters), 60 characters, "with".
 */
const SHARED_WITH_REACH = 100;

/**
 * Third parties a mention can be "传输给" / "shared with" in a sentence. Whether a party far enough after the
 * mention receives it does not depend on the mention (only that no 。；comes between for 传输给), so it is worked
 * out once: `givenTo` / `sharedWith` list those parties (marker indexes, in order). Parties within `window`
 * characters of a mention are checked one by one.
 */
interface Receivers {
  window: number;
  givenTo: number[];
  sharedWith: number[];
}

function whiteSpaceBefore(text: string, offset: number): number {
  let run = 0;
  while (offset - run > 0 && WHITE_SPACE.test(text[offset - run - 1])) run++;
  return run;
}

function receiversOf(scan: ClauseScan, facts: SentenceFacts): Receivers {
  if (facts.receivers) return facts.receivers;
  const { text, markers } = scan;
  const reachOf = new Map<number, number>();
  let widest = 0;
  for (let i = facts.firstMarker; i < facts.endMarker; i++) {
    if (markers[i].actor === SELF) continue;
    const reach = whiteSpaceBefore(text, markers[i].start) + SHARED_WITH_REACH;
    reachOf.set(i, reach);
    widest = Math.max(widest, reach);
  }
  const receivers: Receivers = { window: widest, givenTo: [], sharedWith: [] };
  for (const [i, reach] of reachOf) {
    const start = markers[i].start;
    // Only parties at least `reach` characters after a mention are looked up, and those slices start after it.
    if (start - reach < 0) continue;
    if (GIVEN_TO.test(text.slice(start - 6, start))) receivers.givenTo.push(i);
    if (SHARED_WITH.test(text.slice(start - reach, start))) receivers.sharedWith.push(i);
  }
  facts.receivers = receivers;
  return receivers;
}

/** Whether a third party at `marker` receives the mention: "…手机号信息传输给盛付通" / "share your location with MapCo". */
function receives(text: string, hit: Span, marker: Marker): boolean {
  const between = text.slice(hit.end, marker.start);
  const before = text.slice(Math.max(hit.end, marker.start - 6), marker.start);
  if (GIVEN_TO.test(before) && !/[。；]/.test(between)) return true;
  return SHARED_WITH.test(between);
}

/** A row of a table with a "third party / SDK" column: that column names the collector. */
function columnActor(clause: PolicyClause, ctx: Context): string | undefined {
  const actorColumn = columnIndex(clause.header, ctx.lexicon.columns.actor);
  if (actorColumn < 0) return undefined;
  const cell = clause.cells?.[actorColumn]?.trim();
  if (!cell || isGeneric(cell, ctx.lexicon)) return undefined;
  const known = subjectMarkers(cell, ctx.parties).find((marker) => marker.actor !== SELF);
  return known?.actor ?? cell;
}

function actorFor(scan: ClauseScan, facts: SentenceFacts, hit: TermHit, clause: PolicyClause): string {
  const { text, markers, markerStarts } = scan;
  // The receiver: the first third party after the mention in the sentence that receives it.
  const first = Math.max(facts.firstMarker, firstAtOrAfter(markerStarts, hit.end));
  if (first < facts.endMarker) {
    const receivers = receiversOf(scan, facts);
    const windowEnd = Math.min(facts.endMarker, Math.max(first, firstAtOrAfter(markerStarts, hit.end + receivers.window)));
    for (let i = first; i < windowEnd; i++) {
      if (markers[i].actor !== SELF && receives(text, hit, markers[i])) return markers[i].actor;
    }
    const stopIndex = firstAtOrAfter(scan.marks.fullStops, hit.end);
    const stop = stopIndex < scan.marks.fullStops.length ? scan.marks.fullStops[stopIndex] : Infinity;
    const givenIndex = firstAtOrAfter(receivers.givenTo, windowEnd);
    const given = givenIndex < receivers.givenTo.length && markerStarts[receivers.givenTo[givenIndex]] <= stop ? receivers.givenTo[givenIndex] : Infinity;
    const sharedIndex = firstAtOrAfter(receivers.sharedWith, windowEnd);
    const shared = sharedIndex < receivers.sharedWith.length ? receivers.sharedWith[sharedIndex] : Infinity;
    const receiver = Math.min(given, shared);
    if (receiver < facts.endMarker) return markers[receiver].actor;
  }
  // Else the subject before the mention, else the one after, else the clause's provider.
  const before = Math.min(facts.endMarker, firstAtOrAfter(scan.markerEnds, hit.start + 1)) - 1;
  if (before >= facts.firstMarker) return markers[before].actor;
  if (first < facts.endMarker) return markers[first].actor;
  return clauseDefaultActor(clause, scan.ctx);
}

function analyseClause(clause: PolicyClause, ctx: Context, out: { disclosures: RawDisclosure[]; notCollected: (PolicyNotCollected & { term: string })[] }): void {
  const { lexicon } = ctx;
  const lead = leadIn(clause, ctx);
  const prefix = lead ? `${lead} ` : '';
  const text = prefix + clause.text;
  const ownStart = prefix.length;
  const hits = lexicon.findTerms(text).filter((hit) => hit.category !== null && hit.start >= ownStart);
  if (hits.length === 0) return;
  // A table row is one statement: its cells are not sentences of their own.
  const spans = clause.kind === 'row' ? [{ start: 0, end: text.length }] : sentenceSpans(text);
  const scan = scanClause(text, spans, ctx);
  const purposeColumn = columnIndex(clause.header, lexicon.columns.purpose);
  const featureColumn = columnIndex(clause.header, lexicon.columns.feature);
  const leadCollects = lead !== '' && lead.search(lexicon.collection) >= 0;
  let rowActor: { value: string | undefined } | undefined;

  // Mentions come in order, so the sentence of each is found by walking the sentences along with them.
  let next = 0;
  for (const hit of hits) {
    while (next < spans.length && spans[next].end <= hit.start) next++;
    if (next >= spans.length || spans[next].start > hit.start) continue;
    const sentence = spans[next];
    const facts = sentenceFacts(scan, next);
    if (insideNavigationPath(scan.marks, hit)) continue;
    const quoteSpan = { start: Math.max(sentence.start, ownStart) - ownStart, end: sentence.end - ownStart };
    const quote = quoteAround(clause.text, quoteSpan, { start: hit.start - ownStart, end: hit.end - ownStart });
    if (isNegated(scan, facts, hit)) {
      out.notCollected.push({ category: hit.category!, clause: clause.id, quote, terms: [hit.text], term: hit.text, line: clause.line, copy: clause.copy });
      continue;
    }
    facts.collects ??= text.slice(sentence.start, sentence.end).search(lexicon.collection) >= 0;
    if (!facts.collects && !leadCollects && clause.kind !== 'row') continue;
    if (userControls(scan, facts, hit)) continue;

    let features: string[] = [];
    if (featureColumn >= 0 && clause.cells?.[featureColumn]) features = splitFeature(clause.cells[featureColumn]);
    if (features.length === 0) {
      facts.features ??= featuresIn(text, sentence, ownStart, lexicon, ctx.appName);
      features = [...facts.features];
    }
    if (features.length === 0) features = clauseLeadFeatures(clause, ctx);

    let purpose: string | undefined;
    if (purposeColumn >= 0 && clause.cells?.[purposeColumn]) purpose = clause.cells[purposeColumn].trim();
    purpose ??= purposeOf(scan, facts, hit) ?? scenarioOf(scan, facts);

    rowActor ??= { value: columnActor(clause, ctx) };
    out.disclosures.push({
      category: hit.category!,
      clause: clause.id,
      actor: rowActor.value ?? actorFor(scan, facts, hit, clause),
      quote,
      features,
      purpose: purpose ?? TODO_PURPOSE,
      term: hit.text,
      line: clause.line,
      copy: clause.copy,
    });
  }
}

function purposeOf(scan: ClauseScan, facts: SentenceFacts, hit: Span): string | undefined {
  if (!facts.purposes) {
    const markers = purposeMarkersIn(scan.text, facts.span, scan.ctx.lexicon);
    facts.purposes = { markers, starts: markers.map((m) => m.start), ends: markers.map((m) => m.end), fragments: new Map() };
  }
  const purposes = facts.purposes;
  const nearest = nearestPurposeMarker(purposes.starts, purposes.ends, hit);
  if (nearest < 0) return undefined;
  if (!purposes.fragments.has(nearest)) purposes.fragments.set(nearest, purposeFrom(scan.text, facts.span, purposes.markers[nearest], scan.marks));
  return purposes.fragments.get(nearest);
}

function scenarioOf(scan: ClauseScan, facts: SentenceFacts): string | undefined {
  facts.scenario ??= { value: scenarioIn(scan.text, facts.span) };
  return facts.scenario.value;
}

// ---------------------------------------------------------------------------------------------------------------
// The whole policy

function findAppName(clauses: PolicyClause[]): string | undefined {
  for (const clause of clauses.slice(0, 40)) {
    for (const candidate of [clause.title, clause.text.slice(0, 200)]) {
      const zh = /^\s*《?([\p{Script=Han}A-Za-z0-9]{1,12}?)》?\s*(?:App|APP|应用|软件|平台)?\s*(?:隐私政策|隐私保护政策|隐私权政策|个人信息保护政策|隐私协议|隐私保护指引|隐私声明)/u.exec(candidate);
      if (zh && !/^(本|用户|我们|简明|产品)/.test(zh[1])) return zh[1];
      const en = /^\s*([A-Z][\w&.'-]*(?:\s[A-Z][\w&.'-]*){0,3})(?:\s+(?:App|app))?\s+Privacy\s+(?:Policy|Notice|Statement)/.exec(candidate);
      if (en && !/^(Our|This|The)$/i.test(en[1])) return en[1];
    }
  }
  return undefined;
}

function ancestorsSkipped(clause: PolicyClause, ctx: Context): boolean {
  // Kept per clause: siblings share their ancestors.
  const chain: PolicyClause[] = [];
  let skipped = false;
  for (let current: PolicyClause | undefined = clause; current; current = current.parentId ? ctx.byId.get(current.parentId) : undefined) {
    const known = ctx.skipped.get(current.id);
    if (known !== undefined) {
      skipped = known;
      break;
    }
    chain.push(current);
    if (current.kind !== 'preamble' && ctx.lexicon.isSkippedSection(current.title)) {
      skipped = true;
      break;
    }
  }
  for (const current of chain) ctx.skipped.set(current.id, skipped);
  return skipped;
}

function groupDisclosures(raw: RawDisclosure[], order: Map<string, number>, categoryOrder: Map<string, number>): PolicyDisclosure[] {
  const parentOf = new Map(categories().flatMap((category) => (category.parent ? [[category.id, category.parent] as const] : [])));
  const groups = new Map<string, PolicyDisclosure>();
  for (const item of raw) {
    const key = `${item.clause}\u0000${item.category}\u0000${item.actor}`;
    const existing = groups.get(key);
    if (!existing) {
      const { term, ...rest } = item;
      groups.set(key, { ...rest, features: [...item.features], terms: [term] });
      continue;
    }
    for (const feature of item.features) if (!existing.features.includes(feature)) existing.features.push(feature);
    if (!existing.terms.includes(item.term)) existing.terms.push(item.term);
    if (existing.purpose === TODO_PURPOSE && item.purpose !== TODO_PURPOSE) existing.purpose = item.purpose;
  }
  // "Device identifiers:" over a list of IDFA and Android ID: the precise ids say it, the parent adds nothing.
  // Parent category → the clauses a precise child is disclosed in, and every clause above them (`二.1` for `二.1.(7)`).
  const preciseIn = new Map<string, Set<string>>();
  for (const child of groups.values()) {
    const parent = parentOf.get(child.category);
    if (parent === undefined) continue;
    let clauses = preciseIn.get(parent);
    if (!clauses) preciseIn.set(parent, (clauses = new Set()));
    clauses.add(child.clause);
    for (let dot = child.clause.indexOf('.'); dot >= 0; dot = child.clause.indexOf('.', dot + 1)) clauses.add(child.clause.slice(0, dot));
  }
  const redundant = (item: PolicyDisclosure) => !parentOf.has(item.category) && (preciseIn.get(item.category)?.has(item.clause) ?? false);
  return [...groups.values()].filter((item) => !redundant(item)).sort(
    (a, b) =>
      (order.get(a.clause) ?? 0) - (order.get(b.clause) ?? 0) ||
      (categoryOrder.get(a.category) ?? 0) - (categoryOrder.get(b.category) ?? 0) ||
      (a.actor === SELF ? -1 : b.actor === SELF ? 1 : a.actor < b.actor ? -1 : a.actor > b.actor ? 1 : 0),
  );
}

function groupNotCollected(raw: (PolicyNotCollected & { term: string })[], order: Map<string, number>, categoryOrder: Map<string, number>): PolicyNotCollected[] {
  const groups = new Map<string, PolicyNotCollected>();
  for (const item of raw) {
    const key = `${item.clause}\u0000${item.category}`;
    const existing = groups.get(key);
    if (existing) {
      if (!existing.terms.includes(item.term)) existing.terms.push(item.term);
      continue;
    }
    const { term: _term, ...rest } = item;
    groups.set(key, { ...rest, terms: [...item.terms] });
  }
  return [...groups.values()].sort(
    (a, b) => (order.get(a.clause) ?? 0) - (order.get(b.clause) ?? 0) || (categoryOrder.get(a.category) ?? 0) - (categoryOrder.get(b.category) ?? 0),
  );
}

function index<T extends { category: string; clause: string }>(items: T[]): Record<string, string[]> {
  const result: Record<string, string[]> = {};
  const rank = new Map(categories().map((category, i) => [category.id, i]));
  const sorted = [...items].sort((a, b) => (rank.get(a.category) ?? 0) - (rank.get(b.category) ?? 0));
  const seen = new Set<string>();
  for (const item of sorted) {
    const list = (result[item.category] ??= []);
    const key = `${item.category}\u0000${item.clause}`;
    if (seen.has(key)) continue;
    seen.add(key);
    list.push(item.clause);
  }
  return result;
}

/** Decoded text → its layout blocks and clauses. Throws UsageError when there is no text to read. */
export function segmentPolicyText(text: string, fileName: string, format: PolicyFormat): { blocks: Block[]; segmentation: Segmentation } {
  let blocks: Block[];
  if (format === 'html') blocks = htmlToBlocks(text);
  else if (format === 'markdown') blocks = markdownToBlocks(text);
  else blocks = textToBlocks(text);
  if (blocks.length === 0) {
    throw new UsageError('policy/no-text', `no policy text${format === 'html' ? ' in this HTML (only markup, scripts, navigation or hidden content)' : ''}`, {
      file: fileName,
      hint: format === 'html' ? 'if the page builds the policy with JavaScript, save the rendered page (or its text) instead' : 'give the published policy as text, Markdown or HTML',
    });
  }
  const segmentation = segmentBlocks(blocks);
  return { blocks, segmentation };
}

/** Reads a policy file's bytes and extracts what it discloses. Throws UsageError for empty, binary or text-less input. */
export function extractPolicy(bytes: Uint8Array, fileName: string, lexicon: PolicyLexicon = loadPolicyLexicon()): PolicyExtraction {
  const decoded = decodePolicy(bytes, fileName);
  const format = detectFormat(fileName, decoded.text);
  const { segmentation } = segmentPolicyText(decoded.text, fileName, format);
  const { clauses, copies } = segmentation;
  const language = format === 'html' ? detectLanguage(clauses.map((clause) => clause.text).join('\n')) : decoded.language;

  const appName = findAppName(clauses);
  const parties = findParties(clauses, lexicon, appName);
  const ctx: Context = {
    lexicon,
    parties,
    appName,
    byId: new Map(clauses.map((clause) => [clause.id, clause])),
    defaultActor: new Map(),
    leadFeatures: new Map(),
    leadIns: new Map(),
    introductions: new Map(),
    skipped: new Map(),
    collectionSearch: globalCopy(lexicon.collection),
    userControlSearch: globalCopy(lexicon.userControl),
  };
  const order = new Map(clauses.map((clause, i) => [clause.id, i]));
  const categoryOrder = new Map(categories().map((category, i) => [category.id, i]));

  const primary = { disclosures: [] as RawDisclosure[], notCollected: [] as (PolicyNotCollected & { term: string })[] };
  const others = { disclosures: [] as RawDisclosure[], notCollected: [] as (PolicyNotCollected & { term: string })[] };
  for (const clause of clauses) {
    if (ancestorsSkipped(clause, ctx)) continue;
    analyseClause(clause, ctx, clause.copy === 1 ? primary : others);
  }
  const disclosures = groupDisclosures(primary.disclosures, order, categoryOrder);
  const notCollected = groupNotCollected(primary.notCollected, order, categoryOrder);
  const otherCopies = {
    disclosures: groupDisclosures(others.disclosures, order, categoryOrder),
    notCollected: groupNotCollected(others.notCollected, order, categoryOrder),
  };

  const warnings: string[] = [];
  if (decoded.lossy) warnings.push(`some bytes are not valid ${decoded.encoding}; the text has replacement characters (U+FFFD)`);
  if (copies.length > 1) {
    const ranges = copies.map((copy) => `lines ${copy.startLine}–${copy.endLine}`).join(', ');
    warnings.push(`the file holds ${copies.length} copies of the policy (${ranges}); the draft is made from the first, later copies' clause ids start with v2:, v3:, …`);
    const drafted = new Set(disclosures.map((item) => item.category));
    const onlyLater = new Map<string, string[]>();
    const listed = new Set<string>();
    for (const item of otherCopies.disclosures) {
      if (drafted.has(item.category)) continue;
      const list = onlyLater.get(item.category) ?? [];
      const key = `${item.category}\u0000${item.clause}`;
      if (!listed.has(key)) {
        listed.add(key);
        list.push(item.clause);
      }
      onlyLater.set(item.category, list);
    }
    for (const [category, clauseIds] of onlyLater) warnings.push(`only a later copy discloses ${category} (${clauseIds.join(', ')}); add it by hand if that copy is the current one`);
  }
  const drafted = new Set(disclosures.map((item) => item.category));
  for (const item of notCollected) {
    if (drafted.has(item.category)) warnings.push(`the policy both discloses ${item.category} and says it is not collected (${item.clause}); check which is meant`);
  }

  return {
    file: fileName,
    format,
    encoding: decoded.encoding,
    bom: decoded.bom,
    lossy: decoded.lossy,
    language,
    ...(appName ? { appName } : {}),
    clauses,
    copies,
    tocLines: segmentation.tocLines,
    primaryCopy: 1,
    disclosures,
    notCollected,
    byCategory: index(disclosures),
    notCollectedByCategory: index(notCollected),
    otherCopies,
    parties: parties.parties,
    warnings,
  };
}
