import { afterEach, describe, expect, it } from 'vitest';
import { startStandInServer, type StandInServer } from '../bench/stand-in-server.js';
import { createGitHubClient } from '../src/github/client.js';
import { buildHealthQuery, fetchRepoHealth, firstMergeSearch, healthSlices, sliceSearch } from '../src/github/health.js';
import { assertValidGraphQL } from './helpers/graphql-schema.js';

let server: StandInServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function gql(s: StandInServer, query: string, variables: Record<string, unknown> = {}, token: string | null = 'bench-token') {
  const res = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, headers: res.headers, json: (await res.json()) as { data?: Record<string, unknown> | null; errors?: { type?: string; message: string; path?: unknown[] }[] } };
}

const ISSUE_FIELDS = `
  number title url body state createdAt updatedAt
  author { login }
  labels(first: 10) { nodes { name } }
  assignees(first: 5) { totalCount nodes { login } }
  comments(last: 5) { totalCount nodes { author { login } authorAssociation body createdAt } }
  closedByPullRequestsReferences(first: 5, includeClosedPrs: false) { totalCount nodes { number state url isDraft createdAt author { login } repository { nameWithOwner } } }
  timelineItems(itemTypes: [CROSS_REFERENCED_EVENT, CONNECTED_EVENT], last: 10) {
    nodes { __typename ... on CrossReferencedEvent { createdAt willCloseTarget source { __typename ... on PullRequest { number state url } } } }
  }`;

describe('stand-in server', () => {
  it('answers aliased repository queries in GitHub shape, with NOT_FOUND per alias and the rate limit', async () => {
    server = await startStandInServer({ delayMs: 5, missingRepos: ['gone/away'], validateQueries: true });
    const query = `query Batch($perRepo: Int!, $labels: [String!]) {
      rateLimit { cost remaining resetAt }
      r0: repository(owner: "vllm-project", name: "vllm") {
        nameWithOwner description url stargazerCount isArchived isPrivate
        primaryLanguage { name }
        languages(first: 5, orderBy: {field: SIZE, direction: DESC}) { nodes { name } }
        repositoryTopics(first: 10) { nodes { topic { name } } }
        issues(first: $perRepo, states: OPEN, labels: $labels, orderBy: {field: UPDATED_AT, direction: DESC}) {
          totalCount pageInfo { hasNextPage endCursor } nodes { ${ISSUE_FIELDS} }
        }
      }
      r1: repository(owner: "gone", name: "away") { nameWithOwner }
    }`;
    const { status, json, headers } = await gql(server, query, { perRepo: 20, labels: ['good first issue', 'help wanted'] });
    expect(status).toBe(200);
    expect(headers.get('x-ratelimit-resource')).toBe('graphql');
    const r0 = json.data?.r0 as {
      nameWithOwner: string;
      primaryLanguage: { name: string };
      issues: { totalCount: number; nodes: { number: number; labels: { nodes: { name: string }[] }; updatedAt: string }[] };
    };
    expect(r0.nameWithOwner).toBe('vllm-project/vllm');
    expect(typeof r0.primaryLanguage.name).toBe('string');
    expect(r0.issues.nodes).toHaveLength(20);
    expect(r0.issues.totalCount).toBeGreaterThanOrEqual(20);
    for (const n of r0.issues.nodes) expect(['good first issue', 'help wanted']).toContain(n.labels.nodes[0]?.name);
    const updated = r0.issues.nodes.map((n) => n.updatedAt);
    expect([...updated].sort().reverse()).toEqual(updated);
    expect(json.data?.r1).toBeNull();
    expect(json.errors).toEqual([expect.objectContaining({ type: 'NOT_FOUND', path: ['r1'] })]);
    // 1 languages + 1 topics + 1 issues + 20 x (labels, assignees, comments, closedBy, timeline) = 103 -> 1 point.
    const rl = json.data?.rateLimit as { cost: number; remaining: number; resetAt: string };
    expect(rl.cost).toBe(1);
    expect(rl.remaining).toBe(4999);
    expect(server.stats).toMatchObject({ requests: 1, graphqlRequests: 1, graphqlPoints: 1, byRoute: { 'POST /graphql': 1 } });
    expect(server.stats.unknownFields).toEqual([]);
  });

  it('computes cost with GitHub formula (the documented 5,101-request example costs 51)', async () => {
    server = await startStandInServer({ delayMs: 0 });
    const query = `query { viewer { login repositories(first: 100) { edges { node { id issues(first: 50) { edges { node { id labels(first: 60) { edges { node { id name } } } } } } } } } } rateLimit { cost } }`;
    const { json } = await gql(server, query);
    expect((json.data?.rateLimit as { cost: number }).cost).toBe(51);
    expect(server.stats.graphqlPoints).toBe(51);
  });

  it('is deterministic: the same query gets the same answer', async () => {
    server = await startStandInServer({ delayMs: 0 });
    const q = `{ repository(owner: "pytorch", name: "pytorch") { issues(first: 30) { nodes { ${ISSUE_FIELDS} } } } }`;
    const a = await gql(server, q);
    const b = await gql(server, q);
    expect(a.json).toEqual(b.json);
    const other = await startStandInServer({ delayMs: 0 });
    try {
      expect((await gql(other, q)).json).toEqual(a.json);
    } finally {
      await other.close();
    }
  });

  it('rejects what GitHub rejects: missing pagination, more than 100, no token', async () => {
    server = await startStandInServer({ delayMs: 0 });
    const missing = await gql(server, `{ repository(owner: "a", name: "b") { issues { totalCount } } }`);
    expect(missing.json.data).toBeUndefined();
    expect(missing.json.errors?.[0]?.type).toBe('MISSING_PAGINATION_BOUNDARIES');
    const tooMany = await gql(server, `{ repository(owner: "a", name: "b") { issues(first: 101) { totalCount } } }`);
    expect(tooMany.json.errors?.[0]?.type).toBe('EXCESSIVE_PAGINATION');
    const anon = await gql(server, `{ viewer { login } }`, {}, null);
    expect(anon.status).toBe(401);
    expect(server.stats.graphqlPoints).toBe(0);
  });

  it('answers viewer and claim-refresh aliases of repository { issue(number:) }', async () => {
    server = await startStandInServer({ delayMs: 0, viewerLogin: 'octocat' });
    const q = `{ viewer { login }
      c0: repository(owner: "a", name: "b") { issue(number: 123) { number state title url assignees(first: 5) { nodes { login } } } }
      c1: repository(owner: "c", name: "d") { issue(number: 9) { number state } } }`;
    const { json } = await gql(server, q);
    expect(json.data?.viewer).toEqual({ login: 'octocat' });
    expect((json.data?.c0 as { issue: { number: number; url: string } }).issue).toMatchObject({
      number: 123,
      url: 'https://github.com/a/b/issues/123',
    });
    expect((json.data?.c1 as { issue: { state: string } }).issue.state).toBe('OPEN');
  });

  it('works through the real GitHub client: partial data with NOT_FOUND, cost counted', async () => {
    server = await startStandInServer({ delayMs: 1, missingRepos: ['x/missing'] });
    const client = createGitHubClient({ token: 'bench-token', apiUrl: server.url, timeoutMs: 5000, throttle: false, retries: 0 });
    const res = await client.graphql<{ a: { nameWithOwner: string } | null; b: unknown; rateLimit: { cost: number } }>(
      `query Two { rateLimit { cost remaining resetAt } a: repository(owner: "o", name: "r") { nameWithOwner } b: repository(owner: "x", name: "missing") { nameWithOwner } }`,
    );
    expect(res.data.a?.nameWithOwner).toBe('o/r');
    expect(res.data.b).toBeNull();
    expect(res.errors.map((e) => e.type)).toEqual(['NOT_FOUND']);
    expect(client.stats.graphqlCost).toBe(1);
    expect(client.stats.requests).toBe(1);
    expect(server.stats.requests).toBe(1);
  });

  it('holds the bench catalog shape (issueCounts) and prices the two-pass fetch by GitHub formula, every query valid', async () => {
    server = await startStandInServer({ delayMs: 1, validateQueries: true, issueCounts: { 'big/one': 250, 'mid/one': 30 } });
    const client = createGitHubClient({ token: 'bench-token', apiUrl: server.url, timeoutMs: 10_000, throttle: false, retries: 0 });
    const { fetchIssues } = await import('../src/github/fetch-issues.js');
    const catalog = ['big/one', 'mid/one', 'small/one'].map((repo) => ({ repo, category: 'serving' as const, labels: ['good first issue'] }));
    const result = await fetchIssues(client, catalog, { perRepo: 300, pickForSignals: (sofar) => sofar.issues.slice(0, 10) });
    const count = (repo: string) => result.issues.filter((i) => i.repo === repo).length;
    expect([count('big/one'), count('mid/one'), count('small/one')]).toEqual([250, 30, 40]);
    expect(result.failures).toEqual([]);
    // Light: 3 x (2 + 1 + 100) = 309 -> 3; follow-up, pages (sent before the pick): 501 + 1 + 53 x 5 = 767 -> 8;
    // follow-up, signals: 10 x 4 = 40 -> 1 (at least one).
    expect(server.stats.graphqlPoints).toBe(12);
    expect(server.stats.requests).toBe(3);
    expect(client.stats.graphqlCost).toBe(12);
  });

  it('with issue answers kept (the benchmark), answers exactly as without, the first time and again', async () => {
    const catalog = ['big/one', 'mid/one', 'small/one'].map((repo) => ({ repo, category: 'serving' as const, labels: ['good first issue'] }));
    const { fetchIssues } = await import('../src/github/fetch-issues.js');
    const run = async (s: StandInServer) => {
      const client = createGitHubClient({ token: 'bench-token', apiUrl: s.url, timeoutMs: 10_000, throttle: false, retries: 0 });
      const r = await fetchIssues(client, catalog, { perRepo: 300, pickForSignals: (sofar) => sofar.issues.slice(0, 10) });
      return { ...r, fetchedAt: '' };
    };
    const opts = { delayMs: 0, issueCounts: { 'big/one': 250, 'mid/one': 30 }, now: new Date('2026-06-01T00:00:00Z') };
    const plain = await startStandInServer(opts);
    const expected = await run(plain);
    await plain.close();
    server = await startStandInServer({ ...opts, cacheIssueAnswers: true });
    expect(await run(server)).toEqual(expected);
    expect(await run(server)).toEqual(expected);
  });

  it('answers the `repos health` searches: PR slices with issueCount, first-merge checks, bots as Bot, by GitHub formula', async () => {
    const now = new Date();
    server = await startStandInServer({ delayMs: 0, validateQueries: true, pullRequestCounts: { 'big/one': 450 }, missingRepos: ['gone/away'] });
    type Node = { __typename: string; number: number; state: string; createdAt: string; mergedAt: string | null; authorAssociation: string; author: { __typename: string; login: string } };
    type Search = { issueCount?: number; nodes: Node[] };
    const slices = healthSlices(now);
    const repos = ['big/one', 'small/one'];
    const aliases = repos.flatMap((repo, ri) => slices.map((sl, si) => ({ alias: `r${ri}s${si}`, query: sliceSearch(repo, sl) })));
    const { query, variables } = buildHealthQuery(aliases, 100);
    assertValidGraphQL(query);
    const { json } = await gql(server, query, variables);
    expect(json.errors).toBeUndefined();
    const data = json.data as Record<string, Search>;
    const all: (Node & { repo: string })[] = [];
    repos.forEach((repo, ri) =>
      slices.forEach((sl, si) => {
        const res = data[`r${ri}s${si}`] as Search;
        expect(res.nodes.length).toBe(Math.min(100, res.issueCount ?? -1));
        const created = res.nodes.map((n) => n.createdAt);
        expect([...created].sort().reverse()).toEqual(created); // newest first
        for (const n of res.nodes) {
          expect(n.__typename).toBe('PullRequest');
          expect(n.createdAt.slice(0, 10) >= sl.from && n.createdAt.slice(0, 10) <= sl.to).toBe(true);
          expect(n.mergedAt !== null).toBe(n.state === 'MERGED');
          if (n.mergedAt !== null) expect(n.mergedAt > n.createdAt).toBe(true);
          expect(['OPEN', 'CLOSED', 'MERGED']).toContain(n.state);
          expect(['FIRST_TIME_CONTRIBUTOR', 'FIRST_TIMER', 'CONTRIBUTOR', 'COLLABORATOR', 'MEMBER', 'OWNER', 'NONE']).toContain(n.authorAssociation);
          expect(['User', 'Bot']).toContain(n.author.__typename);
          expect(n.author.login).not.toMatch(/\[bot\]$/); // GraphQL names bots without the REST suffix
        }
        all.push(...res.nodes.map((n) => ({ ...n, repo })));
      }),
    );
    // The busy repository holds more PRs in a 30-day slice than one search returns: it is sampled.
    expect((data.r0s2 as Search).issueCount).toBeGreaterThan(100);
    // A mix like GitHub's: first-timers are never merged (a merge makes them CONTRIBUTOR), merged contributors, maintainers, bots.
    const kinds = new Set(all.map((n) => `${n.authorAssociation}/${n.state === 'MERGED' ? 'merged' : 'unmerged'}`));
    for (const k of ['FIRST_TIME_CONTRIBUTOR/unmerged', 'FIRST_TIMER/unmerged', 'CONTRIBUTOR/merged', 'MEMBER/merged']) expect(kinds).toContain(k);
    expect([...kinds].filter((k) => k.startsWith('FIRST_') && k.endsWith('/merged'))).toEqual([]);
    expect(all.some((n) => n.author.__typename === 'Bot')).toBe(true);
    // 6 searches of 100 = 6 requests -> 1 point.
    expect(server.stats.graphqlPoints).toBe(1);

    // First-merge checks: the author's oldest merged PR, whether it is this one (a newcomer's) or one from long before (a regular's).
    const merged = all.filter((n) => n.state === 'MERGED' && n.authorAssociation === 'CONTRIBUTOR' && n.author.__typename === 'User');
    const authors = [...new Map(merged.map((n) => [n.author.login, n])).values()].slice(0, 50);
    const checks = buildHealthQuery(authors.map((n, i) => ({ alias: `f${i}`, query: firstMergeSearch(n.repo, n.author.login) })), 1);
    assertValidGraphQL(checks.query);
    const answered = (await gql(server, checks.query, checks.variables)).json.data as Record<string, Search>;
    let firsts = 0;
    let regulars = 0;
    authors.forEach((n, i) => {
      const first = (answered[`f${i}`] as Search).nodes;
      expect(first).toHaveLength(1);
      expect(first[0]).toMatchObject({ state: 'MERGED', author: { login: n.author.login } });
      expect((first[0] as Node).createdAt <= n.createdAt).toBe(true);
      if ((first[0] as Node).number === n.number) firsts += 1;
      else if (Date.parse((first[0] as Node).createdAt) < now.getTime() - 100 * 86_400_000) regulars += 1;
    });
    expect(firsts).toBeGreaterThan(0);
    expect(regulars).toBeGreaterThan(0);
    expect(server.stats.graphqlPoints).toBe(2); // 50 one-PR searches: 1 point

    // A repository that cannot be searched fails the whole request (search is non-null), as on GitHub.
    const gone = await gql(server, buildHealthQuery([{ alias: 'g', query: sliceSearch('gone/away', slices[0]!) }], 100).query, { q0: sliceSearch('gone/away', slices[0]!) });
    expect(gone.json.data ?? null).toBeNull();
    expect(gone.json.errors?.[0]?.message).toMatch(/cannot be searched/);
    expect(server.stats.unknownFields).toEqual([]);

    // End to end through the real fetch: the busy repository is estimated from its sample, with newcomers found.
    const client = createGitHubClient({ token: 'bench-token', apiUrl: server.url, timeoutMs: 10_000, throttle: false, retries: 0 });
    const fetched = await fetchRepoHealth(client, repos, { now });
    expect(fetched.failures).toEqual([]);
    const big = fetched.health.find((h) => h.repo === 'big/one');
    expect(big).toMatchObject({ estimated: true });
    expect(big!.newcomerPrs).toBeGreaterThan(0);
    expect(big!.prsOpened).toBeGreaterThan(big!.prsRead);
  });

  it('answers REST search, issue GET with ETag/304, rate_limit, and 404 for unknown routes', async () => {
    server = await startStandInServer({ delayMs: 2 });
    const q = encodeURIComponent('is:issue is:open (repo:a/b OR repo:c/d) label:"good first issue","help wanted" no:assignee');
    const search = await fetch(`${server.url}/search/issues?q=${q}&per_page=10`);
    expect(search.status).toBe(200);
    const sj = (await search.json()) as { total_count: number; items: { html_url: string; labels: { name: string }[] }[] };
    expect(sj.items).toHaveLength(10);
    expect(sj.total_count).toBeGreaterThan(10);
    expect(sj.items[0]?.html_url).toMatch(/^https:\/\/github\.com\/(a\/b|c\/d)\/issues\/\d+$/);

    const first = await fetch(`${server.url}/repos/a/b/issues/5`);
    expect(first.status).toBe(200);
    const etag = first.headers.get('etag');
    expect(etag).toBeTruthy();
    const body = (await first.json()) as { number: number; state: string };
    expect(body).toMatchObject({ number: 5, state: 'open' });
    const second = await fetch(`${server.url}/repos/a/b/issues/5`, { headers: { 'if-none-match': etag ?? '' } });
    expect(second.status).toBe(304);
    const third = await fetch(`${server.url}/repos/a/b/issues/5`, { headers: { 'if-none-match': '"stale"' } });
    expect(third.status).toBe(200);
    await third.arrayBuffer();

    const rl = await fetch(`${server.url}/rate_limit`);
    const rlj = (await rl.json()) as { resources: { core: { used: number }; search: { used: number } } };
    expect(rlj.resources.core.used).toBe(2); // the 304 was free
    expect(rlj.resources.search.used).toBe(1);

    const unknown = await fetch(`${server.url}/nope`);
    expect(unknown.status).toBe(404);
    await unknown.arrayBuffer();

    expect(server.stats.requests).toBe(6);
    expect(server.stats.notModified).toBe(1);
    expect(server.stats.byRoute).toEqual({
      'GET /search/issues': 1,
      'GET /repos/:owner/:repo/issues/:number': 3,
      'GET /rate_limit': 1,
      unknown: 1,
    });
    server.reset();
    expect(server.stats.requests).toBe(0);
    expect(server.stats.byRoute).toEqual({});
  });

  it('lets an onRequest hook answer instead (fault injection), and still counts the request', async () => {
    let n = 0;
    server = await startStandInServer({
      delayMs: 0,
      onRequest: (req) => {
        n += 1;
        if (req.route === 'POST /graphql' && req.seq === 1) {
          return { status: 502, body: { message: 'Server Error' } };
        }
        if (req.path === '/drop') return { status: 0, destroySocket: true };
        return undefined;
      },
    });
    const failed = await gql(server, '{ viewer { login } }');
    expect(failed.status).toBe(502);
    const ok = await gql(server, '{ viewer { login } }');
    expect(ok.status).toBe(200);
    await expect(fetch(`${server.url}/drop`)).rejects.toThrow();
    expect(n).toBe(3);
    expect(server.stats.requests).toBe(3);
  });

  it('accepts a delay option (and setDelay) and closes cleanly, even with a hanging request', async () => {
    server = await startStandInServer({
      delayMs: 20,
      onRequest: (req) => (req.path === '/hang' ? { status: 200, hang: true } : undefined),
    });
    const res = await fetch(`${server.url}/rate_limit`);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    server.setDelay(0);
    const hanging = fetch(`${server.url}/hang`).then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((r) => setTimeout(r, 20));
    const url = server.url;
    await server.close();
    server = undefined;
    expect(await hanging).toBe('failed');
    await expect(fetch(`${url}/rate_limit`)).rejects.toThrow();
  });
});
