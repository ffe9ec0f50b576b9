import { describe, expect, test } from 'vitest';
import { chunk } from '../src/core/chunk.js';
import { batchSize } from '../src/github/fetch-issues.js';
import {
  MAX_REPOS_PER_SEARCH,
  buildCatalogIssuesQuery,
  buildIssueSearchQuery,
  buildIssuesPageQuery,
  estimateQueryCost,
  searchTextLength,
  type RepoQueryInput,
} from '../src/github/queries.js';
import { assertValidGraphQL } from './helpers/graphql-schema.js';

const repos: RepoQueryInput[] = [
  { owner: 'vllm-project', name: 'vllm', labels: ['good first issue', 'help wanted'], first: 20 },
  { owner: 'pytorch', name: 'pytorch', labels: ['actionable'], first: 20, after: 'Y3Vyc29yOnYyOpK5' },
  { owner: 'ggml-org', name: 'llama.cpp', labels: [], first: 20 },
];

describe('GraphQL documents', () => {
  const variants = [undefined, '2026-01-01T00:00:00Z'];
  test.each(variants)('every document validates against GitHub schema (since=%s)', (since) => {
    const opts = since === undefined ? {} : { since };
    for (const build of [buildCatalogIssuesQuery, buildIssuesPageQuery]) {
      for (const n of [1, 2, 3]) assertValidGraphQL(build(repos.slice(0, n), opts).query);
    }
  });

  test('the helper really rejects bad documents', () => {
    expect(() => assertValidGraphQL('query Bad { viewer { nope } }')).toThrow(/nope/);
    expect(() => assertValidGraphQL('query S { search(type: ISSUE_ADVANCED, query: "x", first: 1) { issueCount } }')).not.toThrow();
  });

  test('operations are named, one alias per repository, values passed as variables', () => {
    const { query, variables } = buildCatalogIssuesQuery(repos);
    expect(query).toMatch(/^query CatalogIssues\(/);
    expect(query).toMatch(/r0: repository\(owner: \$owner0, name: \$name0\)/);
    expect(query).toMatch(/r2: repository/);
    expect(query).toContain('rateLimit { cost remaining resetAt }');
    expect(query).not.toContain('vllm-project');
    expect(variables).toMatchObject({
      owner0: 'vllm-project',
      name0: 'vllm',
      labels0: ['good first issue', 'help wanted'],
      labels1: ['actionable'],
      labels2: null,
      first0: 20,
    });
  });

  test('follow-up pages carry cursors and skip repository metadata', () => {
    const { query, variables } = buildIssuesPageQuery(repos);
    expect(query).toMatch(/^query CatalogIssuesPage\(/);
    expect(query).not.toContain('RepoMetaFields');
    expect(variables.after1).toBe('Y3Vyc29yOnYyOpK5');
    expect(variables.after0).toBeNull();
  });

  test('since becomes a filterBy only when given', () => {
    expect(buildCatalogIssuesQuery(repos).query).not.toContain('filterBy');
    const withSince = buildCatalogIssuesQuery(repos, { since: '2026-01-01T00:00:00Z' });
    expect(withSince.query).toContain('filterBy: { since: $since }');
    expect(withSince.variables.since).toBe('2026-01-01T00:00:00Z');
  });

  test('page sizes are clamped to GitHub limits', () => {
    const { variables } = buildCatalogIssuesQuery([{ owner: 'a', name: 'b', labels: ['x'], first: 500 }]);
    expect(variables.first0).toBe(100);
  });
});

describe('budget arithmetic', () => {
  test('a 45-repo catalog at 20 issues each: at most 4 queries and 100 points', () => {
    const size = batchSize(45, 20);
    const batches = chunk(Array.from({ length: 45 }, (_, i) => i), size);
    expect(batches.length).toBeLessThanOrEqual(4);
    const points = batches.reduce((sum, b) => sum + estimateQueryCost(b.length, 20), 0);
    expect(points).toBeLessThanOrEqual(100);
    expect(points).toBe(45);
  });

  test('batches stay small enough for GitHub 10 s timeout, so big catalogs get more queries', () => {
    expect(batchSize(200, 20)).toBe(15);
    expect(batchSize(45, 100)).toBe(3);
    expect(batchSize(3, 20)).toBe(1);
  });
});

describe('REST search query (no token)', () => {
  const six = ['a/1', 'b/2', 'c/3', 'd/4', 'e/5', 'f/6'];

  test('same meaning under legacy and advanced search', () => {
    const q = buildIssueSearchQuery({ repos: six.slice(0, 2), labels: ['good first issue', 'help wanted'] });
    expect(q).toBe('is:issue is:open no:assignee -linked:pr archived:false label:"good first issue","help wanted" (repo:a/1 OR repo:b/2)');
  });

  test('at most five operators and well under 256 characters of non-qualifier text', () => {
    const q = buildIssueSearchQuery({ repos: six, labels: ['good first issue'], since: '2026-01-05T00:00:00Z' });
    expect(q.match(/\b(?:AND|OR|NOT)\b/g)?.length).toBe(5);
    expect(q).toContain('updated:>=2026-01-05');
    expect(searchTextLength(q)).toBeLessThan(256);
    expect(() => buildIssueSearchQuery({ repos: [...six, 'g/7'], labels: [] })).toThrow(RangeError);
    expect(MAX_REPOS_PER_SEARCH).toBe(6);
  });

  test('a single repository needs no parentheses', () => {
    expect(buildIssueSearchQuery({ repos: ['a/1'], labels: [] })).toBe('is:issue is:open no:assignee -linked:pr archived:false repo:a/1');
  });
});
