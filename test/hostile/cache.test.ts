// A damaged cache file through the real CLI: whatever one value in it is replaced with (a wrong type, a missing or
// extra part, a broken column), `scan --cache` never crashes, prints a complete report and exits 0 or 1. A value of
// the right type but the wrong content (a line number, a hash) can mislead any cache; damage that breaks the shape is
// what this checks, on every part of a real cache file, with a fixed seed.
import { cpSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fg from 'fast-glob';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';
import { runCliTimed } from './helpers.js';

const ENGINE_RULES = join(REPO, 'fixtures/engine/rules');
const CACHE = 'scan-cache.json';
const LONG_AGO = new Date('2020-01-01T00:00:00Z');

/** Every place in a JSON value, as a path of keys. */
function placesOf(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  if (path.length > 0) out.push(path);
  if (Array.isArray(value)) value.forEach((item, i) => placesOf(item, [...path, i], out));
  else if (value && typeof value === 'object') for (const [key, item] of Object.entries(value)) placesOf(item, [...path, key], out);
  return out;
}

/** A small deterministic generator (mulberry32): the same damage on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const REPLACEMENTS: unknown[] = [null, 7, -1, 'x', '', true, [], {}, [null], { status: 'parsed' }, 1e308];

describe('a damaged scan cache (real CLI)', () => {
  let work: string;
  let pristine: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'privlint-hostile-cache-'));
    cpSync(join(REPO, 'fixtures/cli-shard'), work, { recursive: true });
    // Old mtimes: files are trusted on their stat, so the cache's analyses are what the scan reports.
    for (const file of fg.sync('**/*', { cwd: work, dot: true })) utimesSync(join(work, file), LONG_AGO, LONG_AGO);
    const warm = runCliTimed(['scan', '--rules', ENGINE_RULES, '--format', 'json', '--cache-location', CACHE], work);
    expect(warm.code, warm.stderr).toBe(1);
    pristine = readFileSync(join(work, CACHE), 'utf8');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('never crashes, and reports every file, whatever one value is replaced with', { timeout: 600_000 }, () => {
    const places = placesOf(JSON.parse(pristine));
    // The cache holds every kind of entry: columns, specifiers, parsed results with detections and exports.
    expect(places.length).toBeGreaterThan(200);
    // Fixed so the suite is reproducible; PRIVLINT_CACHE_SEED and PRIVLINT_CACHE_RUNS explore further.
    const next = random(Number(process.env.PRIVLINT_CACHE_SEED ?? 20_261_129));
    const rounds = Number(process.env.PRIVLINT_CACHE_RUNS ?? 24);
    for (let round = 0; round < rounds; round++) {
      const cache = JSON.parse(pristine) as Record<string, unknown>;
      const place = places[Math.floor(next() * places.length)]!;
      const replacement = REPLACEMENTS[Math.floor(next() * REPLACEMENTS.length)];
      let parent: any = cache; // eslint-disable-line @typescript-eslint/no-explicit-any
      for (const key of place.slice(0, -1)) parent = parent[key];
      parent[place.at(-1)!] = structuredClone(replacement);
      writeFileSync(join(work, CACHE), JSON.stringify(cache));
      const run = runCliTimed(['scan', '--rules', ENGINE_RULES, '--format', 'json', '--cache-location', CACHE], work);
      const what = `${place.join('.')} = ${JSON.stringify(replacement)}`;
      expect(run.signal, what).toBeNull();
      expect([0, 1], `${what}: exit ${run.code}\n${run.stderr}`).toContain(run.code);
      expect(run.stderr, what).not.toMatch(/^\s+at |TypeError|RangeError|internal error/m);
      const report = JSON.parse(run.stdout) as { findings: unknown[]; summary: { files: number } };
      expect(Array.isArray(report.findings), what).toBe(true);
      expect(report.summary.files, what).toBe(fg.sync('**/*.{js,vue}', { cwd: work, ignore: ['node_modules/**'] }).length);
    }
  });
});
