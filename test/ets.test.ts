import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, type ParserOptions } from '@babel/parser';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { preprocessEts, type EtsPreprocessed } from '../src/parse/ets.js';

const BABEL_OPTIONS: ParserOptions = {
  sourceType: 'module',
  plugins: ['typescript', 'decorators-legacy', 'estree'],
  errorRecovery: true,
};

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = join(ROOT, 'fixtures/parse/ets');

interface Position {
  line: number;
  column: number;
}

interface AstNode {
  type: string;
  loc: { start: Position; end: Position };
  [key: string]: unknown;
}

function parseEts(source: string): { pre: EtsPreprocessed; ast: AstNode; errors: string[] } {
  const pre = preprocessEts(source);
  const file = parse(pre.code, BABEL_OPTIONS) as unknown as { program: AstNode; errors: { message: string }[] };
  return { pre, ast: file.program, errors: file.errors.map((e) => e.message) };
}

/** Offsets where lines start, with babel's line breaks (\n, \r\n, \r, U+2028, U+2029). */
function lineStarts(source: string): number[] {
  const starts = [0];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\r' && source[i + 1] === '\n') continue;
    if (c === '\n' || c === '\r' || c === '\u2028' || c === '\u2029') starts.push(i + 1);
  }
  return starts;
}

function offsetOf(source: string, pos: Position): number {
  return lineStarts(source)[pos.line - 1] + pos.column;
}

/** 1-based line and 0-based column of `inner` inside the `nth` occurrence of `needle` in `source`. */
function positionOf(source: string, needle: string, inner = needle, nth = 0): Position {
  let at = -1;
  for (let k = 0; k <= nth; k++) {
    at = source.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`needle not found: ${needle}`);
  }
  const innerAt = needle.indexOf(inner);
  if (innerAt < 0) throw new Error(`inner not in needle: ${inner}`);
  const offset = at + innerAt;
  const starts = lineStarts(source);
  let line = 0;
  while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
  return { line: line + 1, column: offset - starts[line] };
}

function* walk(node: unknown): Generator<AstNode> {
  if (Array.isArray(node)) {
    for (const child of node) yield* walk(child);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  const n = node as AstNode;
  if (typeof n.type === 'string' && n.loc) yield n;
  for (const key of Object.keys(n)) {
    if (key === 'loc' || key === 'range' || key === 'extra' || key === 'start' || key === 'end') continue;
    yield* walk(n[key]);
  }
}

function nodes(ast: AstNode, predicate: (node: AstNode) => boolean): AstNode[] {
  const found: AstNode[] = [];
  for (const node of walk(ast)) if (predicate(node)) found.push(node);
  return found;
}

const isIdentifier = (name: string) => (node: AstNode) => node.type === 'Identifier' && node.name === name;

/** `callee.property(` member calls, e.g. memberCall('pasteboard', 'getSystemPasteboard'). */
function memberObjects(ast: AstNode, object: string, property: string): AstNode[] {
  return nodes(ast, (node) => {
    if (node.type !== 'MemberExpression') return false;
    const obj = node.object as AstNode;
    const prop = node.property as AstNode;
    return obj.type === 'Identifier' && obj.name === object && prop.type === 'Identifier' && prop.name === property;
  }).map((node) => node.object as AstNode);
}

function sourceStart(pre: EtsPreprocessed, node: AstNode): Position {
  return pre.toSource(node.loc.start.line, node.loc.start.column);
}

/** Every identifier babel saw must map back onto the same name in the .ets source. */
function expectIdentifiersMapped(source: string, pre: EtsPreprocessed, ast: AstNode): number {
  let checked = 0;
  for (const node of walk(ast)) {
    if (node.type !== 'Identifier') continue;
    const name = node.name as string;
    const start = offsetOf(source, sourceStart(pre, node));
    const end = offsetOf(source, pre.toSource(node.loc.end.line, node.loc.end.column));
    expect(source.slice(start, start + name.length), `identifier ${name} at ${node.loc.start.line}:${node.loc.start.column}`).toBe(name);
    expect(end - start, `identifier ${name} length`).toBeGreaterThanOrEqual(name.length);
    checked++;
  }
  return checked;
}

function expectCleanParse(source: string): { pre: EtsPreprocessed; ast: AstNode } {
  const { pre, ast, errors } = parseEts(source);
  expect(errors, pre.code).toEqual([]);
  expectIdentifiersMapped(source, pre, ast);
  return { pre, ast };
}

const ARKTS_PIECES = [
  '@', 'Builder', 'struct', ' ', 'X', '(', ')', '{', '}', '.', ';', '`', '${', '/', "'", '"', '*', '\n', '\r', '\r\n',
  'Column', 'Text', '//', '/*', '*/', 'function', 'class', 'if', '=>', ':', ',', '<', '>', 'export', '\\', '\u2028',
];

const lines = (...rows: string[]): string => rows.join('\n');

// ---------------------------------------------------------------------------------------------------------------

const SNIPPETS: Record<string, string> = {
  'minimal page': lines(
    '@Entry',
    '@Component',
    'struct Index {',
    "  @State message: string = 'Hello World'",
    '',
    '  build() {',
    '    Row() {',
    '      Column() {',
    '        Text(this.message)',
    '          .fontSize(50)',
    '          .fontWeight(FontWeight.Bold)',
    '      }',
    "      .width('100%')",
    '    }',
    "    .height('100%')",
    '  }',
    '}',
  ),
  'build from the brief': lines(
    '@Entry @Component struct Index {',
    "  @State message: string = 'hi'; @State show: boolean = true; @State items: string[] = [];",
    '  async load(): Promise<void> {}',
    '  build() {',
    '    Column({ space: 10 }) {',
    '      Text(this.message)',
    '        .fontSize(50)',
    "        .onClick(() => { this.message = 'x' })",
    '      if (this.show) {',
    "        Button('ok').onClick(async () => { await this.load() })",
    '      } else {',
    "        Image($r('app.media.icon')).width(20)",
    '      }',
    '      ForEach(this.items, (item: string) => {',
    '        ListItem() { Text(item) }',
    '      }, (item: string) => item)',
    '    }',
    "    .width('100%')",
    "    .height('100%')",
    '  }',
    '}',
  ),
  'decorated functions': lines(
    '@Builder function Card(title: string) {',
    '  Column() { Text(title) }',
    '}',
    '@Extend(Text) function fancy(size: number) { .fontSize(size).fontColor(Color.Red) }',
    '@Styles function pressed() {',
    "  .backgroundColor('#ccc')",
    '  .opacity(0.6)',
    '}',
    '@AnimatableExtend(Text)',
    'function animatableFontSize(size: number) {',
    '  .fontSize(size)',
    '}',
    '@Concurrent',
    'async function work(n: number): Promise<number> { return n * 2 }',
    '@Builder',
    'export function ExportedBuilder() {',
    '  Text("exported")',
    '}',
    '@Builder export default function DefaultBuilder() { Blank() }',
  ),
  'builder and styles methods in a struct': lines(
    '@Component',
    'export struct Card {',
    '  @Prop title: string = ""',
    '  @BuilderParam content: () => void = this.defaultContent',
    '  @Builder defaultContent() { Text("empty") }',
    '  @Builder header($$: { title: string }) {',
    '    Row() { Text($$.title) }',
    '  }',
    '  @Styles pressedStyle() {',
    '    .backgroundColor(Color.Gray)',
    '  }',
    '  @LocalBuilder footer(): void {',
    '    Divider()',
    '  }',
    '  build() {',
    '    Column() {',
    '      this.header({ title: this.title })',
    '      this.content()',
    '      this.footer()',
    '    }',
    '    .stateStyles({ pressed: this.pressedStyle, normal: { .backgroundColor(Color.White) } })',
    '  }',
    '}',
  ),
  'state decorators': lines(
    "import { Child } from './Child'",
    '@Observed class Item { name: string = ""; constructor(name: string) { this.name = name } }',
    '@Entry({ routeName: "index" })',
    '@Component',
    'struct Parent {',
    '  @State @Watch("onCountChange") count: number = 0',
    '  @Provide("theme") theme: string = "light"',
    '  @StorageLink("token") token: string = ""',
    '  @StorageProp("uid") uid: number = 0',
    '  @LocalStorageLink("k") k: string = ""',
    '  @Consume("user") user: string',
    '  @Link @Watch("changed") linked: number',
    '  @ObjectLink item: Item',
    '  @Require @Prop required: number = 0',
    '  onCountChange(propName: string): void { console.log(propName) }',
    '  changed() {}',
    '  build() { Child({ count: this.count, item: this.item }) }',
    '}',
  ),
  'V2 state management': lines(
    '@ObservedV2 class Model { @Trace n: number = 0 }',
    '@Entry @ComponentV2 struct Page {',
    '  @Local model: Model = new Model()',
    '  @Param @Once start: number = 0',
    '  @Event onDone: () => void = () => {}',
    '  @Provider() shared: number = 1',
    '  @Consumer() consumed: number = 1',
    '  @Computed get double(): number { return this.model.n * 2 }',
    '  @Monitor("model.n") onN(m: IMonitor) { console.log(m.dirty.length) }',
    '  build() {',
    '    Column() {',
    '      Toggle({ type: ToggleType.Checkbox, isOn: this.model.n > 0 })',
    '      TextInput({ text: this.model.n!! })',
    '      Repeat<number>([1, 2, 3]).each((ri: RepeatItem<number>) => { Text(`${ri.item}`) })',
    '    }',
    '  }',
    '}',
  ),
  'reusable, sendable, custom dialog': lines(
    '@Sendable class Shared { constructor() { "use sendable"; } }',
    '@Reusable @Component struct Cell {',
    '  @State text: string = ""',
    '  aboutToReuse(params: Record<string, Object>) { this.text = params.text as string }',
    '  build() { Text(this.text) }',
    '}',
    '@CustomDialog struct Dlg {',
    '  controller: CustomDialogController',
    '  build() { Column() { Button("close").onClick(() => this.controller.close()) } }',
    '}',
  ),
  'nested components, no whitespace before the child block': lines(
    '@Component struct Tight {',
    '  build() {',
    "    Row(){Column(){Text('a').onClick(() => { console.log('a') })}.width(10)}.height(20)",
    '    Stack(){',
    "      Image($rawfile('bg.png')).objectFit(ImageFit.Cover)",
    '    }',
    '  }',
    '}',
  ),
  'child block on the next line and comments before it': lines(
    '@Component struct Spaced {',
    '  build() {',
    '    Column()',
    '    {',
    "      Text('next line')",
    '    }',
    '    .width(1)',
    '    Row() /* comment */ {',
    "      Text('comment')",
    '    }',
    '    Row()/* tight */{',
    "      Text('tight')",
    '    }',
    '    Flex() // trailing comment',
    '    {',
    '      Blank()',
    '    }',
    '  }',
    '}',
  ),
  'custom component with trailing closure': lines(
    '@Component struct Container {',
    '  @BuilderParam closer: () => void',
    '  build() { Column() { this.closer() } }',
    '}',
    '@Entry @Component struct Host {',
    '  build() {',
    '    Container() {',
    "      Text('inside the closure')",
    '    }',
    "    Container({ title: 'x' }) {",
    "      Text('with arguments')",
    '    }',
    '  }',
    '}',
  ),
  'lists, grids and lazy data': lines(
    'class Source implements IDataSource {',
    '  private data: string[] = []',
    '  totalCount(): number { return this.data.length }',
    '  getData(index: number): string { return this.data[index] }',
    '  registerDataChangeListener(listener: DataChangeListener): void {}',
    '  unregisterDataChangeListener(listener: DataChangeListener): void {}',
    '}',
    '@Entry @Component struct Lists {',
    '  private source: Source = new Source()',
    '  @State grid: number[][] = [[1, 2], [3, 4]]',
    '  build() {',
    '    Column() {',
    '      List({ space: 8, initialIndex: 0 }) {',
    '        LazyForEach(this.source, (item: string, index: number) => {',
    '          ListItem() {',
    '            Text(`${index}: ${item}`)',
    '          }',
    '          .swipeAction({ end: { builder: () => { this.itemEnd(item) } } })',
    '        }, (item: string, index: number) => `${index}-${item}`)',
    '      }',
    '      .cachedCount(3)',
    '      Grid() {',
    '        ForEach(this.grid, (row: number[]) => {',
    '          ForEach(row, (cell: number) => {',
    '            GridItem() { Text(cell.toString()) }',
    '          })',
    '        })',
    '      }',
    "      .columnsTemplate('1fr 1fr')",
    '    }',
    '  }',
    '  @Builder itemEnd(item: string) { Button(item) }',
    '}',
  ),
  'ordinary TypeScript around the DSL': lines(
    'import { BusinessError } from "@kit.BasicServicesKit"',
    'export class Store<T extends { id: number }> extends Base<{ x: 1 }> implements Repo<T> {',
    '  private items: Map<number, T> = new Map()',
    '  constructor(private readonly name: string, items?: T[]) {',
    '    super()',
    '    if (items) { for (const it of items) { this.items.set(it.id, it) } }',
    '  }',
    '  get size(): number { return this.items.size }',
    '  set label(v: string) { this.name2 = v }',
    '  async *each(): AsyncGenerator<T> { for (const v of this.items.values()) yield v }',
    '  find<K extends keyof T>(key: K, value: T[K]): T | undefined {',
    '    for (const item of this.items.values()) { if (item[key] === value) return item }',
    '    return undefined',
    '  }',
    '  static { Store.count = 0 }',
    '}',
    'function helper(a = { b() { return 1 } }) {',
    '  const handlers = { onOk() { return true }, onCancel: function () { return false }, get x() { return 1 } }',
    '  switch (a.b()) { case 1: { break } default: break }',
    '  try { JSON.parse("{") } catch (e) { console.error((e as BusinessError).message) } finally { }',
    '  while (false) { }',
    '  do { } while (false)',
    '  label: for (let i = 0; i < 2; i++) { continue label }',
    '  const ret = (x: number): { y: number } => { return { y: x } }',
    '  return [handlers, ret]',
    '}',
    'function* gen() { yield 1 }',
    'const Mixed = class extends mixin(Base) { m() {} }',
    'class Sub extends mixin(Base) { m() {} }',
    'export default function () { return { render() { return null } } }',
  ),
  'strings, templates, comments and regexes that look like ArkTS': lines(
    '// struct Fake { build() { Column() { } } }',
    '/* @Builder function nope() { .x() } ) { */',
    '@Component struct Strings {',
    "  a: string = 'struct Index { Column() {'",
    '  b: string = "Row() { .width(1) }"',
    '  c: string = `Column() { ${this.a} } ${`nested ${"x) {"} ${ { k: 1 }.k }`} struct X {`',
    '  d: RegExp = /\\) \\{ struct A \\{/g',
    '  e: RegExp = /[/]{2}\\}/',
    '  f: number = 10 / 2 / 5',
    '  build() {',
    "    Column() { Text(this.a + '/* not a comment */' + `//${this.b}`) }",
    '  }',
    '}',
  ),
  'template literals with several substitutions, then a top-level @Builder': lines(
    'const a = 1, b = 2',
    'const s = `${a}${b}${`${a}`}`',
    '@Builder function AfterTemplates() { Row() { Text(s) } }',
    '@Extend(Text) function afterTemplates() { .fontSize(a) }',
  ),
  'struct as an ordinary identifier': lines(
    'const struct = { name: 1 }',
    'const n = struct.name',
    'function use(struct: number) { return struct }',
    '@Component struct Real { build() { Text(`${struct.name}`) } }',
  ),
  'async methods and generics in a struct': lines(
    "import { http } from '@kit.NetworkKit'",
    '@Entry @Component struct Net {',
    '  @State list: Array<Record<string, string>> = []',
    '  async aboutToAppear(): Promise<void> {',
    '    const req = http.createHttp()',
    "    const res = await req.request('https://example.com', { method: http.RequestMethod.GET })",
    '    this.list = JSON.parse(res.result as string) as Array<Record<string, string>>',
    '  }',
    '  private pick<T>(xs: T[], i: number): T { return xs[i] }',
    '  build() {',
    '    Column() {',
    '      ForEach(this.list, (row: Record<string, string>) => {',
    '        Text(this.pick<string>(Object.keys(row), 0))',
    '      }, (row: Record<string, string>, i: number) => i.toString())',
    '    }',
    '  }',
    '}',
  ),
  'gestures, animation and conditional chains': lines(
    '@Entry @Component struct Gestures {',
    '  @State scale: number = 1',
    '  @State visible: boolean = true',
    '  build() {',
    '    Stack() {',
    '      if (this.visible) {',
    "        Image($r('app.media.photo'))",
    '          .scale({ x: this.scale, y: this.scale })',
    '          .gesture(',
    '            GestureGroup(GestureMode.Exclusive,',
    '              TapGesture({ count: 2 }).onAction(() => { animateTo({ duration: 300 }, () => { this.scale = 1 }) }),',
    '              PinchGesture().onActionUpdate((event: GestureEvent) => { this.scale = event.scale })',
    '            )',
    '          )',
    '          .transition(TransitionEffect.OPACITY)',
    '      }',
    '    }',
    '    .onClick(() => {',
    '      this.getUIContext().animateTo({ duration: 200 }, () => { this.visible = !this.visible })',
    '    })',
    '  }',
    '}',
  ),
};

describe('preprocessEts: snippets parse without errors', () => {
  for (const [name, source] of Object.entries(SNIPPETS)) {
    it(name, () => {
      expectCleanParse(source);
      expectCleanParse(source.replaceAll(') {', '){'));
      expectCleanParse(source.replaceAll('\n', '\r\n'));
    });
  }
});

describe('preprocessEts: fixtures', () => {
  const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.ets'));

  it('has at least three non-trivial fixture pages', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
    const big = files.filter((f) => readFileSync(join(FIXTURES, f), 'utf8').split('\n').length > 100);
    expect(big.length).toBeGreaterThanOrEqual(3);
  });

  for (const file of files) {
    it(`${file} parses with zero errors and every identifier maps back`, () => {
      const source = readFileSync(join(FIXTURES, file), 'utf8');
      const { pre, ast, errors } = parseEts(source);
      expect(errors).toEqual([]);
      expect(expectIdentifiersMapped(source, pre, ast)).toBeGreaterThan(50);
    });
  }

  for (const file of files) {
    it(`${file} still maps every identifier when written tightly (\`){\`) and with CRLF`, () => {
      const original = readFileSync(join(FIXTURES, file), 'utf8');
      for (const source of [original.replaceAll(') {', '){'), original.replaceAll('\n', '\r\n')]) {
        const { pre, ast, errors } = parseEts(source);
        expect(errors).toEqual([]);
        expectIdentifiersMapped(source, pre, ast);
      }
    });
  }

  it('finds pasteboard.getSystemPasteboard() inside a build() onClick handler at its .ets position', () => {
    const source = readFileSync(join(FIXTURES, 'ClipboardPage.ets'), 'utf8');
    const { pre, ast } = parseEts(source);
    const objects = memberObjects(ast, 'pasteboard', 'getSystemPasteboard');
    expect(objects).toHaveLength(2);
    // The second one: `pasteboard.getSystemPasteboard().getData()` in the Paste button's onClick.
    expect(sourceStart(pre, objects[1])).toEqual({ line: 99, column: 12 });
    expect(sourceStart(pre, objects[1])).toEqual(positionOf(source, 'pasteboard.getSystemPasteboard().getData()', 'pasteboard'));
  });

  it('maps the call after an inserted `;` (`Row(){`) in ContactListPage', () => {
    const source = readFileSync(join(FIXTURES, 'ContactListPage.ets'), 'utf8');
    const { pre, ast } = parseEts(source);
    expect(pre.code.length).toBe(source.length + 1);
    const [text] = nodes(ast, (n) => n.type === 'CallExpression' && (n.callee as AstNode).type === 'Identifier' &&
      (n.callee as AstNode).name === 'Text' && ((n.arguments as AstNode[])[0] as AstNode)?.value === 'Contacts');
    expect(text.loc.start).toEqual({ line: 156, column: 16 });
    expect(sourceStart(pre, text)).toEqual({ line: 156, column: 15 });
  });

  it('maps geoLocationManager.getCurrentLocation in a V2 component', () => {
    const source = readFileSync(join(FIXTURES, 'LocationTabsPage.ets'), 'utf8');
    const { pre, ast } = parseEts(source);
    const [object] = memberObjects(ast, 'geoLocationManager', 'getCurrentLocation');
    expect(sourceStart(pre, object)).toEqual(positionOf(source, 'geoLocationManager.getCurrentLocation(request)', 'geoLocationManager'));
  });
});

describe('preprocessEts: exact rewrites and positions', () => {
  it('rewrites struct, the child block and a leading attribute dot with same-length text', () => {
    const source = lines(
      '@Entry',
      '@Component',
      'struct Index {',
      '  build() {',
      '    Column() {',
      "      Text('hi')",
      '    }',
      "    .width('100%')",
      '  }',
      '}',
    );
    expect(preprocessEts(source).code).toBe(lines(
      '@Entry',
      '@Component',
      'class  Index {',
      '  build() {',
      '    Column();{',
      "      Text('hi')",
      '    }',
      "     width('100%')",
      '  }',
      '}',
    ));
  });

  it('blanks decorators on functions and the dot that starts an @Extend/@Styles body', () => {
    const source = lines('@Extend(Text) function big() { .fontSize(40) }', '@Styles function s() {', '  .opacity(1)', '}');
    expect(preprocessEts(source).code).toBe(
      lines('              function big() {  fontSize(40) }', '        function s() {', '   opacity(1)', '}'),
    );
  });

  it('keeps class decorators babel accepts and blanks the ones after export', () => {
    expect(preprocessEts('@Component export struct A { build() {} }').code).toBe('@Component export class  A { build() {} }');
    expect(preprocessEts('@Sendable export default class B {}').code).toBe('@Sendable export default class B {}');
    expect(preprocessEts('export @Component struct C { build() {} }').code).toBe('export            class  C { build() {} }');
    expectCleanParse('export @Component struct C { build() {} }');
  });

  it('turns inline stateStyles blocks into parenthesised expressions', () => {
    const source = "Button('b').stateStyles({ normal: { .backgroundColor(Color.Red) }, pressed: { .opacity(0.5) } })";
    expect(preprocessEts(source).code).toBe(
      "Button('b').stateStyles({ normal: (  backgroundColor(Color.Red) ), pressed: (  opacity(0.5) ) })",
    );
  });

  it('maps an import specifier', () => {
    const source = lines(
      "import { BusinessError, pasteboard } from '@kit.BasicServicesKit';",
      '@Entry @Component struct P { build() { Row(){ Text("x") } } }',
    );
    const { pre, ast } = expectCleanParse(source);
    const [specifier] = nodes(ast, (n) => n.type === 'ImportSpecifier' && (n.imported as AstNode).name === 'pasteboard');
    expect(sourceStart(pre, specifier)).toEqual({ line: 1, column: 24 });
  });

  it('subtracts inserted semicolons on the same line only, one per insertion', () => {
    const source = lines(
      '@Component struct T {',
      '  build() {',
      "    Row(){Column(){Text('a').onClick(() => { clip.read() })}}",
      '    Text(clip.name)',
      '  }',
      '}',
    );
    const { pre, ast } = expectCleanParse(source);
    expect(pre.code).toContain("Row();{Column();{Text('a')");
    const [column] = nodes(ast, isIdentifier('Column'));
    expect(column.loc.start).toEqual({ line: 3, column: 11 }); // shifted by the first `;`
    expect(sourceStart(pre, column)).toEqual({ line: 3, column: 10 });
    const [text] = nodes(ast, isIdentifier('Text'));
    expect(text.loc.start).toEqual({ line: 3, column: 21 }); // shifted by both
    expect(sourceStart(pre, text)).toEqual({ line: 3, column: 19 });
    const [readObject] = memberObjects(ast, 'clip', 'read');
    expect(sourceStart(pre, readObject)).toEqual(positionOf(source, 'clip.read', 'clip'));
    const [row] = nodes(ast, isIdentifier('Row'));
    expect(sourceStart(pre, row)).toEqual({ line: 3, column: 4 });
    // The end of `Row()` sits right before the first inserted `;`.
    const [rowCall] = nodes(ast, (n) => n.type === 'CallExpression' && (n.callee as AstNode).name === 'Row');
    expect(pre.toSource(rowCall.loc.end.line, rowCall.loc.end.column)).toEqual({ line: 3, column: 9 });
    const [nameObject] = memberObjects(ast, 'clip', 'name');
    expect(sourceStart(pre, nameObject)).toEqual({ line: 4, column: 9 });
  });

  it('maps positions in CRLF files', () => {
    const source = ['@Component struct W {', '  build() {', "    Row(){ Text('x').onClick(() => { pasteboard.getSystemPasteboard() }) }", '  }', '}'].join('\r\n');
    const { pre, ast } = expectCleanParse(source);
    const [object] = memberObjects(ast, 'pasteboard', 'getSystemPasteboard');
    expect(sourceStart(pre, object)).toEqual({ line: 3, column: 37 });
  });

  it('maps the attribute method that replaced a leading dot to its name', () => {
    const source = lines('@Component struct A {', '  build() {', '    Column() {', '    }', '    .onClick(() => {})', '  }', '}');
    const { pre, ast } = expectCleanParse(source);
    const [onClick] = nodes(ast, isIdentifier('onClick'));
    expect(sourceStart(pre, onClick)).toEqual({ line: 5, column: 5 });
  });

  it('maps a @Builder function name and the struct name', () => {
    const source = lines('@Builder', 'function Card() { Text("c") }', '@Entry', '@Component', 'struct Page { build() { Card() } }');
    const { pre, ast } = expectCleanParse(source);
    const [fn] = nodes(ast, (n) => n.type === 'FunctionDeclaration');
    expect(sourceStart(pre, fn.id as AstNode)).toEqual({ line: 2, column: 9 });
    const [cls] = nodes(ast, (n) => n.type === 'ClassDeclaration');
    expect(sourceStart(pre, cls.id as AstNode)).toEqual({ line: 5, column: 7 });
  });
});

describe('preprocessEts: leaves TypeScript alone', () => {
  it('does not touch `) {` of control flow, functions, methods, object methods, arrows and constructors', () => {
    const source = SNIPPETS['ordinary TypeScript around the DSL'];
    expect(preprocessEts(source).code).toBe(source);
  });

  it('does not touch struct, `) {` or a leading dot inside strings, templates, comments and regexes', () => {
    const source = lines(
      '// struct A { build() { Column() { } } }',
      "const s = 'Column() { .width(1) } struct B {'",
      'const t = `Row() { ${`Column() { ${"}"} struct C {`} }`',
      'const r = /Row\\(\\) \\{ [/] struct D \\{/',
      '/* Stack() {\n  .x() } */',
    );
    expect(preprocessEts(source).code).toBe(source);
  });

  it('passes large TypeScript and JavaScript files through unchanged', () => {
    for (const file of ['node_modules/typescript/lib/lib.es2015.core.d.ts', 'node_modules/@babel/parser/lib/index.js']) {
      const source = readFileSync(join(ROOT, file), 'utf8');
      const pre = preprocessEts(source);
      expect(pre.code === source, file).toBe(true);
      expect(pre.toSource(10, 5)).toEqual({ line: 10, column: 5 });
    }
  });
});

describe('preprocessEts: broken input', () => {
  it('does not throw on syntax errors and passes non-ArkTS text through', () => {
    const broken = 'let = ;\nfunction (( {\n  "unterminated\n  `template ${ x\n';
    expect(() => preprocessEts(broken)).not.toThrow();
    expect(preprocessEts(broken).code).toBe(broken);
    for (const text of ['}}}', ')))', '@', '@@', 'struct', 'struct X', '`${', '/*', '/', '.', 'Column() {', '@Builder(']) {
      expect(() => preprocessEts(text), text).not.toThrow();
    }
  });

  it('rewrites an unbalanced page as far as it can without throwing', () => {
    const source = lines('@Entry @Component struct Broken {', '  build() {', '    Column() {', "      Text('a'", '  }');
    expect(preprocessEts(source).code).toBe(
      lines('@Entry @Component class  Broken {', '  build() {', '    Column();{', "      Text('a'", '  }'),
    );
  });

  it('never throws and keeps lines, length and columns consistent on arbitrary text', () => {
    const fixtureText = readdirSync(FIXTURES).map((f) => readFileSync(join(FIXTURES, f), 'utf8')).join('\n');
    const arb = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.string({ unit: fc.constantFrom(...ARKTS_PIECES), maxLength: 120 }),
      fc.tuple(fc.nat(fixtureText.length), fc.nat(600)).map(([at, len]) => fixtureText.slice(at, at + len)),
    );
    fc.assert(
      fc.property(arb, (text) => {
        const pre = preprocessEts(text);
        const breaks = (s: string) => lineStarts(s).length;
        expect(breaks(pre.code)).toBe(breaks(text));
        expect(pre.code.length).toBeGreaterThanOrEqual(text.length);
        // A position at the end of each line maps to a column within the source line.
        const srcStarts = lineStarts(text);
        const outStarts = lineStarts(pre.code);
        for (let l = 0; l < outStarts.length; l++) {
          const outLineLength = (l + 1 < outStarts.length ? outStarts[l + 1] : pre.code.length) - outStarts[l];
          const srcLineLength = (l + 1 < srcStarts.length ? srcStarts[l + 1] : text.length) - srcStarts[l];
          expect(pre.toSource(l + 1, outLineLength)).toEqual({ line: l + 1, column: srcLineLength });
        }
      }),
      { numRuns: 300 },
    );
  });
});

// Pathological inputs must finish and keep line structure; their cost is measured by `npm run bench`, not here.
describe('preprocessEts: pathological inputs', () => {
  const cases: Record<string, (n: number) => string> = {
    'a real page repeated': (n) => readFileSync(join(FIXTURES, 'LocationTabsPage.ets'), 'utf8').repeat(n / 2000),
    'inserted semicolons on one line': (n) => 'Row(){'.repeat(n / 6) + '}.w()'.repeat(n / 6),
    'unclosed braces then stray parens': (n) => '{'.repeat(n / 2) + ')'.repeat(n / 2),
    'decorators without a target': (n) => '@A('.repeat(n / 3),
    'a long run of class decorators': (n) => '@A() '.repeat(n / 5) + 'struct X {}',
    'a long run of decorators ending malformed': (n) => '@A '.repeat(n / 3) + '@(',
  };
  for (const [name, make] of Object.entries(cases)) {
    it(`handles ${name}`, () => {
      const source = make(400_000);
      const out = preprocessEts(source);
      expect(out.code.split('\n').length).toBe(source.split('\n').length);
    });
  }
});
