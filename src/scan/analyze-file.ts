// One file, start to finish: read → prefilter → parse → detect. Pure given its inputs, so a worker, the
// main thread and the cache all agree on what a file yields.
import { detectProgram } from '../detect/detect.js';
import type { ExportSummary } from '../detect/refs.js';
import { parseSource } from '../parse/parse.js';
import { DIRECTIVE_PREFIX, readDirectives, type Directive } from '../suppress/directives.js';
import type { Detection, ScanError } from '../types.js';
import { mayUseCatalogue, screenFile, type ScreenOptions, type ToParse } from './screen.js';

export interface FileAnalysis {
  detections: Detection[];
  errors: ScanError[];
  /** Only when the file exports something that leads to a catalogued API. */
  exports?: ExportSummary;
  projectImports?: string[];
  /** `privlint-disable…` comments, only for parsed files that have some (a file passed over has no findings to suppress). */
  directives?: Directive[];
  /**
   * The text of each line a detection starts on, by line number: finding fingerprints hash it, and the report then
   * need not read the file again (nor can it see a newer text than the one analysed).
   */
  sourceLines?: [line: number, text: string][];
  /** read: text was read; parsed: it passed the prefilter and was parsed. */
  status: 'skipped' | 'read' | 'parsed';
}

export interface AnalyzeOptions extends ScreenOptions {
  resolveImport: (specifier: string, fromFile: string) => string | undefined;
  summaries?: ReadonlyMap<string, ExportSummary>;
}

export function analyzeFile(absoluteFile: string, reportFile: string, options: AnalyzeOptions): FileAnalysis {
  const screened = screenFile(absoluteFile, reportFile, options);
  return 'analysis' in screened ? screened.analysis : analyzeScreened(screened.toParse, absoluteFile, reportFile, options);
}

/** Parses and analyses a file the screen let through. */
export function analyzeScreened(toParse: ToParse, absoluteFile: string, reportFile: string, options: AnalyzeOptions): FileAnalysis {
  const analysis = parseAndDetect(toParse.text, absoluteFile, reportFile, options);
  if (toParse.note) analysis.errors.unshift({ file: reportFile, kind: toParse.note.kind, message: toParse.note.message });
  return analysis;
}

/** A text already in memory, screened by the prefilter like a file. */
export function analyzeText(text: string, absoluteFile: string, reportFile: string, options: AnalyzeOptions): FileAnalysis {
  if (options.prefilter && !options.force && !mayUseCatalogue(text, options.index)) return { detections: [], errors: [], status: 'read' };
  return parseAndDetect(text, absoluteFile, reportFile, options);
}

function parseAndDetect(text: string, absoluteFile: string, reportFile: string, options: AnalyzeOptions): FileAnalysis {
  const errors: ScanError[] = [];
  const detections: Detection[] = [];
  let exports: ExportSummary | undefined;
  const projectImports = new Set<string>();
  let directives: Directive[] = [];
  try {
    const parsed = parseSource(text, absoluteFile);
    if (text.includes(DIRECTIVE_PREFIX)) directives = readDirectives(parsed.programs, reportFile);
    for (const problem of parsed.problems) {
      errors.push({ file: reportFile, line: problem.line, column: problem.column, kind: 'parse-error', message: problem.message });
    }
    for (const program of parsed.programs) {
      const analysis = detectProgram(program.program, {
        index: options.index,
        reportFile,
        absoluteFile,
        resolveImport: options.resolveImport,
        summaries: options.summaries,
        toSource: program.toSource,
        code: program.code,
      });
      detections.push(...analysis.detections);
      for (const file of analysis.projectImports) projectImports.add(file);
      if (Object.keys(analysis.exports.values).length > 0 || analysis.exports.starFrom.length > 0) {
        exports = mergeSummaries(exports, analysis.exports);
      }
    }
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    errors.push({ file: reportFile, kind: 'too-deeply-nested', message: 'skipped: nesting is too deep to analyse (stack limit reached)' });
    return { detections: [], errors: errors, status: 'parsed' };
  }
  return {
    detections,
    errors: errors,
    ...(detections.length > 0 ? { sourceLines: linesOf(text, detections) } : {}),
    ...(exports ? { exports } : {}),
    ...(projectImports.size > 0 ? { projectImports: [...projectImports].sort() } : {}),
    ...(directives.length > 0 ? { directives } : {}),
    status: 'parsed',
  };
}

/** Split at the line terminators the parser counts (as report/fingerprint.ts does), so line N is a detection's line N. */
function linesOf(text: string, detections: readonly Detection[]): [number, string][] {
  const lines = text.split(/\r\n|[\n\r\u2028\u2029]/);
  const numbers = [...new Set(detections.map((detection) => detection.range.start.line))].sort((a, b) => a - b);
  return numbers.map((line) => [line, lines[line - 1] ?? '']);
}

function mergeSummaries(a: ExportSummary | undefined, b: ExportSummary): ExportSummary {
  if (!a) return b;
  const values = { ...a.values };
  for (const [key, refs] of Object.entries(b.values)) values[key] = [...(values[key] ?? []), ...refs];
  return { values, starFrom: [...a.starFrom, ...b.starFrom] };
}
