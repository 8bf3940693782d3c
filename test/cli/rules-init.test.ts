import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from '../helpers/cli.js';

describe('privlint rules', () => {
  it('lists the catalogue filtered by platform and category as JSON', () => {
    const run = runCli(['rules', '--platform', 'wechat', '--category', 'clipboard', '--format', 'json'], REPO);
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as { count: number; apis: { api: string; platform: string; categories: string[]; source: string }[] };
    expect(out.apis.map((api) => api.api)).toEqual(['wx.getClipboardData']);
    expect(out.apis[0]).toMatchObject({ platform: 'wechat', categories: ['clipboard'] });
    expect(out.apis[0]!.source).toMatch(/^miniprogram-api-typings@/);
  });

  it('filters by a parent category and prints a table', () => {
    const run = runCli(['rules', '--platform', 'uniapp', '--category', 'device'], REPO);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^uniapp\s+plus\.device\.imei\s+device\.imei/m);
    expect(run.stdout).not.toMatch(/clipboard/);
  });

  it('exits 2 for an unknown platform or category, naming the valid ones', () => {
    const platform = runCli(['rules', '--platform', 'symbian'], REPO);
    expect(platform.code).toBe(2);
    expect(platform.stderr).toContain("unknown platform 'symbian'");
    expect(platform.stderr).toContain('wechat');
    expect(runCli(['rules', '--category', 'clipbord'], REPO).code).toBe(2);
  });
});

describe('privlint init', () => {
  const work = mkdtempSync(join(tmpdir(), 'privlint-init-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('drafts an inventory from a scan, then refuses to overwrite it without --force', () => {
    cpSync(join(REPO, 'fixtures/apps/wechat-miniprogram'), join(work, 'app'), { recursive: true });
    const app = join(work, 'app');
    const first = runCli(['init', '.'], app);
    expect(first.code).toBe(0);
    const draft = readFileSync(join(app, 'privacy-inventory.yaml'), 'utf8');
    expect(draft).toContain('clipboard:');
    expect(draft).toContain('location:');
    expect(draft).toContain('TODO');
    // The draft declares exactly what the code collects: a scan against it has no undisclosed collection.
    const scan = runCli(['scan', '.', '--format', 'json'], app);
    const findings = (JSON.parse(scan.stdout) as { findings: { ruleId: string }[] }).findings;
    expect(findings.filter((f) => f.ruleId === 'undisclosed-collection')).toEqual([]);
    expect(scan.code).toBe(0);
    const again = runCli(['init', '.'], app);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--force');
    expect(runCli(['init', '.', '--force'], app).code).toBe(0);
  });
});
