// The prefilter decides which files are parsed at all: every word the catalogue needs must be found where a token
// starts, short words only as whole tokens, scoped packages after their `@`.
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/load.js';
import { buildMatchIndex, requiredWord } from '../../src/catalogue/match-index.js';

const catalogue = loadCatalogue();
const { prefilter } = buildMatchIndex(catalogue);
const words = [...new Set(catalogue.items.flatMap((item) => item.matches.map((match) => requiredWord(match))))].sort();

describe('prefilter', () => {
  it('has words of every kind to test', () => {
    expect(words.some((word) => word.length <= 4 && /^\w/.test(word))).toBe(true);
    expect(words.some((word) => word.length > 4 && /^\w/.test(word))).toBe(true);
    expect(words.some((word) => word.startsWith('@'))).toBe(true);
  });

  it.each(words)('finds %s where a token starts, in code and in strings', (word) => {
    expect(prefilter.test(`const x = 1;\nfoo.${word}(1);\n`)).toBe(true);
    expect(prefilter.test(`import a from '${word}';`)).toBe(true);
    expect(prefilter.test(word)).toBe(true);
  });

  // Identifier words only: in `x_react-native-ble`, `ble` starts a token of its own.
  it.each(words.filter((word) => /^\w+$/.test(word)))('does not find %s inside a longer token', (word) => {
    expect(prefilter.test(`let x_${word} = 1;`)).toBe(false);
  });

  it('finds short words only as whole tokens, long words also as a token prefix', () => {
    const short = words.find((word) => word === 'ble')!;
    expect(short).toBe('ble');
    expect(prefilter.test('const table = 1; const bleed = 2;')).toBe(false);
    expect(prefilter.test('ble.scan()')).toBe(true);
    const long = words.find((word) => word === 'getClipboardData')!;
    expect(prefilter.test(`wx.${long}Sync()`)).toBe(true);
    expect(prefilter.test('wx.fetchClipboardData()')).toBe(false);
  });

  it.each(words.filter((word) => word.startsWith('@')))('finds %s after other @ signs', (word) => {
    expect(prefilter.test(`/** @param a */\n@Component\nstruct A {}\nimport x from '${word}';`)).toBe(true);
    expect(prefilter.test(`// a@b.c @Component\nimport x from '${word}`)).toBe(true);
  });

  it('passes over text whose @ signs start nothing catalogued', () => {
    expect(prefilter.test('/** @param a @returns b */\n@Component\nstruct A { @State n = 1 }\n// me@example.com\n')).toBe(false);
    expect(prefilter.test('@')).toBe(false);
    expect(prefilter.test('x@')).toBe(false);
  });

  it('passes over text that names nothing catalogued', () => {
    expect(prefilter.test('export function add(a, b) {\n  return a + b;\n}\n// 我们的代码\n')).toBe(false);
    expect(prefilter.test('')).toBe(false);
  });
});
