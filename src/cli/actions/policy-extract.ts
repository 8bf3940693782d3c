// What `privlint policy extract` does (loaded only when it runs); its options are declared in ../commands/policy.ts.
import { UsageError } from '../../errors.js';
import { extractPolicy } from '../../policy/extract.js';
import { renderDraft, type DraftFormat } from '../../policy/draft.js';
import { dirnameOf, joinPath, relativePath, toPosix } from '../../util/path.js';
import { readPolicyFile, type ExtractFlags } from '../commands/policy.js';
import { writeOutput, resolveOutputPath } from '../io.js';

export function runPolicyExtract(file: string, flags: ExtractFlags): void {
  const format = flags.format.toLowerCase();
  if (format !== 'yaml' && format !== 'json') {
    throw new UsageError('policy/bad-format', `--format takes yaml or json, got '${flags.format}'`);
  }
  const cwd = process.cwd();
  const outputDir = flags.output ? dirnameOf(resolveOutputPath(cwd, flags.output)) : cwd;
  const { bytes, name } = readPolicyFile(cwd, file);
  const extraction = extractPolicy(bytes, name);
  const schemaRef = toPosix(relativePath(outputDir, joinPath(cwd, 'node_modules', 'privlint', 'schema', 'privacy-inventory.schema.json')));
  const text = renderDraft(extraction, { format: format as DraftFormat, schemaRef, source: name });
  writeOutput(cwd, flags.output, text);
  if (format === 'json') for (const warning of extraction.warnings) process.stderr.write(`privlint: warning: ${warning}\n`);
  if (flags.output) {
    const count = Object.keys(extraction.byCategory).length;
    process.stderr.write(
      `wrote ${flags.output}: ${count} ${count === 1 ? 'category' : 'categories'} in ${extraction.disclosures.length} disclosures, ${extraction.notCollected.length} not collected. Review it, then run privlint scan.\n`,
    );
  }
}
