// The detector with the engine's own small catalogue (fixtures/engine/rules), for tests of resolution itself.
import { fileURLToPath } from 'node:url';
import { loadCatalogue } from '../../src/catalogue/load.js';
import { buildMatchIndex, type MatchIndex } from '../../src/catalogue/match-index.js';
import { analyzeText } from '../../src/scan/analyze-file.js';
import { DEFAULT_LIMITS } from '../../src/discover/read.js';

export const ENGINE_RULES = fileURLToPath(new URL('../../fixtures/engine/rules', import.meta.url));

let index: MatchIndex | undefined;

export function engineIndex(): MatchIndex {
  return (index ??= buildMatchIndex(loadCatalogue(ENGINE_RULES)));
}

/** `category line:col` keys of what the engine finds in `code`. */
export function engineKeys(code: string, fileName = 'snippet.ts'): string[] {
  const result = analyzeText(code, `/virtual/${fileName}`, fileName, {
    index: engineIndex(),
    limits: DEFAULT_LIMITS,
    prefilter: true,
    resolveImport: () => undefined,
  });
  const parseErrors = result.errors.filter((error) => error.kind === 'parse-error');
  if (parseErrors.length > 0) throw new Error(`parse error in test snippet: ${parseErrors[0]!.message}`);
  return result.detections.map((d) => `${d.category} ${d.range.start.line}:${d.range.start.column}`);
}
