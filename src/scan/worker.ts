// A scan worker: builds the match index once, then analyses the batches of files it is sent.
import { parentPort, workerData } from 'node:worker_threads';
import type { Catalogue } from '../catalogue/load.js';
import { buildMatchIndex } from '../catalogue/match-index.js';
import type { ExportSummary } from '../detect/refs.js';
import type { ReadLimits } from '../discover/read.js';
import { analyzeFile } from './analyze-file.js';
import { createModuleResolver } from './module-resolver.js';

export interface WorkerSetup {
  catalogue: Catalogue;
  files: string[];
  roots: string[];
  limits: ReadLimits;
  prefilter: boolean;
}

export interface WorkerBatch {
  id: number;
  files: { absolute: string; report: string; force?: boolean }[];
  summaries?: [string, ExportSummary][];
}

const setup = workerData as WorkerSetup;
const index = buildMatchIndex(setup.catalogue);
const resolveImport = createModuleResolver(new Set(setup.files), setup.roots);
let summaries: Map<string, ExportSummary> | undefined;

parentPort!.on('message', (batch: WorkerBatch) => {
  if (batch.summaries) summaries = new Map(batch.summaries);
  const results = batch.files.map((file) =>
    analyzeFile(file.absolute, file.report, { index, limits: setup.limits, prefilter: setup.prefilter, resolveImport, summaries, force: file.force }),
  );
  parentPort!.postMessage({ id: batch.id, results });
});
