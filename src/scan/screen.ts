// The cheap first step of analysing a file: read it and ask the prefilter whether it can hold a catalogued use.
// Loads no parser, so threads that only screen start fast; most files end here.
import type { MatchIndex } from '../catalogue/match-index.js';
import { readSourceFile, type ReadLimits } from '../discover/read.js';
import type { FileAnalysis } from './analyze-file.js';

export interface ScreenOptions {
  index: MatchIndex;
  limits: ReadLimits;
  /** Skip parsing files whose text cannot match the catalogue (default true; off only to prove it loses nothing). */
  prefilter: boolean;
  /** Parse even when the prefilter says no (later passes: the file imports a project module that exports an API). */
  force?: boolean;
}

/** A file that must be parsed: its text, and the decoding note to report with whatever parsing finds. */
export interface ToParse {
  text: string;
  note?: { kind: 'decoded-gb18030' | 'decoded-lossy' | 'decoded-utf16'; message: string };
}

/** Either the file's final analysis (skipped, or passed over by the prefilter) or the text to parse. */
export function screenFile(absoluteFile: string, reportFile: string, options: ScreenOptions): { analysis: FileAnalysis } | { toParse: ToParse } {
  const read = readSourceFile(absoluteFile, options.limits);
  if (!read.ok) {
    return { analysis: { detections: [], errors: [{ file: reportFile, kind: read.kind, message: read.message }], status: 'skipped' } };
  }
  if (options.prefilter && !options.force && !mayUseCatalogue(read.text, options.index)) {
    const errors = read.note ? [{ file: reportFile, kind: read.note.kind, message: read.note.message }] : [];
    return { analysis: { detections: [], errors, status: 'read' } };
  }
  return { toParse: read.note ? { text: read.text, note: read.note } : { text: read.text } };
}

export function mayUseCatalogue(text: string, index: MatchIndex): boolean {
  return index.prefilter.test(text);
}
