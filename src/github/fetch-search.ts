// The no-token fallback: REST issue search, up to six repositories per query. It spends no request on
// repository metadata and cannot see comments or mention-only PRs, so its issues say signalsComplete=false.
import pLimit from 'p-limit';
import { repoWebUrl } from '../core/hosts.js';
import type { CatalogEntry, FetchResult, IssueRecord, RepoFailure, RepoMeta } from '../core/types.js';
import { OssScoutError, isOssScoutError } from '../errors.js';
import type { GitHubClient } from './client.js';
import { isFatal } from './errors.js';
import { mapRestSearchItem, minimalRepoMeta, type RestSearchItem } from './map.js';
import { MAX_REPOS_PER_SEARCH, MAX_SEARCH_OPERATORS, buildIssueSearchQuery, searchTextLength } from './queries.js';

export interface SearchFallbackOptions {
  perRepo: number;
  since?: string;
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
  now: () => Date;
}

/** GitHub refuses (422) a query whose text, qualifiers excluded, is longer than this. */
export const MAX_SEARCH_TEXT = 256;

/** Labels of all repositories in a group, once each (GitHub compares label names case-insensitively). */
export function unionLabels(entries: CatalogEntry[]): string[] {
  const seen = new Map<string, string>();
  for (const e of entries) for (const l of e.labels) if (!seen.has(l.toLowerCase())) seen.set(l.toLowerCase(), l);
  return [...seen.values()];
}

function queryFor(group: CatalogEntry[], since: string | undefined): string {
  return buildIssueSearchQuery({ repos: group.map((e) => e.repo), labels: unionLabels(group), ...(since !== undefined ? { since } : {}) });
}

/** AND/OR/NOT written as words, as GitHub counts them. */
function operatorCount(q: string): number {
  return (q.match(/(?<![\w:"-])(?:AND|OR|NOT)(?![\w:"])/g) ?? []).length;
}

/** Whether GitHub accepts the query: at most five operators, at most 256 characters of text. */
export function withinSearchLimits(q: string): boolean {
  return operatorCount(q) <= MAX_SEARCH_OPERATORS && searchTextLength(q) <= MAX_SEARCH_TEXT;
}

/**
 * Repositories in groups whose queries stay within GitHub's limits: consecutive, up to six a group, a
 * group closed early when adding the next one would break a limit. A single repository always stands.
 */
export function planSearchGroups(entries: CatalogEntry[], since?: string): CatalogEntry[][] {
  const groups: CatalogEntry[][] = [];
  let current: CatalogEntry[] = [];
  for (const e of entries) {
    const next = [...current, e];
    if (current.length > 0 && (next.length > MAX_REPOS_PER_SEARCH || !withinSearchLimits(queryFor(next, since)))) {
      groups.push(current);
      current = [e];
    } else {
      current = next;
    }
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** A group's query ORs every member's labels; keep only issues carrying one of their own repo's labels. */
function wanted(issue: IssueRecord, entry: CatalogEntry): boolean {
  if (entry.labels.length === 0) return true;
  const own = new Set(entry.labels.map((l) => l.toLowerCase()));
  return issue.labels.some((l) => own.has(l.toLowerCase()));
}

interface SearchResponse {
  items: RestSearchItem[];
}

function toError(client: GitHubClient, e: unknown): OssScoutError {
  const mapped = client.mapError(e);
  return isOssScoutError(mapped) ? mapped : new OssScoutError('upstream', mapped.message, { cause: e });
}

export async function fetchIssuesBySearch(
  client: GitHubClient,
  entries: CatalogEntry[],
  options: SearchFallbackOptions,
): Promise<FetchResult> {
  const perRepo = Math.max(1, Math.floor(options.perRepo));
  // Search has its own bucket of 10 requests a minute without a token; the throttling plugin spaces them.
  const limit = pLimit(options.concurrency ?? 2);
  const repos: RepoMeta[] = [];
  const issues: IssueRecord[] = [];
  const failures: RepoFailure[] = [];
  let firstError: OssScoutError | undefined;
  let done = 0;
  options.onProgress?.(0, entries.length);

  // The first fatal error (an unreachable host, a refused token) ends the fetch: the searches still queued
  // behind it, 2 s apart, would only fail the same way.
  let halted: OssScoutError | undefined;
  const search = async (group: CatalogEntry[]): Promise<void> => {
    if (halted) throw halted;
    try {
      const res = await client.octokit.request('GET /search/issues', {
        q: queryFor(group, options.since),
        sort: 'updated',
        order: 'desc',
        per_page: Math.min(100, perRepo * group.length),
        advanced_search: 'true',
      });
      const mapped = ((res.data as SearchResponse).items ?? []).map(mapRestSearchItem).filter((x): x is IssueRecord => x !== undefined);
      for (const entry of group) {
        const key = entry.repo.toLowerCase();
        const own = mapped.filter((i) => i.repo.toLowerCase() === key && wanted(i, entry)).slice(0, perRepo);
        issues.push(...own.map((i) => ({ ...i, repo: entry.repo })));
        const url = own[0]?.url.replace(/\/issues\/\d+$/, '') ?? repoWebUrl(client.apiUrl, entry.repo);
        repos.push(minimalRepoMeta(entry.repo, url));
      }
      done += group.length;
    } catch (e) {
      const err = toError(client, e);
      if (isFatal(err)) {
        halted ??= err;
        throw err;
      }
      // A 422 names no repository: one missing or private repository refuses the whole query. Halve the
      // group until the one GitHub refuses stands alone, so the others still answer.
      const status = (e as { status?: number }).status;
      if (status === 422 && group.length > 1) {
        const half = Math.ceil(group.length / 2);
        await Promise.all([search(group.slice(0, half)), search(group.slice(half))]);
        return;
      }
      firstError ??= err;
      const message =
        status === 422 ? `GitHub search refused the query (422): the repository may not exist or be private` : err.message;
      for (const entry of group) failures.push({ repo: entry.repo, kind: status === 422 ? 'not-found' : 'error', message });
      done += group.length;
    } finally {
      options.onProgress?.(done, entries.length);
    }
  };

  // The first search goes alone: if the host cannot be reached, none of the others is queued behind it
  // (the throttling plugin starts searches 2 s apart anyway, so this costs nothing when it answers).
  const [head, ...rest] = planSearchGroups(entries, options.since);
  if (head) await limit(() => search(head));
  await Promise.all(rest.map((group) => limit(() => search(group))));
  // Nothing answered: one error says why (exit 3), not a warning per repository.
  if (firstError && repos.length === 0) throw firstError;
  // Groups finish in any order; keep the caller's.
  const order = new Map(entries.map((e, i) => [e.repo.toLowerCase(), i]));
  const byOrder = (a: { repo: string }, b: { repo: string }): number => (order.get(a.repo.toLowerCase()) ?? 0) - (order.get(b.repo.toLowerCase()) ?? 0);
  return { fetchedAt: options.now().toISOString(), repos: repos.sort(byOrder), issues, failures: failures.sort(byOrder) };
}
