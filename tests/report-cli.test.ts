// `oss-scout report` end to end in-process, GitHub played by msw.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ReportData } from '../src/core/report.js';
import { runInProcess, repoRoot, tempHome, testEnv } from './helpers/cli.js';
import { answerClaimActivity, type FakeIssue } from './helpers/state.js';

const API = 'https://api.github.test';
const TOKEN = 'test-token-5f1c9a';
// Wednesday of ISO week 2026-W03.
const NOW = new Date('2026-01-14T12:00:00Z');

const server = setupServer();
let requests: string[] = [];
beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
  server.events.on('request:start', ({ request }) => requests.push(`${request.method} ${request.url}`));
});
afterEach(() => {
  server.resetHandlers();
  requests = [];
});
afterAll(() => server.close());

/** Seeds <home>/data/state.json from the busy-week fixture (viewer unknown: the refresh must ask) and a repo list. */
function seed(): string {
  const home = tempHome();
  const state = JSON.parse(readFileSync(path.join(repoRoot, 'fixtures/report/busy-week.json'), 'utf8')) as { viewer: unknown };
  state.viewer = null;
  mkdirSync(path.join(home, 'data'), { recursive: true });
  writeFileSync(path.join(home, 'data', 'state.json'), JSON.stringify(state));
  // The user's own repository list: llama.cpp is tracked even if the catalog does not carry it.
  mkdirSync(path.join(home, 'config'), { recursive: true });
  writeFileSync(
    path.join(home, 'config', 'repos.json'),
    JSON.stringify({
      version: 1,
      repos: [
        { repo: 'vllm-project/vllm', category: 'serving', labels: ['good first issue'] },
        { repo: 'ggml-org/llama.cpp', category: 'serving', labels: ['good first issue'] },
      ],
    }),
  );
  return home;
}

const env = (home: string) => testEnv(home, { GH_TOKEN: TOKEN, GITHUB_API_URL: API });

// What GitHub says about the refreshable claims (#101 pr-open, #103 and #106 claimed, #104 taken).
const ISSUES = new Map<string, FakeIssue>([
  [
    'vllm-project/vllm#101',
    { closing: [{ number: 201, author: 'alice', createdAt: '2026-01-13T10:00:00Z', reviewDecision: 'REVIEW_REQUIRED' }] },
  ],
  ['vllm-project/vllm#103', {}],
  ['sgl-project/sglang#104', { assignees: ['bob'] }],
  ['pytorch/pytorch#106', {}],
]);

function searchNode(repo: string, number: number, over: Record<string, unknown>): Record<string, unknown> {
  return {
    __typename: 'PullRequest',
    number,
    title: `PR ${number}`,
    url: `https://github.com/${repo}/pull/${number}`,
    state: 'OPEN',
    merged: false,
    mergedAt: null,
    createdAt: '2026-01-13T09:00:00Z',
    isDraft: false,
    reviewDecision: null,
    repository: { nameWithOwner: repo },
    ...over,
  };
}

interface GqlBody {
  query: string;
  variables: Record<string, unknown>;
}

function github(searches: string[]): void {
  server.use(
    http.post(`${API}/graphql`, async ({ request }) => {
      const body = (await request.json()) as GqlBody;
      if (request.headers.get('authorization') !== `token ${TOKEN}`) return HttpResponse.json({ message: 'Bad credentials' }, { status: 401 });
      if (body.query.includes('query ClaimActivity')) {
        return HttpResponse.json(answerClaimActivity(body.query, body.variables, ISSUES, 'alice'));
      }
      if (body.query.includes('query OssScoutUserPullRequests')) {
        searches.push(String(body.variables.q));
        return HttpResponse.json({
          data: {
            search: {
              issueCount: 3,
              pageInfo: { hasNextPage: false, endCursor: null },
              nodes: [
                searchNode('ggml-org/llama.cpp', 300, {
                  title: 'server: fix | pipe <b>x</b>',
                  state: 'MERGED',
                  merged: true,
                  mergedAt: '2026-01-14T09:00:00Z',
                }),
                searchNode('someone/not-tracked', 9, {}),
                searchNode('pytorch/pytorch', 202, {
                  state: 'MERGED',
                  merged: true,
                  mergedAt: '2026-01-12T08:00:00Z',
                  createdAt: '2026-01-09T10:00:00Z',
                }),
              ],
            },
            rateLimit: { cost: 1, remaining: 4998, resetAt: '2026-01-14T13:00:00Z' },
          },
        });
      }
      return HttpResponse.json({ errors: [{ message: 'unexpected query' }] }, { status: 400 });
    }),
  );
}

describe('oss-scout report', () => {
  it('refreshes claims, adds PRs from search in tracked repos, and prints JSON for the ISO week', async () => {
    const home = seed();
    const searches: string[] = [];
    github(searches);
    const r = await runInProcess(['report', '--week', '--format', 'json'], { env: env(home), now: NOW });
    expect(r.stderr).not.toContain(TOKEN);
    expect(r.code).toBe(0);
    // One refresh request (with the viewer) and one search page.
    expect(requests).toHaveLength(2);
    expect(searches).toEqual(['is:pr author:alice updated:>=2025-01-14']);
    const report = JSON.parse(r.stdout) as ReportData;
    expect(report.viewer).toBe('alice');
    expect(report.webUrl).toBe('https://github.test');
    expect(report.period).toEqual({ since: '2026-01-12T00:00:00.000Z', until: NOW.toISOString(), kind: 'iso-week' });
    expect(report.pullRequestsOpened.map((p) => `${p.repo}#${p.number}`)).toEqual(['ggml-org/llama.cpp#300', 'vllm-project/vllm#201']);
    expect(report.pullRequestsMerged.map((p) => `${p.repo}#${p.number}`)).toEqual(['pytorch/pytorch#202', 'ggml-org/llama.cpp#300']);
    // JSON keeps GitHub text exactly.
    expect(report.pullRequestsOpened[0]?.title).toBe('server: fix | pipe <b>x</b>');
    expect(report.awaitingReview.map((p) => p.number)).toEqual([201]);
    expect(report.sources.githubSearch).toBe(true);
    // The refresh was written back: the viewer is cached and #104 is still taken by bob.
    const stored = JSON.parse(readFileSync(path.join(home, 'data', 'state.json'), 'utf8')) as { viewer: { login: string; apiUrl: string } };
    expect(stored.viewer).toMatchObject({ login: 'alice', apiUrl: API });
    expect(JSON.stringify(stored)).not.toContain(TOKEN);
  });

  it('writes Markdown to --output atomically and keeps stdout empty', async () => {
    const home = seed();
    github([]);
    const out = path.join(home, 'reports', 'week.md');
    mkdirSync(path.dirname(out));
    const r = await runInProcess(['report', '--format', 'md', '--output', out], { env: env(home), now: NOW });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`report written to ${out}`);
    expect(readdirSync(path.dirname(out))).toEqual(['week.md']);
    const md = readFileSync(out, 'utf8');
    expect(md).toMatch(/^# Contribution report: 2026-01-07 to 2026-01-14/);
    const html = new MarkdownIt({ linkify: true }).render(md);
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    const hrefs = [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);
    expect(hrefs.length).toBeGreaterThan(5);
    for (const h of hrefs) expect(h).toMatch(/^https:\/\/github\.test\//);
  });

  it('--no-refresh sends nothing to GitHub and builds the report from the state', async () => {
    const home = seed();
    const r = await runInProcess(['report', '--week', '--no-refresh'], { env: env(home), now: NOW });
    expect(r.code).toBe(0);
    expect(requests).toEqual([]);
    expect(r.stdout).toContain('from the local state only');
    expect(r.stdout).toContain('PRs merged (1)');
    expect(r.stdout).not.toContain('\u001b[');
  });

  it('without a token says so in one stderr line and still reports', async () => {
    const home = seed();
    const r = await runInProcess(['report', '--week'], { env: testEnv(home, { GITHUB_API_URL: API }), now: NOW });
    expect(r.code).toBe(0);
    expect(requests).toEqual([]);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^oss-scout: no GitHub token: report built from the local state only/)]);
    expect(r.stdout).toContain('Claims made (2)');
  });

  it('when GitHub refuses the token, fails with exit 4 in one line and leaves the state as it was', async () => {
    const home = seed();
    const before = readFileSync(path.join(home, 'data', 'state.json'), 'utf8');
    server.use(http.post(`${API}/graphql`, () => HttpResponse.json({ message: 'Bad credentials' }, { status: 401 })));
    const r = await runInProcess(['report', '--format', 'json'], { env: env(home), now: NOW });
    expect(r.code).toBe(4);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/refused the token/);
    expect(r.stderr).not.toContain(TOKEN);
    expect(readFileSync(path.join(home, 'data', 'state.json'), 'utf8')).toBe(before);
  });

  it('when GitHub is unreachable, says so in one line and reports from the state', async () => {
    const home = seed();
    server.use(http.post(`${API}/graphql`, () => HttpResponse.error()));
    const r = await runInProcess(['report', '--format', 'json', '--timeout', '5'], { env: env(home), now: NOW });
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/could not refresh claims from GitHub: .*local state only/);
    expect((JSON.parse(r.stdout) as ReportData).sources.githubSearch).toBe(false);
  });

  it.each([
    [['--since', 'last tuesday']],
    [['--since', '2026-02-30']],
    [['--since', '2026-01-10', '--until', '2026-01-01']],
    [['--until', '2026-01-10']],
    [['--week', '--since', '2026-01-10']],
  ])('rejects bad dates %j with exit 2', async (args) => {
    const r = await runInProcess(['report', '--no-refresh', ...args], { env: testEnv(tempHome()), now: NOW });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^oss-scout: .*(YYYY-MM-DD|--until|--week|empty)/);
  });

  it('rejects an unknown format with exit 2', async () => {
    const r = await runInProcess(['report', '--format', 'html'], { env: testEnv(tempHome()), now: NOW });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format must be one of text, md, json');
  });

  it('--output into a missing folder fails with exit 6 naming the folder, and creates nothing', async () => {
    const home = seed();
    const out = path.join(home, 'no-such-dir', 'r.md');
    const r = await runInProcess(['report', '--no-refresh', '--format', 'md', '--output', out], { env: env(home), now: NOW });
    expect(r.code).toBe(6);
    expect(r.stderr).toContain(`cannot write the report to ${out}: the folder ${path.dirname(out)} does not exist`);
    expect(existsSync(path.dirname(out))).toBe(false);
  });
});
