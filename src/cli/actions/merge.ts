// What `privlint merge` does (loaded only when it runs); its options are declared in ../commands/merge.ts.
import { loadCatalogue } from '../../catalogue/load.js';
import { UsageError } from '../../errors.js';
import { formatJson } from '../../report/json.js';
import { mergeShardReports } from '../../report/merge.js';
import { formatSarif } from '../../report/sarif.js';
import { resolveFrom } from '../../util/path.js';
import { readUserTextFile } from '../../util/regular-file.js';
import type { MergeFlags } from '../commands/merge.js';
import { readPackageVersion, resolveOutputPath, writeOutput } from '../io.js';

export function runMerge(reports: string[], flags: MergeFlags, setExitCode: (code: number) => void): void {
  const cwd = process.cwd();
  if (flags.output) resolveOutputPath(cwd, flags.output); // a bad --output is refused before any work
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
