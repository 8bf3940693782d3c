// privlint policy extract <file>: draft the privacy inventory from a published privacy policy.
// (`policy check` is added to the same `policy` command elsewhere; registration order does not matter.)
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { extractPolicy } from '../../policy/extract.js';
import { renderDraft, type DraftFormat } from '../../policy/draft.js';
import { dirnameOf, joinPath, relativePath, resolveFrom, toPosix, toReportPath } from '../../util/path.js';
import { writeOutput, resolveOutputPath } from '../io.js';
import { readRegularFile } from '../../util/regular-file.js';

/** Larger than any real policy page; a bigger file is not a policy. */
export const MAX_POLICY_BYTES = 20 * 1024 * 1024;

interface ExtractFlags {
  format: string;
  output?: string;
}

/** The `policy` command, created once whichever of its subcommands registers first. */
export function policyCommand(program: Command): Command {
  return (
    program.commands.find((command) => command.name() === 'policy') ??
    program.command('policy').description('read a published privacy policy: draft the inventory from it, or check an inventory against it')
  );
}

export function readPolicyFile(cwd: string, file: string): { bytes: Uint8Array; name: string } {
  const path = resolveFrom(cwd, file);
  const name = toReportPath(cwd, path);
  if (!existsSync(path)) throw new UsageError('policy/not-found', `policy file not found: ${name}`, { hint: 'give the path of the policy saved as .txt, .md or .html' });
  let read;
  try {
    read = readRegularFile(path, MAX_POLICY_BYTES);
  } catch (error) {
    throw new UsageError('policy/read-error', `cannot read ${name} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (read.ok) return { bytes: new Uint8Array(read.bytes), name };
  if (read.reason === 'too-large') {
    throw new UsageError('policy/too-large', `${name} is ${Math.round(read.size / 1024 / 1024)} MB; a privacy policy is far smaller`, { file: name });
  }
  if (read.type === 'directory') throw new UsageError('policy/not-a-file', `${name} is a folder, not a policy file`);
  throw new UsageError('policy/not-a-file', `${name} is a ${read.type}, not a policy file`);
}

export function registerPolicyCommand(program: Command): void {
  policyCommand(program)
    .command('extract')
    .description('draft privacy-inventory.yaml from a published privacy policy (text, Markdown or HTML; Chinese or English)')
    .argument('<file>', 'the policy: .txt, .md or .html, in UTF-8, UTF-16 or GBK/GB18030')
    .option('--format <format>', 'yaml or json', 'yaml')
    .option('-o, --output <file>', 'write the draft to this file instead of standard output')
    .action((file: string, flags: ExtractFlags) => {
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
    });
}
