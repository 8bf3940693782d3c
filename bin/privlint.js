#!/usr/bin/env node
// Entry point: runs the compiled CLI. Build first with `npm run build` when working from a clone.
import { main } from '../dist/src/cli/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`privlint: internal error: ${error && error.stack ? error.stack : String(error)}\n`);
    process.exitCode = 2;
  },
);
