// out-of-scope-collection: a declared category collected in a file outside the scope the inventory gives it.
import { createRule } from './create-rule.js';
import { lintFile } from './lint-file.js';
import { reportFindings, SHARED_MESSAGES } from './report.js';

// Worded exactly as `privlint scan` words the finding (src/check/inventory-check.ts).
const FINDING_MESSAGES = {
  outOfScope: "{{api}} collects '{{category}}'{{through}} in {{file}}, outside the scope {{inventory}} declares for '{{key}}' ({{scopes}})",
};

export const outOfScopeCollection = createRule({
  name: 'out-of-scope-collection',
  meta: {
    docs: {
      description: 'Disallow collecting a declared category outside the files its disclosure is scoped to',
      recommended: 'warn',
    },
    messages: { ...FINDING_MESSAGES, ...SHARED_MESSAGES },
  },
  create(context) {
    return {
      Program() {
        reportFindings(context, lintFile(context), 'out-of-scope-collection', FINDING_MESSAGES);
      },
    };
  },
});
