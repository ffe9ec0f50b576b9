// The repository cache in front of search: a warm run makes no request, --refresh refetches,
// --offline never touches the network, and a corrupt cache entry is only a miss.
import { readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runInProcess, tempHome, testEnv } from './helpers/cli.js';
import { executingGitHub, type FakeRepo } from './helpers/graphql-executor.js';
import { NOW, daysAgo } from './helpers/issue-builders.js';
import { countingServer } from './helpers/counting-server.js';
import { staticGraph } from './helpers/static-graph.js';

const API = 'https://api.github.test';
const REPOS: FakeRepo[] = [
  {
    repo: 'vllm-project/vllm',
    primaryLanguage: 'Python',
    issues: [{ number: 7, title: 'Add a CUDA kernel test', labels: ['good first issue'], createdAt: daysAgo(3), updatedAt: daysAgo(1) }],
  },
  {
    repo: 'ggml-org/llama.cpp',
    primaryLanguage: 'C++',
    issues: [{ number: 9, title: 'docs: fix the server README', labels: ['good first issue'], createdAt: daysAgo(4), updatedAt: daysAgo(2) }],
  },
];
const ARGS = ['search', '--repos', 'vllm-project/vllm,ggml-org/llama.cpp', '--json'];

const { server, requests: requestCount } = countingServer();

const env = (home: string) => testEnv(home, { GH_TOKEN: 'test-token', GITHUB_API_URL: API });
const numbers = (stdout: string) => (JSON.parse(stdout) as { issues: { number: number }[] }).issues.map((i) => i.number).sort();

describe('search cache', () => {
  it('answers a second search within 10 minutes with no request at all', async () => {
    server.use(...executingGitHub(`${API}/graphql`, REPOS).handlers);
    const home = tempHome();
    const cold = await runInProcess(ARGS, { env: env(home), now: NOW });
    expect(cold.code, cold.stderr).toBe(0);
    // Two small repositories go out as two concurrent queries (fetch-issues spreads up to 4).
    expect(requestCount()).toBe(2);
    const warm = await runInProcess(ARGS, { env: env(home), now: new Date(NOW.getTime() + 5 * 60_000) });
    expect(warm.code, warm.stderr).toBe(0);
    expect(requestCount()).toBe(2);
    expect(numbers(warm.stdout)).toEqual(numbers(cold.stdout));
    expect(numbers(warm.stdout)).toEqual([7, 9]);
  });

  it('loads, answered from the cache, no display widths, file lock, ETag store, Octokit or process spawning', () => {
    // The search command as it loads, and the modules a cached search imports after it: each of these
    // costs every warm run milliseconds (npm run bench), and none is needed until a table, a write or a fetch.
    const heavy = ['string-width', 'ora', 'zod', 'node:child_process', 'proper-lockfile', 'src/render/width.ts', 'src/io/locked-update.ts', 'src/cache/etag.ts'];
    for (const entry of ['src/search/command.ts', 'src/cache/repo-cache.ts', 'src/cache/health-cache.ts', 'src/github/token.ts']) {
      const graph = [...staticGraph(entry)];
      expect(graph.filter((m) => heavy.includes(m) || m.startsWith('@octokit') || m.startsWith('src/github/fetch')), entry).toEqual([]);
    }
  });

  it('fetches again after the lifetime, and with --refresh', async () => {
    server.use(...executingGitHub(`${API}/graphql`, REPOS).handlers);
    const home = tempHome();
    await runInProcess(ARGS, { env: env(home), now: NOW });
    expect(requestCount()).toBe(2);
    await runInProcess(ARGS, { env: env(home), now: new Date(NOW.getTime() + 11 * 60_000) });
    expect(requestCount()).toBe(4);
    await runInProcess([...ARGS, '--refresh'], { env: env(home), now: new Date(NOW.getTime() + 12 * 60_000) });
    expect(requestCount()).toBe(6);
  });

  it('--offline uses cached results of any age and reports the rest as failures', async () => {
    server.use(...executingGitHub(`${API}/graphql`, REPOS).handlers);
    const home = tempHome();
    await runInProcess(['search', '--repos', 'vllm-project/vllm', '--json'], { env: env(home), now: NOW });
    // The light pass, then the taken signals of the one candidate.
    expect(requestCount()).toBe(2);
    const r = await runInProcess([...ARGS, '--offline'], { env: env(home), now: new Date(NOW.getTime() + 3 * 86_400_000) });
    expect(r.code, r.stderr).toBe(0);
    expect(requestCount()).toBe(2);
    const out = JSON.parse(r.stdout) as { issues: { number: number }[]; failures: { repo: string; message: string }[] };
    expect(out.issues.map((i) => i.number)).toEqual([7]);
    expect(out.failures).toEqual([{ repo: 'ggml-org/llama.cpp', message: 'not in the cache (--offline)' }]);
  });

  it('--offline finds what the online path wrote whichever variable held the token (same cache key)', async () => {
    const GHE = 'https://ghe.example.test/api/v3';
    server.use(...executingGitHub('https://ghe.example.test/api/graphql', REPOS).handlers);
    const home = tempHome();
    const gheEnv = testEnv(home, { GH_ENTERPRISE_TOKEN: 'ghe-token', GITHUB_API_URL: GHE });
    const online = await runInProcess(ARGS, { env: gheEnv, now: NOW });
    expect(online.code, online.stderr).toBe(0);
    const sent = requestCount();
    const r = await runInProcess([...ARGS, '--offline'], { env: gheEnv, now: new Date(NOW.getTime() + 86_400_000) });
    expect(r.code, r.stderr).toBe(0);
    expect(requestCount()).toBe(sent);
    expect(numbers(r.stdout)).toEqual([7, 9]);
    expect((JSON.parse(r.stdout) as { failures: unknown[] }).failures).toEqual([]);
  });

  it('treats a corrupt cache entry as a miss, never a crash', async () => {
    server.use(...executingGitHub(`${API}/graphql`, REPOS).handlers);
    const home = tempHome();
    await runInProcess(ARGS, { env: env(home), now: NOW });
    const dir = path.join(home, 'cache', 'repos');
    const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect(files.length).toBe(2);
    for (const f of files) writeFileSync(path.join(dir, f), '{"truncated": ');
    const r = await runInProcess(ARGS, { env: env(home), now: new Date(NOW.getTime() + 60_000) });
    expect(r.code, r.stderr).toBe(0);
    expect(requestCount()).toBe(4);
    expect(numbers(r.stdout)).toEqual([7, 9]);
  });
});
