// Checks each detection against the privacy inventory. Rule ids and the fields of each finding are a contract.
import { relative, resolve } from 'node:path';
import { childrenOf, covers, selfAndAncestors } from '../inventory/categories.js';
import { compileScope, escapeGlob } from '../inventory/glob.js';
import { declarationLocation } from '../inventory/load.js';
import type { Disclosure, Inventory, NotCollected } from '../inventory/types.js';
import type { Detection, Finding } from '../types.js';
import { toPosix, toReportPath } from '../util/path.js';

export interface CheckOptions {
  /** The folder Detection.file is relative to; findings about the inventory file are made relative to it too. */
  cwd: string;
}

/** A disclosure that covers a detection's category, and the key (the category itself or a parent) it is under. */
interface Covering {
  key: string;
  disclosure: Disclosure;
}

export function checkDetections(detections: Detection[], inventory: Inventory | undefined, options: CheckOptions): Finding[] {
  const findings: Finding[] = [];
  if (!inventory) {
    for (const detection of detections) findings.push(undisclosedWithoutInventory(detection));
    return sortFindings(findings);
  }
  const context = new CheckContext(inventory, options.cwd);
  for (const detection of detections) {
    const finding = context.check(detection);
    if (finding) findings.push(finding);
  }
  findings.push(...unusedDeclarations(detections, inventory, context));
  return sortFindings(findings);
}

class CheckContext {
  readonly name: string;
  /** The inventory is a policy text (scan --policy): hints speak of disclosing in the policy, not of YAML keys. */
  readonly policy: boolean;
  private readonly matchers = new Map<Disclosure, (path: string) => boolean>();
  private readonly inventoryPaths = new Map<string, string>();

  constructor(
    readonly inventory: Inventory,
    readonly cwd: string,
  ) {
    this.name = inventory.file ? toReportPath(cwd, inventory.file) : 'the privacy inventory';
    this.policy = inventory.source === 'policy';
  }

  /** What to do about an undisclosed collection when the inventory is the policy text itself. */
  private discloseInPolicy(detection: Detection, by: string): string {
    return `disclose ${activity(detection.category)}${by} in ${this.name} (or draft an inventory with privlint policy extract ${this.name})`;
  }

  check(detection: Detection): Finding | undefined {
    const chain = selfAndAncestors(detection.category);
    const denied = chain.map((id) => this.inventory.notCollected.find((entry) => entry.category === id)).find(Boolean);
    if (denied) return this.contradicts(detection, denied);

    const declared: Covering[] = chain.flatMap((key) => (this.inventory.data.get(key) ?? []).map((disclosure) => ({ key, disclosure })));
    const forActor = declared.filter(({ disclosure }) => disclosure.actor === detection.actor);
    if (forActor.length === 0) return this.undisclosed(detection, declared);

    const path = this.inventoryPath(detection.file);
    if (forActor.some(({ disclosure }) => this.inScope(disclosure, path))) return undefined;
    return this.outOfScope(detection, forActor, path);
  }

  /** Detection.file (relative to cwd) → the same file relative to the inventory's folder, `/`-separated. */
  private inventoryPath(file: string): string {
    let path = this.inventoryPaths.get(file);
    if (path === undefined) {
      path = toPosix(relative(this.inventory.dir, resolve(this.cwd, file)));
      this.inventoryPaths.set(file, path);
    }
    return path;
  }

  private inScope(disclosure: Disclosure, path: string): boolean {
    if (!disclosure.scope) return true;
    let matcher = this.matchers.get(disclosure);
    if (!matcher) {
      matcher = compileScope(disclosure.scope);
      this.matchers.set(disclosure, matcher);
    }
    return matcher(path);
  }

  private contradicts(detection: Detection, denied: NotCollected): Finding {
    const as = denied.category === detection.category ? '' : ` (as '${denied.category}')`;
    return {
      ...base(detection),
      ruleId: 'contradicts-policy',
      severity: 'error',
      message: `${detection.api} collects '${detection.category}'${by(detection)}, but ${this.name} lists it under not_collected${as}`,
      hint: this.policy
        ? `stop ${verb(detection)} ${detection.api}, or correct the policy: '${denied.category}' is listed as not collected in ${this.name}${clauseNote(denied.clause)}`
        : `remove '${denied.category}' from not_collected in ${this.name}, or stop ${verb(detection)} ${detection.api}`,
      ...(denied.clause !== undefined ? { clause: denied.clause } : {}),
    };
  }

  private undisclosed(detection: Detection, declaredForOthers: Covering[]): Finding {
    const { category, actor } = detection;
    const actorText = actor === 'self' ? "the app's own code (actor: self, the default)" : `actor: ${actor}`;
    if (declaredForOthers.length > 0) {
      const keys = unique(declaredForOthers.map(({ key }) => key));
      const actors = unique(declaredForOthers.map(({ disclosure }) => disclosure.actor)).map((name) => `'${name}'`);
      return {
        ...base(detection),
        ruleId: 'undisclosed-collection',
        severity: 'error',
        message: `${detection.api} collects '${category}'${by(detection)}, but ${this.name} declares ${quoteList(keys)} only for actor ${actors.join(', ')}`,
        hint: this.policy
          ? this.discloseInPolicy(detection, actor === 'self' ? " by the app's own code" : ` by SDK '${actor}'`)
          : `add a disclosure of '${category}' for ${actorText} under data in ${this.name}`,
      };
    }
    return {
      ...base(detection),
      ruleId: 'undisclosed-collection',
      severity: 'error',
      message: `${detection.api} collects '${category}'${by(detection)}, which ${this.name} does not declare`,
      hint: this.policy
        ? this.discloseInPolicy(detection, actor === 'self' ? '' : ` by SDK '${actor}'`)
        : actor === 'self'
          ? `add '${category}' under data in ${this.name}`
          : `add '${category}' with actor: ${actor} under data in ${this.name}`,
    };
  }

  private outOfScope(detection: Detection, forActor: Covering[], path: string): Finding {
    const [first] = forActor;
    const scopes = unique(forActor.flatMap(({ disclosure }) => disclosure.scope ?? []));
    return {
      ...base(detection),
      ruleId: 'out-of-scope-collection',
      severity: 'warning',
      message: `${detection.api} collects '${detection.category}'${by(detection)} in ${detection.file}, outside the scope ${this.name} declares for '${first.key}' (${scopes.join(', ')})`,
      hint: `add '${escapeGlob(path)}' to the scope of '${first.key}' in ${this.name}, or move the collection into ${scopes.join(', ')}`,
      ...(first.disclosure.clause !== undefined ? { clause: first.disclosure.clause } : {}),
    };
  }
}

function undisclosedWithoutInventory(detection: Detection): Finding {
  return {
    ...base(detection),
    ruleId: 'undisclosed-collection',
    severity: 'error',
    message: `${detection.api} collects '${detection.category}'${by(detection)}, but there is no privacy-inventory.yaml to declare it in`,
    hint: `run privlint init to draft privacy-inventory.yaml, then add '${detection.category}' under data`,
  };
}

function unusedDeclarations(detections: Detection[], inventory: Inventory, context: CheckContext): Finding[] {
  const collected = new Set(detections.map((detection) => detection.category));
  const findings: Finding[] = [];
  for (const [category, disclosures] of inventory.data) {
    if ([...collected].some((id) => covers(category, id))) continue;
    const location = declarationLocation(inventory, category);
    const line = location?.line ?? 1;
    const column = location?.column ?? 1;
    const clause = disclosures.find((disclosure) => disclosure.clause !== undefined)?.clause;
    findings.push({
      ruleId: 'unused-declaration',
      category,
      file: location?.file ? toReportPath(context.cwd, location.file) : '',
      line,
      column,
      endLine: line,
      // Keys are plain scalars in practice; a quoted key ends two columns later, which is harmless here.
      endColumn: column + category.length,
      severity: 'info',
      api: '',
      platform: '',
      message: context.policy
        ? `${context.name} discloses '${category}'${clauseNote(clause)} but no scanned code collects it`
        : `'${category}' is declared in ${context.name}, but no scanned code collects it`,
      entry: '',
      actor: disclosures[0]?.actor ?? 'self',
      hint: context.policy
        ? `if the app no longer collects '${category}', the policy can stop disclosing it`
        : `remove '${category}' from data in ${context.name} if the app no longer collects it`,
      ...(clause !== undefined ? { clause } : {}),
    });
  }
  return findings;
}

/** Something to tell the user that is not a rule violation (printed at info level). */
export interface InventoryNote {
  severity: 'info';
  category: string;
  file: string;
  line: number;
  column: number;
  message: string;
  hint: string;
}

/**
 * A parent id (`device`) covers its children, which is allowed but vague: for each declared parent, name the child
 * categories the code actually collects under it, so the policy can be precise.
 */
export function parentCoverageNotes(detections: Detection[], inventory: Inventory | undefined, options: CheckOptions): InventoryNote[] {
  if (!inventory) return [];
  const name = inventory.file ? toReportPath(options.cwd, inventory.file) : 'the privacy inventory';
  const notes: InventoryNote[] = [];
  for (const parent of inventory.data.keys()) {
    if (childrenOf(parent).length === 0) continue;
    const children = unique(
      detections.map((detection) => detection.category).filter((id) => id !== parent && covers(parent, id) && !inventory.data.has(id)),
    ).sort();
    if (children.length === 0) continue;
    const location = declarationLocation(inventory, parent);
    notes.push({
      severity: 'info',
      category: parent,
      file: location?.file ? toReportPath(options.cwd, location.file) : '',
      line: location?.line ?? 1,
      column: location?.column ?? 1,
      message: `'${parent}' in ${name} covers ${quoteList(children)} collected by the code`,
      hint:
        inventory.source === 'policy'
          ? `to be precise, name ${quoteList(children)} in ${name} instead of '${parent}' as a whole`
          : `to be precise, declare ${quoteList(children)} instead of '${parent}'`,
    });
  }
  return notes.sort((a, b) => compare(a.file, b.file) || a.line - b.line || a.column - b.column);
}

function base(detection: Detection): Omit<Finding, 'ruleId' | 'severity' | 'message'> {
  return {
    category: detection.category,
    file: detection.file,
    line: detection.range.start.line,
    column: detection.range.start.column,
    endLine: detection.range.end.line,
    endColumn: detection.range.end.column,
    api: detection.api,
    platform: detection.platform,
    entry: detection.entry,
    actor: detection.actor,
  };
}

function by(detection: Detection): string {
  return detection.actor === 'self' ? '' : ` (through SDK '${detection.actor}')`;
}

function clauseNote(clause: string | undefined): string {
  return clause !== undefined ? ` (clause ${clause})` : '';
}

/** What collecting a category is, in words a policy would use ("disclose reading the clipboard"). */
const ACTIVITIES: Record<string, string> = {
  device: 'collecting device identifiers',
  'device.imei': 'collecting the IMEI',
  'device.imsi': 'collecting the IMSI or SIM serial number',
  'device.serial': "collecting the device's serial number",
  'device.android-id': 'collecting the Android ID',
  'device.mac': 'collecting the MAC address',
  'device.ad-id': 'collecting the advertising identifier',
  'device.id': 'collecting a persistent device identifier',
  'app-list': 'reading the list of installed apps',
  clipboard: 'reading the clipboard',
  contacts: 'reading contacts',
  location: 'collecting location',
  'phone-number': 'collecting the phone number',
  sms: 'reading SMS messages',
  'call-log': 'reading the call log',
  calendar: 'reading the calendar',
  camera: 'using the camera',
  microphone: 'recording with the microphone',
  photos: 'reading photos and media',
  'network.wifi': 'collecting Wi-Fi information',
  bluetooth: 'scanning for Bluetooth devices',
  sensors: 'reading motion sensors',
};

function activity(category: string): string {
  return ACTIVITIES[category] ?? `collecting '${category}'`;
}

function verb(detection: Detection): string {
  return detection.kind === 'read' ? 'reading' : detection.kind === 'construct' ? 'creating' : 'calling';
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function quoteList(items: string[]): string {
  return items.map((item) => `'${item}'`).join(', ');
}

/** Code-unit order, not locale order: output must not depend on the machine. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      compare(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compare(a.ruleId, b.ruleId) ||
      compare(a.category, b.category) ||
      compare(a.api, b.api) ||
      compare(a.actor, b.actor) ||
      compare(a.entry, b.entry) ||
      a.endLine - b.endLine ||
      a.endColumn - b.endColumn,
  );
}
