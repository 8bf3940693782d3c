// Start-up: the common runs load only the code they use. `--version`, `--help` and a plain scan (no inventory, policy
// or baseline) must not load the YAML parser, the JSON-schema validator, the HTML parser or the policy reader, which
// together cost around 100 ms before any work is done. A warm scan (--cache, nothing changed) loads no parser, no
// detector and no glob library: it only stats files and reads the cache. Checked on the modules the built CLI really loads (a trace
// written by test/helpers/module-trace.mjs), not on timing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledCatalogue } from '../../src/catalogue/load.js';
import { BIN, REPO } from '../helpers/cli.js';

const TRACE_PRELOAD = fileURLToPath(new URL('../helpers/module-trace.mjs', import.meta.url));
const HEAVY_PACKAGES = ['yaml', 'ajv', 'htmlparser2'];
const POLICY_CODE = 'dist/src/policy/';

const dir = mkdtempSync(join(tmpdir(), 'privlint-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let runs = 0;

/** Runs the built CLI from the repository root; returns its result and what it loaded. */
function traced(args: string[]) {
  const trace = join(dir, `trace-${++runs}`);
  const result = spawnSync(process.execPath, ['--import', TRACE_PRELOAD, BIN, ...args], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', PRIVLINT_MODULE_TRACE: trace },
    timeout: 120_000,
  });
  if (result.error) throw result.error;
  const files = [...new Set(readFileSync(trace, 'utf8').split('\n').filter(Boolean))];
  const packages = new Set<string>();
  const own = new Set<string>();
  for (const file of files) {
    const match = /[\\/]node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(file);
    if (match) packages.add(match[1]!.replace(/\\/g, '/'));
    else own.add(relative(REPO, file).split(sep).join('/'));
  }
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, packages: [...packages].sort(), own: [...own].sort() };
}

describe('start-up: what the common runs load', () => {
  it('runs against a current compiled catalogue (otherwise the rules YAML is parsed and validated, as it should be)', () => {
    expect(compiledCatalogue(), 'dist/catalogue.json is stale or missing: run npm run build').toBeDefined();
  });

  it('--version and --help load no command implementation', () => {
    for (const flag of ['--version', '--help']) {
      const run = traced([flag]);
      expect(run.code).toBe(0);
      expect(run.stdout).not.toBe('');
      expect(run.packages).toEqual(['commander']);
      expect(run.own.filter((file) => file.startsWith('dist/src/cli/actions/') || file === 'dist/src/engine.js' || file.startsWith(POLICY_CODE))).toEqual([]);
    }
  });

  it('a scan without inventory, policy or baseline loads no YAML, schema, HTML or policy code', () => {
    const run = traced(['scan', 'fixtures/apps/wechat-miniprogram', '--format', 'json']);
    expect(run.code, run.stderr).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: unknown[]; summary: { inventory: string | null } };
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.summary.inventory).toBeNull();
    expect(run.packages.filter((name) => HEAVY_PACKAGES.includes(name))).toEqual([]);
    expect(run.own.filter((file) => file.startsWith(POLICY_CODE))).toEqual([]);
  });

  it('a warm scan loads no parser, no detector and no glob library', () => {
    const args = ['scan', 'fixtures/apps/wechat-miniprogram', '--format', 'json', '--cache-location', join(dir, 'warm-cache.json')];
    const cold = traced(args);
    expect(cold.code, cold.stderr).toBe(1);
    expect(cold.packages).toContain('@babel/parser');
    const warm = traced(args);
    expect(warm.code, warm.stderr).toBe(1);
    expect(warm.stdout).toBe(cold.stdout);
    expect(warm.packages.filter((name) => ['@babel/parser', '@vue/compiler-sfc', 'fast-glob', '@typescript-eslint/visitor-keys'].includes(name))).toEqual([]);
    expect(warm.own.filter((file) => ['dist/src/parse/parse.js', 'dist/src/parse/ets.js', 'dist/src/detect/detect.js'].includes(file))).toEqual([]);
    // A glob on the command line is what needs the glob library.
    const globbed = traced(['scan', 'fixtures/apps/wechat-miniprogram/**/*.js', '--format', 'json']);
    expect(globbed.code, globbed.stderr).toBe(1);
    expect(globbed.packages).toContain('fast-glob');
  });

  it('reads Vue components with @vue/compiler-dom, not all of @vue/compiler-sfc', () => {
    const run = traced(['scan', 'fixtures/apps/uniapp', '--format', 'json']);
    expect(run.code, run.stderr).toBe(1);
    expect(run.packages).toContain('@vue/compiler-dom');
    expect(run.packages).not.toContain('@vue/compiler-sfc');
  });

  // The other side, which also shows that the trace sees both CommonJS packages and ES modules.
  it('an inventory still loads the YAML parser and the schema validator, and a policy the policy reader', () => {
    const inventory = traced(['scan', 'fixtures/apps/inventory-demo', '--format', 'json']);
    expect(inventory.code, inventory.stderr).not.toBe(2);
    expect(inventory.packages).toEqual(expect.arrayContaining(['yaml', 'ajv']));
    expect(inventory.packages).not.toContain('htmlparser2');

    const policy = traced(['policy', 'extract', 'fixtures/policies/trailmate-en.html']);
    expect(policy.code, policy.stderr).toBe(0);
    expect(policy.packages).toContain('htmlparser2');
    expect(policy.own).toContain(`${POLICY_CODE}extract.js`);
  });
});
