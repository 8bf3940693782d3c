// privlint merge a.json b.json …: combines the JSON reports of `scan --shard K/N` jobs into the report a single
// whole-project scan gives (byte for byte), and exits like scan: 0 clean, 1 errors, 2 usage.
import { readUserTextFile } from '../../util/regular-file.js';
import { Command, Option } from 'commander';
import { loadCatalogue } from '../../catalogue/load.js';
import { UsageError } from '../../errors.js';
import { formatJson } from '../../report/json.js';
import { mergeShardReports } from '../../report/merge.js';
import { formatSarif } from '../../report/sarif.js';
import { resolveFrom } from '../../util/path.js';
import { readPackageVersion, writeOutput } from '../io.js';

export const MERGE_FORMATS = ['json', 'sarif'] as const;

interface MergeFlags {
  format: (typeof MERGE_FORMATS)[number];
  output?: string;
  rules?: string;
}

export function registerMergeCommand(program: Command, setExitCode: (code: number) => void): void {
  program
    .command('merge')
    .description('combine the JSON reports of scan --shard K/N jobs into the report of one whole-project scan')
    .argument('<reports...>', 'the JSON report of every shard (privlint scan --shard K/N --format json)')
    .addOption(new Option('-f, --format <format>', 'output format').choices([...MERGE_FORMATS]).default('json'))
    .option('-o, --output <file>', 'write the report to a file (inside the working directory) instead of stdout')
    .addOption(new Option('--rules <dir>', 'the catalogue folder the shards used with --rules (for SARIF rule help)').hideHelp())
    .action((reports: string[], flags: MergeFlags) => {
      const cwd = process.cwd();
      const merged = mergeShardReports(reports.map((name) => ({ name, text: readReport(cwd, name) })));
      const version = readPackageVersion();
      if (merged.privlint !== version) {
        throw new UsageError('merge/version', `the shards ran privlint ${merged.privlint}, this is privlint ${version}`, {
          hint: 'merge with the privlint version that scanned (e.g. npx privlint@' + merged.privlint + ' merge …)',
        });
      }
      let text: string;
      if (flags.format === 'sarif') {
        const catalogue = loadCatalogue(flags.rules ? resolveFrom(cwd, flags.rules) : undefined);
        if (catalogue.version !== merged.catalogue) {
          throw new UsageError('merge/catalogue', `the shards used catalogue ${merged.catalogue}, but this one is ${catalogue.version}`, {
            hint: 'merge with the catalogue the shards scanned with (the same --rules folder, if they had one)',
          });
        }
        text = formatSarif(merged.findings, merged.errors, merged.summary, {
          version,
          catalogue,
          fingerprints: merged.fingerprints,
          detections: merged.detections,
          ...(merged.baseline !== undefined ? { baseline: { file: merged.baseline, fixed: merged.fixed ?? [] } } : {}),
        });
      } else {
        text = formatJson(merged.findings, merged.errors, merged.summary, merged.fixed ? { fixed: merged.fixed } : {});
      }
      writeOutput(cwd, flags.output, text);
      setExitCode(merged.summary.errors > 0 ? 1 : 0);
    });
}

function readReport(cwd: string, name: string): string {
  try {
    return readUserTextFile(resolveFrom(cwd, name), name, 'JSON report', 1024 * 1024 * 1024);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError('merge/unreadable', `cannot read ${name} (${code ?? String(error)})`, {
      hint: 'pass the JSON report files the shard jobs wrote (scan --shard K/N --format json --output FILE)',
    });
  }
}
