// `oss-scout note`: only the local state changes.
import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { formatIssueRef, parseIssueRef, type IssueRef } from '../core/refs.js';
import type { CliContext } from '../context.js';
import { addNote } from '../state/claim-changes.js';
import { stateStoreFor } from '../state/claims.js';

/** The test hook (as search's runF). */
export type NoteRunner = (ref: IssueRef, text: string, ctx: CliContext) => Promise<void>;

export async function runNote(ref: IssueRef, text: string, ctx: CliContext): Promise<void> {
  const at = ctx.now().toISOString();
  let name = '';
  await stateStoreFor(ctx.env).update((s) => {
    const r = addNote(s, ref, at, text);
    name = formatIssueRef(r.claim.repo, r.claim.number);
    return r.state;
  });
  ctx.stdout.write(`noted on ${name}\n`);
}

export function register(program: Command, ctx: CliContext, runF: NoteRunner = runNote): void {
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
      const ref = parseIssueRef(refArg);
      const text = words.join(' ').trim();
      if (text === '') throw usageError('the note is empty', 'give the text after the reference, e.g. oss-scout note owner/repo#1 "asked about tests"');
      await runF(ref, text, ctx);
    });
}
