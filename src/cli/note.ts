import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { formatIssueRef, parseIssueRef } from '../core/refs.js';
import type { CliContext } from './context.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('note')
    .description('add a dated note to a claim')
    .argument('<ref>', 'owner/repo#N or an issue URL')
    .argument('<text...>', 'the note (quote it, or give several words)')
    .addHelpText(
      'after',
      `
Examples:
  $ oss-scout note vllm-project/vllm#12345 "asked on Slack about the test setup"
  $ oss-scout note https://github.com/pytorch/pytorch/issues/42 repro needs torch nightly

Works offline: only the local state file changes.`,
    )
    .action(async (refArg: string, words: string[]) => {
      // The state store pulls in zod and the lock library: only load it when the command runs.
      const { findClaim, notClaimed, stateStoreFor } = await import('../state/claims.js');
      const ref = parseIssueRef(refArg);
      const text = words.join(' ').trim();
      if (text === '') throw usageError('the note is empty');
      const at = ctx.now().toISOString();
      let name = '';
      await stateStoreFor(ctx.env).update((s) => {
        const claim = findClaim(s, ref);
        if (!claim) throw notClaimed(ref);
        name = formatIssueRef(claim.repo, claim.number);
        claim.notes.push({ at, text });
        return s;
      });
      ctx.stdout.write(`noted on ${name}\n`);
    });
}
