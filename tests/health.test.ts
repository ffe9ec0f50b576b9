import { execute, parse, validate, type OperationDefinitionNode } from 'graphql';
import { computeCost } from '../bench/stand-in-graphql.js';
import { CATALOG } from '../src/catalog/catalog.js';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildSearchResult } from '../src/core/search.js';
import { formatExplanation } from '../src/render/explain.js';
import * as B from './helpers/issue-builders.js';
import { computeRepoHealth, newcomerOdds, type HealthPullRequest, type RepoHealth } from '../src/core/health.js';
import { buildHealthQuery, firstMergeSearch, healthSlices, sliceSearch } from '../src/github/health.js';
import { runInProcess, tempHome, testEnv } from './helpers/cli.js';
import { assertValidGraphQL, githubSchema } from './helpers/graphql-schema.js';

const NOW = new Date('2026-12-01T00:00:00Z');
const API = 'https://api.github.test';
const days = (n: number): string => new Date(NOW.getTime() - n * 86_400_000).toISOString();

function pr(number: number, authorAssociation: string, state: HealthPullRequest['state'], openedDaysAgo: number, mergedDaysAgo?: number, author = `user${number}`): HealthPullRequest {
  return { number, author, authorAssociation, state, createdAt: days(openedDaysAgo), mergedAt: mergedDaysAgo === undefined ? null : days(mergedDaysAgo) };
}

describe('computeRepoHealth', () => {
  it('counts first-timers still unmerged, first merges found by the check, and ignores members', () => {
    const h = computeRepoHealth(
      {
        repo: 'zippy-ai/infer',
        windows: [
          {
            total: 6,
            read: 6,
            pullRequests: [
              pr(1, 'FIRST_TIME_CONTRIBUTOR', 'OPEN', 45), // open past 30 days
              pr(2, 'FIRST_TIMER', 'CLOSED', 20), // closed unmerged
              pr(3, 'CONTRIBUTOR', 'MERGED', 10, 8), // first merge (checked)
              pr(4, 'CONTRIBUTOR', 'MERGED', 12, 11), // a regular's merge (checked)
              pr(5, 'MEMBER', 'MERGED', 5, 4),
              pr(6, 'FIRST_TIME_CONTRIBUTOR', 'OPEN', 3), // open, but young
            ],
          },
        ],
        firstMergeChecks: new Map([
          [3, true],
          [4, false],
        ]),
      },
      NOW,
    );
    expect(h).toMatchObject({ newcomerPrs: 4, newcomerMerged: 1, mergeRate: 0.25, medianDaysToMerge: 2, openOver30Days: 1, closedUnmerged: 1, estimated: false });
  });

  it('scales a busy window read as a sample, and says it is an estimate', () => {
    const h = computeRepoHealth(
      { repo: 'a/b', windows: [{ total: 400, read: 2, pullRequests: [pr(1, 'FIRST_TIME_CONTRIBUTOR', 'CLOSED', 5), pr(2, 'MEMBER', 'MERGED', 5, 4)] }], firstMergeChecks: new Map() },
      NOW,
    );
    expect(h.newcomerPrs).toBe(200);
    expect(h.estimated).toBe(true);
    expect(h.prsOpened).toBe(400);
    expect(h.prsRead).toBe(2);
  });

  it('a window read whole is no estimate, even when bots were left out of it', () => {
    // GitHub returned 3 PRs and counts 3; one was dependabot's, dropped before counting.
    const h = computeRepoHealth({ repo: 'a/b', windows: [{ total: 3, read: 3, pullRequests: [pr(1, 'FIRST_TIME_CONTRIBUTOR', 'OPEN', 5), pr(2, 'MEMBER', 'MERGED', 5, 4)] }], firstMergeChecks: new Map() }, NOW);
    expect(h).toMatchObject({ newcomerPrs: 1, estimated: false, prsOpened: 3, prsRead: 3 });
  });

  it('no newcomer PRs: rate and median are null', () => {
    const h = computeRepoHealth({ repo: 'a/b', windows: [{ total: 0, read: 0, pullRequests: [] }], firstMergeChecks: new Map() }, NOW);
    expect(h).toMatchObject({ newcomerPrs: 0, newcomerMerged: 0, mergeRate: null, medianDaysToMerge: null });
  });
});

describe('newcomerOdds', () => {
  const base: RepoHealth = {
    repo: 'zippy-ai/infer', newcomerPrs: 10, newcomerMerged: 10, mergeRate: 1, medianDaysToMerge: 2, openOver30Days: 0,
    closedUnmerged: 0, prsOpened: 40, prsRead: 40, estimated: false, computedAt: NOW.toISOString(),
  };
  it('explains itself and lifts a repository that merges newcomers', () => {
    const o = newcomerOdds(base);
    expect(o?.explanation).toBe('zippy-ai/infer merged 10 of 10 first-timer PRs in 90 days, median 2 days');
    expect(o?.points).toBeGreaterThan(0);
  });
  it('lowers one that does not, and stays out with too little data', () => {
    expect(newcomerOdds({ ...base, newcomerMerged: 0, mergeRate: 0, medianDaysToMerge: null })?.points).toBeLessThan(0);
    expect(newcomerOdds({ ...base, newcomerPrs: 3, newcomerMerged: 3 })).toBeNull();
    expect(newcomerOdds(undefined)).toBeNull();
  });
});

describe('health queries', () => {
  it('are valid against GitHub\'s schema with and without ISSUE_ADVANCED, for both passes', () => {
    for (const caps of [{ issueAdvanced: true, closedByPullRequestsReferences: true }, { issueAdvanced: false, closedByPullRequestsReferences: false }]) {
      for (const first of [100, 1]) {
        const { query, variables } = buildHealthQuery([{ alias: 'r0s0', query: 'repo:a/b is:pr' }, { alias: 'r1s0', query: 'repo:c/d is:pr' }], first, caps);
        assertValidGraphQL(query);
        expect(Object.keys(variables)).toEqual(['q0', 'q1']);
        expect(query).toContain(caps.issueAdvanced ? 'type: ISSUE_ADVANCED' : 'type: ISSUE,');
      }
    }
  });
  it('cover 90 days in three slices, the last ending today', () => {
    const s = healthSlices(NOW);
    expect(s).toHaveLength(3);
    expect(s.at(-1)?.to).toBe('2026-12-01');
    expect(s[0]?.from).toBe('2026-09-03');
    expect(sliceSearch('a/b', s[0] as { from: string; to: string })).toBe('repo:a/b is:pr created:2026-09-03..2026-10-02 sort:created-desc');
    expect(firstMergeSearch('a/b', 'octo')).toBe('repo:a/b is:pr is:merged author:octo sort:created-asc');
  });
});

// A fake GitHub that EXECUTES each query against the published schema, answering `search` from PRs per repo.
interface FakePr extends HealthPullRequest {
  repo: string;
}
function healthGitHub(prs: FakePr[], seen: { queries: number; cost: number }) {
  const schema = githubSchema();
  return http.post(`${API}/graphql`, async ({ request }) => {
    const body = (await request.json()) as { query: string; variables: Record<string, unknown> };
    const doc = parse(body.query);
    const errors = validate(schema, doc);
    if (errors.length > 0) return HttpResponse.json({ errors: errors.map((e) => ({ message: e.message })) });
    seen.queries += 1;
    const rootValue = {
      search: (args: { query: string; first: number }) => {
        const repo = /repo:(\S+)/.exec(args.query)?.[1] ?? '';
        if (repo === 'gone/away') throw new Error('The listed users and repositories cannot be searched');
        let found = prs.filter((p) => p.repo === repo);
        const created = /created:(\S+)\.\.(\S+)/.exec(args.query);
        if (created) found = found.filter((p) => p.createdAt.slice(0, 10) >= (created[1] as string) && p.createdAt.slice(0, 10) <= (created[2] as string));
        const author = /author:(\S+)/.exec(args.query)?.[1];
        if (author) found = found.filter((p) => p.author === author && p.state === 'MERGED').sort((a, b) => a.createdAt.localeCompare(b.createdAt));
        else found = found.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
        return {
          issueCount: found.length,
          nodes: found.slice(0, args.first).map((p) => ({ __typename: 'PullRequest', ...p, author: { __typename: 'User', login: p.author } })),
        };
      },
      // GitHub's formula, as the bench's stand-in computes it.
      rateLimit: { cost: computeCost(doc, doc.definitions[0] as OperationDefinitionNode, body.variables), remaining: 4999, resetAt: NOW.toISOString() },
    };
    const result = await execute({ schema, document: doc, rootValue, variableValues: body.variables });
    seen.cost += 1;
    return HttpResponse.json(JSON.parse(JSON.stringify(result)));
  });
}

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('oss-scout repos health', () => {
  const prs: FakePr[] = [
    // zippy-ai/infer: 4 newcomer PRs, 3 merged quickly (one author's first merge earlier than the window)
    { repo: 'zippy-ai/infer', ...pr(101, 'CONTRIBUTOR', 'MERGED', 20, 18, 'ana') },
    { repo: 'zippy-ai/infer', ...pr(102, 'CONTRIBUTOR', 'MERGED', 15, 14, 'bo') },
    { repo: 'zippy-ai/infer', ...pr(103, 'CONTRIBUTOR', 'MERGED', 10, 8, 'cy') },
    { repo: 'zippy-ai/infer', ...pr(104, 'FIRST_TIME_CONTRIBUTOR', 'OPEN', 5) },
    { repo: 'zippy-ai/infer', ...pr(90, 'CONTRIBUTOR', 'MERGED', 200, 199, 'dee') },
    { repo: 'zippy-ai/infer', ...pr(105, 'CONTRIBUTOR', 'MERGED', 9, 7, 'dee') }, // dee's second merge: not a newcomer
    { repo: 'zippy-ai/infer', ...pr(106, 'MEMBER', 'MERGED', 3, 2, 'maint') },
    // slow/lane: newcomers left open
    { repo: 'slow/lane', ...pr(201, 'FIRST_TIME_CONTRIBUTOR', 'OPEN', 80) },
    { repo: 'slow/lane', ...pr(202, 'FIRST_TIMER', 'OPEN', 60) },
    { repo: 'slow/lane', ...pr(203, 'FIRST_TIME_CONTRIBUTOR', 'CLOSED', 50) },
  ];

  it('prints per-repository figures as JSON, best merge rate first, and caches them for 24 hours', async () => {
    const seen = { queries: 0, cost: 0 };
    server.use(healthGitHub(prs, seen));
    const home = tempHome();
    const env = testEnv(home, { GITHUB_API_URL: API, GH_TOKEN: 'test-token' });
    const r = await runInProcess(['repos', 'health', '--repos', 'slow/lane,zippy-ai/infer', '--json'], { env, now: NOW });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { repos: RepoHealth[]; failures: unknown[] };
    expect(out.repos.map((h) => h.repo)).toEqual(['zippy-ai/infer', 'slow/lane']);
    expect(out.repos[0]).toMatchObject({ newcomerPrs: 4, newcomerMerged: 3, openOver30Days: 0, medianDaysToMerge: 2 });
    expect(out.repos[1]).toMatchObject({ newcomerPrs: 3, newcomerMerged: 0, openOver30Days: 2, closedUnmerged: 1, mergeRate: 0, medianDaysToMerge: null });
    expect(seen.queries).toBe(2); // the PRs, then the first-merge checks

    const again = await runInProcess(['repos', 'health', '--repos', 'slow/lane,zippy-ai/infer', '--json'], { env, now: new Date(NOW.getTime() + 3_600_000) });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toEqual(out);
    expect(seen.queries).toBe(2);

    const table = await runInProcess(['repos', 'health', '--repos', 'slow/lane,zippy-ai/infer'], { env, now: NOW });
    expect(table.stdout).toMatch(/^zippy-ai\/infer\s+4\s+3\s+75%\s+2 days\s+0$/m);
  });

  it('reports a repository that cannot be searched and still answers for the others', async () => {
    const seen = { queries: 0, cost: 0 };
    server.use(healthGitHub(prs, seen));
    const env = testEnv(tempHome(), { GITHUB_API_URL: API, GH_TOKEN: 'test-token' });
    const r = await runInProcess(['repos', 'health', '--repos', 'gone/away,slow/lane', '--json'], { env, now: NOW });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: gone\/away: /m);
    const out = JSON.parse(r.stdout) as { repos: RepoHealth[]; failures: { repo: string }[] };
    expect(out.repos.map((h) => h.repo)).toEqual(['slow/lane']);
    expect(out.failures.map((f) => f.repo)).toEqual(['gone/away']);
  });

  it('a cold run over the whole catalog costs at most 100 GraphQL points (GitHub\'s formula)', async () => {
    // Every catalog repository busy: 40 merged PRs by distinct CONTRIBUTOR authors, so every first-merge
    // check the cap allows is asked.
    const busy: FakePr[] = CATALOG.flatMap((e, ri) =>
      Array.from({ length: 40 }, (_, k) => ({ repo: e.repo, ...pr(ri * 1000 + k, k % 4 === 0 ? 'FIRST_TIME_CONTRIBUTOR' : 'CONTRIBUTOR', k % 4 === 0 ? 'OPEN' : 'MERGED', 5 + k, 3 + k, `dev${ri}x${k}`) })),
    );
    const seen = { queries: 0, cost: 0 };
    server.use(healthGitHub(busy, seen));
    const env = testEnv(tempHome(), { GITHUB_API_URL: API, GH_TOKEN: 'test-token' });
    const r = await runInProcess(['repos', 'health', '--json', '--verbose'], { env, now: NOW });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { repos: unknown[] }).repos).toHaveLength(CATALOG.length);
    const cost = Number(/GraphQL cost: (\d+)/.exec(r.stderr)?.[1]);
    expect(cost).toBeGreaterThan(0);
    expect(cost).toBeLessThanOrEqual(100);
  });

  it('needs a token: exit 4 with the next step', async () => {
    const r = await runInProcess(['repos', 'health', '--repos', 'a/b'], { env: testEnv(tempHome(), { GITHUB_API_URL: API }), now: NOW });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/needs a GitHub token.*GH_TOKEN/s);
    expect(r.stdout).toBe('');
  });
});

describe('newcomer odds in the ranking', () => {
  const healthOf = (repo: string, prs: number, merged: number, median: number | null): RepoHealth => ({
    repo, newcomerPrs: prs, newcomerMerged: merged, mergeRate: prs === 0 ? null : merged / prs, medianDaysToMerge: median,
    openOver30Days: 0, closedUnmerged: prs - merged, prsOpened: 100, prsRead: 100, estimated: false, computedAt: B.NOW.toISOString(),
  });
  // Two issues that fit the same: same title, labels, dates; only their repositories differ.
  const twins = [B.issue({ repo: 'slow/lane', number: 1, title: 'Fuse the CUDA softmax kernel' }), B.issue({ repo: 'zippy-ai/infer', number: 1, title: 'Fuse the CUDA softmax kernel' })];
  const input = {
    fetch: B.fetchResult(twins),
    profile: { skills: [{ name: 'cuda', weight: 2 as const }], avoid: [], customSkills: [] },
    now: B.NOW,
    includeTaken: false,
    claimWindowDays: 30,
    limit: 10,
  };

  it('breaks a tie between equally fitting issues in favour of the repository that merges newcomers', () => {
    const without = buildSearchResult(input);
    expect(without.issues[0]?.score).toBe(without.issues[1]?.score);
    const health = new Map([
      ['zippy-ai/infer', healthOf('zippy-ai/infer', 10, 10, 2)],
      ['slow/lane', healthOf('slow/lane', 12, 1, 40)],
    ]);
    const withOdds = buildSearchResult({ ...input, repoHealth: health });
    expect(withOdds.issues.map((r) => r.issue.repo)).toEqual(['zippy-ai/infer', 'slow/lane']);
    expect(withOdds.issues[0]?.scoreParts.newcomer).toBeGreaterThan(0);
    expect(withOdds.issues[1]?.scoreParts.newcomer).toBeLessThan(0);
    // scoreParts still add up to the score.
    for (const r of withOdds.issues) expect(Object.values(r.scoreParts).reduce((a, b) => a + b, 0)).toBeCloseTo(r.score, 2);
    const text = formatExplanation(withOdds.issues);
    expect(text).toContain('newcomer odds +');
    expect(text).toContain('zippy-ai/infer merged 10 of 10 first-timer PRs in 90 days, median 2 days');
  });

  it('gives no bonus and no penalty with too little data', () => {
    const r = buildSearchResult({ ...input, repoHealth: new Map([['zippy-ai/infer', healthOf('zippy-ai/infer', 2, 2, 1)]]) });
    expect(r.issues.every((i) => (i.scoreParts.newcomer ?? 0) === 0)).toBe(true);
  });
});
