// The two-pass fetch against a fake GitHub that executes every query on GitHub's schema: every open
// beginner issue is a candidate, only the best get their taken signals, and what the real API does
// besides the happy path (partial data, null aliases, 502 on a large query, older Enterprise schemas).
import { HttpResponse, http } from 'msw';
import { describe, expect, test } from 'vitest';
import { buildSearchResult } from '../src/core/search.js';
import type { CatalogEntry, FetchResult, IssueRecord } from '../src/core/types.js';
import { FULL_CAPABILITIES } from '../src/github/capabilities.js';
import { createGitHubClient } from '../src/github/client.js';
import { fetchIssueSignals, fetchIssues } from '../src/github/fetch-issues.js';
import { runInProcess, tempHome, testEnv } from './helpers/cli.js';
import { executingGitHub, type ExecutingOptions, type FakeIssue, type FakeRepo } from './helpers/graphql-executor.js';
import { githubSchemaWithout } from './helpers/graphql-schema.js';
import { NOW, daysAgo } from './helpers/issue-builders.js';
import { countingServer } from './helpers/counting-server.js';

const API = 'https://api.github.test';
const GQL = `${API}/graphql`;

const { server, requests: requestCount } = countingServer();

const client = () => createGitHubClient({ token: 't', apiUrl: API, timeoutMs: 5000, throttle: false, retryAfterBaseValue: 1 });
const entry = (repo: string): CatalogEntry => ({ repo, category: 'serving', labels: ['good first issue'] });

/** n beginner issues, issue i updated i hours ago (so #1 is the newest); `over` changes some. */
function manyIssues(n: number, over: (i: number) => Partial<FakeIssue> = () => ({})): FakeIssue[] {
  return Array.from({ length: n }, (_, k) => {
    const i = k + 1;
    return {
      number: i,
      title: `Tidy up module ${i}`,
      labels: ['good first issue'],
      createdAt: daysAgo(200),
      updatedAt: new Date(NOW.getTime() - i * 3_600_000).toISOString(),
      ...over(i),
    };
  });
}

function signalNumbers(bodies: { variables: Record<string, unknown> }[]): number[] {
  return bodies.flatMap((b) => Object.entries(b.variables).filter(([k]) => /^s\d+n\d+$/.test(k)).map(([, v]) => v as number));
}

const search = { profile: null, now: NOW, includeTaken: false, claimWindowDays: 30, limit: 5, lookahead: 5 };
const pick = (sofar: FetchResult): IssueRecord[] => buildSearchResult({ ...search, fetch: sofar }).pendingSignals;

describe('every open beginner issue is a candidate', () => {
  test('a repository with 250 candidates is fetched whole in two round trips, from both ends', async () => {
    const fake = executingGitHub(GQL, [{ repo: 'big/repo', issues: manyIssues(250) }]);
    server.use(...fake.handlers);
    const result = await fetchIssues(client(), [entry('big/repo')], { perRepo: 300, pickForSignals: pick });
    expect(new Set(result.issues.map((i) => i.number)).size).toBe(250);
    expect(result.failures).toEqual([]);
    // The second round trip is two queries: the further pages, sent before the pick (they depend on the first
    // pass alone), then the signals of the picked issues.
    expect(fake.bodies.map((b) => /^query (\w+)/.exec(b.query)?.[1])).toEqual(['CatalogIssues', 'CatalogFollowUp', 'CatalogFollowUp']);
    const [, pages, signals] = fake.bodies;
    expect(signalNumbers([pages!])).toEqual([]);
    expect(signalNumbers([signals!]).length).toBeGreaterThan(0);
  });

  test('the signals query never waits behind further pages for a request slot', async () => {
    const fake = executingGitHub(GQL, ['big/a', 'big/b', 'big/c'].map((repo) => ({ repo, issues: manyIssues(250) })));
    server.use(...fake.handlers);
    const result = await fetchIssues(client(), ['big/a', 'big/b', 'big/c'].map(entry), { perRepo: 300, pickForSignals: pick, concurrency: 2 });
    expect(result.failures).toEqual([]);
    const followUps = fake.bodies.filter((b) => /^query CatalogFollowUp/.test(b.query));
    // Three page queries (one before the pick, two queued) and one signals query: it takes the free slot.
    expect(followUps.map((b) => (signalNumbers([b]).length > 0 ? 'signals' : 'pages'))).toEqual(['pages', 'signals', 'pages', 'pages']);
  });

  test('an issue beyond the newest 100 can be the top result (search, end to end)', async () => {
    const issues = manyIssues(250, (i) => (i === 230 ? { title: 'Port the tokenizer bindings to Rust (pyo3)', body: 'The Rust crate needs a cargo feature.' } : {}));
    server.use(...executingGitHub(GQL, [{ repo: 'big/repo', primaryLanguage: 'Python', issues }]).handlers);
    const home = tempHome();
    const r = await runInProcess(['search', '--repos', 'big/repo', '--skills', 'rust', '--json', '--limit', '3'], {
      env: testEnv(home, { GH_TOKEN: 't', GITHUB_API_URL: API }),
      now: NOW,
    });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { issues: { number: number; signalsComplete: boolean }[] };
    expect(out.issues[0]?.number).toBe(230);
    expect(out.issues.every((i) => i.signalsComplete)).toBe(true);
  });

  test('repositories the follow-up leaves alone are handed over once it is under way, as they are returned', async () => {
    server.use(
      ...executingGitHub(GQL, [
        { repo: 'big/repo', issues: manyIssues(250) },
        { repo: 'picked/repo', issues: manyIssues(3) },
        { repo: 'quiet/repo', issues: manyIssues(2) },
      ]).handlers,
    );
    const settled: FetchResult[] = [];
    let finished = false;
    let settledBeforeDone = false;
    const done = fetchIssues(client(), ['big/repo', 'picked/repo', 'quiet/repo', 'gone/repo'].map(entry), {
      perRepo: 300,
      pickForSignals: (sofar) => sofar.issues.filter((i) => i.repo === 'picked/repo'),
      onSettled: (part) => {
        settled.push(part);
        settledBeforeDone = !finished;
      },
    });
    const result = await done.finally(() => (finished = true));
    expect(settled).toHaveLength(1);
    expect(settledBeforeDone).toBe(true);
    const part = settled[0] as FetchResult;
    // big/repo has more pages and picked/repo its signals to come; gone/repo's NOT_FOUND is final too.
    expect(part.repos.map((r) => r.repo)).toEqual(['quiet/repo']);
    expect(part.failures.map((f) => [f.repo, f.kind])).toEqual([['gone/repo', 'not-found']]);
    expect(part.issues).toEqual(result.issues.filter((i) => i.repo === 'quiet/repo'));
    expect(part.issues).toHaveLength(2);
  });

  test('with further pages and no picked signals, the rest is still handed over while the pages are out', async () => {
    server.use(...executingGitHub(GQL, [{ repo: 'big/repo', issues: manyIssues(250) }, { repo: 'quiet/repo', issues: manyIssues(2) }]).handlers);
    const settled: FetchResult[] = [];
    let finished = false;
    let settledBeforeDone = false;
    await fetchIssues(client(), ['big/repo', 'quiet/repo'].map(entry), {
      perRepo: 300,
      pickForSignals: () => [],
      onSettled: (part) => {
        settled.push(part);
        settledBeforeDone = !finished;
      },
    }).finally(() => (finished = true));
    expect(settled.map((p) => p.repos.map((r) => r.repo))).toEqual([['quiet/repo']]);
    expect(settledBeforeDone).toBe(true);
  });

  test('over the cap: the most recently updated are kept, and a notice says so', async () => {
    server.use(...executingGitHub(GQL, [{ repo: 'big/repo', issues: manyIssues(130) }]).handlers);
    const notices: string[] = [];
    const result = await fetchIssues(client(), [entry('big/repo')], { perRepo: 110, pickForSignals: pick, onNotice: (l) => notices.push(l) });
    expect(result.issues.map((i) => i.number).sort((a, b) => a - b)).toEqual(Array.from({ length: 110 }, (_, i) => i + 1));
    expect(notices).toEqual([expect.stringMatching(/big\/repo: 130 open issues .* ranking the 110 most recently updated \(--per-repo 110\)/)]);
  });
});

describe('two passes: taken signals only for the best', () => {
  test('only the shown issues and the lookahead get their signals; the rest stay light', async () => {
    const fake = executingGitHub(GQL, [{ repo: 'a/b', issues: manyIssues(60) }]);
    server.use(...fake.handlers);
    const result = await fetchIssues(client(), [entry('a/b')], { perRepo: 300, pickForSignals: pick });
    const asked = signalNumbers(fake.bodies);
    // No profile: freshness decides, so the best are the newest; limit 5 + lookahead 5.
    expect(asked.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(result.issues.filter((i) => i.signalsPending)).toHaveLength(50);
    expect(fake.bodies[0]?.query).not.toMatch(/comments|timelineItems/);
  });

  test('search fetches more signals when too many of the best turn out taken; a warm run sends nothing', async () => {
    // The 14 newest are assigned: the first look (5 + 10 lookahead) finds one free, the next look the rest.
    const issues = manyIssues(40, (i) => (i <= 14 ? { assignees: ['someone'] } : {}));
    const fake = executingGitHub(GQL, [{ repo: 'a/b', issues }]);
    server.use(...fake.handlers);
    const home = tempHome();
    const env = testEnv(home, { GH_TOKEN: 't', GITHUB_API_URL: API });
    const args = ['search', '--repos', 'a/b', '--json', '--limit', '5'];
    const cold = await runInProcess(args, { env, now: NOW });
    expect(cold.code, cold.stderr).toBe(0);
    const out = JSON.parse(cold.stdout) as { issues: { number: number; signalsComplete: boolean }[] };
    expect(out.issues.map((i) => i.number)).toEqual([15, 16, 17, 18, 19]);
    expect(out.issues.every((i) => i.signalsComplete)).toBe(true);
    expect(requestCount()).toBe(3);
    const warm = await runInProcess(args, { env, now: new Date(NOW.getTime() + 60_000) });
    expect(warm.code, warm.stderr).toBe(0);
    expect(requestCount()).toBe(3);
    expect(warm.stdout).toBe(cold.stdout);
  });

  test('a claim followed by a long conversation is still seen (comments read deep, not only the last page)', async () => {
    const chatter = Array.from({ length: 30 }, (_, k) => ({ author: `u${k}`, body: 'Same here on 0.6.', createdAt: daysAgo(1) }));
    const claimed = { comments: [{ author: 'eager', body: 'Can I work on this?', createdAt: daysAgo(2) }, ...chatter] };
    server.use(...executingGitHub(GQL, [{ repo: 'a/b', issues: manyIssues(2, (i) => (i === 1 ? claimed : {})) }]).handlers);
    const result = await fetchIssues(client(), [entry('a/b')], { perRepo: 300 });
    const r = buildSearchResult({ ...search, fetch: result });
    expect(r.issues.map((i) => i.issue.number)).toEqual([2]);
    expect(r.hiddenTaken).toBe(1);
  });

  test('signals asked later (from the cache) are read by number', async () => {
    const fake = executingGitHub(GQL, [{ repo: 'a/b', issues: manyIssues(3, (i) => (i === 2 ? { closingPrs: [77] } : {})) }]);
    server.use(...fake.handlers);
    const light = await fetchIssues(client(), [entry('a/b')], { perRepo: 300, pickForSignals: () => [] });
    expect(light.issues.every((i) => i.signalsPending)).toBe(true);
    const got = await fetchIssueSignals(client(), light.issues);
    expect(got.issues.find((i) => i.number === 2)?.pullRequests.map((p) => p.number)).toEqual([77]);
    expect(got.issues.every((i) => i.signalsPending === undefined && i.signalsComplete)).toBe(true);
  });
});

/** A transform that nulls `field` in every follow-up answer at s0.i0 and reports RESOURCE_LIMITS_EXCEEDED there. */
function nullAt(field: string): ExecutingOptions['transform'] {
  return (response, body) => {
    const s0 = response.data?.s0 as Record<string, Record<string, unknown> | null> | undefined;
    const i0 = s0?.i0;
    if (!/^query CatalogFollowUp/.test(body.query) || !i0) return response;
    i0[field] = null;
    return {
      ...response,
      errors: [...(response.errors ?? []), { type: 'RESOURCE_LIMITS_EXCEEDED', path: ['s0', 'i0', field], message: 'Resource limits for this query exceeded.' }],
    };
  };
}

describe('partial data (RESOURCE_LIMITS_EXCEEDED)', () => {
  const repo: FakeRepo = { repo: 'a/b', issues: manyIssues(2, (i) => (i === 1 ? { comments: [{ author: 'x', body: 'can I work on this?', createdAt: daysAgo(1) }] } : {})) };

  test.each(['comments', 'timelineItems', 'closedByPullRequestsReferences', 'assignees'])('a null %s leaves that issue signalsComplete: false, the batch intact', async (field) => {
    server.use(...executingGitHub(GQL, [repo], { transform: nullAt(field) }).handlers);
    const result = await fetchIssues(client(), [entry('a/b')], { perRepo: 300 });
    const byNumber = new Map(result.issues.map((i) => [i.number, i]));
    expect(byNumber.get(1)?.signalsComplete).toBe(false);
    expect(byNumber.get(2)?.signalsComplete).toBe(true);
    expect(result.failures).toEqual([]);
  });

  test('null labels in the light pass are no crash', async () => {
    server.use(
      ...executingGitHub(GQL, [repo], {
        transform: (response, body) => {
          const nodes = ((response.data?.r0 as { issues?: { nodes?: { labels: unknown }[] } } | undefined)?.issues?.nodes) ?? [];
          if (/^query CatalogIssues/.test(body.query) && nodes[0]) nodes[0].labels = null;
          return response;
        },
      }).handlers,
    );
    const result = await fetchIssues(client(), [entry('a/b')], { perRepo: 300 });
    expect(result.issues.find((i) => i.number === 1)?.labels).toEqual([]);
  });

  test('search --json says signalsComplete for every issue, and the table marks the incomplete one', async () => {
    server.use(...executingGitHub(GQL, [repo], { transform: nullAt('timelineItems') }).handlers);
    const home = tempHome();
    const env = testEnv(home, { GH_TOKEN: 't', GITHUB_API_URL: API });
    const r = await runInProcess(['search', '--repos', 'a/b', '--json', '--include-taken'], { env, now: NOW });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { issues: { number: number; signalsComplete: boolean }[] };
    expect(Object.fromEntries(out.issues.map((i) => [i.number, i.signalsComplete]))).toEqual({ 1: false, 2: true });
    const table = await runInProcess(['search', '--repos', 'a/b', '--include-taken'], { env, now: NOW, isTTY: true });
    expect(table.stdout).toMatch(/\[\?\] /);
  });

  test('a null repository alias is retried in a smaller batch, then reported as a failure', async () => {
    let nulled = 0;
    const transform: ExecutingOptions['transform'] = (response, body) => {
      // org1/repo1 is left out whenever it shares a query; alone it answers. org3/repo3 never answers.
      const vars = body.variables;
      const n = Object.keys(vars).filter((k) => /^owner\d+$/.test(k)).length;
      const data = response.data ?? {};
      for (let i = 0; i < n; i++) {
        const who = `${String(vars[`owner${i}`])}/${String(vars[`name${i}`])}`;
        if ((who === 'org1/repo1' && n > 1) || who === 'org3/repo3') {
          data[`r${i}`] = null;
          nulled += 1;
          response.errors = [...(response.errors ?? []), { type: 'RESOURCE_LIMITS_EXCEEDED', path: [`r${i}`], message: 'Resource limits for this query exceeded.' }];
        }
      }
      return response;
    };
    const repos: FakeRepo[] = Array.from({ length: 4 }, (_, i) => ({ repo: `org${i}/repo${i}`, issues: manyIssues(2) }));
    server.use(...executingGitHub(GQL, repos, { transform }).handlers);
    const result = await fetchIssues(client(), repos.map((r) => entry(r.repo)), { perRepo: 300 });
    expect(result.repos.map((r) => r.repo).sort()).toEqual(['org0/repo0', 'org1/repo1', 'org2/repo2']);
    expect(result.failures).toEqual([{ repo: 'org3/repo3', kind: 'error', message: expect.stringContaining('RESOURCE_LIMITS_EXCEEDED') }]);
    expect(nulled).toBeGreaterThanOrEqual(3);
  });
});

describe('timeouts: 502/504 on a large batch', () => {
  test('the batch is split in half and retried, not sent again at the same size', async () => {
    const sizes: number[] = [];
    const repos: FakeRepo[] = Array.from({ length: 8 }, (_, i) => ({ repo: `org${i}/repo${i}`, issues: manyIssues(2) }));
    const fake = executingGitHub(GQL, repos);
    server.use(
      http.post(GQL, async ({ request }) => {
        const body = (await request.clone().json()) as { query: string; variables: Record<string, unknown> };
        const n = Object.keys(body.variables).filter((k) => /^owner\d+$/.test(k)).length;
        if (!/^query CatalogIssues/.test(body.query)) return undefined;
        sizes.push(n);
        // GitHub gives up on anything over 2 repositories here.
        if (n > 2) return HttpResponse.json({ message: 'We couldn\u2019t respond to your request in time.' }, { status: 504 });
        return undefined;
      }),
      ...fake.handlers,
    );
    const result = await fetchIssues(client(), repos.map((r) => entry(r.repo)), { perRepo: 300 });
    expect(result.failures).toEqual([]);
    expect(result.repos).toHaveLength(8);
    expect(sizes).toEqual([8, 4, 4, 2, 2, 2, 2]);
  });
});

describe('mention-only pull requests', () => {
  test('a PR that only mentions an issue keeps it listed, lower, with the reason; a closing PR hides it', async () => {
    const issues: FakeIssue[] = [
      { number: 1, title: 'Fix the CUDA stream leak', labels: ['good first issue'], createdAt: daysAgo(10), updatedAt: daysAgo(1), mentionPrs: [501] },
      { number: 2, title: 'Fix the CUDA event leak', labels: ['good first issue'], createdAt: daysAgo(10), updatedAt: daysAgo(2) },
      { number: 3, title: 'Fix the CUDA graph leak', labels: ['good first issue'], createdAt: daysAgo(10), updatedAt: daysAgo(1), closingPrs: [502] },
    ];
    server.use(...executingGitHub(GQL, [{ repo: 'a/b', issues }]).handlers);
    const home = tempHome();
    const env = testEnv(home, { GH_TOKEN: 't', GITHUB_API_URL: API });
    const r = await runInProcess(['search', '--repos', 'a/b', '--skills', 'cuda', '--json'], { env, now: NOW });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { issues: { number: number; taken: boolean; takenReasons: string[]; scoreParts: Record<string, number> }[] };
    expect(out.issues.map((i) => i.number)).toEqual([2, 1]);
    expect(out.issues[1]).toMatchObject({ taken: false, takenReasons: ['mentioned by open PR #501'] });
    expect(out.issues[1]?.scoreParts.mentioned).toBeLessThan(0);
    const explained = await runInProcess(['search', '--repos', 'a/b', '--skills', 'cuda', '--explain'], { env, now: NOW });
    expect(explained.stdout).toMatch(/mentioned -1\.5/);
  });
});

describe('older GitHub Enterprise Server (no closedByPullRequestsReferences)', () => {
  test('the timeline tells closing PRs from mentions, against a schema without the field', async () => {
    const schema = githubSchemaWithout(['Issue.closedByPullRequestsReferences']);
    const issues = manyIssues(3, (i) => (i === 1 ? { closingPrs: [9] } : i === 2 ? { mentionPrs: [10] } : {}));
    const fake = executingGitHub('https://ghe.example.test/api/graphql', [{ repo: 'a/b', issues }], { schema });
    server.use(...fake.handlers);
    const c = createGitHubClient({ token: 't', apiUrl: 'https://ghe.example.test/api/v3', timeoutMs: 5000, throttle: false, retryAfterBaseValue: 1 });
    const result = await fetchIssues(c, [entry('a/b')], { perRepo: 300, capabilities: { ...FULL_CAPABILITIES, closedByPullRequestsReferences: false } });
    expect(result.failures).toEqual([]);
    const byNumber = new Map(result.issues.map((i) => [i.number, i]));
    expect(byNumber.get(1)?.pullRequests).toEqual([expect.objectContaining({ number: 9, closesIssue: true })]);
    expect(byNumber.get(2)?.pullRequests).toEqual([expect.objectContaining({ number: 10, closesIssue: false })]);
    expect([...byNumber.values()].every((i) => i.signalsComplete)).toBe(true);
    expect(fake.bodies.every((b) => !b.query.includes('closedByPullRequestsReferences'))).toBe(true);
  });

  test('the full query is refused by such a server (the fake validates like GitHub)', async () => {
    const schema = githubSchemaWithout(['Issue.closedByPullRequestsReferences']);
    server.use(...executingGitHub(GQL, [{ repo: 'a/b', issues: manyIssues(1) }], { schema }).handlers);
    const result = await fetchIssues(client(), [entry('a/b')], { perRepo: 300 });
    expect(result.issues[0]?.signalsComplete).toBe(false);
  });
});
