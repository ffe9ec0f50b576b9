// An older GitHub Enterprise Server: no SearchType.ISSUE_ADVANCED, no Issue.closedByPullRequestsReferences.
// msw EXECUTES every query against that reduced schema (built from @octokit/graphql-schema), so a query
// asking for what the server lacks fails here as it would there. Capabilities are detected once per host
// by introspection and kept on disk; github.com and GHE.com are never asked.
import { existsSync, readFileSync } from 'node:fs';
import { execute, parse, validate, type GraphQLSchema } from 'graphql';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { userPullRequestsQuery, USER_PULL_REQUESTS_QUERY } from '../src/github/activity.js';
import { CAPABILITIES_QUERY, FULL_CAPABILITIES, capabilitiesFile, detectCapabilities } from '../src/github/capabilities.js';
import { buildClaimActivityQuery, parseClaimActivity } from '../src/github/claims.js';
import { createGitHubClient } from '../src/github/client.js';
import { serializeState } from '../src/state/store.js';
import type { State } from '../src/state/schema.js';
import type { Claim } from '../src/core/types.js';
import { runInProcess, tempHome, testEnv } from './helpers/cli.js';
import { assertValidAgainst, githubSchema, olderEnterpriseSchema } from './helpers/graphql-schema.js';
import { readState, restIssue, writeStateText } from './helpers/state.js';

const GHES = 'https://ghes.example.test/api/v3';
const GHES_GQL = 'https://ghes.example.test/api/graphql';
const VIEWER = 'me-the-user';

interface FakePr {
  number: number;
  author: string;
  state?: 'OPEN' | 'CLOSED' | 'MERGED';
}
/** Timeline of one issue: manual links (connected/disconnected) and cross-references. */
interface FakeTimeline {
  connected?: FakePr[];
  disconnected?: FakePr[];
  /** willCloseTarget true: "Fixes #N" in the PR. */
  closingRefs?: FakePr[];
  mentions?: FakePr[];
}

const world = new Map<string, FakeTimeline>();
const seen: { query: string; operation: string | undefined }[] = [];
let schema: GraphQLSchema = olderEnterpriseSchema();

function pr(repo: string, p: FakePr): Record<string, unknown> {
  const state = p.state ?? 'OPEN';
  return {
    __typename: 'PullRequest',
    number: p.number,
    url: `https://ghes.example.test/${repo}/pull/${p.number}`,
    title: `PR ${p.number}`,
    state,
    merged: state === 'MERGED',
    mergedAt: state === 'MERGED' ? '2026-02-03T00:00:00Z' : null,
    createdAt: '2026-02-01T00:00:00Z',
    isDraft: false,
    reviewDecision: null,
    author: { __typename: 'User', login: p.author },
    repository: { nameWithOwner: repo },
  };
}

function issue(repo: string, t: FakeTimeline): Record<string, unknown> {
  const items = [
    ...(t.connected ?? []).map((p) => ({ __typename: 'ConnectedEvent', subject: pr(repo, p), source: { __typename: 'Issue' } })),
    ...(t.disconnected ?? []).map((p) => ({ __typename: 'DisconnectedEvent', subject: pr(repo, p), source: { __typename: 'Issue' } })),
    ...(t.closingRefs ?? []).map((p) => ({ __typename: 'CrossReferencedEvent', willCloseTarget: true, source: pr(repo, p) })),
    ...(t.mentions ?? []).map((p) => ({ __typename: 'CrossReferencedEvent', willCloseTarget: false, source: pr(repo, p) })),
  ];
  return {
    title: 'an issue',
    state: 'OPEN',
    closedAt: null,
    assignees: { nodes: [] },
    timelineItems: { nodes: items },
  };
}

const rootValue = {
  repository: (a: { owner: string; name: string }) => ({
    issue: (b: { number: number }) => {
      const t = world.get(`${a.owner}/${a.name}#${b.number}`);
      return t ? issue(`${a.owner}/${a.name}`, t) : null;
    },
  }),
  viewer: { login: VIEWER },
  rateLimit: { cost: 1, remaining: 4999, resetAt: '2026-02-10T13:00:00Z' },
  search: () => ({ issueCount: 0, pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] }),
};

/** POST <url>: validate against the server's schema, then execute; invalid documents answer as GitHub does. */
function executing(url: string) {
  return http.post(url, async ({ request }) => {
    const body = (await request.json()) as { query: string; variables?: Record<string, unknown> };
    seen.push({ query: body.query, operation: /^\s*query\s+(\w+)/.exec(body.query)?.[1] });
    const doc = parse(body.query);
    const invalid = validate(schema, doc);
    if (invalid.length > 0) return HttpResponse.json({ errors: invalid.map((e) => ({ message: e.message })) });
    const result = await execute({ schema, document: doc, rootValue, variableValues: body.variables ?? {} });
    return HttpResponse.json({ data: result.data ?? null, ...(result.errors ? { errors: result.errors.map((e) => ({ message: e.message, path: e.path })) } : {}) });
  });
}

const server = setupServer(executing(GHES_GQL));
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());
beforeEach(() => {
  world.clear();
  seen.length = 0;
  schema = olderEnterpriseSchema();
});

const client = (apiUrl = GHES, cacheDir?: string, now?: () => Date) =>
  createGitHubClient({ token: 'ghes-token', apiUrl, timeoutMs: 5000, throttle: false, retries: 0, ...(cacheDir ? { cacheDir } : {}), ...(now ? { now } : {}) });

describe('the reduced schema stands for an older Enterprise Server', () => {
  it('lacks exactly the two things: the full queries fail against it, the fallbacks pass', () => {
    const older = olderEnterpriseSchema();
    expect(() => assertValidAgainst(older, USER_PULL_REQUESTS_QUERY)).toThrow(/ISSUE_ADVANCED/);
    expect(() => assertValidAgainst(older, buildClaimActivityQuery(2, true))).toThrow(/closedByPullRequestsReferences/);
    const none = { issueAdvanced: false, closedByPullRequestsReferences: false };
    assertValidAgainst(older, userPullRequestsQuery(none));
    for (const n of [0, 1, 50]) assertValidAgainst(older, buildClaimActivityQuery(n, true, none));
    // The fallbacks are valid on github.com too: nothing in them is Enterprise-only.
    assertValidAgainst(githubSchema(), userPullRequestsQuery(none));
    assertValidAgainst(githubSchema(), buildClaimActivityQuery(3, false, none));
    assertValidAgainst(githubSchema(), CAPABILITIES_QUERY);
  });
});

describe('parseClaimActivity', () => {
  it('a null closedByPullRequestsReferences (cut by resource limits) falls back to the timeline', () => {
    const node = issue('o/r', { closingRefs: [{ number: 3, author: 'a' }], mentions: [{ number: 4, author: 'b' }] });
    const [a] = parseClaimActivity([{ repo: 'o/r', number: 1 }], { c0: { issue: { ...node, closedByPullRequestsReferences: null } as never } });
    expect(a?.pullRequests.map((p) => [p.number, p.closesIssue])).toEqual([
      [3, true],
      [4, false],
    ]);
  });
});

describe('detectCapabilities', () => {
  it('finds both missing on the older server, and both present on a current one', async () => {
    expect(await detectCapabilities(client())).toEqual({ issueAdvanced: false, closedByPullRequestsReferences: false });
    schema = githubSchema();
    expect(await detectCapabilities(client())).toEqual(FULL_CAPABILITIES);
    expect(seen.map((s) => s.operation)).toEqual(['OssScoutCapabilities', 'OssScoutCapabilities']);
  });

  it('asks once per host: the answer is kept on disk for a week', async () => {
    const cache = tempHome();
    let now = new Date('2026-02-10T12:00:00Z');
    const clock = () => now;
    await client(GHES, cache, clock).capabilities();
    expect(existsSync(capabilitiesFile(cache, GHES))).toBe(true);
    expect(JSON.parse(readFileSync(capabilitiesFile(cache, GHES), 'utf8'))).not.toHaveProperty('token');
    // Another process, six days later: from the file.
    now = new Date('2026-02-16T12:00:00Z');
    expect(await client(GHES, cache, clock).capabilities()).toEqual({ issueAdvanced: false, closedByPullRequestsReferences: false });
    expect(seen).toHaveLength(1);
    // Eight days: asked again.
    now = new Date('2026-02-18T12:00:00Z');
    await client(GHES, cache, clock).capabilities();
    expect(seen).toHaveLength(2);
  });

  it('sends nothing for github.com, GHE.com or a stand-in, nor without a token', async () => {
    for (const url of ['https://api.github.com', 'https://api.octocorp.ghe.com', 'http://127.0.0.1:9/']) {
      expect(await detectCapabilities(client(url))).toEqual(FULL_CAPABILITIES);
    }
    const anonymous = createGitHubClient({ token: undefined, apiUrl: GHES, timeoutMs: 5000, throttle: false });
    expect(await detectCapabilities(anonymous)).toEqual(FULL_CAPABILITIES);
    expect(seen).toHaveLength(0);
  });
});

describe('commands on an older Enterprise Server', () => {
  const now = new Date('2026-02-10T12:00:00.000Z');
  const claimedAt = '2026-01-10T00:00:00.000Z';
  const claim = (repo: string, number: number): Claim => ({
    repo, number, title: `old ${number}`, url: `https://ghes.example.test/${repo}/issues/${number}`, labels: [], claimedAt,
    status: 'claimed', statusHistory: [{ status: 'claimed', at: claimedAt }], notes: [], pullRequests: [], droppedReason: null, lastRefreshedAt: null,
  });
  const envFor = (home: string) => testEnv(home, { GH_HOST: 'ghes.example.test', GH_ENTERPRISE_TOKEN: 'ghes-token' });

  afterEach(() => {
    for (const s of seen) assertValidAgainst(olderEnterpriseSchema(), s.query);
  });

  it('list --refresh reads closing PRs from the timeline: a manual link, a closing reference, not a mention', async () => {
    const home = tempHome();
    const state: State = { version: 2, viewer: null, claims: [claim('o/r', 1), claim('o/r', 2), claim('o/r', 3), claim('o/r', 4)] };
    writeStateText(home, serializeState(state));
    world.set('o/r#1', { connected: [{ number: 11, author: VIEWER }] });
    world.set('o/r#2', { closingRefs: [{ number: 12, author: VIEWER, state: 'MERGED' }] });
    world.set('o/r#3', { connected: [{ number: 13, author: VIEWER }], disconnected: [{ number: 13, author: VIEWER }] });
    world.set('o/r#4', { mentions: [{ number: 14, author: VIEWER }] });
    const r = await runInProcess(['list', '--refresh', '--all', '--json'], { env: envFor(home), now });
    expect(r.code, r.stderr).toBe(0);
    expect(seen.map((s) => s.operation)).toEqual(['OssScoutCapabilities', 'ClaimActivity']);
    const claims = readState(home).claims as unknown as Claim[];
    const status = (n: number) => claims.find((c) => c.number === n)?.status;
    expect([status(1), status(2), status(3), status(4)]).toEqual(['pr-open', 'merged', 'pr-open', 'pr-open']);
    const prs = (n: number) => claims.find((c) => c.number === n)?.pullRequests.map((p) => p.number);
    expect(prs(3)).toEqual([13]);

    // The next run reads the capabilities from the cache: one request.
    seen.length = 0;
    const again = await runInProcess(['list', '--refresh', '--all', '--json'], { env: envFor(home), now });
    expect(again.code, again.stderr).toBe(0);
    expect(seen.map((s) => s.operation)).toEqual(['ClaimActivity']);
  });

  it('claim warns about a PR linked to close the issue, read from the timeline', async () => {
    const home = tempHome();
    server.use(http.get(`${GHES}/repos/o/r/issues/5`, () => HttpResponse.json(restIssue('o/r', 5))));
    server.use(http.get(`${GHES}/repos/o/r/issues/5/comments`, () => HttpResponse.json([])));
    world.set('o/r#5', { closingRefs: [{ number: 15, author: 'rival' }], mentions: [{ number: 16, author: 'other' }] });
    const r = await runInProcess(['claim', 'o/r#5'], { env: envFor(home), now });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('looks taken: open PR #15 by @rival will close it');
    expect(seen.map((s) => s.operation)).toEqual(['OssScoutCapabilities', 'ClaimActivity']);
  });

  it('report searches PRs with type: ISSUE', async () => {
    const home = tempHome();
    writeStateText(home, serializeState({ version: 2, viewer: null, claims: [claim('o/r', 1)] }));
    world.set('o/r#1', {});
    const r = await runInProcess(['report', '--format', 'json'], { env: envFor(home), now });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/could not/);
    const search = seen.find((s) => s.operation === 'OssScoutUserPullRequests');
    expect(search?.query).toMatch(/search\(type: ISSUE,/);
  });
});
