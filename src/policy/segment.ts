// A policy's text → its clauses, each with an id made of the numbering on the way down from its top-level
// section: `二.14` is item 14、 of section 二、, `二.1.(7)` is （7） inside 1、 inside 二、, `3.2` is a 3.2 heading.
// Ids come from the numbering only, never from positions or counts of unrelated text, so they stay put when the
// policy's wording changes elsewhere.
//
// Input is a list of blocks (a line of plain text, a Markdown line, an HTML paragraph/heading/list item/table row);
// html.ts makes them for HTML, this file for text and Markdown.
import { firstAtOrAfter } from '../util/sorted.js';

/** One unit of the policy's layout. */
export interface Block {
  kind: 'heading' | 'paragraph' | 'item' | 'row';
  text: string;
  /** 1-based line in the decoded file. */
  line: number;
  /** h1 → 1, … (headings). */
  headingLevel?: number;
  /** 0 for body text; the list depth for list items and paragraphs inside them; tables add one level. */
  nest: number;
  /** List items: whether the list is numbered. */
  ordered?: boolean;
  /** Ordered items: their number; unordered items: their position; rows: their position among the data rows. */
  ordinal?: number;
  /** Table rows: the cells, and the header cells of their table. */
  cells?: string[];
  header?: string[];
  /** Starts a new paragraph (after a blank line, or a separate HTML element): a sentence ends before it. */
  breakBefore?: boolean;
}

export type ClauseKind = 'preamble' | 'heading' | 'numbered' | 'item' | 'row';

export interface PolicyClause {
  /** Stable id: `二.14`, `3.2`, `二.(三).1`; `0` is the text before the first section; a later copy gets `v2:`. */
  id: string;
  /** This level's part of the id: `14`, `(7)`, `①`, `item3`, `row2`. */
  label: string;
  parentId: string | null;
  kind: ClauseKind;
  /** 1 for the policy, 2… for further copies of it in the same file (see the copy detection below). */
  copy: number;
  /** 0 for top-level clauses. */
  depth: number;
  /** The first line of the clause without its numbering (at most TITLE_MAX characters). */
  title: string;
  /** The clause's own text (its title included, its sub-clauses not): wrapped lines joined, paragraphs and the
   * heading separated by a line break. */
  text: string;
  line: number;
  endLine: number;
  cells?: string[];
  header?: string[];
}

export const TITLE_MAX = 100;

export interface PolicyCopy {
  copy: number;
  /** First and last line of this copy in the decoded file. */
  startLine: number;
  endLine: number;
}

export interface Segmentation {
  clauses: PolicyClause[];
  /** One entry per copy of the policy found in the file (usually one). */
  copies: PolicyCopy[];
  /** Lines of tables of contents, which are read as part of the preamble rather than as clauses. */
  tocLines: number[];
}

// ---------------------------------------------------------------------------------------------------------------
// Numbering

export interface Numbering {
  /** Which numbering style: same style = same level. */
  style: string;
  /** Lower is higher in the hierarchy (第一章 < 一、 < （一） < 1、 < 1.1 < （1） < ① < (a)). */
  rank: number;
  label: string;
  /** The number's value (一 → 1, 1.2 → 2, ③ → 3, (b) → 2). */
  value: number;
  /** Characters of the text the numbering takes, separator and spaces included. */
  length: number;
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 → 1, 十四 → 14, 二十 → 20, 一百零三 → 103. */
export function chineseNumeral(text: string): number {
  if (/^\d+$/.test(text)) return Number(text);
  let total = 0;
  let digit = 0;
  for (const ch of text) {
    if (ch === '百') {
      total += (digit || 1) * 100;
      digit = 0;
    } else if (ch === '十') {
      total += (digit || 1) * 10;
      digit = 0;
    } else digit = CN_DIGITS[ch] ?? 0;
  }
  return total + digit;
}

const CN = '[一二三四五六七八九十百零〇两]';
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';
const PAREN_DIGITS = '⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇';

const NUMBERING_PATTERNS: { regex: RegExp; make(m: RegExpExecArray): Omit<Numbering, 'length'> }[] = [
  {
    regex: new RegExp(`^第\\s*(${CN}{1,4}|\\d{1,3})\\s*(章|部分|节|条)[\\s、.．:：]*`),
    make: (m) => ({
      style: m[2] === '章' || m[2] === '部分' ? 'chapter' : m[2] === '节' ? 'section' : 'article',
      rank: m[2] === '章' || m[2] === '部分' ? 0 : m[2] === '节' ? 1 : 2,
      label: `第${m[1]}${m[2]}`,
      value: chineseNumeral(m[1]),
    }),
  },
  {
    regex: new RegExp(`^(${CN}{1,4})\\s*[、.．]\\s*`),
    make: (m) => ({ style: 'cn', rank: 3, label: m[1], value: chineseNumeral(m[1]) }),
  },
  {
    regex: new RegExp(`^[（(]\\s*(${CN}{1,4})\\s*[）)][\\s、.．]*`),
    make: (m) => ({ style: 'cn-paren', rank: 4, label: `(${m[1]})`, value: chineseNumeral(m[1]) }),
  },
  {
    // 1.1 / 2.3.4 — not 3.5亿 or 2.0版 (an amount or a version is not a clause number)
    regex: /^(\d{1,3}(?:[.．]\d{1,3})+)(?![\d%％亿万元个倍版寸米克])[.．、]?\s*/,
    make: (m) => {
      const parts = m[1].split(/[.．]/);
      return { style: `dotted${parts.length}`, rank: 5 + (parts.length - 1) / 10, label: parts.join('.'), value: Number(parts[parts.length - 1]) };
    },
  },
  {
    regex: /^(\d{1,3})\s*(?:[、．]|\.(?![\d]))\s*/,
    make: (m) => ({ style: 'num', rank: 5, label: String(Number(m[1])), value: Number(m[1]) }),
  },
  {
    regex: /^(?:[（(]\s*(\d{1,3})\s*[）)]|(\d{1,3})[）)])\s*/,
    make: (m) => {
      const value = Number(m[1] ?? m[2]);
      return { style: 'num-paren', rank: 7, label: `(${value})`, value };
    },
  },
  {
    regex: new RegExp(`^([${PAREN_DIGITS}])\\s*`),
    make: (m) => {
      const value = PAREN_DIGITS.indexOf(m[1]) + 1;
      return { style: 'num-paren', rank: 7, label: `(${value})`, value };
    },
  },
  {
    regex: new RegExp(`^([${CIRCLED}])\\s*`),
    make: (m) => ({ style: 'circled', rank: 8, label: m[1], value: CIRCLED.indexOf(m[1]) + 1 }),
  },
  {
    regex: /^(?:[（(]([a-z]|[ivx]{2,4})[）)]\s*|([a-z])[.)]\s+)/,
    make: (m) => {
      const letter = m[1] ?? m[2];
      return { style: 'alpha', rank: 9, label: `(${letter})`, value: letter.length === 1 ? letter.charCodeAt(0) - 96 : 0 };
    },
  },
];

/** The numbering a clause starts with (`二、`, `（三）`, `14、`, `1.2`, `(7)`, `③`, `(a)`), if any. */
export function parseNumbering(text: string): Numbering | undefined {
  for (const pattern of NUMBERING_PATTERNS) {
    const match = pattern.regex.exec(text);
    if (!match) continue;
    // A number alone on its line with nothing after it still numbers what follows ("1、\n【数据安全…】").
    return { ...pattern.make(match), length: match[0].length };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Text and Markdown → blocks

/** Plain text: every non-empty line is a block (wrapped lines join again inside their clause). */
export function textToBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  let blank = true;
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/[\s\u3000]+/g, (space) => (space.includes('\t') || space.length > 1 ? ' ' : space)).trim();
    if (line === '') {
      blank = true;
      return;
    }
    if (/^[-=_*~·.—]{3,}$/.test(line)) return;
    blocks.push({ kind: 'paragraph', text: line, line: index + 1, nest: 0, ...(blank ? { breakBefore: true } : {}) });
    blank = false;
  });
  return blocks;
}

const MD_ENTITIES: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", ldquo: '“', rdquo: '”', hellip: '…', mdash: '—', ndash: '–' };

// Markdown inline syntax. Several of the patterns this replaces backtrack over the rest of the line once per opener
// that never closes ("[x](" or "**a " repeated over a long line is quadratic), so they are written as scans that
// find each opener's closer once; each says which pattern it stands for, and does exactly what its replace() did.

/** `.` in a pattern matches anything but these. */
function isLineTerminator(code: number): boolean {
  return code === 0x0a || code === 0x0d || code === 0x2028 || code === 0x2029;
}

/** The first offset at or after `from` where `test` holds (or -1), for calls with growing `from`. */
function forwardFinder(text: string, test: (code: number) => boolean): (from: number) => number {
  let searchedFrom = Infinity;
  let found = -1;
  return (from) => {
    if (from >= searchedFrom && (found < 0 || from <= found)) return found;
    searchedFrom = from;
    found = -1;
    for (let i = from; i < text.length; i++) {
      if (test(text.charCodeAt(i))) {
        found = i;
        break;
      }
    }
    return found;
  };
}

const WHITE_SPACE_CHAR = /\s/;
const isWhiteSpaceCode = (code: number) => WHITE_SPACE_CHAR.test(String.fromCharCode(code));

/** text.replace(/<!--.*?-->/g, '') */
function stripHtmlComments(text: string): string {
  if (!text.includes('<!--')) return text;
  const nextClose = forwardFinderOf(text, '-->');
  const nextTerminator = forwardFinder(text, isLineTerminator);
  let out = '';
  let last = 0;
  let from = 0;
  for (;;) {
    const open = text.indexOf('<!--', from);
    if (open < 0) break;
    const close = nextClose(open + 4);
    if (close < 0) break;
    const terminator = nextTerminator(open + 4);
    if (terminator >= 0 && terminator < close) {
      from = terminator + 1;
      continue;
    }
    out += text.slice(last, open);
    last = from = close + 3;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** The first occurrence of `needle` at or after `from` (or -1), for calls with growing `from`. */
function forwardFinderOf(text: string, needle: string): (from: number) => number {
  let searchedFrom = Infinity;
  let found = -1;
  return (from) => {
    if (from >= searchedFrom && (found < 0 || from <= found)) return found;
    searchedFrom = from;
    found = text.indexOf(needle, from);
    return found;
  };
}

/**
 * Links and images: `![alt](url)` → alt (`image`), `[text](url)` → text, `[text][ref]` → text (`reference`) —
 * text.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1'), /\[([^\]]+)\]\([^)]*\)/g and /\[([^\]]+)\]\[[^\]]*\]/g.
 */
function replaceLinks(text: string, kind: 'image' | 'link' | 'reference'): string {
  const opener = kind === 'image' ? '![' : '[';
  if (!text.includes(opener)) return text;
  const nextBracket = forwardFinderOf(text, ']');
  const nextTarget = forwardFinderOf(text, kind === 'reference' ? ']' : ')');
  const targetOpen = kind === 'reference' ? '[' : '(';
  let out = '';
  let last = 0;
  let from = 0;
  for (;;) {
    const open = text.indexOf(opener, from);
    if (open < 0) break;
    const labelStart = open + opener.length;
    const labelEnd = nextBracket(labelStart);
    // No ] after this opener: none after a later one either.
    if (labelEnd < 0) break;
    if ((kind !== 'image' && labelEnd === labelStart) || text[labelEnd + 1] !== targetOpen) {
      from = open + 1;
      continue;
    }
    const targetEnd = nextTarget(labelEnd + 2);
    if (targetEnd < 0) break;
    out += text.slice(last, open) + text.slice(labelStart, labelEnd);
    last = from = targetEnd + 1;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** text.replace(/<(https?:[^>\s]+)>/g, '$1') */
function unwrapAutolinks(text: string): string {
  if (!text.includes('<http')) return text;
  const nextStop = forwardFinder(text, (code) => code === 0x3e || isWhiteSpaceCode(code));
  let out = '';
  let last = 0;
  let from = 0;
  for (;;) {
    const open = text.indexOf('<http', from);
    if (open < 0) break;
    let urlStart = -1;
    if (text.startsWith('s:', open + 5)) urlStart = open + 7;
    else if (text[open + 5] === ':') urlStart = open + 6;
    const stop = urlStart < 0 ? -1 : nextStop(urlStart);
    if (urlStart < 0 || stop <= urlStart || text[stop] !== '>') {
      from = open + 1;
      continue;
    }
    out += text.slice(last, open) + text.slice(open + 1, stop);
    last = from = stop + 1;
  }
  return last === 0 ? text : out + text.slice(last);
}

const isAsciiLetter = (ch: string | undefined) => ch !== undefined && /^[A-Za-z]$/.test(ch);

/** text.replace(/<\/?[A-Za-z][^>]*>/g, '') */
function stripHtmlTags(text: string): string {
  if (!text.includes('<')) return text;
  const nextClose = forwardFinderOf(text, '>');
  let out = '';
  let last = 0;
  let from = 0;
  for (;;) {
    const open = text.indexOf('<', from);
    if (open < 0) break;
    const letter = text[open + 1] === '/' ? open + 2 : open + 1;
    if (!isAsciiLetter(text[letter])) {
      from = open + 1;
      continue;
    }
    const close = nextClose(letter + 1);
    if (close < 0) break;
    out += text.slice(last, open);
    last = from = close + 1;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** text.replace(/(\*\*|__)(?=\S)(.+?)(?<=\S)\1/g, '$2'): strong emphasis. */
function unwrapStrong(text: string): string {
  if (!text.includes('**') && !text.includes('__')) return text;
  // Where each delimiter can close: it follows a non-space character.
  const closers = { '**': [] as number[], __: [] as number[] };
  for (const delimiter of ['**', '__'] as const) {
    for (let at = text.indexOf(delimiter, 1); at >= 0; at = text.indexOf(delimiter, at + 1)) {
      if (!isWhiteSpaceCode(text.charCodeAt(at - 1))) closers[delimiter].push(at);
    }
  }
  const nextTerminator = forwardFinder(text, isLineTerminator);
  const nextStars = forwardFinderOf(text, '**');
  const nextLines = forwardFinderOf(text, '__');
  let out = '';
  let last = 0;
  let from = 0;
  for (;;) {
    const stars = nextStars(from);
    const lines = nextLines(from);
    const open = stars < 0 ? lines : lines < 0 ? stars : Math.min(stars, lines);
    if (open < 0) break;
    const delimiter = text.startsWith('**', open) ? '**' : '__';
    const contentStart = open + 2;
    if (contentStart >= text.length || isWhiteSpaceCode(text.charCodeAt(contentStart))) {
      from = open + 1;
      continue;
    }
    const list = closers[delimiter];
    const i = firstAtOrAfter(list, contentStart + 1);
    const close = i < list.length ? list[i] : -1;
    const terminator = nextTerminator(contentStart);
    if (close < 0 || (terminator >= 0 && terminator < close)) {
      from = open + 1;
      continue;
    }
    out += text.slice(last, open) + text.slice(contentStart, close);
    last = from = close + 2;
  }
  return last === 0 ? text : out + text.slice(last);
}

/** Markdown inline syntax → the words a reader sees. */
export function markdownInline(text: string): string {
  let result = stripHtmlComments(text);
  result = replaceLinks(result, 'image');
  result = replaceLinks(result, 'link');
  result = replaceLinks(result, 'reference');
  result = unwrapAutolinks(result).replace(/<br\s*\/?>/gi, ' ');
  result = stripHtmlTags(result).replace(/`([^`]+)`/g, '$1');
  return unwrapStrong(result)
    .replace(/(^|[^\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?!\w)/g, '$1$2')
    .replace(/(^|[^\w])_(?=\S)([^_\n]+?)(?<=\S)_(?!\w)/g, '$1$2')
    .replace(/~~(.+?)~~/g, '$1')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
      if (name[0] === '#') {
        const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : entity;
      }
      return MD_ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, '$1')
    .replace(/[ \t]+/g, ' ')
    .trim();
}

function splitTableRow(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => markdownInline(cell.trim()));
}

export function markdownToBlocks(text: string): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  let start = 0;
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((line, i) => i > 0 && (line.trim() === '---' || line.trim() === '...'));
    if (end > 0) start = end + 1;
  }
  let inFence = false;
  let inComment = false;
  /** The open list items' indents, innermost last, with their unordered-item counters. */
  let listIndents: { indent: number; count: number }[] = [];
  let lastWasBlank = true;
  let table: { header: string[]; rows: number } | undefined;

  for (let i = start; i < lines.length; i++) {
    const raw = lines[i].replace(/\t/g, '    ');
    const lineNo = i + 1;
    const trimmed = raw.trim();
    if (inComment) {
      if (trimmed.includes('-->')) inComment = false;
      continue;
    }
    if (/^<!--/.test(trimmed) && !trimmed.includes('-->')) {
      inComment = true;
      continue;
    }
    if (/^(```|~~~)/.test(trimmed)) {
      inFence = !inFence;
      continue;
    }
    if (trimmed === '') {
      lastWasBlank = true;
      table = undefined;
      continue;
    }
    const wasBlank = lastWasBlank;
    lastWasBlank = false;
    if (!inFence && /^([-*_])(\s*\1){2,}$/.test(trimmed)) continue;
    const quoteStripped = trimmed.replace(/^(>\s?)+/, '');

    // Tables: a header row, a separator row, data rows.
    if (!inFence && quoteStripped.startsWith('|')) {
      const cells = splitTableRow(quoteStripped);
      if (cells.every((cell) => /^:?-{2,}:?$/.test(cell.replace(/\s/g, '')))) continue;
      const next = lines[i + 1]?.trim() ?? '';
      if (!table && /^\|?\s*:?-{2,}/.test(next)) {
        table = { header: cells, rows: 0 };
        continue;
      }
      table ??= { header: [], rows: 0 };
      table.rows++;
      blocks.push({ kind: 'row', text: cells.filter(Boolean).join(' | '), line: lineNo, nest: listIndents.length + 1, ordinal: table.rows, cells, header: table.header });
      continue;
    }
    table = undefined;

    const heading = inFence ? null : /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(quoteStripped);
    if (heading) {
      listIndents = [];
      blocks.push({ kind: 'heading', text: markdownInline(heading[2]), line: lineNo, headingLevel: heading[1].length, nest: 0 });
      continue;
    }
    const setext = /^(=+|-+)\s*$/.exec(lines[i + 1]?.trim() ?? '');
    if (!inFence && setext && wasBlank && !/^[-*+]\s/.test(trimmed)) {
      listIndents = [];
      blocks.push({ kind: 'heading', text: markdownInline(quoteStripped), line: lineNo, headingLevel: setext[1][0] === '=' ? 1 : 2, nest: 0 });
      i++;
      continue;
    }

    const indent = raw.length - raw.trimStart().length;
    const item = inFence ? null : /^([-*+]|(\d{1,3})[.)])\s+(.*)$/.exec(quoteStripped);
    if (item) {
      while (listIndents.length > 0 && listIndents[listIndents.length - 1].indent > indent) listIndents.pop();
      const top = listIndents[listIndents.length - 1];
      if (!top || top.indent < indent) listIndents.push({ indent, count: 0 });
      const level = listIndents[listIndents.length - 1];
      level.count++;
      const ordered = item[2] !== undefined;
      blocks.push({
        kind: 'item',
        text: markdownInline(item[3]),
        line: lineNo,
        nest: listIndents.length,
        ordered,
        ordinal: ordered ? Number(item[2]) : level.count,
      });
      continue;
    }
    // A line inside a list item (indented, or right after it) continues the item; otherwise the list is over.
    if (listIndents.length > 0 && (indent > listIndents[0].indent || !wasBlank)) {
      while (listIndents.length > 1 && listIndents[listIndents.length - 1].indent >= indent && wasBlank) listIndents.pop();
      blocks.push({ kind: 'paragraph', text: markdownInline(quoteStripped), line: lineNo, nest: listIndents.length, ...(wasBlank ? { breakBefore: true } : {}) });
      continue;
    }
    listIndents = [];
    blocks.push({ kind: 'paragraph', text: markdownInline(quoteStripped), line: lineNo, nest: 0, ...(wasBlank ? { breakBefore: true } : {}) });
  }
  return blocks.filter((block) => block.text !== '' || block.kind === 'row');
}

// ---------------------------------------------------------------------------------------------------------------
// Blocks → clauses

const CJK_END = /[\p{Script=Han}\u3000-\u303F\uFF00-\uFFEF“”‘’【】《》（）—…]$/u;
const CJK_START = /^[\p{Script=Han}\u3000-\u303F\uFF00-\uFFEF“”‘’【】《》（）—…]/u;

/** Joins wrapped lines: nothing between Chinese text, a space between words ("Android" + "ID"). */
export function joinLines(a: string, b: string): string {
  return joinLinesAfter(a, a, b);
}

/**
 * joinLines, told a string that ends as `a` does: a clause grown line by line is not read again (flattened and
 * searched) for each line it gets. Its last code point is in its last two characters.
 */
function joinLinesAfter(a: string, aEnd: string, b: string): string {
  if (a === '') return b;
  if (b === '') return a;
  return CJK_END.test(aEnd.slice(-2)) || CJK_START.test(b) ? a + b : `${a} ${b}`;
}

/** Text compared when deciding that two titles or lines are "the same": no spaces or punctuation. */
function comparable(text: string): string {
  return text.replace(/[\s\p{P}\p{S}]+/gu, '').toLowerCase();
}

function slug(text: string): string {
  const words = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return (words.slice(0, 40).replace(/-+$/, '') || 'section');
}

interface Starter {
  block: Block;
  index: number;
  numbering?: Numbering;
}

interface OpenClause {
  clause: PolicyClause;
  localId: string;
  kind: ClauseKind;
  rank?: number;
  headingLevel?: number;
  nest: number;
  /** A short string that ends as clause.text does (see joinLinesAfter). */
  end: string;
}

/** The first index of `sorted` whose value is above `value` (`sorted.length` when there is none). */
function firstAbove(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] <= value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The document title: a lone heading of the highest level that comes before any other heading. */
function titleHeadingIndex(blocks: Block[]): number {
  const headings = blocks.map((block, index) => ({ block, index })).filter(({ block }) => block.kind === 'heading');
  if (headings.length === 0) return -1;
  let top = Infinity;
  for (const { block } of headings) top = Math.min(top, block.headingLevel ?? 1);
  const atTop = headings.filter(({ block }) => (block.headingLevel ?? 1) === top);
  if (atTop.length !== 1 || atTop[0] !== headings[0]) return -1;
  return headings.length > 1 || !parseNumbering(atTop[0].block.text) ? atTop[0].index : -1;
}

export function segmentBlocks(blocks: Block[]): Segmentation {
  const titleIndex = titleHeadingIndex(blocks);

  // Which blocks start clauses, and with which numbering.
  const starters = new Map<number, Starter>();
  blocks.forEach((block, index) => {
    if (index === titleIndex) return;
    if (block.kind === 'heading') starters.set(index, { block, index, numbering: parseNumbering(block.text) });
    else if (block.kind === 'item' || block.kind === 'row') starters.set(index, { block, index, numbering: block.kind === 'item' ? parseNumbering(block.text) : undefined });
    else if (block.nest === 0) {
      const numbering = parseNumbering(block.text);
      if (numbering) starters.set(index, { block, index, numbering });
    }
  });

  const headingStyles = new Set([...starters.values()].filter((starter) => starter.block.kind === 'heading' && starter.numbering).map((starter) => starter.numbering!.style));

  // The top-level sections: body-level numbered blocks of the highest-ranked style.
  const numberedTop = [...starters.values()].filter((starter) => starter.numbering && starter.block.nest === 0);
  let topRank = Infinity;
  for (const starter of numberedTop) topRank = Math.min(topRank, starter.numbering!.rank);
  const topStyle = numberedTop.find((starter) => starter.numbering!.rank === topRank)?.numbering!.style;
  const top = numberedTop.filter((starter) => starter.numbering!.style === topStyle);
  const titleOf = (starter: Starter) => comparable(starter.block.text.slice(starter.numbering!.length));

  // Tables of contents: a run of at least three top-level numbers from 1 up with nothing between them, whose
  // first title comes back later as a real section ("本隐私政策将帮助您了解以下内容：一、定义 二、…" before
  // "一、定义 1、【个人信息】…"). Their lines are read as preamble, not as clauses that would clash with the real ones.
  const toc = new Set<number>();
  /** Title → the last position in `top` of a section 1 with that title. */
  let lastFirstSection: Map<string, number> | undefined;
  for (let i = 0; i < top.length; i++) {
    if (top[i].numbering!.value !== 1) continue;
    let j = i;
    while (j + 1 < top.length && top[j + 1].numbering!.value === top[j].numbering!.value + 1 && top[j + 1].index === top[j].index + 1) j++;
    if (j - i + 1 < 3) continue;
    const firstTitle = titleOf(top[i]);
    if (!lastFirstSection) {
      lastFirstSection = new Map();
      top.forEach((starter, k) => {
        if (starter.numbering!.value === 1) lastFirstSection!.set(titleOf(starter), k);
      });
    }
    const comesBack = (lastFirstSection.get(firstTitle) ?? -1) > j;
    if (!comesBack) continue;
    for (let k = i; k <= j; k++) toc.add(top[k].index);
    i = j;
  }
  for (const index of toc) starters.delete(index);

  // Copies. The seed policy (a saved web page) holds the whole policy twice, in two versions (sections up to 43,
  // then up to 40), both dated the same. A restart of the top-level numbering at 1 with the same first title
  // ("一、定义" again after "十、如何联系我们") starts a new copy. Decision: keep every copy, the first with plain
  // ids and later ones with a version prefix (`v2:二.14`), so nothing in the file is lost and the first copy's
  // ids do not depend on what follows it; extract.ts drafts the inventory from the first copy only — the one a
  // reader sees first; the dates cannot tell which is newer; drafting both would list every disclosure twice
  // under two ids — and warns about any category only a later copy mentions (the seed's v2 alone names UUID).
  // A copy starts at its contents list or first section, moved back over the lines that repeat the first copy's
  // preamble (dates, summary).
  const body = top.filter((starter) => !toc.has(starter.index));
  const copyStarts: number[] = [0];
  const firstTitle = body[0] ? titleOf(body[0]) : '';
  const tocIndexes = [...toc].sort((a, b) => a - b);
  const firstContent = Math.min(body[0]?.index ?? blocks.length, tocIndexes[0] ?? Infinity);
  const preambleLines = new Set(blocks.slice(0, firstContent).map((block) => comparable(block.text)).filter(Boolean));
  /** The first 20 characters of the preamble lines that have as many. */
  const preambleHeads = new Set([...preambleLines].filter((line) => line.length >= 20).map((line) => line.slice(0, 20)));
  const repeatsPreamble = (block: Block) => {
    const key = comparable(block.text);
    if (key === '') return false;
    if (preambleLines.has(key)) return true;
    return key.length >= 20 && preambleHeads.has(key.slice(0, 20));
  };
  for (let i = 1; i < body.length; i++) {
    const starter = body[i];
    if (starter.numbering!.value !== 1 || body[i - 1].numbering!.value < 2 || titleOf(starter) !== firstTitle) continue;
    let start = starter.index;
    // The first contents line after the previous section, when it comes before this one.
    const tocBefore = tocIndexes[firstAbove(tocIndexes, body[i - 1].index)];
    if (tocBefore !== undefined && tocBefore < start) start = tocBefore;
    while (start - 1 > body[i - 1].index && repeatsPreamble(blocks[start - 1]) && !starters.has(start - 1)) start--;
    copyStarts.push(start);
  }

  const clauses: PolicyClause[] = [];
  const copies: PolicyCopy[] = [];
  copyStarts.forEach((startIndex, c) => {
    const endIndex = c + 1 < copyStarts.length ? copyStarts[c + 1] : blocks.length;
    if (endIndex <= startIndex) return;
    const copy = c + 1;
    const prefix = copy === 1 ? '' : `v${copy}:`;
    copies.push({ copy, startLine: blocks[startIndex].line, endLine: blocks[endIndex - 1].line });
    const usedIds = new Map<string, number>();
    const stack: OpenClause[] = [];
    let preamble: OpenClause | undefined;

    const uniqueId = (localId: string) => {
      const seen = usedIds.get(localId) ?? 0;
      usedIds.set(localId, seen + 1);
      return seen === 0 ? localId : `${localId}~${seen + 1}`;
    };
    const open = (block: Block, kind: ClauseKind, label: string, parent: OpenClause | undefined, title: string, extra: Partial<OpenClause>) => {
      let localId = label;
      if (parent) {
        const dotted = /^(\d+(?:\.\d+)*)\.(\d+)$/.exec(label);
        const parentLocal = parent.localId;
        if (dotted && (parentLocal === dotted[1] || parentLocal.endsWith(`.${dotted[1]}`))) localId = `${parentLocal}.${dotted[2]}`;
        else localId = `${parentLocal}.${label}`;
      }
      localId = uniqueId(localId);
      const clause: PolicyClause = {
        id: prefix + localId,
        label,
        parentId: parent ? parent.clause.id : null,
        kind,
        copy,
        depth: parent ? parent.clause.depth + 1 : 0,
        title: [...title].slice(0, TITLE_MAX).join(''),
        text: title,
        line: block.line,
        endLine: block.line,
        ...(block.cells ? { cells: block.cells, header: block.header ?? [] } : {}),
      };
      clauses.push(clause);
      const opened: OpenClause = { clause, localId, kind, nest: block.nest, end: title, ...extra };
      return opened;
    };
    const append = (target: OpenClause, block: Block) => {
      const clauseText = target.clause.text;
      const paragraph = block.breakBefore || (target.kind === 'heading' && clauseText === target.clause.title && target.clause.line === target.clause.endLine);
      target.clause.text = clauseText === '' ? block.text : paragraph ? `${clauseText}\n${block.text}` : joinLinesAfter(clauseText, target.end, block.text);
      if (block.text !== '') target.end = block.text;
      else if (clauseText === '') target.end = '';
      else if (paragraph) target.end = '\n';
      target.clause.endLine = block.line;
      if (target.clause.title === '') target.clause.title = [...block.text].slice(0, TITLE_MAX).join('');
    };
    const ensurePreamble = (block: Block) => {
      preamble ??= open(block, 'preamble', '0', undefined, '', { nest: 0 });
      return preamble;
    };

    for (let index = startIndex; index < endIndex; index++) {
      const block = blocks[index];
      const starter = starters.get(index);
      if (!starter) {
        // Body text closes open list items and table rows; text inside an item continues it.
        while (stack.length > 0 && (stack[stack.length - 1].kind === 'item' || stack[stack.length - 1].kind === 'row') && stack[stack.length - 1].nest > block.nest) stack.pop();
        append(stack[stack.length - 1] ?? ensurePreamble(block), block);
        continue;
      }
      const numbering = starter.numbering;
      const rank = numbering?.rank;
      const isNested = (entry: OpenClause) => entry.kind === 'item' || entry.kind === 'row';
      if (block.kind === 'heading') {
        const level = block.headingLevel ?? 1;
        while (stack.length > 0) {
          const topEntry = stack[stack.length - 1];
          const closes =
            topEntry.kind !== 'heading' ||
            (topEntry.headingLevel ?? 1) >= level ||
            (rank !== undefined && topEntry.rank !== undefined && topEntry.rank >= rank);
          if (!closes) break;
          stack.pop();
        }
      } else if (block.kind === 'paragraph') {
        // A numbered paragraph closes numbered paragraphs at its level or below, and headings only when the
        // document numbers headings that way ("### （一）" then "（二）…"): "2. Sharing" then "一、…" nests.
        while (stack.length > 0) {
          const topEntry = stack[stack.length - 1];
          const closesHeading = topEntry.kind !== 'heading' || (numbering !== undefined && headingStyles.has(numbering.style));
          if (isNested(topEntry) || (closesHeading && topEntry.rank !== undefined && rank !== undefined && topEntry.rank >= rank)) stack.pop();
          else break;
        }
      } else {
        while (stack.length > 0 && isNested(stack[stack.length - 1]) && stack[stack.length - 1].nest >= block.nest) stack.pop();
      }
      // Below the preamble: list items, table rows and numbered paragraphs of a lower level than the sections
      // ("【特别提示】1、…5、" before "一、定义"); sections and headings are top-level.
      const underPreamble = block.kind === 'item' || block.kind === 'row' || (block.kind === 'paragraph' && numbering !== undefined && numbering.style !== topStyle);
      const parent = stack[stack.length - 1] ?? (preamble && underPreamble ? preamble : undefined);
      const title = numbering ? block.text.slice(numbering.length).trim() : block.text;
      let label: string;
      let kind: ClauseKind;
      if (block.kind === 'heading') {
        kind = 'heading';
        label = numbering?.label ?? slug(block.text);
      } else if (block.kind === 'item') {
        kind = 'item';
        label = numbering?.label ?? (block.ordered ? String(block.ordinal ?? 1) : `item${block.ordinal ?? 1}`);
      } else if (block.kind === 'row') {
        kind = 'row';
        label = `row${block.ordinal ?? 1}`;
      } else {
        kind = 'numbered';
        label = numbering!.label;
      }
      stack.push(open(block, kind, label, parent, title, { rank, headingLevel: block.headingLevel }));
    }
  });

  return { clauses, copies, tocLines: [...toc].sort((a, b) => a - b).map((index) => blocks[index].line) };
}
