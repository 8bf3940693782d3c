// A typed rule creator in the style of typescript-eslint's `RuleCreator`: one place fixes the parts of `meta` every
// privlint rule shares (type, schema, the docs URL), and `context.report` accepts only the rule's own message ids.
import type { JSRuleDefinition } from 'eslint';

// A type alias, not an interface: ESLint's ExtRuleDocs wants something assignable to Record<string, unknown>.
export type PrivlintRuleDocs = {
  description: string;
  /** The severity the rule has in `configs.recommended`. */
  recommended: 'error' | 'warn';
  url: string;
};

export type PrivlintRule<MessageIds extends string> = JSRuleDefinition<{
  RuleOptions: [];
  MessageIds: MessageIds;
  ExtRuleDocs: PrivlintRuleDocs;
}>;

export interface RuleSpec<MessageIds extends string> {
  name: string;
  meta: {
    docs: Omit<PrivlintRuleDocs, 'url'>;
    messages: Record<MessageIds, string>;
  };
  create: PrivlintRule<MessageIds>['create'];
}

/** `ruleCreator((name) => url)` returns `createRule(spec)`, which fills in what every rule of the plugin shares. */
export function ruleCreator(urlFor: (name: string) => string) {
  return function createRule<MessageIds extends string>(spec: RuleSpec<MessageIds>): PrivlintRule<MessageIds> {
    return {
      meta: {
        type: 'problem',
        docs: { ...spec.meta.docs, url: urlFor(spec.name) },
        // No options: what a rule checks is decided by the privacy inventory, not by ESLint configuration.
        schema: [],
        messages: spec.meta.messages,
      },
      create: spec.create,
    };
  };
}

export const RULE_DOCS_BASE = 'https://github.com/privlint/privlint/blob/main/docs/rules/';

export const createRule = ruleCreator((name) => `${RULE_DOCS_BASE}${name}.md`);
