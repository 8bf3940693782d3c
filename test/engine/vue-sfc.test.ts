// The CLI reads a .vue file's script blocks with @vue/compiler-dom (src/parse/vue-sfc.ts) instead of loading all of
// @vue/compiler-sfc; what it gets must be exactly what compiler-sfc's parse() gives: the same script and script-setup
// blocks (content, position, lang) and the same problems, on every .vue fixture and on generated components.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { parseSfcScripts, type SfcScripts } from '../../src/parse/vue-sfc.js';

const require = createRequire(import.meta.url);
const sfc = require('@vue/compiler-sfc') as typeof import('@vue/compiler-sfc');
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** compiler-sfc's answer, in the shape parseSfcScripts gives. */
function reference(source: string, filename: string): SfcScripts {
  const { descriptor, errors } = sfc.parse(source, { filename, sourceMap: false, ignoreEmpty: true });
  const block = (b: typeof descriptor.script) =>
    b ? { content: b.content, start: { line: b.loc.start.line, column: b.loc.start.column, offset: b.loc.start.offset }, lang: b.lang } : null;
  return {
    script: block(descriptor.script),
    scriptSetup: block(descriptor.scriptSetup),
    problems: errors.map((error) => {
      const at = 'loc' in error && error.loc ? error.loc.start : undefined;
      return at ? { message: String(error.message), line: at.line, column: at.column } : { message: String(error.message) };
    }),
  };
}

const normalize = (result: SfcScripts) => JSON.parse(JSON.stringify(result)) as unknown;

describe('Vue script blocks without @vue/compiler-sfc', () => {
  const fixtures = fg.sync('{fixtures,test}/**/*.{vue,nvue,uvue}', { cwd: ROOT, ignore: ['**/node_modules/**'] }).sort();

  it('has fixtures to compare', () => {
    expect(fixtures.length).toBeGreaterThan(5);
  });

  it.each(fixtures)('reads %s as compiler-sfc does', (file) => {
    const source = readFileSync(`${ROOT}${file}`, 'utf8');
    expect(normalize(parseSfcScripts(source, file))).toEqual(normalize(reference(source, file)));
  });

  it('reads generated components as compiler-sfc does: duplicates, empty and src blocks, langs, broken markup', () => {
    const attribute = fc.constantFrom('', ' setup', ' lang="ts"', ' setup lang="ts"', ' lang="tsx"', ' src="./a.js"', ' setup src="./b.ts"', ' lang', ' setup=""', ' lang="uts"', ' functional', ' vars');
    const body = fc.constantFrom('', '\n', '\nconst a = 1\n', '\n  uni.getLocation({})\n', ' x ', '\n// <script>\n', '\n</div>\n', '\n<view>\n');
    const tag = fc.constantFrom('template', 'script', 'style', 'docs', 'i18n');
    const block = fc.tuple(tag, attribute, body).map(([name, attrs, inner]) => `<${name}${attrs}>${inner}</${name}>`);
    const glue = fc.constantFrom('\n', '\n\n', '', ' ', '<!-- note -->\n', 'text\n', '<br>\n', '\r\n');
    const component = fc.array(fc.tuple(block, glue), { maxLength: 5 }).map((parts) => parts.map(([b, g]) => b + g).join(''));
    fc.assert(
      fc.property(component, (source) => {
        expect(normalize(parseSfcScripts(source, 'Generated.vue'))).toEqual(normalize(reference(source, 'Generated.vue')));
      }),
      { seed: 20_261_129, numRuns: 400 },
    );
  });
});
