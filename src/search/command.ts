// The `search` action: progress, notices, warnings, then JSON or a table. Loaded lazily by src/cli/search.ts.
// With no network it answers from the bundled sample of invented issues, and every output says so.
import type { CliContext, GlobalOptions } from '../context.js';
import { hostOf } from '../core/hosts.js';
import { issueKey } from '../core/refs.js';
import { OssScoutError } from '../errors.js';
import { useColor } from '../render/ansi.js';
import { clientHooks, formatRequestStats, startProgress, type Progress } from '../render/progress.js';
import { getSearchJson } from '../render/search-json.js';
import { sanitizeLine, sanitizeTerminal } from '../render/sanitize.js';
import { failureWarnings } from './failures.js';
import type { SearchOptions } from './options.js';
import { SAMPLE_SNAPSHOT, assertSomeRepoAnswered, runSearch, type SearchHooks, type SearchRun } from './run.js';
import { stateStoreFor } from '../state/claims.js';
import { DEFAULT_REPO_CACHE_MAX_AGE_MS } from '../cache/repo-cache.js';

export { SAMPLE_SNAPSHOT };

/** What every sample output says; `why` is the network failure when the sample stands in for a live search. */
export function sampleBanner(why: string | undefined): string {
  const what = "sample data, not live issues: invented examples, linked to each repository's beginner-issue list";
  return why ? `${why} — showing ${what}; run the same command online for live issues` : what;
}

/**
 * No network at all (not a refused token, not a rate limit), talking to github.com: the cases where the
 * sample (of github.com repositories) is better than nothing. An Enterprise or test server failing is
 * reported as it is.
 */
async function isNoNetwork(e: unknown, globals: GlobalOptions, ctx: CliContext): Promise<boolean> {
  if (!(e instanceof OssScoutError) || (e.kind !== 'network' && e.kind !== 'timeout')) return false;
  const { resolveApiUrl } = await import('../github/token.js');
  try {
    return hostOf(resolveApiUrl(globals.apiUrl, ctx.env)) === 'api.github.com';
  } catch {
    return false;
  }
}

function searchHooks(globals: GlobalOptions, progress: Progress): SearchHooks {
  let done = 0;
  let total = 0;
  let requests = 0;
  const show = (): void =>
    progress.status(`fetching issues: ${done}/${total} repositories answered${requests > 0 ? ` (${requests} requests)` : ''}`);
  const client = clientHooks(globals, progress, (n) => {
    requests = n;
    if (total > 0) show();
  });
  return {
    notice: (text) => progress.line(`oss-scout: ${text}`),
    onFetchStart: (n) => {
      total = n;
      show();
    },
    onProgress: (d, t) => {
      done = d;
      total = t;
      show();
    },
    ...client,
    ...(globals.verbose ? { verbose: (text: string) => progress.line(text) } : {}),
  };
}

async function claimedKeys(ctx: CliContext): Promise<Set<string>> {
  try {
    const state = await stateStoreFor(ctx.env).read();
    return new Set(state.claims.filter((c) => c.status !== 'dropped').map((c) => issueKey(c.repo, c.number)));
  } catch {
    // Search never fails over the state file: without it, nothing is "yours".
    return new Set();
  }
}

/** What the caller may do with what was printed: keep it for an identical search until `validUntil`. */
export interface SearchOutcome {
  keep?: { validUntil: number };
}

/**
 * Live data that the next identical search would read back from the cache and print the same way: every
 * repository answered or cached (a transient failure is asked again next time), no sample, no spinner.
 */
function keepable(run: SearchRun, sample: boolean, progress: Progress): SearchOutcome['keep'] {
  if (run.source !== 'github' || sample || progress.spun) return undefined;
  if (!run.fetch.failures.every((f) => f.kind === 'not-found')) return undefined;
  const fetchedAt = Date.parse(run.fetch.fetchedAt);
  return Number.isFinite(fetchedAt) ? { validUntil: fetchedAt + DEFAULT_REPO_CACHE_MAX_AGE_MS } : undefined;
}

export async function runSearchCommand(options: SearchOptions, globals: GlobalOptions, ctx: CliContext): Promise<SearchOutcome> {
  const progress = await startProgress(ctx, { quiet: options.json || options.snapshot !== undefined });
  const hooks = searchHooks(globals, progress);

  let run: SearchRun;
  let fallback: string | undefined;
  try {
    run = await runSearch(options, globals, ctx, hooks);
  } catch (e) {
    if (options.snapshot !== undefined || options.offline || !(await isNoNetwork(e, globals, ctx))) {
      progress.stop();
      throw e;
    }
    // Offline: the same command answers from the sample, and says why.
    fallback = sanitizeLine((e as OssScoutError).message);
    run = await runSearch({ ...options, snapshot: SAMPLE_SNAPSHOT, saveSnapshot: undefined }, globals, ctx, hooks);
  } finally {
    progress.stop();
  }
  const sample = fallback !== undefined || run.fetch.issues.some((i) => i.sample === true);
  if (sample) progress.line(`oss-scout: ${sampleBanner(fallback)}`);
  if (fallback !== undefined && options.saveSnapshot !== undefined) {
    progress.line(`oss-scout: nothing was fetched, so ${sanitizeLine(options.saveSnapshot)} was not written`);
  }

  if (globals.verbose && run.source === 'github') {
    ctx.stderr.write(`cache: ${run.cachedRepos} of ${run.requestedRepos.length} repositories answered from the cache\n`);
  }
  if ((globals.verbose || globals.debug) && run.stats) ctx.stderr.write(`${formatRequestStats(run.stats)}\n`);
  if (options.offline && run.cachedRepos === 0 && run.requestedRepos.length > 0) {
    throw new OssScoutError('upstream', 'nothing is cached yet for these repositories (--offline makes no request)', {
      hint: 'run one search online first (without --offline); its results are kept for later --offline runs',
    });
  }
  // First: when no repository answered, the error line alone says it (no warning repeating it above).
  assertSomeRepoAnswered(run);
  for (const warning of failureWarnings(run.fetch.failures, run.requestedRepos.length, globals.verbose)) {
    ctx.stderr.write(`${warning}\n`);
  }

  const { result } = run;
  const claimed = await claimedKeys(ctx);
  if (options.json) {
    const json = getSearchJson(result, { explain: options.explain, claimed, sample });
    ctx.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
    return outcome(keepable(run, sample, progress));
  }
  // The table renderers (and string-width under them) load only for a table: --json needs neither.
  const { renderSearchTable } = await import('../render/search-table.js');
  if (result.issues.length === 0) {
    ctx.stderr.write('no open, untaken beginner issues found; try more repositories, other --labels, or --include-taken\n');
  } else {
    ctx.stdout.write(
      renderSearchTable(result.issues, {
        now: ctx.now(),
        color: useColor(ctx),
        tty: ctx.stdout.isTTY === true,
        claimed,
        ...(sample ? { banner: sampleBanner(undefined) } : {}),
        ...(ctx.stdout.columns !== undefined ? { columns: ctx.stdout.columns } : {}),
      }),
    );
  }
  if (options.explain && result.issues.length > 0) {
    const { formatExplanation } = await import('../render/explain.js');
    ctx.stdout.write(`\n${sanitizeTerminal(formatExplanation(result.issues, ctx.stdout.isTTY === true ? ctx.stdout.columns : undefined))}\n`);
  }
  if (result.hiddenTaken > 0) {
    ctx.stderr.write(`${result.hiddenTaken} taken issue${result.hiddenTaken === 1 ? '' : 's'} hidden (--include-taken shows them)\n`);
  }
  return outcome(keepable(run, sample, progress));
}

function outcome(keep: SearchOutcome['keep']): SearchOutcome {
  return keep ? { keep } : {};
}
