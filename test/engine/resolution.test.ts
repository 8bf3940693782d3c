import { describe, expect, it } from 'vitest';
import { engineKeys } from '../helpers/engine.js';

// Each case: source, and the exact `category line:col` findings. Negative neighbours sit beside positives.
describe('globals', () => {
  it.each([
    ['call on a global', `wx.getClipboardData({ success() {} })`, ['clipboard 1:1']],
    ['write twin is not collection', `wx.setClipboardData({ data: 'x' })`, []],
    ['through window / globalThis / self', `window.navigator.geolocation.getCurrentPosition(ok)\nglobalThis.wx.getLocation()\nself.navigator.clipboard.readText()`, ['location 1:1', 'location 2:1', 'clipboard 3:1']],
    ['optional chaining', `wx?.getLocation?.({})\nnavigator.clipboard?.readText?.()`, ['location 1:1', 'clipboard 2:1']],
    ['alias of the global', `const api = wx\napi.getLocation()`, ['location 2:1']],
    ['alias of a member', `const read = wx.getClipboardData\nread()`, ['clipboard 2:1']],
    ['destructuring with rename and default', `const { getLocation: where = noop, getClipboardData } = wx\nwhere()\ngetClipboardData()`, ['location 2:1', 'clipboard 3:1']],
    ['nested destructuring', `const { geolocation: { getCurrentPosition } } = navigator\ngetCurrentPosition(ok)`, ['location 2:1']],
    ['rest of a destructured global', `const { a, ...rest } = wx\nrest.getLocation()`, ['location 2:1']],
    ['conditional alias reaches both', `const api = ok ? wx : window.wx\napi.getLocation()`, ['location 2:1']],
    ['call result chain', `wx.getRecorderManager().start({})\nconst rm = wx.getRecorderManager()\nrm.start()\nrm.stop()`, ['microphone 1:1', 'microphone 3:1']],
    ['computed string member', `wx['getLocation']()\nwx[\`getClipboardData\`]()\nwx[name]()`, ['location 1:1', 'clipboard 2:1']],
    ['.call / .apply / .bind', `wx.getLocation.call(wx, {})\nwx.getClipboardData.apply(wx, [])\nconst bound = wx.getLocation.bind(wx)\nbound()`, ['location 1:1', 'clipboard 2:1', 'location 4:1']],
    ['passed as a callback', `const p = promisify(wx.getLocation)\nsetTimeout(wx.getClipboardData)`, ['location 1:21', 'clipboard 2:12']],
    ['feature tests are not calls', `if (wx.getLocation) {}\nif (typeof wx.getClipboardData === 'function') {}`, []],
    ['assigning over the API is not a call', `wx.getLocation = fake`, []],
    ['property read that collects', `const id = plus.device.imei\nconsole.log(plus.device.imei.length)`, ['device.imei 1:12', 'device.imei 2:13']],
    ['destructured read', `const { imei, model } = plus.device`, ['device.imei 1:9']],
    ['write of a read property is not a read', `plus.device.imei = ''\ndelete plus.device.imei\ntypeof plus.device.imei`, []],
    ['constructor', `const a = new Accelerometer({ frequency: 60 })`, ['sensors 1:11']],
    ['object literal wrapper', `const api = { where: wx.getLocation, own() {} }\napi.where()\napi.own()`, ['location 2:1']],
    ['spread object', `const api = { ...wx }\napi.getLocation()`, ['location 2:1']],
  ])('%s', (_name, code, expected) => {
    expect(engineKeys(code, 'a.js')).toEqual(expected);
  });
});

describe('traps', () => {
  it.each([
    ['shadowed by a parameter', `function f(wx) { wx.getLocation() }\nconst g = (navigator) => navigator.clipboard.readText()`, []],
    ['shadowed by a local', `function f() { const wx = makeFake(); wx.getLocation() }`, []],
    ['shadowed by a catch parameter', `try {} catch (wx) { wx.getLocation() }`, []],
    ['shadowed in a block only', `{ let wx = fake; wx.getLocation() }\nwx.getLocation()`, ['location 2:1']],
    ['hoisted var shadows before its line', `function f() { wx.getLocation(); var wx = fake }`, []],
    ['our own function with the same name', `function getLocation() {}\ngetLocation()\nconst o = { getLocation() {} }\no.getLocation()\nthis.getLocation()`, []],
    ['our own class method with the same name', `class Api { getClipboardData() {} run() { this.getClipboardData() } }\nnew Api().getClipboardData()`, []],
    ['our own class named like a sensor', `class Accelerometer {}\nnew Accelerometer()`, []],
    ['strings and comments', `// wx.getLocation()\nconst s = 'wx.getLocation()'\n/* navigator.clipboard.readText() */\nconst t = \`wx.getClipboardData\``, []],
    ['a property key named like the API', `const o = { getLocation: 1, wx: 2 }\no.wx.getLocation`, []],
  ])('%s', (_name, code, expected) => {
    expect(engineKeys(code, 'a.js')).toEqual(expected);
  });
});

describe('modules', () => {
  it.each([
    ['named import', `import { getUniqueId } from 'react-native-device-info'\ngetUniqueId()`, ['device.android-id 2:1', 'device.id 2:1']],
    ['aliased named import', `import { getUniqueId as uid } from 'react-native-device-info'\nuid()`, ['device.android-id 2:1', 'device.id 2:1']],
    ['default import', `import DeviceInfo from 'react-native-device-info'\nDeviceInfo.getUniqueId()`, ['device.android-id 2:1', 'device.id 2:1']],
    ['namespace import', `import * as DI from 'react-native-device-info'\nDI.getUniqueId()`, ['device.android-id 2:1', 'device.id 2:1']],
    ['require', `const DI = require('react-native-device-info')\nDI.getUniqueId()\nconst { getUniqueId } = require('react-native-device-info')\ngetUniqueId()`, ['device.android-id 2:1', 'device.id 2:1', 'device.android-id 4:1', 'device.id 4:1']],
    ['awaited dynamic import', `async function f() {\n  const m = await import('react-native-device-info')\n  m.getUniqueId()\n  const { getUniqueId } = await import('react-native-device-info')\n  getUniqueId()\n}`, ['device.android-id 3:3', 'device.id 3:3', 'device.android-id 5:3', 'device.id 5:3']],
    ['import().then', `import('react-native-device-info').then((m) => m.getUniqueId())`, ['device.android-id 1:48', 'device.id 1:48']],
    ['type-only imports hold no value', `import type { getUniqueId } from 'react-native-device-info'\nimport { type getUniqueId as g } from 'react-native-device-info'\ngetUniqueId()\ng()`, []],
    ['a module whose default is its namespace, through a kit', `import { pasteboard } from '@kit.BasicServicesKit'\nconst board = pasteboard.getSystemPasteboard()\nawait board.getData()\nboard.setData(x)`, ['clipboard 3:7']],
    ['module alias node:os', `import os from 'node:os'\nos.networkInterfaces()\nimport { networkInterfaces } from 'os'\nnetworkInterfaces()`, ['device.mac 2:1', 'device.mac 4:1']],
    ['an unrelated module with the same export name', `import { getUniqueId } from './ids'\ngetUniqueId()\nimport { getLocation } from 'my-lib'\ngetLocation()`, []],
  ])('%s', (_name, code, expected) => {
    expect(engineKeys(code, 'a.ts')).toEqual(expected);
  });

  it('does not treat `declare const wx` as a shadowing binding', () => {
    expect(engineKeys(`declare const wx: any\nwx.getLocation()`, 'a.ts')).toEqual(['location 2:1']);
  });

  it('ignores `typeof wx.getLocation` inside types', () => {
    expect(engineKeys(`type F = typeof wx.getLocation\nlet f: typeof navigator.clipboard.readText`, 'a.ts')).toEqual([]);
  });
});

describe('class fields', () => {
  it.each([
    ['a field initializer', `class Rec {\n  private rm = wx.getRecorderManager()\n  go() { this.rm.start() }\n}`, ['microphone 3:10']],
    ['an assignment in the constructor', `class Rec {\n  constructor() { this.rm = wx.getRecorderManager() }\n  go() { this.rm.start(); this.rm.stop() }\n}`, ['microphone 3:10']],
    ['an arrow function keeps this', `class Api {\n  api = wx\n  run = () => this.api.getLocation()\n}`, ['location 3:15']],
    ['through a local alias', `class Api {\n  api = wx\n  run() { const a = this.api; a.getClipboardData() }\n}`, ['clipboard 3:31']],
    ['a plain function rebinds this', `class Api {\n  api = wx\n  run() { return function () { this.api.getLocation() } }\n}`, []],
    ['another class does not share fields', `class A { api = wx }\nclass B { run() { this.api.getLocation() } }`, []],
    ['a field of our own that shares the name', `class A {\n  api = { getLocation() {} }\n  run() { this.api.getLocation() }\n}`, []],
  ])('%s', (_name, code, expected) => {
    expect(engineKeys(code, 'a.ts')).toEqual(expected);
  });

  it('works in an ArkTS struct', () => {
    const code = [
      "import { pasteboard } from '@kit.BasicServicesKit'",
      '@Entry',
      '@Component',
      'struct Index {',
      '  private board = pasteboard.getSystemPasteboard()',
      '  build() {',
      '    Column() {',
      "      Button('paste').onClick(async () => { const data = await this.board.getData() })",
      '    }',
      '  }',
      '}',
    ].join('\n');
    expect(engineKeys(code, 'Index.ets')).toEqual(['clipboard 8:64']);
  });
});

describe('where real code puts it', () => {
  it('mini-program Page/App/Component objects', () => {
    const code = [
      'App({ onLaunch() { wx.getLocation({}) } })',
      'Page({',
      '  data: {},',
      '  onShow: function () { wx.getClipboardData({ success: (r) => this.setData(r) }) },',
      '  methods: { pick() { const api = wx; api.getLocation() } },',
      '})',
    ].join('\n');
    expect(engineKeys(code, 'page.js')).toEqual(['location 1:20', 'clipboard 4:25', 'location 5:39']);
  });

  it('React hooks and class components', () => {
    const code = [
      "import React, { useEffect } from 'react'",
      "import DeviceInfo from 'react-native-device-info'",
      'export function useId() {',
      '  useEffect(() => { DeviceInfo.getUniqueId().then(setId) }, [])',
      '}',
      'export class Screen extends React.Component {',
      '  async componentDidMount() { const id = await DeviceInfo.getUniqueId() }',
      '  render() { return <View onPress={() => navigator.clipboard.readText()} /> }',
      '}',
    ].join('\n');
    expect(engineKeys(code, 'screen.jsx')).toEqual([
      'device.android-id 4:21',
      'device.id 4:21',
      'device.android-id 7:48',
      'device.id 7:48',
      'clipboard 8:42',
    ]);
  });
});
