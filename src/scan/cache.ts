// The scan cache (`scan --cache`): what each file yielded, so a re-scan reads and parses only what changed.
//
// An entry is the file's size, mtime and SHA-1, and its analyses by variant: the first pass (no export summaries),
// and each later pass keyed by a hash of the summaries it ran with, so cross-file results are reused only when every
// summary is unchanged. Detections are cached, not findings: the inventory is checked on every run. The whole cache
// belongs to one privlint build (its version and build time, see buildIdOf), one catalogue version and one set of
// scan settings; any other is started afresh.
// Parsed results also hold resolved import paths, so they are kept only while the set of scanned files is the same.
//
// The file is read on every warm scan, so it is compact and stored by column: paths (relative to the scanned folder),
// sizes, mtimes and hashes as parallel arrays, and only the exceptions by file index: specifiers other than none,
// analyses other than the commonest (read, passed over by the prefilter, nothing to report). JSON.parse reads a few
// long arrays far faster than 20,000 small records (~10 ms against ~28 ms here). The columns are checked when the
// file is loaded; an analysis is checked in depth only when it is used (a bad one is a miss, analysed again).
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import type { ExportSummary } from '../detect/refs.js';
import type { FileAnalysis } from './analyze-file.js';
import { COMPILED_CATALOGUE } from '../catalogue/load.js';
import { packageRoot } from '../util/package-root.js';
import { bytesSpecifiers, readRegularFile } from './changed.js';

export const CACHE_FORMAT = 2;
export const DEFAULT_CACHE_FILE = 'node_modules/.cache/privlint/scan-cache.json';

/**
 * An mtime this close to the moment the cache was written may hide a later edit within the same clock tick (coarse
 * file-system timestamps): such a file is hashed, not trusted on its stat.
 */
const RACY_WINDOW_MS = 2000;

interface CacheEntry {
  size: number;
  mtimeMs: number;
  sha1: string;
  /** Project import specifiers in its text (see changed.ts). */
  specifiers?: string[];
  results: Record<string, FileAnalysis>;
}

/** A file's analysis as stored: `"read"` for the commonest one, read and passed over with nothing to report. */
export type StoredAnalysis = FileAnalysis | 'read';

/** The analyses of one file as stored, by variant. */
export type StoredResults = Record<string, StoredAnalysis>;

/** What most files store: one plain first-pass analysis that found nothing. */
const USUAL_VARIANT = 'plain:none';

/** The files by column; file i is paths[i], sizes[i], … */
export interface StoredFiles {
  /** Sorted; relative to the scanned folder when inside it. */
  paths: string[];
  sizes: number[];
  mtimes: number[];
  /** SHA-1 of the bytes (`size:N` for a file skipped for its size). */
  hashes: string[];
  /** By file index, where not []: the project import specifiers (null: not known, a file over the size limit). */
  specifiers: Record<string, string[] | null>;
  /** By file index, where not `{ "plain:none": "read" }`. */
  results: Record<string, StoredResults>;
}

interface CacheFile {
  format: typeof CACHE_FORMAT;
  privlint: string;
  catalogue: string;
  settings: string;
  /** Hash of the scanned file list: parsed results hold import paths resolved against it. */
  resolution: string;
  writtenAt: number;
  files: StoredFiles;
}

export interface CacheOptions {
  /** Absolute path of the cache file. */
  file: string;
  privlintVersion: string;
  /** Told when the cache file cannot be used or written (the scan goes on without it). */
  onNote: (message: string) => void;
}

export interface CacheContext {
  catalogueVersion: string;
  /** The scanned folder: files inside it are stored by relative path. */
  cwd: string;
  /** Everything else an analysis depends on (cwd, limits, prefilter, roots). */
  settings: unknown;
  /** The scanned files, sorted. */
  files: readonly string[];
  /** Files larger than this are skipped by size alone, so they are keyed by size, not read. */
  maxFileSize: number;
}

export interface CacheStats {
  hits: number;
  misses: number;
}

interface RunEntry {
  entry: CacheEntry;
  /** Variants looked up or stored in this run: the only ones written back (an array: usually one, often none). */
  used: string[];
}

export class ScanCache {
  readonly stats: CacheStats = { hits: 0, misses: 0 };
  /** The loaded files, and each one's index by stored path: turned into CacheEntry objects only when looked up. */
  private previous: StoredFiles | undefined;
  private previousIndex = new Map<string, number>();
  private cwdPrefix = '';
  /** Loaded entries this run kept (unchanged files). */
  private reused = 0;
  private previousWrittenAt = 0;
  private header?: Omit<CacheFile, 'files' | 'writtenAt'>;
  private maxFileSize = Infinity;
  private readonly current = new Map<string, RunEntry | null>();
  private dirty = false;

  constructor(private readonly options: CacheOptions) {}

  /** Loads the cache file and keeps what is valid for this scan. Never throws on a bad file. */
  begin(context: CacheContext): void {
    this.maxFileSize = context.maxFileSize;
    this.header = {
      format: CACHE_FORMAT,
      privlint: this.options.privlintVersion,
      catalogue: context.catalogueVersion,
      settings: sha1(JSON.stringify(context.settings)),
      resolution: sha1(context.files.join('\0')),
    };
    this.cwdPrefix = context.cwd.endsWith(sep) ? context.cwd : context.cwd + sep;
    const loaded = this.load();
    if (!loaded || loaded.format !== CACHE_FORMAT || loaded.privlint !== this.header.privlint || loaded.catalogue !== this.header.catalogue || loaded.settings !== this.header.settings) {
      this.dirty = true;
      return;
    }
    this.previousWrittenAt = loaded.writtenAt;
    const previous = loaded.files;
    if (loaded.resolution !== this.header.resolution) {
      // Files were added or removed: an import may now resolve elsewhere. Unparsed results do not depend on it.
      this.dirty = true;
      for (const results of Object.values(previous.results)) {
        for (const variant of Object.keys(results)) {
          const result = results[variant]!;
          if (result !== 'read' && result.status === 'parsed') delete results[variant];
        }
      }
    }
    this.previous = previous;
    const paths = previous.paths;
    for (let i = 0; i < paths.length; i++) this.previousIndex.set(paths[i]!, i);
  }

  summariesKey(summaries: readonly [string, ExportSummary][] | undefined): string | undefined {
    return summaries ? sha1(JSON.stringify(summaries)) : undefined;
  }

  lookup(file: string, force: boolean | undefined, summariesKey: string | undefined): FileAnalysis | undefined {
    const run = this.entry(file);
    const variant = variantOf(force, summariesKey);
    const result = run?.entry.results[variant];
    if (run && result && (result === PLAIN_READ || isAnalysis(result))) {
      if (!run.used.includes(variant)) run.used.push(variant);
      this.stats.hits++;
      return result;
    }
    this.stats.misses++;
    return undefined;
  }

  store(file: string, force: boolean | undefined, summariesKey: string | undefined, result: FileAnalysis): void {
    const run = this.entry(file);
    if (!run) return;
    const variant = variantOf(force, summariesKey);
    run.entry.results[variant] = result;
    if (!run.used.includes(variant)) run.used.push(variant);
    this.dirty = true;
  }

  /** The file's project import specifiers (see changed.ts); undefined when the file cannot be cached. */
  specifiers(file: string): string[] | undefined {
    const run = this.entry(file);
    if (!run) return undefined;
    if (!run.entry.specifiers) {
      // Files larger than the limit: keyed by size, never read.
      const bytes = readRegularFile(file, this.maxFileSize);
      if (!bytes) return undefined;
      run.entry.specifiers = bytesSpecifiers(bytes);
      this.dirty = true;
    }
    return run.entry.specifiers;
  }

  /** Writes the entries of this run (and only those), atomically: a temporary file renamed over the old one. */
  save(): void {
    if (!this.header) return;
    // Decided before building anything: an unchanged warm scan writes nothing and should cost nothing here.
    const dropsVariants = [...this.current.values()].some((run) => run !== null && run.used.length !== Object.keys(run.entry.results).length);
    // Every loaded entry this run did not reuse is dropped by writing: a file removed, changed or out of the scan.
    const dropsFiles = this.reused < this.previousIndex.size;
    if (!this.dirty && !dropsVariants && !dropsFiles) return;
    const kept = [...this.current]
      .flatMap(([file, run]) => (run ? [[this.storedPathOf(file), run] as const] : []))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const files: StoredFiles = { paths: [], sizes: [], mtimes: [], hashes: [], specifiers: {}, results: {} };
    kept.forEach(([path, { entry, used }], i) => {
      files.paths.push(path);
      files.sizes.push(entry.size);
      files.mtimes.push(entry.mtimeMs);
      files.hashes.push(entry.sha1);
      if (entry.specifiers === undefined || entry.specifiers.length > 0) files.specifiers[i] = entry.specifiers ?? null;
      const results: StoredResults = {};
      for (const variant of [...used].sort()) results[variant] = compactAnalysis(entry.results[variant]!);
      const variants = Object.keys(results);
      if (!(variants.length === 1 && variants[0] === USUAL_VARIANT && results[USUAL_VARIANT] === 'read')) files.results[i] = results;
    });
    const content: CacheFile = { ...this.header, writtenAt: Date.now(), files };
    const temporary = `${this.options.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    try {
      mkdirSync(dirname(this.options.file), { recursive: true });
      writeFileSync(temporary, JSON.stringify(content));
      renameSync(temporary, this.options.file);
      this.dirty = false;
    } catch (error) {
      try {
        unlinkSync(temporary);
      } catch {
        // Nothing was written.
      }
      this.options.onNote(`could not write the cache file ${this.options.file} (${(error as NodeJS.ErrnoException).code ?? String(error)}); the next scan starts without it`);
    }
  }

  /** This run's entry for a file: the previous one if the file is unchanged (by stat, else by hash), else a new one. */
  private entry(file: string): RunEntry | undefined {
    const known = this.current.get(file);
    if (known !== undefined) return known ?? undefined;
    const run = this.freshEntry(file);
    this.current.set(file, run ?? null);
    return run;
  }

  private freshEntry(file: string): RunEntry | undefined {
    let stats: Stats | undefined;
    try {
      stats = statSync(file, { throwIfNoEntry: false });
    } catch {
      return undefined; // unreadable (EACCES, ELOOP…): not cached
    }
    if (!stats) return undefined;
    // Only regular files: reading a FIFO to hash it would block, and a read error is not worth remembering.
    if (!stats.isFile()) return undefined;
    const storedIndex = this.previousIndex.get(this.storedPathOf(file));
    const previous = storedIndex === undefined ? undefined : toEntry(this.previous!, storedIndex);
    const racy = previous !== undefined && previous.mtimeMs >= this.previousWrittenAt - RACY_WINDOW_MS;
    if (previous && !racy && previous.size === stats.size && previous.mtimeMs === stats.mtimeMs) {
      this.reused++;
      return { entry: previous, used: [] };
    }
    let hash: string;
    let specifiers: string[] | undefined;
    if (stats.size > this.maxFileSize) {
      // Skipped for its size alone: the bytes do not matter.
      hash = `size:${stats.size}`;
    } else {
      const bytes = readRegularFile(file, this.maxFileSize);
      if (!bytes) return undefined;
      hash = sha1(bytes);
      // While the bytes are at hand (a regular expression over the text, far cheaper than reading it again later).
      specifiers = bytesSpecifiers(bytes);
    }
    this.dirty = true;
    if (previous && previous.sha1 === hash) {
      this.reused++;
      return { entry: { ...previous, size: stats.size, mtimeMs: stats.mtimeMs }, used: [] };
    }
    return { entry: { size: stats.size, mtimeMs: stats.mtimeMs, sha1: hash, ...(specifiers ? { specifiers } : {}), results: {} }, used: [] };
  }

  private storedPathOf(file: string): string {
    return file.startsWith(this.cwdPrefix) ? file.slice(this.cwdPrefix.length) : file;
  }

  private load(): CacheFile | undefined {
    let text: string;
    try {
      text = readFileSync(this.options.file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') this.options.onNote(`cannot read the cache file ${this.options.file} (${code ?? String(error)}); scanning without it`);
      return undefined;
    }
    try {
      const parsed = JSON.parse(text) as unknown;
      if (!isCacheFile(parsed)) throw new Error('unexpected content');
      return parsed;
    } catch (error) {
      this.options.onNote(`ignoring the cache file ${this.options.file}: it is not a privlint cache (${(error as Error).message}); it will be rewritten`);
      return undefined;
    }
  }
}

function variantOf(force: boolean | undefined, summariesKey: string | undefined): string {
  return `${force ? 'forced' : 'plain'}:${summariesKey ?? 'none'}`;
}

function sha1(data: string | Uint8Array): string {
  return createHash('sha1').update(data).digest('hex');
}

/** A cache written by another version is only checked for its header; a current one is checked entry by entry. */
function isCacheFile(value: unknown): value is CacheFile {
  if (!isObject(value) || typeof value.format !== 'number') return false;
  if (value.format !== CACHE_FORMAT) return true;
  if (typeof value.privlint !== 'string' || typeof value.catalogue !== 'string' || typeof value.settings !== 'string') return false;
  if (typeof value.resolution !== 'string' || typeof value.writtenAt !== 'number') return false;
  return isStoredFiles(value.files);
}

/** The columns and their lengths; the analyses are checked when used (isAnalysis). */
function isStoredFiles(value: unknown): value is StoredFiles {
  if (!isObject(value)) return false;
  const { paths, sizes, mtimes, hashes, specifiers, results } = value;
  if (!Array.isArray(paths) || !Array.isArray(sizes) || !Array.isArray(mtimes) || !Array.isArray(hashes)) return false;
  const count = paths.length;
  if (sizes.length !== count || mtimes.length !== count || hashes.length !== count) return false;
  for (let i = 0; i < count; i++) {
    if (typeof paths[i] !== 'string' || typeof sizes[i] !== 'number' || typeof mtimes[i] !== 'number' || typeof hashes[i] !== 'string') return false;
  }
  if (!isObject(specifiers) || !Object.values(specifiers).every((list) => list === null || (Array.isArray(list) && list.every((item) => typeof item === 'string')))) return false;
  return isObject(results) && Object.values(results).every(isObject);
}

/** The commonest analysis, shared by every file that stores `"read"` (frozen: nothing may change it). */
const PLAIN_READ = Object.freeze({ detections: Object.freeze([]), errors: Object.freeze([]), status: 'read' }) as unknown as FileAnalysis;

function toEntry(files: StoredFiles, i: number): CacheEntry {
  const stored = files.results[i] ?? { [USUAL_VARIANT]: 'read' };
  const results: Record<string, FileAnalysis> = {};
  for (const variant in stored) {
    const result = stored[variant]!;
    results[variant] = result === 'read' ? PLAIN_READ : result;
  }
  const specifiers = i in files.specifiers ? files.specifiers[i] : [];
  return { size: files.sizes[i]!, mtimeMs: files.mtimes[i]!, sha1: files.hashes[i]!, ...(specifiers ? { specifiers } : {}), results };
}

function compactAnalysis(analysis: FileAnalysis): StoredAnalysis {
  const plainRead = analysis.status === 'read' && analysis.detections.length === 0 && analysis.errors.length === 0 && Object.keys(analysis).length === 3;
  return plainRead ? 'read' : analysis;
}

/**
 * Checked field by field, as deep as the pipeline reads without checking: a damaged analysis is a miss (the file is
 * analysed again), never a crash (test/hostile/cache.test.ts replaces values all over a real cache file).
 */
function isAnalysis(value: unknown): value is FileAnalysis {
  return (
    isObject(value) &&
    (value.status === 'skipped' || value.status === 'read' || value.status === 'parsed') &&
    isArrayOf(value.detections, isDetection) &&
    isArrayOf(value.errors, isScanError) &&
    (value.sourceLines === undefined || isArrayOf(value.sourceLines, (entry) => Array.isArray(entry) && entry.length === 2 && isInteger(entry[0]) && typeof entry[1] === 'string')) &&
    (value.projectImports === undefined || isArrayOf(value.projectImports, isString)) &&
    (value.exports === undefined || isExportSummary(value.exports)) &&
    (value.directives === undefined || isArrayOf(value.directives, isDirective))
  );
}

function isDetection(value: unknown): boolean {
  if (!isObject(value) || !isObject(value.range) || !isPosition(value.range.start) || !isPosition(value.range.end) || !isArrayOf(value.via, isString)) return false;
  return ['category', 'entry', 'api', 'platform', 'kind', 'actor', 'file'].every((key) => typeof value[key] === 'string');
}

function isPosition(value: unknown): boolean {
  return isObject(value) && isInteger(value.line) && isInteger(value.column);
}

function isScanError(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.file === 'string' &&
    typeof value.kind === 'string' &&
    typeof value.message === 'string' &&
    (value.line === undefined || isInteger(value.line)) &&
    (value.column === undefined || isInteger(value.column))
  );
}

function isExportSummary(value: unknown): boolean {
  return isObject(value) && isObject(value.values) && Object.values(value.values).every((refs) => isArrayOf(refs, isPlainRef)) && isArrayOf(value.starFrom, isPlainRef);
}

function isPlainRef(value: unknown): boolean {
  return isObject(value) && (value.root === 'global' || value.root === 'module' || value.root === 'file') && typeof value.name === 'string' && isArrayOf(value.path, isString);
}

function isDirective(value: unknown): boolean {
  return (
    isObject(value) &&
    ['file', 'kind', 'name', 'reason'].every((key) => typeof value[key] === 'string') &&
    isArrayOf(value.targets, isString) &&
    isInteger(value.line) &&
    isInteger(value.column) &&
    isInteger(value.endLine)
  );
}

function isArrayOf(value: unknown, isItem: (item: unknown) => boolean): boolean {
  return Array.isArray(value) && value.every(isItem);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isInteger(value: unknown): value is number {
  return Number.isInteger(value);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The privlint a cache belongs to: its version plus when this copy was built (the compiled catalogue is written last
 * by `npm run build`), so a rebuilt checkout whose analysis code changed never reuses the old build's results. An
 * installed package keeps its files' times, so there the cache lives as long as the version.
 */
export function buildIdOf(version: string): string {
  let built = 'unbuilt';
  try {
    built = String(Math.trunc(statSync(join(packageRoot(), COMPILED_CATALOGUE)).mtimeMs));
  } catch {
    // No compiled catalogue (the rules are read from YAML): the version alone decides.
  }
  return `${version}+build.${built}`;
}

/** The cache for `scan --cache [--cache-location PATH]`: PATH is a file, or a folder (existing, or written with a trailing slash). */
export function openScanCache(cwd: string, location: string | undefined, options: Omit<CacheOptions, 'file'>): ScanCache {
  let file = resolve(cwd, location ?? DEFAULT_CACHE_FILE);
  if (location !== undefined && (/[\\/]$/.test(location) || isDirectory(file))) file = join(file, 'scan-cache.json');
  return new ScanCache({ ...options, file });
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
