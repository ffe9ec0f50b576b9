import type { Command } from 'commander';
import { usageError } from '../errors.js';
import { formatIssueRef, parseIssueRef } from '../core/refs.js';
import { sanitizeLine } from '../render/sanitize.js';
import type { Claim } from '../state/schema.js';
import type { IssueComment, IssueRecord } from '../core/types.js';
import type { IssueForClaim } from '../github/claims.js';
import type { CliContext } from './context.js';
import { readGlobalOptions } from './global-options.js';

interface ClaimOptions {
  note?: string;
  comment?: boolean;
  yes?: boolean;
}

type Stdin = NodeJS.ReadableStream & { isTTY?: boolean };

/** Only a real terminal can answer; a test context (fake stdout) never prompts. */
function interactiveStdin(ctx: CliContext): Stdin | undefined {
  const given = (ctx as CliContext & { stdin?: Stdin }).stdin;
  if (given) return given.isTTY ? given : undefined;
  return ctx.stdout === process.stdout && process.stdin.isTTY ? process.stdin : undefined;
}

async function confirm(stdin: Stdin, question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: stdin, output: process.stderr });
  try {
    const answer = await rl.question(question);
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** Assignees and claim comments, via the search's taken rules (REST sees no linked PRs). */
async function takenReasons(issue: IssueForClaim, comments: IssueComment[], viewer: string | undefined, now: Date): Promise<string[]> {
  const [{ detectTaken }, { DEFAULT_CLAIM_WINDOW_DAYS }] = await Promise.all([import('../core/taken.js'), import('../search/options.js')]);
  const record: IssueRecord = {
    repo: issue.repo,
    number: issue.number,
    title: issue.title,
    url: issue.url,
    body: issue.body,
    author: issue.author ?? 'ghost',
    labels: issue.labels,
    state: issue.state === 'closed' ? 'CLOSED' : 'OPEN',
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    commentCount: issue.commentCount,
    assignees: issue.assignees,
    pullRequests: [],
    comments,
    signalsComplete: false,
  };
  const verdict = detectTaken(record, { now, claimWindowDays: DEFAULT_CLAIM_WINDOW_DAYS, ...(viewer ? { viewer } : {}) });
  const reasons = verdict.taken ? [...verdict.reasons] : [];
  if (issue.state === 'closed') reasons.unshift('the issue is closed');
  return reasons;
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('claim')
    .description('record that you are working on an issue (checks it exists on GitHub)')
    .argument('<ref>', 'owner/repo#N or an issue URL')
    .option('--note <text>', 'a first note for yourself')
    .option('--comment', `also post "I'd like to work on this" on the issue (the text is shown first)`)
    .option('--yes', 'with --comment: post without asking')
    .addHelpText(
      'after',
      `
Examples:
  $ oss-scout claim vllm-project/vllm#12345
  $ oss-scout claim https://github.com/pytorch/pytorch/issues/42 --note "needs a CUDA box"
  $ oss-scout claim triton-lang/triton#77 --comment --yes

Claiming an issue you already claimed changes nothing. A warning is printed when the issue looks
taken by someone else; the claim is recorded anyway.`,
    )
    .action(async (refArg: string, opts: ClaimOptions, cmd: Command) => {
      // The state store pulls in zod and the lock library: only load it when the command runs.
      const { findClaim, sameIssue, stateStoreFor } = await import('../state/claims.js');
      const ref = parseIssueRef(refArg);
      const globals = readGlobalOptions(cmd);
      const store = stateStoreFor(ctx.env);
      const before = await store.read();
      const existing = findClaim(before, ref);
      if (existing && existing.status !== 'dropped') {
        ctx.stdout.write(`already claimed ${formatIssueRef(existing.repo, existing.number)} on ${existing.claimedAt.slice(0, 10)} (status: ${existing.status}); nothing changed\n`);
        return;
      }

      const gh = await import('../github/claims.js');
      const client = await gh.connectGitHub(globals, ctx);
      const issue = await gh.fetchIssueForClaim(client, ref);
      const name = formatIssueRef(issue.repo, issue.number);
      if (issue.isPullRequest) throw usageError(`${name} is a pull request, not an issue`, 'claim the issue it fixes instead');

      const viewer = before.viewer?.apiUrl === client.apiUrl ? before.viewer.login : undefined;
      const comments = await gh.fetchRecentComments(client, ref, issue.commentCount);
      for (const reason of await takenReasons(issue, comments, viewer, ctx.now())) {
        ctx.stderr.write(`warning: ${name} looks taken: ${sanitizeLine(reason)} (claiming anyway)\n`);
      }

      const at = ctx.now().toISOString();
      const notes = opts.note ? [{ at, text: opts.note }] : [];
      let raced: Claim | undefined;
      await store.update((s) => {
        const current = s.claims.find((c) => sameIssue(c, issue.repo, issue.number) || sameIssue(c, ref.repo, ref.number));
        if (current && current.status !== 'dropped') {
          raced = current;
          return s;
        }
        const fields = { title: issue.title, url: issue.url, labels: issue.labels };
        if (current) {
          // Claiming a dropped issue again picks it back up, keeping its history and notes.
          Object.assign(current, fields, {
            status: 'claimed',
            droppedReason: null,
            statusHistory: [...current.statusHistory, { status: 'claimed', at, detail: 'claimed again' }],
            notes: [...current.notes, ...notes],
          });
          return s;
        }
        s.claims.push({
          repo: issue.repo,
          number: issue.number,
          ...fields,
          claimedAt: at,
          status: 'claimed',
          statusHistory: [{ status: 'claimed', at, detail: 'claimed' }],
          notes,
          pullRequests: [],
          droppedReason: null,
          lastRefreshedAt: null,
        });
        return s;
      });
      if (raced) {
        ctx.stdout.write(`already claimed ${name} on ${raced.claimedAt.slice(0, 10)} (status: ${raced.status}); nothing changed\n`);
        return;
      }
      ctx.stdout.write(`claimed ${name}: ${sanitizeLine(issue.title)}\n`);

      if (!opts.comment) return;
      ctx.stdout.write(`comment to post on ${name}:\n  ${gh.CLAIM_COMMENT}\n`);
      let post = opts.yes === true;
      if (!post) {
        const stdin = interactiveStdin(ctx);
        if (!stdin) {
          ctx.stdout.write('not posted: pass --yes to post it\n');
          return;
        }
        post = await confirm(stdin, 'post it? [y/N] ');
      }
      if (!post) {
        ctx.stdout.write('not posted\n');
        return;
      }
      const url = await gh.postClaimComment(client, ref);
      ctx.stdout.write(`commented: ${sanitizeLine(url)}\n`);
    });
}
