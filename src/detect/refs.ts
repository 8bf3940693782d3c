// Symbolic values: what an expression refers to, as a root (a global, a module, a project file, an object
// literal) plus a property path. `const api = wx; api.getLocation` → { global wx, path [getLocation] }.
import type { Node } from './estree.js';
import type { Scope } from './scope.js';

/** Marks "the value returned (or constructed) by the call": `wx.getRecorderManager().start` → [getRecorderManager, '()', start]. */
export const CALL_RESULT = '()';

export type Ref =
  | { root: 'global'; name: string; path: string[] }
  | { root: 'module'; name: string; path: string[] }
  /** A project source file (absolute path); resolved through its export summary. */
  | { root: 'file'; name: string; path: string[] }
  /** An object literal in this file: `{ getLocation: wx.getLocation }`. */
  | { root: 'object'; node: Node; scope: Scope; path: string[] };

/** A Ref that can cross a worker boundary (no AST). */
export type PlainRef = Extract<Ref, { root: 'global' | 'module' | 'file' }>;

/**
 * What a project file exports, as dotted paths relative to its namespace: `x` for `export const x`,
 * `default`, `default.getLocation` for `export default { getLocation: wx.getLocation }`, and '' when
 * the whole namespace is a value (`module.exports = wx`).
 */
export interface ExportSummary {
  values: Record<string, PlainRef[]>;
  /** `export * from '…'` targets: project files (absolute) or bare module specifiers. */
  starFrom: PlainRef[];
}

export function withPath<T extends Ref>(ref: T, extra: readonly string[]): T {
  return extra.length === 0 ? ref : { ...ref, path: [...ref.path, ...extra] };
}

export function describeRef(ref: Ref): string {
  const head = ref.root === 'object' ? '{…}' : ref.root === 'module' ? `'${ref.name}'` : ref.root === 'file' ? `'${ref.name}'` : ref.name || 'globalThis';
  return [head, ...ref.path].join('.').replace(/\.\(\)/g, '()');
}

export function refKey(ref: PlainRef): string {
  return `${ref.root}:${ref.name}:${ref.path.join('.')}`;
}
