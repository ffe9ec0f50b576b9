// Fetches open beginner issues for a list of repositories in as few requests as GitHub allows.
// With a token: GraphQL, many repositories per query (see queries.ts for the point arithmetic).
// Without one: REST issue search (fetch-search.ts), which sees fewer taken signals.
import pLimit from 'p-limit';
import type { CatalogEntry, FetchResult, IssueRecord, RepoFailure, RepoFailureKind, RepoMeta } from '../core/types.js';
import { OssScoutError, isOssScoutError } from '../errors.js';
import { chunk } from '../core/chunk.js';
import type { GitHubClient, GraphQLErrorInfo } from './client.js';
import { isFatal } from './errors.js';
import { mapGqlIssue, mapRepoMeta, type GqlRepository } from './map.js';
import { MAX_PAGE_SIZE, buildCatalogIssuesQuery, buildIssuesPageQuery, type RepoQueryInput } from './queries.js';
import { fetchIssuesBySearch } from './fetch-search.js';

export interface FetchIssuesOptions {
  /** Issues wanted per repository. */
  perRepo: number;
  /** ISO date-time: only issues updated since then. */
  since?: string;
  /** Queries in flight at once (default 4). */
  concurrency?: number;
  /** Repositories answered so far, out of all. */
  onProgress?: (done: number, total: number) => void;
  /** Clock for fetchedAt. */
  now?: () => Date;
}

/** Repositories per query: GitHub stops a query after 10 s, and its time grows with the issues in it. */
const MAX_ISSUES_PER_QUERY = 300;
const MAX_REPOS_PER_QUERY = 15;
/** The request budget for a cold catalog fetch; larger catalogs get more, still full, queries. */
const TARGET_QUERIES = 4;
/** Follow-up rounds for repositories with more pages; each round is one query per batch. */
const MAX_PAGE_ROUNDS = 5;

/** How many repositories go in each query: as few queries as fit the time limit, at most TARGET_QUERIES when they fit. */
export function batchSize(repoCount: number, pageSize: number): number {
  const cap = Math.max(1, Math.min(MAX_REPOS_PER_QUERY, Math.floor(MAX_ISSUES_PER_QUERY / Math.max(1, pageSize))));
  return Math.max(1, Math.min(cap, Math.ceil(repoCount / TARGET_QUERIES)));
}

function failureKind(type: string | undefined): RepoFailureKind {
  if (type === 'NOT_FOUND') return 'not-found';
  if (type === 'FORBIDDEN') return 'forbidden';
  if (type === 'RATE_LIMITED') return 'rate-limited';
  return 'error';
}

function toError(client: GitHubClient, e: unknown): OssScoutError {
  const mapped = isOssScoutError(e) ? e : client.mapError(e);
  return isOssScoutError(mapped) ? mapped : new OssScoutError('upstream', mapped.message, { cause: e });
}

/** Unique by name, case-insensitively, keeping the first entry's labels. */
export function uniqueEntries(entries: CatalogEntry[]): CatalogEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => {
    const key = e.repo.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

interface RepoState {
  entry: CatalogEntry;
  input: RepoQueryInput;
  issues: IssueRecord[];
}

interface Accumulator {
  repos: RepoMeta[];
  failures: RepoFailure[];
  pending: RepoState[];
}

type Data = Record<string, GqlRepository | null | unknown>;

function errorFor(alias: string, errors: GraphQLErrorInfo[]): GraphQLErrorInfo | undefined {
  return errors.find((x) => x.path?.[0] === alias);
}

function takeIssues(state: RepoState, repo: GqlRepository, perRepo: number, acc: Accumulator): void {
  for (const node of repo.issues.nodes ?? []) {
    if (node && state.issues.length < perRepo) state.issues.push(mapGqlIssue(node, state.entry.repo));
  }
  const { hasNextPage, endCursor } = repo.issues.pageInfo;
  if (hasNextPage && endCursor && state.issues.length < perRepo) {
    const first = Math.min(MAX_PAGE_SIZE, perRepo - state.issues.length);
    state.input = { ...state.input, first, after: endCursor };
    acc.pending.push(state);
  }
}

function absorb(batch: RepoState[], result: { data: Data; errors: GraphQLErrorInfo[] }, perRepo: number, withMeta: boolean, acc: Accumulator): void {
  batch.forEach((state, i) => {
    const alias = `r${i}`;
    const repo = result.data[alias] as GqlRepository | null | undefined;
    if (!repo) {
      const err = errorFor(alias, result.errors);
      acc.failures.push({
        repo: state.entry.repo,
        kind: failureKind(err?.type),
        message: err?.message ?? 'GitHub returned no data for this repository',
      });
      return;
    }
    if (withMeta) {
      // Archived repositories accept no pull requests: listing their issues would only waste a reader's time.
      if (repo.isArchived) {
        acc.failures.push({ repo: state.entry.repo, kind: 'error', message: 'archived: the repository is read-only' });
        return;
      }
      // A renamed repository answers under its new name; keep the name that was asked for so its issues,
      // its metadata and its cache entry stay together (the URLs GitHub returns already point to the new name).
      acc.repos.push({ ...mapRepoMeta(repo), repo: state.entry.repo });
    }
    takeIssues(state, repo, perRepo, acc);
  });
}

export async function fetchIssues(
  client: GitHubClient,
  entries: CatalogEntry[],
  options: FetchIssuesOptions,
): Promise<FetchResult> {
  const now = options.now ?? (() => new Date());
  const unique = uniqueEntries(entries);
  if (!client.hasToken) return fetchIssuesBySearch(client, unique, { ...options, now });

  const perRepo = Math.max(1, Math.floor(options.perRepo));
  const pageSize = Math.min(MAX_PAGE_SIZE, perRepo);
  const limit = pLimit(options.concurrency ?? TARGET_QUERIES);
  const acc: Accumulator = { repos: [], failures: [], pending: [] };
  const states: RepoState[] = [];
  for (const entry of unique) {
    const [owner, name, ...rest] = entry.repo.split('/');
    if (!owner || !name || rest.length > 0) {
      acc.failures.push({ repo: entry.repo, kind: 'error', message: 'malformed repository name: expected owner/name' });
      continue;
    }
    states.push({ entry, input: { owner, name, labels: entry.labels, first: pageSize }, issues: [] });
  }

  const total = states.length;
  let done = 0;
  options.onProgress?.(0, total);
  const sinceOpt = options.since !== undefined ? { since: options.since } : {};
  const batches = chunk(states, batchSize(states.length, pageSize));
  const errors: OssScoutError[] = [];

  await Promise.all(
    batches.map((batch) =>
      limit(async () => {
        const { query, variables } = buildCatalogIssuesQuery(batch.map((s) => s.input), sinceOpt);
        try {
          absorb(batch, await client.graphql<Data>(query, variables), perRepo, true, acc);
        } catch (e) {
          const err = toError(client, e);
          if (isFatal(err)) throw err;
          errors.push(err);
          for (const s of batch) acc.failures.push({ repo: s.entry.repo, kind: 'error', message: err.message });
        } finally {
          done += batch.length;
          options.onProgress?.(done, total);
        }
      }),
    ),
  );
  // Nothing answered at all: that is GitHub or the network failing, not a list of bad repositories.
  if (errors.length > 0 && errors.length === batches.length) throw errors[0];

  for (let round = 0; round < MAX_PAGE_ROUNDS && acc.pending.length > 0; round++) {
    const pending = acc.pending;
    acc.pending = [];
    const largest = Math.max(...pending.map((s) => s.input.first));
    const pageBatches = chunk(pending, batchSize(pending.length, largest));
    await Promise.all(
      pageBatches.map((batch) =>
        limit(async () => {
          const { query, variables } = buildIssuesPageQuery(batch.map((s) => s.input), sinceOpt);
          try {
            absorb(batch, await client.graphql<Data>(query, variables), perRepo, false, acc);
          } catch (e) {
            const err = toError(client, e);
            if (isFatal(err)) throw err;
            for (const s of batch) {
              acc.failures.push({ repo: s.entry.repo, kind: 'error', message: `only ${s.issues.length} issues fetched: ${err.message}` });
            }
          }
        }),
      ),
    );
  }

  return {
    fetchedAt: now().toISOString(),
    repos: acc.repos,
    issues: states.flatMap((s) => s.issues),
    failures: acc.failures,
  };
}
