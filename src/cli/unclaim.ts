import type { Command } from 'commander';
import { formatIssueRef, parseIssueRef } from '../core/refs.js';
import type { CliContext } from './context.js';

interface UnclaimOptions {
  reason?: string;
  forget?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('unclaim')
    .description('drop a claim (kept as "dropped" for the report), or --forget it entirely')
    .argument('<ref>', 'owner/repo#N or an issue URL')
    .option('--reason <text>', 'why you dropped it (shown in the report)')
    .option('--forget', 'remove the claim and its history instead of marking it dropped')
    .addHelpText(
      'after',
      `
Examples:
  $ oss-scout unclaim vllm-project/vllm#12345 --reason "needs a multi-GPU machine"
  $ oss-scout unclaim https://github.com/pytorch/pytorch/issues/42 --forget

Works offline: only the local state file changes.`,
    )
    .action(async (refArg: string, opts: UnclaimOptions) => {
      // The state store pulls in zod and the lock library: only load it when the command runs.
      const { findClaim, notClaimed, sameIssue, stateStoreFor } = await import('../state/claims.js');
      const ref = parseIssueRef(refArg);
      const at = ctx.now().toISOString();
      let message = '';
      await stateStoreFor(ctx.env).update((s) => {
        const claim = findClaim(s, ref);
        if (!claim) throw notClaimed(ref);
        const name = formatIssueRef(claim.repo, claim.number);
        if (opts.forget) {
          message = `forgot ${name}`;
          return { ...s, claims: s.claims.filter((c) => !sameIssue(c, ref.repo, ref.number)) };
        }
        if (claim.status === 'dropped') {
          message = `${name} is already dropped; nothing changed`;
          return s;
        }
        claim.status = 'dropped';
        claim.droppedReason = opts.reason ?? null;
        claim.statusHistory.push({ status: 'dropped', at, detail: opts.reason ?? 'dropped' });
        message = `dropped ${name}`;
        return s;
      });
      ctx.stdout.write(`${message}\n`);
    });
}
