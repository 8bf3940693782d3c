// The privacy inventory: what the app declares it collects, as loaded from privacy-inventory.yaml.

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

/** One disclosure of a category: why, where in the policy, for which files, by whom. */
export interface Disclosure {
  purpose?: string;
  /** Policy clause id, e.g. `二.14`. */
  clause?: string;
  /** Globs relative to the inventory file's folder; absent = anywhere. */
  scope?: string[];
  /** `self` or an SDK's name. Defaults to `self`. */
  actor: string;
  /** Verbatim quote from the policy, when drafted from one. */
  quote?: string;
  /** Features the policy names for this collection (附近的人, …). */
  features?: string[];
  /** Where this disclosure sits in the inventory file. */
  location?: SourceLocation;
}

export interface NotCollected {
  category: string;
  clause?: string;
  quote?: string;
  location?: SourceLocation;
}

export interface Inventory {
  version: 1;
  /** Absolute path of the inventory file (empty for an inventory made in memory, e.g. from a policy). */
  file: string;
  /** Absolute folder that scopes are relative to. */
  dir: string;
  /** Keyed by category id (a parent id such as `device` covers its children). */
  data: Map<string, Disclosure[]>;
  notCollected: NotCollected[];
  /** Where the entries come from: an inventory file (the default when absent) or a policy text read as one. */
  source?: 'inventory' | 'policy';
  /** Reserved for the SDK and consent issues; validated, kept as data. */
  sdks?: unknown;
  consent?: unknown;
}
