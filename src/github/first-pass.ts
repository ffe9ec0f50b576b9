// The first pass of the GraphQL catalog fetch as pure functions: which repositories share a query, and the
// query. fetch-issues.ts sends it; src/search/early.ts sends the same queries before the client exists
// (prefetch.ts), so both take them from here and cannot drift apart.
import { chunk } from '../core/chunk.js';
import type { CatalogEntry } from '../core/types.js';
import type { ServerCapabilities } from './capabilities.js';
import { MAX_PAGE_SIZE, buildCatalogIssuesQuery, type BuiltQuery, type QueryOptions } from './queries.js';

// GitHub stops a query after 10 s, and its time grows with the issues in it. Light issues (no nested
// connection but labels) are cheap to serve.
const MAX_LIGHT_ISSUES_PER_QUERY = 2600;
const MAX_REPOS_PER_QUERY = 26;

/** How many repositories go in each first-pass query: as few, evenly filled queries as the limits allow. */
export function batchSize(repoCount: number, pageSize: number): number {
  const cap = Math.max(1, Math.min(MAX_REPOS_PER_QUERY, Math.floor(MAX_LIGHT_ISSUES_PER_QUERY / Math.max(1, pageSize))));
  const queries = Math.max(1, Math.ceil(repoCount / cap));
  return Math.max(1, Math.ceil(repoCount / queries));
}

/** Unique by name, case-insensitively, keeping the first entry's labels. */
export function uniqueEntries(entries: readonly CatalogEntry[]): CatalogEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    const key = e.repo.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The first page's size: the per-repository cap, at most a GraphQL page. */
export function firstPageSize(perRepo: number): number {
  return Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(perRepo)));
}

/** owner and name of `owner/name`; undefined for anything else. */
export function splitRepoName(repo: string): { owner: string; name: string } | undefined {
  const [owner, name, ...rest] = repo.split('/');
  return owner && name && rest.length === 0 ? { owner, name } : undefined;
}

export interface FirstPassRepo {
  entry: CatalogEntry;
  owner: string;
  name: string;
}

/** The repositories of each first-pass query, in order. */
export function firstPassBatches<T extends FirstPassRepo>(repos: T[], firstPage: number): T[][] {
  return chunk(repos, batchSize(repos.length, firstPage));
}

export function firstPassQuery(batch: readonly FirstPassRepo[], firstPage: number, options: QueryOptions): BuiltQuery {
  return buildCatalogIssuesQuery(batch.map((s) => ({ owner: s.owner, name: s.name, labels: s.entry.labels, first: firstPage })), options);
}

/** Every first-pass query fetchIssues sends for `entries` (with a token, before any retry or split). */
export function firstPassQueries(entries: readonly CatalogEntry[], perRepo: number, capabilities: ServerCapabilities): BuiltQuery[] {
  const firstPage = firstPageSize(perRepo);
  const repos: FirstPassRepo[] = [];
  for (const entry of uniqueEntries(entries)) {
    const parts = splitRepoName(entry.repo);
    if (parts) repos.push({ entry, ...parts });
  }
  return firstPassBatches(repos, firstPage).map((batch) => firstPassQuery(batch, firstPage, { capabilities }));
}
