// What `privlint scan` does (loaded only when it runs); its options are declared in ../commands/scan.ts.
import { lintProject } from '../../engine.js';
import { UsageError } from '../../errors.js';
import { readBaseline } from '../../baseline/baseline.js';
import { summarize } from '../../report/summary.js';
import { toReportPath } from '../../util/path.js';
import { readPackageVersion, resolveOutputPath, writeOutput } from '../io.js';
import { buildIdOf, openScanCache } from '../../scan/cache.js';
import { lintOptionsFrom } from './lint-options.js';
import { changedSelector } from '../../scan/changed.js';
import { ShardSelection } from '../../scan/shard.js';
import { createProgress } from '../progress.js';
import type { ScanFlags } from '../commands/scan.js';

export async function runScan(paths: string[], flags: ScanFlags, setExitCode: (code: number) => void): Promise<void> {
  const cwd = process.cwd();
  // Checked before scanning: a bad --output or a broken baseline is a usage error, reported before any work is done.
  if (flags.output) resolveOutputPath(cwd, flags.output);
  const baseline = flags.baseline ? readBaseline(cwd, flags.baseline) : undefined;
  if (flags.shard && flags.changedSince) {
    throw new UsageError('usage/shard-changed', '--shard and --changed-since cannot be combined', { hint: 'shard a whole-project scan; --changed-since is for one job' });
  }
  const shard = flags.shard ? new ShardSelection(cwd, flags.shard) : undefined;
  const select = flags.changedSince !== undefined ? changedSelector(cwd, flags.changedSince, flags.policy ?? flags.inventory, paths) : shard?.select;
  const note = (message: string) => process.stderr.write(`privlint: note: ${message}\n`);
  const cache = flags.cache || flags.cacheLocation ? openScanCache(cwd, flags.cacheLocation, { privlintVersion: buildIdOf(readPackageVersion()), onNote: note }) : undefined;
  const progress = createProgress({ stream: process.stderr, env: process.env, enabled: flags.format === 'stylish' });
  const result = await lintProject({
    ...(await lintOptionsFrom(cwd, paths, flags)),
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
  // Each format's code is loaded only when it is asked for.
  let text: string;
  switch (flags.format) {
    case 'json': {
      const { formatJson } = await import('../../report/json.js');
      // A shard's report carries what privlint merge needs to rebuild the whole project's.
      const merge = shard ? await import('../../report/merge.js') : undefined;
      text = formatJson(
        result.findings,
        result.scan.errors,
        shard && merge ? merge.withShardRecord(summary, merge.shardRecord(shard.summary(result.scan), result, { privlint: readPackageVersion(), ...(baseline ? { baseline: baseline.file } : {}) })) : summary,
        baselineReport ? { fixed: baselineReport.fixed } : {},
      );
      break;
    }
    case 'sarif': {
      const { formatSarif } = await import('../../report/sarif.js');
      text = formatSarif(result.findings, result.scan.errors, summary, {
        version: readPackageVersion(),
        catalogue: result.scan.catalogue,
        fingerprints: result.fingerprints,
        detections: result.scan.detections,
        ...(baselineReport ? { baseline: baselineReport } : {}),
      });
      break;
    }
    case 'stylish': {
      const { formatStylish } = await import('../../report/stylish.js');
      text = formatStylish(result.findings, result.scan.errors, summary, {
        color: flags.color !== false && !flags.output && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
        notes: result.notes,
        ...(baselineReport ? { baseline: baselineReport } : {}),
      });
      break;
    }
    default:
      throw new UsageError('usage/format', `unknown format ${String(flags.format)}`);
  }
  writeOutput(cwd, flags.output, text);
  setExitCode(summary.errors > 0 ? 1 : 0);
}

function countFixed(fixed: { count?: number }[] | undefined): number {
  return (fixed ?? []).reduce((total, entry) => total + (entry.count ?? 1), 0);
}
