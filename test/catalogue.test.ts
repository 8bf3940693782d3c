// Meta-tests of the catalogue: every entry cites a source, and its examples behave as documented.
import { describe, expect, it } from 'vitest';
import { catalogueVersion, compileCatalogue, loadCatalogue } from '../src/catalogue/load.js';
import { ENGINE_RULES } from './helpers/engine.js';
import { detectText } from './helpers/detect.js';

const catalogue = loadCatalogue();

describe('the compiled catalogue (dist/catalogue.json)', () => {
  it('is exactly what validating the YAML gives, and is tied to the rules content', () => {
    expect(loadCatalogue()).toEqual(compileCatalogue());
    expect(loadCatalogue().version).toBe(catalogueVersion(`${process.cwd()}/rules`));
    expect(catalogueVersion(ENGINE_RULES)).not.toBe(loadCatalogue().version);
  });
});

describe('the shipped catalogue', () => {
  it('loads, validates, and has entries for every platform', () => {
    const platforms = new Set(catalogue.items.map((item) => item.platform));
    expect([...platforms].sort()).toEqual(
      ['alipay', 'baidu', 'bytedance', 'capacitor', 'cordova', 'electron', 'expo', 'harmonyos', 'node', 'qq', 'react-native', 'taro', 'uniapp', 'web', 'wechat'].sort(),
    );
  });

  it('has no two items for the same API in one entry', () => {
    const seen = new Map<string, string>();
    for (const item of catalogue.items) {
      const key = `${item.entry} ${item.api}`;
      expect(seen.get(key), `${key} is listed twice (${item.file}:${item.line})`).toBeUndefined();
      seen.set(key, `${item.file}:${item.line}`);
    }
  });

  it('cites a source for every entry: a doc URL or package@version', () => {
    for (const item of catalogue.items) {
      expect(item.source, `${item.file}:${item.line}`).toMatch(/^(https?:\/\/\S+|(@[\w.-]+\/)?[\w.-]+@\d\S*|[\w.-]+\/[\w.-]+ \S)/);
    }
    for (const method of catalogue.bridgeMethods) expect(method.source, `${method.file}:${method.line}`).toMatch(/^https?:\/\/\S+/);
  });

  it('has device ids, app-list, clipboard, contacts and location on the platforms that offer them', () => {
    const has = (platform: string, category: string) => catalogue.items.some((item) => item.platform === platform && item.categories.includes(category));
    for (const platform of ['wechat', 'alipay', 'bytedance', 'baidu', 'qq', 'uniapp', 'taro', 'react-native', 'expo', 'capacitor', 'cordova', 'harmonyos', 'web']) {
      for (const category of ['clipboard', 'location']) expect(has(platform, category), `${platform} ${category}`).toBe(true);
    }
    for (const platform of ['uniapp', 'react-native', 'harmonyos', 'capacitor', 'cordova', 'expo', 'web']) {
      expect(has(platform, 'contacts'), `${platform} contacts`).toBe(true);
    }
    expect(has('uniapp', 'device.imei')).toBe(true);
    expect(has('uniapp', 'app-list')).toBe(true);
    expect(has('harmonyos', 'app-list')).toBe(true);
    expect(has('harmonyos', 'device.ad-id')).toBe(true);
    expect(has('react-native', 'device.android-id')).toBe(true);
  });
});

describe.each(catalogue.items.map((item) => [`${item.entry} ${item.api}`, item] as const))('%s', (_name, item) => {
  it('flags its `flagged` example once per category', () => {
    const { detections, errors } = detectText(item.flagged, 'example.tsx');
    expect(errors.filter((error) => error.message && /parse/i.test(String((error as { kind?: string }).kind))), `${item.file}:${item.line}`).toEqual([]);
    const mine = detections.filter((d) => d.api === item.api && d.entry === item.entry);
    expect(mine.map((d) => d.category).sort(), `${item.file}:${item.line}: ${item.flagged}`).toEqual([...item.categories].sort());
  });

  it('finds nothing in its `clean` example', () => {
    const { detections } = detectText(item.clean, 'example.tsx');
    expect(detections.map((d) => `${d.api} ${d.category}`), `${item.file}:${item.line}: ${item.clean}`).toEqual([]);
  });
});

describe.each(catalogue.bridgeMethods.filter((m) => m.flagged || m.clean).map((m) => [`${m.bridge} ${m.className}.${m.method}`, m] as const))('bridge %s', (_name, method) => {
  it('flags its example and not its clean twin', () => {
    if (method.flagged) {
      const { detections } = detectText(method.flagged, 'example.js');
      expect(detections.filter((d) => d.api.endsWith(`.${method.method}`)).map((d) => d.category).sort(), `${method.file}:${method.line}`).toEqual([...method.categories].sort());
    }
    if (method.clean) expect(detectText(method.clean, 'example.js').detections, `${method.file}:${method.line}`).toEqual([]);
  });
});
