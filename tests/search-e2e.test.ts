// `oss-scout search` end to end, in-process, with msw standing in for GitHub.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { saveRepoList } from '../src/config/repos.js';
import { runInProcess, tempHome, testEnv } from './helpers/cli.js';
import { executingGitHub, type FakeRepo } from './helpers/graphql-executor.js';
import { NOW, daysAgo } from './helpers/issue-builders.js';

const API = 'https://api.github.test';
const TOKEN = 'test-token';

const REPOS: FakeRepo[] = [
  {
    repo: 'vllm-project/vllm',
    primaryLanguage: 'Python',
    languages: ['Python', 'Cuda', 'C++'],
    topics: ['llm-serving'],
    issues: [
      { number: 101, title: '[Bug] CUDA graph capture fails for batch size 1', labels: ['good first issue', 'bug'], body: 'Repro on an A100 with CUDA 12.4.', createdAt: daysAgo(12), updatedAt: daysAgo(3), comments: [{ author: 'maint', authorAssociation: 'MEMBER', body: 'Happy to review a fix.', createdAt: daysAgo(4) }] },
      { number: 102, title: '[Doc] Fix a broken link in the quickstart', labels: ['good first issue', 'documentation'], createdAt: daysAgo(30), updatedAt: daysAgo(20) },
      { number: 103, title: '[Kernel] Add a Triton RMSNorm kernel', labels: ['good first issue'], createdAt: daysAgo(8), updatedAt: daysAgo(1), assignees: ['busy-dev'] },
      { number: 104, title: 'RFC: new scheduler', labels: ['RFC'], createdAt: daysAgo(5) },
    ],
  },
  {
    repo: 'ggml-org/llama.cpp',
    primaryLanguage: 'C++',
    issues: [{ number: 201, title: 'gguf: add a unit test for the metadata parser', labels: ['good first issue'], createdAt: daysAgo(6), updatedAt: daysAgo(2) }],
  },
];

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function serve(graphqlUrl = `${API}/graphql`, repos = REPOS) {
  const fake = executingGitHub(graphqlUrl, repos);
  server.use(...fake.handlers);
  return fake;
}

const env = (home: string, extra: Record<string, string> = {}) =>
  testEnv(home, { GH_TOKEN: TOKEN, GITHUB_API_URL: API, ...extra });

interface JsonOut {
  issues: { repo: string; number: number; taken: boolean; takenReasons: string[]; matchedSkills: string[]; comments: number }[];
  failures: { repo: string; message: string }[];
}

const BOTH = 'vllm-project/vllm,ggml-org/llama.cpp';

describe('search --json against a fake GitHub', () => {
  it('returns untaken beginner issues, best first, taken ones hidden', async () => {
    const fake = serve();
    const r = await runInProcess(['search', '--repos', BOTH, '--skills', 'cuda', '--json'], { env: env(tempHome()), now: NOW });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as JsonOut;
    expect(out.issues.map((i) => `${i.repo}#${i.number}`).sort()).toEqual(['ggml-org/llama.cpp#201', 'vllm-project/vllm#101', 'vllm-project/vllm#102']);
    expect(out.issues[0]).toMatchObject({ repo: 'vllm-project/vllm', number: 101, matchedSkills: ['cuda'], taken: false, comments: 1 });
    expect(out.failures).toEqual([]);
    expect(fake.seen.length).toBeGreaterThan(0);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    // No spinner and no profile hint under --json.
    expect(r.stderr).toBe('');
  });

  it('--include-taken shows the assigned issue with its reason', async () => {
    serve();
    const r = await runInProcess(['search', '--repos', 'vllm-project/vllm', '--include-taken', '--json'], { env: env(tempHome()), now: NOW });
    const out = JSON.parse(r.stdout) as JsonOut;
    const taken = out.issues.find((i) => i.number === 103);
    expect(taken?.taken).toBe(true);
    expect(taken?.takenReasons.join(' ')).toContain('busy-dev');
  });

  it('honours GITHUB_API_URL and --api-url for every request', async () => {
    const fake = serve('https://ghe.example.test/api/graphql');
    serve(); // the default test base is served too, so a request that ignored the setting would not fail loudly
    const r = await runInProcess(['--api-url', 'https://ghe.example.test/api/v3', 'search', '--repos', BOTH, '--json'], { env: env(tempHome()), now: NOW });
    expect(r.code).toBe(0);
    expect(fake.seen.length).toBeGreaterThan(0);
    expect(fake.seen.every((u) => u === 'https://ghe.example.test/api/graphql')).toBe(true);

    const viaEnv = serve('https://other.example.test/graphql');
    const r2 = await runInProcess(['search', '--repos', BOTH, '--json'], { env: env(tempHome(), { GITHUB_API_URL: 'https://other.example.test' }), now: NOW });
    expect(r2.code).toBe(0);
    expect(viaEnv.seen.length).toBeGreaterThan(0);
    expect(viaEnv.seen.every((u) => u.startsWith('https://other.example.test/'))).toBe(true);
  });

  it('reports a missing repository and still answers for the others (exit 0)', async () => {
    serve();
    const r = await runInProcess(['search', '--repos', `${BOTH},nobody-here/no-such-repo`, '--json'], { env: env(tempHome()), now: NOW });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as JsonOut;
    expect(out.issues.length).toBe(3);
    expect(out.failures).toHaveLength(1);
    expect(out.failures[0]?.repo).toBe('nobody-here/no-such-repo');
    expect(out.failures[0]?.message).toMatch(/Could not resolve/);
    expect(r.stderr).toMatch(/^warning: nobody-here\/no-such-repo: Could not resolve/m);
  });

  it('exits 3 with the first failure when no repository answers', async () => {
    serve();
    const r = await runInProcess(['search', '--repos', 'nobody-here/a,nobody-here/b', '--json'], { env: env(tempHome()), now: NOW });
    expect(r.code, r.stderr).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain("oss-scout: nobody-here/a: Could not resolve to a Repository with the name 'nobody-here/a'");
  });

  it('does not hide an issue from the user who took it (viewer cached in the state)', async () => {
    serve();
    const home = tempHome();
    mkdirSync(path.join(home, 'data'), { recursive: true });
    writeFileSync(
      path.join(home, 'data', 'state.json'),
      JSON.stringify({ version: 2, viewer: { login: 'busy-dev', apiUrl: API, fetchedAt: NOW.toISOString() }, claims: [] }),
    );
    const r = await runInProcess(['search', '--repos', BOTH, '--json'], { env: env(home), now: NOW });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as JsonOut;
    expect(out.issues.find((i) => i.number === 103)).toMatchObject({ taken: false });
    const other = await runInProcess(['search', '--repos', BOTH, '--json'], { env: env(tempHome()), now: NOW });
    expect((JSON.parse(other.stdout) as JsonOut).issues.some((i) => i.number === 103)).toBe(false);
  });

  it('prints tab-separated rows when stdout is not a terminal, and the profile hint without --skills', async () => {
    serve();
    const r = await runInProcess(['search', '--repos', BOTH], { env: env(tempHome()), now: NOW, isTTY: false });
    expect(r.code).toBe(0);
    const lines = r.stdout.replace(/\n$/, '').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines.every((l) => l.split('\t').length === 9)).toBe(true);
    expect(r.stdout).toContain('https://github.com/ggml-org/llama.cpp/issues/201');
    expect(r.stderr).toContain('no skills given');
    expect(r.stderr).toContain('1 taken issue hidden');
  });

  it('prints a table on a terminal', async () => {
    serve();
    const r = await runInProcess(['search', '--repos', BOTH, '--skills', 'cuda', '--explain'], { env: env(tempHome()), now: NOW, isTTY: true, columns: 160 });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^#\s+ISSUE\s+TITLE/);
    expect(r.stdout).toContain('vllm-project/vllm#101');
    // --explain appends the score breakdown after the table.
    expect(r.stdout).toMatch(/\n1\. vllm-project\/vllm#101\b[^\n]*\n\s+score \d/);
  });

  it('--verbose reports requests and the GraphQL cost, --debug every request too, never the token', async () => {
    serve();
    const verbose = await runInProcess(['--verbose', 'search', '--repos', BOTH, '--json', '--refresh'], { env: env(tempHome()), now: NOW });
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).toMatch(/GraphQL cost: \d+/);
    expect(verbose.stderr).not.toContain('→ POST');
    const r = await runInProcess(['--debug', 'search', '--repos', BOTH, '--json'], { env: env(tempHome()), now: NOW });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/→ POST https:\/\/api\.github\.test\/graphql 200/);
    expect(r.stderr).toMatch(/GraphQL cost: \d+/);
    expect(r.stderr).not.toContain(TOKEN);
  });

  it('searches the user list from repos.json when --repos is not given', async () => {
    const fake = serve();
    const home = tempHome();
    await saveRepoList(path.join(home, 'config', 'repos.json'), [{ repo: 'ggml-org/llama.cpp', category: 'serving', labels: ['good first issue'] }]);
    const r = await runInProcess(['search', '--json'], { env: env(home), now: NOW });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as JsonOut;
    expect(out.issues.map((i) => i.number)).toEqual([201]);
    expect(fake.seen.length).toBeGreaterThan(0);
  });

  it('--labels replaces the labels asked for', async () => {
    serve();
    const r = await runInProcess(['search', '--repos', 'vllm-project/vllm', '--labels', 'RFC', '--json'], { env: env(tempHome()), now: NOW });
    const out = JSON.parse(r.stdout) as JsonOut;
    expect(out.issues.map((i) => i.number)).toEqual([104]);
  });
});

describe('without a token', () => {
  it('says once that GraphQL needs a token and falls back to REST search', async () => {
    let searched = 0;
    server.use(
      http.get(`${API}/search/issues`, () => {
        searched += 1;
        return HttpResponse.json({ total_count: 0, incomplete_results: false, items: [] });
      }),
    );
    const r = await runInProcess(['search', '--repos', BOTH, '--json'], { env: testEnv(tempHome(), { GITHUB_API_URL: API }), now: NOW });
    expect(r.code).toBe(0);
    expect(searched).toBeGreaterThan(0);
    const notices = r.stderr.split('\n').filter((l) => l.includes('GraphQL needs'));
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('gh auth token');
    expect(notices[0]).toContain('GH_TOKEN');
  });
});

describe('snapshots', () => {
  it('round trip: --save-snapshot then --snapshot gives the same result with no network', async () => {
    serve();
    const home = tempHome();
    const file = path.join(home, 'snap.json');
    const live = await runInProcess(['search', '--repos', BOTH, '--skills', 'cuda', '--include-taken', '--json', '--save-snapshot', file], { env: env(home), now: NOW });
    expect(live.code).toBe(0);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(TOKEN);
    expect(JSON.parse(text)).toMatchObject({ format: 'oss-scout-snapshot', version: 1, apiUrl: API, requestedRepos: ['vllm-project/vllm', 'ggml-org/llama.cpp'] });

    server.resetHandlers();
    let requests = 0;
    server.events.on('request:start', () => void (requests += 1));
    const offline = await runInProcess(['search', '--snapshot', file, '--skills', 'cuda', '--include-taken', '--json'], { env: testEnv(home), now: NOW });
    server.events.removeAllListeners();
    expect(offline.code).toBe(0);
    expect(requests).toBe(0);
    expect(JSON.parse(offline.stdout)).toEqual(JSON.parse(live.stdout));
  });

  it('--snapshot narrows to --repos', async () => {
    serve();
    const home = tempHome();
    const file = path.join(home, 'snap.json');
    await runInProcess(['search', '--repos', BOTH, '--json', '--save-snapshot', file], { env: env(home), now: NOW });
    const r = await runInProcess(['search', '--snapshot', file, '--repos', 'ggml-org/llama.cpp', '--json'], { env: testEnv(home), now: NOW });
    expect((JSON.parse(r.stdout) as JsonOut).issues.map((i) => i.repo)).toEqual(['ggml-org/llama.cpp']);
  });

  it('rejects a file that is not a snapshot with exit 2, naming the file', async () => {
    const home = tempHome();
    const file = path.join(home, 'package.json');
    writeFileSync(file, JSON.stringify({ name: 'not-a-snapshot' }));
    const r = await runInProcess(['search', '--snapshot', file], { env: testEnv(home), now: NOW });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${file} is not an oss-scout snapshot`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('rejects a missing snapshot file with exit 2', async () => {
    const r = await runInProcess(['search', '--snapshot', '/nonexistent/snap.json'], { env: testEnv(tempHome()), now: NOW });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot read snapshot /nonexistent/snap.json: no such file');
  });
});
