// `oss-scout report`: flags here; the state, GitHub and rendering modules load inside the action so
// `--help` and the other commands never pay for Octokit.
import type { Command } from 'commander';
import { resolvePeriod, type ReportPeriod } from '../core/report-period.js';
import type { NextUpItem, UserPullRequest } from '../core/report.js';
import { OssScoutError, usageError } from '../errors.js';
import { redact } from '../redact.js';
import type { State } from '../state/schema.js';
import { useColor, type CliContext, type GlobalOptions } from './context.js';
import { readGlobalOptions } from './global-options.js';

export type ReportFormat = 'text' | 'md' | 'json';
const FORMATS: readonly ReportFormat[] = ['text', 'md', 'json'];

/** PRs from search go back this far so the streak and all-time totals see more than the period. */
export const HISTORY_DAYS = 365;

interface RawReportFlags {
  week?: boolean;
  since?: string;
  until?: string;
  format?: string;
  output?: string;
  refresh?: boolean;
}

export interface ReportOptions {
  period: ReportPeriod;
  format: ReportFormat;
  /** undefined: stdout. */
  output: string | undefined;
  refresh: boolean;
}

/** Pure: flags -> options, or a usage error (exit 2). */
export function parseReportOptions(raw: RawReportFlags, now: Date): ReportOptions {
  const format = (raw.format ?? 'text').trim().toLowerCase();
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw usageError(`--format must be one of ${FORMATS.join(', ')}, got "${raw.format ?? ''}"`);
  }
  const period = resolvePeriod(
    {
      ...(raw.week ? { week: true } : {}),
      ...(raw.since !== undefined ? { since: raw.since } : {}),
      ...(raw.until !== undefined ? { until: raw.until } : {}),
    },
    now,
  );
  const output = raw.output === undefined || raw.output === '-' ? undefined : raw.output;
  if (output !== undefined && output.trim() === '') throw usageError('--output needs a file name (or - for stdout)');
  return { period, format: format as ReportFormat, output, refresh: raw.refresh !== false };
}

interface Online {
  state: State;
  pullRequests: { pullRequests: UserPullRequest[]; searchedSince: Date } | null;
  nextUp: NextUpItem[] | null;
}

/** Only failures of GitHub or the network leave the report to the local state; anything else is a real error. */
// GitHub being unreachable or rate-limited still leaves a useful report from the state. A refused token
// does not: the user would think the report is current, so that one fails (exit 4) with the way out.
function isOfflineFailure(e: unknown): e is OssScoutError {
  return e instanceof OssScoutError && ['network', 'timeout', 'upstream', 'rate-limited'].includes(e.kind);
}

async function fetchOnline(
  state: State,
  globals: GlobalOptions,
  ctx: CliContext,
  note: (line: string) => void,
  now: Date,
  period: ReportPeriod,
): Promise<Online> {
  const [{ resolveApiUrl, resolveToken }, { createGitHubClient }] = await Promise.all([
    import('../github/token.js'),
    import('../github/client.js'),
  ]);
  const apiUrl = resolveApiUrl(globals.apiUrl, ctx.env);
  const auth = await resolveToken(globals.token, ctx.env, apiUrl);
  const offline: Online = { state, pullRequests: null, nextUp: null };
  if (!auth.token) {
    note('no GitHub token: report built from the local state only (set GH_TOKEN to refresh claims and count PRs made without a claim)');
    return offline;
  }
  const secrets = [auth.token];
  const why = (e: OssScoutError): string => redact(e.hint ? `${e.message} — ${e.hint}` : e.message, secrets);
  const client = createGitHubClient({
    token: auth.token,
    apiUrl,
    timeoutMs: globals.timeoutMs,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
  });

  // 1. Refresh claims, as `list --refresh` does: fetch outside the lock, apply under it.
  let login: string;
  try {
    const [{ fetchClaimActivity }, { applyClaimActivity }, { REFRESHABLE_STATUSES, stateStoreFor }] = await Promise.all([
      import('../github/claims.js'),
      import('../core/claim-status.js'),
      import('../state/claims.js'),
    ]);
    const targets = state.claims.filter((c) => REFRESHABLE_STATUSES.includes(c.status));
    const cached = state.viewer?.apiUrl === client.apiUrl ? state.viewer.login : undefined;
    const activity = await fetchClaimActivity(client, targets, cached);
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
    const [{ fetchUserPullRequests }, { loadRepoList }, { CATALOG }, { resolvePaths }] = await Promise.all([
      import('../github/activity.js'),
      import('../config/repos.js'),
      import('../catalog/catalog.js'),
      import('../paths.js'),
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
    const [{ loadProfile }, { resolvePaths }] = await Promise.all([import('../config/profile.js'), import('../paths.js')]);
    const profile = await loadProfile(resolvePaths(ctx.env).profileFile);
    if (profile === null || profile.skills.length === 0) {
      note('no saved skills: "Next up" left out (save them with `oss-scout profile`)');
    } else {
      const [{ runSearch }, search] = await Promise.all([import('../search/run.js'), import('./search.js')]);
      const claimed = new Set(state.claims.map((c) => `${c.repo.toLowerCase()}#${c.number}`));
      const run = await runSearch(
        {
          skills: undefined,
          repos: undefined,
          labels: undefined,
          limit: 3 + claimed.size,
          includeTaken: false,
          json: true,
          explain: false,
          snapshot: undefined,
          saveSnapshot: undefined,
          claimWindowDays: search.DEFAULT_CLAIM_WINDOW_DAYS,
          perRepo: search.DEFAULT_PER_REPO,
          refresh: false,
          offline: false,
          includePrivate: false,
        },
        globals,
        ctx,
      );
      nextUp = run.result.issues
        .filter((r) => !claimed.has(`${r.issue.repo.toLowerCase()}#${r.issue.number}`))
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

async function writeOutput(file: string, text: string, cwd: string): Promise<string> {
  const { writeUserFile } = await import('../io/user-file.js');
  return writeUserFile(file, text, 'report', cwd);
}

export function register(program: Command, ctx: CliContext): void {
  program
    .command('report')
    .description('a contribution report: claims, pull requests opened and merged, review waits, streak, next up')
    .option('--week', 'the current ISO week: Monday 00:00 UTC to now')
    .option('--since <date>', 'start of the period: YYYY-MM-DD (midnight UTC) or an ISO date-time')
    .option('--until <date>', 'end of the period (with --since; a bare date includes that whole day; default: now)')
    .option('--format <format>', 'text, md (GitHub Markdown) or json', 'text')
    .option('--output <file>', 'write to this file, atomically (- for stdout)')
    .option('--no-refresh', 'no GitHub requests: build the report from the local state only')
    .addHelpText(
      'after',
      `
Examples:
  $ oss-scout report                         # the last 7 days, ending now
  $ oss-scout report --week --format md --output week.md
  $ oss-scout report --since 2026-01-01 --until 2026-03-31 --format json

The default period is the 7 days ending now; --week is the current ISO week (Monday 00:00 UTC to now).
Unless --no-refresh, claims are refreshed from GitHub first (as \`list --refresh\` does), your pull requests
in the catalog, your repository list and your claimed repos are found with GitHub search, and "Next up"
lists the top 3 issues for your saved skills. Without a token, or when GitHub cannot be reached, the
report says so on stderr and is built from the local state.`,
    )
    .action(async (raw: RawReportFlags, cmd: Command) => {
      const globals = readGlobalOptions(cmd);
      const now = ctx.now();
      const opts = parseReportOptions(raw, now);
      const note = (line: string): void => void ctx.stderr.write(`oss-scout: ${line}\n`);

      const [{ stateStoreFor }, { buildReport, webUrlFor }, { resolveApiUrl }] = await Promise.all([
        import('../state/claims.js'),
        import('../core/report.js'),
        import('../github/token.js'),
      ]);
      let state = await stateStoreFor(ctx.env).read();
      let online: Online = { state, pullRequests: null, nextUp: null };
      if (opts.refresh) online = await fetchOnline(state, globals, ctx, note, now, opts.period);
      state = online.state;

      let webUrl: string;
      try {
        webUrl = webUrlFor(resolveApiUrl(globals.apiUrl, ctx.env));
      } catch {
        webUrl = webUrlFor(state.viewer?.apiUrl ?? 'https://api.github.com');
      }
      const report = buildReport({
        state,
        activity: online.pullRequests,
        nextUp: online.nextUp,
        period: opts.period,
        now,
        webUrl,
      });

      let text: string;
      if (opts.format === 'json') {
        text = (await import('../render/report-json.js')).renderReportJson(report);
      } else if (opts.format === 'md') {
        text = (await import('../render/report-md.js')).renderReportMarkdown(report);
      } else {
        const color = opts.output === undefined && useColor(ctx);
        text = (await import('../render/report-text.js')).renderReportText(report, {
          color,
          ...(ctx.stdout.columns !== undefined ? { width: ctx.stdout.columns } : {}),
        });
      }
      if (opts.output === undefined) {
        ctx.stdout.write(text);
      } else {
        const target = await writeOutput(opts.output, text, ctx.cwd);
        note(`report written to ${target}`);
      }
    });
}
