// The project scan: discover the files, analyse them (in worker threads when there are many), then a
// second pass for files that reach an API through the project's own modules. Output order never depends
// on which worker finished first.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { loadCatalogue, type Catalogue } from '../catalogue/load.js';
import { buildMatchIndex } from '../catalogue/match-index.js';
import type { ExportSummary } from '../detect/refs.js';
import { discoverFiles } from '../discover/discover.js';
import { DEFAULT_LIMITS, type ReadLimits } from '../discover/read.js';
import type { Directive } from '../suppress/directives.js';
import type { Detection, ScanError } from '../types.js';
import { toReportPath } from '../util/path.js';
import type { FileAnalysis } from './analyze-file.js';
import type { ScanCache } from './cache.js';
import { importClosure, readSpecifiers } from './changed.js';
import { createModuleResolver } from './module-resolver.js';
import type { WorkerBatch, WorkerSetup } from './worker.js';
import { screenFile, type ToParse } from './screen.js';

export interface ScanOptions {
  cwd: string;
  patterns: string[];
  ignore?: string[];
  gitignore?: boolean;
  limits?: Partial<ReadLimits>;
  /** Threads that analyse files, this one included; 0 or undefined = one per core (this one alone for small scans). */
  workers?: number;
  prefilter?: boolean;
  catalogue?: Catalogue;
  /**
   * Restrict the report to these absolute files (after discovery): shards and --changed-since. The project modules
   * they import are analysed too, as support files, so their findings are those of a whole-project scan.
   */
  select?: (files: string[], context: SelectContext) => string[];
  onProgress?: (done: number, total: number) => void;
  /** Reuse (and record) per-file results across runs. */
  cache?: ScanCache;
}

export interface SelectContext {
  roots: string[];
  /** Resolves an import specifier the way the analysis does. */
  resolveImport: (specifier: string, fromFile: string) => string | undefined;
  /** Project import specifiers written in a file, read from its text (cached with --cache). */
  specifiersOf: (file: string) => string[];
}

export interface ScanStats {
  /** Source files discovered. */
  files: number;
  /** Files parsed (the rest were read and passed over by the prefilter, or skipped). */
  parsed: number;
  skipped: number;
  parseErrors: number;
}

export interface ScanResult {
  detections: Detection[];
  errors: ScanError[];
  stats: ScanStats;
  /** Absolute paths analysed, sorted. */
  files: string[];
  roots: string[];
  catalogue: Catalogue;
  /** Analysis status of each file in `files`. */
  statuses: FileAnalysis['status'][];
  /** Files analysed only because analysed files import them (absolute, not reported), with their status and errors. */
  support: { file: string; status: FileAnalysis['status']; errors: ScanError[] }[];
  /** Suppression comments of the reported files, by file then position (the engine applies them). */
  directives: Directive[];
  /** The text of the lines detections start on, by report path and line (see FileAnalysis.sourceLines). */
  sourceLines: Map<string, Map<number, string>>;
}

/**
 * Below this many files a scan runs on this thread alone. Parsing stays on one thread either way (see analyserPool),
 * so a worker gains only by screening in parallel with the parser, and that pays for the worker's start-up and its
 * parser's warm-up only in large projects: measured on the bench corpus, one thread and two take the same time at
 * 2,400 and 4,800 files, two are 20 % faster at 20,000, and one is 12 % faster at 300.
 */
const INLINE_LIMIT = 5000;
/** Every worker gets the same stack, so how deep a file may nest is decided the same way in every mode. */
const WORKER_STACK_MB = 4;
/** Re-export chains deeper than this are not followed. */
const MAX_PASSES = 4;
const MAX_BATCH = 48;
/** Screened-in files sent to a worker at a time: few, so parsing spreads over the workers that are free. */
const PARSE_BATCH = 8;

export async function scanProject(options: ScanOptions): Promise<ScanResult> {
  const catalogue = options.catalogue ?? loadCatalogue();
  const discovered = discoverFiles({ cwd: options.cwd, patterns: options.patterns, ignore: options.ignore ?? [], gitignore: options.gitignore ?? true });
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const prefilter = options.prefilter ?? true;
  const cache = options.cache;
  cache?.begin({
    catalogueVersion: catalogue.version,
    cwd: options.cwd,
    settings: { cwd: options.cwd, limits, prefilter, roots: discovered.roots },
    files: discovered.files,
    maxFileSize: limits.maxFileSize,
  });
  const resolveImport = createModuleResolver(new Set(discovered.files), discovered.roots);
  const specifierMemo = new Map<string, string[]>();
  const specifiersOf = (file: string): string[] => {
    let specifiers = specifierMemo.get(file);
    if (!specifiers) specifierMemo.set(file, (specifiers = cache?.specifiers(file) ?? readSpecifiers(file)));
    return specifiers;
  };
  // Reported files first; project modules they import from outside the selection are appended as support files,
  // analysed only for what they export. A selection gets its imports up front, read from the text, because the
  // prefilter passes over files whose only link to an API is a project module, and then nothing else would name them.
  // Links to folders outside the scan go through the analysis like files, for the reader to report them as skipped;
  // they are kept out of module resolution (an import through such a link reaches the files behind it on disk).
  const entries = discovered.links.length > 0 ? [...discovered.files, ...discovered.links].sort() : discovered.files;
  const selected = options.select ? options.select(entries, { roots: discovered.roots, resolveImport, specifiersOf }) : entries;
  const files = [...selected, ...(options.select ? importClosure(selected, specifiersOf, resolveImport) : [])];
  const reportedCount = selected.length;
  const report = (absolute: string) => toReportPath(options.cwd, absolute);
  // Small scans run inline (starting workers costs more than it saves) unless a worker count is asked for. Workers
  // start with the first files that need analysing: with a warm cache, maybe never.
  const explicit = options.workers !== undefined && options.workers > 0;
  const analyser = lazyRunner((count) => {
    const requested = explicit ? options.workers! : count < INLINE_LIMIT ? 1 : availableParallelism();
    const threads = Math.max(1, Math.min(requested, count));
    return analyserPool(threads, { catalogue, files: discovered.files, roots: discovered.roots, limits, prefilter });
  });
  const runner = cache ? cachedRunner(analyser, cache) : analyser;
  try {
    const results = await runner.run(
      files.map((absolute) => ({ absolute, report: report(absolute) })),
      undefined,
      options.onProgress,
    );

    // Further passes: files that use a project module exporting an API alias (`export const read = wx.getClipboardData`).
    // Each pass can reveal new summaries (a re-export-only module the prefilter passed over), hence the loop.
    const summaries = new Map<string, ExportSummary>();
    const collectSummaries = (): boolean => {
      let changed = false;
      files.forEach((file, i) => {
        const exports = results[i]!.exports;
        if (exports && JSON.stringify(exports) !== JSON.stringify(summaries.get(file))) {
          summaries.set(file, exports);
          changed = true;
        }
      });
      return changed;
    };
    const indexOf = new Map(files.map((file, i) => [file, i]));
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      // Project modules imported by analysed files but passed over by the prefilter (or outside the selection)
      // may export aliases.
      const unparsedImports = new Set<number>();
      for (const result of [...results]) {
        for (const target of result.projectImports ?? []) {
          let i = indexOf.get(target);
          if (i === undefined) {
            i = files.push(target) - 1;
            indexOf.set(target, i);
            results.push({ detections: [], errors: [], status: 'read' });
          }
          if (results[i]!.status === 'read') unparsedImports.add(i);
        }
      }
      const changed = collectSummaries();
      if (!changed && unparsedImports.size === 0) break;
      const reaching = changed ? filesReachingSummaries(files, results, summaries, (file) => specifiersOf(file).map((specifier) => resolveImport(specifier, file))) : [];
      const again = [...new Set([...unparsedImports, ...reaching])].sort((a, b) => a - b);
      if (again.length === 0) break;
      // Forced, all of them: a file parsed only because it imports a project module must stay parsed when a later
      // pass analyses it again (without force the prefilter would pass over it and drop what it found).
      const next = await runner.run(
        again.map((i) => ({ absolute: files[i]!, report: report(files[i]!), force: true })),
        [...summaries],
      );
      again.forEach((fileIndex, j) => {
        results[fileIndex] = next[j]!;
      });
    }
    cache?.save();
    const support = files.slice(reportedCount).map((file, i) => {
      const result = results[reportedCount + i]!;
      return { file, status: result.status, errors: result.errors };
    });
    return assemble(files.slice(0, reportedCount), results.slice(0, reportedCount), discovered.roots, catalogue, reportedCount, support);
  } finally {
    await runner.close();
  }
}

/**
 * Files to analyse again with summaries: those that import a file with a summary, and, among those the
 * prefilter passed over, those whose text imports such a file. The test depends only on the file and what it
 * imports, so a partial scan (a shard) decides it exactly as a whole-project scan does.
 */
function filesReachingSummaries(
  files: string[],
  results: FileAnalysis[],
  summaries: Map<string, ExportSummary>,
  textImports: (file: string) => (string | undefined)[],
): number[] {
  const selected: number[] = [];
  files.forEach((file, i) => {
    const result = results[i]!;
    if (result.status === 'parsed') {
      if (result.projectImports?.some((target) => summaries.has(target))) selected.push(i);
    } else if (result.status === 'read') {
      if (textImports(file).some((target) => target !== undefined && summaries.has(target))) selected.push(i);
    }
  });
  return selected;
}

function assemble(
  files: string[],
  results: FileAnalysis[],
  roots: string[],
  catalogue: Catalogue,
  discoveredCount: number,
  support: ScanResult['support'],
): ScanResult {
  const detections = results.flatMap((result) => result.detections);
  const errors = results.flatMap((result) => result.errors);
  detections.sort(compareDetections);
  errors.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0)));
  return {
    detections,
    errors,
    stats: {
      files: discoveredCount,
      parsed: results.filter((result) => result.status === 'parsed').length,
      skipped: results.filter((result) => result.status === 'skipped').length,
      parseErrors: errors.filter((error) => error.kind === 'parse-error').length,
    },
    files,
    roots,
    catalogue,
    statuses: results.map((result) => result.status),
    support,
    directives: results.flatMap((result) => result.directives ?? []),
    sourceLines: new Map(
      results.flatMap((result) => (result.sourceLines && result.detections.length > 0 ? [[result.detections[0]!.file, new Map(result.sourceLines)] as const] : [])),
    ),
  };
}

export function compareDetections(a: Detection, b: Detection): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return (
    a.range.start.line - b.range.start.line ||
    a.range.start.column - b.range.start.column ||
    compareStrings(a.category, b.category) ||
    compareStrings(a.entry, b.entry) ||
    compareStrings(a.api, b.api)
  );
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

interface Runner {
  run(files: WorkerBatch['files'], summaries?: [string, ExportSummary][], onProgress?: (done: number, total: number) => void): Promise<FileAnalysis[]>;
  close(): Promise<void>;
}

/** Creates the real runner on the first call that has files to analyse, sized for that call. */
function lazyRunner(create: (count: number) => Runner): Runner {
  let runner: Runner | undefined;
  return {
    async run(files, summaries, onProgress) {
      if (files.length === 0) return [];
      runner ??= create(files.length);
      return runner.run(files, summaries, onProgress);
    },
    async close() {
      await runner?.close();
    },
  };
}

/** Answers from the cache what it can (in this thread, before anything is dispatched), and analyses the rest. */
function cachedRunner(inner: Runner, cache: ScanCache): Runner {
  return {
    async run(files, summaries, onProgress) {
      const summariesKey = cache.summariesKey(summaries);
      const results: FileAnalysis[] = new Array(files.length);
      const misses: number[] = [];
      files.forEach((file, i) => {
        const hit = cache.lookup(file.absolute, file.force, summariesKey);
        if (hit) results[i] = hit;
        else misses.push(i);
      });
      const hits = files.length - misses.length;
      if (hits > 0) onProgress?.(hits, files.length);
      const analysed = await inner.run(
        misses.map((i) => files[i]!),
        summaries,
        onProgress && ((done) => onProgress(hits + done, files.length)),
      );
      misses.forEach((fileIndex, j) => {
        results[fileIndex] = analysed[j]!;
        cache.store(files[fileIndex]!.absolute, files[fileIndex]!.force, summariesKey, analysed[j]!);
      });
      return results;
    },
    close: () => inner.close(),
  };
}

/**
 * Analyses files on this thread alone, or, for large scans, with worker threads. With workers, this thread only
 * screens (read + prefilter) and the workers parse: a parser's warm-up is paid in every thread that parses and
 * costs more than the few hundred files a typical project screens in take to parse once warm, so the parsing is
 * kept on as few threads as can keep up. A worker with nothing to parse screens a batch itself. Results land by
 * file index, so the output never depends on which thread analysed what.
 *
 * How deep a file may nest depends on the thread's stack. This thread's is smaller than a worker's, so a file
 * that overflowed here is analysed again by a worker, whose stack is the same in every mode: the output then
 * never depends on the number of threads.
 */
function analyserPool(threads: number, setup: WorkerSetup): Runner {
  const index = buildMatchIndex(setup.catalogue);
  let resolveImport: ((specifier: string, fromFile: string) => string | undefined) | undefined;
  const workers: Worker[] = [];
  const workerUrl = new URL('./worker.js', import.meta.url);
  const startWorker = (): Worker => {
    const worker = new Worker(workerUrl, { workerData: setup, resourceLimits: { stackSizeMb: WORKER_STACK_MB } });
    workers.push(worker);
    return worker;
  };
  for (let i = 1; i < threads; i++) startWorker();
  return {
    async run(files, summaries, onProgress) {
      const results: FileAnalysis[] = new Array(files.length);
      /** Files to screen, in small batches. */
      const toScreen: number[][] = [];
      const batchSize = Math.max(1, Math.min(MAX_BATCH, Math.ceil(files.length / (threads * 4))));
      for (let start = 0; start < files.length; start += batchSize) {
        toScreen.push(Array.from({ length: Math.min(batchSize, files.length - start) }, (_, i) => start + i));
      }
      /** Screened in here (or overflowed this thread's stack): a worker parses them. */
      const toParse: { fileIndex: number; toParse?: ToParse }[] = [];
      let unfinished = files.length;
      let done = 0;
      const screenOptions = (file: WorkerBatch['files'][number]) => ({ index, limits: setup.limits, prefilter: setup.prefilter, force: file.force });
      const finish = (fileIndex: number, analysis: FileAnalysis) => {
        results[fileIndex] = analysis;
        unfinished--;
        onProgress?.(++done, files.length);
      };

      let failure: unknown;
      let wake: (() => void) | undefined;
      const notify = () => {
        wake?.();
        wake = undefined;
      };
      const idle: Worker[] = [];
      const sentSummaries = new Set<Worker>();
      const busy = new Map<Worker, number[]>();
      const feed = (worker: Worker): void => {
        let message: WorkerBatch;
        let indices: number[];
        if (toParse.length > 0) {
          const items = toParse.splice(0, PARSE_BATCH);
          indices = items.map((item) => item.fileIndex);
          message = { files: items.map((item) => (item.toParse ? { ...files[item.fileIndex]!, toParse: item.toParse } : files[item.fileIndex]!)) };
        } else if (toScreen.length > 0) {
          indices = toScreen.shift()!;
          message = { files: indices.map((i) => files[i]!) };
        } else {
          idle.push(worker);
          return;
        }
        busy.set(worker, indices);
        if (summaries && !sentSummaries.has(worker)) {
          sentSummaries.add(worker);
          message.summaries = summaries;
        }
        worker.postMessage(message);
      };
      const feedIdle = () => {
        while (idle.length > 0 && (toParse.length > 0 || toScreen.length > 0)) feed(idle.pop()!);
      };
      const listeners = new Map<Worker, { message: (message: { results: FileAnalysis[] }) => void; error: (error: Error) => void; exit: (code: number) => void }>();
      const listen = (worker: Worker) => {
        const handlers = {
          message: (message: { results: FileAnalysis[] }) => {
            const indices = busy.get(worker)!;
            busy.delete(worker);
            message.results.forEach((result, i) => finish(indices[i]!, result));
            feed(worker);
            notify();
          },
          error: (error: Error) => {
            failure ??= error;
            notify();
          },
          // A worker that stops without an 'error' event (killed, out of memory) would leave its batch unfinished.
          exit: (code: number) => {
            if (busy.has(worker)) failure ??= new Error(`a scan worker stopped (exit code ${code}) while analysing ${busy.get(worker)!.length} files`);
            notify();
          },
        };
        worker.on('message', handlers.message);
        worker.on('error', handlers.error);
        worker.on('exit', handlers.exit);
        listeners.set(worker, handlers);
        feed(worker);
      };
      try {
        for (const worker of workers) listen(worker);
        const summaryMap = summaries ? new Map(summaries) : undefined;
        // Loaded on first use: a warm cache, or a project with nothing to parse, never needs the parser.
        let analyzeScreened: typeof import('./analyze-file.js').analyzeScreened | undefined;
        const analyseHere = async (fileIndex: number, screened: ToParse) => {
          analyzeScreened ??= (await import('./analyze-file.js')).analyzeScreened;
          resolveImport ??= createModuleResolver(new Set(setup.files), setup.roots);
          const file = files[fileIndex]!;
          const analysis = analyzeScreened(screened, file.absolute, file.report, { ...screenOptions(file), resolveImport, summaries: summaryMap });
          if (analysis.errors.some((error) => error.kind === 'too-deeply-nested')) {
            toParse.unshift({ fileIndex });
            if (workers.length === 0) listen(startWorker());
          } else finish(fileIndex, analysis);
        };
        for (;;) {
          if (failure) throw failure;
          const batch = toScreen.shift();
          if (batch) {
            for (const fileIndex of batch) {
              const screened = screenFile(files[fileIndex]!.absolute, files[fileIndex]!.report, screenOptions(files[fileIndex]!));
              if ('analysis' in screened) finish(fileIndex, screened.analysis);
              else if (workers.length === 0) await analyseHere(fileIndex, screened.toParse);
              else toParse.push({ fileIndex, toParse: screened.toParse });
            }
          } else if (unfinished === 0) {
            return results;
          } else {
            // Waiting for the workers. Parsing here meanwhile was measured slower: this thread's parser warm-up
            // competes with theirs for the cores.
            await new Promise<void>((resolve) => (wake = resolve));
            continue;
          }
          feedIdle();
          // Lets worker results in.
          if (workers.length > 0) await new Promise((resolve) => setImmediate(resolve));
        }
      } finally {
        for (const [worker, handlers] of listeners) {
          worker.off('message', handlers.message);
          worker.off('error', handlers.error);
          worker.off('exit', handlers.exit);
        }
      }
    },
    async close() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
