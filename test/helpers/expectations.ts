// Inline expectations in fixture files: `// privlint-expect <category> <line>:<col>`, compared as sets.
import { readFileSync } from 'node:fs';

export interface Expectations {
  /** `category line:col` strings. */
  expected: string[];
  /** The file declares itself clean (`privlint-expect none` on line 1). */
  clean: boolean;
}

const EXPECT = /privlint-expect\s+([a-z][\w.-]*)\s+(\d+):(\d+)/g;

export function readExpectations(file: string): Expectations {
  const text = readFileSync(file, 'utf8');
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const clean = /privlint-expect\s+none\b/.test(firstLine);
  const expected: string[] = [];
  for (const match of text.matchAll(EXPECT)) {
    if (match[1] === 'none') continue;
    expected.push(`${match[1]} ${match[2]}:${match[3]}`);
  }
  return { expected: expected.sort(compareKeys), clean };
}

export function findingKey(finding: { category: string; line: number; column: number }): string {
  return `${finding.category} ${finding.line}:${finding.column}`;
}

export function compareKeys(a: string, b: string): number {
  const [, la = '0', ca = '0'] = /(\d+):(\d+)$/.exec(a) ?? [];
  const [, lb = '0', cb = '0'] = /(\d+):(\d+)$/.exec(b) ?? [];
  return Number(la) - Number(lb) || Number(ca) - Number(cb) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Missing and extra keys of a detection run against expectations. */
export function diffKeys(expected: string[], actual: string[]): { missing: string[]; extra: string[] } {
  const remaining = [...actual];
  const missing: string[] = [];
  for (const key of expected) {
    const at = remaining.indexOf(key);
    if (at === -1) missing.push(key);
    else remaining.splice(at, 1);
  }
  return { missing, extra: remaining.sort(compareKeys) };
}
