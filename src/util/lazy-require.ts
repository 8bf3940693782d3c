// Packages loaded on first use instead of at start-up. yaml and ajv take tens of milliseconds to load, and a plain
// `privlint scan` (no inventory, no baseline, a current compiled catalogue) never parses YAML or validates a schema.
// fast-glob is needed only for a glob on the command line. All are CommonJS packages, so a synchronous require() returns the very module an `import` would.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

function lazy<T>(id: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= require(id) as T);
}

/** The `yaml` package, loaded by the first call. */
export const requireYaml = lazy<typeof import('yaml')>('yaml');

/** The `ajv` package, loaded by the first call. */
export const requireAjv = lazy<typeof import('ajv')>('ajv');

/** The `fast-glob` package, loaded by the first call. */
export const requireFastGlob = lazy<typeof import('fast-glob')>('fast-glob');
