import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { CatalogEntry } from '../src/core/types.js';
import { isOssScoutError } from '../src/errors.js';
import { createGitHubClient } from '../src/github/client.js';
import { fetchIssues } from '../src/github/fetch-issues.js';
import { withinSearchLimits } from '../src/github/fetch-search.js';
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

  test('the 422 body matches validation-error', () => {
    assertMatchesOpenApi('validation-error', fixture('rest-search-422.json'));
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

  test('a refused search (422) is split until the refused repository stands alone; the rest still return', async () => {
    const queries: string[] = [];
    server.use(
      http.get(SEARCH, ({ request }) => {
        const q = new URL(request.url).searchParams.get('q') ?? '';
        queries.push(q);
        if (q.includes('repo:org0/repo0')) return HttpResponse.json(fixture('rest-search-422.json'), { status: 422 });
        return HttpResponse.json({ total_count: 0, incomplete_results: false, search_type: 'lexical', items: [] });
      }),
    );
    const result = await fetchIssues(anonymous(), entries(8), { perRepo: 5 });
    expect(result.failures.map((f) => f.repo)).toEqual(['org0/repo0']);
    expect(result.failures[0]?.message).toMatch(/422/);
    expect(result.repos.map((r) => r.repo)).toEqual(['org1/repo1', 'org2/repo2', 'org3/repo3', 'org4/repo4', 'org5/repo5', 'org6/repo6', 'org7/repo7']);
    // 6 -> 3 + 3 -> 2 + 1 -> 1 + 1, plus the group of 2: eight searches, not one per repository and a retry.
    expect(queries).toHaveLength(8);
    expect(queries.filter((q) => q === 'is:issue is:open no:assignee -linked:pr archived:false label:"good first issue" repo:org0/repo0')).toHaveLength(1);
  });

  test('every repository refused: the error says so (exit 3), no list of failures', async () => {
    server.use(http.get(SEARCH, () => HttpResponse.json(fixture('rest-search-422.json'), { status: 422 })));
    const err = await fetchIssues(anonymous(), entries(2), { perRepo: 5 }).catch((e: unknown) => e);
    expect(isOssScoutError(err) && err.exitCode).toBe(3);
    expect((err as Error).message).toMatch(/422/);
  });

  test('each query stays within five operators and 256 characters of text, whatever the labels', async () => {
    const queries: string[] = [];
    server.use(
      http.get(SEARCH, ({ request }) => {
        queries.push(new URL(request.url).searchParams.get('q') ?? '');
        return HttpResponse.json({ total_count: 0, incomplete_results: false, search_type: 'lexical', items: [] });
      }),
    );
    // Repository names are qualifiers too, but an AND/OR/NOT in a label must not push a group over five.
    const many: CatalogEntry[] = Array.from({ length: 14 }, (_, i) => ({
      repo: `org${i}/repo${i}`,
      category: 'tooling',
      labels: [`good first issue ${i}`],
    }));
    await fetchIssues(anonymous(), many, { perRepo: 5 });
    expect(queries.length).toBeGreaterThanOrEqual(3);
    for (const q of queries) {
      expect(withinSearchLimits(q), q).toBe(true);
      expect((q.match(/ OR /g) ?? []).length).toBeLessThanOrEqual(5);
    }
    expect(new Set(queries.flatMap((q) => q.match(/repo:\S+?(?=[\s)]|$)/g) ?? [])).size).toBe(14);
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
