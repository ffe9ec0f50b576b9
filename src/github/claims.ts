// GitHub reads and writes for claim tracking. Loaded lazily by the commands: it pulls in Octokit.
import { OssScoutError, usageError } from '../errors.js';
import type { CliContext, GlobalOptions } from '../context.js';
import type { IssueRef } from '../core/refs.js';
import type { IssueComment } from '../core/types.js';
import type { Claim } from '../state/schema.js';
import type { UserPullRequest } from '../core/report.js';
import { createGitHubClient, type GitHubClient, type GitHubClientOptions } from './client.js';
import { resolveApiUrl, resolveToken } from './token.js';
import { PULL_REQUEST_FRAGMENT } from './pull-request-fragment.js';
import { createEtagStore, withEtagCache } from '../cache/etag.js';
import { resolvePaths } from '../paths.js';

/** Above this many claims the refresh is split into several requests (each alias costs a few hundred nodes). */
export const CLAIMS_PER_QUERY = 50;

/** A pull request seen on a claimed issue: the report's shape plus who opened it and how it is linked. */
export interface ActivityPullRequest extends UserPullRequest {
  /** null for a deleted ("ghost") account. */
  author: string | null;
  /** true when GitHub lists it as closing the issue; false when it only mentions it. */
  closesIssue: boolean;
}

export interface IssueActivity {
  repo: string;
  number: number;
  /** false when GitHub no longer returns the issue (deleted, transferred, repo gone or private). */
  found: boolean;
  title: string | null;
  state: 'OPEN' | 'CLOSED' | null;
  closedAt: string | null;
  assignees: string[];
  pullRequests: ActivityPullRequest[];
}

export interface ClaimActivity {
  /** Who the token belongs to; the caller caches it in the state. */
  viewer: { login: string; apiUrl: string };
  /** true when the login came from this fetch rather than the cache. */
  viewerFetched: boolean;
  fetchedAt: string;
  issues: IssueActivity[];
}

export interface IssueForClaim {
  repo: string;
  number: number;
  title: string;
  url: string;
  labels: string[];
  state: 'open' | 'closed';
  isPullRequest: boolean;
  assignees: string[];
  author: string | null;
  body: string;
  createdAt: string;
  updatedAt: string;
  commentCount: number;
}

/** Builds the client the way every command does: flag, env, then gh, never storing the token. */
export async function connectGitHub(
  globals: GlobalOptions,
  ctx: CliContext,
  hooks: Pick<GitHubClientOptions, 'onRequest' | 'onWait'> = {},
): Promise<GitHubClient> {
  const apiUrl = resolveApiUrl(globals.apiUrl, ctx.env);
  const auth = await resolveToken(globals.token, ctx.env, apiUrl);
  const client = createGitHubClient({
    token: auth.token,
    apiUrl,
    timeoutMs: globals.timeoutMs,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...hooks,
  });
  // REST reads (the claimed issue, its comments) revalidate with ETags: a 304 costs no rate limit.
  withEtagCache(client.octokit, createEtagStore(resolvePaths(ctx.env).cacheDir), { authenticated: Boolean(auth.token), now: ctx.now });
  return client;
}


/** One aliased block per claim; owner, name and number go in variables so odd names cannot break the query. */
export function buildClaimActivityQuery(count: number, includeViewer: boolean): string {
  const vars: string[] = [];
  const blocks: string[] = [];
  for (let i = 0; i < count; i++) {
    vars.push(`$o${i}: String!, $n${i}: String!, $i${i}: Int!`);
    blocks.push(`  c${i}: repository(owner: $o${i}, name: $n${i}) {
    issue(number: $i${i}) {
      title
      state
      closedAt
      assignees(first: 10) { nodes { login } }
      closedByPullRequestsReferences(first: 10, includeClosedPrs: true) { nodes { ...PullRequestFields } }
      timelineItems(itemTypes: [CROSS_REFERENCED_EVENT, CONNECTED_EVENT], last: 25) {
        nodes {
          __typename
          ... on CrossReferencedEvent { source { ... on PullRequest { ...PullRequestFields } } }
          ... on ConnectedEvent { subject { ... on PullRequest { ...PullRequestFields } } }
        }
      }
    }
  }`);
  }
  const params = vars.length > 0 ? `(${vars.join(', ')})` : '';
  return `query ClaimActivity${params} {
${includeViewer ? '  viewer { login }\n' : ''}${blocks.join('\n')}
  rateLimit { cost remaining resetAt }
}
${count > 0 ? PULL_REQUEST_FRAGMENT : ''}`;
}

export function claimActivityVariables(claims: Pick<Claim, 'repo' | 'number'>[]): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  claims.forEach((c, i) => {
    const [owner, name] = c.repo.split('/');
    v[`o${i}`] = owner;
    v[`n${i}`] = name;
    v[`i${i}`] = c.number;
  });
  return v;
}

interface RawPR {
  number: number;
  url: string;
  title: string;
  state: 'OPEN' | 'CLOSED' | 'MERGED';
  merged: boolean;
  mergedAt: string | null;
  createdAt: string;
  isDraft: boolean;
  reviewDecision: string | null;
  author: { login: string } | null;
  repository: { nameWithOwner: string };
}

interface RawIssue {
  title: string;
  state: 'OPEN' | 'CLOSED';
  closedAt: string | null;
  assignees: { nodes: ({ login: string } | null)[] };
  closedByPullRequestsReferences: { nodes: (RawPR | null)[] } | null;
  timelineItems: { nodes: ({ __typename: string; source?: Partial<RawPR>; subject?: Partial<RawPR> } | null)[] };
}

type RawResponse = { viewer?: { login: string } } & Record<string, { issue: RawIssue | null } | null | undefined>;

function toPR(p: RawPR, closesIssue: boolean): ActivityPullRequest {
  return {
    repo: p.repository.nameWithOwner,
    number: p.number,
    url: p.url,
    title: p.title,
    state: p.state,
    merged: p.merged,
    mergedAt: p.mergedAt,
    createdAt: p.createdAt,
    isDraft: p.isDraft,
    reviewDecision: p.reviewDecision ?? null,
    author: p.author?.login ?? null,
    closesIssue,
  };
}

/** Pure: the response for one chunk to activity records, PRs de-duplicated (closing wins over mention). */
export function parseClaimActivity(claims: Pick<Claim, 'repo' | 'number'>[], data: RawResponse): IssueActivity[] {
  return claims.map((c, i) => {
    const issue = data[`c${i}`]?.issue ?? null;
    if (!issue) {
      return { repo: c.repo, number: c.number, found: false, title: null, state: null, closedAt: null, assignees: [], pullRequests: [] };
    }
    const prs = new Map<string, ActivityPullRequest>();
    for (const p of issue.closedByPullRequestsReferences?.nodes ?? []) {
      if (p) prs.set(`${p.repository.nameWithOwner}#${p.number}`, toPR(p, true));
    }
    for (const t of issue.timelineItems.nodes) {
      const p = t?.source ?? t?.subject;
      // A cross-reference from an issue has an empty source object: only pull requests carry a number here.
      if (!p || typeof p.number !== 'number' || !p.repository) continue;
      const key = `${p.repository.nameWithOwner}#${p.number}`;
      if (!prs.has(key)) prs.set(key, toPR(p as RawPR, false));
    }
    return {
      repo: c.repo,
      number: c.number,
      found: true,
      title: issue.title,
      state: issue.state,
      closedAt: issue.closedAt,
      assignees: issue.assignees.nodes.flatMap((a) => (a ? [a.login] : [])),
      pullRequests: [...prs.values()],
    };
  });
}

/** One GraphQL request per CLAIMS_PER_QUERY claims, the viewer's login in the first when not cached. */
export async function fetchClaimActivity(client: GitHubClient, claims: Claim[], viewerLogin?: string): Promise<ClaimActivity> {
  if (!client.hasToken) {
    throw usageError('refreshing claims needs a GitHub token: GitHub has no GraphQL API without one', 'set GH_TOKEN, or run gh auth login');
  }
  const chunks: Claim[][] = [];
  for (let i = 0; i < claims.length; i += CLAIMS_PER_QUERY) chunks.push(claims.slice(i, i + CLAIMS_PER_QUERY));
  if (chunks.length === 0 && viewerLogin === undefined) chunks.push([]);
  const results = await Promise.all(
    chunks.map(async (chunk, idx) => {
      const withViewer = idx === 0 && viewerLogin === undefined;
      const res = await client.graphql<RawResponse>(buildClaimActivityQuery(chunk.length, withViewer), claimActivityVariables(chunk));
      return { chunk, data: res.data, viewer: res.data.viewer?.login };
    }),
  );
  const login = viewerLogin ?? results[0]?.viewer;
  if (!login) throw new OssScoutError('upstream', 'GitHub did not say who the token belongs to (viewer.login missing)');
  return {
    viewer: { login, apiUrl: client.apiUrl },
    viewerFetched: viewerLogin === undefined,
    fetchedAt: new Date().toISOString(),
    issues: results.flatMap((r) => parseClaimActivity(r.chunk, r.data)),
  };
}

function statusOf(e: unknown): number | undefined {
  const s = (e as { status?: unknown }).status;
  return typeof s === 'number' ? s : undefined;
}

/** REST GET /repos/{o}/{r}/issues/{n}: works without a token. 404/410 become "no such issue" (exit 2). */
export async function fetchIssueForClaim(client: GitHubClient, ref: IssueRef): Promise<IssueForClaim> {
  let data;
  try {
    ({ data } = await client.octokit.rest.issues.get({ owner: ref.owner, repo: ref.name, issue_number: ref.number }));
  } catch (e) {
    const status = statusOf(e);
    if (status === 404 || status === 410) {
      throw new OssScoutError('not-found', `no such issue: ${ref.repo}#${ref.number}`, {
        hint: client.hasToken ? 'check the owner, repository and number' : 'check the reference; a private repository needs a token (GH_TOKEN)',
        cause: e,
      });
    }
    throw client.mapError(e);
  }
  // GitHub's spelling of owner/name (the user may have typed another case, or the repo was renamed).
  const canonical = /\/repos\/([^/]+\/[^/]+)$/.exec(data.repository_url)?.[1];
  return {
    repo: canonical ?? ref.repo,
    number: data.number,
    title: data.title,
    url: data.html_url,
    labels: data.labels.flatMap((l) => (typeof l === 'string' ? [l] : l.name ? [l.name] : [])),
    state: data.state === 'closed' ? 'closed' : 'open',
    isPullRequest: data.pull_request != null,
    assignees: (data.assignees ?? []).flatMap((a) => (a ? [a.login] : [])),
    author: data.user?.login ?? null,
    body: data.body ?? '',
    createdAt: data.created_at,
    updatedAt: data.updated_at,
    commentCount: data.comments,
  };
}

/** The most recent comments (the last page of up to 100), for the "someone asked for it" warning. */
export async function fetchRecentComments(client: GitHubClient, ref: IssueRef, commentCount: number): Promise<IssueComment[]> {
  if (commentCount <= 0) return [];
  const perPage = 100;
  try {
    const { data } = await client.octokit.rest.issues.listComments({
      owner: ref.owner,
      repo: ref.name,
      issue_number: ref.number,
      per_page: perPage,
      page: Math.ceil(commentCount / perPage),
    });
    return data.map((c) => ({
      author: c.user?.login ?? 'ghost',
      authorAssociation: c.author_association,
      body: c.body ?? '',
      createdAt: c.created_at,
    }));
  } catch (e) {
    throw client.mapError(e);
  }
}

export const CLAIM_COMMENT = "Hi! I'd like to work on this. Could it be assigned to me?";

/** POST a comment on the issue; needs a token. Returns the comment's URL. */
export async function postClaimComment(client: GitHubClient, ref: IssueRef, body: string = CLAIM_COMMENT): Promise<string> {
  if (!client.hasToken) throw usageError('posting a comment needs a GitHub token', 'set GH_TOKEN, or run gh auth login');
  try {
    const { data } = await client.octokit.rest.issues.createComment({ owner: ref.owner, repo: ref.name, issue_number: ref.number, body });
    return data.html_url;
  } catch (e) {
    throw client.mapError(e);
  }
}
