import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, runCli, scanJson } from '../helpers/cli.js';

const APP = join(REPO, 'fixtures/policy-app');
const RULES = join(REPO, 'fixtures/engine/rules');
const SEED = '../policies/seed-lianxin-zh.txt';

describe('scan --policy (the published text as the inventory)', () => {
  it('passes what the seed policy discloses and flags what it does not, citing clauses', () => {
    const { run, report } = scanJson(['app.js', '--rules', RULES, '--policy', SEED], APP);
    expect(run.code).toBe(1);
    const active = report.findings.filter((f) => f.ruleId !== 'unused-declaration');
    // clipboard (二.14 …), location, device.mac, sensors and device.android-id are disclosed; device.id is not.
    expect(active.map((f) => `${f.file}:${f.line}:${f.column} ${f.category} ${f.ruleId}`)).toEqual(['app.js:8:5 device.id undisclosed-collection']);
    const unused = report.findings.filter((f) => f.ruleId === 'unused-declaration');
    expect(unused.every((f) => f.file === '../policies/seed-lianxin-zh.txt' && typeof f.clause === 'string')).toBe(true);
    expect(unused.map((f) => f.category)).toContain('contacts');
  });
});

describe('policy check', () => {
  it('lists the differences both ways and exits 1', () => {
    const run = runCli(['policy', 'check', SEED, '--format', 'json'], APP);
    expect(run.code).toBe(1);
    const differences = (JSON.parse(run.stdout) as { differences: { kind: string; category: string }[] }).differences;
    const byKind = (kind: string) => differences.filter((d) => d.kind === kind).map((d) => d.category);
    expect(byKind('not-in-policy')).toEqual(['sms']);
    expect(byKind('declared-but-denied')).toEqual(['location']);
    expect(byKind('not-in-inventory')).toContain('contacts');
    expect(byKind('not-in-inventory')).not.toContain('clipboard');
  });

  it('exits 2 without an inventory or with a missing policy', () => {
    expect(runCli(['policy', 'check', 'nope.txt'], APP).code).toBe(2);
    const none = runCli(['policy', 'check', '../policies/seed-lianxin-zh.txt'], join(REPO, 'fixtures/engine'));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no privacy-inventory.yaml found to check the policy against');
  });
});
