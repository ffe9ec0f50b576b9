// GitHub's rate limits in every spelling it has been seen to use, end to end in-process (msw plays
// GitHub): a primary limit exits 5 with the hourly reset; a persistent secondary limit exits 5 with the
// time from retry-after, never the hourly reset it also sends.
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mapGitHubError } from '../src/github/errors.js';
import { fixture } from './helpers/fake-github.js';
import { runInProcess, tempHome, testEnv } from './helpers/cli.js';

const API = 'https://api.github.test';
const TOKEN = 'ghp_rateLimitTestToken0123456789';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const inMinutes = (m: number) => Math.floor(Date.now() / 1000) + m * 60;
const hhmm = (epochSeconds: number) => new Date(epochSeconds * 1000).toISOString().slice(11, 16);

function search(env: Record<string, string>) {
  return runInProcess(['search', '--repos', 'o/r', '--json', '--refresh'], { env: testEnv(tempHome(), { GH_TOKEN: TOKEN, ...env }) });
}

describe('GraphQL primary rate limit in a 200 answer', () => {
  const cases: [string, string][] = [
    ['type RATE_LIMITED (documented)', 'graphql-rate-limited.json'],
    ['type RATE_LIMIT, code graphql_rate_limit (plugin-throttling#824)', 'graphql-rate-limit.json'],
    ['no type, only GitHub\'s "API rate limit exceeded" text', 'graphql-rate-limit-message-only.json'],
  ];
  for (const [name, file] of cases) {
    it(`${name}: exit 5, one line with the reset time`, async () => {
      const reset = inMinutes(30);
      let calls = 0;
      server.use(
        http.post(`${API}/graphql`, () => {
          calls += 1;
          // No x-ratelimit-remaining: 0 here, so the body alone must say it is a rate limit.
          return HttpResponse.json(fixture(file), { headers: { 'x-ratelimit-reset': String(reset) } });
        }),
      );
      const r = await search({ GITHUB_API_URL: API });
      expect(r.code, r.stderr).toBe(5);
      expect(r.stderr).toContain(`GitHub rate limit exceeded; it resets at ${hhmm(reset)} UTC (in 30 min)`);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toContain(TOKEN);
      // Waiting half an hour is never what a CLI user wants: not retried.
      expect(calls).toBe(1);
    });
  }

  it('on Enterprise Server (/api/graphql, which plugin-throttling does not watch): exit 5 as well', async () => {
    const reset = inMinutes(10);
    server.use(
      http.post('https://ghes.example.test/api/graphql', () =>
        HttpResponse.json(fixture('graphql-rate-limit.json'), { headers: { 'x-ratelimit-reset': String(reset) } }),
      ),
    );
    const r = await search({ GITHUB_API_URL: 'https://ghes.example.test/api/v3' });
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toContain(`resets at ${hhmm(reset)} UTC`);
  });

  it('partial data does not hide a rate limit', () => {
    const e = Object.assign(new Error('Request failed due to following response errors'), {
      name: 'GraphqlResponseError',
      data: { r0: null },
      errors: [{ type: 'RATE_LIMIT', code: 'graphql_rate_limit', message: 'API rate limit already exceeded for user ID 1.' }],
      headers: {},
    });
    expect(mapGitHubError(e, { apiUrl: API, hasToken: true }).exitCode).toBe(5);
  });
});

describe('secondary rate limit', () => {
  it('persistent 403 with retry-after: gives up, exit 5, the time from retry-after, not the hourly reset', async () => {
    const hourly = inMinutes(55);
    let calls = 0;
    server.use(
      http.post(`${API}/graphql`, () => {
        calls += 1;
        return HttpResponse.json(fixture('rest-secondary-rate-limit.json'), {
          status: 403,
          headers: { 'retry-after': '1', 'x-ratelimit-remaining': '4900', 'x-ratelimit-reset': String(hourly) },
        });
      }),
    );
    const r = await search({ GITHUB_API_URL: API });
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toMatch(/secondary rate limit exceeded; it resets at \d\d:\d\d:\d\d UTC \(in [12] s\)/);
    expect(r.stderr).not.toContain(`${hhmm(hourly)} UTC`);
    // Waited and retried twice (throttling), then stopped: bounded.
    expect(calls).toBe(3);
  });

  it('classified by status and headers: retry-after, or GitHub\'s secondary-limit documentation link', () => {
    const now = Date.now();
    const withRetryAfter = mapGitHubError(
      { status: 403, message: 'whatever GitHub says', response: { headers: { 'retry-after': '30', 'x-ratelimit-reset': String(inMinutes(60)) }, data: {} } },
      { apiUrl: API, hasToken: true },
    );
    expect(withRetryAfter.kind).toBe('rate-limited');
    expect(Math.abs((withRetryAfter.resetAt?.getTime() ?? 0) - (now + 30_000))).toBeLessThan(5_000);

    const docOnly = mapGitHubError(
      { status: 403, message: 'x', response: { headers: {}, data: fixture('rest-secondary-rate-limit.json') } },
      { apiUrl: API, hasToken: true },
    );
    expect(docOnly.kind).toBe('rate-limited');
    expect(docOnly.message).toContain('secondary rate limit');

    // A 403 that is neither: access denied (exit 4), whatever its text says.
    const denied = mapGitHubError(
      { status: 403, message: 'You have exceeded a secondary rate limit', response: { headers: {}, data: { message: 'Resource not accessible by integration' } } },
      { apiUrl: API, hasToken: true },
    );
    expect(denied.kind).toBe('auth');
  });

  it('429 is always a rate limit', () => {
    expect(mapGitHubError({ status: 429, message: '', response: { headers: {}, data: {} } }, { apiUrl: API, hasToken: true }).kind).toBe('rate-limited');
  });
});
