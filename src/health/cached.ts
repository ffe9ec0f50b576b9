// What `search` reads of repository health: the cached figures only, never a request (a search does not
// pay for them; `oss-scout repos health` fetches them).
import type { RepoHealth } from '../core/health.js';
import type { CliContext } from '../context.js';
import type { RepoName } from '../core/types.js';
import { resolvePaths } from '../paths.js';

/** By lower-case owner/name. A missing or unreadable cache is an empty map. */
export async function cachedHealth(ctx: CliContext, apiUrl: string, repos: readonly RepoName[]): Promise<Map<string, RepoHealth>> {
  try {
    const { createHealthCache } = await import('../cache/health-cache.js');
    const hits = await createHealthCache(resolvePaths(ctx.env).cacheDir).get(apiUrl, repos, ctx.now());
    return new Map([...hits.entries()].map(([repo, h]) => [repo.toLowerCase(), h]));
  } catch {
    return new Map();
  }
}
