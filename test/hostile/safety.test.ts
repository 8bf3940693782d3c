// The scanner only reads: it never evaluates what it scans (trap files would leave a marker), reads its
// configuration as data, opens no network connection (a preload makes every network API throw and leave a marker),
// and writes reports only inside the working directory, also when a symbolic link points elsewhere.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../helpers/cli.js';
import { runCliTimed, scanJsonTimed, type TimedRun } from './helpers.js';

const TRAPS = join(REPO, 'fixtures/hostile/eval-traps');
const NO_NETWORK = join(REPO, 'fixtures/hostile/no-network.cjs');

/** Marker files the traps leave when evaluated, anywhere under `dir`. */
function markers(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.name.startsWith('EVALUATED')) found.push(entry.name);
  }
  return found.sort();
}

describe('the scanner never evaluates what it scans (real CLI)', () => {
  let work: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'privlint-hostile-eval-'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('has live traps: running them does leave markers', () => {
    const live = join(work, 'live');
    cpSync(TRAPS, live, { recursive: true });
    for (const file of ['index.js', 'eslint.config.js', 'privlint.config.js', 'src/module.mjs']) spawnSync(process.execPath, [join(live, file)], { cwd: live });
    expect(markers(live)).toEqual(['EVALUATED-eslint-config', 'EVALUATED-index', 'EVALUATED-module', 'EVALUATED-privlint-config']);
  });

  it('scans the traps — finding what they collect — without running any of them', () => {
    const tree = join(work, 'scanned');
    cpSync(TRAPS, tree, { recursive: true });
    for (const workers of ['1', '2']) {
      const { run, report } = scanJsonTimed(['.', '--workers', workers], tree);
      expect(run.code).toBe(1);
      // The inventory's `!!js/function` value was read as text, so location counts as declared; clipboard is not.
      expect(report.summary.inventory).toBe('privacy-inventory.yaml');
      expect(report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.category}`)).toEqual(['src/dynamic.js:6:1 clipboard']);
      expect(report.errors).toEqual([]);
      expect(report.summary.files).toBe(5);
    }
    for (const args of [['scan', '.', '--format', 'sarif'], ['scan', '.', '--no-prefilter'], ['init', '.', '--output', 'drafted.yaml']]) {
      const run = runCliTimed(args, tree);
      expect([0, 1], `${args.join(' ')}: ${run.stderr}`).toContain(run.code);
    }
    expect(markers(tree)).toEqual([]);
  });
});

describe('the scanner opens no network connection (real CLI)', () => {
  let work: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'privlint-hostile-net-'));
    env = {
      NODE_OPTIONS: `--require ${JSON.stringify(NO_NETWORK)}`,
      PRIVLINT_NETWORK_MARKER: join(work, 'NETWORK-USED'),
      PRIVLINT_PRELOAD_LOG: join(work, 'preload.log'),
    };
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('has a working guard: a network call under the preload leaves a marker', () => {
    const probe = spawnSync(process.execPath, ['-e', "try { fetch('http://127.0.0.1:9/') } catch {} try { require('net').connect(9, '127.0.0.1') } catch {} try { require('dns').lookup('example.com', () => {}) } catch {}"], {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    });
    expect(probe.status, probe.stderr).toBe(0);
    expect(readFileSync(env.PRIVLINT_NETWORK_MARKER!, 'utf8').split('\n').filter(Boolean)).toEqual(['fetch', 'net.connect', 'dns.lookup']);
    rmSync(env.PRIVLINT_NETWORK_MARKER!);
    rmSync(env.PRIVLINT_PRELOAD_LOG!);
  });

  it('scans a fixture app, inline and in worker threads, in every format, with the guard active in every thread', () => {
    for (const workers of ['1', '2']) {
      const { run, report } = scanJsonTimed([join(REPO, 'fixtures/apps/uniapp'), '--workers', workers], work, { env });
      expect(run.stderr).toBe('');
      expect(report.findings.length).toBeGreaterThan(0);
    }
    const sarif = runCliTimed(['scan', join(REPO, 'fixtures/apps/uniapp'), '--format', 'sarif'], work, { env });
    expect([0, 1], sarif.stderr).toContain(sarif.code);
    expect(existsSync(env.PRIVLINT_NETWORK_MARKER!)).toBe(false);
    const threads = new Set(readFileSync(env.PRIVLINT_PRELOAD_LOG!, 'utf8').split('\n').filter(Boolean));
    // The main thread (0) and worker threads (1, 2, …) all ran with the guard.
    expect(threads.has('loaded in thread 0')).toBe(true);
    expect([...threads].some((line) => line !== 'loaded in thread 0')).toBe(true);
  });

  it('reads a policy page full of remote resources without fetching any', () => {
    const policy = join(work, 'policy.html');
    writeFileSync(
      policy,
      '<!doctype html><html><head><link rel="stylesheet" href="https://example.com/a.css"><script src="https://example.com/a.js"></script></head>' +
        '<body><h1>隐私政策</h1><img src="http://example.com/pixel.gif"><iframe src="https://example.com/frame"></iframe>' +
        '<p>我们会收集您的位置信息，用于向您展示附近的门店。</p><p>We read your clipboard to paste coupon codes.</p></body></html>\n',
    );
    const run = runCliTimed(['policy', 'extract', 'policy.html'], work, { env });
    if (run.code === 2 && /unknown command|error: unknown/.test(run.stderr)) return; // policy extract not built yet
    expect(run.code, run.stderr).toBe(0);
    expect(existsSync(env.PRIVLINT_NETWORK_MARKER!)).toBe(false);
  });
});

describe('reports cannot land outside the working directory (real CLI)', () => {
  let work: string;
  let project: string;
  let outside: string;
  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'privlint-hostile-output-'));
    project = join(work, 'project');
    outside = join(work, 'outside');
    mkdirSync(join(project, 'app'), { recursive: true });
    mkdirSync(join(project, 'reports'));
    mkdirSync(outside);
    writeFileSync(join(project, 'app/a.js'), 'wx.getLocation()\n');
    writeFileSync(join(outside, 'victim.json'), 'untouched');
    symlinkSync(outside, join(project, 'out-link'));
    symlinkSync(join(outside, 'victim.json'), join(project, 'report.json'));
    symlinkSync(join(outside, 'new.json'), join(project, 'dangling.json'));
    symlinkSync('reports', join(project, 'inside-link'));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  function expectRefused(run: TimedRun, output: string, throughLink: boolean): void {
    expect(run.code, run.stderr).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`--output ${output} is outside the working directory${throughLink ? ' (through a symbolic link)' : ''}`);
  }

  it('refuses .., an absolute path elsewhere, a symlinked folder, a symlinked file and a dangling link', () => {
    expectRefused(runCliTimed(['scan', 'app', '--output', '../escape.json'], project), '../escape.json', false);
    const absolute = join(outside, 'absolute.json');
    expectRefused(runCliTimed(['scan', 'app', '--output', absolute], project), absolute, false);
    expectRefused(runCliTimed(['scan', 'app', '--output', 'out-link/r.json'], project), 'out-link/r.json', true);
    expectRefused(runCliTimed(['scan', 'app', '--output', 'out-link/new/deeper/r.json'], project), 'out-link/new/deeper/r.json', true);
    expectRefused(runCliTimed(['scan', 'app', '--output', 'reports/../out-link/r.json'], project), 'reports/../out-link/r.json', true);
    expectRefused(runCliTimed(['scan', 'app', '--output', 'report.json'], project), 'report.json', true);
    expectRefused(runCliTimed(['scan', 'app', '--output', 'dangling.json'], project), 'dangling.json', true);
    expectRefused(runCliTimed(['init', 'app', '--output', 'out-link/privacy-inventory.yaml'], project), 'out-link/privacy-inventory.yaml', true);
    expect(readdirSync(outside).sort()).toEqual(['victim.json']);
    expect(readFileSync(join(outside, 'victim.json'), 'utf8')).toBe('untouched');
  });

  it('refuses the same for policy extract --output', () => {
    writeFileSync(join(project, 'policy.md'), '# 隐私政策\n\n我们会收集您的位置信息，用于向您展示附近的门店。\n');
    const run = runCliTimed(['policy', 'extract', 'policy.md', '--output', 'out-link/privacy-inventory.yaml'], project);
    if (run.code === 2 && /unknown command/.test(run.stderr)) return; // policy extract not built yet
    expectRefused(run, 'out-link/privacy-inventory.yaml', true);
    expect(readdirSync(outside).sort()).toEqual(['victim.json']);
  });

  it('writes through a link that stays inside, and to an absolute path inside', () => {
    const viaLink = runCliTimed(['scan', 'app', '--format', 'json', '--output', 'inside-link/r.json'], project);
    expect(viaLink.code, viaLink.stderr).toBe(1);
    expect(JSON.parse(readFileSync(join(project, 'reports/r.json'), 'utf8')).findings).toHaveLength(1);
    const absolute = runCliTimed(['scan', 'app', '--format', 'json', '--output', join(project, 'reports/abs.json')], project);
    expect(absolute.code, absolute.stderr).toBe(1);
    expect(existsSync(join(project, 'reports/abs.json'))).toBe(true);
  });
});
