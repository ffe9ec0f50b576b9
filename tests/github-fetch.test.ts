import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { detectTaken } from '../src/core/taken.js';
import type { CatalogEntry } from '../src/core/types.js';
import { isOssScoutError, type OssScoutError } from '../src/errors.js';
import { createGitHubClient, type GitHubClientOptions } from '../src/github/client.js';
import { fetchIssues } from '../src/github/fetch-issues.js';
import { entries, fakeGraphQL, fixture, repoNode, type GraphQLCall } from './helpers/fake-github.js';
import { assertValidGraphQL } from './helpers/graphql-schema.js';

const API = 'https://api.github.test';
const GQL = `${API}/graphql`;
const TOKEN = 'test-token-do-not-print';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function client(over: Partial<GitHubClientOptions> = {}) {
  return createGitHubClient({ token: TOKEN, apiUrl: API, timeoutMs: 5000, throttle: false, retryAfterBaseValue: 1, ...over });
}

async function rejection(p: Promise<unknown>): Promise<OssScoutError> {
  try {
    await p;
  } catch (e) {
    if (isOssScoutError(e)) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

function validateAll(calls: GraphQLCall[]): void {
  for (const c of calls) assertValidGraphQL(c.query);
}

const vllm: CatalogEntry = { repo: 'vllm-project/vllm', category: 'serving', labels: ['good first issue', 'help wanted'] };

describe('batching and mapping', () => {
  test('45 repositories: two light queries with every label set, then one follow-up for the signals', async () => {
    const calls: GraphQLCall[] = [];
    server.use(fakeGraphQL(GQL, calls, { node: (repo) => repoNode(repo), cost: 12 }));
    const catalog = entries(45, (i) => (i % 3 === 0 ? ['good first issue'] : i % 3 === 1 ? ['Good First Issue', 'help wanted'] : ['good-first-issue']));
    const c = client();
    const progress: number[] = [];
    const result = await fetchIssues(c, catalog, { perRepo: 300, onProgress: (done) => progress.push(done) });

    const light = calls.filter((x) => x.operationName === 'CatalogIssues');
    const follow = calls.filter((x) => x.operationName === 'CatalogFollowUp');
    expect(light.length).toBe(2);
    expect(c.stats.requests).toBe(calls.length);
    expect(calls.length).toBeLessThanOrEqual(4);
    expect(result.repos.map((r) => r.repo).sort()).toEqual(catalog.map((e) => e.repo).sort());
    expect(result.failures).toEqual([]);
    expect(result.issues).toHaveLength(45 * 4);
    // No picker: every candidate gets its signals.
    expect(follow.flatMap((x) => x.signals)).toHaveLength(45 * 4);
    expect(result.issues.every((i) => i.signalsPending === undefined && i.signalsComplete)).toBe(true);
    expect(progress.at(-1)).toBe(45);
    validateAll(calls);
    for (const call of light) {
      expect(call.query).not.toMatch(/comments|timelineItems|assignees/);
      call.repos.forEach((repo, i) => {
        const entry = catalog.find((e) => e.repo === repo);
        expect(call.variables[`labels${i}`]).toEqual(entry?.labels);
        expect(call.variables[`first${i}`]).toBe(100);
      });
    }
  });

  test('maps repository metadata, issues and their taken signals from the fixture', async () => {
    server.use(fakeGraphQL(GQL, []));
    const result = await fetchIssues(client(), [vllm], { perRepo: 20, now: () => new Date('2026-03-01T12:00:00Z') });
    expect(result.fetchedAt).toBe('2026-03-01T12:00:00.000Z');
    expect(result.repos[0]).toMatchObject({
      repo: 'vllm-project/vllm',
      primaryLanguage: 'Python',
      languages: ['Python', 'Cuda', 'C++', 'Shell', 'CMake'],
      topics: expect.arrayContaining(['llm', 'cuda']),
      stars: 58213,
    });
    const byNumber = new Map(result.issues.map((i) => [i.number, i]));
    const bug = byNumber.get(13877);
    expect(bug?.author).toBe('ghost');
    expect(bug?.pullRequests).toEqual([
      expect.objectContaining({ number: 13950, state: 'OPEN', closesIssue: true, author: 'lingfeng-w' }),
    ]);
    expect(byNumber.get(13311)?.comments[0]?.author).toBe('ghost');
    expect(byNumber.get(13702)?.pullRequests).toEqual([expect.objectContaining({ number: 13733, state: 'MERGED' })]);

    const verdict = (n: number) => detectTaken(byNumber.get(n)!, { now: new Date('2026-03-01T12:00:00Z'), claimWindowDays: 30 });
    expect(verdict(14021).reasons).toEqual(['claimed by @tanmay-dev 1 day ago']);
    expect(verdict(13877).reasons).toEqual(['open PR #13950 by @lingfeng-w will close it']);
    expect(verdict(13702).reasons).toEqual(['assigned to @priya-s']);
    expect(verdict(13311)).toMatchObject({ taken: false, stale: true });
  });

  test('since is sent as filterBy and the document stays valid', async () => {
    const calls: GraphQLCall[] = [];
    server.use(fakeGraphQL(GQL, calls));
    await fetchIssues(client(), [vllm], { perRepo: 5, since: '2026-02-01T00:00:00Z' });
    expect(calls[0]?.variables.since).toBe('2026-02-01T00:00:00Z');
    expect(calls[0]?.query).toContain('filterBy');
    validateAll(calls);
  });

  test('duplicate repositories are fetched once', async () => {
    const calls: GraphQLCall[] = [];
    server.use(fakeGraphQL(GQL, calls));
    await fetchIssues(client(), [vllm, { ...vllm, repo: 'VLLM-project/vllm' }], { perRepo: 5 });
    expect(calls.flatMap((c) => c.repos)).toEqual(['vllm-project/vllm']);
  });
});

describe('per-repository failures are data', () => {
  test('a NOT_FOUND alias becomes a failure, the others still return', async () => {
    server.use(fakeGraphQL(GQL, [], { missing: new Set(['nope/missing']) }));
    const catalog = [vllm, { repo: 'nope/missing', category: 'serving' as const, labels: ['good first issue'] }, ...entries(3)];
    const result = await fetchIssues(client(), catalog, { perRepo: 10 });
    expect(result.failures).toEqual([
      { repo: 'nope/missing', kind: 'not-found', message: "Could not resolve to a Repository with the name 'nope/missing'." },
    ]);
    expect(result.repos).toHaveLength(4);
  });

  test('the recorded NOT_FOUND response maps as is', async () => {
    server.use(http.post(GQL, () => HttpResponse.json(fixture('graphql-partial-not-found.json'))));
    const result = await fetchIssues(client(), [{ repo: 'no-such-org/no-such-repo', category: 'serving', labels: [] }], { perRepo: 5 });
    expect(result.failures[0]).toMatchObject({ kind: 'not-found', message: expect.stringContaining('Could not resolve') });
    expect(result.issues).toEqual([]);
  });

  test('FORBIDDEN aliases are reported as forbidden', async () => {
    server.use(
      http.post(GQL, () =>
        HttpResponse.json({
          data: { r0: null, rateLimit: { cost: 1, remaining: 4999, resetAt: '2026-03-01T13:00:00Z' } },
          errors: [{ type: 'FORBIDDEN', path: ['r0'], message: 'Resource protected by organization SAML enforcement.' }],
        }),
      ),
    );
    const result = await fetchIssues(client(), [vllm], { perRepo: 5 });
    expect(result.failures).toEqual([{ repo: vllm.repo, kind: 'forbidden', message: 'Resource protected by organization SAML enforcement.' }]);
  });

  test('archived repositories are reported and their issues left out', async () => {
    server.use(fakeGraphQL(GQL, [], { node: (repo) => repoNode(repo, { archived: repo === 'org0/repo0' }) }));
    const result = await fetchIssues(client(), entries(2), { perRepo: 5 });
    expect(result.failures).toEqual([{ repo: 'org0/repo0', kind: 'error', message: expect.stringContaining('archived') }]);
    expect(result.issues.every((i) => i.repo === 'org1/repo1')).toBe(true);
  });

  test('a batch that keeps failing (502) is split in half; only the repository that fails alone fails', async () => {
    const calls: GraphQLCall[] = [];
    const ok = fakeGraphQL(GQL, calls);
    server.use(
      http.post(GQL, async ({ request }) => {
        const body = (await request.clone().json()) as { variables: Record<string, unknown> };
        if (body.variables.owner0 === 'org0') return HttpResponse.json({ message: 'Server Error' }, { status: 502 });
        return undefined;
      }),
      ok,
    );
    const catalog = entries(8);
    const result = await fetchIssues(client(), catalog, { perRepo: 5 });
    expect(result.failures.map((f) => f.repo)).toEqual(['org0/repo0']);
    expect(result.failures[0]?.message).toMatch(/502/);
    expect(result.repos).toHaveLength(7);
  });

  test('a query GitHub gave up on (200, errors, no data) fails its batch only', async () => {
    server.use(
      http.post(GQL, async ({ request }) => {
        const body = (await request.clone().json()) as { variables: Record<string, unknown> };
        if (body.variables.owner0 !== 'org0') return undefined;
        return HttpResponse.json({
          data: null,
          errors: [{ message: 'Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug.' }],
        });
      }),
      fakeGraphQL(GQL, []),
    );
    const result = await fetchIssues(client(), entries(4), { perRepo: 5 });
    expect(result.failures).toEqual([{ repo: 'org0/repo0', kind: 'error', message: expect.stringContaining('timeout') }]);
    expect(result.repos).toHaveLength(3);
  });
});

describe('errors that stop everything', () => {
  test('401 is an auth error (exit 4) and never shows the token', async () => {
    server.use(http.post(GQL, () => HttpResponse.json(fixture('rest-bad-credentials.json'), { status: 401 })));
    const err = await rejection(fetchIssues(client(), entries(5), { perRepo: 5 }));
    expect(err.kind).toBe('auth');
    expect(err.exitCode).toBe(4);
    expect(`${err.message} ${err.hint ?? ''}`).not.toContain(TOKEN);
  });

  test('primary rate limit (403, remaining 0) says when it resets', async () => {
    const reset = Math.floor(Date.parse('2026-03-01T14:05:00Z') / 1000);
    server.use(
      http.post(GQL, () =>
        HttpResponse.json(fixture('rest-primary-rate-limit.json'), {
          status: 403,
          headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset), 'x-ratelimit-limit': '5000' },
        }),
      ),
    );
    const err = await rejection(fetchIssues(client(), entries(2), { perRepo: 5 }));
    expect(err.kind).toBe('rate-limited');
    expect(err.exitCode).toBe(5);
    expect(err.message).toContain('14:05 UTC');
    expect(err.resetAt?.toISOString()).toBe('2026-03-01T14:05:00.000Z');
  });

  test('a GraphQL RATE_LIMITED error is a rate limit, not a partial result', async () => {
    server.use(http.post(GQL, () => HttpResponse.json(fixture('graphql-rate-limited.json'))));
    const err = await rejection(fetchIssues(client(), entries(2), { perRepo: 5 }));
    expect(err.kind).toBe('rate-limited');
  });

  test('when every batch fails the error is thrown (502 persisting: upstream, exit 3)', async () => {
    let n = 0;
    server.use(http.post(GQL, () => { n += 1; return HttpResponse.json({ message: 'Server Error' }, { status: 502 }); }));
    const err = await rejection(fetchIssues(client(), entries(1), { perRepo: 5 }));
    expect(err.kind).toBe('upstream');
    expect(err.exitCode).toBe(3);
    expect(n).toBe(4); // the first try and three retries
  });

  test('a network error is retried, then reported as such', async () => {
    server.use(http.post(GQL, () => HttpResponse.error()));
    const err = await rejection(fetchIssues(client(), entries(1), { perRepo: 5 }));
    expect(err.kind).toBe('network');
    expect(err.message).toContain('api.github.test');
  });
});

describe('recovering', () => {
  test('502 then success: retried, nothing lost', async () => {
    const calls: GraphQLCall[] = [];
    server.use(
      http.post(GQL, () => HttpResponse.json({ message: 'Bad Gateway' }, { status: 502 }), { once: true }),
      fakeGraphQL(GQL, calls),
    );
    const c = client();
    const result = await fetchIssues(c, [vllm], { perRepo: 5 });
    expect(result.failures).toEqual([]);
    expect(result.issues).toHaveLength(4);
    // The light query twice (502, then its retry), then the follow-up.
    expect(c.stats.requests).toBe(3);
  });

  test('secondary rate limit: waits retry-after, then succeeds (throttling on)', async () => {
    const calls: GraphQLCall[] = [];
    const waits: string[] = [];
    server.use(
      http.post(GQL, () => HttpResponse.json(fixture('rest-secondary-rate-limit.json'), { status: 403, headers: { 'retry-after': '1' } }), {
        once: true,
      }),
      fakeGraphQL(GQL, calls),
    );
    const c = client({ throttle: true, onWait: (_s, reason) => waits.push(reason) });
    const result = await fetchIssues(c, [vllm], { perRepo: 5 });
    expect(waits).toEqual(['secondary rate limit']);
    expect(result.issues).toHaveLength(4);
    expect(c.stats.requests).toBe(3);
  });

  test('GitHub Enterprise: a /api/v3 base sends GraphQL to /api/graphql', async () => {
    const calls: GraphQLCall[] = [];
    server.use(fakeGraphQL('https://ghe.example.test/api/graphql', calls));
    const result = await fetchIssues(client({ apiUrl: 'https://ghe.example.test/api/v3' }), [vllm], { perRepo: 5 });
    expect(calls.map((x) => x.operationName)).toEqual(['CatalogIssues', 'CatalogFollowUp']);
    expect(result.repos).toHaveLength(1);
  });
});
