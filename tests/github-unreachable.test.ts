// The retry predicate, against real sockets on 127.0.0.1 (no msw in this file: it would answer an
// unhandled request itself). A refused port or a hung server is not asked again; a reset mid-answer is.
// Counted in attempts, not timed: a refused port used to cost 1 + 4 + 9 s of retries.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { isOssScoutError } from '../src/errors.js';
import { createGitHubClient } from '../src/github/client.js';

const servers: Server[] = [];
const sockets: Socket[] = [];
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});

function listen(onConnection: (socket: Socket) => void): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer((socket) => {
      sockets.push(socket);
      onConnection(socket);
    });
    servers.push(srv);
    srv.listen(0, '127.0.0.1', () => resolve((srv.address() as AddressInfo).port));
  });
}

/** A port that was listening a moment ago: connecting to it is refused. */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

// Real back-off base: a refused port that was retried would take 14 s and fail the 10 s test timeout.
const client = (port: number, timeoutMs = 5000, retryAfterBaseValue = 1000) =>
  createGitHubClient({ token: 't', apiUrl: `http://127.0.0.1:${port}`, timeoutMs, throttle: false, retries: 3, retryAfterBaseValue });

describe('which network failures are retried', () => {
  it('a refused port fails at once: one attempt, exit 3 naming ECONNREFUSED', async () => {
    const c = client(await closedPort());
    const err = await c.graphql('query { viewer { login } }').catch((e: unknown) => e);
    expect(isOssScoutError(err) && [err.kind, err.exitCode]).toEqual(['network', 3]);
    expect((err as Error).message).toMatch(/cannot reach 127\.0\.0\.1:\d+: ECONNREFUSED/);
    expect(c.stats.requests).toBe(1);
  }, 10_000);

  it('REST too: a refused port is one attempt', async () => {
    const c = client(await closedPort());
    const err = await c.octokit.rest.issues.get({ owner: 'o', repo: 'r', issue_number: 1 }).catch((e: unknown) => c.mapError(e));
    expect(isOssScoutError(err) && err.kind).toBe('network');
    expect(c.stats.requests).toBe(1);
  }, 10_000);

  it('a server that never answers: one attempt within --timeout, exit 3 saying so', async () => {
    const port = await listen(() => {});
    const c = client(port, 300);
    const err = await c.graphql('query { viewer { login } }').catch((e: unknown) => e);
    expect(isOssScoutError(err) && err.kind).toBe('timeout');
    expect((err as Error).message).toMatch(/no response from 127\.0\.0\.1:\d+ within 0\.3 s/);
    expect(c.stats.requests).toBe(1);
  }, 10_000);

  it('a connection reset mid-answer is retried (3 times), then reported', async () => {
    const port = await listen((socket) => socket.once('data', () => socket.destroy()));
    const c = client(port, 5000, 1);
    const err = await c.graphql('query { viewer { login } }').catch((e: unknown) => e);
    expect(isOssScoutError(err) && err.kind).toBe('network');
    expect(c.stats.requests).toBe(4);
  }, 10_000);
});

describe("ports the Fetch standard bars (the transport is node:http, which has no such list)", () => {
  it('as the API base: taken as given', async () => {
    const { resolveApiUrl } = await import('../src/github/token.js');
    expect(resolveApiUrl('http://127.0.0.1:1', {})).toBe('http://127.0.0.1:1');
    expect(resolveApiUrl('https://ghes.example.test:6000/api/v3', {})).toBe('https://ghes.example.test:6000/api/v3');
  });

  it('reached with nothing listening: refused at once, one attempt, exit 3', async () => {
    const c = client(1);
    const err = await c.graphql('query { viewer { login } }').catch((e: unknown) => e);
    expect(isOssScoutError(err) && [err.kind, err.exitCode]).toEqual(['network', 3]);
    expect((err as Error).message).toMatch(/cannot reach 127\.0\.0\.1:1: ECONNREFUSED/);
    expect(c.stats.requests).toBe(1);
  }, 10_000);
});

describe('a whole catalog against an unreachable host', () => {
  const entries = Array.from({ length: 40 }, (_, i) => ({ repo: `org-${i}/repo-${i}`, category: 'tooling' as const, labels: ['good first issue'] }));
  // Throttling on, as in real use: the REST searches are spaced 2 s apart, so asking each group would take
  // 7 × 2 s; GraphQL batches used to be split in halves on each network failure.
  const realClient = (port: number, token: string | undefined) =>
    createGitHubClient({ token, apiUrl: `http://127.0.0.1:${port}`, timeoutMs: 5000, retries: 3 });

  it('with a token (GraphQL): the first refused batch ends the fetch, no batch is split or sent again', async () => {
    const { fetchIssues } = await import('../src/github/fetch-issues.js');
    const c = realClient(await closedPort(), 't');
    const started = Date.now();
    const err = await fetchIssues(c, entries, { perRepo: 100 }).catch((e: unknown) => e);
    expect(isOssScoutError(err) && [err.kind, err.exitCode]).toEqual(['network', 3]);
    expect((err as Error).message).toMatch(/ECONNREFUSED/);
    expect(c.stats.requests).toBeLessThanOrEqual(4);
    expect(Date.now() - started).toBeLessThan(3000);
  }, 10_000);

  it('without a token (REST search): one search, not one per group 2 s apart', async () => {
    const { fetchIssues } = await import('../src/github/fetch-issues.js');
    const c = realClient(await closedPort(), undefined);
    const started = Date.now();
    const err = await fetchIssues(c, entries, { perRepo: 100 }).catch((e: unknown) => e);
    expect(isOssScoutError(err) && [err.kind, err.exitCode]).toEqual(['network', 3]);
    expect(c.stats.requests).toBe(1);
    expect(Date.now() - started).toBeLessThan(1500);
  }, 10_000);
});
