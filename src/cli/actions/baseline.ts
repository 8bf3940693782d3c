// What `privlint baseline` does (loaded only when it runs); its options are declared in ../commands/baseline.ts.
import { existsSync } from 'node:fs';
import { createBaseline, formatBaseline, parseBaseline, type Baseline } from '../../baseline/baseline.js';
import { lintProject } from '../../engine.js';
import { UsageError } from '../../errors.js';
import { toReportPath } from '../../util/path.js';
import { readUserTextFile } from '../../util/regular-file.js';
import type { BaselineFlags } from '../commands/baseline.js';
import { resolveOutputPath, writeOutput } from '../io.js';
import { lintOptionsFrom } from './lint-options.js';

export async function runBaseline(paths: string[], flags: BaselineFlags): Promise<void> {
  const cwd = process.cwd();
  const target = resolveOutputPath(cwd, flags.output);
  const result = await lintProject(await lintOptionsFrom(cwd, paths, flags));
  const baseline = createBaseline(result.findings, result.fingerprints, previousBaseline(target));
  writeOutput(cwd, flags.output, formatBaseline(baseline));
  const findings = baseline.entries.reduce((total, entry) => total + (entry.count ?? 1), 0);
  const suppressed = result.findings.filter((finding) => finding.suppressed).length;
  process.stdout.write(
    `wrote ${toReportPath(cwd, target)}: ${findings} ${findings === 1 ? 'finding' : 'findings'} accepted` +
      (suppressed > 0 ? ` (${suppressed} suppressed in source, not listed)` : '') +
      `. Commit it; privlint scan --baseline ${toReportPath(cwd, target)} now fails only on new findings.\n`,
  );
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
