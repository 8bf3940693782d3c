import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { BABEL_VISITOR_KEYS } from './babel-visitor-keys.js';

// The slice of ESTree the detector reads. Babel (estree plugin), espree, typescript-eslint and
// vue-eslint-parser all produce this shape, which is what lets the CLI and the ESLint plugin share one detector.

export interface Location {
  line: number;
  /** 0-based, as parsers report it. */
  column: number;
}

export interface Node {
  type: string;
  loc?: { start: Location; end: Location } | null;
  start?: number;
  end?: number;
  range?: [number, number];
  // Every other field is read by name with a check of its `type`.
  [key: string]: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** Keys that never lead to runtime code worth analysing. */
const SKIPPED_KEYS = new Set([
  'type',
  'loc',
  'range',
  'start',
  'end',
  'parent',
  'extra',
  'leadingComments',
  'trailingComments',
  'innerComments',
  'comments',
  'tokens',
  // vue-eslint-parser hangs the <template> AST off Program: template expressions run against the component
  // instance, not module scope (`wx` is not reachable there), and `privlint scan` reads only script blocks.
  'templateBody',
  // Types describe values, they never collect anything; `typeof wx.getLocation` in a type must not count.
  'typeAnnotation',
  'returnType',
  'typeParameters',
  'superTypeParameters',
  'typeArguments',
  'implements',
  'predicate',
]);

/** Node types that hold no runtime code at all. */
const TYPE_ONLY = new Set([
  'TSTypeAliasDeclaration',
  'TSInterfaceDeclaration',
  'TSDeclareFunction',
  'TSDeclareMethod',
  'TSTypeAnnotation',
  'TSTypeReference',
  'TSTypeQuery',
  'TSIndexSignature',
  'TSAbstractMethodDefinition',
  'TSAbstractPropertyDefinition',
  'DeclareVariable',
  'DeclareFunction',
  'DeclareClass',
  'DeclareModule',
  'TypeAlias',
  'InterfaceDeclaration',
  'OpaqueType',
]);

export function isTypeOnly(node: Node): boolean {
  const type = node.type;
  if (TYPE_ONLY.has(type)) return true;
  // `declare const wx: …`, `declare module 'x' {…}`, `declare global {…}`: descriptions of things that exist elsewhere.
  if (node.declare === true) return true;
  return (type === 'ImportDeclaration' || type === 'ExportNamedDeclaration' || type === 'ExportAllDeclaration') && isTypeOnlyImportOrExport(node);
}

// Apart from isTypeOnly, which walkers run on every node: the few shapes of these nodes, met one by one, would
// otherwise make the optimised walker start over each time a new one turns up.
function isTypeOnlyImportOrExport(node: Node): boolean {
  if (node.importKind === 'type') return true;
  return node.type !== 'ImportDeclaration' && node.exportKind === 'type';
}

// Known node types are walked by their visitor keys (ESTree + TypeScript, as ESLint does): far cheaper than
// enumerating every property. Unknown types (parser extensions) fall back to enumeration.
// The CLI parses with Babel (its own node names); ESLint hands over ESTree: the union of both key sets.
const CHILD_KEYS = new Map<string, readonly string[]>();
for (const table of [BABEL_VISITOR_KEYS, visitorKeys] as Record<string, readonly string[]>[]) {
  for (const [type, keys] of Object.entries(table)) {
    const merged = new Set([...(CHILD_KEYS.get(type) ?? []), ...keys.filter((key) => !SKIPPED_KEYS.has(key))]);
    CHILD_KEYS.set(type, [...merged]);
  }
}

/**
 * The keys of `node` that may hold child nodes, in source order. Hot walkers loop over these themselves (see
 * forEachChild for the value checks) rather than take a callback: a closure per node is most of a walk's cost.
 */
export function childKeys(node: Node): readonly string[] {
  const keys = CHILD_KEYS.get(node.type);
  if (keys) return keys;
  const found: string[] = [];
  for (const key in node) if (!SKIPPED_KEYS.has(key)) found.push(key);
  return found;
}

/** Calls `visit(child, key)` for each child node of `node`, in source order. */
export function forEachChild(node: Node, visit: (child: Node, key: string) => void): void {
  const keys = childKeys(node);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    const value = node[key];
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const element = value[i];
        if (element !== null && typeof element === 'object' && typeof element.type === 'string') visit(element, key);
      }
    } else if (typeof value.type === 'string') {
      visit(value, key);
    }
  }
}

/** The static name of a member access or property key: `a.b`, `a['b']`, `` a[`b`] ``; otherwise undefined. */
export function staticPropertyName(node: Node, computed: boolean): string | undefined {
  if (!computed) {
    if (node.type === 'Identifier') return node.name;
    if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
    if (node.type === 'StringLiteral') return node.value;
    return undefined;
  }
  return stringValue(node);
}

/** The value of a string literal or an expression-free template literal. */
export function stringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'StringLiteral') return node.value;
  if (node.type === 'TemplateLiteral' && node.expressions.length === 0) return node.quasis[0]?.value?.cooked ?? undefined;
  return undefined;
}

/** Expressions whose value is their `expression`'s: parentheses, TS assertions, `!`, `satisfies`, `?.` chains. */
export const TRANSPARENT_TYPES: ReadonlySet<string> = new Set([
  'TSAsExpression',
  'TSSatisfiesExpression',
  'TSNonNullExpression',
  'TSTypeAssertion',
  'TSInstantiationExpression',
  'TypeCastExpression',
  'ParenthesizedExpression',
  'ChainExpression',
]);

/** Unwraps expressions that do not change the value (TRANSPARENT_TYPES). */
export function unwrapTransparent(node: Node): Node {
  let current = node;
  while (TRANSPARENT_TYPES.has(current.type)) current = current.expression;
  return current;
}
