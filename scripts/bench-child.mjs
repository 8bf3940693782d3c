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
    case 'plugin':
      return measurePlugin(rest[0]);
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

/**
 * The ESLint plugin's cost per file, on top of ESLint's own parse: the same files linted with no rules and with the
 * recommended config (best of 5 rounds each, after a warm-up round, as an editor lints a file it has seen before).
 * Files of about 500 lines, half with sensitive calls (the prefilter passes over the others).
 */
async function measurePlugin(dir) {
  const { Linter } = await import('eslint');
  const tseslint = (await import('typescript-eslint')).default;
  const privlint = (await import(pathToFileURL(new URL('../dist/src/eslint/plugin.js', import.meta.url).pathname).href)).default;
  // The corpus files are about 100 lines; consecutive ones of a kind are joined into files of about 500 lines (their
  // imports and exports dropped, so each joined file is one valid module).
  const all = corpusFiles(dir).filter((file) => /\.(js|ts)$/.test(file)).sort();
  const sensitive = /\b(wx|uni|my|tt|swan|qq|plus|navigator)\.|Clipboard|Location|Contacts|Camera/;
  const joined = [];
  for (const extension of ['.js', '.ts']) {
    let text = '';
    for (const file of all.filter((name) => name.endsWith(extension))) {
      const source = readFileSync(file, 'utf8');
      // The corpus also holds a few generated giants; a typical file is what is measured.
      if (source.split('\n').length > 200) continue;
      text += source.split('\n').filter((line) => !/^(import|export \{|export \*)/.test(line)).map((line) => line.replace(/^export (default )?/, '')).join('\n');
      if (text.split('\n').length >= 450) {
        joined.push({ file: `${dir}/joined${joined.length}${extension}`, text });
        text = '';
      }
    }
  }
  const pick = [...joined.filter(({ text }) => sensitive.test(text)).slice(0, 40), ...joined.filter(({ text }) => !sensitive.test(text)).slice(0, 40)];
  const linter = new Linter({ configType: 'flat', cwd: dir });
  const base = { files: ['**/*.js', '**/*.ts'], languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } } };
  const withPlugin = [base, { ...privlint.configs.recommended, files: ['**/*.js', '**/*.ts'] }];
  const without = [base];
  // ESLint's own per-rule timing (the `stats` option `eslint --stats` uses; Linter#verifyAndFix keeps the times):
  // the time spent in privlint's rules, creating them and in their listeners, measured directly rather than as the
  // difference of two whole runs, which on a shared machine varies by more than the plugin costs.
  const round = (config) => {
    let pluginMillis = 0;
    let parseMillis = 0;
    let messages = 0;
    for (const { file, text } of pick) {
      messages += linter.verifyAndFix(text, config, { filename: file, stats: true, fix: false }).messages.length;
      for (const pass of linter.getTimes().passes) {
        parseMillis += pass.parse?.total ?? 0;
        for (const [ruleId, time] of Object.entries(pass.rules ?? {})) if (ruleId.startsWith('privlint/')) pluginMillis += time.total;
      }
    }
    return { pluginMillis, parseMillis, messages };
  };
  const sample = linter.verify(pick[0].text, without, { filename: pick[0].file });
  if (sample.length > 0) throw new Error(`${pick[0].file}: ${sample[0].message}`);
  round(withPlugin); // warm-up
  const rounds = Array.from({ length: 7 }, () => round(withPlugin)).sort((a, b) => a.pluginMillis - b.pluginMillis);
  const median = rounds[3];
  const withCalls = pick.filter(({ text }) => sensitive.test(text)).length;
  process.stderr.write(
    `BENCH_PLUGIN files=${pick.length} withCalls=${withCalls} eslintMs=${(median.parseMillis / pick.length).toFixed(3)} pluginMs=${(median.pluginMillis / pick.length).toFixed(3)} messages=${median.messages}\n`,
  );
  return pick.length;
}

const result = await run();
process.stderr.write(`BENCH_RESULT ${result}\nBENCH_RSS ${process.resourceUsage().maxRSS}\n`);
process.exitCode = typeof result === 'number' && task === 'cli' ? result : 0;
