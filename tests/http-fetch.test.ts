// The transport under Octokit (src/github/http-fetch.ts) and the "requests are out" signal (wire.ts), over
// real loopback connections: what fetch did for us and this must keep doing (redirects, compressed bodies,
// aborts, a refused connection's error code). No msw here: the point is the sockets; every other test
// reaches this code through msw's interception of node:http.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { deflateSync, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createGitHubClient } from '../src/github/client.js';
import { httpFetch } from '../src/github/http-fetch.js';
import { trackOutgoing, whenAllSent } from '../src/github/wire.js';
import { binPath, repoRoot, tempHome, testEnv } from './helpers/cli.js';
import { startFaultServer } from './helpers/fault-server.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }
});

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

async function serve(handler: (req: Seen, res: ServerResponse) => void): Promise<{ base: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const s = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
      seen.push(r);
      handler(r, res);
    });
  });
  servers.push(s);
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  return { base: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, seen };
}

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

describe('httpFetch', () => {
  it('sends method, headers and body; answers status, headers (lower-cased, iterable) and the body', async () => {
    const { base, seen } = await serve((_req, res) => {
      res.writeHead(201, 'Made', { 'Content-Type': 'application/json', 'Set-Cookie': ['a=1', 'b=2'], 'X-RateLimit-Remaining': '4999' });
      res.end('{"ok":true}');
    });
    const res = await httpFetch(`${base}/graphql`, { method: 'POST', headers: { Authorization: 'bearer t', 'content-type': 'application/json' }, body: '{"query":"q"}' });
    expect(seen[0]).toMatchObject({ method: 'POST', url: '/graphql', body: '{"query":"q"}', headers: { authorization: 'bearer t', 'content-length': '13' } });
    expect([res.status, res.statusText, res.ok, res.url]).toEqual([201, 'Made', true, `${base}/graphql`]);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('4999');
    expect(Object.fromEntries(res.headers)).toMatchObject({ 'content-type': 'application/json', 'set-cookie': 'a=1, b=2' });
    expect(await res.json()).toEqual({ ok: true });
    expect(Buffer.from(await res.arrayBuffer()).toString()).toBe('{"ok":true}');
  });

  it('asks for compressed answers and decodes gzip and deflate', async () => {
    const { base, seen } = await serve((req, res) => {
      const body = Buffer.from(JSON.stringify({ path: req.url }));
      if (req.url === '/gzip') res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(body));
      else res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateSync(body));
    });
    expect(await (await httpFetch(`${base}/gzip`)).json()).toEqual({ path: '/gzip' });
    expect(await (await httpFetch(`${base}/deflate`)).json()).toEqual({ path: '/deflate' });
    expect(seen[0]?.headers['accept-encoding']).toBe('gzip, deflate');
  });

  it('follows redirects: the method kept for a GET, a 303 after a POST becomes a GET; url is the last one', async () => {
    const { base, seen } = await serve((req, res) => {
      if (req.url === '/repos/old/name') res.writeHead(301, { location: '/repositories/42' }).end();
      else if (req.url === '/graphql') res.writeHead(303, { location: '/answer' }).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ at: req.url, method: req.method }));
    });
    const moved = await httpFetch(`${base}/repos/old/name`, { headers: { authorization: 'token t' } });
    expect([moved.status, moved.url, await moved.json()]).toEqual([200, `${base}/repositories/42`, { at: '/repositories/42', method: 'GET' }]);
    expect(seen[1]?.headers.authorization).toBe('token t');
    const posted = await httpFetch(`${base}/graphql`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(await posted.json()).toEqual({ at: '/answer', method: 'GET' });
    expect(seen[3]).toMatchObject({ method: 'GET', body: '' });
  });

  it('drops the authorization header on a redirect to another origin', async () => {
    const other = await serve((_req, res) => res.end('{}'));
    const { base } = await serve((_req, res) => res.writeHead(302, { location: `${other.base}/elsewhere` }).end());
    await httpFetch(`${base}/x`, { headers: { authorization: 'token secret' } });
    expect(other.seen[0]?.headers.authorization).toBeUndefined();
  });

  it('gives up after 20 redirects with a network error', async () => {
    const { base } = await serve((req, res) => res.writeHead(302, { location: `${req.url}x` }).end());
    await expect(httpFetch(`${base}/a`)).rejects.toMatchObject({ name: 'TypeError', cause: { message: 'too many redirects' } });
  });

  it('a refused connection rejects with a TypeError whose cause carries the socket error code', async () => {
    const port = await closedPort();
    const err = (await httpFetch(`http://127.0.0.1:${port}/`).catch((e: unknown) => e)) as TypeError & { cause: { code: string } };
    expect(err).toBeInstanceOf(TypeError);
    expect(err.cause.code).toBe('ECONNREFUSED');
  });

  it('an abort rejects with an AbortError, also while the answer is awaited', async () => {
    const { base } = await serve(() => {
      // never answers
    });
    const ac = new AbortController();
    const pending = httpFetch(`${base}/hang`, { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    const already = new AbortController();
    already.abort();
    await expect(httpFetch(`${base}/hang`, { signal: already.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('a connection cut mid-answer rejects with a network error', async () => {
    const { base } = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('{"partial":');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    await expect(httpFetch(`${base}/cut`)).rejects.toMatchObject({ name: 'TypeError', cause: { code: 'ECONNRESET' } });
  });
});

describe('whenAllSent', () => {
  /** A server that reads each request whole, then holds its answer until `release` is called. */
  async function holding(): Promise<{ url: string; received: () => number; release: () => void }> {
    const held: ServerResponse[] = [];
    const { base, seen } = await serve((_req, res) => held.push(res));
    return { url: `${base}/graphql`, received: () => seen.length, release: () => held.splice(0).forEach((r) => r.end('{}')) };
  }

  it('fires once every request is written, while the answers are still held back', async () => {
    const s = await holding();
    const answers = [1, 2, 3].map((i) => trackOutgoing((written) => httpFetch(s.url, { method: 'POST', body: JSON.stringify({ i }) }, written)));
    let sent = false;
    whenAllSent(() => (sent = true));
    // Not at once: new connections are written to only after they connect.
    expect(sent).toBe(false);
    await expect.poll(() => sent).toBe(true);
    await expect.poll(() => s.received()).toBe(3);
    s.release();
    expect(await Promise.all(answers.map(async (r) => (await r).text()))).toEqual(['{}', '{}', '{}']);
  });

  it('counts a request that fails before it is written as gone', async () => {
    const port = await closedPort();
    const failing = trackOutgoing((written) => httpFetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{}' }, written));
    let sent = false;
    whenAllSent(() => (sent = true));
    await expect(failing).rejects.toThrow();
    expect(sent).toBe(true);
  });

  it('counts a send that throws at once as gone', () => {
    expect(() =>
      trackOutgoing(() => {
        throw new Error('refused before sending');
      }),
    ).toThrow('refused before sending');
    let sent = false;
    whenAllSent(() => (sent = true));
    expect(sent).toBe(true);
  });
});

describe('GraphQLCallOptions.onSent', () => {
  // Over a real socket: msw's interception reports a request written only once it has answered it.
  it('says the request has gone out before the answer comes (throttling and retry on)', async () => {
    const held: ServerResponse[] = [];
    const { base, seen } = await serve((_req, res) => held.push(res));
    const c = createGitHubClient({ token: 't', apiUrl: base, timeoutMs: 5000 });
    let answer: Promise<unknown> = Promise.resolve();
    const sent = new Promise<void>((resolve) => {
      answer = c.graphql('query Viewer { viewer { login } }', {}, { onSent: resolve });
    });
    // Would wait for ever (the answer is held back until then) if onSent came with the answer.
    await sent;
    await expect.poll(() => seen.length).toBe(1);
    for (const res of held) res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ data: { viewer: { login: 'someone' } } }));
    await expect(answer).resolves.toMatchObject({ data: { viewer: { login: 'someone' } } });
  });
});

describe('the built CLI', () => {
  it('sends a search without loading Node\'s fetch (undici), which costs a cold search 20-40 ms', async () => {
    const s = await startFaultServer();
    try {
      const home = tempHome();
      const out = path.join(home, 'modules.txt');
      const hook = `data:text/javascript,${encodeURIComponent(`import { writeFileSync } from 'node:fs'; process.on('exit', () => writeFileSync(${JSON.stringify(out)}, process.moduleLoadList.join('\\n')));`)}`;
      const env = testEnv(home, { GITHUB_API_URL: s.url, GH_TOKEN: 'test-token' });
      const code = await new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, ['--import', hook, binPath, 'search', '--repos', 'vllm-project/vllm', '--json'], { env, cwd: repoRoot, stdio: 'ignore' });
        child.on('close', resolve);
      });
      expect(code).toBe(0);
      expect(s.seen.length).toBeGreaterThan(0);
      const modules = readFileSync(out, 'utf8').split('\n');
      expect(modules).toContain('NativeModule http');
      expect(modules.filter((m) => m.includes('undici'))).toEqual([]);
    } finally {
      await s.close();
    }
  }, 30_000);
});
