// Response shapes (GraphQL and REST) to domain types. Pure: no I/O, no clock.
import type { IssueComment, IssueRecord, LinkedPullRequest, PullRequestState, RepoMeta } from '../core/types.js';
import { FULL_CAPABILITIES, type ServerCapabilities } from './capabilities.js';
import { issueKey } from '../core/refs.js';

/** GitHub shows deleted accounts as "ghost"; the API gives a null author. */
export const GHOST = 'ghost';

type Actor = { login: string } | null | undefined;

function login(a: Actor): string {
  return a?.login ?? GHOST;
}

export interface GqlLinkedPr {
  __typename?: string;
  number?: number;
  url?: string;
  state?: PullRequestState;
  isDraft?: boolean;
  createdAt?: string;
  author?: Actor;
  repository?: { nameWithOwner: string };
}

export interface GqlTimelineNode {
  __typename: string;
  createdAt?: string;
  willCloseTarget?: boolean;
  source?: GqlLinkedPr | null;
  subject?: GqlLinkedPr | null;
}

type Conn<T> = { nodes?: (T | null)[] | null } | null | undefined;

/** An issue as any of our queries returns it: light fields, signals, or both. Every connection may be null. */
export interface GqlIssue {
  number: number;
  title?: string;
  url?: string;
  body?: string | null;
  state?: 'OPEN' | 'CLOSED';
  createdAt?: string;
  updatedAt?: string;
  author?: Actor;
  labels?: Conn<{ name: string }>;
  comments?: ({ totalCount?: number } & NonNullable<Conn<{ author: Actor; authorAssociation: string; body: string; createdAt: string }>>) | null;
  assignees?: ({ totalCount?: number } & NonNullable<Conn<{ login: string }>>) | null;
  closedByPullRequestsReferences?: Conn<GqlLinkedPr>;
  timelineItems?: Conn<GqlTimelineNode>;
}

export interface GqlIssueConnection {
  totalCount?: number;
  pageInfo?: { hasNextPage: boolean; endCursor: string | null } | null;
  nodes?: (GqlIssue | null)[] | null;
}

export interface GqlRepository {
  nameWithOwner: string;
  description?: string | null;
  url?: string;
  stargazerCount?: number;
  isArchived?: boolean;
  isPrivate?: boolean;
  primaryLanguage?: { name: string } | null;
  languages?: { nodes: ({ name: string } | null)[] | null } | null;
  repositoryTopics?: { nodes: ({ topic: { name: string } } | null)[] | null } | null;
  issues?: GqlIssueConnection | null;
}

function present<T>(xs: (T | null | undefined)[] | null | undefined): T[] {
  return (xs ?? []).filter((x): x is T => x !== null && x !== undefined);
}

export function mapRepoMeta(r: GqlRepository): RepoMeta {
  return {
    repo: r.nameWithOwner,
    description: r.description ?? null,
    primaryLanguage: r.primaryLanguage?.name ?? null,
    languages: present(r.languages?.nodes).map((l) => l.name),
    topics: present(r.repositoryTopics?.nodes).map((t) => t.topic.name),
    stars: r.stargazerCount ?? 0,
    isArchived: r.isArchived ?? false,
    isPrivate: r.isPrivate ?? false,
    url: r.url ?? '',
  };
}

function mapPr(pr: GqlLinkedPr, fallbackRepo: string, closesIssue: boolean): LinkedPullRequest | undefined {
  if (pr.__typename !== undefined && pr.__typename !== 'PullRequest') return undefined;
  if (typeof pr.number !== 'number' || pr.state === undefined) return undefined;
  return {
    repo: pr.repository?.nameWithOwner ?? fallbackRepo,
    number: pr.number,
    url: pr.url ?? '',
    state: pr.state,
    author: login(pr.author),
    createdAt: pr.createdAt ?? '',
    closesIssue,
    ...(pr.isDraft !== undefined ? { isDraft: pr.isDraft } : {}),
  };
}

/** The PR side of a connect/disconnect event: one side is the PR, the other this issue. */
function linkedSide(ev: GqlTimelineNode): GqlLinkedPr | undefined {
  if (ev.source?.__typename === 'PullRequest') return ev.source;
  if (ev.subject?.__typename === 'PullRequest') return ev.subject;
  return undefined;
}

function prKey(pr: { repo: string; number: number }): string {
  return issueKey(pr.repo, pr.number);
}

/** Closing references and timeline mentions, one entry per PR; "will close" wins over "mentions". */
export function mapLinkedPullRequests(issue: Pick<GqlIssue, 'timelineItems' | 'closedByPullRequestsReferences'>, repo: string): LinkedPullRequest[] {
  const byKey = new Map<string, LinkedPullRequest>();
  const add = (pr: LinkedPullRequest | undefined): void => {
    if (!pr) return;
    const prev = byKey.get(prKey(pr));
    if (!prev || (!prev.closesIssue && pr.closesIssue)) byKey.set(prKey(pr), pr);
  };
  // Timeline first, oldest to newest, so that a later DisconnectedEvent undoes its ConnectedEvent.
  for (const ev of present(issue.timelineItems?.nodes)) {
    if (ev.__typename === 'CrossReferencedEvent' && ev.source) {
      add(mapPr(ev.source, repo, ev.willCloseTarget === true));
    } else if (ev.__typename === 'ConnectedEvent') {
      const side = linkedSide(ev);
      if (side) add(mapPr(side, repo, true));
    } else if (ev.__typename === 'DisconnectedEvent') {
      const side = linkedSide(ev);
      const pr = side ? mapPr(side, repo, false) : undefined;
      if (pr) byKey.delete(prKey(pr));
    }
  }
  // GitHub's own list of PRs that will close the issue is authoritative: it survives any disconnect above.
  for (const pr of present(issue.closedByPullRequestsReferences?.nodes)) add(mapPr(pr, repo, true));
  return [...byKey.values()];
}

/** The first pass: what ranking reads. Its taken signals are still to be fetched (signalsPending). */
export function mapLightIssue(issue: GqlIssue, repo: string): IssueRecord {
  return {
    repo,
    number: issue.number,
    title: issue.title ?? '',
    url: issue.url ?? '',
    body: issue.body ?? '',
    author: login(issue.author),
    labels: present(issue.labels?.nodes).map((l) => l.name),
    state: issue.state ?? 'OPEN',
    createdAt: issue.createdAt ?? '',
    updatedAt: issue.updatedAt ?? '',
    commentCount: 0,
    assignees: [],
    pullRequests: [],
    comments: [],
    signalsComplete: false,
    signalsPending: true,
  };
}

/**
 * The taken signals of `signals` laid over `base`. A connection GitHub left out (null, as it answers when
 * a query runs into its resource limits) leaves the issue with signalsComplete false, never looking free
 * for a reason that did not arrive. `signals` null: none arrived.
 */
export function withSignals(base: IssueRecord, signals: GqlIssue | null | undefined, caps: ServerCapabilities = FULL_CAPABILITIES): IssueRecord {
  const { signalsPending: _pending, ...rest } = base;
  if (!signals) return { ...rest, signalsComplete: false };
  const complete =
    Boolean(signals.comments) && Boolean(signals.assignees) && Boolean(signals.timelineItems) &&
    (!caps.closedByPullRequestsReferences || Boolean(signals.closedByPullRequestsReferences));
  const comments: IssueComment[] = present(signals.comments?.nodes).map((c) => ({
    author: login(c.author),
    authorAssociation: c.authorAssociation,
    body: c.body,
    createdAt: c.createdAt,
  }));
  return {
    ...rest,
    state: signals.state ?? base.state,
    updatedAt: signals.updatedAt ?? base.updatedAt,
    commentCount: signals.comments?.totalCount ?? Math.max(base.commentCount, comments.length),
    assignees: present(signals.assignees?.nodes).map((a) => a.login),
    pullRequests: mapLinkedPullRequests(signals, base.repo),
    comments,
    signalsComplete: complete,
  };
}

/** An issue with its light fields and its signals in one node (follow-up pages). */
export function mapGqlIssue(issue: GqlIssue, repo: string, caps: ServerCapabilities = FULL_CAPABILITIES): IssueRecord {
  return withSignals(mapLightIssue(issue, repo), issue, caps);
}

/** The fields of a REST issue-search-result-item that we read. */
export interface RestSearchItem {
  number: number;
  title: string;
  html_url: string;
  repository_url: string;
  body?: string | null;
  state: string;
  user: Actor;
  labels: ({ name?: string } | string)[];
  assignees?: ({ login: string } | null)[] | null;
  assignee?: { login: string } | null;
  comments: number;
  created_at: string;
  updated_at: string;
  pull_request?: unknown;
}

/** "https://api.github.com/repos/o/n" or "https://ghe.example/api/v3/repos/o/n" -> "o/n" */
export function repoFromRepositoryUrl(url: string): string | undefined {
  const m = /\/repos\/([^/]+)\/([^/?#]+)\/?$/.exec(url);
  return m ? `${decodeURIComponent(m[1] as string)}/${decodeURIComponent(m[2] as string)}` : undefined;
}

export function mapRestSearchItem(item: RestSearchItem): IssueRecord | undefined {
  const repo = repoFromRepositoryUrl(item.repository_url);
  if (!repo || item.pull_request !== undefined) return undefined;
  const assignees = present(item.assignees ?? (item.assignee ? [item.assignee] : [])).map((a) => a.login);
  return {
    repo,
    number: item.number,
    title: item.title,
    url: item.html_url,
    body: item.body ?? '',
    author: login(item.user),
    labels: item.labels.map((l) => (typeof l === 'string' ? l : (l.name ?? ''))).filter((l) => l !== ''),
    state: item.state.toLowerCase() === 'closed' ? 'CLOSED' : 'OPEN',
    createdAt: item.created_at,
    updatedAt: item.updated_at,
    commentCount: item.comments,
    assignees,
    // Search cannot see comments or mention-only PRs; `-linked:pr` already dropped closing PRs.
    pullRequests: [],
    comments: [],
    signalsComplete: false,
  };
}

/** What the REST fallback knows about a repository without spending a request on it. */
export function minimalRepoMeta(repo: string, url: string): RepoMeta {
  return {
    repo,
    description: null,
    primaryLanguage: null,
    languages: [],
    topics: [],
    stars: 0,
    isArchived: false,
    isPrivate: false,
    url,
  };
}
