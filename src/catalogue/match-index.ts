// The catalogue turned into lookup structures for the detector: a trie of access paths per root,
// the global names worth resolving, and the words a file must contain to be worth parsing.
import { GLOBAL_OBJECT_NAMES, type Catalogue, type CatalogueItem, type BridgeMethod, type ModuleMeta } from './load.js';

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
  prefilter: RegExp;
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
      // The last real name on the path must appear in any text that uses it; a default export called
      // directly leaves no API name in the text, but the module specifier is there.
      const leaf = [...match.path].reverse().find((segment) => segment !== '()' && segment !== 'default');
      words.add(leaf ?? match.name);
    }
  }
  const bridgeMethods = new Map<string, BridgeMethod[]>();
  for (const method of catalogue.bridgeMethods) {
    const list = bridgeMethods.get(method.method) ?? [];
    list.push(method);
    bridgeMethods.set(method.method, list);
    words.add(method.method);
  }
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
    prefilter: wordsToRegExp([...words]),
  };
}

function newNode(): TrieNode {
  return { children: new Map(), items: [] };
}

/**
 * One regular expression for many literal words, with common prefixes factored out
 * (`get(?:Location|ClipboardData)`), which irregexp scans much faster than a flat alternation.
 */
export function wordsToRegExp(words: string[]): RegExp {
  interface CharNode {
    next: Map<string, CharNode>;
    end: boolean;
  }
  const root: CharNode = { next: new Map(), end: false };
  for (const word of [...new Set(words)].sort()) {
    let node = root;
    for (const ch of word) {
      let child = node.next.get(ch);
      if (!child) node.next.set(ch, (child = { next: new Map(), end: false }));
      node = child;
    }
    node.end = true;
  }
  const escape = (ch: string) => ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  const render = (node: CharNode): string => {
    // A word that is a prefix of another: the shorter one already matches, so the longer adds nothing.
    if (node.end) return '';
    const branches = [...node.next].map(([ch, child]) => escape(ch) + render(child));
    return branches.length === 1 ? branches[0]! : `(?:${branches.join('|')})`;
  };
  return root.next.size === 0 ? /(?!)/ : new RegExp(render(root));
}
