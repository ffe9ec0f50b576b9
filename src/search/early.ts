// The early start of a cold search: its first pass depends only on the settings, the token in the
// environment and which cache entries are fresh, so it is sent before the CLI, the ranking and Octokit
// load (github/prefetch.ts), and the search's client takes the answers when it asks for the same queries.
// Everything here decides as runSearch and fetchIssues will, with their own functions; when in doubt (no
// token in the environment, an Enterprise server not yet probed, nothing missing) nothing is sent.
import { createRepoCache, repoCacheKeyFor } from '../cache/repo-cache.js';
import { graphqlUrlFor } from '../core/hosts.js';
import { knownCapabilities } from '../github/capabilities.js';
import { firstPassQueries } from '../github/first-pass.js';
import { sendEarly } from '../github/prefetch.js';
import { resolveConnection } from '../github/token.js';
import { resolvePaths } from '../paths.js';
import type { SearchOptions } from './options.js';
import { resolveSearchRepos } from './repos.js';

/** As many as fetchIssues sends at once (the rest wait for a free slot there anyway). */
const MAX_EARLY_REQUESTS = 4;

/** Octokit's Authorization header (@octokit/auth-token): a JWT is a bearer token, anything else `token`. */
function authorization(token: string): string {
  return token.split('.').length === 3 ? `bearer ${token}` : `token ${token}`;
}

/**
 * Sends the first-pass queries the search will ask for; returns how many were sent. Never throws: anything
 * unexpected only means the search sends them itself, as it would have.
 */
export async function sendFirstPassEarly(
  options: Pick<SearchOptions, 'repos' | 'labels' | 'perRepo' | 'refresh' | 'offline' | 'snapshot'>,
  apiUrlFlag: string | undefined,
  env: NodeJS.ProcessEnv,
  now: Date,
): Promise<number> {
  try {
    if (options.offline || options.refresh || options.snapshot !== undefined) return 0;
    const paths = resolvePaths(env);
    const entries = await resolveSearchRepos(options, paths.reposFile);
    // A token from the environment only: asking `gh auth token` starts a process, which the search does itself.
    const connection = await resolveConnection({ apiUrl: apiUrlFlag }, env, () => Promise.resolve(undefined));
    const token = connection.token;
    if (!token || entries.length === 0) return 0;
    const capabilities = await knownCapabilities({ apiUrl: connection.apiUrl, hasToken: true }, { cacheDir: paths.cacheDir, now: () => now });
    if (!capabilities) return 0;
    const keys = entries.map((entry) => repoCacheKeyFor({ apiUrl: connection.apiUrl, authenticated: true, entry, perRepo: options.perRepo }));
    const { misses } = await createRepoCache(paths.cacheDir).get(keys, now);
    const missing = new Set(misses.map((k) => k.repo.toLowerCase()));
    const queries = firstPassQueries(entries.filter((e) => missing.has(e.repo.toLowerCase())), options.perRepo, capabilities);
    const headers = {
      accept: 'application/vnd.github.v3+json',
      authorization: authorization(token),
      'content-type': 'application/json; charset=utf-8',
      'user-agent': 'oss-scout',
    };
    const url = graphqlUrlFor(connection.apiUrl);
    const early = queries.slice(0, MAX_EARLY_REQUESTS);
    for (const q of early) sendEarly(url, headers, JSON.stringify({ query: q.query, variables: q.variables }));
    return early.length;
  } catch {
    return 0;
  }
}
