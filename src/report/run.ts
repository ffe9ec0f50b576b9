// Report orchestration, beside src/search/run.ts: the state, then (unless told not to) three GitHub
// phases, each allowed to fail on its own without losing the report: claims refreshed as `list --refresh`
// does, the user's pull requests found by search, and "Next up" from a fresh search. Printing is left to
// src/cli/report.ts through the hooks.
import type { CliContext, GlobalOptions } from '../context.js';
import { issueKey } from '../core/refs.js';
import type { ReportPeriod } from '../core/report-period.js';
import type { NextUpItem, ReportData } from '../core/report.js';
import type { UserPullRequest } from '../core/types.js';
import { OssScoutError } from '../errors.js';
import { redact } from '../redact.js';
import type { ClientHooks } from '../render/progress.js';
import type { State } from '../state/schema.js';
import { defaultSearchOptions } from '../search/options.js';
import { REFRESHABLE_STATUSES, stateStoreFor } from '../state/claims.js';
import { resolvePaths } from '../paths.js';

/** PRs from search go back this far so the streak and all-time totals see more than the period. */
export const HISTORY_DAYS = 365;

export interface ReportRunOptions {
  period: ReportPeriod;
  /** false: no GitHub request, the report comes from the local state only. */
  refresh: boolean;
}

export interface ReportHooks extends ClientHooks {
  /** One line for stderr (no newline); absent: quiet. */
  notice?: (line: string) => void;
  /** What is being fetched now, for a spinner. */
  onPhase?: (text: string) => void;
}

interface Online {
  state: State;
  pullRequests: { pullRequests: UserPullRequest[]; searchedSince: Date } | null;
  nextUp: NextUpItem[] | null;
}

// GitHub being unreachable or rate-limited still leaves a useful report from the state. A refused token
// does not: the user would think the report is current, so that one fails (exit 4) with the way out.
function isOfflineFailure(e: unknown): e is OssScoutError {
  return e instanceof OssScoutError && ['network', 'timeout', 'upstream', 'rate-limited'].includes(e.kind);
}

async function fetchOnline(state: State, globals: GlobalOptions, ctx: CliContext, hooks: ReportHooks, now: Date, period: ReportPeriod): Promise<Online> {
  const note = (line: string): void => hooks.notice?.(line);
  const [{ resolveConnection }, { connectFromContext }, gh] = await Promise.all([
    import('../github/token.js'),
    import('../github/connect-context.js'),
    import('../github/claims.js'),
  ]);
  const connection = await resolveConnection(globals, ctx.env);
  const offline: Online = { state, pullRequests: null, nextUp: null };
  if (!connection.token) {
    note('no GitHub token: report built from the local state only (set GH_TOKEN to refresh claims and count PRs made without a claim)');
    return offline;
  }
  const secrets = [connection.token];
  const why = (e: OssScoutError): string => redact(e.hint ? `${e.message} — ${e.hint}` : e.message, secrets);
  const clientHooks: ClientHooks = {
    ...(hooks.onRequest ? { onRequest: hooks.onRequest } : {}),
    ...(hooks.onWait ? { onWait: hooks.onWait } : {}),
  };
  const client = await connectFromContext(globals, ctx, { ...clientHooks, connection });

  // 1. Refresh claims, as `list --refresh` does: fetch outside the lock, apply under it.
  let login: string;
  try {
    hooks.onPhase?.('refreshing your claims');
    const { applyClaimActivity } = await import('../core/claim-status.js');
    const targets = state.claims.filter((c) => REFRESHABLE_STATUSES.includes(c.status));
    const cached = state.viewer?.apiUrl === client.apiUrl ? state.viewer.login : undefined;
    const activity = await gh.fetchClaimActivity(client, targets, cached);
    login = activity.viewer.login;
    state = await stateStoreFor(ctx.env).update((s) => applyClaimActivity(s, activity, now).state);
  } catch (e) {
    if (!isOfflineFailure(e)) throw e;
    note(`could not refresh claims from GitHub: ${why(e)}; report built from the local state only`);
    return { ...offline, state };
  }

  // 2. The user's PRs, claimed or not, in the catalog, their repository list and their claimed repos.
  let pullRequests: Online['pullRequests'] = null;
  try {
    hooks.onPhase?.('finding your pull requests');
    const [{ fetchUserPullRequests }, { loadRepoList }, { CATALOG }] = await Promise.all([
      import('../github/activity.js'),
      import('../config/repos.js'),
      import('../catalog/catalog.js'),
    ]);
    const tracked = (await loadRepoList(resolvePaths(ctx.env).reposFile)).entries.map((e) => e.repo);
    const repos = [...CATALOG.map((e) => e.repo), ...tracked, ...state.claims.map((c) => c.repo)];
    const historyStart = new Date(now.getTime() - HISTORY_DAYS * 86_400_000);
    const since = period.since < historyStart ? period.since : historyStart;
    const r = await fetchUserPullRequests(client, login, since, repos);
    if (r.truncated) note('more pull requests than one report reads: the oldest ones are left out of the all-time totals');
    pullRequests = { pullRequests: r.pullRequests, searchedSince: r.searchedSince };
  } catch (e) {
    if (!isOfflineFailure(e)) throw e;
    note(`could not search GitHub for your pull requests: ${why(e)}; only PRs linked to claims are counted`);
  }

  // 3. Next up: a fresh search with the saved profile. Without one, "top 3" would mean nothing personal.
  let nextUp: NextUpItem[] | null = null;
  try {
    const { loadProfile } = await import('../config/profile.js');
    const profile = await loadProfile(resolvePaths(ctx.env).profileFile);
    if (profile === null || profile.skills.length === 0) {
      note('no saved skills: "Next up" left out (save them with `oss-scout profile set --skills ...`)');
    } else {
      hooks.onPhase?.('searching for what to do next');
      const { runSearch } = await import('../search/run.js');
      const claimed = new Set(state.claims.map((c) => issueKey(c.repo, c.number)));
      // No notice hook: the search's own notices would be about a search the user did not ask for.
      const run = await runSearch(defaultSearchOptions({ limit: 3 + claimed.size }), globals, ctx, clientHooks);
      nextUp = run.result.issues
        .filter((r) => !claimed.has(issueKey(r.issue.repo, r.issue.number)))
        .slice(0, 3)
        .map((r) => ({
          repo: r.issue.repo,
          number: r.issue.number,
          title: r.issue.title,
          url: r.issue.url,
          matchedSkills: r.matchedSkills.map((m) => m.skill),
        }));
    }
  } catch (e) {
    if (!isOfflineFailure(e)) throw e;
    note(`"Next up" left out: ${why(e)}`);
  }
  return { state, pullRequests, nextUp };
}

/** The report's data: from the state alone, or refreshed from GitHub first. */
export async function runReport(options: ReportRunOptions, globals: GlobalOptions, ctx: CliContext, hooks: ReportHooks = {}): Promise<ReportData> {
  const now = ctx.now();
  const [{ buildReport }, { webUrlFor }, { resolveApiUrl }] = await Promise.all([
    import('../core/report.js'),
    import('../core/hosts.js'),
    import('../github/token.js'),
  ]);
  const state = await stateStoreFor(ctx.env).read();
  const online: Online = options.refresh
    ? await fetchOnline(state, globals, ctx, hooks, now, options.period)
    : { state, pullRequests: null, nextUp: null };

  let webUrl: string;
  try {
    webUrl = webUrlFor(resolveApiUrl(globals.apiUrl, ctx.env));
  } catch {
    webUrl = webUrlFor(online.state.viewer?.apiUrl ?? 'https://api.github.com');
  }
  return buildReport({ state: online.state, activity: online.pullRequests, nextUp: online.nextUp, period: options.period, now, webUrl });
}
