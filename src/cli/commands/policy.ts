// privlint policy extract <file>: draft the privacy inventory from a published privacy policy.
// (`policy check` is added to the same `policy` command elsewhere; registration order does not matter.)
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { resolveFrom, toReportPath } from '../../util/path.js';
import { readRegularFile } from '../../util/regular-file.js';

/** Larger than any real policy page; a bigger file is not a policy. */
export const MAX_POLICY_BYTES = 20 * 1024 * 1024;

export interface ExtractFlags {
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
    .action(async (file: string, flags: ExtractFlags) => (await import('../actions/policy-extract.js')).runPolicyExtract(file, flags));
}
