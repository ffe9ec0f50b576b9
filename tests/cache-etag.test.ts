import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEtagStore, etagKeyHash } from '../src/cache/index.js';
import { withEtagCache } from '../src/github/etag-hook.js';
import { createGitHubClient, type GitHubClient } from '../src/github/client.js';
import { tempHome } from './helpers/cli.js';

const API = 'https://api.github.com';
const TOKEN = 'ghp_etagTestSecretToken123456';

interface Seen {
  url: string;
  ifNoneMatch: string | null;
  method: string;
}

let seen: Seen[] = [];
let issueTitle = 'first title';

function etagFor(title: string): string {
  return `W/"${Buffer.from(title).toString('hex')}"`;
}

const server = setupServer(
  http.get(`${API}/repos/:owner/:repo/issues/:number`, ({ request, params }) => {
    const inm = request.headers.get('if-none-match');
    seen.push({ url: request.url, ifNoneMatch: inm, method: 'GET' });
    const etag = etagFor(issueTitle);
    if (inm === etag) return new HttpResponse(null, { status: 304, headers: { etag } });
    return HttpResponse.json(
      { number: Number(params.number), title: issueTitle, state: 'open' },
      { headers: { etag, 'x-ratelimit-remaining': '4999' } },
    );
  }),
  http.get(`${API}/search/issues`, ({ request }) => {
    seen.push({ url: request.url, ifNoneMatch: request.headers.get('if-none-match'), method: 'GET' });
    return HttpResponse.json({ total_count: 0, incomplete_results: false, items: [] }, { headers: { 'cache-control': 'no-cache' } });
  }),
  http.post(`${API}/repos/:owner/:repo/issues/:number/comments`, ({ request }) => {
    seen.push({ url: request.url, ifNoneMatch: request.headers.get('if-none-match'), method: 'POST' });
    return HttpResponse.json({ id: 1 }, { status: 201, headers: { etag: '"post-etag"' } });
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  seen = [];
  issueTitle = 'first title';
});
afterAll(() => server.close());

function client(token: string | undefined = TOKEN): GitHubClient {
  return createGitHubClient({ token, apiUrl: API, timeoutMs: 5000, throttle: false, retries: 0 });
}

/** A fresh client per call, as each CLI run builds its own. */
async function getIssue(cacheDir: string, token: string | null = TOKEN) {
  const c = client(token ?? undefined);
  const stats = withEtagCache(c.octokit, createEtagStore(cacheDir), { authenticated: token !== null });
  const res = await c.octokit.rest.issues.get({ owner: 'o', repo: 'r', issue_number: 7 });
  return { res, stats, requests: c.stats.requests };
}

describe('ETag cache around Octokit', () => {
  it('stores the first response, then revalidates with If-None-Match and serves the 304 from the store', async () => {
    const cacheDir = path.join(tempHome(), 'cache');
    const first = await getIssue(cacheDir);
    expect(first.res.status).toBe(200);
    expect(first.res.data.title).toBe('first title');
    expect(first.stats).toEqual({ revalidated: 0, stored: 1 });
    expect(seen[0]?.ifNoneMatch).toBeNull();

    const second = await getIssue(cacheDir);
    expect(seen[1]?.ifNoneMatch).toBe(etagFor('first title'));
    expect(second.stats).toEqual({ revalidated: 1, stored: 0 });
    expect(second.res.status).toBe(200);
    expect(second.res.data).toEqual({ number: 7, title: 'first title', state: 'open' });
    expect(second.requests).toBe(1);
  });

  it('takes the new body when the resource changed (200 to a conditional request)', async () => {
    const cacheDir = path.join(tempHome(), 'cache');
    await getIssue(cacheDir);
    issueTitle = 'second title';
    const changed = await getIssue(cacheDir);
    expect(seen[1]?.ifNoneMatch).toBe(etagFor('first title'));
    expect(changed.res.data.title).toBe('second title');
    expect(changed.stats.stored).toBe(1);
    const again = await getIssue(cacheDir);
    expect(seen[2]?.ifNoneMatch).toBe(etagFor('second title'));
    expect(again.res.data.title).toBe('second title');
    expect(again.stats.revalidated).toBe(1);
  });

  it('a corrupt entry is a miss: no If-None-Match, a normal request, the entry rewritten', async () => {
    const cacheDir = path.join(tempHome(), 'cache');
    await getIssue(cacheDir);
    const store = createEtagStore(cacheDir);
    const files = readdirSync(store.dir).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(1);
    for (const garbage of ['{"format":', '', JSON.stringify({ format: 'oss-scout-etag-cache', version: 0 })]) {
      writeFileSync(path.join(store.dir, files[0]!), garbage);
      const r = await getIssue(cacheDir);
      expect(r.res.data.title).toBe('first title');
      expect(seen.at(-1)?.ifNoneMatch).toBeNull();
      expect(r.stats.stored).toBe(1);
    }
  });

  it('keys by authentication: an anonymous client does not reuse an authenticated entry', async () => {
    const cacheDir = path.join(tempHome(), 'cache');
    await getIssue(cacheDir, TOKEN);
    await getIssue(cacheDir, null);
    expect(seen[1]?.ifNoneMatch).toBeNull();
    const key = { method: 'GET', url: `${API}/repos/o/r/issues/7`, accept: 'application/vnd.github.v3+json', authenticated: true };
    expect(etagKeyHash(key)).not.toBe(etagKeyHash({ ...key, authenticated: false }));
  });

  it('never writes the token, and writes private files', async () => {
    const home = tempHome();
    const cacheDir = path.join(home, 'cache');
    await getIssue(cacheDir);
    const store = createEtagStore(cacheDir);
    expect(statSync(store.dir).mode & 0o777).toBe(0o700);
    for (const f of readdirSync(store.dir)) {
      const file = path.join(store.dir, f);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      const text = readFileSync(file, 'utf8');
      expect(text).not.toContain(TOKEN);
      expect(text.toLowerCase()).not.toContain('authorization');
    }
  });

  it('leaves non-GET requests and responses without an ETag alone', async () => {
    const cacheDir = path.join(tempHome(), 'cache');
    const c = client();
    const stats = withEtagCache(c.octokit, createEtagStore(cacheDir), { authenticated: true });
    await c.octokit.rest.issues.createComment({ owner: 'o', repo: 'r', issue_number: 7, body: 'hi' });
    await c.octokit.rest.issues.createComment({ owner: 'o', repo: 'r', issue_number: 7, body: 'hi' });
    await c.octokit.rest.search.issuesAndPullRequests({ q: 'is:issue repo:o/r' });
    await c.octokit.rest.search.issuesAndPullRequests({ q: 'is:issue repo:o/r' });
    expect(seen.map((s) => s.ifNoneMatch)).toEqual([null, null, null, null]);
    expect(stats).toEqual({ revalidated: 0, stored: 0 });
  });

  it('a cache directory that cannot be written never fails the request', async () => {
    const home = tempHome();
    const blocker = path.join(home, 'cache');
    writeFileSync(blocker, 'not a directory');
    const r = await getIssue(blocker);
    expect(r.res.data.title).toBe('first title');
    expect(r.stats.stored).toBe(0);
  });

  it('a 304 with no stored entry is still an error (the caller sent its own condition)', async () => {
    const c = client();
    withEtagCache(c.octokit, createEtagStore(path.join(tempHome(), 'cache')), { authenticated: true });
    await expect(
      c.octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}', {
        owner: 'o',
        repo: 'r',
        issue_number: 7,
        headers: { 'if-none-match': etagFor('first title') },
      }),
    ).rejects.toMatchObject({ status: 304 });
  });
});
