// A scan worker: parses and analyses the files the main thread screened in, and screens batches of its own when
// there is nothing to parse. It loads the parser at once, while the main thread is still finding the files.
import { parentPort, workerData } from 'node:worker_threads';
import type { Catalogue } from '../catalogue/load.js';
import { buildMatchIndex } from '../catalogue/match-index.js';
import type { ExportSummary } from '../detect/refs.js';
import type { ReadLimits } from '../discover/read.js';
import { analyzeScreened, type FileAnalysis } from './analyze-file.js';
import { createModuleResolver } from './module-resolver.js';
import { screenFile, type ToParse } from './screen.js';

export interface WorkerSetup {
  catalogue: Catalogue;
  files: string[];
  roots: string[];
  limits: ReadLimits;
  prefilter: boolean;
}

export interface WorkerFile {
  absolute: string;
  report: string;
  force?: boolean;
  /** Already screened in by the main thread: parse this text instead of reading the file. */
  toParse?: ToParse;
}

export interface WorkerBatch {
  files: WorkerFile[];
  summaries?: [string, ExportSummary][];
}

const setup = workerData as WorkerSetup;
const index = buildMatchIndex(setup.catalogue);
const resolveImport = createModuleResolver(new Set(setup.files), setup.roots);
let summaries: Map<string, ExportSummary> | undefined;

parentPort!.on('message', (batch: WorkerBatch) => {
  if (batch.summaries) summaries = new Map(batch.summaries);
  const results = batch.files.map((file): FileAnalysis => {
    const options = { index, limits: setup.limits, prefilter: setup.prefilter, force: file.force, resolveImport, summaries };
    if (file.toParse) return analyzeScreened(file.toParse, file.absolute, file.report, options);
    const screened = screenFile(file.absolute, file.report, options);
    return 'analysis' in screened ? screened.analysis : analyzeScreened(screened.toParse, file.absolute, file.report, options);
  });
  parentPort!.postMessage({ results });
});
