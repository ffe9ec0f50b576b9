// Newcomer health from GitHub search: the pull requests each repository received in the last 90 days, and
// for merged PRs whose author now reads CONTRIBUTOR, whether that PR was the author's first merged one.
// Many repositories per query (aliases); every search connection costs one request, so a query of 60
// aliases is 1 point.
import pLimit from 'p-limit';
import {
  HEALTH_WINDOW_DAYS,
  computeRepoHealth,
  needsFirstMergeCheck,
  type HealthPullRequest,
  type HealthWindowSample,
  type RepoHealth,
} from '../core/health.js';
import type { RepoFailure, RepoName } from '../core/types.js';
import { OssScoutError } from '../errors.js';
import { FULL_CAPABILITIES, type ServerCapabilities } from './capabilities.js';
import type { GitHubClient, GraphQLErrorInfo } from './client.js';

/** Slices of the 90 days: each search returns at most 100 PRs, so a busy repository is sampled per slice. */
export const HEALTH_SLICES = 3;
/** Search aliases per GraphQL request: 30 pages of 100 PRs, or 50 one-PR first-merge checks. */
export const HEALTH_ALIASES_PER_QUERY = 30;
export const CHECK_ALIASES_PER_QUERY = 50;
/** First-merge checks per repository; more candidates are estimated from the checked share. */
export const MAX_FIRST_MERGE_CHECKS = 12;
const CONCURRENCY = 4;

// Logins are [A-Za-z0-9-]; anything else could smuggle qualifiers into a query, so it is not checked.
const LOGIN_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO_RE = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

const PR_FIELDS = `__typename ... on PullRequest { number state createdAt mergedAt authorAssociation author { __typename login } }`;

export interface SearchAlias {
  alias: string;
  query: string;
}

/** One document that runs every alias's search; queries travel as variables. */
export function buildHealthQuery(aliases: readonly SearchAlias[], first: number, caps: ServerCapabilities = FULL_CAPABILITIES): {
  query: string;
  variables: Record<string, string>;
} {
  const type = caps.issueAdvanced ? 'ISSUE_ADVANCED' : 'ISSUE';
  const vars = aliases.map((_, i) => `$q${i}: String!`).join(', ');
  const fields = first === 1 ? `nodes { ${PR_FIELDS} }` : `issueCount nodes { ${PR_FIELDS} }`;
  const body = aliases.map((a, i) => `  ${a.alias}: search(type: ${type}, query: $q${i}, first: ${first}) { ${fields} }`).join('\n');
  const query = `query OssScoutRepoHealth(${vars}) {\n${body}\n  rateLimit { cost remaining resetAt }\n}`;
  const variables: Record<string, string> = {};
  aliases.forEach((a, i) => {
    variables[`q${i}`] = a.query;
  });
  return { query, variables };
}

const day = (d: Date): string => d.toISOString().slice(0, 10);

/** The 90 days as HEALTH_SLICES date ranges, oldest first, e.g. `created:2026-09-03..2026-10-02`. */
export function healthSlices(now: Date): { from: string; to: string }[] {
  const per = Math.ceil(HEALTH_WINDOW_DAYS / HEALTH_SLICES);
  const out: { from: string; to: string }[] = [];
  for (let i = HEALTH_SLICES - 1; i >= 0; i--) {
    const to = new Date(now.getTime() - i * per * 86_400_000);
    const from = new Date(to.getTime() - (per - 1) * 86_400_000);
    out.push({ from: day(from), to: day(to) });
  }
  return out;
}

export function sliceSearch(repo: RepoName, slice: { from: string; to: string }): string {
  return `repo:${repo} is:pr created:${slice.from}..${slice.to} sort:created-desc`;
}

export function firstMergeSearch(repo: RepoName, login: string): string {
  return `repo:${repo} is:pr is:merged author:${login} sort:created-asc`;
}

interface RawPr {
  __typename?: string;
  number?: number;
  state?: string;
  createdAt?: string;
  mergedAt?: string | null;
  authorAssociation?: string;
  author?: { __typename?: string; login?: string } | null;
}

interface RawSearch {
  issueCount?: number;
  nodes?: (RawPr | null)[] | null;
}

function toPr(n: RawPr | null): HealthPullRequest | null {
  if (!n || n.__typename !== 'PullRequest' || typeof n.number !== 'number' || !n.createdAt) return null;
  if (n.state !== 'OPEN' && n.state !== 'CLOSED' && n.state !== 'MERGED') return null;
  // Bots (dependabot, renovate...) are nobody's first contribution.
  const login = n.author?.login ?? '';
  if (n.author?.__typename === 'Bot' || login.endsWith('[bot]') || login === '') return null;
  return {
    number: n.number,
    author: login,
    authorAssociation: n.authorAssociation ?? 'NONE',
    state: n.state,
    createdAt: n.createdAt,
    mergedAt: n.mergedAt ?? null,
  };
}

export interface RepoHealthFetch {
  health: RepoHealth[];
  failures: RepoFailure[];
}

function aliasError(errors: readonly GraphQLErrorInfo[], alias: string): GraphQLErrorInfo | undefined {
  return errors.find((e) => e.path?.[0] === alias);
}

interface AliasGroup {
  repo: RepoName;
  aliases: SearchAlias[];
}

interface AliasAnswers {
  data: Map<string, RawSearch | null>;
  errors: GraphQLErrorInfo[];
  /** Repositories whose searches failed even alone: repo -> message. */
  failed: Map<RepoName, string>;
}

/**
 * Runs the groups' searches, `perQuery` aliases a request. `search` is non-null in GitHub's
 * schema, so one repository that cannot be searched fails the whole request; a request that fails that way
 * (or with a 502/504 timeout) is split in half and retried, down to one repository, which is then a failure.
 */
async function runAliases(client: GitHubClient, groups: AliasGroup[], first: number, caps: ServerCapabilities, perQuery: number): Promise<AliasAnswers> {
  const limit = pLimit(CONCURRENCY);
  const out: AliasAnswers = { data: new Map(), errors: [], failed: new Map() };
  const batches: AliasGroup[][] = [];
  let current: AliasGroup[] = [];
  let size = 0;
  for (const g of groups) {
    if (size + g.aliases.length > perQuery && current.length > 0) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(g);
    size += g.aliases.length;
  }
  if (current.length > 0) batches.push(current);

  const run = async (batch: AliasGroup[]): Promise<void> => {
    const aliases = batch.flatMap((g) => g.aliases);
    const { query, variables } = buildHealthQuery(aliases, first, caps);
    try {
      const res = await limit(() => client.graphql<Record<string, RawSearch | null>>(query, variables));
      for (const a of aliases) out.data.set(a.alias, res.data[a.alias] ?? null);
      out.errors.push(...res.errors);
    } catch (e) {
      if (!(e instanceof OssScoutError) || e.kind !== 'upstream') throw e;
      if (batch.length === 1) {
        out.failed.set((batch[0] as AliasGroup).repo, e.message);
        return;
      }
      const mid = Math.ceil(batch.length / 2);
      await Promise.all([run(batch.slice(0, mid)), run(batch.slice(mid))]);
    }
  };
  await Promise.all(batches.map(run));
  return out;
}

/**
 * Health figures for each repository. A repository whose search fails (it does not exist, or is private
 * to this token) is a failure, and the others still answer.
 */
export async function fetchRepoHealth(
  client: GitHubClient,
  repos: readonly RepoName[],
  options: { now: Date; capabilities?: ServerCapabilities },
): Promise<RepoHealthFetch> {
  const caps = options.capabilities ?? FULL_CAPABILITIES;
  const slices = healthSlices(options.now);
  const failures: RepoFailure[] = [];
  const valid = repos.filter((r) => {
    if (REPO_RE.test(r)) return true;
    failures.push({ repo: r, kind: 'error', message: 'not a repository name' });
    return false;
  });

  const sliceGroups: AliasGroup[] = valid.map((repo, ri) => ({
    repo,
    aliases: slices.map((s, si) => ({ alias: `r${ri}s${si}`, query: sliceSearch(repo, s) })),
  }));
  const first = await runAliases(client, sliceGroups, 100, caps, HEALTH_ALIASES_PER_QUERY);

  const samples = new Map<RepoName, HealthWindowSample[]>();
  valid.forEach((repo, ri) => {
    const windows: HealthWindowSample[] = [];
    const alone = first.failed.get(repo);
    if (alone !== undefined) {
      failures.push({ repo, kind: 'error', message: alone });
      return;
    }
    let failed: GraphQLErrorInfo | undefined;
    slices.forEach((_, si) => {
      const alias = `r${ri}s${si}`;
      const raw = first.data.get(alias);
      if (!raw) {
        failed ??= aliasError(first.errors, alias) ?? { message: 'no search result in the response' };
        return;
      }
      const nodes = (raw.nodes ?? []).filter((n) => n?.__typename === 'PullRequest');
      const prs = nodes.map(toPr).filter((p): p is HealthPullRequest => p !== null);
      windows.push({ total: Math.max(raw.issueCount ?? nodes.length, nodes.length), read: nodes.length, pullRequests: prs });
    });
    if (failed) {
      failures.push({ repo, kind: failed.type === 'NOT_FOUND' ? 'not-found' : 'error', message: failed.message });
      return;
    }
    samples.set(repo, windows);
  });

  // Second pass: was this merged CONTRIBUTOR PR its author's first merged PR here? One check per author,
  // newest PRs first, at most MAX_FIRST_MERGE_CHECKS per repository.
  const checkGroups: AliasGroup[] = [];
  const checkTargets = new Map<string, { repo: RepoName; author: string }>();
  [...samples.entries()].forEach(([repo, windows], ri) => {
    const authors = new Set<string>();
    const group: AliasGroup = { repo, aliases: [] };
    const candidates = windows
      .flatMap((w) => w.pullRequests)
      .filter(needsFirstMergeCheck)
      .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    for (const pr of candidates) {
      if (authors.size >= MAX_FIRST_MERGE_CHECKS) break;
      if (authors.has(pr.author) || !LOGIN_RE.test(pr.author)) continue;
      authors.add(pr.author);
      const alias = `f${ri}a${authors.size - 1}`;
      group.aliases.push({ alias, query: firstMergeSearch(repo, pr.author) });
      checkTargets.set(alias, { repo, author: pr.author });
    }
    if (group.aliases.length > 0) checkGroups.push(group);
  });
  // A failed check only leaves those PRs unchecked (estimated from the others), never the repository failed.
  const checks = await runAliases(client, checkGroups, 1, caps, CHECK_ALIASES_PER_QUERY);
  const firstMergedBy = new Map<string, number>(); // "repo#author" -> number of that author's first merged PR
  for (const [alias, target] of checkTargets) {
    const node = checks.data.get(alias)?.nodes?.[0];
    if (node && typeof node.number === 'number') firstMergedBy.set(`${target.repo}#${target.author}`, node.number);
  }

  const health: RepoHealth[] = [];
  for (const [repo, windows] of samples) {
    const firstMergeChecks = new Map<number, boolean>();
    for (const pr of windows.flatMap((w) => w.pullRequests)) {
      if (!needsFirstMergeCheck(pr)) continue;
      const firstNumber = firstMergedBy.get(`${repo}#${pr.author}`);
      if (firstNumber !== undefined) firstMergeChecks.set(pr.number, firstNumber === pr.number);
    }
    health.push(computeRepoHealth({ repo, windows, firstMergeChecks }, options.now));
  }
  return { health, failures };
}
