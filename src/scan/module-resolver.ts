// Resolves `import … from './api'` to a file of the scan, the way bundlers do: exact, + extension, /index.
import { statSync } from 'node:fs';
import { SOURCE_EXTENSIONS } from '../parse/languages.js';
import { dirnameOf, joinPath, resolveFrom } from '../util/path.js';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const TRY_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts', '.vue', '.nvue', '.uvue', '.ets'];

/**
 * The scanned files are known; a file outside the scan (`privlint scan src/pages` importing `src/utils/api`) is
 * looked up on disk, so a partial scan resolves the same way as a full one.
 */
export function createModuleResolver(files: ReadonlySet<string>, roots: readonly string[]): (specifier: string, fromFile: string) => string | undefined {
  const memo = new Map<string, string | undefined>();
  const onDisk = new Map<string, boolean>();
  const has = (path: string): boolean => {
    if (files.has(path)) return true;
    let known = onDisk.get(path);
    if (known === undefined) {
      known = SOURCE_EXTENSIONS.some((ext) => path.endsWith(ext)) && isFile(path);
      onDisk.set(path, known);
    }
    return known;
  };
  const probe = (base: string): string | undefined => {
    if (has(base)) return base;
    for (const ext of TRY_EXTENSIONS) if (has(base + ext)) return base + ext;
    // TypeScript ESM style: `./api.js` written for `./api.ts`.
    const jsExt = /\.(m|c)?jsx?$/.exec(base);
    if (jsExt) {
      const stem = base.slice(0, -jsExt[0].length);
      for (const ext of ['.ts', '.tsx', '.mts', '.cts']) if (has(stem + ext)) return stem + ext;
    }
    for (const ext of TRY_EXTENSIONS) if (has(joinPath(base, `index${ext}`))) return joinPath(base, `index${ext}`);
    return undefined;
  };
  return (specifier, fromFile) => {
    const key = `${dirnameOf(fromFile)}\0${specifier}`;
    if (memo.has(key)) return memo.get(key);
    let found: string | undefined;
    if (specifier.startsWith('.')) {
      found = probe(resolveFrom(dirnameOf(fromFile), specifier));
    } else {
      // `@/utils/api`, `~/utils/api`, `/utils/api`: the project root (uni-app, Vue CLI, Vite, mini-program absolute paths).
      const rest = specifier.replace(/^(@\/|~\/|\/)/, '');
      for (const root of roots) {
        found = probe(joinPath(root, rest)) ?? probe(joinPath(root, 'src', rest));
        if (found) break;
      }
    }
    memo.set(key, found);
    return found;
  };
}
