// Which files are source, and in which language: kept apart from the parser so discovery does not load it.

export type SourceLanguage = 'js' | 'ts' | 'vue' | 'ets';

const SCRIPT_EXTENSIONS: Record<string, { language: SourceLanguage; jsx: boolean }> = {
  '.js': { language: 'js', jsx: true },
  '.mjs': { language: 'js', jsx: true },
  '.cjs': { language: 'js', jsx: true },
  '.jsx': { language: 'js', jsx: true },
  '.ts': { language: 'ts', jsx: false },
  '.mts': { language: 'ts', jsx: false },
  '.cts': { language: 'ts', jsx: false },
  '.tsx': { language: 'ts', jsx: true },
  '.vue': { language: 'vue', jsx: false },
  '.nvue': { language: 'vue', jsx: false },
  '.uvue': { language: 'vue', jsx: false },
  '.ets': { language: 'ets', jsx: false },
};

export const SOURCE_EXTENSIONS = Object.keys(SCRIPT_EXTENSIONS);

export function languageOf(file: string): { language: SourceLanguage; jsx: boolean } | undefined {
  const dot = file.lastIndexOf('.');
  return dot < 0 ? undefined : SCRIPT_EXTENSIONS[file.slice(dot).toLowerCase()];
}
