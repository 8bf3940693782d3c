import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The folder holding privlint's package.json, whether running from src/ (tests) or dist/src/ (built). */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'rules'))) return (cached = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error('privlint: cannot find its package root (package.json beside rules/)');
    dir = parent;
  }
}
