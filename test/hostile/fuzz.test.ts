// Fuzzing, bounded for the suite: mutated fixture sources through the in-process engine (no exception, no hang,
// well-formed findings inside the text, known categories, the same result twice), exact positions under random
// line endings, and a mutated tree through the real CLI (valid JSON and SARIF, the same with 1 or 2 workers).
// `npm run fuzz` runs the same properties (fuzz-core.mjs) for much longer.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AjvDraft04 from 'ajv-draft-04';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/load.js';
import { buildMatchIndex } from '../../src/catalogue/match-index.js';
import { decodeSource } from '../../src/discover/read.js';
import { analyzeText } from '../../src/scan/analyze-file.js';
import { REPO } from '../helpers/cli.js';
import { caseArbitrary, fuzzProperty, loadSeeds, materialize, type FuzzEngine } from './fuzz-core.mjs';
import { runCliTimed, scanJsonTimed } from './helpers.js';

/** Fixed so the suite is reproducible; set PRIVLINT_FUZZ_SEED to explore (npm run fuzz picks a random one). */
const SEED = Number(process.env.PRIVLINT_FUZZ_SEED ?? 20_240_601);
const SARIF_SCHEMA = fileURLToPath(new URL('../../../shared/schemas/sarif-schema-2.1.0.json', import.meta.url));

const catalogue = loadCatalogue();
const engine: FuzzEngine = {
  analyzeText,
  decodeSource,
  index: buildMatchIndex(catalogue),
  categories: new Set(catalogue.categories.map((category) => category.id)),
};
const seeds = loadSeeds(REPO);

describe('fuzzing the engine (in-process)', () => {
  it('has seeds from fixtures/detect and fixtures/apps', () => {
    expect(seeds.some((seed) => seed.name.startsWith('fixtures/detect/'))).toBe(true);
    expect(seeds.some((seed) => seed.name.startsWith('fixtures/apps/'))).toBe(true);
  });

  it('never throws, hangs or reports outside the text on mutated sources', () => {
    fc.assert(fuzzProperty(fc, engine, seeds, { maxMillis: 10_000 }), { seed: SEED, numRuns: 500 });
  }, 60_000);

  it('puts a finding on the line and column editors show, under any mix of line endings', () => {
    const lineBreak = fc.constantFrom('\n', '\r\n', '\r');
    const program = fc.record({
      breaks: fc.array(lineBreak, { minLength: 1, maxLength: 8 }),
      indent: fc.string({ unit: fc.constantFrom(' ', '\t'), maxLength: 6 }),
      comment: fc.string({ unit: fc.constantFrom('a', '中', '😀', ' ', '"', "'"), maxLength: 6 }),
      ext: fc.constantFrom('js', 'ts', 'vue'),
    });
    fc.assert(
      fc.property(program, ({ breaks, indent, comment, ext }) => {
        // The line breaks are in a block comment's text, each after a letter so that a CR and an LF never meet
        // (CR LF is one break); each must count as one line.
        const body = `/* ${breaks.map((lineBreak) => `x${comment}${lineBreak}`).join('')} */${breaks[0]}${indent}wx.getLocation()${breaks[0]}`;
        const text = ext === 'vue' ? `<template><div/></template>${breaks[0]}<script>${breaks[0]}${body}</script>${breaks[0]}` : body;
        const decoded = decodeSource(new TextEncoder().encode(text));
        if (!decoded.ok) throw new Error('decoding failed');
        const result = analyzeText(decoded.text, `/fuzz/case.${ext}`, `case.${ext}`, {
          index: engine.index as never,
          limits: { maxFileSize: Number.MAX_SAFE_INTEGER, includeMinified: true },
          prefilter: true,
          resolveImport: () => undefined,
        });
        const line = breaks.length + 2 + (ext === 'vue' ? 2 : 0);
        expect(result.errors).toEqual([]);
        expect(result.detections.map((d) => `${d.range.start.line}:${d.range.start.column}`)).toEqual([`${line}:${indent.length + 1}`]);
      }),
      { seed: SEED, numRuns: 200 },
    );
  });
});

describe('fuzzing through the real CLI', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'privlint-fuzz-cli-'));
    const cases = fc.sample(caseArbitrary(fc, seeds.length), { seed: SEED, numRuns: 40 });
    cases.forEach((sampled, i) => {
      // Nesting kept under 200 levels here: deeper, whether a file is analysed or refused as too deeply nested
      // still depends on the thread's stack (the known gap in text.test.ts), and this test compares 1 and 2 workers.
      const mutations = (sampled.mutations as Record<string, unknown>[] | undefined)?.map((m) => (m.op === 'nest' ? { ...m, depth: Math.min(Number(m.depth), 200) } : m));
      const testCase = mutations ? { ...sampled, mutations } : sampled;
      const { ext, bytes } = materialize(testCase, seeds);
      const dir = join(work, 'mutated', String(i % 4));
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `case-${String(i).padStart(2, '0')}${ext}`), bytes);
    });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('writes valid JSON, the same with 1 or 2 workers, covering every file', () => {
    const one = scanJsonTimed(['mutated', '--include-minified', '--workers', '1'], work);
    const two = scanJsonTimed(['mutated', '--include-minified', '--workers', '2'], work);
    expect(two.run.stdout).toBe(one.run.stdout);
    expect(one.run.stderr).toBe('');
    expect(one.report.summary.files).toBe(40);
    for (const entry of [...one.report.findings, ...one.report.errors]) expect(entry.file).toMatch(/^mutated\/\d\/case-\d\d\.\w+$/);
    for (const finding of one.report.findings) expect(engine.categories.has(finding.category)).toBe(true);
  });

  it('writes valid SARIF 2.1.0', () => {
    const run = runCliTimed(['scan', 'mutated', '--include-minified', '--format', 'sarif', '--workers', '2'], work);
    if (run.code === 2 && run.stderr.includes("argument 'sarif' is invalid")) return; // SARIF output not built yet
    expect([0, 1], run.stderr).toContain(run.code);
    const sarif = JSON.parse(run.stdout) as { version: string; runs: { results: { locations?: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    for (const result of sarif.runs[0]!.results) {
      for (const location of result.locations ?? []) {
        expect(location.physicalLocation.artifactLocation.uri).toMatch(/^mutated\/\d\/case-\d\d\.\w+$/);
        expect(location.physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
        expect(location.physicalLocation.region.startColumn).toBeGreaterThanOrEqual(1);
      }
    }
    // The official schema, when the shared copy is present (test/cli/sarif.test.ts uses the same file).
    if (existsSync(SARIF_SCHEMA)) {
      type Validator = ((data: unknown) => boolean) & { errors?: unknown[] | null };
      const module = AjvDraft04 as unknown as { default?: unknown };
      const Ajv = (module.default ?? AjvDraft04) as new (options: object) => { compile(schema: object): Validator };
      const validate = new Ajv({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')) as object);
      expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5))).toBe(true);
    }
  });
});
