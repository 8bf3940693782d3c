// scan --cache through the real CLI: a warm scan gives the bytes of a cold one, reads nothing it can trust by
// stat, re-checks the inventory every time, starts afresh for another catalogue, and survives a broken cache file.
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fg from 'fast-glob';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { StoredAnalysis, StoredFiles } from '../../src/scan/cache.js';
import { REPO, runCli, type CliRun } from '../helpers/cli.js';

const FIXTURE = join(REPO, 'fixtures/cli-shard');
const ENGINE_RULES = join(REPO, 'fixtures/engine/rules');
const CACHE_FILE = 'node_modules/.cache/privlint/scan-cache.json';
/** Long before any cache was written: such stats are trusted without reading the file. */
const LONG_AGO = new Date('2020-01-01T00:00:00Z');

describe('scan --cache (real CLI)', () => {
  let work: string;
  let app: string;

  const scan = (args: string[] = [], cwd = app): CliRun => {
    const run = runCli(['scan', '--rules', ENGINE_RULES, '--format', 'json', ...args], cwd);
    if (run.code === 2) throw new Error(`privlint exited 2: ${run.stderr}`);
    return run;
  };
  const age = (dir: string) => {
    for (const file of fg.sync('**/*', { cwd: dir, dot: true })) utimesSync(join(dir, file), LONG_AGO, LONG_AGO);
  };

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'privlint-cache-'));
  });
  beforeEach(() => {
    app = join(work, `app-${Math.random().toString(36).slice(2)}`);
    cpSync(FIXTURE, app, { recursive: true });
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('gives a warm scan the bytes of a cold one, and writes the cache file atomically under node_modules/.cache', () => {
    const cold = scan();
    const first = scan(['--cache']);
    expect(first.stdout).toBe(cold.stdout);
    expect(first.stderr).toBe('');
    const cache = JSON.parse(readFileSync(join(app, CACHE_FILE), 'utf8')) as { format: number; privlint: string; catalogue: string; files: StoredFiles };
    expect(cache.format).toBe(2);
    // The version and this build: a rebuilt checkout with other analysis code starts afresh.
    const version = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
    expect(cache.privlint).toBe(`${version}+build.${Math.trunc(statSync(join(REPO, 'dist/catalogue.json')).mtimeMs)}`);
    // By column: paths relative to the scanned folder, in order, with a size, mtime and hash each.
    const { paths } = cache.files;
    expect(paths).toContain('utils/api.js');
    expect(paths).toEqual([...paths].sort());
    expect([cache.files.sizes.length, cache.files.mtimes.length, cache.files.hashes.length]).toEqual([paths.length, paths.length, paths.length]);
    const api = paths.indexOf('utils/api.js');
    expect(cache.files.hashes[api]).toBe(createHash('sha1').update(readFileSync(join(app, 'utils/api.js'))).digest('hex'));
    expect(cache.files.sizes[api]).toBe(statSync(join(app, 'utils/api.js')).size);
    // Only the exceptions are stored by index: the api module found something, a file that names no API did not.
    expect(cache.files.results[api]).toBeDefined();
    const plain = paths.indexOf('pages/quiet/a.js');
    expect(plain).toBeGreaterThanOrEqual(0);
    expect(cache.files.results[plain]).toBeUndefined();
    const warm = scan(['--cache']);
    expect(warm.stdout).toBe(cold.stdout);
    expect(scan(['--cache', '--workers', '2']).stdout).toBe(cold.stdout);
    expect(readdirSync(join(app, 'node_modules/.cache/privlint'))).toEqual(['scan-cache.json']);
    // The stylish format too (it carries notes the JSON does not).
    expect(runCli(['scan', '--rules', ENGINE_RULES, '--cache'], app).stdout).toBe(runCli(['scan', '--rules', ENGINE_RULES], app).stdout);
  });

  it('trusts an unchanged size and mtime: the file is not even read', () => {
    age(app);
    const before = scan(['--cache']);
    // Same size, same mtime, different text: only a scan that reads the file would notice.
    const file = join(app, 'pages/map/map.js');
    const text = readFileSync(file, 'utf8');
    const from = "wx.getLocation({ type: 'wgs84', ";
    const swapped = text.replace(from, 'wx.getClipboardData({ '.padEnd(from.length, ' '));
    expect(swapped.length).toBe(text.length);
    writeFileSync(file, swapped);
    utimesSync(file, LONG_AGO, LONG_AGO);
    expect(scan(['--cache']).stdout).toBe(before.stdout);
    // A new mtime: the file is read, hashed and analysed again.
    const now = new Date();
    utimesSync(file, now, now);
    const after = scan(['--cache']);
    expect(after.stdout).not.toBe(before.stdout);
    expect(after.stdout).toBe(scan().stdout);
    expect(after.stdout).toContain('"file": "pages/map/map.js"');
  });

  it('re-analyses what a changed module changes across files, exactly as a cold scan does', () => {
    scan(['--cache']);
    // The wrapper now aliases the location API: every importer's findings change, the importers themselves do not.
    writeFileSync(join(app, 'utils/api.js'), readFileSync(join(app, 'utils/api.js'), 'utf8').replace('wx.getClipboardData', 'wx.getLocation'));
    const warm = scan(['--cache']);
    expect(warm.stdout).toBe(scan().stdout);
    expect(warm.stdout).not.toContain('"file": "pages/profile/profile.js"');
    // A new file that a page could import, and a removed one.
    writeFileSync(join(app, 'pages/new.js'), "import { readClipboard } from '../utils/api'\nreadClipboard()\n");
    rmSync(join(app, 'pages/deep/deep.js'));
    expect(scan(['--cache']).stdout).toBe(scan().stdout);
    expect(scan(['--cache']).stdout).toBe(scan().stdout);
  });

  it('checks the inventory again on every run', () => {
    const before = scan(['--cache']);
    expect(before.stdout).toContain("'contacts' is declared in privacy-inventory.yaml, but no scanned code collects it");
    const inventory = join(app, 'privacy-inventory.yaml');
    writeFileSync(inventory, readFileSync(inventory, 'utf8').replace(/ {2}contacts:\n.*\n.*\n/, '').replace('not_collected:\n  - microphone\n', 'not_collected:\n  - camera\n'));
    const after = scan(['--cache']);
    expect(after.stdout).toBe(scan().stdout);
    expect(after.stdout).not.toContain("'contacts' is declared");
    expect(after.stdout).toContain("collects 'microphone', which privacy-inventory.yaml does not declare");
  });

  it('starts afresh when the catalogue changes', () => {
    const rules = join(work, `rules-${Math.random().toString(36).slice(2)}`);
    cpSync(ENGINE_RULES, rules, { recursive: true });
    const run = () => {
      const result = runCli(['scan', '--rules', rules, '--format', 'json', '--cache'], app);
      if (result.code === 2) throw new Error(result.stderr);
      return result;
    };
    const before = run();
    expect(before.stdout).toContain('"category": "microphone"');
    // The recorder now collects 'camera' instead.
    const catalogueFile = join(rules, 'apis/test/engine.yml');
    writeFileSync(catalogueFile, readFileSync(catalogueFile, 'utf8').replace('categories: [microphone]', 'categories: [camera]'));
    const after = run();
    expect(after.stdout).not.toContain('"category": "microphone"');
    expect(after.stdout).toContain('"category": "camera"');
    expect(after.stdout).toBe(runCli(['scan', '--rules', rules, '--format', 'json'], app).stdout);
  });

  it('ignores a corrupt cache file with a note, and rewrites it', () => {
    const cold = scan();
    scan(['--cache']);
    const cacheFile = join(app, CACHE_FILE);
    for (const garbage of ['{ not json', '[]', JSON.stringify({ format: 2, privlint: 'x', catalogue: 'y', settings: 'z', resolution: 'r', writtenAt: 1, files: { paths: ['a'], sizes: ['big'], mtimes: [1], hashes: ['h'], specifiers: {}, results: {} } })]) {
      writeFileSync(cacheFile, garbage);
      const run = scan(['--cache']);
      expect(run.stdout).toBe(cold.stdout);
      expect(run.stderr).toMatch(/^privlint: note: ignoring the cache file .*scan-cache\.json: it is not a privlint cache \(.*\); it will be rewritten\n$/);
      expect(JSON.parse(readFileSync(cacheFile, 'utf8')).format).toBe(2);
    }
    // A cache of another format version (an older privlint's, a newer one's) is simply replaced.
    for (const format of [1, 999]) {
      writeFileSync(cacheFile, JSON.stringify({ format, files: {} }));
      const other = scan(['--cache']);
      expect(other.stderr).toBe('');
      expect(other.stdout).toBe(cold.stdout);
      expect(JSON.parse(readFileSync(cacheFile, 'utf8')).format).toBe(2);
    }
  });

  it('analyses again a file whose cached analysis is damaged, and keeps the rest', () => {
    age(app);
    const cold = scan();
    scan(['--cache']);
    const cacheFile = join(app, CACHE_FILE);
    const cache = JSON.parse(readFileSync(cacheFile, 'utf8')) as { files: StoredFiles };
    const map = cache.files.paths.indexOf('pages/map/map.js');
    const variants = Object.keys(cache.files.results[map]!);
    expect(variants.length).toBeGreaterThan(0);
    // Deliberately not an analysis: a category must be a string.
    for (const variant of variants) cache.files.results[map]![variant] = { detections: [{ category: 7 }], errors: [], status: 'parsed' } as unknown as StoredAnalysis;
    writeFileSync(cacheFile, JSON.stringify(cache));
    const run = scan(['--cache']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(cold.stdout);
    // Rewritten with the file's real analysis.
    const repaired = (JSON.parse(readFileSync(cacheFile, 'utf8')) as typeof cache).files;
    expect(JSON.stringify(repaired.results[repaired.paths.indexOf('pages/map/map.js')])).not.toContain('"category":7');
  });

  it('takes --cache-location as a file or a folder, and implies --cache', () => {
    const cold = scan();
    expect(scan(['--cache-location', 'cache/privlint.json']).stdout).toBe(cold.stdout);
    expect(existsSync(join(app, 'cache/privlint.json'))).toBe(true);
    expect(scan(['--cache-location', 'cache/privlint.json']).stdout).toBe(cold.stdout);
    expect(scan(['--cache', '--cache-location', 'folder/']).stdout).toBe(cold.stdout);
    expect(statSync(join(app, 'folder/scan-cache.json')).isFile()).toBe(true);
    expect(existsSync(join(app, CACHE_FILE))).toBe(false);
  });

  it('works for shard selections too', () => {
    const full = scan();
    for (let round = 0; round < 2; round++) {
      const outputs = [1, 2].map((index) => {
        scan(['--cache', '--shard', `${index}/2`, '--output', `shard-${index}.json`]);
        return `shard-${index}.json`;
      });
      expect(runCli(['merge', ...outputs], app).stdout).toBe(full.stdout);
    }
  });
});
