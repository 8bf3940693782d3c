// Runs the real detector on one text or file, in-process (the CLI tests run the built binary).
import { loadCatalogue } from '../../src/catalogue/load.js';
import { buildMatchIndex, type MatchIndex } from '../../src/catalogue/match-index.js';
import { analyzeText } from '../../src/scan/analyze-file.js';
import { DEFAULT_LIMITS } from '../../src/discover/read.js';
import type { Detection } from '../../src/types.js';

let index: MatchIndex | undefined;

export function matchIndex(): MatchIndex {
  return (index ??= buildMatchIndex(loadCatalogue()));
}

export function detectText(
  text: string,
  fileName = 'snippet.ts',
  prefilter = true,
): { detections: Detection[]; errors: { message: string; line?: number }[]; sourceLines: [number, string][] } {
  const result = analyzeText(text, `/virtual/${fileName}`, fileName, {
    index: matchIndex(),
    limits: DEFAULT_LIMITS,
    prefilter,
    resolveImport: () => undefined,
  });
  return { detections: result.detections, errors: result.errors, sourceLines: result.sourceLines ?? [] };
}

export function keysOf(detections: Detection[]): string[] {
  return detections.map((d) => `${d.category} ${d.range.start.line}:${d.range.start.column}`);
}
