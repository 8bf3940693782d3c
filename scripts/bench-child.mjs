// One measured task of the benchmark, in its own process so its peak RSS is its own.
// Usage: node bench-child.mjs read|parse|eslint <corpus> | cli <bin> <args…>
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import fg from 'fast-glob';

const [task, ...rest] = process.argv.slice(2);

function corpusFiles(dir) {
  return fg.sync('**/*.{js,ts,tsx,vue,ets}', { cwd: dir, absolute: true });
}

async function run() {
  switch (task) {
    case 'read': {
      let total = 0;
      for (const file of corpusFiles(rest[0])) total += readFileSync(file, 'utf8').length;
      return total;
    }
    case 'parse': {
      const { parse } = await import('@babel/parser');
      let errors = 0;
      for (const file of corpusFiles(rest[0])) {
        const text = readFileSync(file, 'utf8');
        const typescript = /\.(ts|tsx|ets|vue)$/.test(file);
        try {
          parse(text, { sourceType: 'module', errorRecovery: true, plugins: [typescript ? 'typescript' : 'flow', 'jsx', 'decorators-legacy'] });
        } catch {
          errors++;
        }
      }
      return errors;
    }
    case 'eslint':
      return runEslint(rest[0]);
    case 'cli': {
      const [bin, ...args] = rest;
      process.argv = [process.argv[0], bin, ...args];
      const { main } = await import(pathToFileURL(bin.replace(/bin[\\/]privlint\.js$/, 'dist/src/cli/main.js')).href);
      return main(args);
    }
    default:
      throw new Error(`unknown task ${task}`);
  }
}

/** The peer: ESLint with core no-restricted-* rules over the same catalogued APIs, on the same files. */
async function runEslint(dir) {
  const { ESLint } = await import('eslint');
  const tseslint = (await import('typescript-eslint')).default;
  const vueParser = (await import('vue-eslint-parser')).default;
  const { loadCatalogue } = await import(pathToFileURL(new URL('../dist/src/catalogue/load.js', import.meta.url).pathname).href);
  const catalogue = loadCatalogue();
  const properties = [];
  const selectors = new Set();
  const modules = new Map();
  for (const item of catalogue.items) {
    for (const match of item.matches) {
      const path = match.path.filter((segment) => segment !== '()');
      if (match.root === 'module') {
        const names = modules.get(match.name) ?? new Set();
        if (path[0] && path[0] !== 'default') names.add(path[0]);
        modules.set(match.name, names);
      } else if (path.length === 1) {
        properties.push({ object: match.name, property: path[0] });
      } else if (path.length > 1) {
        selectors.add(`MemberExpression[object.property.name='${path[path.length - 2]}'][property.name='${path[path.length - 1]}']`);
      }
    }
  }
  const rules = {
    'no-restricted-properties': ['error', ...properties],
    'no-restricted-syntax': ['error', ...[...selectors].map((selector) => ({ selector, message: 'sensitive API' }))],
    'no-restricted-imports': ['error', { paths: [...modules].map(([name, names]) => ({ name, ...(names.size ? { importNames: [...names] } : {}) })) }],
  };
  const eslint = new ESLint({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [
      { files: ['**/*.js'], rules, languageOptions: { ecmaVersion: 'latest', sourceType: 'module', parserOptions: { ecmaFeatures: { jsx: true } } } },
      { files: ['**/*.ts', '**/*.tsx', '**/*.ets'], rules, languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } } },
      { files: ['**/*.vue'], rules, languageOptions: { parser: vueParser, parserOptions: { parser: tseslint.parser, sourceType: 'module' } } },
    ],
  });
  const results = await eslint.lintFiles(['**/*.js', '**/*.ts', '**/*.tsx', '**/*.vue', '**/*.ets']);
  return results.reduce((sum, result) => sum + result.messages.length, 0);
}

const result = await run();
process.stderr.write(`BENCH_RESULT ${result}\nBENCH_RSS ${process.resourceUsage().maxRSS}\n`);
process.exitCode = typeof result === 'number' && task === 'cli' ? result : 0;
