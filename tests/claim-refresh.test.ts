import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { serializeState } from '../src/state/store.js';
import type { State } from '../src/state/schema.js';
import type { Claim, ClaimStatus } from '../src/core/types.js';
import { buildClaimActivityQuery } from '../src/github/claims.js';
import { runInProcess, tempHome, testEnv } from './helpers/cli.js';
import { assertValidGraphQL } from './helpers/graphql-schema.js';
import { API, VIEWER, answerClaimActivity, readState, writeStateText, type FakeIssue } from './helpers/state.js';

const world = new Map<string, FakeIssue>();
const docs: { query: string; variables: Record<string, unknown> }[] = [];
let httpRequests = 0;

const server = setupServer(
  http.post(`${API}/graphql`, async ({ request }) => {
    httpRequests += 1;
    const body = (await request.json()) as { query: string; variables?: Record<string, unknown> };
    docs.push({ query: body.query, variables: body.variables ?? {} });
    return HttpResponse.json(answerClaimActivity(body.query, body.variables ?? {}, world));
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const claimedAt = '2026-01-10T00:00:00.000Z';
const now = new Date('2026-02-10T12:00:00.000Z');

function claim(repo: string, number: number, status: ClaimStatus = 'claimed'): Claim {
  const history: Claim['statusHistory'] = [{ status: 'claimed', at: claimedAt }];
  if (status !== 'claimed') history.push({ status, at: '2026-01-20T00:00:00.000Z' });
  return {
    repo, number, title: `old title ${number}`, url: `https://github.com/${repo}/issues/${number}`, labels: [], claimedAt,
    status, statusHistory: history, notes: [], pullRequests: [], droppedReason: null, lastRefreshedAt: null,
  };
}

let home: string;
let env: NodeJS.ProcessEnv;
function seed(claims: Claim[], viewer: State['viewer'] = null): void {
  writeStateText(home, serializeState({ version: 2, viewer, claims }));
}
const refresh = (args: string[] = []) => runInProcess(['list', '--refresh', '--all', ...args], { env, now });
const byNumber = (n: number) => (readState(home).claims as unknown as Claim[]).find((c) => c.number === n);

beforeEach(() => {
  home = tempHome();
  env = testEnv(home, { GH_TOKEN: 'test-token', GITHUB_API_URL: API });
  world.clear();
  docs.length = 0;
  httpRequests = 0;
});

afterEach(() => {
  for (const d of docs) assertValidGraphQL(d.query);
});

describe('list --refresh', () => {
  it('the query builder emits valid GraphQL for 0, 1 and 50 claims, with and without viewer', () => {
    for (const [n, v] of [[0, true], [1, false], [50, true]] as const) assertValidGraphQL(buildClaimActivityQuery(n, v));
  });

  it('moves each claim to the status GitHub shows, recording date and detail', async () => {
    seed([
      claim('o/r', 1), claim('o/r', 2, 'pr-open'), claim('o/r', 3), claim('o/r', 4), claim('o/r', 5),
      claim('o/r', 6, 'dropped'), claim('o/r', 7), claim('o/r', 8), claim('o/r', 9, 'merged'),
    ]);
    world.set('o/r#1', { title: 'new title', closing: [{ number: 101, author: VIEWER }] });
    world.set('o/r#2', { state: 'CLOSED', closing: [{ number: 102, author: VIEWER, state: 'MERGED', mergedAt: '2026-02-09T00:00:00Z' }] });
    world.set('o/r#3', { state: 'CLOSED', closing: [{ number: 103, author: 'rival', state: 'MERGED' }] });
    world.set('o/r#4', { assignees: ['someone-else'] });
    world.set('o/r#5', { mentions: [{ number: 105, author: 'rival', repo: 'fork/r' }] });
    world.set('o/r#6', { closing: [{ number: 106, author: VIEWER, state: 'MERGED' }] });
    world.set('o/r#7', { assignees: [VIEWER], issueMentions: 2 });
    // o/r#8 is gone (NOT_FOUND for its alias): left as it was.

    const r = await refresh();
    expect(r.code).toBe(0);
    expect(httpRequests).toBe(1);
    expect(docs[0]?.query).toMatch(/viewer\s*\{\s*login/);
    // Dropped (o/r#6) and merged (o/r#9) claims are settled: 7 claims sent.
    expect(docs[0]?.variables).toHaveProperty('i6');
    expect(docs[0]?.variables).not.toHaveProperty('i7');
    expect(r.stderr).toContain('o/r#1: claimed -> pr-open (PR o/r#101 open)');

    const expected: [number, ClaimStatus, string | undefined][] = [
      [1, 'pr-open', 'PR o/r#101 open'],
      [2, 'merged', 'PR o/r#102 merged'],
      [3, 'closed', "issue closed by rival's PR o/r#103"],
      [4, 'taken-by-other', 'assigned to someone-else'],
      [5, 'taken-by-other', 'rival opened PR fork/r#105'],
      [6, 'dropped', undefined],
      [7, 'claimed', undefined],
      [8, 'claimed', undefined],
    ];
    for (const [n, status, detail] of expected) {
      const c = byNumber(n);
      expect(c?.status, `o/r#${n}`).toBe(status);
      const last = c?.statusHistory.at(-1);
      if (detail) expect(last).toEqual({ status, at: now.toISOString(), detail });
      else expect(last?.at).not.toBe(now.toISOString());
    }
    expect(byNumber(1)?.title).toBe('new title');
    expect(byNumber(6)?.pullRequests).toEqual([]);
    expect(byNumber(3)?.pullRequests).toEqual([]);
    expect(readState(home).viewer).toEqual({ login: VIEWER, apiUrl: API, fetchedAt: now.toISOString() });

    const json = JSON.parse((await runInProcess(['list', '--json', '--all'], { env, now })).stdout) as { claims: Record<string, unknown>[] };
    expect(json.claims[1]?.pullRequests).toEqual([
      { number: 102, url: 'https://github.com/o/r/pull/102', state: 'MERGED', merged: true, mergedAt: '2026-02-09T00:00:00Z', createdAt: '2026-02-01T00:00:00Z' },
    ]);
  });

  it('uses the cached viewer on the next refresh and goes back to claimed when the own PR closes unmerged', async () => {
    seed([claim('o/r', 1)]);
    world.set('o/r#1', { closing: [{ number: 101, author: VIEWER }] });
    await refresh();
    world.set('o/r#1', { closing: [{ number: 101, author: VIEWER, state: 'CLOSED' }] });
    const r = await refresh(['--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toHaveProperty('claims');
    expect(docs).toHaveLength(2);
    expect(docs[1]?.query).not.toMatch(/viewer\s*\{/);
    expect(byNumber(1)?.statusHistory.map((h) => [h.status, h.detail])).toEqual([
      ['claimed', undefined],
      ['pr-open', 'PR o/r#101 open'],
      ['claimed', 'own PR closed without merging'],
    ]);
  });

  it('refreshes 50 claims in at most 2 requests (measured: 1), and splits above 50', async () => {
    seed(Array.from({ length: 50 }, (_, i) => claim('o/r', i + 1)));
    for (let i = 1; i <= 50; i++) world.set(`o/r#${i}`, { closing: [{ number: 1000 + i, author: VIEWER }] });
    await refresh();
    expect(httpRequests).toBeLessThanOrEqual(2);
    expect(httpRequests).toBe(1);
    expect((readState(home).claims as unknown as Claim[]).every((c) => c.status === 'pr-open')).toBe(true);

    home = tempHome();
    env = testEnv(home, { GH_TOKEN: 'test-token', GITHUB_API_URL: API });
    httpRequests = 0;
    seed(Array.from({ length: 120 }, (_, i) => claim('o/r', i + 1)), { login: VIEWER, apiUrl: API, fetchedAt: claimedAt });
    for (let i = 1; i <= 120; i++) world.set(`o/r#${i}`, { assignees: ['rival'] });
    await refresh();
    expect(httpRequests).toBe(3);
    expect((readState(home).claims as unknown as Claim[]).every((c) => c.status === 'taken-by-other')).toBe(true);
  });

  it('without a token says a token is needed and sends nothing', async () => {
    env = testEnv(home, { GITHUB_API_URL: API });
    seed([claim('o/r', 1)]);
    const r = await refresh();
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('needs a GitHub token');
    expect(httpRequests).toBe(0);
  });

  it('with nothing to refresh sends nothing', async () => {
    seed([claim('o/r', 1, 'dropped'), claim('o/r', 2, 'merged')]);
    const r = await refresh();
    expect(r.code).toBe(0);
    expect(httpRequests).toBe(0);
  });
});
