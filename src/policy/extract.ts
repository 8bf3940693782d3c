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

function matches(regex: RegExp, text: string): Span[] {
  return [...text.matchAll(new RegExp(regex.source, regex.flags.includes('g') ? regex.flags : `${regex.flags}g`))].map((m) => ({
    start: m.index ?? 0,
    end: (m.index ?? 0) + m[0].length,
  }));
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------------------------
// Parties (who collects)

interface PartyIndex {
  parties: PolicyParty[];
  /** Mention → actor name, longest mention first. */
  mentions: { text: string; actor: string }[];
  selfMentions: string[];
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

function findParties(clauses: PolicyClause[], lexicon: PolicyLexicon, appName: string | undefined): PartyIndex {
  const byName = new Map<string, PolicyParty>();
  const selfMentions = new Set<string>(lexicon.selfWords);
  if (appName) selfMentions.add(appName);
  const selfAliases = new Set(lexicon.selfWords.map((word) => word.toLowerCase()).concat(['company', 'the company', 'us', 'our']));

  const key = (name: string) => name.replace(/[^\p{L}\p{N}]+/gu, '').toLowerCase();
  /** Already a mention of a party found earlier (the alias definition comes before "provided by …"). */
  const known = (name: string) => [...byName.values()].some((party) => party.mentions.some((mention) => key(mention) === key(name)));
  const add = (actor: string, mentions: string[], clause: string) => {
    const existing = byName.get(actor);
    const list = existing?.mentions ?? [];
    for (const mention of mentions) if (mention && !list.includes(mention)) list.push(mention);
    if (!existing) byName.set(actor, { name: actor, mentions: list, clause });
  };

  const aliasZh = new RegExp(`(${NAME_CHARS}{2,40}?)\\s*[（(]\\s*(?:以下(?:简称|称)|下称|简称)\\s*[:：]?\\s*[“"「『]([^”"」』]{1,20})[”"」』]\\s*[）)]`, 'g');
  // "推送宝（北京推送科技有限公司，以下简称“推送宝”）": the full name inside the brackets.
  const aliasInside = new RegExp(`[（(]\\s*(${NAME_CHARS}{2,40}?)\\s*[，,]\\s*(?:以下(?:简称|称)|下称|简称)\\s*[:：]?\\s*[“"「『]([^”"」』]{1,20})[”"」』]\\s*[）)]`, 'g');
  const aliasEn = /((?:[A-Z][\w&.'-]*,?\s+){0,5}[A-Z][\w&.'-]*)\s*\((?:hereinafter\s+(?:referred\s+to\s+as\s+)?|the\s+|below\s+)?["“]([^"”]{2,30})["”](?:\s*(?:,|or|and)\s*["“][^"”]{1,30}["”])*\s*\)/g;
  const providerZh = new RegExp(`由(?:第三方)?(${NAME_CHARS}{2,30}?(?:公司|集团|SDK))(?:向您)?(?:提供|运营)`, 'g');
  const providerEn = /\b(?:provided|operated|offered|powered|run|processed|supplied)\s+by\s+((?:[A-Z][\w&.'-]*\s?){1,5})/g;
  const sdkZh = /([\u4e00-\u9fa5A-Za-z0-9]*[\u4e00-\u9fa5][\u4e00-\u9fa5A-Za-z0-9]*)\s?SDK/g;
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
    for (const m of text.matchAll(aliasEn)) {
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
    for (const m of [...text.matchAll(sdkEn), ...text.matchAll(sdkZh)]) {
      let name = m[1].trim();
      // "集成了高德地图SDK" → 高德地图: drop the verb before a Chinese name.
      name = name.replace(/^.*(?:使用|集成|接入|嵌入|通过|包括|例如|比如|如|了|的|第三方|此类|该|这些|上述|相关|其他|各类|部分)/u, '');
      if (/^[A-Za-z]/.test(m[1]) && /\s/.test(m[1])) name = m[1].trim().replace(/^(?:the|our|a|an|this)\s+/i, '');
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
  return { parties, mentions, selfMentions: [...selfMentions].sort((a, b) => b.length - a.length) };
}

interface Marker extends Span {
  actor: string;
}

/** Who is named where in a text: third parties and the app itself ("我们", "连信会", "we"). */
function subjectMarkers(text: string, index: PartyIndex, appName: string | undefined): Marker[] {
  const found: Marker[] = [];
  for (const { text: mention, actor } of index.mentions) {
    const latin = /^[A-Za-z0-9]/.test(mention);
    const regex = new RegExp(`${latin ? '(?<![A-Za-z0-9])' : ''}${escapeRegex(mention)}${/[A-Za-z0-9]$/.test(mention) ? '(?![A-Za-z0-9])' : ''}`, 'g');
    for (const span of matches(regex, text)) found.push({ ...span, actor });
  }
  for (const word of index.selfMentions) {
    let source: string;
    if (word === appName && /\p{Script=Han}/u.test(word)) {
      // "连信会…" is the app acting; "连信账号" is not.
      source = `${escapeRegex(word)}(?=会|将|已|需|可能|要|也|通过|根据|仅|不会|在|为您|向您|获取|收集|读取|申请|使用|以)`;
    } else if (/^[A-Za-z]/.test(word)) source = `(?<![A-Za-z])${escapeRegex(word)}(?![A-Za-z])`;
    else source = escapeRegex(word);
    for (const span of matches(new RegExp(source, /^[A-Za-z]/.test(word) ? 'gi' : 'g'), text)) found.push({ ...span, actor: SELF });
  }
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

/** The purpose fragment: from a marker ("用于", "以便", "in order to") to the end of its part of the sentence. */
function purposeIn(text: string, span: Span, hit: TermHit, lexicon: PolicyLexicon): string | undefined {
  const slice = text.slice(span.start, span.end);
  const markers = matches(lexicon.purposeMarker, slice).map((m) => ({ start: m.start + span.start, end: m.end + span.start }));
  // The nearest marker: Chinese says why before ("为了…，我们会收集…") or after ("…，用于…"), English mostly after.
  let marker: Span | undefined;
  let distance = Infinity;
  for (const m of markers) {
    const d = m.start >= hit.end ? m.start - hit.end : m.end <= hit.start ? hit.start - m.end : Infinity;
    if (d < distance) {
      distance = d;
      marker = m;
    }
  }
  if (!marker) return undefined;
  let start = marker.start;
  const lead = /^(?:其?目的是)(?=为了)/.exec(text.slice(start));
  if (lead) start += lead[0].length;
  let end = span.end;
  const stop = /[，,。；;！？!?]/g;
  stop.lastIndex = marker.end;
  const found = stop.exec(text);
  if (found && found.index < end) end = found.index;
  let fragment = text.slice(start, end).trim();
  if ([...fragment].length > PURPOSE_MAX) {
    fragment = [...fragment].slice(0, PURPOSE_MAX).join('');
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
 * "Device identifiers:"), from the parent and, through nested lists, from further up.
 */
function leadIn(clause: PolicyClause, ctx: Context): string {
  if (clause.kind !== 'item' && clause.kind !== 'row') return '';
  const parent = clause.parentId ? ctx.byId.get(clause.parentId) : undefined;
  if (!parent) return '';
  const text = parent.text.trim();
  const own = /[:：]$/.test(text) ? lastSentence(text) : '';
  const above = leadIn(parent, ctx);
  return above && own ? joinLines(above, own) : above || own;
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
    const party = subjectMarkers(sentence, ctx.parties, ctx.appName).find((marker) => marker.actor !== SELF);
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

function insideNavigationPath(text: string, hit: Span): boolean {
  const open = text.lastIndexOf('【', hit.start);
  if (open < 0) return false;
  const close = text.indexOf('】', open);
  if (close < hit.end) return false;
  if (text.lastIndexOf('】', hit.start) > open) return false;
  return /[-－—]/.test(text.slice(open, close));
}

function isNegated(text: string, sentence: Span, hit: TermHit, ctx: Context, markers: Marker[]): boolean {
  const { lexicon } = ctx;
  const slice = text.slice(sentence.start, sentence.end);
  const at = (span: Span) => ({ start: span.start + sentence.start, end: span.end + sentence.start });
  const cues = matches(lexicon.negation, slice)
    .map(at)
    .filter((cue) => !lexicon.userSubjectBefore.test(text.slice(Math.max(sentence.start, cue.start - 8), cue.start)));
  if (cues.length === 0) return false;
  const contrasts = matches(lexicon.contrast, slice).map(at);
  const conditionsBefore = matches(lexicon.conditionalBefore, slice).map(at);
  const conditionsAfter = matches(lexicon.conditionalAfter, slice).map(at);
  if (conditionsAfter.some((c) => c.start >= hit.end)) return false;
  /** A new comma part with its own subject ("…，我们会获取位置") ends a cue's reach. */
  const newSubject = (from: number, to: number) =>
    markers.some((marker) => marker.start >= from && marker.start < to && /[，,]\s*$/.test(text.slice(Math.max(sentence.start, marker.start - 3), marker.start)));
  for (const cue of cues) {
    if (conditionsBefore.some((c) => c.end <= cue.start)) continue;
    if (cue.end <= hit.start) {
      if (contrasts.some((c) => c.start >= cue.end && c.start < hit.start)) continue;
      if (newSubject(cue.end, hit.start)) continue;
      return true;
    }
    if (cue.start >= hit.end) {
      // "通讯录信息我们不会收集": the cue follows in the same comma part, and nothing before says it is collected.
      const chunkEnd = text.slice(hit.end, cue.start).search(/[，,]/);
      if (chunkEnd >= 0) continue;
      let chunkStart = sentence.start;
      for (let i = hit.start - 1; i >= sentence.start; i--) {
        if ('，,'.includes(text[i])) {
          chunkStart = i + 1;
          break;
        }
      }
      if (text.slice(chunkStart, hit.start).search(lexicon.collection) >= 0) continue;
      if (contrasts.some((c) => c.start >= hit.end && c.start < cue.start)) continue;
      return true;
    }
  }
  return false;
}

/** "You can turn off location access": the mention's comma part has the user controlling it, before it. */
function userControls(text: string, sentence: Span, hit: Span, lexicon: PolicyLexicon): boolean {
  let start = hit.start;
  while (start > sentence.start && !'，,；;'.includes(text[start - 1])) start--;
  return text.slice(start, hit.start).search(lexicon.userControl) >= 0 || matches(lexicon.userControl, text.slice(start, hit.end)).some((m) => m.start + start < hit.start);
}

function actorFor(text: string, sentence: Span, hit: TermHit, clause: PolicyClause, markers: Marker[], ctx: Context): string {
  // A row of a table with a "third party / SDK" column: that column names the collector.
  const actorColumn = columnIndex(clause.header, ctx.lexicon.columns.actor);
  if (actorColumn >= 0) {
    const cell = clause.cells?.[actorColumn]?.trim();
    if (cell && !isGeneric(cell, ctx.lexicon)) {
      const known = subjectMarkers(cell, ctx.parties, ctx.appName).find((marker) => marker.actor !== SELF);
      return known?.actor ?? cell;
    }
  }
  const inSentence = markers.filter((marker) => marker.start >= sentence.start && marker.end <= sentence.end);
  // "…手机号信息传输给盛付通" / "share your location with MapCo": the receiver collects.
  for (const marker of inSentence) {
    if (marker.actor === SELF || marker.start < hit.end) continue;
    const between = text.slice(hit.end, marker.start);
    const before = text.slice(Math.max(hit.end, marker.start - 6), marker.start);
    if (/(?:传输|提供|共享|分享|披露|发送|传送|转移|同步)给\s*$/.test(before) && !/[。；]/.test(between)) return marker.actor;
    if (/\b(?:share|shares|shared|sharing|provide|provides|provided|disclose|discloses|disclosed|transfer|transfers|transferred|send|sends|sent)\b[^.;]{0,60}\b(?:with|to)\s+$/i.test(text.slice(hit.end, marker.start))) return marker.actor;
  }
  const before = inSentence.filter((marker) => marker.end <= hit.start);
  if (before.length > 0) return before[before.length - 1].actor;
  const following = inSentence.find((marker) => marker.start >= hit.end);
  if (following) return following.actor;
  return clauseDefaultActor(clause, ctx);
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
  const markers = subjectMarkers(text, ctx.parties, ctx.appName);
  const purposeColumn = columnIndex(clause.header, lexicon.columns.purpose);
  const featureColumn = columnIndex(clause.header, lexicon.columns.feature);

  for (const hit of hits) {
    const sentence = spans.find((span) => span.start <= hit.start && hit.start < span.end);
    if (!sentence) continue;
    if (insideNavigationPath(text, hit)) continue;
    const quoteSpan = { start: Math.max(sentence.start, ownStart) - ownStart, end: sentence.end - ownStart };
    const quote = quoteAround(clause.text, quoteSpan, { start: hit.start - ownStart, end: hit.end - ownStart });
    if (isNegated(text, sentence, hit, ctx, markers)) {
      out.notCollected.push({ category: hit.category!, clause: clause.id, quote, terms: [hit.text], term: hit.text, line: clause.line, copy: clause.copy });
      continue;
    }
    const sentenceText = text.slice(sentence.start, sentence.end);
    if (sentenceText.search(lexicon.collection) < 0 && !(lead && lead.search(lexicon.collection) >= 0) && clause.kind !== 'row') continue;
    if (userControls(text, sentence, hit, lexicon)) continue;

    let features: string[] = [];
    if (featureColumn >= 0 && clause.cells?.[featureColumn]) features = splitFeature(clause.cells[featureColumn]);
    if (features.length === 0) features = featuresIn(text, sentence, ownStart, lexicon, ctx.appName);
    if (features.length === 0) features = clauseLeadFeatures(clause, ctx);

    let purpose: string | undefined;
    if (purposeColumn >= 0 && clause.cells?.[purposeColumn]) purpose = clause.cells[purposeColumn].trim();
    purpose ??= purposeIn(text, sentence, hit, lexicon) ?? scenarioIn(text, sentence);

    out.disclosures.push({
      category: hit.category!,
      clause: clause.id,
      actor: actorFor(text, sentence, hit, clause, markers, ctx),
      quote,
      features,
      purpose: purpose ?? TODO_PURPOSE,
      term: hit.text,
      line: clause.line,
      copy: clause.copy,
    });
  }
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
  for (let current: PolicyClause | undefined = clause; current; current = current.parentId ? ctx.byId.get(current.parentId) : undefined) {
    if (current.kind !== 'preamble' && ctx.lexicon.isSkippedSection(current.title)) return true;
  }
  return false;
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
  const precise = [...groups.values()].filter((item) => parentOf.has(item.category));
  const redundant = (item: PolicyDisclosure) =>
    !parentOf.has(item.category) &&
    precise.some((child) => parentOf.get(child.category) === item.category && (child.clause === item.clause || child.clause.startsWith(`${item.clause}.`)));
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
  for (const item of sorted) {
    const list = (result[item.category] ??= []);
    if (!list.includes(item.clause)) list.push(item.clause);
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
    for (const item of otherCopies.disclosures) {
      if (drafted.has(item.category)) continue;
      const list = onlyLater.get(item.category) ?? [];
      if (!list.includes(item.clause)) list.push(item.clause);
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
