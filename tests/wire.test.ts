// When requests have left: undici's own report over a real local connection, and a replaced fetch (as msw
// installs one) that reports nothing. No msw here: the point is Node's own fetch.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { trackOutgoing, whenAllSent } from '../src/github/wire.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server?.closeAllConnections();
  server = undefined;
});

/** A server that reads each request whole, then holds its answer until `release` is called. */
async function holdingServer(): Promise<{ url: string; received: () => number; release: () => void }> {
  let received = 0;
  const held: (() => void)[] = [];
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received += 1;
      held.push(() => res.end('{}'));
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    received: () => received,
    release: () => held.splice(0).forEach((f) => f()),
  };
}

describe('whenAllSent', () => {
  it('fires once undici has written every request, while the answers are still held back', async () => {
    const s = await holdingServer();
    const answers = [1, 2, 3].map((i) => trackOutgoing(() => fetch(s.url, { method: 'POST', body: JSON.stringify({ i }) })));
    let sent = false;
    whenAllSent(() => (sent = true));
    // Not at once: new connections are written to only after they connect.
    expect(sent).toBe(false);
    await expect.poll(() => sent).toBe(true);
    await expect.poll(() => s.received()).toBe(3);
    s.release();
    const texts = await Promise.all(answers.map(async (r) => (await r).text()));
    expect(texts).toEqual(['{}', '{}', '{}']);
  });

  it('has nothing to wait for when fetch is not undici (replaced, as in tests)', async () => {
    let resolveAnswer = (): void => {};
    const answer = trackOutgoing(() => new Promise<void>((resolve) => (resolveAnswer = resolve)));
    let sent = false;
    whenAllSent(() => (sent = true));
    expect(sent).toBe(true);
    resolveAnswer();
    await answer;
  });

  it('counts a request that fails before it is written as gone', async () => {
    const failing = trackOutgoing(() => fetch('http://127.0.0.1:9/', { method: 'POST', body: '{}' }));
    let sent = false;
    whenAllSent(() => (sent = true));
    await expect(failing).rejects.toThrow();
    expect(sent).toBe(true);
  });
});
