// The no-token fallback: REST issue search, up to six repositories per query. It spends no request on
// repository metadata and cannot see comments or mention-only PRs, so its issues say signalsComplete=false.
import pLimit from 'p-limit';
import type { CatalogEntry, FetchResult, IssueRecord, RepoFailure, RepoMeta } from '../core/types.js';
import { OssScoutError, isOssScoutError } from '../errors.js';
import type { GitHubClient } from './client.js';
import { mapRestSearchItem, minimalRepoMeta, webUrlFor, type RestSearchItem } from './map.js';
import { MAX_REPOS_PER_SEARCH, buildIssueSearchQuery } from './queries.js';

export interface SearchFallbackOptions {
  perRepo: number;
  since?: string;
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
  now: () => Date;
}

function chunk<T>(xs: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** Labels of all repositories in a group, once each (GitHub compares label names case-insensitively). */
export function unionLabels(entries: CatalogEntry[]): string[] {
  const seen = new Map<string, string>();
  for (const e of entries) for (const l of e.labels) if (!seen.has(l.toLowerCase())) seen.set(l.toLowerCase(), l);
  return [...seen.values()];
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

export async function fetchIssuesBySearch(
  client: GitHubClient,
  entries: CatalogEntry[],
  options: SearchFallbackOptions,
): Promise<FetchResult> {
  const perRepo = Math.max(1, Math.floor(options.perRepo));
  // Search has its own bucket of 10 requests a minute without a token; the throttling plugin spaces them.
  const limit = pLimit(options.concurrency ?? 2);
  const groups = chunk(entries, MAX_REPOS_PER_SEARCH);
  const repos: RepoMeta[] = [];
  const issues: IssueRecord[] = [];
  const failures: RepoFailure[] = [];
  const errors: OssScoutError[] = [];
  let done = 0;
  options.onProgress?.(0, entries.length);

  await Promise.all(
    groups.map((group) =>
      limit(async () => {
        const q = buildIssueSearchQuery({
          repos: group.map((e) => e.repo),
          labels: unionLabels(group),
          ...(options.since !== undefined ? { since: options.since } : {}),
        });
        try {
          const res = await client.octokit.request('GET /search/issues', {
            q,
            sort: 'updated',
            order: 'desc',
            per_page: Math.min(100, perRepo * group.length),
            advanced_search: 'true',
          });
          const mapped = ((res.data as SearchResponse).items ?? [])
            .map(mapRestSearchItem)
            .filter((x): x is IssueRecord => x !== undefined);
          for (const entry of group) {
            const key = entry.repo.toLowerCase();
            const own = mapped.filter((i) => i.repo.toLowerCase() === key && wanted(i, entry)).slice(0, perRepo);
            issues.push(...own.map((i) => ({ ...i, repo: entry.repo })));
            const url = own[0]?.url.replace(/\/issues\/\d+$/, '') ?? webUrlFor(client.apiUrl, entry.repo);
            repos.push(minimalRepoMeta(entry.repo, url));
          }
        } catch (e) {
          const mapped = client.mapError(e);
          const err = isOssScoutError(mapped) ? mapped : new OssScoutError('upstream', mapped.message, { cause: e });
          if (err.kind === 'auth' || err.kind === 'rate-limited' || err.kind === 'interrupted') throw err;
          errors.push(err);
          // A 422 names no repository: one missing or private repository fails its whole group.
          const status = (e as { status?: number }).status;
          const message =
            status === 422
              ? `GitHub search refused the query (422); one of ${group.map((g) => g.repo).join(', ')} may not exist or be private`
              : err.message;
          for (const entry of group) failures.push({ repo: entry.repo, kind: 'error', message });
        } finally {
          done += group.length;
          options.onProgress?.(done, entries.length);
        }
      }),
    ),
  );
  if (errors.length > 0 && errors.length === groups.length) throw errors[0];
  return { fetchedAt: options.now().toISOString(), repos, issues, failures };
}
