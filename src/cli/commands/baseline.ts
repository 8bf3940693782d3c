// privlint baseline [paths...]: record today's findings so that `scan --baseline` fails only on new ones.
import { existsSync } from 'node:fs';
import { readUserTextFile } from '../../util/regular-file.js';
import { Command, Option } from 'commander';
import { createBaseline, DEFAULT_BASELINE_FILE, formatBaseline, parseBaseline, type Baseline } from '../../baseline/baseline.js';
import { loadCatalogue } from '../../catalogue/load.js';
import { lintProject } from '../../engine.js';
import { UsageError } from '../../errors.js';
import { resolveFrom, toReportPath } from '../../util/path.js';
import { positiveInteger, resolveOutputPath, writeOutput } from '../io.js';
import { policyInventory } from '../policy-inventory.js';

interface BaselineFlags {
  output: string;
  inventory?: string;
  policy?: string;
  ignore: string[];
  gitignore: boolean;
  workers?: number;
  maxFileSize?: number;
  includeMinified: boolean;
  rules?: string;
}

export function registerBaselineCommand(program: Command): void {
  program
    .command('baseline')
    .description('record the current findings in a baseline file, so that scan --baseline fails only on new ones')
    .argument('[paths...]', 'files, folders or globs (default: the working directory)')
    .option('-o, --output <file>', 'the baseline file (inside the working directory)', DEFAULT_BASELINE_FILE)
    .option('--policy <file>', 'check against a published privacy policy (text, Markdown or HTML) instead of an inventory')
    .option('-i, --inventory <file>', 'privacy inventory to check against (default: privacy-inventory.yaml found walking up)')
    .option('--ignore <glob>', 'ignore files matching a glob (repeatable)', (value: string, previous: string[]) => [...previous, value], [])
    .option('--no-gitignore', 'do not honour .gitignore files')
    .option('-j, --workers <n>', 'worker threads (default: one per core)', positiveInteger('--workers'))
    .option('--max-file-size <kb>', 'skip files larger than this many KiB (default 4096)', positiveInteger('--max-file-size'))
    .option('--include-minified', 'scan minified bundles instead of skipping them', false)
    .addOption(new Option('--rules <dir>', 'use another catalogue folder (for tests and catalogue development)').hideHelp())
    .action(async (paths: string[], flags: BaselineFlags) => {
      const cwd = process.cwd();
      const target = resolveOutputPath(cwd, flags.output);
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
        inventoryFile: flags.inventory,
        ...(flags.policy ? { inventory: policyInventory(cwd, flags.policy) } : {}),
        ...(flags.rules ? { catalogue: loadCatalogue(resolveFrom(cwd, flags.rules)) } : {}),
      });
      const baseline = createBaseline(result.findings, result.fingerprints, previousBaseline(target));
      writeOutput(cwd, flags.output, formatBaseline(baseline));
      const findings = baseline.entries.reduce((total, entry) => total + (entry.count ?? 1), 0);
      const suppressed = result.findings.filter((finding) => finding.suppressed).length;
      process.stdout.write(
        `wrote ${toReportPath(cwd, target)}: ${findings} ${findings === 1 ? 'finding' : 'findings'} accepted` +
          (suppressed > 0 ? ` (${suppressed} suppressed in source, not listed)` : '') +
          `. Commit it; privlint scan --baseline ${toReportPath(cwd, target)} now fails only on new findings.\n`,
      );
    });
}

/** Hand-written reasons survive regenerating the baseline; an unreadable old file is simply replaced. */
function previousBaseline(file: string): Baseline | undefined {
  if (!existsSync(file)) return undefined;
  try {
    return parseBaseline(readUserTextFile(file, file, 'baseline file', 256 * 1024 * 1024), file);
  } catch (error) {
    if (error instanceof UsageError) return undefined;
    throw error;
  }
}
