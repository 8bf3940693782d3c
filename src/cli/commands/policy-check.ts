// privlint policy check <policy> [--inventory F]: the differences between the published policy and the inventory.
import { Command, Option } from 'commander';
import { policyCommand } from './policy.js';

export interface CheckFlags {
  inventory?: string;
  format: 'text' | 'json';
}

export function registerPolicyCheckCommand(program: Command): void {
  policyCommand(program)
    .command('check')
    .description('list the differences between a published privacy policy and privacy-inventory.yaml, both ways')
    .argument('<policy>', 'the policy: .txt, .md or .html')
    .option('-i, --inventory <file>', 'the inventory (default: privacy-inventory.yaml found walking up from the working directory)')
    .addOption(new Option('-f, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .action(async (file: string, flags: CheckFlags) => (await import('../actions/policy-check.js')).runPolicyCheck(file, flags));
}
