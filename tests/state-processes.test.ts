// Real processes against the built CLI (npm test builds first): concurrency and SIGKILL mid-write.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStateStore } from '../src/state/store.js';
import { binPath, repoRoot, runSubprocess, tempHome, testEnv } from './helpers/cli.js';
import { restIssue, stateFile } from './helpers/state.js';
import path from 'node:path';

let server: Server;
let apiUrl: string;
let served = 0;

beforeAll(async () => {
  if (!existsSync(path.join(repoRoot, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it) before these tests');
  }
  server = createServer((req, res) => {
    served += 1;
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)(\/comments)?$/.exec(url.pathname);
    res.setHeader('content-type', 'application/json');
    if (m?.[4]) {
      res.end('[]');
      return;
    }
    if (req.method !== 'GET' || !m) {
      res.statusCode = 404;
      res.end('{"message":"Not Found"}');
      return;
    }
    res.end(JSON.stringify(restIssue(`${m[1]}/${m[2]}`, Number(m[3]))));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const envFor = (home: string) => testEnv(home, { GITHUB_API_URL: apiUrl });

async function claimNumbers(home: string): Promise<number[]> {
  const s = await openStateStore(stateFile(home)).read();
  return s.claims.map((c) => c.number).sort((a, b) => a - b);
}

describe('state under concurrent processes', () => {
  it('20 concurrent claim processes leave 20 claims', async () => {
    const home = tempHome();
    const runs = await Promise.all(
      Array.from({ length: 20 }, (_, i) => runSubprocess(['claim', `org/repo#${i + 1}`], { env: envFor(home) })),
    );
    for (const r of runs) expect(r.stderr).toBe('');
    expect(runs.map((r) => r.code)).toEqual(Array(20).fill(0));
    expect(await claimNumbers(home)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  }, 120_000);

  it('20 concurrent processes mixing claim, note and unclaim lose no update', async () => {
    const home = tempHome();
    await Promise.all([1, 2, 3, 4, 5].map((n) => runSubprocess(['claim', `org/repo#${n}`], { env: envFor(home) })));
    const jobs = [
      ...Array.from({ length: 10 }, (_, i) => ['note', `org/repo#${(i % 5) + 1}`, `note ${i}`]),
      ...[1, 2, 3].map((n) => ['unclaim', `org/repo#${n}`, '--reason', `r${n}`]),
      ...Array.from({ length: 7 }, (_, i) => ['claim', `org/repo#${100 + i}`]),
    ];
    const runs = await Promise.all(jobs.map((args) => runSubprocess(args, { env: envFor(home) })));
    expect(runs.map((r) => r.code)).toEqual(Array(20).fill(0));
    const s = await openStateStore(stateFile(home)).read();
    expect(s.claims).toHaveLength(12);
    expect(s.claims.flatMap((c) => c.notes.map((n) => n.text)).sort()).toEqual(Array.from({ length: 10 }, (_, i) => `note ${i}`).sort());
    expect(s.claims.filter((c) => c.status === 'dropped').map((c) => c.number).sort()).toEqual([1, 2, 3]);
  }, 120_000);
});

function runAndKill(args: string[], env: NodeJS.ProcessEnv, killAfterMs: number): Promise<{ code: number | null; ms: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [binPath, ...args], { env, cwd: repoRoot, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, ms: Date.now() - started });
    });
  });
}

describe('SIGKILL during claim', () => {
  // STATE_KILL_RUNS=200 for the long soak; 30 keeps npm test quick.
  const runs = Number(process.env.STATE_KILL_RUNS ?? 30);
  it(`after ${runs} runs killed at random moments the state always parses and keeps every reported claim`, async () => {
    const home = tempHome();
    const env = envFor(home);
    // One undisturbed run tells how long a claim takes here; kills then land around the write at its end.
    const probe = await runAndKill(['claim', 'org/repo#1000'], env, 60_000);
    expect(probe.code).toBe(0);
    const succeeded = new Set<number>([1000]);
    let killed = 0;
    for (let i = 1; i <= runs; i++) {
      const delay = Math.round(probe.ms * (0.4 + Math.random() * 0.8));
      const r = await runAndKill(['claim', `org/repo#${i}`], env, delay);
      if (r.code === 0) succeeded.add(i);
      else killed += 1;
      const numbers = await claimNumbers(home); // throws if state.json does not parse or validate
      for (const n of succeeded) expect(numbers).toContain(n);
      const bak = `${stateFile(home)}.bak`;
      if (existsSync(bak)) expect(() => JSON.parse(readFileSync(bak, 'utf8')) as unknown).not.toThrow();
    }
    // Kills are aimed at 40-120% of a normal run, so some must have landed mid-command.
    expect(killed).toBeGreaterThan(0);
    expect(served).toBeGreaterThan(0);
  }, 300_000);
});
