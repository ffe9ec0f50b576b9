import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../src/github/client.js';
import { fetchUserPullRequests, USER_PULL_REQUESTS_QUERY, userPullRequestsSearch } from '../src/github/activity.js';
import { isOssScoutError } from '../src/errors.js';
import { assertValidGraphQL } from './helpers/graphql-schema.js';

const API = 'https://api.github.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const client = () => createGitHubClient({ token: 'test-token', apiUrl: API, timeoutMs: 5_000, throttle: false, retries: 0 });

function prNode(repo: string, number: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    __typename: 'PullRequest',
    number,
    title: `PR ${number}`,
    url: `https://github.com/${repo}/pull/${number}`,
    state: 'OPEN',
    merged: false,
    mergedAt: null,
    createdAt: '2026-01-10T00:00:00Z',
    isDraft: false,
    reviewDecision: null,
    repository: { nameWithOwner: repo },
    ...over,
  };
}

interface GqlBody {
  query: string;
  variables: { q: string; after: string | null };
}

/** Pages of search nodes; records each request's variables. */
function answerPages(pages: Record<string, unknown>[][], seen: GqlBody['variables'][]): void {
  server.use(
    http.post(`${API}/graphql`, async ({ request }) => {
      const body = (await request.json()) as GqlBody;
      expect(body.query).toContain('query OssScoutUserPullRequests');
      seen.push(body.variables);
      const index = body.variables.after === null ? 0 : Number(body.variables.after.replace('cursor-', ''));
      const nodes = pages[index] ?? [];
      const hasNextPage = index + 1 < pages.length;
      return HttpResponse.json({
        data: {
          search: { issueCount: 999, pageInfo: { hasNextPage, endCursor: hasNextPage ? `cursor-${index + 1}` : null }, nodes },
          rateLimit: { cost: 1, remaining: 4999, resetAt: '2026-01-14T13:00:00Z' },
        },
      });
    }),
  );
}

describe('fetchUserPullRequests', () => {
  it('is a valid GitHub GraphQL document (with ISSUE_ADVANCED)', () => {
    expect(() => assertValidGraphQL(USER_PULL_REQUESTS_QUERY)).not.toThrow();
    expect(USER_PULL_REQUESTS_QUERY).toMatch(/search\(type: ISSUE_ADVANCED, query: \$q, first: 100/);
  });

  it('builds an is:pr author: updated:>= query and refuses a login that could inject qualifiers', () => {
    expect(userPullRequestsSearch('alice', new Date('2025-01-14T12:00:00Z'))).toBe('is:pr author:alice updated:>=2025-01-14');
    // A GitHub App's bot is found as app/NAME: author:NAME[bot] matches nothing.
    expect(userPullRequestsSearch('my-app[bot]', new Date('2025-01-14T12:00:00Z'))).toBe('is:pr author:app/my-app updated:>=2025-01-14');
    for (const bad of ['alice repo:x/y', 'a OR b', '-alice', '']) {
      expect(() => userPullRequestsSearch(bad, new Date())).toThrow(/unexpected login/);
    }
  });

  it('pages through results and keeps only PRs in the wanted repositories, case-insensitively', async () => {
    const seen: GqlBody['variables'][] = [];
    answerPages(
      [
        [prNode('vllm-project/vllm', 1), prNode('someone/elsewhere', 2), null as unknown as Record<string, unknown>],
        [prNode('PyTorch/PyTorch', 3, { state: 'MERGED', merged: true, mergedAt: '2026-01-12T00:00:00Z' }), { __typename: 'Issue' }],
      ],
      seen,
    );
    const r = await fetchUserPullRequests(client(), 'alice', new Date('2025-06-01T00:00:00Z'), ['vllm-project/vllm', 'pytorch/pytorch']);
    expect(seen).toEqual([
      { q: 'is:pr author:alice updated:>=2025-06-01', after: null },
      { q: 'is:pr author:alice updated:>=2025-06-01', after: 'cursor-1' },
    ]);
    expect(r.pullRequests.map((p) => `${p.repo}#${p.number}`)).toEqual(['vllm-project/vllm#1', 'PyTorch/PyTorch#3']);
    expect(r.pullRequests[1]).toMatchObject({ state: 'MERGED', merged: true, mergedAt: '2026-01-12T00:00:00Z' });
    expect(r.truncated).toBe(false);
  });

  it('stops at the page bound and says the result was truncated', async () => {
    const seen: GqlBody['variables'][] = [];
    answerPages([[prNode('a/b', 1)], [prNode('a/b', 2)], [prNode('a/b', 3)]], seen);
    const r = await fetchUserPullRequests(client(), 'alice', new Date('2025-06-01T00:00:00Z'), ['a/b'], { maxPages: 2 });
    expect(seen).toHaveLength(2);
    expect(r.pullRequests).toHaveLength(2);
    expect(r.truncated).toBe(true);
  });

  it('turns a search that returned no data into an upstream error', async () => {
    server.use(
      http.post(`${API}/graphql`, () =>
        HttpResponse.json({ data: { search: null }, errors: [{ type: 'SERVICE_UNAVAILABLE', message: 'search is down' }] }),
      ),
    );
    const err = await fetchUserPullRequests(client(), 'alice', new Date(), ['a/b']).catch((e: unknown) => e);
    expect(isOssScoutError(err) && err.kind).toBe('upstream');
    expect((err as Error).message).toMatch(/failed: SERVICE_UNAVAILABLE/);
  });
});
