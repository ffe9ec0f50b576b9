// GitHub reads and writes for claim tracking. Loaded lazily by the commands: it pulls in Octokit.
import { chunk } from '../core/chunk.js';
import { issueKey, type IssueRef } from '../core/refs.js';
import type { ActivityPullRequest, ClaimActivity, ClaimPullRequest, IssueActivity, IssueComment, LinkedPullRequest } from '../core/types.js';
import { OssScoutError, usageError } from '../errors.js';
import { FULL_CAPABILITIES, type ServerCapabilities } from './capabilities.js';
import { httpStatusOf } from './errors.js';
import type { GitHubClient } from './client.js';
import { PULL_REQUEST_FRAGMENT } from './pull-request-fragment.js';

/** Above this many claims the refresh is split into several requests (each alias costs a few hundred nodes). */
export const CLAIMS_PER_QUERY = 50;

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

/** One claim to look up: owner/name and number. */
export interface ClaimTarget {
  repo: string;
  number: number;
}

/**
 * One aliased block per claim; owner, name and number go in variables so odd names cannot break the query.
 * A server without `closedByPullRequestsReferences` (older Enterprise Server) is asked for the timeline
 * events that carry the same fact: a manual link (connected / disconnected) and a cross-reference that
 * will close the issue (`willCloseTarget`).
 */
export function buildClaimActivityQuery(count: number, includeViewer: boolean, capabilities: ServerCapabilities = FULL_CAPABILITIES): string {
  const vars: string[] = [];
  const blocks: string[] = [];
  const closing = capabilities.closedByPullRequestsReferences;
  const itemTypes = closing ? 'CROSS_REFERENCED_EVENT, CONNECTED_EVENT' : 'CROSS_REFERENCED_EVENT, CONNECTED_EVENT, DISCONNECTED_EVENT';
  for (let i = 0; i < count; i++) {
    vars.push(`$o${i}: String!, $n${i}: String!, $i${i}: Int!`);
    blocks.push(`  c${i}: repository(owner: $o${i}, name: $n${i}) {
    issue(number: $i${i}) {
      title
      state
      closedAt
      assignees(first: 10) { nodes { login } }
${closing ? '      closedByPullRequestsReferences(first: 10, includeClosedPrs: true) { nodes { ...PullRequestFields } }\n' : ''}      timelineItems(itemTypes: [${itemTypes}], last: 25) {
        nodes {
          __typename
          ... on CrossReferencedEvent { willCloseTarget source { ... on PullRequest { ...PullRequestFields } } }
          ... on ConnectedEvent { source { ... on PullRequest { ...PullRequestFields } } subject { ... on PullRequest { ...PullRequestFields } } }
${closing ? '' : '          ... on DisconnectedEvent { source { ... on PullRequest { ...PullRequestFields } } subject { ... on PullRequest { ...PullRequestFields } } }\n'}        }
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

export function claimActivityVariables(claims: ClaimTarget[]): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  claims.forEach((c, i) => {
    const [owner, name] = c.repo.split('/');
    v[`o${i}`] = owner;
    v[`n${i}`] = name;
    v[`i${i}`] = c.number;
  });
  return v;
}

/** PULL_REQUEST_FRAGMENT's answer: a claim's pull request, with the repository and author as GitHub nests them. */
interface RawPR extends Omit<ClaimPullRequest, 'repo'> {
  author: { login: string } | null;
  repository: { nameWithOwner: string };
}

interface RawTimelineItem {
  __typename: string;
  willCloseTarget?: boolean;
  source?: Partial<RawPR>;
  subject?: Partial<RawPR>;
}

interface RawIssue {
  title: string;
  state: 'OPEN' | 'CLOSED';
  closedAt: string | null;
  assignees: { nodes: ({ login: string } | null)[] | null } | null;
  /** Absent when the server lacks the field (the query did not ask for it). */
  closedByPullRequestsReferences?: { nodes: (RawPR | null)[] | null } | null;
  timelineItems: { nodes: (RawTimelineItem | null)[] | null } | null;
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

/** A cross-reference from an issue has an empty source object: only pull requests carry a number here. */
function prOf(p: Partial<RawPR> | undefined): RawPR | undefined {
  return p && typeof p.number === 'number' && p.repository ? (p as RawPR) : undefined;
}

const prKey = (p: RawPR): string => issueKey(p.repository.nameWithOwner, p.number);

/**
 * Pure: the response for one chunk to activity records, PRs de-duplicated (closing wins over mention).
 * Without `closedByPullRequestsReferences` in the answer (not asked, or null), the timeline says which
 * PRs close the issue: a manual link not undone later, or a cross-reference that will close it.
 */
export function parseClaimActivity(claims: ClaimTarget[], data: RawResponse): IssueActivity[] {
  return claims.map((c, i) => {
    const issue = data[`c${i}`]?.issue ?? null;
    if (!issue) {
      return { repo: c.repo, number: c.number, found: false, title: null, state: null, closedAt: null, assignees: [], pullRequests: [] };
    }
    const prs = new Map<string, ActivityPullRequest>();
    const timeline = (issue.timelineItems?.nodes ?? []).filter((t): t is RawTimelineItem => t !== null);
    // Absent (older server) or null (cut by GitHub's resource limits): the timeline says it instead.
    if (issue.closedByPullRequestsReferences) {
      for (const p of issue.closedByPullRequestsReferences.nodes ?? []) if (p) prs.set(prKey(p), toPR(p, true));
    } else {
      const linked = new Map<string, RawPR>();
      for (const t of timeline) {
        const p = prOf(t.subject) ?? prOf(t.source);
        if (!p) continue;
        if (t.__typename === 'ConnectedEvent') linked.set(prKey(p), p);
        else if (t.__typename === 'DisconnectedEvent') linked.delete(prKey(p));
        else if (t.__typename === 'CrossReferencedEvent' && t.willCloseTarget === true) linked.set(prKey(p), p);
      }
      for (const [k, p] of linked) prs.set(k, toPR(p, true));
    }
    for (const t of timeline) {
      if (t.__typename === 'DisconnectedEvent') continue;
      const p = prOf(t.source) ?? prOf(t.subject);
      if (p && !prs.has(prKey(p))) prs.set(prKey(p), toPR(p, false));
    }
    return {
      repo: c.repo,
      number: c.number,
      found: true,
      title: issue.title,
      state: issue.state,
      closedAt: issue.closedAt,
      assignees: (issue.assignees?.nodes ?? []).flatMap((a) => (a ? [a.login] : [])),
      pullRequests: [...prs.values()],
    };
  });
}

/** One GraphQL request per CLAIMS_PER_QUERY claims, the viewer's login in the first when not cached. */
export async function fetchClaimActivity(client: GitHubClient, claims: ClaimTarget[], viewerLogin?: string): Promise<ClaimActivity> {
  if (!client.hasToken) {
    throw usageError('refreshing claims needs a GitHub token: GitHub has no GraphQL API without one', 'set GH_TOKEN, or run gh auth login');
  }
  const capabilities = await client.capabilities();
  const chunks = chunk(claims, CLAIMS_PER_QUERY);
  if (chunks.length === 0 && viewerLogin === undefined) chunks.push([]);
  const results = await Promise.all(
    chunks.map(async (part, idx) => {
      const withViewer = idx === 0 && viewerLogin === undefined;
      const res = await client.graphql<RawResponse>(buildClaimActivityQuery(part.length, withViewer, capabilities), claimActivityVariables(part));
      return { part, data: res.data, viewer: res.data.viewer?.login };
    }),
  );
  const login = viewerLogin ?? results[0]?.viewer;
  if (!login) throw new OssScoutError('upstream', 'GitHub did not say who the token belongs to (viewer.login missing)');
  return {
    viewer: { login, apiUrl: client.apiUrl },
    viewerFetched: viewerLogin === undefined,
    issues: results.flatMap((r) => parseClaimActivity(r.part, r.data)),
  };
}

/** The PRs linked to one issue, in the shape taken detection reads (a deleted author is "ghost"). */
export function toLinkedPullRequests(prs: ActivityPullRequest[]): LinkedPullRequest[] {
  return prs.map((p) => ({
    repo: p.repo,
    number: p.number,
    url: p.url,
    state: p.state,
    author: p.author ?? 'ghost',
    createdAt: p.createdAt,
    closesIssue: p.closesIssue,
    isDraft: p.isDraft,
  }));
}

/**
 * The pull requests that close or mention one issue, for `claim`'s "looks taken" warning: one GraphQL
 * request. undefined when they cannot be read: without a token (no GraphQL), or when the request fails
 * (it only feeds a warning; the claim itself does not depend on it). Ctrl-C still stops.
 */
export async function fetchLinkedPullRequests(client: GitHubClient, ref: ClaimTarget): Promise<LinkedPullRequest[] | undefined> {
  if (!client.hasToken) return undefined;
  try {
    const capabilities = await client.capabilities();
    const res = await client.graphql<RawResponse>(buildClaimActivityQuery(1, false, capabilities), claimActivityVariables([ref]));
    const [activity] = parseClaimActivity([ref], res.data);
    return activity?.found ? toLinkedPullRequests(activity.pullRequests) : undefined;
  } catch (e) {
    const err = client.mapError(e);
    if (err instanceof OssScoutError && err.kind === 'interrupted') throw err;
    return undefined;
  }
}

/** REST GET /repos/{o}/{r}/issues/{n}: works without a token. 404/410 become "no such issue" (exit 2). */
export async function fetchIssueForClaim(client: GitHubClient, ref: IssueRef): Promise<IssueForClaim> {
  let data;
  try {
    ({ data } = await client.octokit.rest.issues.get({ owner: ref.owner, repo: ref.name, issue_number: ref.number }));
  } catch (e) {
    const status = httpStatusOf(e);
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

/** The claim check wants at least this many of the latest comments when the issue has them. */
export const MIN_RECENT_COMMENTS = 30;

/**
 * The most recent comments, for the "someone asked for it" warning: the last page of 100, and the page
 * before it when the last one is short (101 comments leave one on the last page). Both are asked at once.
 */
export async function fetchRecentComments(client: GitHubClient, ref: IssueRef, commentCount: number): Promise<IssueComment[]> {
  if (commentCount <= 0) return [];
  const perPage = 100;
  const last = Math.ceil(commentCount / perPage);
  const onLast = commentCount - (last - 1) * perPage;
  const pages = last > 1 && onLast < MIN_RECENT_COMMENTS ? [last - 1, last] : [last];
  try {
    const answers = await Promise.all(
      pages.map((page) =>
        client.octokit.rest.issues.listComments({ owner: ref.owner, repo: ref.name, issue_number: ref.number, per_page: perPage, page }),
      ),
    );
    return answers.flatMap(({ data }) =>
      data.map((c) => ({
        author: c.user?.login ?? 'ghost',
        authorAssociation: c.author_association,
        body: c.body ?? '',
        createdAt: c.created_at,
      })),
    );
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
