// A fake GitHub GraphQL endpoint for msw that EXECUTES each query against GitHub's published schema over
// in-memory repositories: search tests do not depend on the exact shape of the queries fetch-issues
// sends, and a query asking for a field GitHub lacks fails here as it would on github.com.
import { GraphQLError, execute, parse, validate, type GraphQLSchema } from 'graphql';
import { HttpResponse, http, type HttpHandler } from 'msw';
import { githubSchema } from './graphql-schema.js';

export interface FakeComment {
  author: string;
  body: string;
  createdAt: string;
  authorAssociation?: string;
}

export interface FakeIssue {
  number: number;
  title: string;
  labels: string[];
  body?: string;
  author?: string;
  createdAt: string;
  updatedAt?: string;
  state?: 'OPEN' | 'CLOSED';
  assignees?: string[];
  comments?: FakeComment[];
  /** Open PRs that will close the issue. */
  closingPrs?: number[];
  /** Open PRs that only mention it (a timeline CrossReferencedEvent with willCloseTarget false). */
  mentionPrs?: number[];
}

export interface FakeRepo {
  repo: string;
  description?: string;
  primaryLanguage?: string;
  languages?: string[];
  topics?: string[];
  stars?: number;
  isPrivate?: boolean;
  issues: FakeIssue[];
}

export interface ExecutingGitHub {
  handlers: HttpHandler[];
  /** Every request URL the fake answered. */
  seen: string[];
  /** Every document and its variables, in order. */
  bodies: { query: string; variables: Record<string, unknown> }[];
}

export interface ExecutingOptions {
  /** Another schema (e.g. an older GitHub Enterprise Server's, without some fields). */
  schema?: GraphQLSchema;
  /** Rewrites each response before it is sent (partial data, injected errors). */
  transform?: ((response: { data: Record<string, unknown> | null; errors?: unknown[] }, body: { query: string; variables: Record<string, unknown> }) => unknown) | undefined;
}

function connection<T>(items: T[], first?: number, after?: string | null) {
  const start = after ? Number(after) : 0;
  const page = first === undefined ? items.slice(start) : items.slice(start, start + first);
  const end = start + page.length;
  return {
    totalCount: items.length,
    nodes: page,
    edges: page.map((node, i) => ({ node, cursor: String(start + i + 1) })),
    pageInfo: { hasNextPage: end < items.length, endCursor: page.length > 0 ? String(end) : null, hasPreviousPage: start > 0, startCursor: String(start) },
  };
}

const user = (login: string) => ({ __typename: 'User', login });

function issueObject(repo: FakeRepo, i: FakeIssue) {
  const comments = (i.comments ?? []).map((c) => ({
    author: user(c.author),
    authorAssociation: c.authorAssociation ?? 'NONE',
    body: c.body,
    createdAt: c.createdAt,
  }));
  const prOf = (n: number) => ({
    __typename: 'PullRequest',
    number: n,
    url: `https://github.com/${repo.repo}/pull/${n}`,
    state: 'OPEN',
    isDraft: false,
    createdAt: i.updatedAt ?? i.createdAt,
    author: user('pr-author'),
    repository: { nameWithOwner: repo.repo },
  });
  const prs = (i.closingPrs ?? []).map(prOf);
  // The timeline shows every PR that references the issue; closing ones with willCloseTarget true.
  const events = [
    ...(i.closingPrs ?? []).map((n) => ({ __typename: 'CrossReferencedEvent', createdAt: i.updatedAt ?? i.createdAt, willCloseTarget: true, source: prOf(n) })),
    ...(i.mentionPrs ?? []).map((n) => ({ __typename: 'CrossReferencedEvent', createdAt: i.updatedAt ?? i.createdAt, willCloseTarget: false, source: prOf(n) })),
  ];
  return {
    __typename: 'Issue',
    id: `I_${repo.repo}_${i.number}`,
    number: i.number,
    title: i.title,
    url: `https://github.com/${repo.repo}/issues/${i.number}`,
    body: i.body ?? '',
    state: i.state ?? 'OPEN',
    createdAt: i.createdAt,
    updatedAt: i.updatedAt ?? i.createdAt,
    author: user(i.author ?? 'reporter'),
    labels: (a: { first?: number }) => connection(i.labels.map((name) => ({ name })), a.first),
    comments: (a: { first?: number; last?: number }) => connection(a.last !== undefined ? comments.slice(-a.last) : comments, a.first),
    assignees: (a: { first?: number }) => connection((i.assignees ?? []).map(user), a.first),
    closedByPullRequestsReferences: (a: { first?: number }) => connection(prs, a.first),
    timelineItems: (a: { first?: number; last?: number }) => connection(a.last !== undefined ? events.slice(-a.last) : events, a.first),
    repository: { nameWithOwner: repo.repo },
  };
}

function repositoryObject(repo: FakeRepo) {
  return {
    nameWithOwner: repo.repo,
    name: repo.repo.split('/')[1],
    owner: user(repo.repo.split('/')[0] ?? ''),
    description: repo.description ?? null,
    url: `https://github.com/${repo.repo}`,
    stargazerCount: repo.stars ?? 1000,
    isArchived: false,
    isPrivate: repo.isPrivate ?? false,
    primaryLanguage: repo.primaryLanguage ? { name: repo.primaryLanguage } : null,
    languages: (a: { first?: number }) => connection((repo.languages ?? []).map((name) => ({ name })), a.first),
    repositoryTopics: (a: { first?: number }) => connection((repo.topics ?? []).map((name) => ({ topic: { name } })), a.first),
    issues: (a: { first?: number; after?: string | null; labels?: string[] | null; states?: string[]; orderBy?: { direction?: string } }) => {
      const wanted = a.labels ? new Set(a.labels.map((l) => l.toLowerCase())) : undefined;
      const dir = a.orderBy?.direction === 'ASC' ? -1 : 1;
      const items = repo.issues
        .filter((i) => !a.states || a.states.includes(i.state ?? 'OPEN'))
        .filter((i) => !wanted || i.labels.some((l) => wanted.has(l.toLowerCase())))
        .sort((x, y) => dir * (Date.parse(y.updatedAt ?? y.createdAt) - Date.parse(x.updatedAt ?? x.createdAt) || y.number - x.number))
        .map((i) => issueObject(repo, i));
      return connection(items, a.first, a.after);
    },
    issue: (a: { number: number }) => {
      const i = repo.issues.find((x) => x.number === a.number);
      if (!i) throw new GraphQLError(`Could not resolve to an Issue with the number of ${a.number}.`, { extensions: { type: 'NOT_FOUND' } });
      return issueObject(repo, i);
    },
  };
}

/** msw handlers for <apiUrl>/graphql serving `repos`; unknown repositories answer NOT_FOUND like GitHub. */
export function executingGitHub(graphqlUrl: string, repos: FakeRepo[], options: ExecutingOptions = {}): ExecutingGitHub {
  const seen: string[] = [];
  const bodies: ExecutingGitHub['bodies'] = [];
  const byName = new Map(repos.map((r) => [r.repo.toLowerCase(), r]));
  const handler = http.post(graphqlUrl, async ({ request }) => {
    seen.push(request.url);
    if (!request.headers.get('authorization')) {
      return HttpResponse.json({ message: 'This endpoint requires you to be authenticated.' }, { status: 401 });
    }
    const body = (await request.json()) as { query: string; variables?: Record<string, unknown> };
    const rootValue = {
      repository: (a: { owner: string; name: string }) => {
        const r = byName.get(`${a.owner}/${a.name}`.toLowerCase());
        if (!r) {
          throw new GraphQLError(`Could not resolve to a Repository with the name '${a.owner}/${a.name}'.`, {
            extensions: { type: 'NOT_FOUND' },
          });
        }
        return repositoryObject(r);
      },
      rateLimit: () => ({ cost: 1, remaining: 4990, resetAt: '2026-01-01T01:00:00Z', limit: 5000, used: 10, nodeCount: 100 }),
      viewer: user('tester'),
    };
    bodies.push({ query: body.query, variables: body.variables ?? {} });
    const schema = options.schema ?? githubSchema();
    const document = parse(body.query);
    // GitHub rejects a document its schema does not have, before running any of it.
    const invalid = validate(schema, document);
    if (invalid.length > 0) return HttpResponse.json({ errors: invalid.map((e) => ({ message: e.message, locations: e.locations })) });
    const result = await execute({
      schema,
      document,
      rootValue,
      variableValues: body.variables ?? {},
    });
    // GitHub puts the error type at the top level, not under extensions.
    const errors = result.errors?.map((e) => ({
      ...(typeof e.extensions?.type === 'string' ? { type: e.extensions.type } : {}),
      message: e.message,
      path: e.path,
      locations: e.locations,
    }));
    const response = { data: (result.data ?? null) as Record<string, unknown> | null, ...(errors ? { errors } : {}) };
    return HttpResponse.json((options.transform ? options.transform(response, { query: body.query, variables: body.variables ?? {} }) : response) as Record<string, unknown>);
  });
  return { handlers: [handler], seen, bodies };
}
