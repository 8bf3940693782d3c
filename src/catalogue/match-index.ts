// The catalogue turned into lookup structures for the detector: a trie of access paths per root,
// the global names worth resolving, and the words a file must contain to be worth parsing.
import { GLOBAL_OBJECT_NAMES, type Catalogue, type CatalogueItem, type BridgeMethod, type ModuleMeta } from './load.js';

export interface Prefilter {
  test(text: string): boolean;
}

export interface TrieNode {
  children: Map<string, TrieNode>;
  items: CatalogueItem[];
}

export interface MatchIndex {
  catalogue: Catalogue;
  globals: Map<string, TrieNode>;
  modules: Map<string, TrieNode>;
  moduleMeta: Map<string, ModuleMeta>;
  /** Names that mean "the global object": `window.navigator` is `navigator`. */
  globalObjects: Set<string>;
  bridgeMethods: Map<string, BridgeMethod[]>;
  /** Matches any text that could hold a catalogued use; files without a match are not parsed. */
  prefilter: Prefilter;
}

export function buildMatchIndex(catalogue: Catalogue): MatchIndex {
  const globals = new Map<string, TrieNode>();
  const modules = new Map<string, TrieNode>();
  const words = new Set<string>();
  for (const item of catalogue.items) {
    for (const match of item.matches) {
      const roots = match.root === 'global' ? globals : modules;
      let node: TrieNode | undefined = roots.get(match.name);
      if (!node) roots.set(match.name, (node = newNode()));
      for (const segment of match.path) {
        let child: TrieNode | undefined = node.children.get(segment);
        if (!child) node.children.set(segment, (child = newNode()));
        node = child;
      }
      node.items.push(item);
      words.add(requiredWord(match));
    }
  }
  // The uni-app native bridges are reached through plus.android / plus.ios; the detector reads their arguments.
  for (const method of catalogue.bridgeMethods) {
    let node: TrieNode | undefined = globals.get('plus');
    if (!node) globals.set('plus', (node = newNode()));
    let bridge = node.children.get(method.bridge);
    if (!bridge) node.children.set(method.bridge, (bridge = newNode()));
    for (const entry of ['importClass', 'invoke']) if (!bridge.children.has(entry)) bridge.children.set(entry, newNode());
  }
  const bridgeMethods = new Map<string, BridgeMethod[]>();
  for (const method of catalogue.bridgeMethods) {
    const list = bridgeMethods.get(method.method) ?? [];
    list.push(method);
    bridgeMethods.set(method.method, list);
  }
  // Every bridge use goes through plus.android / plus.ios (importClass or invoke); method names such as
  // `string` or `items` are far too common to look for.
  if (catalogue.bridgeMethods.length > 0) words.add('plus');
  const moduleMeta = new Map(Object.entries(catalogue.modules));
  for (const [name, meta] of moduleMeta) {
    // `import { sim } from '@kit.TelephonyKit'`: the kit's export name is what the text holds.
    for (const exported of Object.keys(meta.exports ?? {})) words.add(exported);
    if (meta.aliasOf) words.add(name);
  }
  return {
    catalogue,
    globals,
    modules,
    moduleMeta,
    globalObjects: new Set(GLOBAL_OBJECT_NAMES),
    bridgeMethods,
    prefilter: buildPrefilter([...words]),
  };
}

/**
 * Generic names (`read`, `list`, `on`) appear in almost every file; an API reached through them is better
 * recognised by another name its use must spell: the module specifier or a more specific segment.
 */
const GENERIC_WORDS = new Set([
  'on', 'off', 'once', 'get', 'set', 'read', 'list', 'load', 'loadAll', 'string', 'items', 'paste', 'start', 'stop', 'scan',
  'find', 'fetch', 'data', 'info', 'open', 'check', 'request', 'watch', 'query', 'select', 'pick', 'capture', 'record',
  'refresh', 'device', 'getInfo', 'getData', 'getString', 'addListener', 'subscribe', 'current', 'search', 'show',
]);

/**
 * One name that any text using this access path must contain: every static path segment is spelled in the
 * source (as an identifier or a string), and so is a module specifier or a global's name. Cross-file aliases are
 * handled by the scan's later passes, not by this word.
 */
export function requiredWord(match: { root: 'global' | 'module'; name: string; path: string[] }): string {
  const segments = match.path.filter((segment) => segment !== '()' && segment !== 'default');
  // A specific segment beats the root's name (`react-native` is in every React Native file), which beats a short
  // segment (`one`, `json`: common words) and any generic one.
  const score = (word: string, isRoot: boolean) => (GENERIC_WORDS.has(word) ? 0 : isRoot ? 50 : word.length <= 4 ? 40 : 100) + Math.min(word.length, 30);
  let best = match.name;
  let bestScore = score(match.name, true);
  for (const segment of segments) {
    const segmentScore = score(segment, false);
    if (segmentScore > bestScore) [best, bestScore] = [segment, segmentScore];
  }
  return best;
}

/**
 * Names are matched only where a token starts (`\\b`): every use of an API spells its name as a whole token, and
 * the anchor lets the regular expression skip most positions (about 3 times faster than unanchored matching).
 * Short names must also end the token (`ble`, not `table`). All of them share one trie: a second alternative at
 * the top level makes irregexp try it at every position (measured 15 % slower over a large corpus). Scoped
 * package names start with `@`: `indexOf` finds each `@` and a sticky expression tries the names right after it
 * (an expression starting with `@` cost 78 ms over 140 MB, this 7 ms: JSDoc tags and decorators are common).
 */
function buildPrefilter(words: string[]): Prefilter {
  const tokens = words.filter((word) => /^\w/.test(word));
  const scoped = words.filter((word) => word.startsWith('@')).map((word) => word.slice(1));
  const other = words.filter((word) => !word.startsWith('@') && !/^\w/.test(word));
  const tests: ((text: string) => boolean)[] = [];
  if (tokens.length > 0) {
    const expression = new RegExp(`\\b${wordsToPattern(tokens, (word) => (word.length <= 4 ? '\\b' : ''))}`);
    tests.push((text) => expression.test(text));
  }
  if (scoped.length > 0) tests.push(afterEachAt(new RegExp(wordsToPattern(scoped), 'y')));
  if (other.length > 0) {
    const expression = new RegExp(wordsToPattern(other));
    tests.push((text) => expression.test(text));
  }
  return { test: (text) => tests.some((test) => test(text)) };
}

/** True when `sticky` matches right after some `@` of the text. */
function afterEachAt(sticky: RegExp): (text: string) => boolean {
  return (text) => {
    for (let at = text.indexOf('@'); at !== -1; at = text.indexOf('@', at + 1)) {
      sticky.lastIndex = at + 1;
      if (sticky.test(text)) return true;
    }
    return false;
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function newNode(): TrieNode {
  return { children: new Map(), items: [] };
}

/**
 * One pattern for many literal words, with common prefixes factored out (`get(?:Location|ClipboardData)`), which
 * irregexp scans much faster than a flat alternation. `suffix` is what must follow a word (e.g. `\\b`).
 */
function wordsToPattern(words: string[], suffix: (word: string) => string = () => ''): string {
  interface CharNode {
    next: Map<string, CharNode>;
    /** Set where a word ends: what must follow it. */
    end?: string;
  }
  const root: CharNode = { next: new Map() };
  for (const word of [...new Set(words)].sort()) {
    let node = root;
    for (const ch of word) {
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { next: new Map() }));
      node = child;
    }
    // A word with no suffix matches whatever follows, so it wins over a suffixed one at the same place.
    const required = suffix(word);
    node.end = node.end === '' ? '' : required;
  }
  const escape = (ch: string) => ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  const render = (node: CharNode): string => {
    // A word that is a prefix of longer ones and needs nothing after it already matches wherever they would.
    if (node.end === '') return '';
    const branches = [...node.next].map(([ch, child]) => escape(ch) + render(child));
    if (node.end !== undefined) branches.push(node.end);
    return branches.length === 1 ? branches[0]! : `(?:${branches.join('|')})`;
  };
  return root.next.size === 0 ? '(?!)' : render(root);
}
