// Each fixture app under fixtures/apps is scanned end to end through the real CLI; its source files carry
// their expectations inline, and the findings must be exactly those.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { REPO, scanJson } from '../helpers/cli.js';
import { compareKeys, readExpectations } from '../helpers/expectations.js';

const APPS = join(REPO, 'fixtures/apps');
const apps = fg.sync('*', { cwd: APPS, onlyDirectories: true }).sort();

function sortKeys(keys: string[]): string[] {
  return keys.sort((a, b) => {
    const fa = a.split(' ')[0]!;
    const fb = b.split(' ')[0]!;
    return fa < fb ? -1 : fa > fb ? 1 : compareKeys(a, b);
  });
}

describe('fixture apps, end to end', () => {
  it('has an app per major platform', () => {
    expect(apps).toEqual(expect.arrayContaining(['wechat-miniprogram', 'uniapp', 'react-native-expo', 'harmonyos']));
  });

  describe.each(apps)('%s', (app) => {
    const dir = join(APPS, app);
    it('finds exactly the collection its files annotate', () => {
      const sources = fg.sync('**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx,vue,nvue,ets}', { cwd: dir, ignore: ['**/node_modules/**'] }).sort();
      const expected = sources.flatMap((file) => readExpectations(join(dir, file)).expected.map((key) => `${file} ${key}`));
      const { run, report } = scanJson(['.'], dir);
      expect(report.errors).toEqual([]);
      const actual = report.findings.filter((f) => f.ruleId !== 'unused-declaration').map((f) => `${f.file} ${f.category} ${f.line}:${f.column}`);
      expect(sortKeys(actual)).toEqual(sortKeys(expected));
      const hasInventory = existsSync(join(dir, 'privacy-inventory.yaml'));
      if (!hasInventory) expect(run.code).toBe(expected.length > 0 ? 1 : 0);
    });
  });
});
