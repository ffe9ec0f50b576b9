import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { CatalogEntry } from '../src/core/types.js';
import { isOssScoutError } from '../src/errors.js';
import { createGitHubClient } from '../src/github/client.js';
import { fetchIssues } from '../src/github/fetch-issues.js';
import { entries, fixture } from './helpers/fake-github.js';
import { assertMatchesOpenApi } from './helpers/openapi.js';

const API = 'https://api.github.test';
const SEARCH = `${API}/search/issues`;

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const anonymous = () => createGitHubClient({ token: undefined, apiUrl: API, timeoutMs: 5000, throttle: false, retryAfterBaseValue: 1 });

interface SearchFixture {
  items: { repository_url: string }[];
}
const searchFixture = fixture<SearchFixture>('rest-search-issues.json');

const catalog: CatalogEntry[] = [
  { repo: 'vllm-project/vllm', category: 'serving', labels: ['good first issue', 'help wanted'] },
  { repo: 'pytorch/pytorch', category: 'training', labels: ['good first issue', 'actionable'] },
];

describe('fixtures have the shapes GitHub documents', () => {
  test('search items match issue-search-result-item', () => {
    expect(searchFixture.items.length).toBeGreaterThan(0);
    for (const item of searchFixture.items) assertMatchesOpenApi('issue-search-result-item', item);
  });

  test('error bodies match basic-error', () => {
    for (const name of ['rest-bad-credentials.json', 'rest-primary-rate-limit.json', 'rest-secondary-rate-limit.json']) {
      assertMatchesOpenApi('basic-error', fixture(name));
    }
  });

  test('the helper rejects a wrong shape', () => {
    expect(() => assertMatchesOpenApi('issue-search-result-item', { number: 'one' })).toThrow(/issue-search-result-item/);
  });
});

describe('no token: REST issue search', () => {
  test('one search for a small catalog, with pre-filters and an explicit OR of repositories', async () => {
    const seen: URLSearchParams[] = [];
    server.use(
      http.get(SEARCH, ({ request }) => {
        seen.push(new URL(request.url).searchParams);
        return HttpResponse.json(searchFixture);
      }),
    );
    const result = await fetchIssues(anonymous(), catalog, { perRepo: 10 });

    expect(seen).toHaveLength(1);
    const params = seen[0]!;
    expect(params.get('q')).toBe(
      'is:issue is:open no:assignee -linked:pr archived:false label:"good first issue","help wanted","actionable" (repo:vllm-project/vllm OR repo:pytorch/pytorch)',
    );
    expect(params.get('advanced_search')).toBe('true');
    expect(params.get('sort')).toBe('updated');
    expect(params.get('per_page')).toBe('20');

    // vllm #13990 carries only pytorch's "actionable" label: the shared query found it, the filter drops it.
    expect(result.issues.map((i) => `${i.repo}#${i.number}`).sort()).toEqual([
      'pytorch/pytorch#147001',
      'pytorch/pytorch#147733',
      'vllm-project/vllm#14021',
    ]);
    expect(result.issues.every((i) => !i.signalsComplete && i.comments.length === 0 && i.pullRequests.length === 0)).toBe(true);
    expect(result.repos).toEqual([
      expect.objectContaining({ repo: 'vllm-project/vllm', url: 'https://github.com/vllm-project/vllm', languages: [] }),
      expect.objectContaining({ repo: 'pytorch/pytorch', url: 'https://github.com/pytorch/pytorch' }),
    ]);
  });

  test('a 13-repo catalog takes 3 searches of at most 6 repositories (5 operators)', async () => {
    const queries: string[] = [];
    server.use(
      http.get(SEARCH, ({ request }) => {
        queries.push(new URL(request.url).searchParams.get('q') ?? '');
        return HttpResponse.json({ total_count: 0, incomplete_results: false, search_type: 'lexical', items: [] });
      }),
    );
    const result = await fetchIssues(anonymous(), entries(13), { perRepo: 5, since: '2026-02-01T00:00:00Z' });
    expect(queries).toHaveLength(3);
    for (const q of queries) {
      expect((q.match(/ OR /g) ?? []).length).toBeLessThanOrEqual(5);
      expect(q).toContain('updated:>=2026-02-01');
    }
    expect(result.repos).toHaveLength(13);
  });

  test('a refused search (422) fails its group, the rest still return', async () => {
    server.use(
      http.get(SEARCH, ({ request }) => {
        const q = new URL(request.url).searchParams.get('q') ?? '';
        if (q.includes('repo:org0/repo0')) {
          return HttpResponse.json(
            {
              message: 'Validation Failed',
              errors: [{ message: 'The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.', resource: 'Search', field: 'q', code: 'invalid' }],
              documentation_url: 'https://docs.github.com/v3/search/',
              status: '422',
            },
            { status: 422 },
          );
        }
        return HttpResponse.json({ total_count: 0, incomplete_results: false, search_type: 'lexical', items: [] });
      }),
    );
    const result = await fetchIssues(anonymous(), entries(8), { perRepo: 5 });
    expect(result.failures.map((f) => f.repo)).toEqual(['org0/repo0', 'org1/repo1', 'org2/repo2', 'org3/repo3', 'org4/repo4', 'org5/repo5']);
    expect(result.failures[0]?.message).toMatch(/422/);
    expect(result.repos.map((r) => r.repo)).toEqual(['org6/repo6', 'org7/repo7']);
  });

  test('the search rate limit is thrown with its reset time', async () => {
    const reset = Math.floor(Date.parse('2026-03-01T12:01:00Z') / 1000);
    server.use(
      http.get(SEARCH, () =>
        HttpResponse.json(fixture('rest-primary-rate-limit.json'), {
          status: 403,
          headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset), 'x-ratelimit-resource': 'search' },
        }),
      ),
    );
    const err = await fetchIssues(anonymous(), catalog, { perRepo: 5 }).catch((e: unknown) => e);
    expect(isOssScoutError(err) && err.kind).toBe('rate-limited');
    expect(isOssScoutError(err) && err.message).toContain('12:01 UTC');
  });
});
