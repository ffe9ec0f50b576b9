// Search orchestration: which repositories, where the issues come from (a snapshot or GitHub), and the
// pure pipeline over them. Printing is left to src/search/command.ts through the hooks.
import { loadProfile } from '../config/profile.js';
import { entryFor, loadRepoList } from '../config/repos.js';
import { buildSearchResult, type SearchResult } from '../core/search.js';
import type { CatalogEntry, FetchResult, SkillProfile } from '../core/types.js';
import { OssScoutError } from '../errors.js';
import type { CliContext, GlobalOptions } from '../context.js';
import type { SearchOptions } from './options.js';
import type { RequestStats } from '../github/client.js';
import { resolvePaths } from '../paths.js';
import { sanitizeLine } from '../render/sanitize.js';
import { readSnapshot, writeSnapshot } from '../snapshot.js';

export const NO_TOKEN_NOTICE =
  'no GitHub token: GraphQL needs one, so falling back to REST search (slower, fewer taken signals); ' +
  'get one with `gh auth token` and export it as GH_TOKEN';

export const NO_PROFILE_NOTICE =
  'no skills given: ranking by freshness and label strength; pass --skills python,cuda or save them with `oss-scout profile`';

export interface SearchHooks {
  /** One line for stderr (no newline). */
  notice?: (line: string) => void;
  onFetchStart?: (repoCount: number) => void;
  onProgress?: (done: number, total: number) => void;
  onWait?: (seconds: number, reason: string) => void;
  onRequest?: (info: { method: string; url: string; status: number | undefined; ms: number }) => void;
}

export interface SearchRun {
  result: SearchResult;
  fetch: FetchResult;
  requestedRepos: string[];
  source: 'snapshot' | 'github';
  profile: SkillProfile | null;
  stats: RequestStats | undefined;
  /** Repositories answered from the cache. */
  cachedRepos: number;
}

/** --repos replaces the list for this run; --labels replaces every repo's labels. */
export async function resolveSearchRepos(options: SearchOptions, reposFile: string): Promise<CatalogEntry[]> {
  const entries = options.repos ? options.repos.map(entryFor) : (await loadRepoList(reposFile)).entries;
  return options.labels ? entries.map((e) => ({ ...e, labels: [...(options.labels as string[])] })) : entries;
}

export async function resolveProfile(options: SearchOptions, profileFile: string): Promise<SkillProfile | null> {
  const saved = await loadProfile(profileFile);
  if (options.skills === undefined) return saved;
  // --skills replaces the saved skills for this run but keeps what the user said to avoid.
  return { skills: options.skills, avoid: saved?.avoid ?? [], customSkills: saved?.customSkills ?? [] };
}

/** A snapshot narrowed to what this run asked for: --repos and --labels filter it. */
export function narrowFetch(fetch: FetchResult, options: Pick<SearchOptions, 'repos' | 'labels'>): FetchResult {
  const repoSet = options.repos ? new Set(options.repos.map((r) => r.toLowerCase())) : undefined;
  const labelSet = options.labels ? new Set(options.labels.map((l) => l.toLowerCase())) : undefined;
  const inRepos = (repo: string): boolean => !repoSet || repoSet.has(repo.toLowerCase());
  return {
    fetchedAt: fetch.fetchedAt,
    repos: fetch.repos.filter((r) => inRepos(r.repo)),
    failures: fetch.failures.filter((f) => inRepos(f.repo)),
    issues: fetch.issues.filter(
      (i) => inRepos(i.repo) && (!labelSet || i.labels.some((l) => labelSet.has(l.toLowerCase()))),
    ),
  };
}

export async function runSearch(
  options: SearchOptions,
  globals: GlobalOptions,
  ctx: CliContext,
  hooks: SearchHooks = {},
): Promise<SearchRun> {
  const paths = resolvePaths(ctx.env);
  const profile = await resolveProfile(options, paths.profileFile);

  let fetch: FetchResult;
  let requestedRepos: string[];
  let stats: RequestStats | undefined;
  let apiUrl: string | undefined;
  let source: SearchRun['source'];
  let cachedRepos = 0;

  if (options.snapshot !== undefined) {
    const snapshot = await readSnapshot(options.snapshot);
    fetch = narrowFetch(snapshot, options);
    requestedRepos = options.repos ?? snapshot.requestedRepos;
    apiUrl = snapshot.apiUrl;
    source = 'snapshot';
  } else {
    const entries = await resolveSearchRepos(options, paths.reposFile);
    if (entries.length === 0) {
      throw new OssScoutError('usage', 'your repository list is empty', {
        hint: 'add one with `oss-scout repos add owner/name`, or `oss-scout repos reset`',
      });
    }
    requestedRepos = entries.map((e) => e.repo);
    const [{ resolveApiUrl, resolveToken }, { fetchWithRepoCache, createRepoCache }] = await Promise.all([
      import('../github/token.js'),
      import('../cache/index.js'),
    ]);
    apiUrl = resolveApiUrl(globals.apiUrl, ctx.env);
    const resolvedApiUrl = apiUrl;
    const auth = options.offline ? { token: undefined } : await resolveToken(globals.token, ctx.env, apiUrl);
    // The cache key says only whether a token was used (it sees more); never the token itself.
    const authenticated = options.offline ? Boolean(ctx.env.GH_TOKEN || ctx.env.GITHUB_TOKEN || globals.token) : Boolean(auth.token);
    const items = entries.map((entry) => ({
      key: { apiUrl: resolvedApiUrl, authenticated, repo: entry.repo, labels: entry.labels, perRepo: options.perRepo },
      item: entry,
    }));
    // Octokit is loaded and the client built only when something is not fresh in the cache.
    const fetchMissing = async (missing: CatalogEntry[]): Promise<FetchResult> => {
      const [{ createGitHubClient }, { fetchIssues }] = await Promise.all([
        import('../github/client.js'),
        import('../github/fetch-issues.js'),
      ]);
      if (!auth.token) hooks.notice?.(NO_TOKEN_NOTICE);
      const client = createGitHubClient({
        token: auth.token,
        apiUrl: resolvedApiUrl,
        timeoutMs: globals.timeoutMs,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        ...(hooks.onWait ? { onWait: hooks.onWait } : {}),
        ...(hooks.onRequest ? { onRequest: hooks.onRequest } : {}),
      });
      stats = client.stats;
      hooks.onFetchStart?.(missing.length);
      return fetchIssues(client, missing, {
        perRepo: options.perRepo,
        now: ctx.now,
        ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
      });
    };
    const cached = await fetchWithRepoCache(items, fetchMissing, {
      cache: createRepoCache(paths.cacheDir),
      now: ctx.now(),
      refresh: options.refresh,
      offline: options.offline,
    });
    fetch = cached.result;
    cachedRepos = cached.cached.length;
    if (cached.cacheWriteError) hooks.notice?.(`could not write the cache in ${paths.cacheDir}: ${cached.cacheWriteError.message}`);
    source = 'github';
  }

  // Said after the data loaded, so a bad --snapshot or token error is not preceded by a hint about skills.
  if (!options.json && (profile === null || profile.skills.length === 0)) hooks.notice?.(NO_PROFILE_NOTICE);

  if (options.saveSnapshot !== undefined) {
    await writeSnapshot(options.saveSnapshot, fetch, { apiUrl: apiUrl ?? '', requestedRepos, includePrivate: options.includePrivate });
  }

  const viewer = apiUrl === undefined ? undefined : await cachedViewer(ctx, apiUrl);
  const result = buildSearchResult({
    fetch,
    profile,
    ...(viewer !== undefined ? { viewer } : {}),
    now: ctx.now(),
    includeTaken: options.includeTaken,
    claimWindowDays: options.claimWindowDays,
    limit: options.limit,
  });
  return { result, fetch, requestedRepos, source, profile, stats, cachedRepos };
}

/**
 * The user's login as cached by claim tracking, so their own claim comments and PRs do not hide an
 * issue from them. Search never fails over the state file: without it, nobody is "you".
 */
async function cachedViewer(ctx: CliContext, apiUrl: string): Promise<string | undefined> {
  try {
    const { stateStoreFor } = await import('../state/claims.js');
    const state = await stateStoreFor(ctx.env).read();
    return state.viewer && state.viewer.apiUrl === apiUrl ? state.viewer.login : undefined;
  } catch {
    return undefined;
  }
}

/** The repositories that answered; none answering is an upstream failure (exit 3). */
export function assertSomeRepoAnswered(run: Pick<SearchRun, 'requestedRepos' | 'fetch'>): void {
  const failed = new Set(run.fetch.failures.map((f) => f.repo.toLowerCase()));
  const answered = run.requestedRepos.filter((r) => !failed.has(r.toLowerCase()));
  const first = run.fetch.failures[0];
  if (answered.length === 0 && first) {
    const n = run.fetch.failures.length;
    throw new OssScoutError('upstream', `${sanitizeLine(first.repo)}: ${sanitizeLine(first.message)}${n > 1 ? ` (and ${n - 1} more repositories failed)` : ''}`, {
      hint: 'no repository answered; check the names with `oss-scout repos list`, or try again later',
    });
  }
}
