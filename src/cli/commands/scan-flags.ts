// The flags `scan` and `baseline` share (both scan the project the same way); src/cli/actions/lint-options.ts reads them.

export interface SharedScanFlags {
  inventory?: string;
  policy?: string;
  ignore: string[];
  gitignore: boolean;
  workers?: number;
  maxFileSize?: number;
  includeMinified: boolean;
  prefilter?: boolean;
  rules?: string;
}
