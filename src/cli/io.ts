// Writing reports: to stdout, or to a file that must stay inside the working directory.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { packageRoot } from '../util/package-root.js';
import { dirnameOf, isInside, joinPath, resolveFrom } from '../util/path.js';

export function readPackageVersion(): string {
  return (JSON.parse(readFileSync(joinPath(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** Resolves --output; refuses a path outside the working directory so a report can never land elsewhere. */
export function resolveOutputPath(cwd: string, output: string): string {
  const absolute = resolveFrom(cwd, output);
  if (!isInside(cwd, absolute) || absolute === cwd) {
    throw new UsageError('usage/output-outside', `--output ${output} is outside the working directory`, {
      hint: 'write reports inside the project (run privlint from a folder that contains the output path)',
    });
  }
  return absolute;
}

export function writeOutput(cwd: string, output: string | undefined, text: string): void {
  if (!output) {
    process.stdout.write(text);
    return;
  }
  const path = resolveOutputPath(cwd, output);
  mkdirSync(dirnameOf(path), { recursive: true });
  writeFileSync(path, text);
}

/** Parses a positive integer option value. */
export function positiveInteger(name: string) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < 1) throw new UsageError('usage/bad-number', `${name} takes a whole number ≥ 1, got '${value}'`);
    return number;
  };
}
