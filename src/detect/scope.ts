// A small scope analyser over ESTree: enough to know what a name refers to at a use site — a global,
// an import, a local whose initializer we can follow, or something of ours (a parameter, a function).
import { forEachChild, isTypeOnly, staticPropertyName, stringValue, type Node } from './estree.js';

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
  readonly bindings = new Map<string, Binding>();
  readonly functionScope: Scope;

  constructor(
    readonly kind: 'module' | 'function' | 'block',
    readonly parent: Scope | null,
  ) {
    this.functionScope = kind === 'block' && parent ? parent.functionScope : this;
  }

  lookup(name: string): Binding | undefined {
    for (let scope: Scope | null = this; scope; scope = scope.parent) {
      const binding = scope.bindings.get(name);
      if (binding) return binding;
    }
    return undefined;
  }
}

export interface ScopeTree {
  moduleScope: Scope;
  /** The scope a scope-creating node opens. */
  scopeOf: Map<Node, Scope>;
}

// Babel's methods (ObjectMethod, ClassMethod) are functions themselves; ESTree wraps a FunctionExpression.
const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression', 'ObjectMethod', 'ClassMethod', 'ClassPrivateMethod']);

export function isFunction(node: Node): boolean {
  return FUNCTION_TYPES.has(node.type);
}

/** Declares every binding of a program. Declarations are hoisted by construction: this pass ends before any lookup. */
export function buildScopes(program: Node): ScopeTree {
  const moduleScope = new Scope('module', null);
  const scopeOf = new Map<Node, Scope>([[program, moduleScope]]);

  const declare = (scope: Scope, binding: Omit<Binding, 'scope'>): void => {
    // The first declaration wins for hoisted duplicates (`var a; var a = wx`): keep the one with an initializer.
    const existing = scope.bindings.get(binding.name);
    if (existing && existing.init && !binding.init) return;
    scope.bindings.set(binding.name, { ...binding, scope });
  };

  const declarePattern = (
    pattern: Node,
    scope: Scope,
    kind: BindingKind,
    init: Node | undefined,
    path: string[] | undefined,
    extra: Partial<Binding> = {},
  ): void => {
    switch (pattern.type) {
      case 'Identifier':
        declare(scope, { name: pattern.name, kind, identifier: pattern, init, path, ...extra });
        break;
      case 'ObjectPattern':
        for (const property of pattern.properties) {
          if (property.type === 'RestElement') {
            // `const { a, ...rest } = wx`: rest still carries wx's other members.
            declarePattern(property.argument, scope, kind, init, path, extra);
          } else {
            const key = staticPropertyName(property.key, property.computed);
            declarePattern(property.value, scope, kind, init, path && key !== undefined ? [...path, key] : undefined, extra);
          }
        }
        break;
      case 'ArrayPattern':
        for (const element of pattern.elements) if (element) declarePattern(element, scope, kind, undefined, undefined, extra);
        break;
      case 'AssignmentPattern':
        declarePattern(pattern.left, scope, kind, init, path, extra);
        break;
      case 'RestElement':
        declarePattern(pattern.argument, scope, kind, undefined, undefined, extra);
        break;
      case 'TSParameterProperty':
        declarePattern(pattern.parameter, scope, kind, init, path, extra);
        break;
      default:
        break;
    }
  };

  const visit = (node: Node, scope: Scope): void => {
    if (isTypeOnly(node)) return;
    switch (node.type) {
      case 'ImportDeclaration': {
        const source = stringValue(node.source);
        if (source === undefined) return;
        for (const specifier of node.specifiers) {
          if (specifier.importKind === 'type') continue;
          const imported =
            specifier.type === 'ImportDefaultSpecifier'
              ? 'default'
              : specifier.type === 'ImportNamespaceSpecifier'
                ? '*'
                : (staticPropertyName(specifier.imported, false) ?? 'default');
          declare(moduleScope, { name: specifier.local.name, kind: 'import', identifier: specifier.local, importSource: { source, imported } });
        }
        return;
      }
      case 'TSImportEqualsDeclaration': {
        // import x = require('m')
        const reference = node.moduleReference;
        const source = reference?.type === 'TSExternalModuleReference' ? stringValue(reference.expression) : undefined;
        if (source !== undefined && node.importKind !== 'type') {
          declare(scope, { name: node.id.name, kind: 'import', identifier: node.id, importSource: { source, imported: '*' } });
        }
        return;
      }
      case 'VariableDeclaration': {
        const target = node.kind === 'var' ? scope.functionScope : scope;
        const kind: BindingKind = node.kind === 'var' ? 'var' : node.kind === 'let' ? 'let' : 'const';
        for (const declarator of node.declarations) {
          declarePattern(declarator.id, target, kind, declarator.init ?? undefined, declarator.init ? [] : undefined);
          if (declarator.init) visit(declarator.init, scope);
        }
        return;
      }
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'ObjectMethod':
      case 'ClassMethod':
      case 'ClassPrivateMethod': {
        if (node.computed && node.key) visit(node.key, scope);
        for (const decorator of node.decorators ?? []) visit(decorator, scope);
        if (node.type === 'FunctionDeclaration' && node.id) declare(scope, { name: node.id.name, kind: 'function', identifier: node.id });
        const fnScope = new Scope('function', scope);
        scopeOf.set(node, fnScope);
        if (node.type === 'FunctionExpression' && node.id) declare(fnScope, { name: node.id.name, kind: 'function', identifier: node.id });
        node.params.forEach((param: Node, index: number) => {
          declarePattern(param, fnScope, 'param', undefined, undefined, { fn: node, paramIndex: index });
          visitPatternDefaults(param, fnScope);
        });
        if (node.body) {
          if (node.body.type === 'BlockStatement') {
            // The body block shares the function scope, so `var` and parameters live together.
            scopeOf.set(node.body, fnScope);
            for (const statement of node.body.body) visit(statement, fnScope);
          } else {
            visit(node.body, fnScope);
          }
        }
        return;
      }
      case 'ClassDeclaration':
      case 'ClassExpression': {
        if (node.type === 'ClassDeclaration' && node.id) declare(scope, { name: node.id.name, kind: 'class', identifier: node.id });
        const classScope = new Scope('block', scope);
        scopeOf.set(node, classScope);
        if (node.type === 'ClassExpression' && node.id) declare(classScope, { name: node.id.name, kind: 'class', identifier: node.id });
        if (node.superClass) visit(node.superClass, scope);
        for (const decorator of node.decorators ?? []) visit(decorator, scope);
        visit(node.body, classScope);
        return;
      }
      case 'CatchClause': {
        const catchScope = new Scope('block', scope);
        scopeOf.set(node, catchScope);
        if (node.param) declarePattern(node.param, catchScope, 'catch', undefined, undefined);
        visit(node.body, catchScope);
        return;
      }
      case 'BlockStatement':
      case 'StaticBlock':
      case 'SwitchStatement':
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
      case 'TSModuleBlock': {
        const blockScope = new Scope('block', scope);
        scopeOf.set(node, blockScope);
        forEachChild(node, (child) => visit(child, blockScope));
        return;
      }
      case 'TSEnumDeclaration':
      case 'TSModuleDeclaration':
        if (node.id?.type === 'Identifier') declare(scope, { name: node.id.name, kind: 'other', identifier: node.id });
        forEachChild(node, (child, key) => key !== 'id' && visit(child, scope));
        return;
      default:
        forEachChild(node, (child) => visit(child, scope));
    }
  };

  // Default values of parameters are expressions that may contain functions with scopes of their own.
  const visitPatternDefaults = (pattern: Node, scope: Scope): void => {
    if (pattern.type === 'AssignmentPattern') visit(pattern.right, scope);
    forEachChild(pattern, (child, key) => {
      if (key !== 'right' && key !== 'key') visitPatternDefaults(child, scope);
    });
  };

  for (const statement of program.body) visit(statement, moduleScope);
  return { moduleScope, scopeOf };
}
