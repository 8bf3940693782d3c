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
  if (TYPE_ONLY.has(node.type)) return true;
  // `declare const wx: …`, `declare module 'x' {…}`, `declare global {…}`: descriptions of things that exist elsewhere.
  if (node.declare === true) return true;
  if ((node.type === 'ImportDeclaration' || node.type === 'ExportNamedDeclaration' || node.type === 'ExportAllDeclaration') && node.importKind === 'type') return true;
  if ((node.type === 'ExportNamedDeclaration' || node.type === 'ExportAllDeclaration') && node.exportKind === 'type') return true;
  return false;
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

/** Calls `visit(child, key)` for each child node of `node`, in source order. */
export function forEachChild(node: Node, visit: (child: Node, key: string) => void): void {
  const keys = CHILD_KEYS.get(node.type);
  if (keys) {
    for (const key of keys) visitValue(node[key], key, visit);
    return;
  }
  for (const key in node) {
    if (SKIPPED_KEYS.has(key)) continue;
    visitValue(node[key], key, visit);
  }
}

function visitValue(value: unknown, key: string, visit: (child: Node, key: string) => void): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const element of value) {
      if (element !== null && typeof element === 'object' && typeof element.type === 'string') visit(element, key);
    }
  } else if (typeof (value as Node).type === 'string') {
    visit(value as Node, key);
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

/** Unwraps expressions that do not change the value: parentheses, TS assertions, `!`, `satisfies`. */
export function unwrapTransparent(node: Node): Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
      case 'TypeCastExpression':
      case 'ParenthesizedExpression':
      case 'ChainExpression':
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}
