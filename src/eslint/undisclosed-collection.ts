// undisclosed-collection: code collects a category the privacy inventory does not declare (for this actor).
import { createRule } from './create-rule.js';
import { lintFile } from './lint-file.js';
import { reportFindings, SHARED_MESSAGES } from './report.js';

// Worded exactly as `privlint scan` words the finding (src/check/inventory-check.ts).
const FINDING_MESSAGES = {
  undisclosed: "{{api}} collects '{{category}}'{{through}}, which {{inventory}} does not declare",
  declaredForOtherActor: "{{api}} collects '{{category}}'{{through}}, but {{inventory}} declares {{keys}} only for actor {{actors}}",
  noInventory: "{{api}} collects '{{category}}'{{through}}, but there is no privacy-inventory.yaml to declare it in",
};

export const undisclosedCollection = createRule({
  name: 'undisclosed-collection',
  meta: {
    docs: {
      description: 'Disallow collecting personal data that the privacy inventory does not declare',
      recommended: 'error',
    },
    messages: { ...FINDING_MESSAGES, ...SHARED_MESSAGES },
  },
  create(context) {
    return {
      Program() {
        reportFindings(context, lintFile(context), 'undisclosed-collection', FINDING_MESSAGES);
      },
    };
  },
});
