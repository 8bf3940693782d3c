// privlint scan [paths...]: find collection, check it, report it, and exit 0 (clean), 1 (errors) or 2 (usage).
import { Command, Option } from 'commander';
import { lintProject } from '../../engine.js';
import { UsageError } from '../../errors.js';
import { formatJson } from '../../report/json.js';
import { formatSarif } from '../../report/sarif.js';
import { readBaseline } from '../../baseline/baseline.js';
import { formatStylish } from '../../report/stylish.js';
import { summarize } from '../../report/summary.js';
import { resolveFrom, toReportPath } from '../../util/path.js';
import { loadCatalogue } from '../../catalogue/load.js';
import { policyInventory } from '../policy-inventory.js';
import { positiveInteger, readPackageVersion, writeOutput } from '../io.js';
import { openScanCache } from '../../scan/cache.js';
import { changedSelector } from '../../scan/changed.js';
import { parseShard, ShardSelection, type ShardSpec } from '../../scan/shard.js';
import { shardRecord, withShardRecord } from '../../report/merge.js';
import { createProgress } from '../progress.js';

export const SCAN_FORMATS = ['stylish', 'json', 'sarif'] as const;

interface ScanFlags {
  format: (typeof SCAN_FORMATS)[number];
  output?: string;
  inventory?: string;
  policy?: string;
  baseline?: string;
  ignore: string[];
  gitignore: boolean;
  workers?: number;
  maxFileSize?: number;
  includeMinified: boolean;
  prefilter: boolean;
  color?: boolean;
  rules?: string;
  changedSince?: string;
  shard?: ShardSpec;
  cache: boolean;
  cacheLocation?: string;
}

export function registerScanCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('scan')
    .description('scan source files for collection of personal data and check it against the privacy inventory')
    .argument('[paths...]', 'files, folders or globs (default: the working directory)')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...SCAN_FORMATS]).default('stylish'))
    .option('-o, --output <file>', 'write the report to a file (inside the working directory) instead of stdout')
    .option('--policy <file>', 'check against a published privacy policy (text, Markdown or HTML) instead of an inventory')
    .option('-i, --inventory <file>', 'privacy inventory to check against (default: privacy-inventory.yaml found walking up)')
    .option('--baseline <file>', 'accept the findings listed in this baseline (privlint baseline): only new ones fail the run')
    .option('--ignore <glob>', 'ignore files matching a glob (repeatable)', collect, [])
    .option('--no-gitignore', 'do not honour .gitignore files')
    .option('-j, --workers <n>', 'threads that analyse files, this one included (default: one per core)', positiveInteger('--workers'))
    .option('--max-file-size <kb>', 'skip files larger than this many KiB (default 4096)', positiveInteger('--max-file-size'))
    .option('--include-minified', 'scan minified bundles instead of skipping them', false)
    .addOption(new Option('--no-prefilter', 'parse every file, even those that mention no catalogued API (slower; for checking)').hideHelp())
    .option('--changed-since <ref>', 'scan only the files changed since a git ref, and those whose findings the changes can affect')
    .option('--shard <k/n>', 'scan part K of N of the files (a CI matrix job); combine the JSON reports with privlint merge', parseShard)
    .option('--cache', 'reuse the results of unchanged files from the previous run', false)
    .option('--cache-location <path>', 'cache file or folder (implies --cache; default node_modules/.cache/privlint/)')
    .option('--no-color', 'plain output')
    .addOption(new Option('--rules <dir>', 'use another catalogue folder (for tests and catalogue development)').hideHelp())
    .action(async (paths: string[], flags: ScanFlags) => {
      const cwd = process.cwd();
      // Read before scanning: a broken baseline is a usage error, reported before any work is done.
      const baseline = flags.baseline ? readBaseline(cwd, flags.baseline) : undefined;
      if (flags.shard && flags.changedSince) {
        throw new UsageError('usage/shard-changed', '--shard and --changed-since cannot be combined', { hint: 'shard a whole-project scan; --changed-since is for one job' });
      }
      const shard = flags.shard ? new ShardSelection(cwd, flags.shard) : undefined;
      const select = flags.changedSince !== undefined ? changedSelector(cwd, flags.changedSince, flags.policy ?? flags.inventory, paths) : shard?.select;
      const note = (message: string) => process.stderr.write(`privlint: note: ${message}\n`);
      const cache = flags.cache || flags.cacheLocation ? openScanCache(cwd, flags.cacheLocation, { privlintVersion: readPackageVersion(), onNote: note }) : undefined;
      const progress = createProgress({ stream: process.stderr, env: process.env, enabled: flags.format === 'stylish' });
      const result = await lintProject({
        cwd,
        patterns: paths,
        ignore: flags.ignore,
        gitignore: flags.gitignore,
        workers: flags.workers,
        limits: {
          ...(flags.maxFileSize ? { maxFileSize: flags.maxFileSize * 1024 } : {}),
          includeMinified: flags.includeMinified,
        },
        prefilter: flags.prefilter,
        inventoryFile: flags.inventory,
        ...(flags.policy ? { inventory: policyInventory(cwd, flags.policy) } : {}),
        ...(flags.rules ? { catalogue: loadCatalogue(resolveFrom(cwd, flags.rules)) } : {}),
        ...(baseline ? { baseline } : {}),
        ...(select ? { select } : {}),
        ...(cache ? { cache } : {}),
        ...(progress ? { onProgress: progress.update } : {}),
      }).finally(() => progress?.finish());
      // Whether a declaration is used is a whole-project question a partial scan cannot answer.
      if (flags.changedSince !== undefined) result.findings = result.findings.filter((finding) => finding.ruleId !== 'unused-declaration');
      const baselineReport = baseline ? { file: baseline.file, fixed: result.fixed ?? [] } : undefined;
      const inventoryPath = result.inventory?.file ? toReportPath(cwd, result.inventory.file) : null;
      const summary = summarize(result.findings, result.scan.errors, result.scan.stats, inventoryPath, countFixed(result.fixed));
      let text: string;
      switch (flags.format) {
        case 'json':
          text = formatJson(
            result.findings,
            result.scan.errors,
            // A shard's report carries what privlint merge needs to rebuild the whole project's.
            shard ? withShardRecord(summary, shardRecord(shard.summary(result.scan), result, { privlint: readPackageVersion(), ...(baseline ? { baseline: baseline.file } : {}) })) : summary,
            baselineReport ? { fixed: baselineReport.fixed } : {},
          );
          break;
        case 'sarif':
          text = formatSarif(result.findings, result.scan.errors, summary, {
            version: readPackageVersion(),
            catalogue: result.scan.catalogue,
            fingerprints: result.fingerprints,
            detections: result.scan.detections,
            ...(baselineReport ? { baseline: baselineReport } : {}),
          });
          break;
        case 'stylish':
          text = formatStylish(result.findings, result.scan.errors, summary, {
            color: flags.color !== false && !flags.output && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
            notes: result.notes,
            ...(baselineReport ? { baseline: baselineReport } : {}),
          });
          break;
        default:
          throw new UsageError('usage/format', `unknown format ${String(flags.format)}`);
      }
      writeOutput(cwd, flags.output, text);
      setExitCode(summary.errors > 0 ? 1 : 0);
    });
}

function countFixed(fixed: { count?: number }[] | undefined): number {
  return (fixed ?? []).reduce((total, entry) => total + (entry.count ?? 1), 0);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
