// Part of `npm run build`: validates rules/ once and writes it as JSON, which privlint loads when it is current.
import { writeFileSync } from 'node:fs';
import { compileCatalogue, COMPILED_CATALOGUE } from '../dist/src/catalogue/load.js';

const catalogue = compileCatalogue();
writeFileSync(new URL(`../${COMPILED_CATALOGUE}`, import.meta.url), `${JSON.stringify(catalogue)}\n`);
console.log(`${COMPILED_CATALOGUE}: ${catalogue.items.length} APIs, ${catalogue.bridgeMethods.length} bridge methods (version ${catalogue.version})`);
