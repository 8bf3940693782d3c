// The detector declares and matches in one walk (src/detect/detect.ts): the scope pass runs along where it visits
// children as the detector does, and apart where they differ; matching waits until every name is declared. These
// tests pin what that arrangement must keep: every child visited in childKeys order, imports known wherever they
// are declared, scopes, `this` and class fields as separate passes had them, and a nesting bound that does not
// depend on the stack.
import { Worker } from 'node:worker_threads';
import { visitorKeys } from '@typescript-eslint/visitor-keys';
import { describe, expect, it } from 'vitest';
import { detectProgram } from '../../src/detect/detect.js';
import { BABEL_VISITOR_KEYS } from '../../src/detect/babel-visitor-keys.js';
import { childKeys, isTypeOnly, type Node } from '../../src/detect/estree.js';
import { detectText, keysOf } from '../helpers/detect.js';
import { ENGINE_RULES, engineIndex, engineKeys } from '../helpers/engine.js';

/** `wx.getLocation()` on its own line: the engine catalogue reports it as `location LINE:1`. */
function apiCall(line: number): Node {
  const loc = (column: number) => ({ line, column });
  const identifier = (name: string): Node => ({ type: 'Identifier', name, loc: { start: loc(0), end: loc(1) } });
  return {
    type: 'CallExpression',
    callee: { type: 'MemberExpression', object: identifier('wx'), property: identifier('getLocation'), computed: false, loc: { start: loc(0), end: loc(2) } },
    arguments: [],
    loc: { start: loc(0), end: loc(3) },
  };
}

// Keys whose value the detector or the scope pass also iterates, as parsers give them: an array.
const ARRAY_KEYS = new Set(['arguments', 'decorators', 'specifiers', 'params', 'properties', 'elements', 'expressions', 'quasis']);

// Types walked their own way on purpose: a name or `this` has no children to walk, a function walks its key, params
// and body (not its decorators), a declaration walks its declarators (an array).
const WALKED_THEIR_OWN_WAY = new Set([
  'Identifier',
  'ThisExpression',
  'FunctionDeclaration',
  'FunctionExpression',
  'ArrowFunctionExpression',
  'ObjectMethod',
  'ClassMethod',
  'ClassPrivateMethod',
  'VariableDeclaration',
]);

const allTypes = [...new Set([...Object.keys(BABEL_VISITOR_KEYS), ...Object.keys(visitorKeys)])].sort();

describe('the walk', () => {
  // One API call under each child key, on lines 1, 2, …: the findings come out in the order the walk met them.
  const cases = allTypes
    .filter((type) => !WALKED_THEIR_OWN_WAY.has(type) && !isTypeOnly({ type }) && childKeys({ type }).length > 0)
    .map((type) => [type, childKeys({ type })] as const);

  it.each(cases)('visits every child of %s in childKeys order', (type, keys) => {
    const node: Node = { type };
    keys.forEach((key, index) => {
      node[key] = ARRAY_KEYS.has(key) ? [apiCall(index + 1)] : apiCall(index + 1);
    });
    const program: Node = { type: 'Program', body: [{ type: 'ExpressionStatement', expression: node }], sourceType: 'module' };
    const { detections } = detectProgram(program, { index: engineIndex(), reportFile: 'a.js' });
    expect(keysOf(detections)).toEqual(keys.map((_key, index) => `location ${index + 1}:1`));
  });

  it('covers the common node types it reads by name', () => {
    const byName = ['MemberExpression', 'CallExpression', 'NewExpression', 'ObjectProperty', 'Property', 'IfStatement', 'TemplateLiteral', 'BlockStatement'];
    for (const type of byName) expect(cases.map(([caseType]) => caseType)).toContain(type);
  });

  const detectIn = (node: Node) => detectProgram({ type: 'Program', body: [{ type: 'ExpressionStatement', expression: node }] }, { index: engineIndex(), reportFile: 'a.ts' });

  it.each(allTypes.filter((type) => isTypeOnly({ type })))('skips %s, a type-only node, and finds nothing under it', (type) => {
    const node: Node = { type, declare: false };
    for (const key of new Set([...childKeys({ type }), 'exprName', 'body', 'value', 'id'])) node[key] = apiCall(1);
    expect(detectIn(node).detections).toEqual([]);
  });

  it.each([
    ['a call', { ...apiCall(1), declare: true }],
    ['a statement', { type: 'IfStatement', test: apiCall(1), consequent: apiCall(2), declare: true }],
    ['a class', { type: 'ClassExpression', body: { type: 'ClassBody', body: [] }, superClass: apiCall(1), declare: true }],
  ])('skips %s marked `declare` (a description of something that exists elsewhere)', (_name, node) => {
    expect(detectIn(node).detections).toEqual([]);
    expect(keysOf(detectIn({ ...node, declare: false }).detections)).not.toEqual([]);
  });
});

describe('imports, wherever they are declared', () => {
  // `serial` is a property read of @ohos.deviceInfo: only an identifier bound by an import reads it.
  it.each([
    ['at the top', `import { serial } from '@ohos.deviceInfo'\nlog(serial)`, ['device.serial 2:5']],
    ['below its use', `log(serial)\nimport { serial } from '@ohos.deviceInfo'`, ['device.serial 1:5']],
    ['in a block (module scope all the same)', `{\n  import { serial } from '@ohos.deviceInfo'\n  log(serial)\n}\nlog(serial)`, ['device.serial 3:7', 'device.serial 5:5']],
    ['in a nested block, below its use', `function f() {\n  log(serial)\n  if (x) { import { serial } from '@ohos.deviceInfo' }\n}`, ['device.serial 2:7']],
    ['shadowed by a parameter', `import { serial } from '@ohos.deviceInfo'\nfunction f(serial) { log(serial) }`, []],
  ])('%s', (_name, code, expected) => {
    expect(keysOf(detectText(code, 'a.ts').detections)).toEqual(expected);
  });

  it('in a namespace, through import = require', () => {
    const code = `namespace N {\n  import info = require('@ohos.deviceInfo')\n  log(info.serial)\n}`;
    expect(keysOf(detectText(code, 'a.ts').detections)).toEqual(['device.serial 3:7']);
  });
});

describe('scopes where the scope pass and the walk part ways', () => {
  it.each([
    ['a parameter default', `function f(cb = () => wx.getLocation()) {}`, ['location 1:23']],
    ['a parameter default, shadowed by an earlier parameter', `function f(wx, cb = () => wx.getLocation()) {}`, []],
    ['a destructured parameter default', `function f({ a = wx.getLocation() } = {}) {}`, ['location 1:18']],
    ['a for…of head', `for (const { getLocation: where = noop } of [wx]) where()\nfor (const api of [1]) api.getLocation()`, []],
    ['a for…of body sees the loop variable', `for (const wx of list) { wx.getLocation() }\nfor (const x of list) { wx.getLocation() }`, ['location 2:25']],
    ['a catch parameter default', `try {} catch ({ read = wx.getClipboardData() }) {}`, ['clipboard 1:24']],
    ['an assignment pattern with a default', `let read\n;({ read = wx.getClipboardData } = {})\nread()`, []],
    ['a class heritage', `const B = class extends mixin(wx.getLocation()) {}`, ['location 1:31']],
    ['a class decorator', `@track(wx.getLocation())\nclass A {}`, ['location 1:8']],
    ['a class name is in scope inside its own class', `const A = class wx { m() { wx.getLocation() } }\nwx.getLocation()`, ['location 2:1']],
    ['a function body with a directive', `function f() {\n  'use strict'\n  const api = wx\n  api.getLocation()\n}`, ['location 4:3']],
    ['an enum member initializer', `enum E { A = wx.getLocation() }`, ['location 1:14']],
    ['a namespace body', `namespace N { const wx = fake; wx.getLocation() }\nwx.getLocation()`, ['location 2:1']],
    ['a declaration after its use in a function', `function f() { api.getLocation() }\nconst api = wx`, ['location 1:16']],
    ['a switch case declaration', `switch (k) { case 1: const api = wx; api.getLocation() }`, ['location 1:38']],
  ])('%s', (_name, code, expected) => {
    expect(engineKeys(code, 'a.ts')).toEqual(expected);
  });
});

describe('`this` and class fields, matched after the walk', () => {
  it.each([
    ['a field assigned in a later method', `class R {\n  go() { this.rm.start() }\n  init() { this.rm = wx.getRecorderManager() }\n}`, ['microphone 2:10']],
    ['an arrow keeps this, a plain callback does not', `class R {\n  rm = wx.getRecorderManager()\n  go() {\n    list.forEach(function () { this.rm.start() })\n    list.forEach(() => this.rm.start())\n  }\n}`, ['microphone 5:24']],
    ['a nested class has fields of its own', `class A {\n  rm = wx.getRecorderManager()\n  m() {\n    return class B { go() { this.rm.start() } }\n  }\n  n() { this.rm.start() }\n}`, ['microphone 6:9']],
    ['an object method rebinds this', `class A {\n  rm = wx.getRecorderManager()\n  m() { return { go() { this.rm.start() } } }\n}`, []],
  ])('%s', (_name, code, expected) => {
    expect(engineKeys(code, 'a.ts')).toEqual(expected);
  });
});

describe('nesting', () => {
  // In a worker whose stack is far larger than the walk needs (the built detector, as the CLI runs it), so that what
  // is refused is refused by the walk's own bound, not by an overflow that depends on the stack and the JIT.
  function analyseMemberChain(links: number): Promise<string> {
    const script = `
      const { parentPort, workerData } = require('node:worker_threads');
      (async () => {
        const { detectProgram } = await import(workerData.detect);
        const { loadCatalogue } = await import(workerData.load);
        const { buildMatchIndex } = await import(workerData.matchIndex);
        const index = buildMatchIndex(loadCatalogue(workerData.rules));
        const loc = { start: { line: 1, column: 0 }, end: { line: 1, column: 3 } };
        const id = (name) => ({ type: 'Identifier', name, loc });
        let chain = { type: 'CallExpression', callee: { type: 'MemberExpression', object: id('wx'), property: id('getLocation'), computed: false, loc }, arguments: [], loc };
        for (let i = 0; i < workerData.links; i++) chain = { type: 'MemberExpression', object: chain, property: id('b'), computed: false, loc };
        const program = { type: 'Program', body: [{ type: 'ExpressionStatement', expression: chain, loc }] };
        try {
          parentPort.postMessage(detectProgram(program, { index, reportFile: 'a.js' }).detections.map((d) => d.category).join());
        } catch (error) {
          parentPort.postMessage(error.constructor.name + ': ' + error.message);
        }
      })();`;
    const dist = (path: string) => new URL(`../../dist/src/${path}`, import.meta.url).href;
    const workerData = { links, detect: dist('detect/detect.js'), load: dist('catalogue/load.js'), matchIndex: dist('catalogue/match-index.js'), rules: ENGINE_RULES };
    return new Promise((resolve, reject) => {
      const worker = new Worker(script, { eval: true, workerData, resourceLimits: { stackSizeMb: 64 } });
      worker.once('message', (message: string) => void worker.terminate().then(() => resolve(message)));
      worker.once('error', reject);
    });
  }

  it('analyses a 7,000-link member chain', async () => {
    expect(await analyseMemberChain(7000)).toBe('location');
  });

  it('refuses a 9,000-link one with the RangeError a stack overflow throws, however large the stack', async () => {
    expect(await analyseMemberChain(9000)).toBe('RangeError: nesting deeper than 8000 levels');
  });
});
