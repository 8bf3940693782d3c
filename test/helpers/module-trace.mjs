// Preload for `node --import`: records every module file the process loads, one absolute path a line, appended to
// the file named by PRIVLINT_MODULE_TRACE. ES modules are seen by a loader hook (module-trace-hooks.mjs), CommonJS
// ones (including packages an ES module imports) are read from require.cache when the thread exits.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';

const trace = process.env.PRIVLINT_MODULE_TRACE;
if (trace) {
  register(new URL('./module-trace-hooks.mjs', import.meta.url));
  const require = createRequire(import.meta.url);
  process.on('exit', () => {
    const files = Object.keys(require.cache);
    if (files.length > 0) appendFileSync(trace, `${files.join('\n')}\n`);
  });
}
