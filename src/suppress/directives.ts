// Suppression directives as written in source comments:
//   // privlint-disable-next-line location -- shown only after the user taps "nearby"
//   wx.getLocation() // privlint-disable-line location, clipboard -- reason
//   /* privlint-disable-file all -- generated SDK glue, reviewed in PRIV-12 */
// Read from the comments of the parsed program (no text scanning, so a directive inside a string is none).
// Parsing only records what is written; src/suppress/apply.ts decides whether it is valid and what it covers.

import type { SourceComment as Comment } from '../parse/parse.js';

export type DirectiveKind = 'next-line' | 'line' | 'file';

/** A plain record (it crosses the worker boundary). */
export interface Directive {
  /** The file as reports show it. */
  file: string;
  /** `unknown` for `privlint-disable…` spelled some other way. */
  kind: DirectiveKind | 'unknown';
  /** The directive's name as written, e.g. `privlint-disable-next-line`. */
  name: string;
  /** Rule ids, category ids or `all`, as written. */
  targets: string[];
  /** The text after `--`, whitespace collapsed; '' when there is none. */
  reason: string;
  /** Where the comment starts (1-based line and column) and the line it ends on. */
  line: number;
  column: number;
  endLine: number;
}

export interface ProgramComments {
  /** The parser's list of the program's comments. */
  comments: readonly Comment[];
  toSource?: (line: number, column: number) => { line: number; column: number };
}

export const DIRECTIVE_PREFIX = 'privlint-disable';
const DIRECTIVE = /^privlint-disable(\S*)([\s\S]*)$/;
const KINDS: Record<string, DirectiveKind> = { '-next-line': 'next-line', '-line': 'line', '-file': 'file' };

/** The directives in a parsed file. Cheap for the usual file: callers skip it unless the text mentions the prefix. */
export function readDirectives(programs: readonly ProgramComments[], reportFile: string): Directive[] {
  const directives: Directive[] = [];
  for (const { comments, toSource } of programs) {
    for (const comment of comments) {
      const directive = parseDirective(comment, reportFile, toSource);
      if (directive) directives.push(directive);
    }
  }
  return directives.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** One comment → a directive, or undefined when the comment is not one. */
export function parseDirective(comment: Comment, reportFile: string, toSource?: ProgramComments['toSource']): Directive | undefined {
  if (!comment.loc) return undefined;
  // Block comments written as `/** … */` or with a leading `*` still count.
  const body = comment.value.replace(/^[\s*]+/, '').replace(/[\s*]+$/, '');
  const match = DIRECTIVE.exec(body);
  if (!match) return undefined;
  const suffix = match[1]!;
  const rest = match[2]!;
  const separator = rest.search(/(^|\s)--(\s|$)/);
  const targetText = separator < 0 ? rest : rest.slice(0, separator);
  const reason = separator < 0 ? '' : rest.slice(separator).replace(/^\s*--/, '').replace(/\s+/g, ' ').trim();
  const start = toSource ? toSource(comment.loc.start.line, comment.loc.start.column) : comment.loc.start;
  const end = toSource ? toSource(comment.loc.end.line, comment.loc.end.column) : comment.loc.end;
  return {
    file: reportFile,
    kind: KINDS[suffix] ?? 'unknown',
    name: `privlint-disable${suffix}`,
    targets: targetText.split(/[\s,]+/).filter((target) => target.length > 0),
    reason,
    line: start.line,
    column: start.column + 1,
    endLine: end.line,
  };
}
