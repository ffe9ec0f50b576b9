// Search orchestration: which repositories, where the issues come from (a snapshot or GitHub), and the
// pure pipeline over them. Printing is left to src/search/command.ts through the hooks.
import { loadProfile } from '../config/profile.js';
import { resolveSearchRepos } from './repos.js';
import { buildSearchResult, pickForSignals, prepareSearch, prescanIssues, type SearchResult } from '../core/search.js';
import { createRankMemo } from '../core/rank.js';
import { fileURLToPath } from 'node:url';
import { createTakenMemo, prepareCommentSignals } from '../core/taken.js';
import { issueKey } from '../core/refs.js';
import type { CatalogEntry, FetchResult, IssueRecord, SkillProfile } from '../core/types.js';
import { OssScoutError } from '../errors.js';
import type { CliContext, GlobalOptions } from '../context.js';
import type { SearchOptions } from './options.js';
import type { ServerCapabilities } from '../github/capabilities.js';
import type { GitHubClient, RequestStats } from '../github/client.js';
import type { SettleRepos } from '../cache/index.js';
import { cachedHealth } from '../health/cached.js';
import type { RepoHealth } from '../core/health.js';
import { resolvePaths } from '../paths.js';
import { sanitizeLine } from '../render/sanitize.js';
import { stateStoreFor } from '../state/claims.js';

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
  /** --verbose detail lines (e.g. where the token came from and which host it goes to). */
  verbose?: (line: string) => void;
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

/** The bundled sample: real repositories, invented issues (see scripts/build-snapshot.ts). */
export const SAMPLE_SNAPSHOT = fileURLToPath(new URL('../../snapshots/ml-infra.json', import.meta.url));

/** Rounds of signal fetches after the first pass (each only when a shown issue still lacks its signals). */
const MAX_SIGNAL_ROUNDS = 3;

/**
 * How many candidates past the limit get their taken signals along with the shown ones: about a third of
 * beginner issues turn out taken, so fetching limit + this many usually fills the list in one go.
 */
export function signalsLookahead(limit: number): number {
  return Math.max(10, limit);
}

function concatFetch(a: FetchResult, b: FetchResult): FetchResult {
  return { fetchedAt: b.fetchedAt, repos: [...a.repos, ...b.repos], issues: [...a.issues, ...b.issues], failures: [...a.failures, ...b.failures] };
}

/** `fetch` with the issues in `asked` replaced by `got` (those GitHub no longer found are dropped). */
function replaceIssues(fetch: FetchResult, asked: readonly IssueRecord[], got: readonly IssueRecord[]): FetchResult {
  const key = (i: IssueRecord): string => issueKey(i.repo, i.number);
  const askedKeys = new Set(asked.map(key));
  const byKey = new Map(got.map((i) => [key(i), i]));
  const issues: IssueRecord[] = [];
  for (const i of fetch.issues) {
    if (!askedKeys.has(key(i))) issues.push(i);
    else {
      const g = byKey.get(key(i));
      if (g) issues.push(g);
    }
  }
  return { ...fetch, issues };
}

/** The saved profile with this run's --skills applied (core/skills/resolve.ts then turns its names into skills). */
export async function loadRunProfile(options: SearchOptions, profileFile: string): Promise<SkillProfile | null> {
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

/** How the GitHub fetch is done, beyond the flags. */
export interface SearchFetchOptions {
  /**
   * What the server's GraphQL schema has (older GitHub Enterprise Server lacks some fields): a value, or
   * a detector called once with the client when one is built. Default: github.com's full schema.
   */
  capabilities?: ServerCapabilities | ((client: GitHubClient) => Promise<ServerCapabilities>);
}

export async function runSearch(
  options: SearchOptions,
  globals: GlobalOptions,
  ctx: CliContext,
  hooks: SearchHooks = {},
  fetchOptions: SearchFetchOptions = {},
): Promise<SearchRun> {
  const paths = resolvePaths(ctx.env);
  const profile = await loadRunProfile(options, paths.profileFile);
  // The pick, each round of signals and the result rank mostly the same issues.
  const rankMemo = createRankMemo();
  const takenMemo = createTakenMemo();

  let fetch: FetchResult;
  let requestedRepos: string[];
  let stats: RequestStats | undefined;
  let apiUrl: string | undefined;
  let source: SearchRun['source'];
  let cachedRepos = 0;
  let viewer: string | undefined;
  let reuse: SearchResult | undefined;
  let repoHealth: Map<string, RepoHealth> = new Map();

  if (options.snapshot !== undefined) {
    const { readSnapshot } = await import('../snapshot.js');
    const snapshot = await readSnapshot(options.snapshot);
    fetch = narrowFetch(snapshot, options);
    requestedRepos = options.repos ?? snapshot.requestedRepos;
    apiUrl = snapshot.apiUrl;
    source = 'snapshot';
    repoHealth = await cachedHealth(ctx, snapshot.apiUrl, requestedRepos);
  } else {
    const entries = await resolveSearchRepos(options, paths.reposFile);
    if (entries.length === 0) {
      throw new OssScoutError('usage', 'your repository list is empty', {
        hint: 'add one with `oss-scout repos add owner/name`, or `oss-scout repos reset`',
      });
    }
    requestedRepos = entries.map((e) => e.repo);
    const [{ resolveConnection }, cacheMod] = await Promise.all([import('../github/token.js'), import('../cache/repo-cache.js')]);
    // Resolved the same way on and offline (the environment and `gh auth token`, no request), so the cache
    // key below is too. The key says only whether a token was used (it sees more), never the token.
    const connection = await resolveConnection(globals, ctx.env);
    apiUrl = connection.apiUrl;
    const resolvedApiUrl = apiUrl;
    const authenticated = Boolean(connection.token);
    repoHealth = await cachedHealth(ctx, resolvedApiUrl, requestedRepos);
    const items = entries.map((entry) => ({
      key: cacheMod.repoCacheKeyFor({ apiUrl: resolvedApiUrl, authenticated, entry, perRepo: options.perRepo }),
      item: entry,
    }));
    const search = {
      profile,
      now: ctx.now(),
      includeTaken: options.includeTaken,
      claimWindowDays: options.claimWindowDays,
      limit: options.limit,
      lookahead: signalsLookahead(options.limit),
      repoHealth,
      rankMemo,
      takenMemo,
    };
    // Octokit is loaded and the client built only when something is not fresh in the cache.
    let client: GitHubClient | undefined;
    let capabilities: ServerCapabilities | undefined;
    const getClient = async (): Promise<GitHubClient> => {
      if (client) return client;
      const { connect } = await import('../github/client.js');
      if (!connection.token) hooks.notice?.(NO_TOKEN_NOTICE);
      client = await connect({
        flags: globals,
        env: ctx.env,
        connection,
        cacheDir: paths.cacheDir,
        now: ctx.now,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        ...(hooks.onWait ? { onWait: hooks.onWait } : {}),
        ...(hooks.onRequest ? { onRequest: hooks.onRequest } : {}),
        ...(hooks.verbose ? { onVerbose: hooks.verbose } : {}),
      });
      stats = client.stats;
      const caps = fetchOptions.capabilities;
      capabilities = caps === undefined ? await client.capabilities() : typeof caps === 'function' ? await caps(client) : caps;
      return client;
    };
    const fetchMissing = async (missing: CatalogEntry[], cachedPart: FetchResult, settle: SettleRepos): Promise<FetchResult> => {
      const [c, { fetchIssues }] = await Promise.all([getClient(), import('../github/fetch-issues.js')]);
      hooks.onFetchStart?.(missing.length);
      // The profile's matchers are built while the first pass is out, not when its answers are in.
      setImmediate(() => prepareSearch(search));
      return fetchIssues(c, missing, {
        perRepo: options.perRepo,
        now: ctx.now,
        ...(capabilities ? { capabilities } : {}),
        ...(hooks.onProgress ? { onProgress: hooks.onProgress } : {}),
        ...(hooks.notice ? { onNotice: hooks.notice } : {}),
        // Repositories the follow-up will not change go to the cache while it is under way, and the comment
        // patterns are compiled before the comments it asks for arrive.
        onSettled: (part) => {
          settle(part);
          prepareCommentSignals();
        },
        // Each answer's issues are scanned and read for taken signals while the rest are still out (with the
        // viewer as the result will have it, once the state has been read).
        onAnswer: (issues) => prescanIssues({ ...search, ...(viewerSoFar?.login !== undefined ? { viewer: viewerSoFar.login } : {}) }, issues),
        // The follow-up reads the signals of the best candidates so far, cached ones included. (The pick
        // leaves the viewer out: it only decides whose signals are read; the result below uses it.)
        pickForSignals: (sofar) => pickForSignals({ ...search, fetch: concatFetch(cachedPart, sofar) }),
      });
    };
    // Read while the cache is read and the network answers: the state module loads in that idle time.
    const viewerRead = cachedViewer(ctx, resolvedApiUrl);
    let viewerSoFar: { login: string | undefined } | undefined;
    void viewerRead.then((login) => (viewerSoFar = { login }));
    const cache = cacheMod.createRepoCache(paths.cacheDir);
    const cached = await cacheMod.fetchWithRepoCache(items, fetchMissing, {
      cache,
      now: ctx.now(),
      refresh: options.refresh,
      offline: options.offline,
    });
    fetch = cached.result;
    cachedRepos = cached.cached.length;
    // The cache is being written while the result is ranked: awaited before the same entries are written
    // again and before anything is reported.
    let cacheWriteError: Error | undefined;
    let last: SearchResult | undefined;
    viewer = await viewerRead;
    const withViewer = { ...search, ...(viewer !== undefined ? { viewer } : {}) };
    // Every issue shown must rest on its taken signals. Those still pending among the best (after taken
    // ones are hidden, further ones move up) are fetched, a few rounds at most; the cache learns them.
    if (!options.offline && authenticated) {
      const touched = new Set<string>();
      for (let round = 0; round < MAX_SIGNAL_ROUNDS; round++) {
        last = buildSearchResult({ ...withViewer, fetch });
        const pending = last.pendingSignals;
        if (pending.length === 0) break;
        last = undefined;
        const [c, { fetchIssueSignals }] = await Promise.all([getClient(), import('../github/fetch-issues.js')]);
        const got = await fetchIssueSignals(c, pending, capabilities ? { capabilities } : {});
        fetch = replaceIssues(fetch, pending, got.issues);
        for (const i of pending) touched.add(i.repo.toLowerCase());
      }
      if (touched.size > 0) {
        cacheWriteError = await cached.written;
        try {
          await cacheMod.updateRepoCacheIssues(cache, cached.entries, fetch, touched);
        } catch (e) {
          cacheWriteError ??= e instanceof Error ? e : new Error(String(e));
        }
      }
    }
    cacheWriteError ??= await cached.written;
    if (cacheWriteError) hooks.notice?.(`could not write the cache in ${paths.cacheDir}: ${cacheWriteError.message}`);
    source = 'github';
    // The loop's last look is the result when nothing was fetched after it (a warm search ranks once).
    reuse = last;
  }

  // Said after the data loaded, so a bad --snapshot or token error is not preceded by a hint about skills.
  if (!options.json && (profile === null || profile.skills.length === 0)) hooks.notice?.(NO_PROFILE_NOTICE);

  if (options.saveSnapshot !== undefined) {
    const { writeSnapshot } = await import('../snapshot.js');
    await writeSnapshot(options.saveSnapshot, fetch, { apiUrl: apiUrl ?? '', requestedRepos, includePrivate: options.includePrivate });
  }

  if (source === 'snapshot' && apiUrl !== undefined) viewer = await cachedViewer(ctx, apiUrl);
  const result = reuse ?? buildSearchResult({
    fetch,
    profile,
    ...(viewer !== undefined ? { viewer } : {}),
    now: ctx.now(),
    includeTaken: options.includeTaken,
    claimWindowDays: options.claimWindowDays,
    limit: options.limit,
    repoHealth,
    rankMemo,
    takenMemo,
  });
  if ((options.explain || globals.verbose) && repoHealth.size < requestedRepos.length) {
    hooks.notice?.(
      `newcomer odds: no repository health cached for ${requestedRepos.length - repoHealth.size} of ${requestedRepos.length} repositories, ranked without it; \`oss-scout repos health\` fetches it (kept 24 h)`,
    );
  }
  return { result, fetch, requestedRepos, source, profile, stats, cachedRepos };
}

/**
 * The user's login as cached by claim tracking, so their own claim comments and PRs do not hide an
 * issue from them. Search never fails over the state file: without it, nobody is "you".
 */
async function cachedViewer(ctx: CliContext, apiUrl: string): Promise<string | undefined> {
  try {
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
