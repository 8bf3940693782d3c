import { it } from 'vitest';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import vueParser from 'vue-eslint-parser';
import { detectProgram } from '../../src/detect/detect.js';
import { engineIndex, engineKeys } from '../helpers/engine.js';

const code = `import { getUniqueId } from 'react-native-device-info'
import type { X } from 'y'
const api = wx
api.getLocation({})
function f(wx: any) { wx.getLocation() }
class A { constructor(private readonly wx: any) {} m() { return navigator.clipboard.readText() } }
const id = plus.device.imei as string
const n = new Accelerometer({ frequency: 60 })!
enum E { a = 1 }
abstract class B { abstract getLocation(): void }
getUniqueId()
wx.getClipboardData<string>({})
`;

function keys(ast: any, text: string) {
  const r = detectProgram(ast, { index: engineIndex(), reportFile: 'a.ts', code: text });
  return r.detections.map((d) => `${d.category} ${d.range.start.line}:${d.range.start.column} ${JSON.stringify(d.via)}`);
}

it('ts', () => {
  const linter = new Linter();
  let out: string[] = [];
  linter.verify(code, [{ files: ['**/*.ts'], languageOptions: { parser: tseslint.parser }, plugins: { t: { rules: { r: { create(ctx: any) { return { Program() { out = keys(ctx.sourceCode.ast, ctx.sourceCode.text) } } } } } } }, rules: { 't/r': 'error' } }], 'a.ts');
  console.log('ts-eslint', out);
  console.log('babel', engineKeys(code, 'a.ts'));
});
const vue = `<template>
  <div @click="wx.getLocation()">{{ navigator.clipboard.readText() }}</div>
</template>
<script>
const api = wx
export default { methods: { a() { api.getLocation() } } }
</script>
<script setup lang="ts">
const r = api.getClipboardData()
wx.getLocation()
</script>
`;
it('vue', () => {
  const linter = new Linter();
  let out: string[] = [];
  const msgs = linter.verify(vue, [{ files: ['**/*.vue'], languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module' } }, plugins: { t: { rules: { r: { create(ctx: any) { return { Program() { out = keys(ctx.sourceCode.ast, ctx.sourceCode.text); console.log(Object.keys(ctx.sourceCode.ast)) } } } } } } }, rules: { 't/r': 'error' } }], 'a.vue');
  console.log(msgs);
  console.log('vue', out);
  console.log('babel', engineKeys(vue, 'a.vue'));
});
it('espree', () => {
  const js = code.replace(/: any/g, '').replace(/^import type.*$/m, '').replace(/ as string/, '').replace(/!$/m, '').replace(/^enum.*$/m, '').replace(/^abstract.*$/m, '').replace('private readonly ', '').replace('<string>', '');
  const linter = new Linter();
  let out: string[] = [];
  const msgs = linter.verify(js, [{ plugins: { t: { rules: { r: { create(ctx: any) { return { Program() { out = keys(ctx.sourceCode.ast, ctx.sourceCode.text) } } } } } } }, rules: { 't/r': 'error' } }], 'a.js');
  console.log(msgs, 'espree', out);
  console.log('babel', engineKeys(js, 'a.js'));
});
