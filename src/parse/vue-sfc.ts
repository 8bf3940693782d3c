// The script blocks of a Vue single-file component, and the problems of the file, exactly as @vue/compiler-sfc's
// parse() gives them (its descriptor's `script` and `scriptSetup`, its errors), built on the same @vue/compiler-dom
// parse it calls. compiler-sfc also carries the style, template and script compilers: it takes ~55 ms to load where
// compiler-dom takes ~18, paid by every scan of a project with .vue files. test/engine/vue-sfc.test.ts holds this to
// compiler-sfc's own output on every .vue fixture and on generated components.
import { createRequire } from 'node:module';

export interface SfcScriptBlock {
  /** The text between the tags. */
  content: string;
  /** Where the content starts: 1-based line and column, 0-based offset. */
  start: { line: number; column: number; offset: number };
  lang: string | undefined;
}

export interface SfcProblem {
  message: string;
  /** 1-based; absent for problems of the whole file. */
  line?: number;
  column?: number;
}

export interface SfcScripts {
  script: SfcScriptBlock | null;
  scriptSetup: SfcScriptBlock | null;
  problems: SfcProblem[];
}

// The slice of compiler-dom's tree read here (node types: 1 element, 2 text; prop type 6 attribute).
interface Position {
  line: number;
  column: number;
  offset: number;
}
interface SfcNode {
  type: number;
  tag: string;
  content: string;
  loc: { start: Position };
  innerLoc?: { start: Position; end: Position };
  props: { type: number; name: string; value?: { content: string }; loc: { start: Position } }[];
  children: SfcNode[];
}
interface CompilerDom {
  parse(source: string, options: { parseMode: 'sfc'; prefixIdentifiers: boolean; onError: (error: { message: string; loc?: { start: Position } }) => void }): {
    children: SfcNode[];
  };
}

const require = createRequire(import.meta.url);
let compilerDom: CompilerDom | undefined;

/** Loaded on first use: most scans have no .vue file. */
function loadCompilerDom(): CompilerDom {
  return (compilerDom ??= require('@vue/compiler-dom') as CompilerDom);
}

interface Block extends SfcScriptBlock {
  src: boolean;
  setup: boolean;
}

export function parseSfcScripts(source: string, filename: string): SfcScripts {
  const problems: SfcProblem[] = [];
  const located = (message: string, at?: Position): SfcProblem => (at ? { message, line: at.line, column: at.column } : { message });
  const ast = loadCompilerDom().parse(source, {
    parseMode: 'sfc',
    prefixIdentifiers: true,
    onError: (error) => problems.push(located(error.message, error.loc?.start)),
  });
  let hasTemplate = false;
  let script: Block | null = null;
  let scriptSetup: Block | null = null;
  for (const node of ast.children) {
    if (node.type !== 1) continue;
    // compiler-sfc's ignoreEmpty (on by default): an empty block other than <template> does not count.
    if (node.tag !== 'template' && isEmpty(node) && !node.props.some((prop) => prop.type === 6 && prop.name === 'src')) continue;
    if (node.tag === 'template') {
      if (hasTemplate) {
        problems.push(located('Single file component can contain only one <template> element', node.loc.start));
        continue;
      }
      hasTemplate = true;
      const functional = node.props.find((prop) => prop.type === 6 && prop.name === 'functional');
      if (functional) {
        const message = '<template functional> is no longer supported in Vue 3, since functional components no longer have significant performance difference from stateful ones. Just use a normal <template> instead.';
        problems.push(located(message, functional.loc.start));
      }
    } else if (node.tag === 'script') {
      const block = blockOf(node, source);
      if (block.setup && !scriptSetup) scriptSetup = block;
      else if (!block.setup && !script) script = block;
      else problems.push(located(`Single file component can contain only one <script${block.setup ? ' setup' : ''}> element`, node.loc.start));
    } else if (node.tag === 'style' && node.props.some((prop) => prop.type === 6 && prop.name === 'vars')) {
      problems.push({ message: '<style vars> has been replaced by a new proposal: https://github.com/vuejs/rfcs/pull/231' });
    }
  }
  if (!hasTemplate && !script && !scriptSetup) {
    problems.push({ message: `At least one <template> or <script> is required in a single file component. ${filename}` });
  }
  if (scriptSetup) {
    if (scriptSetup.src) {
      problems.push({ message: '<script setup> cannot use the "src" attribute because its syntax will be ambiguous outside of the component.' });
      scriptSetup = null;
    }
    if (script?.src) {
      problems.push({ message: '<script> cannot use the "src" attribute when <script setup> is also present because they must be processed together.' });
      script = null;
    }
  }
  return { script: script && publicBlock(script), scriptSetup: scriptSetup && publicBlock(scriptSetup), problems };
}

function blockOf(node: SfcNode, source: string): Block {
  const inner = node.innerLoc!;
  let lang: string | undefined;
  let src = false;
  let setup = false;
  for (const prop of node.props) {
    if (prop.type !== 6) continue;
    // As compiler-sfc: an attribute's value, or true when it has none (or an empty one).
    const value = prop.value?.content || true;
    if (prop.name === 'lang') lang = prop.value?.content;
    else if (prop.name === 'src') src = Boolean(prop.value?.content);
    else if (prop.name === 'setup') setup = Boolean(value);
  }
  return { content: source.slice(inner.start.offset, inner.end.offset), start: inner.start, lang, src, setup };
}

function publicBlock(block: Block): SfcScriptBlock {
  return { content: block.content, start: block.start, lang: block.lang };
}

function isEmpty(node: SfcNode): boolean {
  return node.children.every((child) => child.type === 2 && child.content.trim() === '');
}
