// `claim` reads the issue over REST through the ETag store: a second read of the same issue sends
// If-None-Match, and GitHub's 304 (free of rate limit) is answered from the stored body.
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess, tempHome, testEnv } from './helpers/cli.js';
import { API, answerClaimActivity, fixture, readState } from './helpers/state.js';

const ETAG = 'W/"4f2a9c"';
const seen: (string | null)[] = [];
const server = setupServer(
  http.get(`${API}/repos/vllm-project/vllm/issues/12345`, ({ request }) => {
    const inm = request.headers.get('if-none-match');
    seen.push(inm);
    if (inm === ETAG) return new HttpResponse(null, { status: 304, headers: { etag: ETAG } });
    return HttpResponse.json(fixture('github/claims-issue.json'), { headers: { etag: ETAG } });
  }),
  http.get(`${API}/repos/vllm-project/vllm/issues/12345/comments`, () => HttpResponse.json([])),
  // The linked-PR check is GraphQL (a POST: never conditional).
  http.post(`${API}/graphql`, async ({ request }) => {
    const body = (await request.json()) as { query: string; variables?: Record<string, unknown> };
    return HttpResponse.json(answerClaimActivity(body.query, body.variables ?? {}, new Map([['vllm-project/vllm#12345', {}]])));
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe('claim with ETag revalidation', () => {
  it('revalidates the issue with If-None-Match and uses the cached body on 304', async () => {
    const home = tempHome();
    const env = testEnv(home, { GH_TOKEN: 'test-token', GITHUB_API_URL: API });
    const now = new Date('2026-02-10T12:00:00.000Z');
    const first = await runInProcess(['claim', 'vllm-project/vllm#12345'], { env, now });
    expect(first.code, first.stderr).toBe(0);
    const forget = await runInProcess(['unclaim', 'vllm-project/vllm#12345', '--forget'], { env, now });
    expect(forget.code, forget.stderr).toBe(0);
    const again = await runInProcess(['claim', 'vllm-project/vllm#12345'], { env, now });
    expect(again.code, again.stderr).toBe(0);
    expect(seen).toEqual([null, ETAG]);
    const state = readState(home);
    expect(state.claims).toHaveLength(1);
    expect(state.claims[0]?.title).toBe((fixture('github/claims-issue.json') as { title: string }).title);
  });
});
