// A small scope analyser over ESTree: enough to know what a name refers to at a use site — a global,
// an import, a local whose initializer we can follow, or something of ours (a parameter, a function).
import { childKeys, forEachChild, isTypeOnly, staticPropertyName, stringValue, type Node } from './estree.js';

export type BindingKind = 'import' | 'var' | 'let' | 'const' | 'param' | 'function' | 'class' | 'catch' | 'other';

export interface ImportSource {
  source: string;
  /** `default`, `*` for a namespace import, or the imported name. */
  imported: string;
}

export interface Binding {
  name: string;
  kind: BindingKind;
  scope: Scope;
  identifier: Node;
  /** Variable initializer the binding was destructured from. */
  init?: Node;
  /** Property path from `init` to this binding (`const { a: { b } } = x` → ['a','b']); undefined when not followable. */
  path?: string[];
  importSource?: ImportSource;
  /** For parameters: the function and the parameter's index. */
  fn?: Node;
  paramIndex?: number;
}

export class Scope {
  /** Created on the first declaration: most block scopes declare nothing, and lookups skip them. */
  bindings: Map<string, Binding> | undefined = undefined;
  readonly functionScope: Scope;

  constructor(
    readonly kind: 'module' | 'function' | 'block',
    readonly parent: Scope | null,
  ) {
    this.functionScope = kind === 'block' && parent ? parent.functionScope : this;
  }

  lookup(name: string): Binding | undefined {
    for (let scope: Scope | null = this; scope; scope = scope.parent) {
      const binding = scope.bindings?.get(name);
      if (binding) return binding;
    }
    return undefined;
  }
}

/** What the scope pass yields. */
export interface ScopeTree {
  moduleScope: Scope;
  /** The scope a scope-creating node opens. */
  scopeOf: Map<Node, Scope>;
  /** Function → the call it is an argument of (`then((ns) => …)`), for every function whose parameters were declared. */
  parentCalls: Map<Node, Node>;
  /** Every name bound by an import anywhere in the program. */
  importNames: Set<string>;
}

// Babel's methods (ObjectMethod, ClassMethod) are functions themselves; ESTree wraps a FunctionExpression.
const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ObjectMethod', 'ClassMethod', 'ClassPrivateMethod']);

export function isFunction(node: Node): boolean {
  return FUNCTION_TYPES.has(node.type);
}

/** Parameter bindings also record their function and position. */
interface ParamOf {
  fn: Node;
  paramIndex: number;
}

/**
 * The scope pass: declares every binding of a program. Nothing may be looked up before it ends (declarations hoist).
 * `visit` walks a subtree on its own; the detector's walk calls the per-node steps below (`openFunction`,
 * `declareDeclarator`, …) as it goes instead, so that one traversal serves both (see ProgramDetector.walk). Either
 * way the steps run in the same order, which decides which of two same-named declarations wins.
 */
export class ScopeBuilder implements ScopeTree {
  readonly moduleScope = new Scope('module', null);
  readonly scopeOf: Map<Node, Scope>;
  readonly parentCalls = new Map<Node, Node>();
  readonly importNames = new Set<string>();

  constructor(program: Node) {
    this.scopeOf = new Map<Node, Scope>([[program, this.moduleScope]]);
  }

  visit(node: Node, scope: Scope): void {
    if (isTypeOnly(node)) return;
    switch (node.type) {
      case 'CallExpression':
      case 'OptionalCallExpression':
        this.noteCall(node);
        break;
      case 'ImportDeclaration':
        this.declareImport(node);
        return;
      case 'TSImportEqualsDeclaration':
        this.declareImportEquals(node, scope);
        return;
      case 'VariableDeclaration':
        for (const declarator of node.declarations) {
          this.declareDeclarator(node, declarator, scope);
          if (declarator.init) this.visit(declarator.init, scope);
        }
        return;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'ObjectMethod':
      case 'ClassMethod':
      case 'ClassPrivateMethod': {
        if (node.computed && node.key) this.visit(node.key, scope);
        this.visitDecorators(node, scope);
        const fnScope = this.openFunction(node, scope);
        const params: Node[] = node.params;
        for (let index = 0; index < params.length; index++) this.declareParameter(node, index, fnScope);
        if (node.body) {
          if (node.body.type === 'BlockStatement') {
            this.shareFunctionScope(node.body, fnScope);
            for (const statement of node.body.body) this.visit(statement, fnScope);
          } else {
            this.visit(node.body, fnScope);
          }
        }
        return;
      }
      case 'ClassDeclaration':
      case 'ClassExpression': {
        const classScope = this.openClass(node, scope);
        this.visitClassHeritage(node, scope);
        this.visit(node.body, classScope);
        return;
      }
      case 'CatchClause': {
        const catchScope = this.openCatch(node, scope);
        this.visit(node.body, catchScope);
        return;
      }
      case 'BlockStatement':
      case 'StaticBlock':
      case 'SwitchStatement':
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'TSModuleBlock':
        this.visitChildren(node, this.openBlock(node, scope), undefined);
        return;
      case 'TSEnumDeclaration':
      case 'TSModuleDeclaration':
        this.declareEnumOrNamespace(node, scope);
        this.visitChildren(node, scope, 'id');
        return;
      default:
        break;
    }
    this.visitChildren(node, scope, undefined);
  }

  /** Visits every child node, except those under `skippedKey` (forEachChild without a callback, as in the detector's walk). */
  visitChildren(node: Node, scope: Scope, skippedKey: string | undefined): void {
    const keys = childKeys(node);
    for (let k = 0; k < keys.length; k++) if (keys[k] !== skippedKey) this.visitValue(node[keys[k]!], scope);
  }

  /** Visits a child value: a node, or an array of them (forEachChild's checks). */
  visitValue(value: unknown, scope: Scope): void {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const element = value[i];
        if (element !== null && typeof element === 'object' && typeof element.type === 'string') this.visit(element, scope);
      }
    } else if (typeof (value as Node).type === 'string') {
      this.visit(value as Node, scope);
    }
  }

  // ── the steps, one per kind of scope-relevant node ───────────────────────────────────────

  noteCall(call: Node): void {
    for (const argument of call.arguments) if (isFunction(argument)) this.noteArgumentOf(call, argument);
  }

  noteArgumentOf(call: Node, fn: Node): void {
    this.parentCalls.set(fn, call);
  }

  declareImport(declaration: Node): void {
    const source = stringValue(declaration.source);
    if (source === undefined) return;
    for (const specifier of declaration.specifiers) {
      if (specifier.importKind === 'type') continue;
      const imported =
        specifier.type === 'ImportDefaultSpecifier'
          ? 'default'
          : specifier.type === 'ImportNamespaceSpecifier'
            ? '*'
            : (staticPropertyName(specifier.imported, false) ?? 'default');
      this.declare(this.moduleScope, specifier.local.name, 'import', specifier.local, undefined, undefined, { source, imported }, undefined);
    }
  }

  /** import x = require('m') */
  declareImportEquals(declaration: Node, scope: Scope): void {
    const reference = declaration.moduleReference;
    const source = reference?.type === 'TSExternalModuleReference' ? stringValue(reference.expression) : undefined;
    if (source !== undefined && declaration.importKind !== 'type') {
      this.declare(scope, declaration.id.name, 'import', declaration.id, undefined, undefined, { source, imported: '*' }, undefined);
    }
  }

  /** The names one declarator of a `var` / `let` / `const` declaration binds (its initializer is visited separately). */
  declareDeclarator(declaration: Node, declarator: Node, scope: Scope): void {
    const target = declaration.kind === 'var' ? scope.functionScope : scope;
    const kind: BindingKind = declaration.kind === 'var' ? 'var' : declaration.kind === 'let' ? 'let' : 'const';
    this.declarePattern(declarator.id, target, kind, declarator.init ?? undefined, declarator.init ? [] : undefined);
  }

  /** A function's own name and its scope; its parameters follow (declareParameter), then its body. */
  openFunction(fn: Node, scope: Scope): Scope {
    if (fn.type === 'FunctionDeclaration' && fn.id) this.declare(scope, fn.id.name, 'function', fn.id, undefined, undefined, undefined, undefined);
    const fnScope = new Scope('function', scope);
    this.scopeOf.set(fn, fnScope);
    if (fn.type === 'FunctionExpression' && fn.id) this.declare(fnScope, fn.id.name, 'function', fn.id, undefined, undefined, undefined, undefined);
    return fnScope;
  }

  declareParameter(fn: Node, index: number, fnScope: Scope): void {
    const param: Node = fn.params[index];
    this.declarePattern(param, fnScope, 'param', undefined, undefined, { fn, paramIndex: index });
    this.visitPatternDefaults(param, fnScope);
  }

  /** The body block shares the function scope, so `var` and parameters live together. */
  shareFunctionScope(body: Node, fnScope: Scope): void {
    this.scopeOf.set(body, fnScope);
  }

  visitDecorators(node: Node, scope: Scope): void {
    for (const decorator of node.decorators ?? []) this.visit(decorator, scope);
  }

  openClass(classNode: Node, scope: Scope): Scope {
    if (classNode.type === 'ClassDeclaration' && classNode.id) this.declare(scope, classNode.id.name, 'class', classNode.id, undefined, undefined, undefined, undefined);
    const classScope = new Scope('block', scope);
    this.scopeOf.set(classNode, classScope);
    if (classNode.type === 'ClassExpression' && classNode.id) this.declare(classScope, classNode.id.name, 'class', classNode.id, undefined, undefined, undefined, undefined);
    return classScope;
  }

  /** What a class declaration evaluates outside its own scope: `extends …` and decorators. */
  visitClassHeritage(classNode: Node, scope: Scope): void {
    if (classNode.superClass) this.visit(classNode.superClass, scope);
    this.visitDecorators(classNode, scope);
  }

  openCatch(clause: Node, scope: Scope): Scope {
    const catchScope = new Scope('block', scope);
    this.scopeOf.set(clause, catchScope);
    if (clause.param) this.declarePattern(clause.param, catchScope, 'catch', undefined, undefined);
    return catchScope;
  }

  openBlock(block: Node, scope: Scope): Scope {
    const blockScope = new Scope('block', scope);
    this.scopeOf.set(block, blockScope);
    return blockScope;
  }

  declareEnumOrNamespace(node: Node, scope: Scope): void {
    if (node.id?.type === 'Identifier') this.declare(scope, node.id.name, 'other', node.id, undefined, undefined, undefined, undefined);
  }

  // ── declaring ────────────────────────────────────────────────────────────────────────────

  private declare(
    scope: Scope,
    name: string,
    kind: BindingKind,
    identifier: Node,
    init: Node | undefined,
    path: string[] | undefined,
    importSource: ImportSource | undefined,
    param: ParamOf | undefined,
  ): void {
    // The first declaration wins for hoisted duplicates (`var a; var a = wx`): keep the one with an initializer.
    const bindings = (scope.bindings ??= new Map());
    const existing = bindings.get(name);
    if (existing && existing.init && !init) return;
    if (kind === 'import') this.importNames.add(name);
    bindings.set(name, { name, kind, scope, identifier, init, path, importSource, fn: param?.fn, paramIndex: param?.paramIndex });
  }

  private declarePattern(pattern: Node, scope: Scope, kind: BindingKind, init: Node | undefined, path: string[] | undefined, param?: ParamOf): void {
    switch (pattern.type) {
      case 'Identifier':
        this.declare(scope, pattern.name, kind, pattern, init, path, undefined, param);
        break;
      case 'ObjectPattern':
        for (const property of pattern.properties) {
          if (property.type === 'RestElement') {
            // `const { a, ...rest } = wx`: rest still carries wx's other members.
            this.declarePattern(property.argument, scope, kind, init, path, param);
          } else {
            const key = staticPropertyName(property.key, property.computed);
            this.declarePattern(property.value, scope, kind, init, path && key !== undefined ? [...path, key] : undefined, param);
          }
        }
        break;
      case 'ArrayPattern':
        for (const element of pattern.elements) if (element) this.declarePattern(element, scope, kind, undefined, undefined, param);
        break;
      case 'AssignmentPattern':
        this.declarePattern(pattern.left, scope, kind, init, path, param);
        break;
      case 'RestElement':
        this.declarePattern(pattern.argument, scope, kind, undefined, undefined, param);
        break;
      case 'TSParameterProperty':
        this.declarePattern(pattern.parameter, scope, kind, init, path, param);
        break;
      default:
        break;
    }
  }

  /** Default values of parameters are expressions that may contain functions with scopes of their own. */
  private visitPatternDefaults(pattern: Node, scope: Scope): void {
    if (pattern.type === 'AssignmentPattern') this.visit(pattern.right, scope);
    forEachChild(pattern, (child, key) => {
      if (key !== 'right' && key !== 'key') this.visitPatternDefaults(child, scope);
    });
  }
}
