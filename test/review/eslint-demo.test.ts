// Review of issue 4, point 1 on a second app: the real ESLint, flat config with configs.recommended, on
// fixtures/apps/inventory-demo (espree for .js, vue-eslint-parser for .vue). It must report what `privlint scan`
// reports through the real CLI — same rule, place, severity and words — except unused-declaration, which is CLI only.
import { join, relative } from 'node:path';
import { ESLint, type Linter } from 'eslint';
import vueParser from 'vue-eslint-parser';
import { describe, expect, it } from 'vitest';
import plugin from '../../src/eslint/plugin.js';
import { REPO, scanJson } from '../helpers/cli.js';

const DEMO = join(REPO, 'fixtures/apps/inventory-demo');

describe('ESLint on fixtures/apps/inventory-demo', () => {
  it('reports what privlint scan reports, with the recommended severities', async () => {
    const config: Linter.Config[] = [{ files: ['**/*.vue'], languageOptions: { parser: vueParser } }, plugin.configs.recommended];
    const eslint = new ESLint({ cwd: DEMO, overrideConfigFile: true, overrideConfig: config });
    const results = await eslint.lintFiles(['.']);
    expect(results.map((result) => relative(DEMO, result.filePath).split('\\').join('/')).sort()).toEqual([
      'App.vue',
      'main.js',
      'pages/beacon/beacon.js',
      'pages/coupon/coupon.js',
      'pages/index/index.vue',
      'pages/invite/invite.js',
      'pages/voice/voice.js',
      'utils/device.js',
    ]);
    const fromEslint = results
      .flatMap((result) =>
        result.messages.map((m) => `${relative(DEMO, result.filePath).split('\\').join('/')}:${m.line}:${m.column}-${m.endLine}:${m.endColumn} ${m.severity === 2 ? 'error' : 'warning'} ${m.ruleId} ${m.message}`),
      )
      .sort();
    const { report } = scanJson(['.'], DEMO);
    const fromScan = report.findings
      .filter((f) => f.ruleId !== 'unused-declaration')
      .map((f) => `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.severity} privlint/${f.ruleId} ${f.message}`)
      .sort();
    expect(fromEslint).toEqual(fromScan);
    expect(fromEslint.map((line) => line.split(' ').slice(1, 3).join(' '))).toEqual([
      'warning privlint/out-of-scope-collection',
      'error privlint/contradicts-policy',
      'error privlint/undisclosed-collection',
    ]);
  });
});
