// Source text → programs. One parser (@babel/parser, Babel's own tree shape) for every language; the detector
// reads both Babel's shape and the ESTree shape the ESLint plugin gets from espree / typescript-eslint.
import type { ParserOptions, ParserPlugin } from '@babel/parser';
import { createRequire } from 'node:module';
import { preprocessEts } from './ets.js';
import { parseSfcScripts } from './vue-sfc.js';
import type { Node } from '../detect/estree.js';

export interface ParsedProgram {
  program: Node;
  /** The exact text the program was parsed from (node.start/end index into it). */
  code: string;
  /** Every comment of the program, in source order. */
  comments: SourceComment[];
  /** Maps a parser location (1-based line, 0-based column) to the original file, when the text was rewritten. */
  toSource?: (line: number, column: number) => { line: number; column: number };
}

export interface SourceComment {
  type: string;
  value: string;
  start?: number;
  loc?: { start: { line: number; column: number }; end: { line: number; column: number } };
}

export interface ParseProblem {
  line: number;
  /** 1-based. */
  column: number;
  message: string;
}

export interface ParseResult {
  programs: ParsedProgram[];
  problems: ParseProblem[];
}

// Required, not imported: importing a CommonJS package from ESM first scans its 500 KB source for export names.
const require = createRequire(import.meta.url);
const { parse: babelParse } = require('@babel/parser') as typeof import('@babel/parser');

export { SOURCE_EXTENSIONS, languageOf, type SourceLanguage } from './languages.js';
import { languageOf } from './languages.js';

const BASE_OPTIONS: ParserOptions = {
  sourceType: 'module',
  errorRecovery: true,
  allowReturnOutsideFunction: true,
  allowImportExportEverywhere: true,
  allowAwaitOutsideFunction: true,
  allowSuperOutsideMethod: true,
  allowUndeclaredExports: true,
  createImportExpressions: true,
  tokens: false,
  ranges: false,
  // Nothing reads comments off nodes (directives come from the program's comment list): ~5 % of parse time.
  attachComment: false,
};

/** Parses one source file; never throws for bad syntax (problems are returned), only for bugs. */
export function parseSource(text: string, file: string): ParseResult {
  const kind = languageOf(file);
  if (!kind) return { programs: [], problems: [] };
  switch (kind.language) {
    case 'vue':
      return parseVue(text, file);
    case 'ets': {
      const rewritten = preprocessEts(text);
      const result = parseScript(rewritten.code, { typescript: true, jsx: false });
      for (const program of result.programs) program.toSource = rewritten.toSource;
      result.problems = result.problems.map((p) => {
        const mapped = rewritten.toSource(p.line, p.column - 1);
        return { ...p, line: mapped.line, column: mapped.column + 1 };
      });
      return result;
    }
    default:
      return parseScript(text, { typescript: kind.language === 'ts', jsx: kind.jsx });
  }
}

interface ScriptFlavour {
  typescript: boolean;
  jsx: boolean;
  startLine?: number;
  startColumn?: number;
}

function parseScript(code: string, flavour: ScriptFlavour): ParseResult {
  const attempts: ParserPlugin[][] = flavour.typescript
    ? [flavour.jsx ? ['typescript', 'jsx'] : ['typescript']]
    : // Plain JS may carry JSX (React Native) or Flow annotations (older RN code).
      [['jsx'], ['jsx', 'flow'], []];
  // The first recovered tree wins unless a later flavour parses cleanly.
  let recovered: ParseResult | undefined;
  let firstFailure: ParseProblem | undefined;
  for (const plugins of attempts) {
    try {
      const ast = babelParse(code, {
        ...BASE_OPTIONS,
        ...(flavour.startLine ? { startLine: flavour.startLine } : {}),
        ...(flavour.startColumn ? { startColumn: flavour.startColumn } : {}),
        // No estree plugin: converting Babel's tree to ESTree costs more than parsing; the detector reads both shapes.
        plugins: [...plugins, 'decorators-legacy', 'importAttributes', 'explicitResourceManagement'],
      }) as unknown as { program: Node; comments?: SourceComment[]; errors?: { message: string; loc?: { line: number; column: number } }[] };
      const program: ParsedProgram = { program: ast.program, code, comments: ast.comments ?? [] };
      if (!ast.errors || ast.errors.length === 0) return { programs: [program], problems: [] };
      recovered ??= { programs: [program], problems: [toProblem(ast.errors[0]!)] };
    } catch (error) {
      if (error instanceof RangeError) throw error; // stack overflow: the caller reports it as too deeply nested
      firstFailure ??= toProblem(error as { message: string; loc?: { line: number; column: number } });
    }
  }
  return recovered ?? { programs: [], problems: [firstFailure!] };
}

function toProblem(error: { message: string; loc?: { line: number; column: number } }): ParseProblem {
  const message = error.message.replace(/\s*\(\d+:\d+\)$/, '');
  return { line: error.loc?.line ?? 1, column: (error.loc?.column ?? 0) + 1, message };
}

function parseVue(text: string, file: string): ParseResult {
  const { script, scriptSetup, problems } = parseSfcScripts(text, file);
  const result: ParseResult = { programs: [], problems: [] };
  // Template errors do not stop script analysis; they are reported so nothing is silently lost.
  for (const problem of problems) result.problems.push({ line: problem.line ?? 1, column: problem.column ?? 1, message: problem.message });
  const blocks = [script, scriptSetup].filter((block) => block !== null).sort((a, b) => a.start.offset - b.start.offset);
  if (blocks.length === 0) return result;
  const flavours = blocks.map((block) => scriptFlavour(block.lang));
  const separately = (): ParseResult => {
    const parsed: ParseResult = { programs: [], problems: [] };
    blocks.forEach((block, i) => {
      const one = parseScript(block.content, { ...flavours[i]!, startLine: block.start.line, startColumn: block.start.column - 1 });
      parsed.programs.push(...one.programs);
      parsed.problems.push(...one.problems);
    });
    return parsed;
  };
  let scripts: ParseResult;
  if (blocks.length === 1) {
    scripts = separately();
  } else {
    // `<script>` and `<script setup>` share one module scope in the compiled component (and in vue-eslint-parser,
    // which the ESLint plugin uses): an import or a shadowing declaration in one counts in the other. So both are
    // parsed as one text in which everything else is blanked out, line breaks kept: positions are the file's own.
    let code = '';
    let end = 0;
    for (const block of blocks) {
      code += blank(text.slice(end, block.start.offset)) + block.content;
      end = block.start.offset + block.content.length;
    }
    code += blank(text.slice(end));
    scripts = parseScript(code, { typescript: flavours.some((f) => f.typescript), jsx: flavours.every((f) => f.jsx) });
    if (scripts.problems.length > 0) {
      // Blocks of different languages, or one that does not parse: each block alone is the better reading when
      // that parses cleanly, or when the joined text gave no program at all.
      const alone = separately();
      if (alone.problems.length === 0 || scripts.programs.length === 0) scripts = alone;
    }
  }
  result.programs.push(...scripts.programs);
  result.problems.push(...scripts.problems);
  return result;
}

function scriptFlavour(lang: string | undefined): { typescript: boolean; jsx: boolean } {
  const name = (lang ?? 'js').toLowerCase();
  return { typescript: name === 'ts' || name === 'tsx' || name === 'uts', jsx: name === 'tsx' || name === 'jsx' || name === 'js' };
}

/** The text with every character but CR and LF turned into a space (UTF-16 units one for one: columns stay). */
function blank(text: string): string {
  return text.replace(/[^\r\n]/g, ' ');
}
