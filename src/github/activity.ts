// The user's own pull requests from GitHub search, so work done without a claim still shows in the report.
import { issueKey } from '../core/refs.js';
import type { UserPullRequest } from '../core/types.js';
import { OssScoutError } from '../errors.js';
import { FULL_CAPABILITIES, type ServerCapabilities } from './capabilities.js';
import type { GitHubClient } from './client.js';
import { PULL_REQUEST_FRAGMENT } from './pull-request-fragment.js';

/** 100 per page; search never returns more than 1,000 results, so 10 pages is the most there can be. */
export const DEFAULT_MAX_PAGES = 5;

/**
 * The search query for the user's PRs. `type: ISSUE` on servers without advanced search (GHES 3.17 and
 * earlier): the query text has no AND/OR and no repeated qualifiers, so it means the same to both parsers.
 */
export function userPullRequestsQuery(capabilities: ServerCapabilities = FULL_CAPABILITIES): string {
  return `query OssScoutUserPullRequests($q: String!, $after: String) {
  search(type: ${capabilities.issueAdvanced ? 'ISSUE_ADVANCED' : 'ISSUE'}, query: $q, first: 100, after: $after) {
    issueCount
    pageInfo { hasNextPage endCursor }
    nodes {
      __typename
      ... on PullRequest { ...PullRequestFields }
    }
  }
  rateLimit { cost remaining resetAt }
}
${PULL_REQUEST_FRAGMENT}`;
}

export const USER_PULL_REQUESTS_QUERY = userPullRequestsQuery();

// Logins are [A-Za-z0-9-]; a GitHub App token's viewer ends in [bot]. Anything else could smuggle
// qualifiers into the query, so it is refused rather than quoted.
const LOGIN_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;

/**
 * A GitHub App's bot login is `NAME[bot]`; search names it `app/NAME` (`author:NAME[bot]` finds nothing).
 * `updated:>=` rather than `created:>=`: a PR opened or merged after the date was necessarily updated
 * after it too, and one opened earlier but merged in the period must be found. No repo: qualifiers: the
 * catalog is far more than the five AND/OR operators a query may hold, so repositories are filtered here.
 */
export function userPullRequestsSearch(login: string, since: Date): string {
  // The login itself is left out of the message: it is not a login, so it could be anything.
  if (!LOGIN_RE.test(login)) throw new OssScoutError('upstream', 'GitHub returned an unexpected login for the token (not a GitHub user name)');
  const bot = /^(.+)\[bot\]$/.exec(login);
  const author = bot ? `app/${bot[1]}` : login;
  return `is:pr author:${author} updated:>=${since.toISOString().slice(0, 10)}`;
}

interface RawPullRequest {
  __typename?: string;
  number?: number;
  title?: string;
  url?: string;
  state?: 'OPEN' | 'CLOSED' | 'MERGED';
  merged?: boolean;
  mergedAt?: string | null;
  createdAt?: string;
  isDraft?: boolean;
  reviewDecision?: string | null;
  repository?: { nameWithOwner?: string } | null;
}

interface RawSearch {
  search: {
    issueCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: (RawPullRequest | null)[];
  } | null;
}

export interface UserPullRequestsResult {
  pullRequests: UserPullRequest[];
  searchedSince: Date;
  /** More results existed than the page bound allowed. */
  truncated: boolean;
}

function toPullRequest(n: RawPullRequest): UserPullRequest | null {
  const repo = n.repository?.nameWithOwner;
  if (n.__typename !== 'PullRequest' || !repo || typeof n.number !== 'number' || !n.url || !n.createdAt || !n.state) {
    return null;
  }
  return {
    repo,
    number: n.number,
    url: n.url,
    title: n.title ?? '',
    state: n.state,
    merged: n.merged === true,
    mergedAt: n.mergedAt ?? null,
    createdAt: n.createdAt,
    isDraft: n.isDraft === true,
    reviewDecision: n.reviewDecision ?? null,
  };
}

/**
 * The user's PRs updated since `since`, kept only in `repos` (the catalog, the user's list and the
 * claimed repos; case-insensitive). One GraphQL search per page of 100, at most `maxPages` pages.
 */
export async function fetchUserPullRequests(
  client: GitHubClient,
  login: string,
  since: Date,
  repos: string[],
  options: { maxPages?: number } = {},
): Promise<UserPullRequestsResult> {
  const q = userPullRequestsSearch(login, since);
  const query = userPullRequestsQuery(await client.capabilities());
  const wanted = new Set(repos.map((r) => r.toLowerCase()));
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  const seen = new Map<string, UserPullRequest>();
  let after: string | null = null;
  let truncated = false;
  for (let page = 0; ; page++) {
    const res: { data: RawSearch; errors: { type?: string; message: string }[] } = await client.graphql<RawSearch>(query, {
      q,
      after,
    });
    const search = res.data?.search;
    if (!search) {
      // GitHub's message is untrusted text; the error type is one of its fixed names.
      const type = res.errors[0]?.type;
      const why = type !== undefined && /^[A-Z_]{1,40}$/.test(type) ? type : 'no search result in the response';
      throw new OssScoutError('upstream', `GitHub search for your pull requests failed: ${why}`);
    }
    for (const node of search.nodes) {
      const pr = node ? toPullRequest(node) : null;
      if (pr && wanted.has(pr.repo.toLowerCase())) seen.set(issueKey(pr.repo, pr.number), pr);
    }
    if (!search.pageInfo.hasNextPage || !search.pageInfo.endCursor) break;
    if (page + 1 >= maxPages) {
      truncated = true;
      break;
    }
    after = search.pageInfo.endCursor;
  }
  return { pullRequests: [...seen.values()], searchedSince: since, truncated };
}
