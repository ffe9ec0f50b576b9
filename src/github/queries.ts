// GraphQL documents, as pure functions of what they ask for: the same inputs give the same text, so
// tests can validate every variant against GitHub's schema. Values travel as variables, never spliced in.

/**
 * Connection sizes. GitHub charges, per query, (sum over connections of the requests each implies at its
 * full first/last) / 100, at least 1 point. Per repository with P issues per page:
 *   languages + repositoryTopics + issues                      = 3
 *   per issue: labels, comments, assignees, closedByPRs, timeline = 5 x P
 * so 3 + 5P requests. The default catalog (45 repos, P = 20) is 45 x 103 = 4,635 requests, about 46
 * points, split into 4 queries of at most 12 repos (12 x 103 / 100 = 12 points each, 9 for the last):
 * 45 points and 4 HTTP requests, under the 100-point / 4-request budget (49 if GitHub rounds up).
 * The sizes of the per-issue connections do not change the cost (nothing is nested below them), only
 * the size of the response; perRepo does, linearly: 45 repos at P = 40 would be about 91 points.
 */
export const CONNECTION_SIZES = {
  languages: 10,
  topics: 20,
  labels: 20,
  comments: 10,
  assignees: 5,
  closingPrs: 5,
  timeline: 10,
} as const;

/** GitHub's maximum for first/last. */
export const MAX_PAGE_SIZE = 100;

const LINKED_PR_FRAGMENT = `fragment LinkedPr on PullRequest {
  number
  url
  state
  isDraft
  createdAt
  author { login }
  repository { nameWithOwner }
}`;

const ISSUE_FRAGMENT = `fragment IssueFields on Issue {
  number
  title
  url
  body
  state
  createdAt
  updatedAt
  author { login }
  labels(first: ${CONNECTION_SIZES.labels}) { nodes { name } }
  comments(last: ${CONNECTION_SIZES.comments}) {
    totalCount
    nodes { author { login } authorAssociation body createdAt }
  }
  assignees(first: ${CONNECTION_SIZES.assignees}) { totalCount nodes { login } }
  closedByPullRequestsReferences(first: ${CONNECTION_SIZES.closingPrs}, includeClosedPrs: false) {
    nodes { ...LinkedPr }
  }
  timelineItems(itemTypes: [CROSS_REFERENCED_EVENT, CONNECTED_EVENT, DISCONNECTED_EVENT], last: ${CONNECTION_SIZES.timeline}) {
    nodes {
      __typename
      ... on CrossReferencedEvent {
        createdAt
        willCloseTarget
        source { __typename ... on PullRequest { ...LinkedPr } }
      }
      ... on ConnectedEvent {
        createdAt
        source { __typename ... on PullRequest { ...LinkedPr } }
        subject { __typename ... on PullRequest { ...LinkedPr } }
      }
      ... on DisconnectedEvent {
        createdAt
        source { __typename ... on PullRequest { ...LinkedPr } }
        subject { __typename ... on PullRequest { ...LinkedPr } }
      }
    }
  }
}`;

const REPO_META_FRAGMENT = `fragment RepoMetaFields on Repository {
  nameWithOwner
  description
  url
  stargazerCount
  isArchived
  isPrivate
  primaryLanguage { name }
  languages(first: ${CONNECTION_SIZES.languages}, orderBy: { field: SIZE, direction: DESC }) { nodes { name } }
  repositoryTopics(first: ${CONNECTION_SIZES.topics}) { nodes { topic { name } } }
}`;

const RATE_LIMIT = 'rateLimit { cost remaining resetAt }';

export interface RepoQueryInput {
  owner: string;
  name: string;
  labels: string[];
  /** Issues to ask for (1-100). */
  first: number;
  /** Cursor of the previous page; only in follow-up queries. */
  after?: string;
}

export interface BuiltQuery {
  query: string;
  variables: Record<string, unknown>;
  /** alias -> index into the input list */
  aliases: string[];
}

export function aliasFor(i: number): string {
  return `r${i}`;
}

function issuesField(i: number, withAfter: boolean, withSince: boolean): string {
  const args = [
    `first: $first${i}`,
    ...(withAfter ? [`after: $after${i}`] : []),
    'states: OPEN',
    `labels: $labels${i}`,
    'orderBy: { field: UPDATED_AT, direction: DESC }',
    ...(withSince ? ['filterBy: { since: $since }'] : []),
  ];
  return `issues(${args.join(', ')}) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { ...IssueFields }
    }`;
}

function build(
  operation: string,
  repos: RepoQueryInput[],
  since: string | undefined,
  page: boolean,
): BuiltQuery {
  if (repos.length === 0) throw new RangeError('a query needs at least one repository');
  const defs: string[] = [];
  const fields: string[] = [];
  const variables: Record<string, unknown> = {};
  const aliases: string[] = [];
  repos.forEach((r, i) => {
    const alias = aliasFor(i);
    aliases.push(alias);
    defs.push(`$owner${i}: String!`, `$name${i}: String!`, `$labels${i}: [String!]`, `$first${i}: Int!`);
    variables[`owner${i}`] = r.owner;
    variables[`name${i}`] = r.name;
    // An empty label list would match every open issue: send null only when the caller meant "any".
    variables[`labels${i}`] = r.labels.length > 0 ? r.labels : null;
    variables[`first${i}`] = Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(r.first)));
    if (page) {
      defs.push(`$after${i}: String`);
      variables[`after${i}`] = r.after ?? null;
    }
    const body = page ? 'nameWithOwner' : '...RepoMetaFields';
    fields.push(`  ${alias}: repository(owner: $owner${i}, name: $name${i}) {
    ${body}
    ${issuesField(i, page, since !== undefined)}
  }`);
  });
  if (since !== undefined) {
    defs.push('$since: DateTime!');
    variables.since = since;
  }
  const fragments = page ? [ISSUE_FRAGMENT, LINKED_PR_FRAGMENT] : [REPO_META_FRAGMENT, ISSUE_FRAGMENT, LINKED_PR_FRAGMENT];
  const query = `query ${operation}(${defs.join(', ')}) {
${fields.join('\n')}
  ${RATE_LIMIT}
}

${fragments.join('\n\n')}
`;
  return { query, variables, aliases };
}

/** First page of issues plus repository metadata, for several repositories at once. */
export function buildCatalogIssuesQuery(repos: RepoQueryInput[], options: { since?: string } = {}): BuiltQuery {
  return build('CatalogIssues', repos, options.since, false);
}

/** Next pages, only for the repositories that still have some, continuing from their cursors. */
export function buildIssuesPageQuery(repos: RepoQueryInput[], options: { since?: string } = {}): BuiltQuery {
  return build('CatalogIssuesPage', repos, options.since, true);
}

/** GitHub's point cost of one query over `repoCount` repositories with `pageSize` issues each. */
export function estimateQueryCost(repoCount: number, pageSize: number, withMeta = true): number {
  const perIssue = 5; // labels, comments, assignees, closedByPullRequestsReferences, timelineItems
  const perRepo = (withMeta ? 2 : 0) + 1 + perIssue * pageSize;
  return Math.max(1, Math.round((repoCount * perRepo) / 100));
}

/** Operators allowed in one issue search query (AND/OR/NOT). */
export const MAX_SEARCH_OPERATORS = 5;
/** So at most this many repositories fit in one `(repo:a OR repo:b ...)` group. */
export const MAX_REPOS_PER_SEARCH = MAX_SEARCH_OPERATORS + 1;

function quoteLabel(label: string): string {
  return `"${label.replace(/"/g, '')}"`;
}

/**
 * REST issue search text for the no-token fallback. The repository group is parenthesised and OR-ed
 * explicitly, so legacy search and advanced search (which does not OR repeated repo: qualifiers) read
 * it the same; `label:"a","b"` is an OR in both.
 */
export function buildIssueSearchQuery(input: { repos: string[]; labels: string[]; since?: string }): string {
  if (input.repos.length === 0) throw new RangeError('a search needs at least one repository');
  if (input.repos.length > MAX_REPOS_PER_SEARCH) {
    throw new RangeError(`at most ${MAX_REPOS_PER_SEARCH} repositories fit in one search query`);
  }
  const parts = ['is:issue', 'is:open', 'no:assignee', '-linked:pr', 'archived:false'];
  if (input.labels.length > 0) parts.push(`label:${input.labels.map(quoteLabel).join(',')}`);
  if (input.since !== undefined) parts.push(`updated:>=${input.since.slice(0, 10)}`);
  const repos = input.repos.map((r) => `repo:${r}`);
  parts.push(repos.length === 1 ? (repos[0] as string) : `(${repos.join(' OR ')})`);
  return parts.join(' ');
}

/** The part of a search query GitHub limits to 256 characters: everything but qualifiers. */
export function searchTextLength(q: string): number {
  return q
    .replace(/-?[a-z_]+:(?:"[^"]*"(?:,"[^"]*")*|\S+?)(?=[\s)]|$)/g, '')
    .replace(/[()\s]+/g, ' ')
    .trim().length;
}
