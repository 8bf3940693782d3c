// The detector: walks a program, resolves what each call, construction and property read refers to, and
// matches it against the catalogue. Shared by `privlint scan` and the ESLint plugin.
import type { CatalogueItem, BridgeMethod } from '../catalogue/load.js';
import type { MatchIndex, TrieNode } from '../catalogue/match-index.js';
import type { Detection } from '../types.js';
import { childKeys, forEachChild, isTypeOnly, staticPropertyName, stringValue, TRANSPARENT_TYPES, unwrapTransparent, type Node } from './estree.js';
import { isFunction, ScopeBuilder, type Binding, type Scope } from './scope.js';
import { argumentsMatch, callArguments } from './arguments.js';
import { isProjectSpecifier } from './specifier.js';
import { CALL_RESULT, describeRef, withPath, type ExportSummary, type PlainRef, type Ref } from './refs.js';

export interface DetectOptions {
  index: MatchIndex;
  /** The file as reports show it (relative to the working directory, `/`-separated). */
  reportFile: string;
  /** Absolute path of the file: the base for relative imports. */
  absoluteFile?: string;
  /** Maps an import specifier that points into the project to the absolute file it names. */
  resolveImport?: (specifier: string, fromFile: string) => string | undefined;
  /** Export summaries of project files, once known (second phase of a project scan). */
  summaries?: ReadonlyMap<string, ExportSummary>;
  /** Maps a parser location back to the original file when the text was rewritten (ArkTS). */
  toSource?: (line: number, column: number) => { line: number; column: number };
  /** The text the program was parsed from (for argument checks of bridge calls). */
  code?: string;
}

export interface ProgramAnalysis {
  detections: Detection[];
  exports: ExportSummary;
  /** Project files this program imports from (absolute). */
  projectImports: string[];
}

const MAX_RESOLVE_DEPTH = 40;
const MAX_REFS = 16;
/**
 * Nesting the walk refuses with the RangeError a stack overflow throws (the file is reported too deeply nested). On a
 * worker's 4 MB stack the walk overflows at about 10,000 levels, fewer or more with the JIT's state (the walk before
 * it, at 4,500 to 6,000): a fixed bound below that refuses the same files on every run, and none that walk analysed.
 */
const MAX_NESTING = 8000;

/** Field name → the expressions stored in it, each with the scope it is evaluated in. */
type ClassFields = Map<string, { node: Node; scope: Scope }[]>;
/** A class whose instance `this` is. Its fields are gathered on first use: most classes never need them. */
interface ClassFrame {
  classNode: Node;
  scope: Scope;
  fields?: ClassFields;
}

/**
 * Something the walk found to match, kept until every declaration is known (matching resolves names, and a name may
 * be declared below its use). `frame` is the class `this` refers to there; `init` the value a pattern destructures.
 */
class WalkEvent {
  constructor(
    readonly kind: 'call' | 'new' | 'read' | 'identifier' | 'destructure' | 'this',
    readonly node: Node,
    readonly scope: Scope,
    readonly frame: ClassFrame | undefined,
    readonly init: Node | undefined,
  ) {}
}

// Which children of a node the scope pass visits along with the detector's walk (walkChildrenSplit).
const BODY_ONLY = (key: string): boolean => key === 'body';
const ALL_BUT_ID = (key: string): boolean => key !== 'id';

export function detectProgram(program: Node, options: DetectOptions): ProgramAnalysis {
  return new ProgramDetector(program, options).run();
}

class ProgramDetector {
  private readonly index: MatchIndex;
  private readonly scopes: ScopeBuilder;
  private readonly events: WalkEvent[] = [];
  /** Names an identifier read may refer to an import by (see walkProgram). */
  private importCandidates: ReadonlySet<string> = new Set();
  private readonly memo = new Map<Node, Ref[]>();
  private readonly resolving = new Set<Binding>();
  private readonly detections: Detection[] = [];
  private readonly seen = new Set<string>();
  private readonly importedClasses = new Set<string>();
  private readonly bridgeCandidates: { node: Node; methods: BridgeMethod[] }[] = [];
  private readonly projectImports = new Set<string>();
  /** The class whose instance `this` is, innermost last (undefined inside a plain function, which rebinds `this`). */
  private readonly thisFrames: (ClassFrame | undefined)[] = [];
  /** While matching: the class `this` refers to at the event being matched. */
  private frame: ClassFrame | undefined;
  private readonly thisOf = new Map<Node, ClassFrame | undefined>();
  private readonly resolvingFields = new Set<Node>();
  private depth = 0;
  /** How deep walkValue is (see MAX_NESTING). */
  private nesting = 0;

  constructor(
    private readonly program: Node,
    private readonly options: DetectOptions,
  ) {
    this.index = options.index;
    this.scopes = new ScopeBuilder(program);
  }

  run(): ProgramAnalysis {
    this.walkProgram();
    this.matchEvents();
    this.flushBridgeCandidates();
    return { detections: this.detections, exports: this.exportSummary(), projectImports: [...this.projectImports].sort() };
  }

  // ── walking ───────────────────────────────────────────────────────────────────────────────
  //
  // One traversal declares every binding (the scope pass, ScopeBuilder) and records what to match (WalkEvent); the
  // matching runs after it, when every name is declared. Where the scope pass visits a node's children as the
  // detector does (most nodes), both run along (`declares`); where they differ, the scope pass visits that part on
  // its own (ScopeBuilder.visit) and the walk goes on without it (`declares` false), finding the scopes the pass
  // opened there in scopeOf. Each side thus keeps its own order, which is all its results depend on.

  private walkProgram(): void {
    const program = this.program;
    const moduleScope = this.scopes.moduleScope;
    // Imports are declared at the top level almost always; an identifier read is recorded only if it may name one.
    this.importCandidates = topLevelImportNames(program);
    if (isTypeOnly(program)) {
      for (const statement of program.body) this.scopes.visit(statement, moduleScope);
    } else {
      this.walkChildrenSplit(program, moduleScope, BODY_ONLY);
    }
    for (const name of this.scopes.importNames) {
      if (this.importCandidates.has(name)) continue;
      // An import elsewhere (`namespace N { import x = require('m') }`): walk again, now that every import is known.
      this.events.length = 0;
      this.importCandidates = this.scopes.importNames;
      this.walk(program, moduleScope, undefined, '', false);
      return;
    }
  }

  private record(kind: WalkEvent['kind'], node: Node, scope: Scope, init?: Node): void {
    this.events.push(new WalkEvent(kind, node, scope, this.thisFrames[this.thisFrames.length - 1], init));
  }

  private matchEvents(): void {
    for (const event of this.events) {
      this.frame = event.frame;
      switch (event.kind) {
        case 'call':
          this.onCall(event.node, event.scope);
          break;
        case 'new':
          this.onNew(event.node, event.scope);
          break;
        case 'read':
          this.onRead(event.node, event.scope);
          break;
        case 'identifier':
          this.onIdentifierRead(event.node, event.scope);
          break;
        case 'destructure':
          this.onDestructure(event.node, event.init!, event.scope);
          break;
        case 'this':
          this.thisOf.set(event.node, event.frame);
          break;
      }
    }
    this.frame = undefined;
  }

  /** The scope `node` opens, when the scope pass gave it one. */
  private scopeOpenedBy(node: Node, scope: Scope): Scope {
    return this.scopes.scopeOf.get(node) ?? scope;
  }

  /** `declares`: the scope pass runs along (see above). The commonest node types are handled here, the rest in walkOther. */
  private walk(node: Node, scope: Scope, parent: Node | undefined, key: string, declares: boolean): void {
    // isTypeOnly, in two: none of the types handled here is type-only by its type, only by `declare` (walkOther checks all).
    if (node.declare === true) return;
    // Children are read by name, in childKeys order (test/engine/walk.test.ts): the slow part of a walk is reading
    // `node[key]` across the many shapes AST nodes come in.
    switch (node.type) {
      case 'Identifier':
        // Only a name bound by an import is read here (onIdentifierRead). Positions first: they spare most names the
        // hashing of a set lookup.
        if (parent && isReferencePosition(parent, key) && isReadPosition(node, parent, key) && this.importCandidates.has(node.name)) {
          this.record('identifier', node, scope);
        }
        if (declares && node.decorators) this.scopes.visitValue(node.decorators, scope);
        return;
      case 'MemberExpression':
      case 'OptionalMemberExpression':
        if (isReadPosition(node, parent, key)) this.record('read', node, scope);
        this.walkValue(node.object, scope, node, 'object', declares);
        this.walkValue(node.property, scope, node, 'property', declares);
        return;
      case 'CallExpression':
      case 'OptionalCallExpression':
        this.record('call', node, scope);
        this.walkValue(node.callee, scope, node, 'callee', declares);
        this.walkValue(node.arguments, scope, node, 'arguments', declares);
        return;
      case 'NewExpression':
        this.record('new', node, scope);
        this.walkValue(node.callee, scope, node, 'callee', declares);
        this.walkValue(node.arguments, scope, node, 'arguments', declares);
        return;
      case 'ThisExpression':
        this.record('this', node, scope);
        return;
      case 'StringLiteral':
      case 'NumericLiteral':
      case 'BooleanLiteral':
      case 'NullLiteral':
      case 'TemplateElement':
      case 'Literal':
        return;
      case 'ExpressionStatement':
        this.walkValue(node.expression, scope, node, 'expression', declares);
        return;
      case 'ObjectExpression':
        this.walkValue(node.properties, scope, node, 'properties', declares);
        return;
      case 'ObjectProperty':
        this.walkValue(node.decorators, scope, node, 'decorators', declares);
        this.walkValue(node.key, scope, node, 'key', declares);
        this.walkValue(node.value, scope, node, 'value', declares);
        return;
      case 'Property':
        this.walkValue(node.key, scope, node, 'key', declares);
        this.walkValue(node.value, scope, node, 'value', declares);
        return;
      case 'ArrayExpression':
        this.walkValue(node.elements, scope, node, 'elements', declares);
        return;
      case 'AssignmentExpression':
        if (node.left.type === 'ObjectPattern' || node.left.type === 'ArrayPattern') break; // destructuring: walkOther
        this.walkValue(node.left, scope, node, 'left', declares);
        this.walkValue(node.right, scope, node, 'right', declares);
        return;
      case 'LogicalExpression':
      case 'BinaryExpression':
        this.walkValue(node.left, scope, node, 'left', declares);
        this.walkValue(node.right, scope, node, 'right', declares);
        return;
      case 'AwaitExpression':
      case 'ReturnStatement':
      case 'UnaryExpression':
      case 'SpreadElement':
        this.walkValue(node.argument, scope, node, 'argument', declares);
        return;
      case 'IfStatement':
      case 'ConditionalExpression':
        this.walkValue(node.test, scope, node, 'test', declares);
        this.walkValue(node.consequent, scope, node, 'consequent', declares);
        this.walkValue(node.alternate, scope, node, 'alternate', declares);
        return;
      case 'TemplateLiteral':
        this.walkValue(node.quasis, scope, node, 'quasis', declares);
        this.walkValue(node.expressions, scope, node, 'expressions', declares);
        return;
      case 'BlockStatement': {
        const inner = declares ? this.scopes.openBlock(node, scope) : this.scopeOpenedBy(node, scope);
        this.walkValue(node.directives, inner, node, 'directives', declares);
        this.walkValue(node.body, inner, node, 'body', declares);
        return;
      }
      case 'VariableDeclaration':
        if (!declares) break;
        // The walk visits each declarator; the scope pass declares it, then visits its initializer.
        for (const declarator of node.declarations) {
          this.scopes.declareDeclarator(node, declarator, scope);
          if (!isTypeOnly(declarator)) this.walkDeclarator(declarator, scope, true);
          else if (declarator.init) this.scopes.visit(declarator.init, scope);
        }
        return;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'ObjectMethod':
      case 'ClassMethod':
      case 'ClassPrivateMethod':
        this.walkFunction(node, scope, parent, key, declares);
        return;
      default:
        break;
    }
    this.walkOther(node, scope, declares);
  }

  /** Node types that open a scope or declare (functions aside), and every other type by its child keys. */
  private walkOther(node: Node, scope: Scope, declares: boolean): void {
    if (isTypeOnly(node)) return;
    switch (node.type) {
      case 'VariableDeclarator':
        if (declares) this.scopes.visit(node, scope);
        this.walkDeclarator(node, scope, false);
        return;
      case 'AssignmentExpression':
        // Destructuring (walk took every other assignment).
        if (declares) this.scopes.visit(node.left, scope);
        if (node.left.type === 'ObjectPattern') this.record('destructure', node.left, scope, node.right);
        this.walkPattern(node.left, scope);
        this.walk(node.right, scope, node, 'right', declares);
        return;
      case 'ClassDeclaration':
      case 'ClassExpression': {
        let inner: Scope;
        if (declares) {
          inner = this.scopes.openClass(node, scope);
          this.scopes.visitClassHeritage(node, scope);
        } else {
          inner = this.scopeOpenedBy(node, scope);
        }
        this.thisFrames.push({ classNode: node, scope: inner });
        if (declares) this.walkChildrenSplit(node, inner, BODY_ONLY);
        else this.walkChildren(node, inner, false);
        this.thisFrames.pop();
        return;
      }
      case 'CatchClause': {
        const inner = declares ? this.scopes.openCatch(node, scope) : this.scopeOpenedBy(node, scope);
        if (node.param) this.walkPattern(node.param, inner);
        this.walk(node.body, inner, node, 'body', declares);
        return;
      }
      case 'ForInStatement':
      case 'ForOfStatement': {
        let inner: Scope;
        if (declares) {
          inner = this.scopes.openBlock(node, scope);
          this.scopes.visit(node.left, inner);
        } else {
          inner = this.scopeOpenedBy(node, scope);
        }
        this.walkPattern(node.left, inner);
        this.walk(node.right, inner, node, 'right', declares);
        this.walk(node.body, inner, node, 'body', declares);
        return;
      }
      case 'StaticBlock':
      case 'SwitchStatement':
      case 'ForStatement':
      case 'TSModuleBlock':
        this.walkChildren(node, declares ? this.scopes.openBlock(node, scope) : this.scopeOpenedBy(node, scope), declares);
        return;
      case 'Program':
        // Only the root program has a scope (walkProgram); the scope pass sees any other as a plain node.
        this.walkChildren(node, declares ? scope : this.scopeOpenedBy(node, scope), declares);
        return;
      case 'ImportDeclaration':
        if (!declares) break;
        this.scopes.declareImport(node);
        this.walkChildren(node, scope, false);
        return;
      case 'TSImportEqualsDeclaration':
        if (!declares) break;
        this.scopes.declareImportEquals(node, scope);
        this.walkChildren(node, scope, false);
        return;
      case 'TSEnumDeclaration':
      case 'TSModuleDeclaration':
        if (!declares) break;
        this.scopes.declareEnumOrNamespace(node, scope);
        this.walkChildrenSplit(node, scope, ALL_BUT_ID);
        return;
      default:
        break;
    }
    this.walkChildren(node, scope, declares);
  }

  /** Walks a child value: a node, or an array of them (forEachChild's checks). */
  private walkValue(value: unknown, scope: Scope, parent: Node, key: string, declares: boolean): void {
    if (value === null || typeof value !== 'object') return;
    // Not restored when this throws: the whole analysis stops.
    if (++this.nesting > MAX_NESTING) throw new RangeError(`nesting deeper than ${MAX_NESTING} levels`);
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const element = value[i];
        if (element !== null && typeof element === 'object' && typeof element.type === 'string') this.walk(element, scope, parent, key, declares);
      }
    } else if (typeof (value as Node).type === 'string') {
      this.walk(value as Node, scope, parent, key, declares);
    }
    this.nesting--;
  }

  private walkDeclarator(declarator: Node, scope: Scope, declares: boolean): void {
    if (declarator.init && declarator.id.type === 'ObjectPattern') this.record('destructure', declarator.id, scope, declarator.init);
    this.walkPattern(declarator.id, scope);
    if (declarator.init) this.walk(declarator.init, scope, declarator, 'init', declares);
  }

  private walkFunction(fn: Node, scope: Scope, parent: Node | undefined, key: string, declares: boolean): void {
    if (fn.computed && fn.key) this.walk(fn.key, scope, fn, 'key', declares);
    let inner: Scope;
    if (declares) {
      // What ScopeBuilder.noteCall records when it visits the call: noted here, the call's arguments are read once.
      if (key === 'arguments' && parent !== undefined && isCallNode(parent)) this.scopes.noteArgumentOf(parent, fn);
      this.scopes.visitDecorators(fn, scope);
      inner = this.scopes.openFunction(fn, scope);
    } else {
      inner = this.scopeOpenedBy(fn, scope);
    }
    // A method keeps its class's `this`, and so does an arrow function; any other function rebinds it.
    const keepsThis = fn.type === 'ArrowFunctionExpression' || fn.type === 'ClassMethod' || fn.type === 'ClassPrivateMethod' || parent?.type === 'MethodDefinition';
    if (!keepsThis) this.thisFrames.push(undefined);
    const params: Node[] = fn.params;
    for (let index = 0; index < params.length; index++) {
      if (declares) this.scopes.declareParameter(fn, index, inner);
      this.walkPattern(params[index]!, inner);
    }
    const body = fn.body;
    if (body) {
      if (declares && body.type === 'BlockStatement') {
        // The body block shares the function's scope: the scope pass visits its statements, not the block.
        this.scopes.shareFunctionScope(body, inner);
        if (isTypeOnly(body)) for (const statement of body.body) this.scopes.visit(statement, inner);
        else this.walkChildrenSplit(body, inner, BODY_ONLY);
      } else {
        this.walk(body, inner, fn, 'body', declares);
      }
    }
    if (!keepsThis) this.thisFrames.pop();
  }

  /** Walks each child node (forEachChild without a callback: a closure per node would cost more than the visit). */
  private walkChildren(node: Node, scope: Scope, declares: boolean): void {
    const keys = childKeys(node);
    for (let k = 0; k < keys.length; k++) this.walkValue(node[keys[k]!], scope, node, keys[k]!, declares);
  }

  /** walkChildren, with the scope pass along only under the keys `declaresUnder` accepts. */
  private walkChildrenSplit(node: Node, scope: Scope, declaresUnder: (key: string) => boolean): void {
    const keys = childKeys(node);
    for (let k = 0; k < keys.length; k++) this.walkValue(node[keys[k]!], scope, node, keys[k]!, declaresUnder(keys[k]!));
  }

  /** Binding and assignment targets: only default values, computed keys and member objects are evaluated. The scope pass
   * visits them its own way (declarePattern, visitPatternDefaults), so the walk goes on here without it. */
  private walkPattern(pattern: Node, scope: Scope): void {
    switch (pattern.type) {
      case 'Identifier':
        return;
      case 'MemberExpression':
        this.walk(pattern.object, scope, pattern, 'object', false);
        if (pattern.computed) this.walk(pattern.property, scope, pattern, 'property', false);
        return;
      case 'ObjectPattern':
        for (const property of pattern.properties) {
          if (property.type === 'RestElement') this.walkPattern(property.argument, scope);
          else {
            if (property.computed) this.walk(property.key, scope, property, 'key', false);
            this.walkPattern(property.value, scope);
          }
        }
        return;
      case 'ArrayPattern':
        for (const element of pattern.elements) if (element) this.walkPattern(element, scope);
        return;
      case 'AssignmentPattern':
        this.walkPattern(pattern.left, scope);
        this.walk(pattern.right, scope, pattern, 'right', false);
        return;
      case 'RestElement':
        this.walkPattern(pattern.argument, scope);
        return;
      case 'TSParameterProperty':
        this.walkPattern(pattern.parameter, scope);
        return;
      case 'VariableDeclaration':
        for (const declarator of pattern.declarations) this.walkPattern(declarator.id, scope);
        return;
      default:
        this.walk(pattern, scope, undefined, '', false);
    }
  }

  private onCall(node: Node, scope: Scope): void {
    const callee = unwrapTransparent(node.callee);
    for (const ref of this.resolve(callee, scope)) this.matchRef(ref, 'call', node, callee, scope);
    if (isMemberNode(callee) && !callee.computed && callee.property.type === 'Identifier') {
      const method = callee.property.name as string;
      // wx.getLocation.call(wx, opts) / .apply(…) invoke the API itself.
      if (method === 'call' || method === 'apply') {
        for (const ref of this.resolve(callee.object, scope)) this.matchRef(ref, 'call', node, callee.object, scope);
      }
      const bridge = this.index.bridgeMethods.get(method);
      if (bridge) this.bridgeCandidates.push({ node, methods: bridge });
    }
    for (const ref of this.resolve(callee, scope)) this.onBridgeCall(ref, node);
    // promisify(wx.getLocation), setTimeout(uni.getClipboardData): the API is handed over to be called.
    for (const argument of node.arguments) {
      const value = unwrapTransparent(argument);
      if (value.type !== 'Identifier' && !isMemberNode(value)) continue;
      if (value.type === 'Identifier' && !this.isCollectingAlias(value, scope)) continue;
      for (const ref of this.resolve(value, scope)) this.matchRef(ref, 'call', value, value, scope);
    }
  }

  /** An identifier argument counts only when it is an alias of an API, not the API object it came from. */
  private isCollectingAlias(node: Node, scope: Scope): boolean {
    const binding = scope.lookup(node.name);
    return binding !== undefined && (binding.kind === 'import' || binding.init !== undefined);
  }

  private onNew(node: Node, scope: Scope): void {
    const callee = unwrapTransparent(node.callee);
    for (const ref of this.resolve(callee, scope)) this.matchRef(ref, 'construct', node, callee, scope);
  }

  private onRead(node: Node, scope: Scope): void {
    for (const ref of this.resolve(node, scope)) this.matchRef(ref, 'read', node, node, scope);
  }

  /** `import { serial } from '@ohos.deviceInfo'; use(serial)` reads the property through the import. */
  private onIdentifierRead(node: Node, scope: Scope): void {
    const binding = scope.lookup(node.name);
    if (binding?.kind !== 'import') return;
    for (const ref of this.resolve(node, scope)) this.matchRef(ref, 'read', node, node, scope);
  }

  /** `const { imei } = plus.device` reads `plus.device.imei`. */
  private onDestructure(pattern: Node, init: Node, scope: Scope): void {
    const sources = this.resolve(init, scope);
    if (sources.length === 0) return;
    const visitPattern = (current: Node, bases: Ref[]): void => {
      if (current.type !== 'ObjectPattern') return;
      for (const property of current.properties) {
        if (!isPropertyNode(property)) continue;
        const name = staticPropertyName(property.key, property.computed);
        if (name === undefined) continue;
        const refs = bases.flatMap((base) => this.normalize(withPath(base, [name])));
        for (const ref of refs) this.matchRef(ref, 'read', property.key, init, scope);
        const value = property.value.type === 'AssignmentPattern' ? property.value.left : property.value;
        visitPattern(value, refs);
      }
    };
    visitPattern(pattern, sources);
  }

  // ── resolution ────────────────────────────────────────────────────────────────────────────

  private resolve(node: Node, scope: Scope): Ref[] {
    const cached = this.memo.get(node);
    if (cached) return cached;
    if (this.depth > MAX_RESOLVE_DEPTH) return [];
    this.depth++;
    let refs: Ref[];
    try {
      refs = this.resolveUncached(node, scope);
    } finally {
      this.depth--;
    }
    if (refs.length > MAX_REFS) refs = refs.slice(0, MAX_REFS);
    this.memo.set(node, refs);
    return refs;
  }

  private resolveUncached(node: Node, scope: Scope): Ref[] {
    switch (node.type) {
      case 'Identifier':
        return this.resolveIdentifier(node.name, scope);
      case 'MemberExpression':
      case 'OptionalMemberExpression': {
        const name = staticPropertyName(node.property, node.computed);
        if (name === undefined) return [];
        if (node.object.type === 'ThisExpression') return this.resolveField(node.object, name);
        const bases = this.resolve(node.object, scope);
        // Most chains lead nowhere: then the (never mutated) empty array is the answer as it is.
        if (bases.length === 0) return bases;
        return bases.flatMap((ref) => this.normalize(withPath(ref, [name])));
      }
      case 'AwaitExpression':
        return node.argument ? this.resolve(node.argument, scope) : [];
      case 'SequenceExpression':
        return this.resolve(node.expressions[node.expressions.length - 1], scope);
      case 'ConditionalExpression':
        return [...this.resolve(node.consequent, scope), ...this.resolve(node.alternate, scope)];
      case 'LogicalExpression':
        return [...this.resolve(node.left, scope), ...this.resolve(node.right, scope)];
      case 'AssignmentExpression':
        return node.operator === '=' ? this.resolve(node.right, scope) : [];
      case 'ImportExpression':
        return this.moduleRefs(stringValue(node.source), '*');
      case 'CallExpression':
      case 'OptionalCallExpression':
        return this.resolveCallResult(node, scope);
      case 'NewExpression':
        return this.resolve(node.callee, scope).flatMap((ref) => this.normalize(withPath(ref, [CALL_RESULT])));
      case 'ObjectExpression':
        return [{ root: 'object', node, scope, path: [] }];
      default:
        // Parentheses, TypeScript assertions, `!`, `satisfies`, `?.` chains: the value passes through.
        return TRANSPARENT_TYPES.has(node.type) ? this.resolve(node.expression, scope) : [];
    }
  }

  /**
   * `this.manager` inside a class: what the class stores there, from a field initializer
   * (`private manager = camera.getCameraManager(ctx)`) or an assignment in a method (`this.manager = …`).
   */
  private resolveField(thisNode: Node, name: string): Ref[] {
    // Resolution runs when the enclosing call is visited, before the walk reaches the `this` inside it.
    if (!this.thisOf.has(thisNode)) this.thisOf.set(thisNode, this.frame);
    const frame = this.thisOf.get(thisNode);
    const values = frame && (frame.fields ??= this.classFields(frame.classNode, frame.scope)).get(name);
    if (!values) return [];
    const refs: Ref[] = [];
    for (const value of values) {
      if (this.resolvingFields.has(value.node)) continue;
      this.resolvingFields.add(value.node);
      try {
        refs.push(...this.resolve(value.node, value.scope));
      } finally {
        this.resolvingFields.delete(value.node);
      }
    }
    return refs;
  }

  /** The values a class stores in its fields: initializers and `this.x = …` in its methods (not in nested classes). */
  private classFields(classNode: Node, classScope: Scope): ClassFields {
    const fields: ClassFields = new Map();
    const add = (name: string | undefined, node: Node | null | undefined, scope: Scope) => {
      if (name === undefined || !node) return;
      const list = fields.get(name) ?? [];
      list.push({ node, scope });
      fields.set(name, list);
    };
    const scan = (node: Node, scope: Scope, keepsThis: boolean): void => {
      const inner = this.scopes.scopeOf.get(node) ?? scope;
      if (node.type === 'ClassDeclaration' || node.type === 'ClassExpression') return;
      if (isFunction(node) && node.type !== 'ArrowFunctionExpression' && !keepsThis) return;
      if (node.type === 'AssignmentExpression' && node.operator === '=' && isMemberNode(node.left) && node.left.object.type === 'ThisExpression') {
        add(staticPropertyName(node.left.property, node.left.computed), node.right, inner);
      }
      forEachChild(node, (child, key) => scan(child, inner, key === 'value' && (node.type === 'MethodDefinition')));
    };
    for (const member of classNode.body?.body ?? []) {
      if (member.type === 'PropertyDefinition' || member.type === 'ClassProperty' || member.type === 'ClassPrivateProperty') {
        if (!member.static) add(staticPropertyName(member.key, member.computed), member.value, classScope);
      } else if (member.type === 'ClassMethod' || member.type === 'ClassPrivateMethod') {
        scan(member, classScope, true);
      } else if (member.type === 'MethodDefinition' && member.value) {
        scan(member.value, classScope, true);
      }
    }
    return fields;
  }

  private resolveCallResult(node: Node, scope: Scope): Ref[] {
    const callee = unwrapTransparent(node.callee);
    if (callee.type === 'Import') return this.moduleRefs(stringValue(node.arguments[0]), '*');
    if (callee.type === 'Identifier' && callee.name === 'require' && !scope.lookup('require')) {
      return this.moduleRefs(stringValue(node.arguments[0]), '*');
    }
    if (isMemberNode(callee) && !callee.computed && callee.property.name === 'bind') {
      return this.resolve(callee.object, scope); // wx.getLocation.bind(wx) is still wx.getLocation
    }
    return this.resolve(callee, scope).flatMap((ref) => this.normalize(withPath(ref, [CALL_RESULT])));
  }

  private resolveIdentifier(name: string, scope: Scope): Ref[] {
    const binding = scope.lookup(name);
    if (!binding) {
      if (this.index.globalObjects.has(name)) return [{ root: 'global', name: '', path: [] }];
      return this.index.globals.has(name) ? [{ root: 'global', name, path: [] }] : [];
    }
    if (binding.kind === 'import' && binding.importSource) {
      return this.moduleRefs(binding.importSource.source, binding.importSource.imported);
    }
    if (binding.kind === 'param') return this.resolveParameter(binding);
    if (!binding.init || !binding.path || this.resolving.has(binding)) return [];
    this.resolving.add(binding);
    try {
      const bases = this.resolve(binding.init, binding.scope);
      return bases.length === 0 ? bases : bases.flatMap((ref) => this.normalize(withPath(ref, binding.path!)));
    } finally {
      this.resolving.delete(binding);
    }
  }

  /** `import('m').then((ns) => ns.x())`: the callback's first parameter is the module namespace. */
  private resolveParameter(binding: Binding): Ref[] {
    if (binding.paramIndex !== 0 || binding.identifier !== binding.fn?.params[0]) return [];
    const call = this.parentCallOf(binding.fn);
    if (!call) return [];
    const callee = unwrapTransparent(call.callee);
    if (!isMemberNode(callee) || callee.computed || callee.property.name !== 'then') return [];
    const receiver = unwrapTransparent(callee.object);
    if (receiver.type !== 'ImportExpression' && !(isCallNode(receiver) && receiver.callee.type === 'Import')) return [];
    return this.resolve(receiver, binding.scope.parent ?? binding.scope);
  }

  private parentCallOf(fn: Node | undefined): Node | undefined {
    return fn ? this.scopes.parentCalls.get(fn) : undefined;
  }

  private moduleRefs(source: string | undefined, imported: string): Ref[] {
    if (source === undefined) return [];
    const path = imported === '*' ? [] : [imported];
    if (isProjectSpecifier(source)) {
      const file = this.options.absoluteFile && this.options.resolveImport?.(source, this.options.absoluteFile);
      if (!file) return [];
      this.projectImports.add(file);
      return this.normalize({ root: 'file', name: file, path });
    }
    return this.normalize({ root: 'module', name: source, path });
  }

  /** Applies aliases and summaries until the ref is canonical, and drops refs that can never match. */
  private normalize(ref: Ref, budget = 8): Ref[] {
    if (budget === 0) return [];
    if (ref.root === 'global') {
      if (ref.name === '') {
        if (ref.path.length === 0) return [ref];
        const [head, ...rest] = ref.path;
        if (this.index.globalObjects.has(head!)) return this.normalize({ root: 'global', name: '', path: rest }, budget - 1);
        return this.index.globals.has(head!) ? this.normalize({ root: 'global', name: head!, path: rest }, budget - 1) : [];
      }
      return this.reachable(this.index.globals.get(ref.name), ref.path) ? [ref] : [];
    }
    if (ref.root === 'module') {
      const meta = this.index.moduleMeta.get(ref.name);
      if (meta?.aliasOf) return this.normalize({ root: 'module', name: meta.aliasOf, path: ref.path }, budget - 1);
      const [head, ...rest] = ref.path;
      if (head !== undefined && meta?.exports?.[head]) return this.normalize({ root: 'module', name: meta.exports[head]!, path: rest }, budget - 1);
      const root = this.index.modules.get(ref.name);
      // `import * as telephony from '@kit.TelephonyKit'`: the kit itself is no API, but its members lead to one.
      if (!root && ref.path.length === 0 && meta?.exports) return [ref];
      // A default import of a CommonJS module (or a library whose default object mirrors its named exports)
      // reaches the namespace: `import DeviceInfo from '…'; DeviceInfo.getUniqueId()`.
      if (head === 'default' && (meta?.defaultIsNamespace || !root?.children.has('default'))) {
        return this.normalize({ root: 'module', name: ref.name, path: rest }, budget - 1);
      }
      return this.reachable(root, ref.path) ? [ref] : [];
    }
    if (ref.root === 'object') {
      if (ref.path.length === 0) return [ref];
      const [head, ...rest] = ref.path;
      const values = objectPropertyValues(ref.node, head!);
      return values.flatMap((value) =>
        value.spread
          ? this.resolve(value.node, ref.scope).flatMap((base) => this.normalize(withPath(base, ref.path), budget - 1))
          : this.resolve(value.node, ref.scope).flatMap((base) => this.normalize(withPath(base, rest), budget - 1)),
      );
    }
    // A project file: follow its export summary when we have one.
    const summary = this.options.summaries?.get(ref.name);
    if (!summary) return this.options.summaries ? [] : [ref];
    const resolved = resolveThroughSummary(summary, ref.path).flatMap((next) => this.normalize(next, budget - 1));
    if (resolved.length > 0) return resolved;
    // `import * as api from './api'` or `import api from './api'` before its member is read: keep it for the member.
    return isSummaryPrefix(summary, ref.path) ? [ref] : [];
  }

  private reachable(node: TrieNode | undefined, path: readonly string[]): boolean {
    let current = node;
    for (const segment of path) {
      if (!current) return false;
      current = current.children.get(segment);
    }
    return current !== undefined;
  }

  private itemsAt(ref: Ref): CatalogueItem[] {
    if (ref.root !== 'global' && ref.root !== 'module') return [];
    let node = (ref.root === 'global' ? this.index.globals : this.index.modules).get(ref.name);
    for (const segment of ref.path) {
      node = node?.children.get(segment);
      if (!node) return [];
    }
    return node?.items ?? [];
  }

  // ── reporting ─────────────────────────────────────────────────────────────────────────────

  private matchRef(ref: Ref, kind: CatalogueItem['kind'], at: Node, use: Node, scope: Scope): void {
    let via: string[] | undefined;
    for (const item of this.itemsAt(ref)) {
      if (item.kind !== kind) continue;
      if (item.args && !argumentsMatch(item.args, callArguments(at, use))) continue;
      via ??= this.bindingChain(use, scope, ref);
      for (const category of item.categories) this.report(at, item.api, item.entry, item.platform, kind, category, via);
    }
  }

  /**
   * For `explain`: the use, each binding it went through (with where it is declared, ` at LINE:COL)`), then the API:
   * `readClipboard (import from '../utils/api' at 1:10)` → `wx.getClipboardData`.
   */
  private bindingChain(use: Node, scope: Scope, ref: Ref): string[] {
    const steps: string[] = [];
    let node = use;
    let current = scope;
    for (let hop = 0; hop < 4; hop++) {
      const root = rootIdentifier(node);
      const binding = root ? current.lookup(root.name) : undefined;
      if (!root || !binding) {
        if (hop === 0) steps.push(this.snippet(node));
        break;
      }
      const at = this.position(binding.identifier);
      if (binding.kind === 'import' && binding.importSource) {
        steps.push(`${this.snippet(node)} (import from '${binding.importSource.source}' at ${at})`);
        break;
      }
      if (!binding.init) {
        steps.push(`${this.snippet(node)} (${binding.kind} ${root.name} at ${at})`);
        break;
      }
      steps.push(`${this.snippet(node)} (${root.name} ${binding.path && binding.path.length > 0 ? 'from' : '='} ${this.snippet(binding.init)} at ${at})`);
      node = binding.init;
      current = binding.scope;
    }
    const api = describeRef(ref);
    if (steps[steps.length - 1] !== api) steps.push(api);
    return steps;
  }

  private position(node: Node): string {
    if (!node.loc) return '?';
    const start = this.map(node.loc.start.line, node.loc.start.column);
    return `${start.line}:${start.column + 1}`;
  }

  private onBridgeCall(ref: Ref, node: Node): void {
    if (ref.root !== 'global' || ref.name !== 'plus' || ref.path.length !== 2) return;
    const [bridge, method] = ref.path as [string, string];
    if (bridge !== 'android' && bridge !== 'ios') return;
    if (method === 'importClass') {
      const className = stringValue(node.arguments[0]);
      if (className) this.importedClasses.add(className.replace(/\$/g, '.'));
    } else if (method === 'invoke') {
      const name = stringValue(node.arguments[1]);
      const methods = name ? this.index.bridgeMethods.get(name) : undefined;
      for (const candidate of methods ?? []) {
        if (candidate.bridge !== bridge || !this.argumentsMention(node, candidate.argIncludes)) continue;
        this.reportBridge(node, candidate, `plus.${bridge}.invoke(…, '${name}')`);
      }
    }
  }

  /** `tm.getDeviceId()` counts in a file that imported TelephonyManager through plus.android.importClass. */
  private flushBridgeCandidates(): void {
    if (this.importedClasses.size === 0) return;
    for (const { node, methods } of this.bridgeCandidates) {
      for (const method of methods) {
        if (!this.importedClasses.has(method.className.replace(/\$/g, '.'))) continue;
        if (!this.argumentsMention(node, method.argIncludes)) continue;
        this.reportBridge(node, method, this.snippet(node.callee));
      }
    }
  }

  private reportBridge(node: Node, method: BridgeMethod, use: string): void {
    const shortClass = method.className.split(/[.$]/).pop();
    const api = `${shortClass}.${method.method}`;
    for (const category of method.categories) {
      this.report(node, api, `uniapp/bridge-${method.bridge}`, 'uniapp', 'call', category, [use, `plus.${method.bridge}.importClass('${method.className}')`]);
    }
  }

  private argumentsMention(node: Node, text: string | undefined): boolean {
    if (!text) return true;
    const code = this.options.code;
    if (code === undefined) return false;
    return node.arguments.some((argument: Node) => {
      const value = stringValue(argument);
      if (value !== undefined) return value.includes(text);
      const span = offsets(argument);
      return span !== undefined && code.slice(span[0], span[1]).toLowerCase().includes(text.toLowerCase());
    });
  }

  private report(at: Node, api: string, entry: string, platform: string, kind: Detection['kind'], category: string, via: string[]): void {
    if (!at.loc) return;
    const start = this.map(at.loc.start.line, at.loc.start.column);
    const end = this.map(at.loc.end.line, at.loc.end.column);
    const key = `${start.line}:${start.column}:${category}:${entry}:${api}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.detections.push({
      category,
      entry,
      api,
      platform,
      kind,
      actor: 'self',
      file: this.options.reportFile,
      range: { start: { line: start.line, column: start.column + 1 }, end: { line: end.line, column: end.column + 1 } },
      via,
    });
  }

  private map(line: number, column: number): { line: number; column: number } {
    return this.options.toSource ? this.options.toSource(line, column) : { line, column };
  }

  private snippet(node: Node): string {
    const code = this.options.code;
    const span = offsets(node);
    if (code === undefined || span === undefined) return node.type;
    const text = code.slice(span[0], span[1]).replace(/\s+/g, ' ');
    return text.length > 80 ? `${text.slice(0, 77)}…` : text;
  }

  // ── exports, for resolution across the project's own modules ─────────────────────────────

  private exportSummary(): ExportSummary {
    const values: Record<string, PlainRef[]> = {};
    const starFrom: PlainRef[] = [];
    const scope = this.scopes.moduleScope;
    const add = (name: string, refs: Ref[], depth = 0): void => {
      for (const ref of refs) {
        if (ref.root === 'object') {
          if (depth > 2) continue;
          for (const property of ref.node.properties) {
            if (!isPropertyNode(property)) continue;
            const key = staticPropertyName(property.key, property.computed);
            if (key === undefined) continue;
            add(name === '' ? key : `${name}.${key}`, this.resolve(property.value, ref.scope), depth + 1);
          }
        } else if (ref.root !== 'global' || ref.name !== '' || ref.path.length > 0) {
          (values[name] ??= []).push(ref);
        }
      }
    };
    for (const statement of this.program.body) {
      if (isTypeOnly(statement)) continue;
      if (statement.type === 'ExportNamedDeclaration') {
        const declaration = statement.declaration;
        if (declaration?.type === 'VariableDeclaration') {
          for (const declarator of declaration.declarations) {
            if (declarator.id.type === 'Identifier') add(declarator.id.name, this.resolveIdentifier(declarator.id.name, scope));
          }
        }
        const source = stringValue(statement.source);
        for (const specifier of statement.specifiers ?? []) {
          if (specifier.exportKind === 'type') continue;
          const exported = staticPropertyName(specifier.exported, false);
          if (exported === undefined) continue;
          if (source !== undefined) {
            const imported = specifier.type === 'ExportNamespaceSpecifier' ? '*' : (staticPropertyName(specifier.local, false) ?? 'default');
            add(exported, this.moduleRefs(source, imported));
          } else {
            add(exported, this.resolveIdentifier(specifier.local.name, scope));
          }
        }
      } else if (statement.type === 'ExportDefaultDeclaration') {
        const declaration = statement.declaration;
        if (declaration.type !== 'FunctionDeclaration' && declaration.type !== 'ClassDeclaration') add('default', this.resolve(declaration, scope));
      } else if (statement.type === 'ExportAllDeclaration') {
        const source = stringValue(statement.source);
        if (source === undefined) continue;
        if (statement.exported) add(staticPropertyName(statement.exported, false) ?? '*', this.moduleRefs(source, '*'));
        else for (const ref of this.moduleRefs(source, '*')) if (ref.root !== 'object') starFrom.push(ref as PlainRef);
      } else if (statement.type === 'TSExportAssignment') {
        add('', this.resolve(statement.expression, scope));
      } else if (statement.type === 'ExpressionStatement') {
        this.addCommonJsExport(statement.expression, scope, add);
      }
    }
    const plain: Record<string, PlainRef[]> = {};
    for (const key of Object.keys(values).sort()) plain[key] = values[key]!;
    return { values: plain, starFrom };
  }

  /** module.exports = …, module.exports.x = …, exports.x = … */
  private addCommonJsExport(expression: Node, scope: Scope, add: (name: string, refs: Ref[]) => void): void {
    if (expression.type !== 'AssignmentExpression' || expression.operator !== '=') return;
    const target = expression.left;
    const isModuleExports = (node: Node): boolean =>
      isMemberNode(node) &&
      node.object.type === 'Identifier' &&
      node.object.name === 'module' &&
      staticPropertyName(node.property, node.computed) === 'exports' &&
      !scope.lookup('module');
    if (isModuleExports(target)) {
      add('', this.resolve(expression.right, scope));
      return;
    }
    if (!isMemberNode(target)) return;
    const name = staticPropertyName(target.property, target.computed);
    if (name === undefined) return;
    const owner = target.object;
    if (isModuleExports(owner) || (owner.type === 'Identifier' && owner.name === 'exports' && !scope.lookup('exports'))) {
      add(name, this.resolve(expression.right, scope));
    }
  }
}

/** Local names of the program's top-level imports: more than the import bindings, never fewer unless one is nested. */
function topLevelImportNames(program: Node): Set<string> {
  const names = new Set<string>();
  for (const statement of program.body) {
    if (statement?.type === 'ImportDeclaration') {
      for (const specifier of statement.specifiers ?? []) if (typeof specifier?.local?.name === 'string') names.add(specifier.local.name);
    } else if (statement?.type === 'TSImportEqualsDeclaration' && typeof statement.id?.name === 'string') {
      names.add(statement.id.name);
    }
  }
  return names;
}

/** The name an expression starts from: `api` in `api.where.call(x)`, `legacy` in `legacy.locate()`. */
function rootIdentifier(node: Node): Node | undefined {
  for (let current = unwrapTransparent(node), depth = 0; current && depth < 50; depth++) {
    switch (current.type) {
      case 'Identifier':
        return current;
      case 'MemberExpression':
      case 'OptionalMemberExpression':
        current = unwrapTransparent(current.object);
        break;
      case 'CallExpression':
      case 'OptionalCallExpression':
      case 'NewExpression':
        current = unwrapTransparent(current.callee);
        break;
      case 'AwaitExpression':
        current = unwrapTransparent(current.argument);
        break;
      default:
        return undefined;
    }
  }
  return undefined;
}

/** ESTree and Babel spell some nodes differently (optional chains, object properties); the detector reads both. */
function isMemberNode(node: Node): boolean {
  return node.type === 'MemberExpression' || node.type === 'OptionalMemberExpression';
}

function isCallNode(node: Node): boolean {
  return node.type === 'CallExpression' || node.type === 'OptionalCallExpression';
}

function isPropertyNode(node: Node): boolean {
  return node.type === 'Property' || node.type === 'ObjectProperty';
}

/** Babel gives start/end; typescript-eslint only range. */
function offsets(node: Node): [number, number] | undefined {
  if (node.range) return node.range;
  return node.start !== undefined && node.end !== undefined ? [node.start, node.end] : undefined;
}


/**
 * Follows `path` through a file's exports: the longest exported prefix wins, then `export *` targets.
 * A default import of a CommonJS module (no `default` export) is its `module.exports`.
 */
export function resolveThroughSummary(summary: ExportSummary, path: readonly string[]): PlainRef[] {
  const keys = Object.keys(summary.values);
  if (path[0] === 'default' && !keys.some((key) => key === 'default' || key.startsWith('default.'))) path = path.slice(1);
  for (let length = path.length; length >= 0; length--) {
    const values = summary.values[path.slice(0, length).join('.')];
    if (values) return values.map((ref) => withPath(ref, path.slice(length)));
  }
  if (path.length > 0 && path[0] !== 'default') return summary.starFrom.map((ref) => withPath(ref, path));
  return [];
}

/** Could members of this path still lead somewhere (a namespace, or an exported object with exported members)? */
export function isSummaryPrefix(summary: ExportSummary, path: readonly string[]): boolean {
  if (path.length === 0) return true;
  const prefix = `${path.join('.')}.`;
  if (Object.keys(summary.values).some((key) => key.startsWith(prefix))) return true;
  return path[0] === 'default' && Object.keys(summary.values).every((key) => key !== 'default' && !key.startsWith('default.')) && path.length === 1;
}

function objectPropertyValues(object: Node, name: string): { node: Node; spread: boolean }[] {
  const found: { node: Node; spread: boolean }[] = [];
  for (const property of object.properties) {
    if (property.type === 'SpreadElement') {
      found.push({ node: property.argument, spread: true });
    } else if (isPropertyNode(property) && staticPropertyName(property.key, property.computed) === name) {
      // A later property of the same name overrides the earlier ones and the spreads before it.
      found.length = 0;
      // ESTree: Property {kind, method}; Babel: ObjectProperty (a value) vs ObjectMethod (ours, not an alias).
      if ((property.kind ?? 'init') === 'init' && !property.method) found.push({ node: property.value, spread: false });
    }
  }
  return found;
}

/** Is this MemberExpression/Identifier evaluated for its value (not assigned to, deleted or merely type-tested)? */
function isReadPosition(node: Node, parent: Node | undefined, key: string): boolean {
  if (!parent) return true;
  switch (parent.type) {
    case 'AssignmentExpression':
      return key !== 'left';
    case 'UpdateExpression':
      return false;
    case 'UnaryExpression':
      return parent.operator !== 'delete' && parent.operator !== 'typeof';
    case 'CallExpression':
    case 'OptionalCallExpression':
    case 'NewExpression':
      // The callee is matched as a call; evaluating `a.b` in order to call it is not reading its value.
      return key !== 'callee';
    case 'MemberExpression':
    case 'OptionalMemberExpression':
      // `plus.device.imei.length` reads imei; a non-computed property is only a name.
      return key === 'object' || parent.computed === true;
    default:
      return isMemberNode(node) || node.type === 'Identifier';
  }
}

/** Is an Identifier in this position a reference to a binding (not a property name, label or declaration)? */
function isReferencePosition(parent: Node, key: string): boolean {
  switch (parent.type) {
    case 'MemberExpression':
    case 'OptionalMemberExpression':
      return key === 'object' || parent.computed === true;
    case 'Property':
    case 'ObjectProperty':
    case 'PropertyDefinition':
    case 'ClassProperty':
    case 'ClassPrivateProperty':
    case 'ClassAccessorProperty':
    case 'MethodDefinition':
    case 'ObjectMethod':
    case 'ClassMethod':
    case 'ClassPrivateMethod':
      return key === 'value' || (key === 'key' && parent.computed === true);
    case 'ImportSpecifier':
    case 'ImportDefaultSpecifier':
    case 'ImportNamespaceSpecifier':
    case 'ExportSpecifier':
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
    case 'MetaProperty':
    case 'ClassDeclaration':
    case 'ClassExpression':
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'TSEnumMember':
    case 'TSEnumDeclaration':
    case 'TSModuleDeclaration':
    case 'JSXAttribute':
    case 'JSXClosingElement':
    case 'JSXOpeningElement':
      return false;
    default:
      return true;
  }
}
