import { describe, expect, test } from 'vitest';
import { chunk } from '../src/core/chunk.js';
import { FULL_CAPABILITIES } from '../src/github/capabilities.js';
import { batchSize } from '../src/github/first-pass.js';
import {
  MAX_REPOS_PER_SEARCH,
  buildCatalogIssuesQuery,
  buildFollowUpQuery,
  buildIssueSearchQuery,
  searchTextLength,
  type RepoPageInput,
  type RepoQueryInput,
  type RepoSignalsInput,
} from '../src/github/queries.js';
import { assertValidAgainst, assertValidGraphQL, githubSchema, githubSchemaWithout } from './helpers/graphql-schema.js';

const repos: RepoQueryInput[] = [
  { owner: 'vllm-project', name: 'vllm', labels: ['good first issue', 'help wanted'], first: 100 },
  { owner: 'pytorch', name: 'pytorch', labels: ['actionable'], first: 100 },
  { owner: 'ggml-org', name: 'llama.cpp', labels: [], first: 100 },
];
const pages: RepoPageInput[] = [
  { owner: 'vllm-project', name: 'vllm', labels: ['good first issue'], desc: { first: 100, after: 'Y3Vyc29yOnYyOpK5' }, asc: { first: 53, after: null } },
  { owner: 'pytorch', name: 'pytorch', labels: [], desc: { first: 20, after: 'Y3Vyc29yOnYyOpK6' } },
];
const signals: RepoSignalsInput[] = [
  { owner: 'vllm-project', name: 'vllm', numbers: [12, 345] },
  { owner: 'triton-lang', name: 'triton', numbers: [7] },
];
const REDUCED = { ...FULL_CAPABILITIES, closedByPullRequestsReferences: false };
const OLD_GHES = githubSchemaWithout(['Issue.closedByPullRequestsReferences']);

describe('GraphQL documents', () => {
  const variants = [undefined, '2026-01-01T00:00:00Z'];
  test.each(variants)('every variant validates against GitHub schema (since=%s)', (since) => {
    const opts = since === undefined ? {} : { since };
    for (const n of [1, 2, 3]) assertValidGraphQL(buildCatalogIssuesQuery(repos.slice(0, n), opts).query);
    for (const caps of [FULL_CAPABILITIES, REDUCED]) {
      const o = { ...opts, capabilities: caps };
      assertValidGraphQL(buildFollowUpQuery({ pages, signals }, o).query);
      assertValidGraphQL(buildFollowUpQuery({ pages: [], signals }, o).query);
      assertValidGraphQL(buildFollowUpQuery({ pages: pages.slice(1), signals: [] }, o).query);
    }
  });

  test('without closedByPullRequestsReferences: valid against a schema that lacks it, and the full variant is not', () => {
    const reduced = buildFollowUpQuery({ pages, signals }, { capabilities: REDUCED }).query;
    expect(reduced).not.toContain('closedByPullRequestsReferences');
    expect(reduced).toContain('CONNECTED_EVENT');
    expect(reduced).toContain('willCloseTarget');
    assertValidAgainst(OLD_GHES, reduced);
    assertValidAgainst(OLD_GHES, buildCatalogIssuesQuery(repos).query);
    const full = buildFollowUpQuery({ pages, signals }).query;
    expect(() => assertValidAgainst(OLD_GHES, full)).toThrow(/closedByPullRequestsReferences/);
    assertValidAgainst(githubSchema(), full);
  });

  test('the helper really rejects bad documents', () => {
    expect(() => assertValidGraphQL('query Bad { viewer { nope } }')).toThrow(/nope/);
    expect(() => assertValidGraphQL('query S { search(type: ISSUE_ADVANCED, query: "x", first: 1) { issueCount } }')).not.toThrow();
  });

  test('the light pass: named, one alias per repository, values as variables, no taken signals', () => {
    const { query, variables } = buildCatalogIssuesQuery(repos);
    expect(query).toMatch(/^query CatalogIssues\(/);
    expect(query).toMatch(/r0: repository\(owner: \$owner0, name: \$name0\)/);
    expect(query).toMatch(/r2: repository/);
    expect(query).toContain('rateLimit { cost remaining resetAt }');
    expect(query).not.toContain('vllm-project');
    expect(query).not.toMatch(/comments|assignees|timelineItems|closedByPullRequestsReferences/);
    expect(variables).toMatchObject({
      owner0: 'vllm-project',
      name0: 'vllm',
      labels0: ['good first issue', 'help wanted'],
      labels1: ['actionable'],
      labels2: null,
      first0: 100,
    });
  });

  test('the follow-up: pages from both ends with cursors and signals inline, issues by number', () => {
    const { query, variables } = buildFollowUpQuery({ pages, signals });
    expect(query).toMatch(/^query CatalogFollowUp\(/);
    expect(query).not.toContain('RepoMetaFields');
    expect(query).toMatch(/d: issues\(first: \$pdf0, after: \$pdc0, .*direction: DESC/);
    expect(query).toMatch(/a: issues\(first: \$paf0, after: \$pac0, .*direction: ASC/);
    expect(query).not.toContain('$paf1');
    expect(query).toMatch(/nodes \{ \.\.\.IssueLight \.\.\.IssueSignals \}/);
    expect(query).toMatch(/s0: repository\(owner: \$so0, name: \$sn0\) \{\s+nameWithOwner\s+i0: issue\(number: \$s0n0\) \{ \.\.\.IssueSignals \}\s+i1: issue/);
    expect(query).toContain('comments(last: 100)');
    expect(variables).toMatchObject({ pdc0: 'Y3Vyc29yOnYyOpK5', pac0: null, paf0: 53, pdf1: 20, pl1: null, s0n0: 12, s0n1: 345, s1n0: 7, so1: 'triton-lang' });
  });

  test('since becomes a filterBy only when given', () => {
    expect(buildCatalogIssuesQuery(repos).query).not.toContain('filterBy');
    const withSince = buildCatalogIssuesQuery(repos, { since: '2026-01-01T00:00:00Z' });
    expect(withSince.query).toContain('filterBy: { since: $since }');
    expect(withSince.variables.since).toBe('2026-01-01T00:00:00Z');
    expect(buildFollowUpQuery({ pages: [], signals }, { since: '2026-01-01T00:00:00Z' }).query).not.toContain('$since');
  });

  test('page sizes are clamped to GitHub limits', () => {
    const { variables } = buildCatalogIssuesQuery([{ owner: 'a', name: 'b', labels: ['x'], first: 500 }]);
    expect(variables.first0).toBe(100);
  });
});

describe('batching', () => {
  test('51 repositories go in two even light queries; big catalogs get more', () => {
    expect(batchSize(51, 100)).toBe(26);
    expect(chunk(Array.from({ length: 51 }, (_, i) => i), batchSize(51, 100)).map((b) => b.length)).toEqual([26, 25]);
    expect(batchSize(200, 100)).toBe(25);
    expect(batchSize(3, 100)).toBe(3);
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
