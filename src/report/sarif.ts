// SARIF 2.1.0 for code-scanning services (GitHub code scanning, Azure DevOps, IDE viewers). One run; rules
// described from the catalogue; fingerprints that survive line shifts; suppressed and baselined findings kept as
// suppressed results; scan problems as tool execution notifications. Same input, same bytes.
import type { BaselineEntry } from '../baseline/baseline.js';
import type { Catalogue } from '../catalogue/load.js';
import { RULE_IDS, type Detection, type Finding, type RuleId, type ScanError } from '../types.js';
import { FINGERPRINT_KEY } from './fingerprint.js';
import type { Summary } from './summary.js';

export { RULE_IDS };

export interface RuleDoc {
  name: string;
  level: 'error' | 'warning' | 'note';
  short: string;
  full: string;
  fix: string;
}

export const RULE_DOCS: Record<RuleId, RuleDoc> = {
  'undisclosed-collection': {
    name: 'UndisclosedCollection',
    level: 'error',
    short: 'Personal data is collected, but the privacy inventory does not declare it.',
    full:
      'The code calls or reads a platform API that collects a category of personal data, and the privacy inventory (privacy-inventory.yaml) ' +
      'declares no collection of that category by that actor (the app itself, or the SDK named). Either the privacy policy is incomplete, ' +
      'or the code collects more than the app admits.',
    fix:
      'Declare the category under `data` in privacy-inventory.yaml (and in the published privacy policy), or stop collecting it. ' +
      'If the collection is intended and handled, suppress it where it happens with `// privlint-disable-next-line <category> -- <reason>`.',
  },
  'out-of-scope-collection': {
    name: 'OutOfScopeCollection',
    level: 'warning',
    short: 'Personal data is collected outside the files its disclosure is scoped to.',
    full:
      'The privacy inventory declares the category, but only for some files (`scope` globs, e.g. the feature the policy names), ' +
      'and this collection happens elsewhere.',
    fix: 'Add the file to the `scope` of the disclosure in privacy-inventory.yaml, or move the collection into the feature the policy names.',
  },
  'contradicts-policy': {
    name: 'ContradictsPolicy',
    level: 'error',
    short: 'The code collects a category the privacy policy says the app does not collect.',
    full: 'The privacy inventory lists the category under `not_collected` (the policy promises the app never collects it), yet the code collects it.',
    fix: 'Remove the collection, or correct the policy and the inventory: take the category out of `not_collected` and declare it under `data`.',
  },
  'unused-declaration': {
    name: 'UnusedDeclaration',
    level: 'note',
    short: 'The privacy inventory declares a collection no scanned code performs.',
    full:
      'A category is declared under `data` in the privacy inventory, but no scanned code collects it. The policy may be out of date, ' +
      'or the collection happens where privlint cannot see it (native code, a server, an SDK not scanned).',
    fix: 'Remove the declaration if the app no longer collects the data; keep it if the collection happens outside the scanned code.',
  },
};

const SARIF_SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
const INFORMATION_URI = 'https://www.npmjs.com/package/privlint';
const SOURCE_ROOT = '%SRCROOT%';
/** Scan errors that mean part of the input could not be analysed at all. */
const ANALYSIS_FAILURES = new Set(['parse-error', 'read-error', 'too-deeply-nested']);

/** Rule documentation ships in the package (`files` includes docs/), so a versioned package URL always resolves. */
export function ruleHelpUri(version: string, ruleId: string): string {
  return `https://unpkg.com/privlint@${version}/docs/rules/${ruleId}.md`;
}

export interface SarifOptions {
  /** privlint's version. */
  version: string;
  catalogue: Catalogue;
  fingerprints: ReadonlyMap<Finding, string>;
  /** The detections of the scan, for the binding chain of each finding (relatedLocations). */
  detections?: readonly Detection[];
  /** Set when the scan ran with --baseline: results get a baselineState, fixed entries go in the run's properties. */
  baseline?: { file: string; fixed: readonly BaselineEntry[] };
}

export function formatSarif(findings: readonly Finding[], errors: readonly ScanError[], summary: Summary, options: SarifOptions): string {
  const detections = options.detections ? matchDetections(findings, options.detections) : new Map<Finding, Detection>();
  const notifications = errors.map(notification);
  const run = {
    tool: {
      driver: {
        name: 'privlint',
        version: options.version,
        semanticVersion: options.version,
        informationUri: INFORMATION_URI,
        rules: RULE_IDS.map((id) => ruleDescriptor(id, options)),
        properties: { catalogueVersion: options.catalogue.version },
      },
    },
    invocations: [
      {
        executionSuccessful: !errors.some((error) => ANALYSIS_FAILURES.has(error.kind)),
        ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
      },
    ],
    results: findings.map((finding) => result(finding, options, detections.get(finding))),
    columnKind: 'utf16CodeUnits',
    properties: {
      summary,
      ...(options.baseline ? { baseline: { file: options.baseline.file, fixed: options.baseline.fixed } } : {}),
    },
  };
  return `${JSON.stringify({ $schema: SARIF_SCHEMA, version: '2.1.0', runs: [run] }, null, 2)}\n`;
}

function ruleDescriptor(id: RuleId, options: SarifOptions) {
  const doc = RULE_DOCS[id];
  return {
    id,
    name: doc.name,
    shortDescription: { text: doc.short },
    fullDescription: { text: doc.full },
    help: { text: `${doc.fix}\n\nCategories: ${options.catalogue.categories.map((category) => category.id).join(', ')}.`, markdown: helpMarkdown(id, options.catalogue) },
    helpUri: ruleHelpUri(options.version, id),
    defaultConfiguration: { level: doc.level },
    properties: { tags: ['privacy', 'personal-data'], precision: 'high' },
  };
}

/** The rule's help with the category table generated from the catalogue (how many APIs each category has). */
function helpMarkdown(id: RuleId, catalogue: Catalogue): string {
  const doc = RULE_DOCS[id];
  const apiCount = new Map<string, number>();
  for (const item of catalogue.items) for (const category of item.categories) apiCount.set(category, (apiCount.get(category) ?? 0) + 1);
  for (const method of catalogue.bridgeMethods) for (const category of method.categories) apiCount.set(category, (apiCount.get(category) ?? 0) + 1);
  const name = (category: Catalogue['categories'][number]) =>
    category.zh.replace(/\s+/g, '') === category.en.replace(/\s+/g, '') ? category.en : `${category.en} (${category.zh})`;
  const rows = catalogue.categories.map((category) => `| \`${category.id}\` | ${escapeCell(name(category))} | ${apiCount.get(category.id) ?? 0} |`);
  return [
    `**${doc.short}**`,
    '',
    doc.full,
    '',
    `**How to fix:** ${doc.fix}`,
    '',
    'Data categories privlint reports (a parent id such as `device` covers its children):',
    '',
    '| Category | Data | Catalogued APIs |',
    '| --- | --- | --- |',
    ...rows,
  ].join('\n');
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function result(finding: Finding, options: SarifOptions, detection: Detection | undefined) {
  const related = detection ? relatedLocations(finding, detection) : [];
  const suppressions = [
    ...(finding.suppressed ? [{ kind: 'inSource', status: 'accepted', justification: finding.suppressed.reason }] : []),
    ...(finding.baseline ? [{ kind: 'external', status: 'accepted', justification: finding.baseline.reason ?? `listed in the baseline ${options.baseline?.file ?? ''}`.trim() }] : []),
  ];
  const fingerprint = options.fingerprints.get(finding);
  return {
    ruleId: finding.ruleId,
    ruleIndex: RULE_IDS.indexOf(finding.ruleId),
    level: level(finding.severity),
    message: { text: finding.message },
    ...(finding.file
      ? {
          locations: [
            {
              physicalLocation: {
                artifactLocation: artifact(finding.file),
                region: { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn },
              },
            },
          ],
        }
      : {}),
    ...(related.length > 0 ? { relatedLocations: related } : {}),
    ...(fingerprint !== undefined ? { partialFingerprints: { [FINGERPRINT_KEY]: fingerprint } } : {}),
    ...(options.baseline ? { baselineState: finding.baseline ? 'unchanged' : 'new' } : {}),
    ...(suppressions.length > 0 ? { suppressions } : {}),
    properties: {
      category: finding.category,
      api: finding.api,
      platform: finding.platform,
      entry: finding.entry,
      actor: finding.actor,
      ...(finding.hint !== undefined ? { hint: finding.hint } : {}),
      ...(finding.clause !== undefined ? { clause: finding.clause } : {}),
    },
  };
}

/** Binding-chain steps that name where they happen (`readClipboard (import from './api' at 1:10)`) become related locations. */
function relatedLocations(finding: Finding, detection: Detection) {
  const locations = [];
  for (const step of detection.via) {
    const at = VIA_LOCATION.exec(step);
    if (!at) continue;
    locations.push({
      id: locations.length + 1,
      physicalLocation: { artifactLocation: artifact(finding.file), region: { startLine: Number(at[1]), startColumn: Number(at[2]) } },
      message: { text: step },
    });
  }
  return locations;
}

/** The suffix src/detect/detect.ts gives a binding step: ` at LINE:COLUMN)`. */
export const VIA_LOCATION = / at (\d+):(\d+)\)$/;

function notification(error: ScanError) {
  return {
    level: notificationLevel(error.kind),
    message: { text: error.message },
    descriptor: { id: error.kind },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifact(error.file),
          ...(error.line !== undefined ? { region: { startLine: error.line, startColumn: error.column ?? 1 } } : {}),
        },
      },
    ],
  };
}

function notificationLevel(kind: string): 'error' | 'warning' | 'note' {
  if (ANALYSIS_FAILURES.has(kind) || kind === 'invalid-directive') return 'error';
  if (kind.startsWith('skipped-') || kind === 'unused-directive') return 'warning';
  return 'note';
}

function level(severity: Finding['severity']): 'error' | 'warning' | 'note' {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** Relative, `/`-separated, percent-encoded per segment (a file name may hold spaces, `#` or `%`). */
function artifact(file: string) {
  return { uri: file.split('/').map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}

/** Each finding's detection (same place, category, entry, API and actor); unused-declaration findings have none. */
export function matchDetections(findings: readonly Finding[], detections: readonly Detection[]): Map<Finding, Detection> {
  const key = (file: string, line: number, column: number, endLine: number, endColumn: number, category: string, entry: string, api: string, actor: string) =>
    JSON.stringify([file, line, column, endLine, endColumn, category, entry, api, actor]);
  const byKey = new Map<string, Detection>();
  for (const d of detections) {
    byKey.set(key(d.file, d.range.start.line, d.range.start.column, d.range.end.line, d.range.end.column, d.category, d.entry, d.api, d.actor), d);
  }
  const matched = new Map<Finding, Detection>();
  for (const f of findings) {
    const detection = byKey.get(key(f.file, f.line, f.column, f.endLine, f.endColumn, f.category, f.entry, f.api, f.actor));
    if (detection) matched.set(f, detection);
  }
  return matched;
}
