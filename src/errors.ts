// Errors the user can act on. Anything else is a bug and is rethrown, never swallowed.

/** A usage or configuration problem: the CLI prints it and exits with code 2. */
export class UsageError extends Error {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly hint?: string;
  /** A stable code such as `inventory/unknown-category`, for tests and docs. */
  readonly code: string;

  constructor(code: string, message: string, where: { file?: string; line?: number; column?: number; hint?: string } = {}) {
    super(message);
    this.name = 'UsageError';
    this.code = code;
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
    this.hint = where.hint;
  }

  /** `file:line:col  message\n  hint: …` */
  format(): string {
    const location = this.file ? `${this.file}${this.line ? `:${this.line}${this.column ? `:${this.column}` : ''}` : ''}  ` : '';
    return `${location}${this.message}${this.hint ? `\n  hint: ${this.hint}` : ''}`;
  }
}
