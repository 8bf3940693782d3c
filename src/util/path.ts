// The one module that touches node:path: everything in output is POSIX and relative to the scan's cwd.
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** `src\\a.js` → `src/a.js` */
export function toPosix(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** Absolute path → path relative to `cwd`, `/`-separated; stays absolute only when on another drive. */
export function toReportPath(cwd: string, absolutePath: string): string {
  // Every scanned file is reported, and relative() normalises both paths each time: a file plainly inside cwd
  // (both normalised) is answered by slicing.
  if (isNormalizedAbsolute(cwd)) {
    const prefix = cwd.endsWith(sep) ? cwd : cwd + sep;
    if (absolutePath.startsWith(prefix) && absolutePath.length > prefix.length && !NOT_NORMALIZED_TAIL.test(absolutePath.slice(prefix.length))) {
      return toPosix(absolutePath.slice(prefix.length));
    }
  }
  const rel = relative(cwd, absolutePath);
  return toPosix(rel === '' ? '.' : isAbsolute(rel) ? absolutePath : rel);
}

/** A `.` or `..` segment, an empty segment or a trailing separator: what normalising would change. */
const NOT_NORMALIZED_TAIL = /(?:^|[\\/])\.\.?(?:[\\/]|$)|[\\/](?:[\\/]|$)|^[\\/]/;

let lastCwd: string | undefined;
let lastCwdNormalized = false;
function isNormalizedAbsolute(path: string): boolean {
  if (path !== lastCwd) {
    lastCwd = path;
    lastCwdNormalized = isAbsolute(path) && resolve(path) === path;
  }
  return lastCwdNormalized;
}

export function resolveFrom(base: string, path: string): string {
  return resolve(base, path);
}

export function joinPath(...parts: string[]): string {
  return join(...parts);
}

export function dirnameOf(path: string): string {
  return dirname(path);
}

/** `joinPath(dir, name)` for a name read from `dir` (no separators, never `.` or `..`), without normalising again. */
export function childPath(dir: string, name: string): string {
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}

/** `relative()` with `/` separators. */
export function relativePath(from: string, to: string): string {
  return toPosix(relative(from, to));
}

export function isAbsolutePath(path: string): boolean {
  return isAbsolute(path);
}

/** Is `child` inside `parent` (or equal to it)? A name like `..reports` is inside; `..` and `../x` are not. */
export function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!leavesFolder(rel) && !isAbsolute(rel));
}

/** Whether a relative path leads out of its folder: `..` or `../…` (either separator), not a name like `..x.js`. */
export function leavesFolder(relativePath: string): boolean {
  return relativePath === '..' || relativePath.startsWith('../') || relativePath.startsWith('..\\');
}
