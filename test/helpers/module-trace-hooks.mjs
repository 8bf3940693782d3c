// Loader hook for module-trace.mjs: appends the path of each file: module loaded to PRIVLINT_MODULE_TRACE.
import { appendFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export async function load(url, context, nextLoad) {
  const trace = process.env.PRIVLINT_MODULE_TRACE;
  if (trace && url.startsWith('file:')) appendFileSync(trace, `${fileURLToPath(url)}\n`);
  return nextLoad(url, context);
}
