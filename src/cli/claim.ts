// `oss-scout claim`: check the issue on GitHub, warn when it looks taken, record it, maybe comment.
import type { Command } from 'commander';
import { OssScoutError, isOssScoutError } from '../errors.js';
import { formatIssueRef, parseIssueRef, type IssueRef } from '../core/refs.js';
import { sanitizeLine } from '../render/sanitize.js';
import { recordClaim, type ClaimOutcome } from '../state/claim-changes.js';
import type { CliContext, GlobalOptions, InputStream } from '../context.js';
import { readGlobalOptions } from './global-options.js';
import { DEFAULT_CLAIM_WINDOW_DAYS } from '../search/options.js';
import { findClaim, stateStoreFor } from '../state/claims.js';

export interface ClaimOptions {
  note?: string;
  comment?: boolean;
  yes?: boolean;
}

/** The test hook (as search's runF): receives the parsed reference and options instead of claiming. */
export type ClaimRunner = (ref: IssueRef, opts: ClaimOptions, globals: GlobalOptions, ctx: CliContext) => Promise<void>;

/** y/N on stderr; Ctrl-C is an interruption (exit 130), like everywhere else. */
async function confirm(stdin: InputStream, ctx: CliContext, question: string): Promise<boolean> {
  const [{ createInterface }, { Writable }] = await Promise.all([import('node:readline/promises'), import('node:stream')]);
  // The prompt goes through ctx.stderr (redacted, and what tests see), as a stream readline can use.
  const output = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      ctx.stderr.write(String(chunk));
      done();
    },
  });
  const rl = createInterface({ input: stdin, output, terminal: true });
  try {
    const interrupted = new Promise<never>((_, reject) =>
      rl.once('SIGINT', () => {
        // The answer line is left open: end it, so the error is a line of its own.
        ctx.stderr.write('\n');
        reject(new OssScoutError('interrupted', 'interrupted at the prompt; the claim is recorded, no comment was posted', { hint: 'post it later with `oss-scout claim <ref> --comment`' }));
      }),
    );
    const answer = await Promise.race([rl.question(question), interrupted]);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

export async function runClaim(ref: IssueRef, opts: ClaimOptions, globals: GlobalOptions, ctx: CliContext): Promise<void> {
  // GitHub loads only when the command runs.
  const [gh, { connectFromContext }, progressMod] = await Promise.all([
    import('../github/claims.js'),
    import('../github/connect-context.js'),
    import('../render/progress.js'),
  ]);
  const store = stateStoreFor(ctx.env);
  const before = await store.read();
  const existing = findClaim(before, ref);
  const at = ctx.now().toISOString();
  if (existing && existing.status !== 'dropped' && !opts.comment) {
    // Nothing to ask GitHub: add the note, if any, and say so.
    const name = formatIssueRef(existing.repo, existing.number);
    if (!opts.note) {
      ctx.stdout.write(`already claimed ${name} on ${existing.claimedAt.slice(0, 10)} (status: ${existing.status}); nothing changed\n`);
      return;
    }
    await store.update((s) => recordClaim(s, ref, existing, at, opts.note).state);
    ctx.stdout.write(`already claimed ${name} on ${existing.claimedAt.slice(0, 10)}; note added\n`);
    return;
  }

  const progress = await progressMod.startProgress(ctx, { quiet: false });
  let client;
  let issue;
  let comments;
  let pullRequests;
  try {
    progress.status(`checking ${formatIssueRef(ref.repo, ref.number)} on GitHub`);
    client = await connectFromContext(globals, ctx, progressMod.clientHooks(globals, progress));
    issue = await gh.fetchIssueForClaim(client, ref);
    if (issue.isPullRequest) {
      throw new OssScoutError('usage', `${formatIssueRef(issue.repo, issue.number)} is a pull request, not an issue`, { hint: 'claim the issue it fixes instead' });
    }
    [comments, pullRequests] = await Promise.all([gh.fetchRecentComments(client, ref, issue.commentCount), gh.fetchLinkedPullRequests(client, issue)]);
  } finally {
    progress.stop();
  }
  const name = formatIssueRef(issue.repo, issue.number);
  const viewer = before.viewer?.apiUrl === client.apiUrl ? before.viewer.login : undefined;
  const { claimWarnings } = await import('../core/claim-warnings.js');
  const reasons = claimWarnings({ issue, comments, pullRequests, viewer, now: ctx.now(), claimWindowDays: DEFAULT_CLAIM_WINDOW_DAYS });
  for (const reason of reasons) {
    ctx.stderr.write(`warning: ${name} looks taken: ${sanitizeLine(reason)} (claiming anyway)\n`);
  }

  let outcome = 'unchanged' as ClaimOutcome;
  let claimedAt = at;
  await store.update((s) => {
    const r = recordClaim(s, ref, issue, at, opts.note);
    outcome = r.outcome;
    claimedAt = r.claim.claimedAt;
    return r.state;
  });
  if (outcome === 'unchanged' || outcome === 'noted') {
    ctx.stdout.write(`already claimed ${name} on ${claimedAt.slice(0, 10)}${outcome === 'noted' ? '; note added' : '; nothing changed'}\n`);
  } else {
    ctx.stdout.write(`claimed ${name}: ${sanitizeLine(issue.title)}\n`);
  }
  if (globals.verbose || globals.debug) ctx.stderr.write(`${progressMod.formatRequestStats(client.stats)}\n`);

  if (!opts.comment) return;
  ctx.stdout.write(`comment to post on ${name}:\n  ${gh.CLAIM_COMMENT}\n`);
  let post = opts.yes === true;
  if (!post) {
    // Only a terminal can answer; a pipe or a test context never prompts.
    const stdin = ctx.stdin?.isTTY === true ? ctx.stdin : undefined;
    if (!stdin) {
      ctx.stdout.write('not posted: pass --yes to post it\n');
      return;
    }
    post = await confirm(stdin, ctx, 'post it? [y/N] ');
  }
  if (!post) {
    ctx.stdout.write('not posted\n');
    return;
  }
  try {
    const url = await gh.postClaimComment(client, ref);
    ctx.stdout.write(`commented: ${sanitizeLine(url)}\n`);
  } catch (e) {
    if (!isOssScoutError(e)) throw e;
    // The claim is in the state already; say so, and how to post the comment alone.
    throw new OssScoutError(e.kind, `the claim on ${name} is recorded, but the comment was not posted: ${e.message}`, {
      hint: `${e.hint ? `${e.hint}; then ` : ''}retry with \`oss-scout claim ${name} --comment --yes\``,
      ...(e.resetAt ? { resetAt: e.resetAt } : {}),
      cause: e,
    });
  }
}

export function register(program: Command, ctx: CliContext, runF: ClaimRunner = runClaim): void {
  program
    .command('claim')
    .description('record that you are working on an issue (checks it exists on GitHub)')
    .argument('<ref>', 'owner/repo#N or an issue URL')
    .option('--note <text>', 'a note for yourself (added to the claim if it exists already)')
    .option('--comment', `also post "I'd like to work on this" on the issue (the text is shown first)`)
    .option('--yes', 'with --comment: post without asking')
    .addHelpText(
      'after',
      `
Examples:
  $ oss-scout claim vllm-project/vllm#12345
  $ oss-scout claim https://github.com/pytorch/pytorch/issues/42 --note "needs a CUDA box"
  $ oss-scout claim github.com/triton-lang/triton/issues/77 --comment --yes

Claiming an issue you already claimed changes nothing, except that --note is added to it. A warning
is printed when the issue looks taken by someone else; the claim is recorded anyway. A pull request
URL is refused: claim the issue it fixes.`,
    )
    .action(async (refArg: string, opts: ClaimOptions, cmd: Command) => {
      const ref = parseIssueRef(refArg);
      await runF(ref, opts, readGlobalOptions(cmd), ctx);
    });
}
