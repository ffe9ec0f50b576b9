// A small GraphQL executor for the stand-in server: it answers whatever fields the client selects from a
// GitHub-shaped object model (aliases, variables, fragments, connections with first/last/after), computes
// the call's cost with GitHub's formula, and reports GitHub's errors (NOT_FOUND per alias,
// MISSING_PAGINATION_BOUNDARIES, over-100 pages) in GitHub's response shape.
import { readFileSync } from 'node:fs';
import {
  Kind,
  buildSchema,
  parse,
  validate,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { labelsFor, matchesLabels, type StandInIssue, type StandInPullRequest, type StandInRepo, type World } from './stand-in-data.js';

type Args = Record<string, unknown>;

/** A connection field: items depend on the arguments; paginated with first/last/after/before. */
class Conn {
  constructor(
    readonly items: (args: Args) => unknown[],
    readonly extra: (items: unknown[], args: Args) => Record<string, unknown> = (items) => ({ totalCount: items.length }),
    /** Builds the object for an item on the page only (a repository's 250 issues need not all be built for 100). */
    readonly toNode?: (item: unknown, args: Args) => unknown,
  ) {}
}

/** A field with arguments that is not a connection (repository(owner:, name:), issue(number:)). */
class Lazy {
  constructor(readonly fn: (args: Args) => unknown) {}
}

export class GqlError extends Error {
  constructor(
    message: string,
    readonly type: string | undefined,
    /** A fatal error fails the whole call (data: null), as GitHub does for validation-type errors. */
    readonly fatal = false,
  ) {
    super(message);
  }
}

export interface GraphQLOutcome {
  body: { data?: unknown; errors?: unknown[] };
  /** Points charged (0 when the call failed before execution). */
  cost: number;
  /** Repository aliases answered. */
  repositories: number;
  /** Fields the model does not know, answered null ("Type.field"). */
  unknownFields: string[];
}

export interface RateLimitState {
  limit: number;
  used: number;
  resetAt: Date;
}

function encodeCursor(i: number): string {
  return Buffer.from(`cursor:v2:${i}`).toString('base64');
}

function decodeCursor(c: unknown): number | undefined {
  if (typeof c !== 'string') return undefined;
  const m = /^cursor:v2:(\d+)$/.exec(Buffer.from(c, 'base64').toString('utf8'));
  return m ? Number(m[1]) : undefined;
}

function paginate(fieldName: string, conn: Conn, args: Args): Record<string, unknown> {
  const first = args.first;
  const last = args.last;
  if (first === undefined && last === undefined) {
    throw new GqlError(
      `You must provide a \`first\` or \`last\` value to properly paginate the \`${fieldName}\` connection.`,
      'MISSING_PAGINATION_BOUNDARIES',
      true,
    );
  }
  for (const [which, v] of [
    ['first', first],
    ['last', last],
  ] as const) {
    if (v !== undefined && (typeof v !== 'number' || v < 0 || v > 100)) {
      throw new GqlError(
        `Requesting ${String(v)} records on the \`${fieldName}\` connection exceeds the \`${which}\` limit of 100 records.`,
        'EXCESSIVE_PAGINATION',
        true,
      );
    }
  }
  const all = conn.items(args);
  let start = 0;
  let end = all.length;
  const after = decodeCursor(args.after);
  const before = decodeCursor(args.before);
  if (after !== undefined) start = after + 1;
  if (before !== undefined) end = Math.min(end, before);
  if (typeof first === 'number') end = Math.min(end, start + first);
  if (typeof last === 'number') start = Math.max(start, end - last);
  const page = all.slice(start, end);
  const toNode = conn.toNode;
  const slice = toNode ? page.map((item) => toNode(item, args)) : page;
  return {
    ...conn.extra(all, args),
    nodes: slice,
    // Built only when the query selects them.
    get edges() {
      return slice.map((node, i) => ({ cursor: encodeCursor(start + i), node }));
    },
    // Also built only when selected: most connections of a query (comments, labels...) do not ask for it.
    get pageInfo() {
      return {
        hasNextPage: end < all.length,
        hasPreviousPage: start > 0,
        startCursor: slice.length > 0 ? encodeCursor(start) : null,
        endCursor: slice.length > 0 ? encodeCursor(end - 1) : null,
      };
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Object model

/** Fallback when the schema file cannot be read: types the model produces (anything else counts as abstract). */
const CONCRETE_TYPES = new Set([
  'DisconnectedEvent',
  'Query',
  'Repository',
  'Issue',
  'PullRequest',
  'User',
  'Organization',
  'Bot',
  'Mannequin',
  'IssueComment',
  'Label',
  'Language',
  'Topic',
  'RepositoryTopic',
  'RateLimit',
  'CrossReferencedEvent',
  'ConnectedEvent',
  'ReferencedEvent',
  'AssignedEvent',
  'LabeledEvent',
  'Commit',
]);

function actor(login: string): Record<string, unknown> {
  // GraphQL names a GitHub App's bot without the "[bot]" that REST appends.
  const bot = login.endsWith('[bot]');
  const name = bot ? login.slice(0, -'[bot]'.length) : login;
  return {
    __typename: bot ? 'Bot' : 'User',
    login: name,
    url: bot ? `https://github.com/apps/${name}` : `https://github.com/${login}`,
    id: `U_${Buffer.from(login).toString('base64url')}`,
    avatarUrl: `https://avatars.githubusercontent.com/${login}`,
  };
}

function repoRef(full: string): Record<string, unknown> {
  const [owner = '', name = ''] = full.split('/');
  return {
    __typename: 'Repository',
    nameWithOwner: full,
    name,
    owner: { __typename: 'Organization', login: owner, url: `https://github.com/${owner}` },
    url: `https://github.com/${full}`,
    id: `R_${Buffer.from(full).toString('base64url')}`,
    isArchived: false,
    isPrivate: false,
  };
}

function prObject(pr: StandInPullRequest): Record<string, unknown> {
  const url = `https://github.com/${pr.repo}/pull/${pr.number}`;
  return {
    __typename: 'PullRequest',
    id: `PR_${Buffer.from(`${pr.repo}#${pr.number}`).toString('base64url')}`,
    number: pr.number,
    title: pr.title,
    url,
    permalink: url,
    state: pr.state,
    isDraft: pr.isDraft,
    merged: pr.state === 'MERGED',
    mergedAt: pr.mergedAt !== undefined ? pr.mergedAt : pr.state === 'MERGED' ? pr.createdAt : null,
    closed: pr.state !== 'OPEN',
    closedAt: pr.closedAt !== undefined ? pr.closedAt : pr.state !== 'OPEN' ? pr.createdAt : null,
    createdAt: pr.createdAt,
    updatedAt: pr.closedAt ?? pr.createdAt,
    author: actor(pr.author),
    authorAssociation: pr.authorAssociation ?? 'NONE',
    repository: repoRef(pr.repo),
    baseRepository: repoRef(pr.repo),
    reviewDecision: null,
    headRefName: `fix-${pr.number}`,
    baseRefName: 'main',
    additions: 10,
    deletions: 2,
    changedFiles: 1,
    closingIssuesReferences: new Conn(() => []),
  };
}

/** The labels an issues connection filters on, from `labels:` or `filterBy: { labels }`. */
function issueLabelsArg(args: Args): string[] | undefined {
  return asStringArray(args.labels) ?? asStringArray((args.filterBy as { labels?: unknown } | undefined)?.labels);
}

/** An issue as a query reaches it: its object is built only when no kept answer serves (see IssueAnswers). */
class IssueNode {
  private built: Record<string, unknown> | undefined;
  constructor(
    readonly issue: StandInIssue,
    readonly requestedLabels: readonly string[] | undefined,
  ) {}

  get object(): Record<string, unknown> {
    return (this.built ??= buildIssueObject(this.issue, this.requestedLabels));
  }
}

function issueObject(issue: StandInIssue, requestedLabels: readonly string[] | undefined): IssueNode {
  return new IssueNode(issue, requestedLabels);
}

function buildIssueObject(issue: StandInIssue, requestedLabels: readonly string[] | undefined): Record<string, unknown> {
  const url = `https://github.com/${issue.repo}/issues/${issue.number}`;
  const labels = labelsFor(issue, requestedLabels);
  return {
    __typename: 'Issue',
    get id() {
      return `I_${Buffer.from(`${issue.repo}#${issue.number}`).toString('base64url')}`;
    },
    number: issue.number,
    title: issue.title,
    url,
    resourcePath: `/${issue.repo}/issues/${issue.number}`,
    body: issue.body,
    bodyText: issue.body,
    author: actor(issue.author),
    authorAssociation: issue.authorAssociation,
    state: issue.state,
    stateReason: null,
    closed: issue.state === 'CLOSED',
    closedAt: null,
    locked: false,
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    repository: repoRef(issue.repo),
    labels: new Conn(() =>
      labels.map((name) => ({ __typename: 'Label', name, color: 'ededed', description: null, id: `L_${name}` })),
    ),
    assignees: new Conn(() => issue.assignees.map(actor)),
    participants: new Conn(() => [actor(issue.author), ...issue.comments.map((c) => actor(c.author))]),
    reactions: new Conn(() => []),
    comments: new Conn(
      () => issue.comments.map((c, i) => ({ c, i })),
      (items) => ({ totalCount: Math.max(issue.commentCount, items.length) }),
      (item) => {
        const { c, i } = item as { c: StandInIssue['comments'][number]; i: number };
        return {
          __typename: 'IssueComment',
          id: `IC_${issue.number}_${i}`,
          author: actor(c.author),
          authorAssociation: c.authorAssociation,
          body: c.body,
          bodyText: c.body,
          createdAt: c.createdAt,
          updatedAt: c.createdAt,
          url: `${url}#issuecomment-${i}`,
        };
      },
    ),
    closedByPullRequestsReferences: new Conn((args) =>
      issue.pullRequests
        .filter((p) => p.closesIssue && (args.includeClosedPrs === true || p.state !== 'CLOSED'))
        .map(prObject),
    ),
    timelineItems: new Conn((args) => {
      const types = Array.isArray(args.itemTypes) ? (args.itemTypes as string[]) : undefined;
      const events: Record<string, unknown>[] = issue.pullRequests.map((p) => ({
        __typename: 'CrossReferencedEvent',
        id: `CRE_${p.number}`,
        createdAt: p.createdAt,
        referencedAt: p.createdAt,
        willCloseTarget: p.closesIssue,
        isCrossRepository: p.repo !== issue.repo,
        actor: actor(p.author),
        source: prObject(p),
        target: { __typename: 'Issue', number: issue.number, url },
      }));
      if (!types) return events;
      const wanted = new Set(types.map((t) => t.toLowerCase().replace(/_/g, '')));
      return events.filter((e) => wanted.has(String(e.__typename).toLowerCase()));
    }),
  };
}

function sortIssues(issues: StandInIssue[], orderBy: unknown): StandInIssue[] {
  const o = (orderBy ?? {}) as { field?: string; direction?: string };
  const field = o.field === 'UPDATED_AT' ? 'updatedAt' : o.field === 'CREATED_AT' ? 'createdAt' : undefined;
  const dir = o.direction === 'DESC' ? -1 : 1;
  const out = [...issues];
  if (field === 'updatedAt' || field === 'createdAt') {
    // Ties broken by number, reversed with the direction, as a database's ORDER BY updated_at, id would.
    out.sort((a, b) => (a[field] < b[field] ? -dir : a[field] > b[field] ? dir : (a.number - b.number) * dir));
  } else if (o.field === 'COMMENTS') {
    out.sort((a, b) => (a.commentCount - b.commentCount) * dir);
  }
  return out;
}

function asStringArray(v: unknown): string[] | undefined {
  if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
  if (typeof v === 'string') return [v];
  return undefined;
}

function repositoryObject(world: World, repo: StandInRepo): Record<string, unknown> {
  const m = repo.meta;
  const ref = repoRef(m.repo);
  return {
    ...ref,
    description: m.description,
    url: m.url,
    homepageUrl: null,
    stargazerCount: m.stars,
    stargazers: new Conn(() => [], () => ({ totalCount: m.stars })),
    forkCount: Math.floor(m.stars / 10),
    isArchived: m.isArchived,
    isPrivate: m.isPrivate,
    isFork: false,
    isDisabled: false,
    isLocked: false,
    isTemplate: false,
    hasIssuesEnabled: true,
    visibility: m.isPrivate ? 'PRIVATE' : 'PUBLIC',
    createdAt: '2020-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    pushedAt: '2026-01-01T00:00:00Z',
    defaultBranchRef: { __typename: 'Ref', name: 'main' },
    licenseInfo: { __typename: 'License', spdxId: 'Apache-2.0', name: 'Apache License 2.0' },
    primaryLanguage: m.primaryLanguage ? { __typename: 'Language', name: m.primaryLanguage, color: '#3572A5' } : null,
    languages: new Conn(
      () => m.languages.map((name, i) => ({ __typename: 'Language', name, color: '#3572A5', size: 100_000 >> i })),
      (items) => ({ totalCount: items.length, totalSize: 200_000 }),
    ),
    repositoryTopics: new Conn(() =>
      m.topics.map((t) => ({ __typename: 'RepositoryTopic', topic: { __typename: 'Topic', name: t }, url: `https://github.com/topics/${t}` })),
    ),
    labels: new Conn(() => []),
    issues: new Conn((args) => {
      const filterBy = (args.filterBy ?? {}) as { labels?: unknown; assignee?: unknown; states?: unknown; since?: unknown };
      const labels = issueLabelsArg(args);
      const states = asStringArray(args.states) ?? asStringArray(filterBy.states);
      let list = repo.issues.filter((i) => matchesLabels(i, labels));
      if (states) list = list.filter((i) => states.includes(i.state));
      if (typeof filterBy.since === 'string') {
        const since = filterBy.since;
        list = list.filter((i) => i.updatedAt >= since);
      }
      return sortIssues(list, args.orderBy);
    }, undefined, (i, args) => issueObject(i as StandInIssue, issueLabelsArg(args))),
    issue: new Lazy((args) => {
      const n = Number(args.number);
      return issueObject(world.issue(repo, n), undefined);
    }),
    issueOrPullRequest: new Lazy((args) => issueObject(world.issue(repo, Number(args.number)), undefined)),
    pullRequest: new Lazy((args) =>
      prObject({
        repo: m.repo,
        number: Number(args.number),
        title: `PR #${String(args.number)}`,
        state: 'OPEN',
        isDraft: false,
        author: 'bench-user',
        createdAt: '2026-01-01T00:00:00Z',
        closesIssue: true,
      }),
    ),
    pullRequests: new Conn(() => []),
  };
}

export interface ParsedSearch {
  repos: string[];
  labels: string[];
  isPr: boolean;
  author?: string;
  /** is:merged */
  merged?: boolean;
  /** is:open / is:closed */
  state?: 'OPEN' | 'CLOSED';
  /** created:A..B, created:>=A, created:<=B (dates, inclusive; > and < exclusive). */
  created?: { from?: string; to?: string };
  /** sort:created-asc and the like; searches without one come newest first. */
  sort?: { field: 'created' | 'updated'; direction: 'asc' | 'desc' };
}

/** The date bounds of a `created:` value, inclusive, as comparable YYYY-MM-DD strings. */
function dateRange(v: string): { from?: string; to?: string } | undefined {
  const shift = (d: string, days: number): string => new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const range = /^(\d{4}-\d{2}-\d{2}|\*)\.\.(\d{4}-\d{2}-\d{2}|\*)$/.exec(v);
  if (range) {
    const out: { from?: string; to?: string } = {};
    if (range[1] !== '*') out.from = range[1] as string;
    if (range[2] !== '*') out.to = range[2] as string;
    return out;
  }
  const cmp = /^(>=|<=|>|<)?(\d{4}-\d{2}-\d{2})$/.exec(v);
  if (!cmp) return undefined;
  const d = cmp[2] as string;
  switch (cmp[1]) {
    case '>=':
      return { from: d };
    case '>':
      return { from: shift(d, 1) };
    case '<=':
      return { to: d };
    case '<':
      return { to: shift(d, -1) };
    default:
      return { from: d, to: d };
  }
}

/** Parses the parts of a search string the stand-in understands: repo:, label:, is:, author:, created:, sort:. */
export function parseSearchQuery(q: string): ParsedSearch {
  const out: ParsedSearch = { repos: [], labels: [], isPr: false };
  const re = /(-?)(repo|label|is|author|created|sort):("(?:[^"]*)"(?:,"[^"]*")*|[^\s()]+)/g;
  for (const m of q.matchAll(re)) {
    const neg = m[1] === '-';
    const key = m[2];
    const raw = m[3] ?? '';
    if (neg) continue;
    const values = raw.startsWith('"') ? [...raw.matchAll(/"([^"]*)"/g)].map((x) => x[1] ?? '') : raw.split(',');
    if (key === 'repo') out.repos.push(...values);
    else if (key === 'label') out.labels.push(...values);
    else if (key === 'is') {
      if (values.includes('pr')) out.isPr = true;
      if (values.includes('merged')) out.merged = true;
      if (values.includes('open')) out.state = 'OPEN';
      if (values.includes('closed')) out.state = 'CLOSED';
    } else if (key === 'author') out.author = values[0] ?? '';
    else if (key === 'created') {
      const range = dateRange(raw);
      if (range) out.created = range;
    } else if (key === 'sort') {
      const s = /^(created|updated)-(asc|desc)$/.exec(raw);
      if (s) out.sort = { field: s[1] as 'created' | 'updated', direction: s[2] as 'asc' | 'desc' };
    }
  }
  return out;
}

export function searchIssues(world: World, q: string): { issue: StandInIssue; labels: string[] | undefined }[] {
  const parsed = parseSearchQuery(q);
  if (parsed.isPr) return [];
  const labels = parsed.labels.length > 0 ? parsed.labels : undefined;
  const out: { issue: StandInIssue; labels: string[] | undefined }[] = [];
  for (const full of parsed.repos) {
    const [owner = '', name = ''] = full.split('/');
    const repo = world.repo(owner, name);
    if (!repo) continue;
    for (const issue of repo.issues) {
      if (issue.state === 'OPEN' && matchesLabels(issue, labels)) out.push({ issue, labels });
    }
  }
  out.sort((a, b) => (a.issue.updatedAt < b.issue.updatedAt ? 1 : -1));
  return out;
}

/**
 * `is:pr` searches over the repositories' own pull requests (World.pullRequests): repo:, author:,
 * is:merged/open/closed (closed includes merged, as on GitHub), created:, sort:. Without repo: nothing
 * (the stand-in's world has no end). A repository that does not exist fails the whole request, as on GitHub.
 */
export function searchPullRequests(world: World, q: string): StandInPullRequest[] {
  const parsed = parseSearchQuery(q);
  if (!parsed.isPr) return [];
  const author = parsed.author?.toLowerCase();
  const out: StandInPullRequest[] = [];
  for (const full of parsed.repos) {
    const [owner = '', name = ''] = full.split('/');
    const repo = world.repo(owner, name);
    if (!repo) {
      throw new GqlError(
        'The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.',
        undefined,
        // `search` is non-null in GitHub's schema: its error nulls the whole response.
        true,
      );
    }
    for (const pr of world.pullRequests(repo)) {
      if (author !== undefined && pr.author.toLowerCase() !== author) continue;
      if (parsed.merged && pr.state !== 'MERGED') continue;
      if (parsed.state === 'OPEN' && pr.state !== 'OPEN') continue;
      if (parsed.state === 'CLOSED' && pr.state === 'OPEN') continue;
      const day = pr.createdAt.slice(0, 10);
      if (parsed.created?.from !== undefined && day < parsed.created.from) continue;
      if (parsed.created?.to !== undefined && day > parsed.created.to) continue;
      out.push(pr);
    }
  }
  const field = parsed.sort?.field === 'updated' ? (p: StandInPullRequest) => p.closedAt ?? p.createdAt : (p: StandInPullRequest) => p.createdAt;
  const dir = parsed.sort?.direction === 'asc' ? 1 : -1;
  out.sort((a, b) => (field(a) < field(b) ? -dir : field(a) > field(b) ? dir : (a.number - b.number) * dir));
  return out;
}

function queryObject(world: World, rate: () => Record<string, unknown>, viewerLogin: string): Record<string, unknown> {
  return {
    __typename: 'Query',
    repository: new Lazy((args) => {
      const owner = String(args.owner ?? '');
      const name = String(args.name ?? '');
      const repo = world.repo(owner, name);
      if (!repo) throw new GqlError(`Could not resolve to a Repository with the name '${owner}/${name}'.`, 'NOT_FOUND');
      return repositoryObject(world, repo);
    }),
    rateLimit: new Lazy(() => rate()),
    viewer: actor(viewerLogin),
    search: new Conn(
      (args) => {
        const q = String(args.query ?? '');
        return parseSearchQuery(q).isPr ? searchPullRequests(world, q).map(prObject) : searchIssues(world, q).map((x) => issueObject(x.issue, x.labels));
      },
      (items) => ({ issueCount: items.length, repositoryCount: 0, userCount: 0, discussionCount: 0 }),
    ),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Execution

interface ExecContext {
  answers: IssueAnswers | undefined;
  /** Per selection set, what it selects spelled out in full (the key of an issue's answer). */
  selectionKeys: Map<SelectionSetNode, string>;
  variables: Args;
  fragments: Map<string, FragmentDefinitionNode>;
  /** Per selection set and type, its fields with fragments flattened (the same for every object of the type). */
  fieldsOf: Map<SelectionSetNode, Map<string | undefined, FieldNode[]>>;
  /** Per field node, its arguments (variables are fixed for the call). */
  argsOf: Map<FieldNode, Args>;
  /** The response path of the field being resolved, kept as a stack (copied only for an error). */
  path: (string | number)[];
  errors: { type?: string | undefined; message: string; path: (string | number)[]; locations?: unknown[] }[];
  unknown: Set<string>;
}

function fieldArgs(field: FieldNode, ctx: ExecContext): Args {
  let a = ctx.argsOf.get(field);
  if (!a) ctx.argsOf.set(field, (a = argsOf(field, ctx.variables)));
  return a;
}

function fieldsFor(selectionSet: SelectionSetNode, typename: string | undefined, ctx: ExecContext): FieldNode[] {
  let byType = ctx.fieldsOf.get(selectionSet);
  if (!byType) ctx.fieldsOf.set(selectionSet, (byType = new Map()));
  let fields = byType.get(typename);
  if (!fields) byType.set(typename, (fields = collectFields(selectionSet, typename, ctx)));
  return fields;
}

function argsOf(field: FieldNode, variables: Args): Args {
  const out: Args = {};
  for (const a of field.arguments ?? []) out[a.name.value] = valueFromASTUntyped(a.value, variables);
  return out;
}

interface TypeRelations {
  /** concrete type -> the interfaces it implements and the unions it belongs to */
  supertypes: Map<string, Set<string>>;
  abstract: Set<string>;
}

let relationsCache: TypeRelations | null | undefined;

/** Interfaces and unions from GitHub's SDL, scanned with regexes (building the schema takes ~1 s). */
function typeRelations(): TypeRelations | null {
  if (relationsCache !== undefined) return relationsCache;
  try {
    const idl = readFileSync(new URL('./schema.graphql', import.meta.resolve('@octokit/graphql-schema')), 'utf8');
    const supertypes = new Map<string, Set<string>>();
    const abstract = new Set<string>();
    const add = (t: string, sup: string): void => {
      let set = supertypes.get(t);
      if (!set) supertypes.set(t, (set = new Set()));
      set.add(sup);
    };
    for (const m of idl.matchAll(/^interface (\w+)/gm)) abstract.add(m[1]!);
    for (const m of idl.matchAll(/^type (\w+) implements ([^{]+)\{/gm)) {
      for (const i of m[2]!.split('&')) add(m[1]!, i.trim());
    }
    for (const m of idl.matchAll(/^union (\w+) =([^\n]+)/gm)) {
      abstract.add(m[1]!);
      for (const t of m[2]!.split('|')) add(t.trim(), m[1]!);
    }
    relationsCache = { supertypes, abstract };
  } catch {
    relationsCache = null;
  }
  return relationsCache;
}

/** Whether a fragment on `cond` applies to an object of type `typename`. */
function fragmentApplies(cond: string | undefined, typename: string | undefined): boolean {
  if (cond === undefined || typename === undefined || cond === typename) return true;
  const rel = typeRelations();
  if (rel) return rel.supertypes.get(typename)?.has(cond) ?? false;
  return !CONCRETE_TYPES.has(cond);
}

/** Flattens fragments: a fragment applies when its type is the object's type, or an interface/union of it. */
function collectFields(selectionSet: SelectionSetNode, typename: string | undefined, ctx: ExecContext, out: FieldNode[] = []): FieldNode[] {
  for (const sel of selectionSet.selections) {
    if (sel.kind === Kind.FIELD) out.push(sel);
    else if (sel.kind === Kind.INLINE_FRAGMENT) {
      if (fragmentApplies(sel.typeCondition?.name.value, typename)) collectFields(sel.selectionSet, typename, ctx, out);
    } else {
      const frag = ctx.fragments.get(sel.name.value);
      if (!frag) continue;
      if (fragmentApplies(frag.typeCondition.name.value, typename)) collectFields(frag.selectionSet, typename, ctx, out);
    }
  }
  return out;
}

function complete(value: unknown, field: FieldNode, ctx: ExecContext): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    return value.map((v, i) => {
      ctx.path.push(i);
      const out = complete(v, field, ctx);
      ctx.path.pop();
      return out;
    });
  }
  if (field.selectionSet && typeof value === 'object') {
    return executeSelection(value as Record<string, unknown>, field.selectionSet, ctx);
  }
  return value;
}

/** The selection set spelled out: fields with their arguments' values, fragments expanded. */
function selectionKey(selectionSet: SelectionSetNode, ctx: ExecContext): string {
  let key = ctx.selectionKeys.get(selectionSet);
  if (key !== undefined) return key;
  const parts: string[] = [];
  for (const sel of selectionSet.selections) {
    if (sel.kind === Kind.FIELD) {
      const sub = sel.selectionSet ? `{${selectionKey(sel.selectionSet, ctx)}}` : '';
      parts.push(`${sel.alias?.value ?? ''}:${sel.name.value}${JSON.stringify(fieldArgs(sel, ctx))}${sub}`);
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      parts.push(`...on ${sel.typeCondition?.name.value ?? ''}{${selectionKey(sel.selectionSet, ctx)}}`);
    } else {
      const frag = ctx.fragments.get(sel.name.value);
      parts.push(frag ? `...on ${frag.typeCondition.name.value}{${selectionKey(frag.selectionSet, ctx)}}` : `...${sel.name.value}`);
    }
  }
  key = parts.join(' ');
  ctx.selectionKeys.set(selectionSet, key);
  return key;
}

function executeSelection(node: Record<string, unknown> | IssueNode, selectionSet: SelectionSetNode, ctx: ExecContext): Record<string, unknown> {
  if (!(node instanceof IssueNode)) return executeFields(node, selectionSet, ctx);
  if (!ctx.answers) return executeFields(node.object, selectionSet, ctx);
  const key = `${labelsFor(node.issue, node.requestedLabels).join('\n')}\u0000${selectionKey(selectionSet, ctx)}`;
  let byKey = ctx.answers.get(node.issue);
  const known = byKey?.get(key);
  if (known) return known;
  const errors = ctx.errors.length;
  const unknown = ctx.unknown.size;
  const out = executeFields(node.object, selectionSet, ctx);
  if (ctx.errors.length === errors && ctx.unknown.size === unknown) {
    if (!byKey) ctx.answers.set(node.issue, (byKey = new Map()));
    byKey.set(key, out);
  }
  return out;
}

function executeFields(
  obj: Record<string, unknown>,
  selectionSet: SelectionSetNode,
  ctx: ExecContext,
): Record<string, unknown> {
  const typename = typeof obj.__typename === 'string' ? obj.__typename : undefined;
  const out: Record<string, unknown> = {};
  for (const field of fieldsFor(selectionSet, typename, ctx)) {
    const name = field.name.value;
    const key = field.alias?.value ?? name;
    if (name === '__typename') {
      out[key] = typename ?? null;
      continue;
    }
    const raw = obj[name];
    let value: unknown;
    try {
      if (raw instanceof Conn) value = paginate(name, raw, fieldArgs(field, ctx));
      else if (raw instanceof Lazy) value = raw.fn(fieldArgs(field, ctx));
      else if (raw === undefined) {
        ctx.unknown.add(`${typename ?? '?'}.${name}`);
        value = null;
      } else value = raw;
    } catch (e) {
      if (!(e instanceof GqlError) || e.fatal) throw e;
      ctx.errors.push({
        type: e.type,
        message: e.message,
        path: [...ctx.path, key],
        locations: field.loc ? [{ line: field.loc.startToken.line, column: field.loc.startToken.column }] : [],
      });
      out[key] = null;
      continue;
    }
    ctx.path.push(key);
    const done = complete(value, field, ctx);
    ctx.path.pop();
    const prev = out[key];
    out[key] =
      prev && typeof prev === 'object' && done && typeof done === 'object' && !Array.isArray(done)
        ? { ...(prev as object), ...(done as object) }
        : done;
  }
  return out;
}

function isConnectionField(field: FieldNode): boolean {
  return (field.arguments ?? []).some((a) => a.name.value === 'first' || a.name.value === 'last');
}

function pageSize(field: FieldNode, variables: Args): number {
  const args = argsOf(field, variables);
  const n = typeof args.first === 'number' ? args.first : typeof args.last === 'number' ? args.last : 0;
  return Math.max(0, Math.min(100, n));
}

/**
 * GitHub's formula: every connection implies as many requests as its parents' page sizes multiply to;
 * the sum divided by 100, rounded, at least 1. Static: every fragment counts.
 */
export function computeCost(doc: DocumentNode, op: OperationDefinitionNode, variables: Args): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let requests = 0;
  const walk = (set: SelectionSetNode, multiplier: number, depth: number): void => {
    if (depth > 40) return;
    for (const sel of set.selections) {
      if (sel.kind === Kind.FIELD) {
        if (sel.name.value === 'rateLimit' && depth === 0) continue;
        if (!sel.selectionSet) continue;
        if (isConnectionField(sel)) {
          requests += multiplier;
          walk(sel.selectionSet, multiplier * pageSize(sel, variables), depth + 1);
        } else walk(sel.selectionSet, multiplier, depth + 1);
      } else if (sel.kind === Kind.INLINE_FRAGMENT) walk(sel.selectionSet, multiplier, depth + 1);
      else {
        const f = fragments.get(sel.name.value);
        if (f) walk(f.selectionSet, multiplier, depth + 1);
      }
    }
  };
  walk(op.selectionSet, 1, 0);
  return Math.max(1, Math.round(requests / 100));
}

let schemaCache: GraphQLSchema | undefined;

/** GitHub's public schema from @octokit/graphql-schema, with the newer SearchType values added. */
export function githubSchema(): GraphQLSchema {
  if (schemaCache) return schemaCache;
  // The package is ESM-only with an exports map: resolve its entry, then read the file beside it.
  const file = new URL('./schema.graphql', import.meta.resolve('@octokit/graphql-schema'));
  let idl = readFileSync(file, 'utf8');
  idl = idl.replace(/enum SearchType \{/, 'enum SearchType {\n  ISSUE_ADVANCED\n  ISSUE_SEMANTIC\n  ISSUE_HYBRID\n');
  schemaCache = buildSchema(idl, { assumeValidSDL: true });
  return schemaCache;
}

export interface ExecuteOptions {
  world: World;
  rate: RateLimitState;
  viewerLogin: string;
  /** Validate documents against GitHub's schema (slower first call; catches misspelt fields). */
  validateQueries: boolean;
  /**
   * Keeps each issue's answer per selection (see IssueAnswers): for a world that does not change while it
   * is served (the benchmark), so that what a cold search measures is the client and the delay, not this
   * executor. Off by default: tests change their worlds between requests.
   */
  answers?: IssueAnswers;
}

/**
 * Each issue's executed answer by what was selected of it (fields, arguments and fragments spelled out),
 * as a server's cache would keep it. Answers with errors or unknown fields are not kept.
 */
export type IssueAnswers = WeakMap<StandInIssue, Map<string, Record<string, unknown>>>;

export function createIssueAnswers(): IssueAnswers {
  return new WeakMap();
}

// The benchmark sends the same documents run after run: parse each once, as
// GitHub's own servers cache parsed queries, so the stand-in's parsing is not counted as the client's time.
const parsedDocuments = new Map<string, DocumentNode>();

function parsedDocument(query: string): DocumentNode {
  let doc = parsedDocuments.get(query);
  if (!doc) {
    doc = parse(query);
    if (parsedDocuments.size >= 256) parsedDocuments.clear();
    parsedDocuments.set(query, doc);
  }
  return doc;
}

export function executeGraphQL(
  payload: { query?: unknown; variables?: unknown; operationName?: unknown },
  options: ExecuteOptions,
): GraphQLOutcome {
  const fail = (message: string, type?: string): GraphQLOutcome => ({
    body: { errors: [{ ...(type ? { type } : {}), message }] },
    cost: 0,
    repositories: 0,
    unknownFields: [],
  });
  if (typeof payload.query !== 'string') return fail('A query attribute must be specified and must be a string.');
  let doc: DocumentNode;
  try {
    doc = parsedDocument(payload.query);
  } catch (e) {
    return fail(`Parse error: ${(e as Error).message}`);
  }
  const variables = (payload.variables && typeof payload.variables === 'object' ? payload.variables : {}) as Args;
  const ops = doc.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const op =
    typeof payload.operationName === 'string' ? ops.find((o) => o.name?.value === payload.operationName) : ops.length === 1 ? ops[0] : undefined;
  if (!op) return fail('An operation name is required when the document has several operations (or none matched).');
  if (op.operation !== 'query') return fail(`The stand-in server only answers queries, not ${op.operation}s.`);
  if (options.validateQueries) {
    const errs = validate(githubSchema(), doc);
    if (errs.length > 0) {
      return {
        body: { errors: errs.map((e) => ({ message: e.message, locations: e.locations ?? [] })) },
        cost: 0,
        repositories: 0,
        unknownFields: [],
      };
    }
  }
  const cost = computeCost(doc, op, variables);
  options.rate.used += cost;
  const ctx: ExecContext = { answers: options.answers, selectionKeys: new Map(), variables, fragments: new Map(), errors: [], unknown: new Set(), fieldsOf: new Map(), argsOf: new Map(), path: [] };
  for (const d of doc.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) ctx.fragments.set(d.name.value, d);
  const rate = (): Record<string, unknown> => ({
    __typename: 'RateLimit',
    cost,
    limit: options.rate.limit,
    remaining: Math.max(0, options.rate.limit - options.rate.used),
    used: options.rate.used,
    resetAt: options.rate.resetAt.toISOString(),
    nodeCount: 0,
  });
  let data: Record<string, unknown>;
  try {
    data = executeSelection(queryObject(options.world, rate, options.viewerLogin), op.selectionSet, ctx);
  } catch (e) {
    options.rate.used -= cost;
    if (e instanceof GqlError) return fail(e.message, e.type);
    throw e;
  }
  let repositories = 0;
  for (const f of collectFields(op.selectionSet, 'Query', ctx)) if (f.name.value === 'repository') repositories += 1;
  const body: GraphQLOutcome['body'] = { data };
  if (ctx.errors.length > 0) body.errors = ctx.errors;
  return { body, cost, repositories, unknownFields: [...ctx.unknown] };
}
