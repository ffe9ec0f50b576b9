// The early start of a cold search (src/search/early.ts, src/github/prefetch.ts): its first pass leaves
// before the CLI loads, and the client takes the answers instead of asking again. Over loopback (the
// built CLI is a subprocess, and prefetch.ts is a transport), with the stand-in GitHub.
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandInServer, type StandInServer } from '../bench/stand-in-server.js';
import { quickSearchArgs } from '../src/cli/search-args.js';
import { FULL_CAPABILITIES } from '../src/github/capabilities.js';
import { createGitHubClient } from '../src/github/client.js';
import { fetchIssues } from '../src/github/fetch-issues.js';
import { firstPassQueries } from '../src/github/first-pass.js';
import { dropEarly, earlyPending, sendEarly, takeEarly } from '../src/github/prefetch.js';
import { entryFor } from '../src/config/repos.js';
import { runSubprocess, tempHome, testEnv } from './helpers/cli.js';

describe('the flags the early start reads', () => {
  it('as Commander does: both spellings of a value, the last one wins, the flags that do not matter skipped', () => {
    expect(quickSearchArgs(['search', '--repos', 'a/b', '--labels=x,y', '--per-repo', '50', '--api-url', 'http://h', '--json', '--verbose', '--limit', '3', '--limit=4'])).toEqual({
      raw: { repos: 'a/b', labels: 'x,y', perRepo: '50', json: true, limit: '4' },
      apiUrl: 'http://h',
      replayable: false,
    });
    expect(quickSearchArgs(['search'])).toEqual({ raw: {}, apiUrl: undefined, replayable: true });
  });

  it('nothing for another command, an unknown or misspelt flag, a missing value, or a flag with no value given one', () => {
    for (const args of [['list'], ['search', '--repo', 'a/b'], ['search', 'extra'], ['search', '--skills'], ['search', '--json=yes'], ['search', '--token', 'x'], ['search', '--help']]) {
      expect(quickSearchArgs(args), args.join(' ')).toBeUndefined();
    }
  });
});

describe('requests sent before the client exists', () => {
  let url = '';
  const bodies: string[] = [];
  const closed: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      bodies.push(body);
      // "hold" never answers: the test drops it.
      if (body.includes('hold')) {
        res.on('close', () => closed.push(body));
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ echo: JSON.parse(body) as unknown }));
    });
  });
  beforeAll(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('an identical request (the same URL and an equal body, in any key order) takes the early answer: one request reaches the server', async () => {
    bodies.length = 0;
    sendEarly(url, { 'content-type': 'application/json' }, JSON.stringify({ query: 'q', variables: { a: 1, b: [2] } }));
    expect(earlyPending()).toBe(1);
    expect(takeEarly(`${url}?other`, { method: 'POST', body: JSON.stringify({ query: 'q', variables: { a: 1, b: [2] } }) })).toBeUndefined();
    expect(takeEarly(url, { method: 'POST', body: JSON.stringify({ query: 'q', variables: { a: 1, b: [3] } }) })).toBeUndefined();
    let written = false;
    const taken = takeEarly(url, { method: 'POST', body: JSON.stringify({ variables: { b: [2], a: 1 }, query: 'q' }) }, () => (written = true));
    expect(taken).toBeDefined();
    expect(earlyPending()).toBe(0);
    const res = await taken!;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ echo: { query: 'q', variables: { a: 1, b: [2] } } });
    expect(written).toBe(true);
    expect(bodies).toHaveLength(1);
    // Taken once: the same request again is a request of its own.
    expect(takeEarly(url, { method: 'POST', body: JSON.stringify({ query: 'q', variables: { a: 1, b: [2] } }) })).toBeUndefined();
  });

  it("the taker's abort ends the early request", async () => {
    sendEarly(url, {}, JSON.stringify({ query: 'hold', n: 1 }));
    const controller = new AbortController();
    const taken = takeEarly(url, { method: 'POST', body: JSON.stringify({ query: 'hold', n: 1 }), signal: controller.signal });
    controller.abort();
    await expect(taken).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('one nobody took is aborted by dropEarly, so it holds nothing open', async () => {
    closed.length = 0;
    sendEarly(url, {}, JSON.stringify({ query: 'hold', n: 2 }));
    await expect.poll(() => bodies.some((b) => b.includes('"n":2'))).toBe(true);
    dropEarly();
    expect(earlyPending()).toBe(0);
    await expect.poll(() => closed.some((b) => b.includes('"n":2'))).toBe(true);
  });
});

describe('the first pass, early and from fetchIssues', () => {
  let stand: StandInServer;
  const seen: { ua: string; body: string }[] = [];
  beforeAll(async () => {
    stand = await startStandInServer({
      delayMs: 0,
      validateQueries: true,
      issueCounts: { 'vllm-project/vllm': 140, 'pytorch/pytorch': 30 },
      onRequest: (req) => {
        seen.push({ ua: String(req.headers['user-agent'] ?? ''), body: req.body });
        return undefined;
      },
    });
  });
  afterAll(async () => {
    await stand.close();
  });

  it('firstPassQueries is what fetchIssues sends first', async () => {
    seen.length = 0;
    const entries = ['vllm-project/vllm', 'pytorch/pytorch', 'sgl-project/sglang'].map(entryFor);
    const client = createGitHubClient({ apiUrl: stand.url, token: 'bench-token', timeoutMs: 10_000 });
    const result = await fetchIssues(client, entries, { perRepo: 300 });
    expect(result.failures).toEqual([]);
    const expected = firstPassQueries(entries, 300, FULL_CAPABILITIES);
    expect(expected).toHaveLength(1);
    expect(seen.length).toBeGreaterThan(1);
    expect(JSON.parse(seen[0]!.body)).toEqual({ query: expected[0]!.query, variables: expected[0]!.variables });
  });

  it('the built CLI sends it before loading, and asks for nothing twice: the same requests and output as a search without it', async () => {
    const env = (home: string) => testEnv(home, { GH_TOKEN: 'bench-token', GITHUB_API_URL: stand.url });
    const args = ['search', '--repos', 'vllm-project/vllm,pytorch/pytorch', '--json', '--limit', '5'];

    seen.length = 0;
    const early = await runSubprocess(args, { env: env(tempHome()), timeoutMs: 30_000 });
    expect(early.code).toBe(0);
    const earlySeen = [...seen];
    // The early request carries our name alone; Octokit's add its own.
    expect(earlySeen[0]?.ua).toBe('oss-scout');
    expect(earlySeen.slice(1).every((r) => r.ua.startsWith('oss-scout octokit'))).toBe(true);

    // --refresh sends nothing early (it decides nothing from the cache): the same search otherwise.
    seen.length = 0;
    const plain = await runSubprocess([...args, '--refresh'], { env: env(tempHome()), timeoutMs: 30_000 });
    expect(plain.code).toBe(0);
    expect(seen.every((r) => r.ua.startsWith('oss-scout octokit'))).toBe(true);
    expect(seen.map((r) => JSON.parse(r.body) as unknown)).toEqual(earlySeen.map((r) => JSON.parse(r.body) as unknown));
    expect(early.stdout).toBe(plain.stdout);
  });
});
