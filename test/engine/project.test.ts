import { fileURLToPath } from 'node:url';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/load.js';
import { scanProject } from '../../src/scan/scan.js';
import { ENGINE_RULES } from '../helpers/engine.js';
import { compareKeys, readExpectations } from '../helpers/expectations.js';

const PROJECT = fileURLToPath(new URL('../../fixtures/engine/project', import.meta.url));

async function scanKeys(prefilter: boolean): Promise<string[]> {
  const result = await scanProject({ cwd: PROJECT, patterns: ['.'], catalogue: loadCatalogue(ENGINE_RULES), prefilter });
  expect(result.errors).toEqual([]);
  return result.detections.map((d) => `${d.file} ${d.category} ${d.range.start.line}:${d.range.start.column}`);
}

function expectedKeys(): string[] {
  const files = fg.sync('**/*.{js,ts,vue}', { cwd: PROJECT }).sort();
  return files.flatMap((file) => readExpectations(`${PROJECT}/${file}`).expected.map((key) => `${file} ${key}`));
}

describe('resolution across the project\'s own modules', () => {
  it('follows re-exports, default objects, export *, CommonJS and the @/ alias to the call site', async () => {
    const actual = await scanKeys(true);
    const byFile = (keys: string[]) => [...keys].sort((a, b) => (a.split(' ')[0]! < b.split(' ')[0]! ? -1 : a.split(' ')[0]! > b.split(' ')[0]! ? 1 : compareKeys(a, b)));
    expect(byFile(actual)).toEqual(byFile(expectedKeys()));
  });

  it('finds exactly the same with the prefilter off', async () => {
    expect(await scanKeys(false)).toEqual(await scanKeys(true));
  });
});
