// GraphQL documents, as pure functions of what they ask for: the same inputs give the same text, so
// tests can validate every variant against GitHub's schema. Values travel as variables, never spliced in.
import { FULL_CAPABILITIES, type ServerCapabilities } from './capabilities.js';

/**
 * Connection sizes. GitHub charges, per query, (sum over connections of the requests each implies at its
 * full first/last) / 100, at least 1 point: a connection nested under issues(first: P) counts P times.
 * So the search fetches in two passes:
 *   light (every candidate): issues(first: 100) { labels }          = 1 + 100 requests per page, 1 point
 *   signals (the best ones): issue(number:) { comments, assignees, closedByPRs, timeline } = 4 per issue
 * plus languages + topics once per repository. Asking for all five per-issue connections on every page
 * (the old single pass) costs 5 points per 100 issues; the light pass 1. The sizes of the per-issue
 * connections do not change the cost (nothing with a page size is nested below them), only the size of
 * the response, so comments and the timeline are read deep enough to see a claim several comments back.
 */
export const CONNECTION_SIZES = {
  languages: 10,
  topics: 20,
  labels: 20,
  comments: 100,
  assignees: 10,
  closingPrs: 10,
  timeline: 100,
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

/** What ranking needs: text, labels, dates. No taken signals. */
const ISSUE_LIGHT_FRAGMENT = `fragment IssueLight on Issue {
  number
  title
  url
  body
  state
  createdAt
  updatedAt
  author { login }
  labels(first: ${CONNECTION_SIZES.labels}) { nodes { name } }
}`;

/**
 * The taken signals. Without closedByPullRequestsReferences (older GitHub Enterprise Server) the timeline's
 * CONNECTED_EVENT (manual links) and CROSS_REFERENCED_EVENT with willCloseTarget (closing keywords) say
 * the same, for the PRs still within the timeline page.
 */
function issueSignalsFragment(caps: ServerCapabilities): string {
  const closing = caps.closedByPullRequestsReferences
    ? `\n  closedByPullRequestsReferences(first: ${CONNECTION_SIZES.closingPrs}, includeClosedPrs: false) {\n    nodes { ...LinkedPr }\n  }`
    : '';
  return `fragment IssueSignals on Issue {
  number
  state
  updatedAt
  comments(last: ${CONNECTION_SIZES.comments}) {
    totalCount
    nodes { author { login } authorAssociation body createdAt }
  }
  assignees(first: ${CONNECTION_SIZES.assignees}) { totalCount nodes { login } }${closing}
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
}

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
}

/** A follow-up page of one repository's issues, newest-updated first (`desc`) and/or oldest first (`asc`). */
export interface RepoPageInput {
  owner: string;
  name: string;
  labels: string[];
  desc?: { first: number; after: string | null };
  asc?: { first: number; after: string | null };
}

/** Issues of one repository whose taken signals to read. */
export interface RepoSignalsInput {
  owner: string;
  name: string;
  numbers: number[];
}

export interface BuiltQuery {
  query: string;
  variables: Record<string, unknown>;
}

export interface QueryOptions {
  /** ISO date-time: only issues updated since then. */
  since?: string;
  capabilities?: ServerCapabilities;
}

export function aliasFor(i: number): string {
  return `r${i}`;
}
export const pageAlias = (i: number): string => `p${i}`;
export const signalsAlias = (i: number): string => `s${i}`;
export const issueAlias = (j: number): string => `i${j}`;

function clampFirst(n: number): number {
  return Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(n)));
}

// An empty label list would match every open issue: send null only when the caller meant "any".
function labelsValue(labels: string[]): string[] | null {
  return labels.length > 0 ? labels : null;
}

function issuesArgs(first: string, after: string | undefined, labels: string, direction: 'ASC' | 'DESC', since: boolean): string {
  return [
    `first: ${first}`,
    ...(after ? [`after: ${after}`] : []),
    'states: OPEN',
    `labels: ${labels}`,
    `orderBy: { field: UPDATED_AT, direction: ${direction} }`,
    ...(since ? ['filterBy: { since: $since }'] : []),
  ].join(', ');
}

function document(operation: string, defs: string[], fields: string[], fragments: string[]): string {
  return `query ${operation}(${defs.join(', ')}) {
${fields.join('\n')}
  ${RATE_LIMIT}
}

${fragments.join('\n\n')}
`;
}

/** The light first pass: repository metadata and the first page of issues, for several repositories at once. */
export function buildCatalogIssuesQuery(repos: RepoQueryInput[], options: QueryOptions = {}): BuiltQuery {
  if (repos.length === 0) throw new RangeError('a query needs at least one repository');
  const defs: string[] = [];
  const fields: string[] = [];
  const variables: Record<string, unknown> = {};
  const since = options.since !== undefined;
  repos.forEach((r, i) => {
    const alias = aliasFor(i);
    defs.push(`$owner${i}: String!`, `$name${i}: String!`, `$labels${i}: [String!]`, `$first${i}: Int!`);
    variables[`owner${i}`] = r.owner;
    variables[`name${i}`] = r.name;
    variables[`labels${i}`] = labelsValue(r.labels);
    variables[`first${i}`] = clampFirst(r.first);
    fields.push(`  ${alias}: repository(owner: $owner${i}, name: $name${i}) {
    ...RepoMetaFields
    issues(${issuesArgs(`$first${i}`, undefined, `$labels${i}`, 'DESC', since)}) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { ...IssueLight }
    }
  }`);
  });
  if (since) {
    defs.push('$since: DateTime!');
    variables.since = options.since;
  }
  const query = document('CatalogIssues', defs, fields, [REPO_META_FRAGMENT, ISSUE_LIGHT_FRAGMENT]);
  return { query, variables };
}

/**
 * The follow-up: further pages of the repositories that have more (with their signals inline: they arrive
 * after the ranking's first look, and fetching them light would cost one more round trip later), and the
 * signals of the issues picked from what arrived so far. Either part may be empty, not both.
 */
export function buildFollowUpQuery(
  input: { pages: RepoPageInput[]; signals: RepoSignalsInput[] },
  options: QueryOptions = {},
): BuiltQuery {
  const { pages, signals } = input;
  if (pages.length === 0 && signals.length === 0) throw new RangeError('a follow-up query needs at least one page or issue');
  const caps = options.capabilities ?? FULL_CAPABILITIES;
  const since = options.since !== undefined;
  const defs: string[] = [];
  const fields: string[] = [];
  const variables: Record<string, unknown> = {};
  pages.forEach((p, i) => {
    const alias = pageAlias(i);
    defs.push(`$po${i}: String!`, `$pn${i}: String!`, `$pl${i}: [String!]`);
    variables[`po${i}`] = p.owner;
    variables[`pn${i}`] = p.name;
    variables[`pl${i}`] = labelsValue(p.labels);
    const conns: string[] = [];
    for (const [key, dir, page] of [['d', 'DESC', p.desc], ['a', 'ASC', p.asc]] as const) {
      if (!page) continue;
      defs.push(`$p${key}f${i}: Int!`, `$p${key}c${i}: String`);
      variables[`p${key}f${i}`] = clampFirst(page.first);
      variables[`p${key}c${i}`] = page.after;
      conns.push(`    ${key}: issues(${issuesArgs(`$p${key}f${i}`, `$p${key}c${i}`, `$pl${i}`, dir, since)}) {
      totalCount
      pageInfo { hasNextPage endCursor }
      nodes { ...IssueLight ...IssueSignals }
    }`);
    }
    if (conns.length === 0) throw new RangeError('a page needs desc, asc or both');
    fields.push(`  ${alias}: repository(owner: $po${i}, name: $pn${i}) {
    nameWithOwner
${conns.join('\n')}
  }`);
  });
  signals.forEach((s, i) => {
    if (s.numbers.length === 0) throw new RangeError('a signals entry needs at least one issue number');
    const alias = signalsAlias(i);
    defs.push(`$so${i}: String!`, `$sn${i}: String!`);
    variables[`so${i}`] = s.owner;
    variables[`sn${i}`] = s.name;
    const issues = s.numbers.map((n, j) => {
      defs.push(`$s${i}n${j}: Int!`);
      variables[`s${i}n${j}`] = n;
      return `    ${issueAlias(j)}: issue(number: $s${i}n${j}) { ...IssueSignals }`;
    });
    fields.push(`  ${alias}: repository(owner: $so${i}, name: $sn${i}) {
    nameWithOwner
${issues.join('\n')}
  }`);
  });
  if (since && pages.length > 0) {
    defs.push('$since: DateTime!');
    variables.since = options.since;
  }
  const fragments = [
    ...(pages.length > 0 ? [ISSUE_LIGHT_FRAGMENT] : []),
    issueSignalsFragment(caps),
    LINKED_PR_FRAGMENT,
  ];
  return { query: document('CatalogFollowUp', defs, fields, fragments), variables };
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
