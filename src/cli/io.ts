// Writing reports: to stdout, or to a file that must stay inside the working directory.
import { lstatSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { UsageError } from '../errors.js';
import { packageRoot } from '../util/package-root.js';
import { dirnameOf, isInside, joinPath, relativePath, resolveFrom } from '../util/path.js';

export function readPackageVersion(): string {
  return (JSON.parse(readFileSync(joinPath(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Resolves --output; refuses a path outside the working directory so a report can never land elsewhere — also
 * through a symbolic link (a linked folder on the way, or the file itself being a link, even a dangling one).
 */
export function resolveOutputPath(cwd: string, output: string): string {
  const absolute = resolveFrom(cwd, output);
  if (!isInside(cwd, absolute) || absolute === cwd) {
    throw new UsageError('usage/output-outside', `--output ${output} is outside the working directory`, {
      hint: 'write reports inside the project (run privlint from a folder that contains the output path)',
    });
  }
  const realCwd = realpathSync(cwd);
  const real = realDestination(absolute);
  if (real === undefined || !isInside(realCwd, real) || real === realCwd) {
    throw new UsageError('usage/output-outside', `--output ${output} is outside the working directory (through a symbolic link)`, {
      hint: 'write reports inside the project, not through a link that points elsewhere',
    });
  }
  return absolute;
}

/**
 * Where writing `path` would really land: the nearest part of it that exists (a link counts, even a dangling one),
 * with its links resolved, plus the rest. Undefined when a link on the way cannot be resolved.
 */
function realDestination(path: string): string | undefined {
  let existing = path;
  while (!pathEntryExists(existing)) {
    const parent = dirnameOf(existing);
    if (parent === existing) return path;
    existing = parent;
  }
  try {
    return resolveFrom(realpathSync(existing), relativePath(existing, path));
  } catch {
    return undefined;
  }
}

function pathEntryExists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
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
