// contradicts-policy: code collects a category the inventory lists under not_collected.
import { createRule } from './create-rule.js';
import { lintFile } from './lint-file.js';
import { reportFindings, SHARED_MESSAGES } from './report.js';

// Worded exactly as `privlint scan` words the finding (src/check/inventory-check.ts).
const FINDING_MESSAGES = {
  contradicts: "{{api}} collects '{{category}}'{{through}}, but {{inventory}} lists it under not_collected{{as}}",
};

export const contradictsPolicy = createRule({
  name: 'contradicts-policy',
  meta: {
    docs: {
      description: 'Disallow collecting a category the privacy policy says the app does not collect',
      recommended: 'error',
    },
    messages: { ...FINDING_MESSAGES, ...SHARED_MESSAGES },
  },
  create(context) {
    return {
      Program() {
        reportFindings(context, lintFile(context), 'contradicts-policy', FINDING_MESSAGES);
      },
    };
  },
});
