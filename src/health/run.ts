// `repos health` orchestration: which repositories, the 24-hour cache, and the GitHub fetch for the rest.
// Also what `search` reads: the cached figures only (a search never pays for them).
import { loadRepoList } from '../config/repos.js';
import { compareHealth, type RepoHealth } from '../core/health.js';
import type { RepoFailure, RepoName } from '../core/types.js';
import { OssScoutError } from '../errors.js';
import type { CliContext, GlobalOptions } from '../context.js';
import type { RequestStats } from '../github/client.js';
import { resolvePaths } from '../paths.js';

export interface HealthOptions {
  /** --repos; otherwise the user's repository list. */
  repos: RepoName[] | undefined;
  /** Fetch even when the cache is fresh. */
  refresh: boolean;
}

export interface HealthHooks {
  notice?: (line: string) => void;
  onFetchStart?: (repoCount: number) => void;
  onRequest?: (info: { method: string; url: string; status: number | undefined; ms: number }) => void;
  onWait?: (seconds: number, reason: string) => void;
}

export interface HealthRun {
  /** Best merge rate first. */
  health: RepoHealth[];
  failures: RepoFailure[];
  /** Repositories answered from the cache. */
  cached: number;
  stats: RequestStats | undefined;
}

export async function runHealth(options: HealthOptions, globals: GlobalOptions, ctx: CliContext, hooks: HealthHooks = {}): Promise<HealthRun> {
  const paths = resolvePaths(ctx.env);
  const repos = options.repos ?? (await loadRepoList(paths.reposFile)).entries.map((e) => e.repo);
  if (repos.length === 0) {
    throw new OssScoutError('usage', 'your repository list is empty', { hint: 'add one with `oss-scout repos add owner/name`, or pass --repos' });
  }
  const [{ resolveApiUrl, resolveConnection }, { createHealthCache }] = await Promise.all([import('../github/token.js'), import('../cache/health-cache.js')]);
  const apiUrl = resolveApiUrl(globals.apiUrl, ctx.env);
  const cache = createHealthCache(paths.cacheDir);
  const now = ctx.now();
  const hits = options.refresh ? new Map<RepoName, RepoHealth>() : await cache.get(apiUrl, repos, now);
  const missing = repos.filter((r) => !hits.has(r));
  let failures: RepoFailure[] = [];
  let fetched: RepoHealth[] = [];
  let stats: RequestStats | undefined;
  if (missing.length > 0) {
    const connection = await resolveConnection(globals, ctx.env);
    if (!connection.token) {
      throw new OssScoutError('auth', 'repository health needs a GitHub token: it is read with GraphQL search, which GitHub does not offer without one', {
        hint: 'export GH_TOKEN=$(gh auth token), or pass --token',
      });
    }
    const [{ connectFromContext }, { fetchRepoHealth }] = await Promise.all([import('../github/connect-context.js'), import('../github/health.js')]);
    const client = await connectFromContext(globals, ctx, {
      connection,
      ...(hooks.onRequest ? { onRequest: hooks.onRequest } : {}),
      ...(hooks.onWait ? { onWait: hooks.onWait } : {}),
    });
    stats = client.stats;
    hooks.onFetchStart?.(missing.length);
    const res = await fetchRepoHealth(client, missing, { now, capabilities: await client.capabilities() });
    fetched = res.health;
    failures = res.failures;
    try {
      await cache.put(apiUrl, fetched, now);
    } catch (e) {
      hooks.notice?.(`could not write the cache in ${paths.cacheDir}: ${(e as Error).message}`);
    }
  }
  const health = [...hits.values(), ...fetched].sort(compareHealth);
  if (health.length === 0 && failures[0]) {
    throw new OssScoutError('upstream', `${failures[0].repo}: ${failures[0].message}`, { hint: 'check the names with `oss-scout repos list`' });
  }
  return { health, failures, cached: hits.size, stats };
}
