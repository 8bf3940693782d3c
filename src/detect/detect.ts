// The detector: walks a program, resolves what each call, construction and property read refers to, and
// matches it against the catalogue. Shared by `privlint scan` and the ESLint plugin.
import type { CatalogueItem, BridgeMethod } from '../catalogue/load.js';
import type { MatchIndex, TrieNode } from '../catalogue/match-index.js';
import type { Detection } from '../types.js';
import { forEachChild, isTypeOnly, staticPropertyName, stringValue, unwrapTransparent, type Node } from './estree.js';
import { buildScopes, isFunction, type Binding, type Scope } from './scope.js';
import { argumentsMatch, callArguments } from './arguments.js';
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

/** Field name → the expressions stored in it, each with the scope it is evaluated in. */
type ClassFields = Map<string, { node: Node; scope: Scope }[]>;
const MAX_REFS = 16;

export function detectProgram(program: Node, options: DetectOptions): ProgramAnalysis {
  return new ProgramDetector(program, options).run();
}

class ProgramDetector {
  private readonly index: MatchIndex;
  private readonly scopes;
  private readonly memo = new Map<Node, Ref[]>();
  private readonly resolving = new Set<Binding>();
  private readonly detections: Detection[] = [];
  private readonly seen = new Set<string>();
  private readonly importedClasses = new Set<string>();
  private readonly bridgeCandidates: { node: Node; methods: BridgeMethod[] }[] = [];
  private readonly projectImports = new Set<string>();
  /** The class whose instance `this` is, innermost last (undefined inside a plain function, which rebinds `this`). */
  private readonly thisFrames: (ClassFields | undefined)[] = [];
  private readonly thisOf = new Map<Node, ClassFields | undefined>();
  private readonly resolvingFields = new Set<Node>();
  private depth = 0;

  constructor(
    private readonly program: Node,
    private readonly options: DetectOptions,
  ) {
    this.index = options.index;
    this.scopes = buildScopes(program);
  }

  run(): ProgramAnalysis {
    this.walk(this.program, this.scopes.moduleScope, undefined, '');
    this.flushBridgeCandidates();
    return { detections: this.detections, exports: this.exportSummary(), projectImports: [...this.projectImports].sort() };
  }

  // ── walking ───────────────────────────────────────────────────────────────────────────────

  private walk(node: Node, scope: Scope, parent: Node | undefined, key: string): void {
    if (isTypeOnly(node)) return;
    const inner = this.scopes.scopeOf.get(node) ?? scope;
    switch (node.type) {
      case 'CallExpression':
      case 'OptionalCallExpression':
        this.onCall(node, inner);
        break;
      case 'NewExpression':
        this.onNew(node, inner);
        break;
      case 'MemberExpression':
      case 'OptionalMemberExpression':
        if (isReadPosition(node, parent, key)) this.onRead(node, inner);
        break;
      case 'Identifier':
        if (parent && isReferencePosition(parent, key) && isReadPosition(node, parent, key)) this.onIdentifierRead(node, inner);
        return;
      case 'VariableDeclarator':
        if (node.init && node.id.type === 'ObjectPattern') this.onDestructure(node.id, node.init, inner);
        this.walkPattern(node.id, inner);
        if (node.init) this.walk(node.init, inner, node, 'init');
        return;
      case 'AssignmentExpression':
        if (node.left.type !== 'ObjectPattern' && node.left.type !== 'ArrayPattern') break;
        if (node.left.type === 'ObjectPattern') this.onDestructure(node.left, node.right, inner);
        this.walkPattern(node.left, inner);
        this.walk(node.right, inner, node, 'right');
        return;
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
      case 'ObjectMethod':
      case 'ClassMethod':
      case 'ClassPrivateMethod': {
        if (node.computed && node.key) this.walk(node.key, scope, node, 'key');
        // A method keeps its class's `this`, and so does an arrow function; any other function rebinds it.
        const keepsThis = node.type === 'ArrowFunctionExpression' || node.type === 'ClassMethod' || node.type === 'ClassPrivateMethod' || parent?.type === 'MethodDefinition';
        if (!keepsThis) this.thisFrames.push(undefined);
        for (const param of node.params) this.walkPattern(param, inner);
        if (node.body) this.walk(node.body, inner, node, 'body');
        if (!keepsThis) this.thisFrames.pop();
        return;
      }
      case 'ClassDeclaration':
      case 'ClassExpression':
        this.thisFrames.push(this.classFields(node, inner));
        forEachChild(node, (child, childKey) => this.walk(child, inner, node, childKey));
        this.thisFrames.pop();
        return;
      case 'ThisExpression':
        this.thisOf.set(node, this.thisFrames[this.thisFrames.length - 1]);
        return;
      case 'CatchClause':
        if (node.param) this.walkPattern(node.param, inner);
        this.walk(node.body, inner, node, 'body');
        return;
      case 'ForInStatement':
      case 'ForOfStatement':
        this.walkPattern(node.left, inner);
        this.walk(node.right, inner, node, 'right');
        this.walk(node.body, inner, node, 'body');
        return;
      default:
        break;
    }
    forEachChild(node, (child, childKey) => this.walk(child, inner, node, childKey));
  }

  /** Binding and assignment targets: only default values, computed keys and member objects are evaluated. */
  private walkPattern(pattern: Node, scope: Scope): void {
    switch (pattern.type) {
      case 'Identifier':
        return;
      case 'MemberExpression':
        this.walk(pattern.object, scope, pattern, 'object');
        if (pattern.computed) this.walk(pattern.property, scope, pattern, 'property');
        return;
      case 'ObjectPattern':
        for (const property of pattern.properties) {
          if (property.type === 'RestElement') this.walkPattern(property.argument, scope);
          else {
            if (property.computed) this.walk(property.key, scope, property, 'key');
            this.walkPattern(property.value, scope);
          }
        }
        return;
      case 'ArrayPattern':
        for (const element of pattern.elements) if (element) this.walkPattern(element, scope);
        return;
      case 'AssignmentPattern':
        this.walkPattern(pattern.left, scope);
        this.walk(pattern.right, scope, pattern, 'right');
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
        this.walk(pattern, scope, undefined, '');
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
        return this.resolve(node.object, scope).flatMap((ref) => this.normalize(withPath(ref, [name])));
      }
      case 'ChainExpression':
      case 'TSAsExpression':
      case 'TSSatisfiesExpression':
      case 'TSNonNullExpression':
      case 'TSTypeAssertion':
      case 'TSInstantiationExpression':
      case 'TypeCastExpression':
      case 'ParenthesizedExpression':
        return this.resolve(node.expression, scope);
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
        return [];
    }
  }

  /**
   * `this.manager` inside a class: what the class stores there, from a field initializer
   * (`private manager = camera.getCameraManager(ctx)`) or an assignment in a method (`this.manager = …`).
   */
  private resolveField(thisNode: Node, name: string): Ref[] {
    // Resolution runs when the enclosing call is visited, before the walk reaches the `this` inside it.
    if (!this.thisOf.has(thisNode)) this.thisOf.set(thisNode, this.thisFrames[this.thisFrames.length - 1]);
    const values = this.thisOf.get(thisNode)?.get(name);
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
      return this.resolve(binding.init, binding.scope).flatMap((ref) => this.normalize(withPath(ref, binding.path!)));
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

  private parentCalls?: Map<Node, Node>;

  private parentCallOf(fn: Node | undefined): Node | undefined {
    if (!fn) return undefined;
    if (!this.parentCalls) {
      const map = new Map<Node, Node>();
      const visit = (node: Node): void => {
        if (isCallNode(node)) for (const argument of node.arguments) if (isFunction(argument)) map.set(argument, node);
        forEachChild(node, visit);
      };
      visit(this.program);
      this.parentCalls = map;
    }
    return this.parentCalls.get(fn);
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

/** Relative paths and the `@/` root alias (uni-app, Vue CLI, Vite) point into the project. */
export function isProjectSpecifier(specifier: string): boolean {
  return specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('@/') || specifier.startsWith('~/');
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
