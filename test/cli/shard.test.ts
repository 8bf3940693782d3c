// scan --shard K/N and privlint merge, through the real CLI: the shards partition the files, and merging their JSON
// reports gives the very bytes (JSON and SARIF) of one whole-project scan — unused declarations, parse errors of
// files only another shard's importer parses, suppressions and baselines included.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardOf } from '../../src/scan/shard.js';
import { REPO, runCli, type CliRun, type JsonOutput } from '../helpers/cli.js';

const FIXTURE = join(REPO, 'fixtures/cli-shard');
const ENGINE_RULES = join(REPO, 'fixtures/engine/rules');

interface ShardJson extends JsonOutput {
  summary: JsonOutput['summary'] & {
    files: number;
    shard: { index: number; total: number; parsedFiles: string[]; imported: { file: string; errors: unknown[] }[] };
  };
}

function ok(run: CliRun): CliRun {
  if (run.code === 2) throw new Error(`privlint exited 2: ${run.stderr}`);
  return run;
}

describe('scan --shard and merge (real CLI)', () => {
  let work: string;
  let app: string;

  /** Runs every shard of N into app/shards/N-K.json and merges them; returns the merged run and the shard reports. */
  function shardAndMerge(total: number, scanArgs: string[], mergeArgs: string[] = []): { merged: CliRun; shards: ShardJson[] } {
    const outputs: string[] = [];
    const shards: ShardJson[] = [];
    for (let index = 1; index <= total; index++) {
      const output = `shards/${total}-${index}.json`;
      ok(runCli(['scan', ...scanArgs, '--format', 'json', '--shard', `${index}/${total}`, '--output', output], app));
      outputs.push(output);
      shards.push(JSON.parse(readFileSync(join(app, output), 'utf8')) as ShardJson);
    }
    // Any order of inputs gives the same result.
    return { merged: ok(runCli(['merge', ...outputs.reverse(), ...mergeArgs], app)), shards };
  }

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'privlint-shard-'));
    app = join(work, 'app');
    cpSync(FIXTURE, app, { recursive: true });
    // Problems that become scan errors: a binary file, a file that is not UTF-8.
    writeFileSync(join(app, 'broken/blob.js'), Buffer.from([0x00, 0x01, 0x02, 0x77, 0x78]));
    writeFileSync(join(app, 'broken/gbk.js'), Buffer.concat([Buffer.from('// '), Buffer.from([0xc4, 0xe3, 0xba, 0xc3]), Buffer.from('\nwx.getLocation()\n')]));
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('assigns each file to one shard by a hash of its relative path', () => {
    expect(shardOf('pages/index/index.js', 3)).toBe(shardOf('pages/index/index.js', 3));
    for (const total of [1, 2, 3, 7]) {
      for (const file of ['a.js', 'utils/api.js', 'pages/quiet/b.js']) {
        const shard = shardOf(file, total);
        expect(shard).toBeGreaterThanOrEqual(1);
        expect(shard).toBeLessThanOrEqual(total);
      }
    }
  });

  it.each([2, 3])('merges %i shards into the bytes of a whole-project JSON report', (total) => {
    const full = ok(runCli(['scan', '--rules', ENGINE_RULES, '--format', 'json'], app));
    const { merged, shards } = shardAndMerge(total, ['--rules', ENGINE_RULES]);
    expect(merged.stdout).toBe(full.stdout);
    expect(merged.stderr).toBe('');
    expect(merged.code).toBe(full.code);
    expect(full.code).toBe(1);

    // The shards partition the files.
    const report = JSON.parse(full.stdout) as ShardJson;
    expect(shards.reduce((sum, shard) => sum + shard.summary.files, 0)).toBe(report.summary.files);
    expect(shards.map((shard) => shard.summary.shard.index)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const owned = shards.flatMap((shard) => shard.findings.filter((f) => f.ruleId !== 'unused-declaration').map((f) => f.file));
    expect(new Set(owned).size).toBe(new Set(report.findings.filter((f) => f.ruleId !== 'unused-declaration').map((f) => f.file)).size);

    // What makes the merge more than a concatenation: a category used in one shard only ('sensors') is unused in
    // the others, yet not in the whole project; 'contacts' is unused everywhere and appears once.
    const unused = (findings: JsonOutput['findings']) => findings.filter((f) => f.ruleId === 'unused-declaration').map((f) => f.category);
    expect(unused(report.findings)).toEqual(['contacts']);
    expect(shards.some((shard) => unused(shard.findings).includes('sensors'))).toBe(true);
    // utils/helper.js mentions no API and does not parse; only pages/index/index.js, which sits in another shard,
    // makes it parsed, so its owner reads it and the importer's shard reports the parse error.
    expect(report.errors.map((e) => `${e.file}:${e.line ?? ''} ${e.kind}`)).toEqual([
      'broken/bad.js:3 parse-error',
      'broken/blob.js: skipped-binary',
      'broken/gbk.js: decoded-gb18030',
      'utils/helper.js:3 parse-error',
    ]);
    expect(shardOf('utils/helper.js', total)).not.toBe(shardOf('pages/index/index.js', total));
    const helperOwner = shards[shardOf('utils/helper.js', total) - 1]!;
    expect(helperOwner.errors.some((e) => e.file === 'utils/helper.js' && e.kind === 'parse-error')).toBe(false);
    expect(shards.some((shard) => shard.summary.shard.imported.some((entry) => entry.file === 'utils/helper.js' && entry.errors.length === 1))).toBe(true);
    expect(report.findings.some((f) => f.suppressed)).toBe(true);
  });

  it.each([2, 3])('merges %i shards into the bytes of a whole-project SARIF report', (total) => {
    const full = ok(runCli(['scan', '--rules', ENGINE_RULES, '--format', 'sarif'], app));
    const { merged } = shardAndMerge(total, ['--rules', ENGINE_RULES], ['--format', 'sarif', '--rules', ENGINE_RULES]);
    expect(merged.stdout).toBe(full.stdout);
    expect(JSON.parse(merged.stdout).runs[0].results.some((result: { relatedLocations?: unknown[] }) => (result.relatedLocations ?? []).length > 0)).toBe(true);
  });

  it('merges shards scanned with the shipped catalogue, and with worker threads', () => {
    const full = ok(runCli(['scan', '--format', 'json'], app));
    const { merged } = shardAndMerge(2, ['--workers', '2']);
    expect(merged.stdout).toBe(full.stdout);
  });

  it('merges shards that ran with a baseline: marks, and entries fixed in the code or in the inventory', () => {
    const baselineDir = join(work, 'baseline-app');
    cpSync(FIXTURE, baselineDir, { recursive: true });
    const saved = app;
    app = baselineDir;
    try {
      // 'sensors' is unused while the baseline is written, so the baseline accepts that unused declaration.
      writeFileSync(join(app, 'pages/sensors/tilt.js'), 'export function tilt() {\n  return null\n}\n');
      ok(runCli(['baseline', '--rules', ENGINE_RULES], app));
      // Then the code uses sensors again (fixing that entry, which only the sensors file's shard sees) and stops
      // recording (fixing a source entry).
      writeFileSync(join(app, 'pages/sensors/tilt.js'), 'export function tilt() {\n  return new Accelerometer({ frequency: 60 })\n}\n');
      writeFileSync(join(app, 'pages/voice/voice.js'), "export function record() {\n  return 'quiet'\n}\n");
      const args = ['--rules', ENGINE_RULES, '--baseline', '.privlint-baseline.json'];
      const full = ok(runCli(['scan', ...args, '--format', 'json'], app));
      const report = JSON.parse(full.stdout) as JsonOutput & { fixed: { category: string }[] };
      expect(report.fixed.map((entry) => entry.category).sort()).toEqual(['microphone', 'sensors']);
      expect(report.summary.baselined).toBeGreaterThan(0);
      for (const total of [2, 3]) {
        expect(shardAndMerge(total, args).merged.stdout).toBe(full.stdout);
        const sarif = ok(runCli(['scan', ...args, '--format', 'sarif'], app));
        expect(shardAndMerge(total, args, ['--format', 'sarif', '--rules', ENGINE_RULES]).merged.stdout).toBe(sarif.stdout);
      }
    } finally {
      app = saved;
    }
  });

  it('writes the merged report with --output', () => {
    const full = ok(runCli(['scan', '--rules', ENGINE_RULES, '--format', 'json'], app));
    shardAndMerge(2, ['--rules', ENGINE_RULES]);
    const run = ok(runCli(['merge', 'shards/2-1.json', 'shards/2-2.json', '--output', 'merged/all.json'], app));
    expect(run.stdout).toBe('');
    expect(readFileSync(join(app, 'merged/all.json'), 'utf8')).toBe(full.stdout);
  });

  it('runs the privlint commands of the GitHub Actions matrix in docs/ci-sharding.md as written', () => {
    const doc = readFileSync(join(REPO, 'docs/ci-sharding.md'), 'utf8');
    const workflow = /```yaml\n([\s\S]*?)```/.exec(doc)![1]!;
    const commands = [...workflow.matchAll(/run: npx privlint (.*)$/gm)].map((match) => match[1]!.replace(/ \|\| \[ \$\? -eq 1 \]$/, ''));
    const total = /shard: \[([\d, ]+)\]/.exec(workflow)![1]!.split(',').length;
    expect(commands).toHaveLength(3);
    const ci = join(work, 'ci');
    cpSync(FIXTURE, ci, { recursive: true });
    const run = (command: string): CliRun => {
      const args = command.split(' ').flatMap((arg) => (arg === 'privlint-shard-*.json' ? Array.from({ length: total }, (_, i) => `privlint-shard-${i + 1}.json`) : [arg]));
      const result = runCli(args, ci);
      expect([0, 1]).toContain(result.code);
      return result;
    };
    for (let shard = 1; shard <= total; shard++) run(commands[0]!.replaceAll('${{ matrix.shard }}', String(shard)));
    run(commands[1]!);
    const last = run(commands[2]!);
    expect(readFileSync(join(ci, 'privlint.sarif'), 'utf8')).toBe(runCli(['scan', '--format', 'sarif'], ci).stdout);
    const full = runCli(['scan', '--format', 'json'], ci);
    expect(readFileSync(join(ci, 'privlint.json'), 'utf8')).toBe(full.stdout);
    expect(last.code).toBe(full.code);
  });

  it('refuses a missing, repeated or foreign shard, and a bad --shard, with exit 2', () => {
    shardAndMerge(3, ['--rules', ENGINE_RULES]);
    const missing = runCli(['merge', 'shards/3-1.json', 'shards/3-3.json'], app);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('shard 2/3 is missing');
    const twice = runCli(['merge', 'shards/3-1.json', 'shards/3-1.json', 'shards/3-2.json', 'shards/3-3.json'], app);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toContain('shard 1/3 is given twice');
    shardAndMerge(2, ['--rules', ENGINE_RULES]);
    const mixed = runCli(['merge', 'shards/3-1.json', 'shards/2-2.json'], app);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain('is shard 2/2, but shards/3-1.json is one of 3');

    writeFileSync(join(app, 'shards/whole.json'), runCli(['scan', '--rules', ENGINE_RULES, '--format', 'json'], app).stdout);
    const whole = runCli(['merge', 'shards/whole.json'], app);
    expect(whole.code).toBe(2);
    expect(whole.stderr).toContain('shards/whole.json is the report of a whole scan, not of a shard');
    writeFileSync(join(app, 'shards/garbage.json'), '{ nope');
    expect(runCli(['merge', 'shards/garbage.json'], app).stderr).toContain('shards/garbage.json is not JSON');
    expect(runCli(['merge', 'shards/none.json'], app).stderr).toContain('cannot read shards/none.json (ENOENT)');

    for (const bad of ['0/2', '3/2', '1/0', 'x', '1/2/3']) {
      const run = runCli(['scan', '--shard', bad], app);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`--shard takes K/N with 1 ≤ K ≤ N ≤ 1000, got '${bad}'`);
    }
    const both = runCli(['scan', '--shard', '1/2', '--changed-since', 'main'], app);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--shard and --changed-since cannot be combined');
  });
});
