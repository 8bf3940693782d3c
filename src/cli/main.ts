// The `privlint` command: a thin shell that parses arguments and hands over to the engine.
// The modules in ./commands/ only declare each command and its options; an action imports its implementation
// (./actions/) when it runs, so `--help`, `--version` and each command load no code they do not use.
import { Command, CommanderError } from 'commander';
import { UsageError } from '../errors.js';
import { registerScanCommand } from './commands/scan.js';
import { registerRulesCommand } from './commands/rules.js';
import { registerInitCommand } from './commands/init-command.js';
import { registerPolicyCommand } from './commands/policy.js';
import { registerBaselineCommand } from './commands/baseline.js';
import { registerExplainCommand } from './commands/explain.js';
import { registerPolicyCheckCommand } from './commands/policy-check.js';
import { registerMergeCommand } from './commands/merge.js';
import { readPackageVersion } from './io.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export async function main(argv: string[]): Promise<number> {
  const program = new Command('privlint')
    .description("Find where an app's code collects personal data, and check it against the privacy policy.")
    .version(readPackageVersion(), '-v, --version')
    .showHelpAfterError('(run privlint --help for usage)')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text), writeOut: (text) => process.stdout.write(text) });

  let exitCode = EXIT_OK;
  const setExitCode = (code: number) => {
    exitCode = code;
  };
  registerScanCommand(program, setExitCode);
  registerRulesCommand(program);
  registerInitCommand(program);
  registerPolicyCommand(program);
  registerBaselineCommand(program);
  registerExplainCommand(program);
  registerPolicyCheckCommand(program);
  registerMergeCommand(program, setExitCode);

  try {
    await program.parseAsync(argv, { from: 'user' });
    // Subcommands that only report differences set process.exitCode themselves.
    return Math.max(exitCode, typeof process.exitCode === 'number' ? process.exitCode : 0);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end "with an error" in commander's exitOverride mode.
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE;
    }
    if (error instanceof UsageError) {
      process.stderr.write(`privlint: ${error.format()}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
