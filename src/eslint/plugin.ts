// privlint/eslint-plugin: the privacy checks in the editor, as a flat-config plugin. A thin shell over the engine:
// every rule asks lint-file.ts, which runs the shared detector on the AST ESLint parsed and checks the inventory.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ESLint, Linter } from 'eslint';
import { packageRoot } from '../util/package-root.js';
import { contradictsPolicy } from './contradicts-policy.js';
import { outOfScopeCollection } from './out-of-scope-collection.js';
import { undisclosedCollection } from './undisclosed-collection.js';

const { version } = JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string };

export const rules = {
  'undisclosed-collection': undisclosedCollection,
  'out-of-scope-collection': outOfScopeCollection,
  'contradicts-policy': contradictsPolicy,
  // ── Later: `undeclared-sdk` (an SDK the inventory's `sdks:` does not list) and `collection-before-consent`
  // (collection reachable before the inventory's `consent.gate`). They belong here once the engine emits their
  // findings; each is then one more rule file calling reportFindings() with its rule id.
};

export type PrivlintRuleName = keyof typeof rules;

const plugin = {
  meta: { name: 'privlint', version, namespace: 'privlint' },
  rules,
  configs: {} as { recommended: Linter.Config },
} satisfies ESLint.Plugin;

plugin.configs.recommended = {
  name: 'privlint/recommended',
  plugins: { privlint: plugin },
  rules: {
    'privlint/undisclosed-collection': 'error',
    'privlint/contradicts-policy': 'error',
    'privlint/out-of-scope-collection': 'warn',
  },
};

export default plugin;
