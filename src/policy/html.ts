// HTML policy page → blocks (headings, paragraphs, list items, table rows) for segment.ts. Only what a reader
// sees as the policy counts: scripts, styles, page navigation, site header/footer, cookie banners and hidden
// elements are dropped; entities are decoded; nested lists keep their depth; table rows keep their header.
import { Parser } from 'htmlparser2';
import type { Block } from './segment.js';

/** Never text of the policy. */
const DROPPED = new Set([
  'script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'head', 'title',
  'button', 'select', 'option', 'textarea', 'nav', 'aside', 'audio', 'video', 'map',
]);

const BLOCK_TAGS = new Set([
  'address', 'article', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'html',
  'li', 'main', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

/** Consent banners and their usual vendors (OneTrust, Cookiebot, …), by id, class or label. */
const COOKIE_BANNER = /cookie[-_ ]?(?:banner|bar|notice|consent|popup|pop-up|modal|dialog|window|box|law|message|prompt|policy-banner)|(?:consent|gdpr|cc)[-_](?:banner|bar|popup|modal|window|dialog|notice)|onetrust|cookiebot|cookieyes|didomi|osano|truste|usercentrics|(?:^|\s)cmp[-_]/i;
const NAV_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'search', 'menu', 'menubar']);

interface Frame {
  name: string;
  dropped: boolean;
}

interface ListFrame {
  ordered: boolean;
  counter: number;
}

interface Part {
  text: string;
  line: number;
}

interface TableState {
  header: string[];
  rows: number;
  inHead: boolean;
  /** The table lays out the page (headings, lists or many paragraphs in a cell): read its content as body text. */
  layout: boolean;
  row?: { cells: Part[][]; allHeader: boolean; line: number };
  /** The open cell's paragraphs. */
  cell?: Cell;
}

interface Cell {
  parts: Part[];
  /** How many of `parts` have text (counted as they come: a cell can hold thousands of empty spans). */
  filled: number;
  header: boolean;
}

function addPart(cell: Cell, part: Part): void {
  cell.parts.push(part);
  if (part.text) cell.filled++;
}

/** Inside a data cell these only separate the cell's paragraphs; a cell with this many paragraphs is layout. */
const CELL_PARAGRAPH_TAGS = new Set(['p', 'div', 'br', 'span', 'center', 'blockquote', 'pre', 'dl', 'dt', 'dd', 'figure', 'figcaption']);
const LAYOUT_PARAGRAPHS = 3;

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

function lineAt(starts: number[], index: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= index) low = mid;
    else high = mid - 1;
  }
  return low + 1;
}

function isDropped(name: string, attribs: Record<string, string>, insideArticle: boolean): boolean {
  if (DROPPED.has(name)) return true;
  if ('hidden' in attribs || attribs['aria-hidden'] === 'true') return true;
  if (/(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(attribs.style ?? '')) return true;
  if (NAV_ROLES.has((attribs.role ?? '').toLowerCase())) return true;
  const label = `${attribs.id ?? ''} ${attribs.class ?? ''} ${attribs['aria-label'] ?? ''}`;
  if (COOKIE_BANNER.test(label) || (/cookie/i.test(label) && /dialog|alertdialog|region/i.test(attribs.role ?? ''))) return true;
  // A site's header and footer are page chrome; an article's own header (its title, its date) is not.
  if (name === 'header' || name === 'footer') return !insideArticle;
  return false;
}

export function htmlToBlocks(html: string): Block[] {
  const starts = lineStarts(html);
  const blocks: Block[] = [];
  const frames: Frame[] = [];
  const lists: ListFrame[] = [];
  const tables: TableState[] = [];
  let droppedDepth = 0;
  /** Open <article> and <main> elements: a header or footer inside one is the article's own. */
  let articleDepth = 0;
  let preDepth = 0;
  let buffer = '';
  let bufferStart = -1;
  /** What the next block of text becomes (a heading, a list item); body paragraphs otherwise. */
  let pending: Pick<Block, 'kind' | 'headingLevel' | 'nest' | 'ordered' | 'ordinal'> | undefined;

  const nest = () => lists.length + tables.filter((table) => !table.layout).length;
  const table = (): TableState | undefined => tables[tables.length - 1];
  const dataCell = () => {
    const current = table();
    return current && !current.layout && current.cell ? current.cell : undefined;
  };
  const take = (): Part => {
    const text = buffer.replace(/\s+/g, ' ').trim();
    const line = lineAt(starts, Math.max(0, bufferStart));
    buffer = '';
    bufferStart = -1;
    return { text, line };
  };
  const emit = (part: Part) => {
    if (part.text === '') return;
    if (pending) {
      blocks.push({ ...pending, text: part.text, line: part.line, breakBefore: true });
      pending = undefined;
    } else blocks.push({ kind: 'paragraph', text: part.text, line: part.line, nest: nest(), breakBefore: true });
  };
  const flush = () => {
    const cell = dataCell();
    if (cell) addPart(cell, take());
    else emit(take());
  };
  const cellText = (parts: Part[]) =>
    parts
      .map((part) => part.text)
      .filter(Boolean)
      .join(' ');
  /** Turns the current table into a layout table and emits what its open row held as body paragraphs. */
  const toLayout = (current: TableState) => {
    const cell = current.cell;
    if (cell) addPart(cell, take());
    current.layout = true;
    for (const parts of current.row?.cells ?? []) {
      const text = cellText(parts);
      if (text) emit({ text, line: parts.find((part) => part.text)?.line ?? 1 });
    }
    for (const part of cell?.parts ?? []) emit(part);
    current.row = undefined;
    current.cell = undefined;
  };

  const parser: Parser = new Parser(
    {
      onopentag(name, attribs) {
        const dropped = droppedDepth > 0 || isDropped(name, attribs, articleDepth > 0);
        frames.push({ name, dropped });
        if (name === 'article' || name === 'main') articleDepth++;
        if (dropped) {
          droppedDepth++;
          return;
        }
        if (name === 'pre') preDepth++;
        const current = table();
        const cell = dataCell();
        if (cell && current) {
          if (name === 'td' || name === 'th' || name === 'tr') {
            // an unclosed cell or row: closed by the next one
          } else if (CELL_PARAGRAPH_TAGS.has(name)) {
            addPart(cell, take());
            if (cell.filled >= LAYOUT_PARAGRAPHS) toLayout(current);
            return;
          } else if (BLOCK_TAGS.has(name)) toLayout(current);
          else return;
        }
        if (name === 'br') {
          if (pending?.kind === 'item' || pending?.kind === 'heading') buffer += ' ';
          else flush();
          return;
        }
        if (!BLOCK_TAGS.has(name)) return;
        if (current && (name === 'td' || name === 'th' || name === 'tr')) {
          if (current.layout) {
            flush();
            return;
          }
          if (name === 'tr') {
            closeRow(current);
            emit(take());
            current.row = { cells: [], allHeader: true, line: lineAt(starts, parser.startIndex) };
          } else {
            closeCell(current);
            if (!current.row) current.row = { cells: [], allHeader: true, line: lineAt(starts, parser.startIndex) };
            emit(take());
            current.cell = { parts: [], filled: 0, header: name === 'th' || current.inHead };
          }
          return;
        }
        flush();
        if (name === 'ul' || name === 'ol') {
          const start = Number.parseInt(attribs.start ?? '1', 10);
          lists.push({ ordered: name === 'ol', counter: Number.isFinite(start) ? start - 1 : 0 });
        } else if (name === 'li') {
          if (lists.length === 0) lists.push({ ordered: false, counter: 0 });
          const list = lists[lists.length - 1];
          const value = Number.parseInt(attribs.value ?? '', 10);
          list.counter = Number.isFinite(value) ? value : list.counter + 1;
          pending = { kind: 'item', nest: nest(), ordered: list.ordered, ordinal: list.counter };
        } else if (/^h[1-6]$/.test(name)) {
          pending = { kind: 'heading', headingLevel: Number(name[1]), nest: 0 };
        } else if (name === 'table') {
          tables.push({ header: [], rows: 0, inHead: false, layout: false });
        } else if (name === 'thead' && current) {
          current.inHead = true;
        }
      },
      ontext(text) {
        if (droppedDepth > 0) return;
        if (preDepth > 0 && text.includes('\n') && !dataCell()) {
          text.split('\n').forEach((part, i) => {
            if (i > 0) flush();
            if (bufferStart < 0 && part.trim() !== '') bufferStart = parser.startIndex;
            buffer += part;
          });
          return;
        }
        if (bufferStart < 0 && text.trim() !== '') bufferStart = parser.startIndex;
        buffer += text;
      },
      onclosetag(name) {
        const frame = frames.pop();
        if (frame && (frame.name === 'article' || frame.name === 'main')) articleDepth--;
        if (frame?.dropped) {
          droppedDepth--;
          return;
        }
        if (name === 'pre') preDepth = Math.max(0, preDepth - 1);
        const current = table();
        const cell = dataCell();
        if (cell && current && name !== 'td' && name !== 'th' && name !== 'tr' && name !== 'table') {
          if (CELL_PARAGRAPH_TAGS.has(name)) addPart(cell, take());
          return;
        }
        if (!BLOCK_TAGS.has(name)) return;
        if (current && !current.layout && (name === 'td' || name === 'th')) {
          closeCell(current);
          return;
        }
        if (current && !current.layout && name === 'tr') {
          closeRow(current);
          return;
        }
        if (current && name === 'table') {
          if (!current.layout) closeRow(current);
          flush();
          tables.pop();
          pending = undefined;
          return;
        }
        flush();
        pending = undefined;
        if (name === 'ul' || name === 'ol') lists.pop();
        else if (name === 'thead' && current) current.inHead = false;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );

  function closeCell(current: TableState): void {
    const cell = current.cell;
    if (!cell) return;
    addPart(cell, take());
    current.cell = undefined;
    current.row ??= { cells: [], allHeader: true, line: cell.parts.find((part) => part.text)?.line ?? 1 };
    current.row.cells.push(cell.parts);
    if (!cell.header) current.row.allHeader = false;
  }

  function closeRow(current: TableState): void {
    closeCell(current);
    const row = current.row;
    current.row = undefined;
    if (!row) return;
    const cells = row.cells.map(cellText);
    if (cells.every((cell) => cell === '')) return;
    if (row.allHeader && current.rows === 0 && current.header.length === 0) {
      current.header = cells;
      return;
    }
    current.rows++;
    blocks.push({
      kind: 'row',
      text: cells.filter(Boolean).join(' | '),
      line: row.line,
      nest: nest(),
      ordinal: current.rows,
      cells,
      header: current.header,
    });
  }

  parser.write(html);
  parser.end();
  flush();
  return blocks;
}
