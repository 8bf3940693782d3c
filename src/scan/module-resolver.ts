// Resolves `import … from './api'` to a file of the scan, the way bundlers do: exact, + extension, /index.
import { dirnameOf, joinPath, resolveFrom } from '../util/path.js';

const TRY_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts', '.vue', '.nvue', '.uvue', '.ets'];

export function createModuleResolver(files: ReadonlySet<string>, roots: readonly string[]): (specifier: string, fromFile: string) => string | undefined {
  const memo = new Map<string, string | undefined>();
  const probe = (base: string): string | undefined => {
    if (files.has(base)) return base;
    for (const ext of TRY_EXTENSIONS) if (files.has(base + ext)) return base + ext;
    // TypeScript ESM style: `./api.js` written for `./api.ts`.
    const jsExt = /\.(m|c)?jsx?$/.exec(base);
    if (jsExt) {
      const stem = base.slice(0, -jsExt[0].length);
      for (const ext of ['.ts', '.tsx', '.mts', '.cts']) if (files.has(stem + ext)) return stem + ext;
    }
    for (const ext of TRY_EXTENSIONS) if (files.has(joinPath(base, `index${ext}`))) return joinPath(base, `index${ext}`);
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
