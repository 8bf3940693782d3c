// The plugin object, the rules' meta, and the message templates against the engine's own wording.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkDetections } from '../../src/check/inventory-check.js';
import { ruleCreator, RULE_DOCS_BASE } from '../../src/eslint/create-rule.js';
import plugin, { rules } from '../../src/eslint/plugin.js';
import { knownData, matchMessage, renderMessage, SHARED_MESSAGES } from '../../src/eslint/report.js';
import { parseInventory } from '../../src/inventory/load.js';
import type { Detection, RuleId } from '../../src/types.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RULE_NAMES = ['undisclosed-collection', 'out-of-scope-collection', 'contradicts-policy'] as const;

describe('the plugin object', () => {
  it('has meta, the three rules and a recommended flat config that registers the plugin as privlint', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(plugin.meta).toEqual({ name: 'privlint', version: pkg.version, namespace: 'privlint' });
    expect(Object.keys(plugin.rules).sort()).toEqual([...RULE_NAMES].sort());
    expect(plugin.rules).toBe(rules);
    expect(plugin.configs.recommended).toEqual({
      name: 'privlint/recommended',
      plugins: { privlint: plugin },
      rules: {
        'privlint/undisclosed-collection': 'error',
        'privlint/contradicts-policy': 'error',
        'privlint/out-of-scope-collection': 'warn',
      },
    });
    expect(plugin.configs.recommended.plugins!.privlint).toBe(plugin);
  });

  it('is what the package exports as privlint/eslint-plugin', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { exports: Record<string, string> };
    expect(pkg.exports['./eslint-plugin']).toBe('./dist/src/eslint/plugin.js');
    expect(existsSync(join(ROOT, 'src/eslint/plugin.ts'))).toBe(true);
  });

  it.each(RULE_NAMES)('%s: meta of a problem rule without options, recommended as in the config', (name) => {
    const { meta } = plugin.rules[name];
    expect(meta.type).toBe('problem');
    expect(meta.schema).toEqual([]);
    expect(meta.docs.description.length).toBeGreaterThan(20);
    const severity = plugin.configs.recommended.rules![`privlint/${name}`];
    expect(meta.docs.recommended).toBe(severity);
    expect(Object.keys(meta.messages)).toEqual(expect.arrayContaining(Object.keys(SHARED_MESSAGES)));
  });

  it.each(RULE_NAMES)('%s: the docs URL points at a file in docs/rules/', (name) => {
    const url = plugin.rules[name].meta.docs.url;
    expect(url).toBe(`https://github.com/privlint/privlint/blob/main/docs/rules/${name}.md`);
    const local = join(ROOT, url.slice('https://github.com/privlint/privlint/blob/main/'.length));
    expect(existsSync(local), `${local} is missing`).toBe(true);
    const text = readFileSync(local, 'utf8');
    expect(text.startsWith(`# ${name}`)).toBe(true);
  });

  it('documents the setup in docs/eslint-plugin.md, linking every rule page', () => {
    const text = readFileSync(join(ROOT, 'docs/eslint-plugin.md'), 'utf8');
    for (const name of RULE_NAMES) expect(text).toContain(`rules/${name}.md`);
    expect(text).toContain("import privlint from 'privlint/eslint-plugin'");
  });
});

describe('createRule', () => {
  it('fills in type, schema and the docs URL, and keeps docs and messages', () => {
    const create = () => ({});
    const rule = ruleCreator((name) => `https://example.test/${name}`)({
      name: 'x',
      meta: { docs: { description: 'd', recommended: 'warn' }, messages: { a: 'A {{b}}' } },
      create,
    });
    expect(rule).toEqual({
      meta: { type: 'problem', docs: { description: 'd', recommended: 'warn', url: 'https://example.test/x' }, schema: [], messages: { a: 'A {{b}}' } },
      create,
    });
    expect(RULE_DOCS_BASE).toBe('https://github.com/privlint/privlint/blob/main/docs/rules/');
  });
});

describe('message templates say exactly what privlint scan says', () => {
  const cwd = '/project';
  const inventory = parseInventory(
    [
      'version: 1',
      'data:',
      '  clipboard: { purpose: paste, scope: [pages/chat/**, "!pages/chat/ads/**"] }',
      '  location: { purpose: ads, actor: 今日头条 }',
      '  device: { purpose: fraud prevention, actor: 个推 }',
      'not_collected: [contacts, { category: sensors }]',
    ].join('\n'),
    '/project/app/privacy-inventory.yaml',
    { cwd },
  );
  const detection = (category: string, actor = 'self', file = 'app/pages/home/home.js'): Detection => ({
    category,
    entry: 'test/entry',
    api: 'wx.someApi',
    platform: 'wechat',
    kind: 'call',
    actor,
    file,
    range: { start: { line: 3, column: 5 }, end: { line: 3, column: 20 } },
    via: [],
  });
  const cases: [string, Detection, RuleId, string][] = [
    ['not declared', detection('microphone'), 'undisclosed-collection', 'undisclosed'],
    ['not declared, through an SDK', detection('microphone', '友盟'), 'undisclosed-collection', 'undisclosed'],
    ['declared for another actor', detection('location'), 'undisclosed-collection', 'declaredForOtherActor'],
    ['declared under a parent for another actor', detection('device.imei'), 'undisclosed-collection', 'declaredForOtherActor'],
    ['outside the scope', detection('clipboard'), 'out-of-scope-collection', 'outOfScope'],
    ['listed under not_collected', detection('contacts'), 'contradicts-policy', 'contradicts'],
    ['listed under not_collected, through an SDK', detection('sensors', '友盟'), 'contradicts-policy', 'contradicts'],
  ];

  it.each(cases)('%s', (_name, input, ruleId, messageId) => {
    const [finding] = checkDetections([input], inventory, { cwd }).filter((f) => f.ruleId !== 'unused-declaration');
    expect(finding!.ruleId).toBe(ruleId);
    const messages = plugin.rules[ruleId as (typeof RULE_NAMES)[number]].meta.messages as Record<string, string>;
    const own = Object.fromEntries(Object.entries(messages).filter(([id]) => !(id in SHARED_MESSAGES)));
    const matched = matchMessage(own, finding!.message, knownData(finding!, { inventoryName: 'app/privacy-inventory.yaml' }));
    expect(matched?.messageId).toBe(messageId);
    expect(renderMessage(messages[messageId]!, matched!.data)).toBe(finding!.message);
  });

  it('reads the variable parts off the message', () => {
    const [finding] = checkDetections([detection('clipboard')], inventory, { cwd });
    const matched = matchMessage(plugin.rules['out-of-scope-collection'].meta.messages, finding!.message, knownData(finding!, { inventoryName: 'app/privacy-inventory.yaml' }));
    expect(matched!.data).toMatchObject({ key: 'clipboard', scopes: 'pages/chat/**, !pages/chat/ads/**', file: 'app/pages/home/home.js' });
  });

  it('has no template for wording it does not know (the rule then reports the message as it is)', () => {
    expect(matchMessage({ a: "{{api}} collects '{{category}}'" }, 'something else', { api: 'wx.x', category: 'c' })).toBeUndefined();
    expect(renderMessage(SHARED_MESSAGES.finding, { message: 'as is' })).toBe('as is');
  });

  it('the no-inventory wording', () => {
    const [finding] = checkDetections([detection('location')], undefined, { cwd });
    const matched = matchMessage(plugin.rules['undisclosed-collection'].meta.messages, finding!.message, knownData(finding!, { inventoryName: 'the privacy inventory' }));
    expect(matched?.messageId).toBe('noInventory');
    expect(renderMessage(plugin.rules['undisclosed-collection'].meta.messages.noInventory, matched!.data)).toBe(finding!.message);
  });
});
