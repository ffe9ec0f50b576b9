// `oss-scout list`: the claims from the state; with --refresh, synced from GitHub first.
import type { Command } from 'commander';
import { formatIssueRef } from '../core/refs.js';
import { REFRESHABLE_STATUSES, stateStoreFor } from '../state/claims.js';
import type { State } from '../state/schema.js';
import type { StateStore } from '../state/store.js';
import type { CliContext, GlobalOptions } from '../context.js';
import { readGlobalOptions } from './global-options.js';
import { showClaims } from './list-show.js';

export interface ListOptions {
  json?: boolean;
  all?: boolean;
  refresh?: boolean;
}

/** The test hook (as search's runF). */
export type ListRunner = (opts: ListOptions, globals: GlobalOptions, ctx: CliContext) => Promise<void>;

/** Fetches and applies; GitHub modules load here only, so a plain `list` never loads Octokit. */
async function refresh(store: StateStore, state: State, opts: ListOptions, globals: GlobalOptions, ctx: CliContext): Promise<State> {
  const targets = state.claims.filter((c) => REFRESHABLE_STATUSES.includes(c.status));
  if (targets.length === 0) return state;
  const [gh, { connectFromContext }, { applyClaimActivity }, progressMod] = await Promise.all([
    import('../github/claims.js'),
    import('../github/connect-context.js'),
    import('../core/claim-status.js'),
    import('../render/progress.js'),
  ]);
  const progress = await progressMod.startProgress(ctx, { quiet: opts.json === true });
  let client;
  let activity;
  try {
    progress.status(`refreshing ${targets.length} claim${targets.length === 1 ? '' : 's'} from GitHub`);
    client = await connectFromContext(globals, ctx, progressMod.clientHooks(globals, progress));
    const cached = state.viewer?.apiUrl === client.apiUrl ? state.viewer.login : undefined;
    activity = await gh.fetchClaimActivity(client, targets, cached);
  } finally {
    progress.stop();
  }
  const now = ctx.now();
  let changes: ReturnType<typeof applyClaimActivity>['changes'] = [];
  // Applied under the lock to the state as it is now, so a claim made during the fetch is not lost.
  const next = await store.update((s) => {
    const r = applyClaimActivity(s, activity, now);
    changes = r.changes;
    return r.state;
  });
  for (const c of changes) {
    ctx.stderr.write(`${formatIssueRef(c.repo, c.number)}: ${c.from} -> ${c.to} (${c.detail})\n`);
  }
  if (globals.verbose || globals.debug) ctx.stderr.write(`${progressMod.formatRequestStats(client.stats)}\n`);
  return next;
}

export async function runList(opts: ListOptions, globals: GlobalOptions, ctx: CliContext): Promise<void> {
  const store = stateStoreFor(ctx.env);
  let state = await store.read();
  if (opts.refresh) state = await refresh(store, state, opts, globals, ctx);
  await showClaims(state, { json: opts.json === true, all: opts.all === true }, ctx);
}

export function register(program: Command, ctx: CliContext, runF: ListRunner = runList): void {
  program
    .command('list')
    .description('show your claims with status and age')
    .option('--json', 'print JSON')
    .option('--all', 'include dropped, merged and closed claims')
    .option('--refresh', 'update statuses from GitHub first (needs a token; one request per 50 claims)')
    .addHelpText(
      'after',
      `
Examples:
  $ oss-scout list
  $ oss-scout list --refresh
  $ oss-scout list --all --json | jq '.claims[] | select(.status == "merged")'

Statuses: claimed, pr-open, merged, closed, taken-by-other, dropped.
Without --refresh nothing is sent to GitHub.`,
    )
    .action(async (opts: ListOptions, cmd: Command) => {
      await runF(opts, readGlobalOptions(cmd), ctx);
    });
}
