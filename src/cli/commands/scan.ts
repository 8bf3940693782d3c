// privlint scan [paths...]: find collection, check it, report it, and exit 0 (clean), 1 (errors) or 2 (usage).
import { Command, Option } from 'commander';
import { lintProject } from '../../engine.js';
import { UsageError } from '../../errors.js';
import { formatJson } from '../../report/json.js';
import { formatSarif } from '../../report/sarif.js';
import { readBaseline } from '../../baseline/baseline.js';
import { formatStylish } from '../../report/stylish.js';
import { summarize } from '../../report/summary.js';
import { dirnameOf, resolveFrom, toReportPath } from '../../util/path.js';
import { loadCatalogue } from '../../catalogue/load.js';
import { extractPolicy } from '../../policy/extract.js';
import { inventoryFromPolicy } from '../../policy/to-inventory.js';
import { readPolicyFile } from './policy.js';
import { positiveInteger, readPackageVersion, writeOutput } from '../io.js';

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
    .option('-j, --workers <n>', 'worker threads (default: one per core)', positiveInteger('--workers'))
    .option('--max-file-size <kb>', 'skip files larger than this many KiB (default 4096)', positiveInteger('--max-file-size'))
    .option('--include-minified', 'scan minified bundles instead of skipping them', false)
    .addOption(new Option('--no-prefilter', 'parse every file, even those that mention no catalogued API (slower; for checking)').hideHelp())
    .option('--no-color', 'plain output')
    .addOption(new Option('--rules <dir>', 'use another catalogue folder (for tests and catalogue development)').hideHelp())
    .action(async (paths: string[], flags: ScanFlags) => {
      const cwd = process.cwd();
      // Read before scanning: a broken baseline is a usage error, reported before any work is done.
      const baseline = flags.baseline ? readBaseline(cwd, flags.baseline) : undefined;
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
      });
      const baselineReport = baseline ? { file: baseline.file, fixed: result.fixed ?? [] } : undefined;
      const inventoryPath = result.inventory?.file ? toReportPath(cwd, result.inventory.file) : null;
      const summary = summarize(result.findings, result.scan.errors, result.scan.stats, inventoryPath, countFixed(result.fixed));
      let text: string;
      switch (flags.format) {
        case 'json':
          text = formatJson(result.findings, result.scan.errors, summary, baselineReport ? { fixed: baselineReport.fixed } : {});
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

/** `--policy FILE`: the policy text, extracted on the fly, stands in for the inventory. */
function policyInventory(cwd: string, file: string) {
  const { bytes, name } = readPolicyFile(cwd, file);
  const absolute = resolveFrom(cwd, file);
  return inventoryFromPolicy(extractPolicy(bytes, name), absolute, dirnameOf(absolute));
}

function countFixed(fixed: { count?: number }[] | undefined): number {
  return (fixed ?? []).reduce((total, entry) => total + (entry.count ?? 1), 0);
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
