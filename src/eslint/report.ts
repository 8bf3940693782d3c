// Turns the engine's findings into ESLint reports: the message id whose template renders the finding's own
// message, with the finding's data as placeholders, at the finding's exact location.
import type { Rule } from 'eslint';
import type { UsageError } from '../errors.js';
import type { Finding, RuleId } from '../types.js';
import type { FileLint } from './lint-file.js';

/** Message ids every privlint rule has besides its own. */
export const SHARED_MESSAGES = {
  // A broken inventory is reported once per file, at 1:1, by the first privlint rule that runs on it.
  invalidInventory: 'privlint cannot check this file against the privacy inventory: {{error}}',
  // Only if the engine's wording and the templates ever drift apart; a test keeps them in step.
  finding: '{{message}}',
} as const;

type SharedMessageId = keyof typeof SHARED_MESSAGES;

/** Placeholders filled from the finding itself; any other placeholder is read off the finding's message. */
export function knownData(finding: Finding, lint: Pick<FileLint, 'inventoryName'>): Record<string, string> {
  return {
    api: finding.api,
    category: finding.category,
    file: finding.file,
    inventory: lint.inventoryName,
    // As the CLI words it: nothing for the app's own code, the SDK's name when one collects.
    through: finding.actor === 'self' ? '' : ` (through SDK '${finding.actor}')`,
  };
}

/**
 * The message id of `messages` whose template, filled with `known`, gives exactly `message`, and the data that
 * does it (known values plus the parts of the message the other placeholders stand for).
 */
export function matchMessage(
  messages: Readonly<Record<string, string>>,
  message: string,
  known: Readonly<Record<string, string>>,
): { messageId: string; data: Record<string, string> } | undefined {
  for (const [messageId, template] of Object.entries(messages)) {
    const parts = template.split(/\{\{\s*([^{}]+?)\s*\}\}/);
    const captured: string[] = [];
    let source = '^';
    parts.forEach((part, i) => {
      if (i % 2 === 0) source += escapeRegExp(part);
      else if (Object.hasOwn(known, part)) source += escapeRegExp(known[part]!);
      else if (captured.includes(part)) source += `\\k<p${captured.indexOf(part)}>`;
      else {
        source += `(?<p${captured.length}>.*?)`;
        captured.push(part);
      }
    });
    const match = new RegExp(`${source}$`, 's').exec(message);
    if (!match) continue;
    const data: Record<string, string> = { ...known };
    captured.forEach((name, i) => (data[name] = match.groups![`p${i}`]!));
    return { messageId, data };
  }
  return undefined;
}

/** Renders a template as ESLint does (`{{ name }}` → data.name), for tests and the fallback. */
export function renderMessage(template: string, data: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{([^{}]+?)\}\}/g, (whole, term: string) => (Object.hasOwn(data, term.trim()) ? data[term.trim()]! : whole));
}

export function inventoryErrorText(error: UsageError): string {
  const where = error.file ? `${error.file}${error.line ? `:${error.line}${error.column ? `:${error.column}` : ''}` : ''}: ` : '';
  return `${where}${error.message}${error.hint ? ` (hint: ${error.hint})` : ''}`;
}

/** What every rule does with the file's shared analysis: report its own findings, plus a broken inventory once. */
export function reportFindings<RuleMessageIds extends string>(
  context: Rule.RuleContext,
  lint: FileLint,
  ruleId: RuleId,
  ruleMessages: Readonly<Record<RuleMessageIds, string>>,
): void {
  // One cast instead of one per call: the ids come from this rule's own messages or the shared ones.
  const report = context.report.bind(context) as (descriptor: {
    messageId: RuleMessageIds | SharedMessageId;
    data: Record<string, string>;
    loc: { line: number; column: number } | { start: { line: number; column: number }; end: { line: number; column: number } };
  }) => void;
  if (lint.inventoryError && !lint.inventoryErrorReported) {
    lint.inventoryErrorReported = true;
    report({ messageId: 'invalidInventory', data: { error: inventoryErrorText(lint.inventoryError) }, loc: { line: 1, column: 0 } });
  }
  for (const finding of lint.findings) {
    if (finding.ruleId !== ruleId) continue;
    const matched = matchMessage(ruleMessages, finding.message, knownData(finding, lint)) ?? {
      messageId: 'finding' as const,
      data: { message: finding.message },
    };
    report({
      messageId: matched.messageId as RuleMessageIds | SharedMessageId,
      data: matched.data,
      // Finding columns are 1-based, ESLint's are 0-based.
      loc: {
        start: { line: finding.line, column: finding.column - 1 },
        end: { line: finding.endLine, column: finding.endColumn - 1 },
      },
    });
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
