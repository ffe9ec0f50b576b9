// `oss-scout unclaim`: only the local state changes.
import type { Command } from 'commander';
import { parseIssueRef, type IssueRef } from '../core/refs.js';
import type { CliContext } from '../context.js';
import { dropClaim } from '../state/claim-changes.js';
import { stateStoreFor } from '../state/claims.js';

export interface UnclaimOptions {
  reason?: string;
  forget?: boolean;
}

/** The test hook (as search's runF). */
export type UnclaimRunner = (ref: IssueRef, opts: UnclaimOptions, ctx: CliContext) => Promise<void>;

export async function runUnclaim(ref: IssueRef, opts: UnclaimOptions, ctx: CliContext): Promise<void> {
  const at = ctx.now().toISOString();
  let message = '';
  await stateStoreFor(ctx.env).update((s) => {
    const r = dropClaim(s, ref, at, { reason: opts.reason, forget: opts.forget === true });
    message = r.message;
    return r.state;
  });
  ctx.stdout.write(`${message}\n`);
}

export function register(program: Command, ctx: CliContext, runF: UnclaimRunner = runUnclaim): void {
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
      await runF(parseIssueRef(refArg), opts, ctx);
    });
}
