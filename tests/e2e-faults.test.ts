// The built CLI (bin/oss-scout.js -> dist/, built by `npm test` before vitest) as a real subprocess against
// a scripted stand-in GitHub (tests/helpers/fault-server.ts): one test per fault, named after it.
// Transient faults must be retried and the command succeed; permanent ones must give the documented exit
// code and ONE line on stderr, no stack trace unless --debug, and never the token.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, repoRoot, runSubprocess, tempHome, testEnv, type CliResult } from './helpers/cli.js';
import { faults, startFaultServer, type FaultServer } from './helpers/fault-server.js';
import { fixtureText, stateFile, writeStateText } from './helpers/state.js';

const TOKEN = 'ghp_SENTINEL0e2e0faults0a1b2c3d4e5f6SENTINEL';
const GQL = 'POST /graphql';
const ISSUE = 'GET /repos/:owner/:repo/issues/:number';
const SEARCH = 'GET /search/issues';
const VLLM = 'vllm-project/vllm';
const SGLANG = 'sgl-project/sglang';

const servers: FaultServer[] = [];
// Closed at the end of the file, not after each test: the tests in a describe.concurrent run at once.
afterAll(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

beforeAll(() => {
  if (!existsSync(path.join(repoRoot, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it) before these tests');
  }
});

async function server(options: Parameters<typeof startFaultServer>[0] = {}): Promise<FaultServer> {
  const s = await startFaultServer(options);
  servers.push(s);
  return s;
}

function envFor(s: FaultServer, home = tempHome(), token: string | null = TOKEN): NodeJS.ProcessEnv {
  return testEnv(home, { GITHUB_API_URL: s.url, ...(token ? { GH_TOKEN: token } : {}) });
}

function cli(s: FaultServer, args: string[], env = envFor(s)): Promise<CliResult> {
  return runSubprocess(args, { env, timeoutMs: 60_000 });
}

interface SearchJson {
  issues: { repo: string; number: number; url: string; title: string }[];
  failures: { repo: string; message: string }[];
}

function stderrLines(r: CliResult): string[] {
  return r.stderr.split('\n').filter((l) => l.trim() !== '');
}

/** The contract for a permanent failure: the exit code, one line on stderr, no stack, no token, no stdout. */
function expectOneLineFailure(r: CliResult, code: number, ...mustMention: RegExp[]): string {
  expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code });
  const lines = stderrLines(r);
  expect(lines, r.stderr).toHaveLength(1);
  const line = lines[0] ?? '';
  expect(line.startsWith('oss-scout: ')).toBe(true);
  for (const re of mustMention) expect(line).toMatch(re);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stdout).toBe('');
  expect(r.stdout + r.stderr).not.toContain(TOKEN);
  return line;
}

function expectSuccess(r: CliResult): SearchJson {
  expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: r.stderr });
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stdout + r.stderr).not.toContain(TOKEN);
  return JSON.parse(r.stdout) as SearchJson;
}

function tokenReachedServer(s: FaultServer): void {
  // Otherwise "the token is not in the output" would prove nothing.
  expect(s.seen.some((x) => x.authorization?.includes(TOKEN))).toBe(true);
}

const search = (repos: string, ...more: string[]): string[] => ['search', '--repos', repos, '--json', ...more];

describe.concurrent('search against a faulty GitHub (built CLI, subprocess)', () => {
  it('401 bad credentials: exit 4, one line naming the token problem and the next step', async () => {
    const s = await server();
    s.always(GQL, faults.badCredentials());
    const r = await cli(s, search(VLLM));
    expectOneLineFailure(r, 4, /401 Bad credentials/, /gh auth login|GH_TOKEN/);
    tokenReachedServer(s);
    // Not retried: a bad token stays bad.
    expect(s.seen.filter((x) => x.route === GQL)).toHaveLength(1);
  });

  it('401 bad credentials with --debug: the stack is printed, the token still is not', async () => {
    const s = await server();
    s.always(GQL, faults.badCredentials());
    const r = await cli(s, search(VLLM, '--debug'));
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^\s+at /m);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('403 primary rate limit (x-ratelimit-remaining: 0): exit 5, says when the limit resets', async () => {
    const s = await server();
    s.always(GQL, faults.primaryRateLimit(3600));
    const r = await cli(s, search(VLLM));
    expectOneLineFailure(r, 5, /rate limit/i, /resets at \d\d:\d\d UTC \(in (59|60) min\)/);
    // Waiting an hour is never what a CLI user wants: no retry.
    expect(s.seen.filter((x) => x.route === GQL)).toHaveLength(1);
  });

  it('GraphQL primary rate limit (200 with RATE_LIMITED): exit 5, one line', async () => {
    const s = await server();
    s.always(GQL, faults.status(200, JSON.parse(fixtureText('github/graphql-rate-limited.json')) as unknown, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 1800) }, 'RATE_LIMITED'));
    const r = await cli(s, search(VLLM));
    expectOneLineFailure(r, 5, /rate limit/i, /resets at/);
  });

  it('403 secondary rate limit with retry-after: 1, once: waits, retries and succeeds', async () => {
    const s = await server();
    s.next(GQL, faults.secondaryRateLimit(403, 1));
    const out = expectSuccess(await cli(s, search(VLLM)));
    expect(out.issues.length).toBeGreaterThan(0);
    expect(s.seen.filter((x) => x.route === GQL).map((x) => x.fault)).toEqual(['403 secondary rate limit', 'normal', 'normal']); // the retried light pass, then the taken signals
  });

  it('429 secondary rate limit with retry-after: 1, once: waits, retries and succeeds', async () => {
    const s = await server();
    s.next(GQL, faults.secondaryRateLimit(429, 1));
    const out = expectSuccess(await cli(s, search(VLLM)));
    expect(out.issues.length).toBeGreaterThan(0);
    expect(s.seen.filter((x) => x.route === GQL).map((x) => x.fault)).toEqual(['429 secondary rate limit', 'normal', 'normal']); // the retried light pass, then the taken signals
  });

  it('403 secondary rate limit every time: gives up within bounds, exit 5, one line', async () => {
    const s = await server();
    s.always(GQL, faults.secondaryRateLimit(403, 1));
    const r = await cli(s, search(VLLM));
    expectOneLineFailure(r, 5, /secondary rate limit/i, /resets at \d\d:\d\d:\d\d UTC \(in \d+ s\)/);
    expect(s.seen.filter((x) => x.route === GQL).length).toBeLessThanOrEqual(4);
  });

  it('429 secondary rate limit every time: gives up within bounds, exit 5, one line', async () => {
    const s = await server();
    s.always(GQL, faults.secondaryRateLimit(429, 1));
    const r = await cli(s, search(VLLM));
    expectOneLineFailure(r, 5, /secondary rate limit/i, /resets at \d\d:\d\d:\d\d UTC \(in \d+ s\)/);
    expect(s.seen.filter((x) => x.route === GQL).length).toBeLessThanOrEqual(4);
  });

  it('502 then success: retried, the search succeeds', async () => {
    const s = await server();
    s.next(GQL, faults.badGateway());
    const out = expectSuccess(await cli(s, search(VLLM)));
    expect(out.issues.length).toBeGreaterThan(0);
    expect(out.failures).toEqual([]);
    expect(s.seen.filter((x) => x.route === GQL).map((x) => x.fault)).toEqual(['502', 'normal', 'normal']); // the retried light pass, then the taken signals
  });

  it('502 every time: a bounded number of retries, then exit 3 and one line', async () => {
    const s = await server();
    s.always(GQL, faults.badGateway());
    const r = await cli(s, search(VLLM));
    expectOneLineFailure(r, 3, /502/, /try again/);
    const n = s.seen.filter((x) => x.route === GQL).length;
    expect(n).toBeGreaterThan(1);
    expect(n).toBeLessThanOrEqual(4);
  });

  it('connection reset once: retried, the search succeeds', async () => {
    const s = await server();
    s.next(GQL, faults.connectionReset());
    const out = expectSuccess(await cli(s, search(VLLM)));
    expect(out.issues.length).toBeGreaterThan(0);
  });

  it('connection reset every time: exit 3, one line saying the server cannot be reached', async () => {
    const s = await server();
    s.always(GQL, faults.connectionReset());
    const r = await cli(s, search(VLLM));
    expectOneLineFailure(r, 3, /cannot reach 127\.0\.0\.1/, /network|--api-url/);
    expect(s.seen.filter((x) => x.route === GQL).length).toBeLessThanOrEqual(4);
  });

  it('connection refused (nothing listens on the port): exit 3 at once, one line naming ECONNREFUSED', async () => {
    // A port that was just listening and is now closed: the connection is refused, not timed out.
    const closed = await new Promise<number>((resolve) => {
      const srv = createServer();
      srv.listen(0, '127.0.0.1', () => {
        const { port } = srv.address() as AddressInfo;
        srv.close(() => resolve(port));
      });
    });
    const home = tempHome();
    const r = await runSubprocess(search(VLLM), {
      env: testEnv(home, { GITHUB_API_URL: `http://127.0.0.1:${closed}`, GH_TOKEN: TOKEN }),
      timeoutMs: 60_000,
    });
    expectOneLineFailure(r, 3, /cannot reach 127\.0\.0\.1:\d+: ECONNREFUSED/, /network|--api-url/);
  });

  it('a response that never arrives, --timeout 1: exit 3, one line naming the timeout and --timeout', async () => {
    const s = await server();
    s.always(GQL, faults.hang());
    const r = await cli(s, search(VLLM, '--timeout', '1'));
    expectOneLineFailure(r, 3, /no response from 127\.0\.0\.1:\d+ within 1 s/, /--timeout/);
  });

  it('truncated JSON body: exit 3, one line saying the response was not valid JSON', async () => {
    const s = await server();
    s.always(GQL, faults.truncatedJson());
    const r = await cli(s, search(VLLM));
    expectOneLineFailure(r, 3, /not valid JSON/);
  });

  it('non-JSON (HTML) body: exit 3, one line saying the response was not valid JSON', async () => {
    const s = await server();
    s.always(GQL, faults.nonJson());
    const r = await cli(s, search(VLLM));
    expectOneLineFailure(r, 3, /not valid JSON/);
  });

  it('non-JSON (HTML) body on REST search (no token): exit 3, not an empty success', async () => {
    const s = await server();
    s.always(SEARCH, faults.nonJson());
    const r = await cli(s, search(VLLM), envFor(s, tempHome(), null));
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    const lines = stderrLines(r);
    // The no-token notice, then the one error line.
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^oss-scout: .*not valid JSON/);
  });

  it('GraphQL errors alongside partial data: the answered repository is returned, the other is a failure', async () => {
    const s = await server();
    s.always(GQL, {
      kind: 'rewrite',
      label: 'FORBIDDEN alias',
      rewrite: (raw) => {
        const body = raw as { data: Record<string, { nameWithOwner?: string } | null>; errors?: unknown[] };
        for (const [alias, node] of Object.entries(body.data)) {
          if (node?.nameWithOwner === SGLANG) {
            body.data[alias] = null;
            body.errors = [{ type: 'FORBIDDEN', path: [alias], message: "Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization." }];
          }
        }
        return body;
      },
    });
    const out = expectSuccess(await cli(s, search(`${VLLM},${SGLANG}`, '--repos', `${VLLM},${SGLANG}`)));
    expect(new Set(out.issues.map((i) => i.repo))).toEqual(new Set([VLLM]));
    expect(out.failures.map((f) => f.repo)).toEqual([SGLANG]);
    expect(out.failures[0]?.message).toMatch(/SAML/);
  });

  it('GraphQL "Something went wrong" error with partial data: retried, then a failure for that repository only', async () => {
    const s = await server();
    s.always(GQL, faults.graphqlPartialError(SGLANG));
    const r = await cli(s, search(`${VLLM},${SGLANG}`));
    const out = expectSuccess(r);
    expect(new Set(out.issues.map((i) => i.repo))).toEqual(new Set([VLLM]));
    expect(out.failures.map((f) => f.repo)).toEqual([SGLANG]);
    // One warning line on stderr for the failed repository.
    expect(stderrLines(r)).toHaveLength(1);
    expect(r.stderr).toContain(SGLANG);
  });

  it('deleted repository (GraphQL NOT_FOUND) next to a live one: partial results, exit 0, one warning', async () => {
    const s = await server({ missingRepos: ['gone-org/deleted'] });
    const r = await cli(s, search(`${VLLM},gone-org/deleted`));
    const out = expectSuccess(r);
    expect(out.issues.length).toBeGreaterThan(0);
    expect(out.failures).toEqual([{ repo: 'gone-org/deleted', message: expect.stringMatching(/Could not resolve/) as unknown }]);
    expect(stderrLines(r)).toEqual([expect.stringMatching(/^warning: gone-org\/deleted: /)]);
  });

  it('deleted repository (GraphQL NOT_FOUND) alone: no repository answered, exit 3, one line', async () => {
    const s = await server({ missingRepos: ['gone-org/deleted'] });
    const r = await cli(s, search('gone-org/deleted'));
    expectOneLineFailure(r, 3, /gone-org\/deleted/, /Could not resolve/, /no repository answered/);
  });

  it('renamed repository (GraphQL resolves to the new nameWithOwner): succeeds with the issues', async () => {
    const s = await server();
    s.always(GQL, faults.graphqlRenamed('old-org/old-name', 'new-org/new-name'));
    const snap = path.join(tempHome(), 'renamed.json');
    const out = expectSuccess(await cli(s, search('old-org/old-name', '--save-snapshot', snap)));
    expect(out.issues.length).toBeGreaterThan(0);
    expect(out.failures).toEqual([]);
    for (const i of out.issues) expect(i.url).toMatch(/^https:\/\/github\.com\/new-org\/new-name\/issues\/\d+$/);
    // Issues and repository metadata stay under the name that was asked for, so ranking sees the repo's
    // languages and the cache entry holds both.
    const saved = JSON.parse(readFileSync(snap, 'utf8')) as { repos: { repo: string }[]; issues: { repo: string }[] };
    expect(saved.repos.map((r) => r.repo)).toEqual(['old-org/old-name']);
    expect(new Set(saved.issues.map((i) => i.repo))).toEqual(new Set(['old-org/old-name']));
  });

  it('search with total_count > 1000 and incomplete_results (no token, REST fallback): results still come back', async () => {
    const s = await server();
    s.always(SEARCH, faults.searchOverflow(48_213));
    const r = await cli(s, search(VLLM), envFor(s, tempHome(), null));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as SearchJson;
    expect(out.issues.length).toBeGreaterThan(0);
    expect(s.seen.some((x) => x.route === SEARCH && x.fault.startsWith('search total_count'))).toBe(true);
    // The only stderr output is the one-line no-token notice with how to get one.
    expect(stderrLines(r)).toEqual([expect.stringMatching(/no GitHub token.*gh auth token/)]);
  });
});

describe.concurrent('claim against a faulty GitHub (REST)', () => {
  it('renamed repository (REST 301 redirect): the claim follows it and records the new name', async () => {
    const s = await server();
    s.always(ISSUE, faults.restMoved('old-org/old-name', 'new-org/new-name'));
    const home = tempHome();
    const r = await cli(s, ['claim', 'old-org/old-name#3'], envFor(s, home));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/claimed new-org\/new-name#3/);
    const state = JSON.parse(readFileSync(stateFile(home), 'utf8')) as { claims: { repo: string; number: number }[] };
    expect(state.claims.map((c) => `${c.repo}#${c.number}`)).toEqual(['new-org/new-name#3']);
  });

  it('deleted repository (REST 404): exit 2 "no such issue", state not created', async () => {
    const s = await server({ missingRepos: ['gone-org/deleted'] });
    const home = tempHome();
    const r = await cli(s, ['claim', 'gone-org/deleted#3'], envFor(s, home));
    expectOneLineFailure(r, 2, /gone-org\/deleted#3/);
    expect(existsSync(stateFile(home))).toBe(false);
  });

  it('401 bad credentials: exit 4, one line, the state is untouched', async () => {
    const s = await server();
    s.always(ISSUE, faults.badCredentials());
    const home = tempHome();
    const before = fixtureText('state/v2-claims.json');
    writeStateText(home, before);
    const r = await cli(s, ['claim', 'org/repo#3'], envFor(s, home));
    expectOneLineFailure(r, 4, /401 Bad credentials/);
    expect(readFileSync(stateFile(home), 'utf8')).toBe(before);
  });

  it('403 primary rate limit: exit 5 with the reset time, the state is untouched', async () => {
    const s = await server();
    s.always(ISSUE, faults.primaryRateLimit(600));
    const home = tempHome();
    const before = fixtureText('state/v2-claims.json');
    writeStateText(home, before);
    const r = await cli(s, ['claim', 'org/repo#3'], envFor(s, home));
    expectOneLineFailure(r, 5, /resets at \d\d:\d\d UTC \(in (9|10) min\)/);
    expect(readFileSync(stateFile(home), 'utf8')).toBe(before);
  });

  it('non-JSON (HTML) body on the issue GET: exit 3, one line saying the response was not valid JSON', async () => {
    const s = await server();
    s.always(ISSUE, faults.nonJson());
    const home = tempHome();
    const r = await cli(s, ['claim', 'org/repo#3'], envFor(s, home));
    expectOneLineFailure(r, 3, /not valid JSON/, /try again/);
    expect(existsSync(stateFile(home))).toBe(false);
  });

  it('502 then success: retried, the claim is recorded', async () => {
    const s = await server();
    s.next(ISSUE, faults.badGateway());
    const r = await cli(s, ['claim', 'org/repo#3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/claimed org\/repo#3/);
  });
});

describe('Ctrl-C', () => {
  it('SIGINT while a request hangs: exit 130 promptly, the state file and data folder unchanged', async () => {
    const s = await server();
    s.always(GQL, faults.hang());
    const home = tempHome();
    const before = fixtureText('state/v2-claims.json');
    writeStateText(home, before);
    const dataDir = path.dirname(stateFile(home));
    const filesBefore = readdirSync(dataDir).sort();
    const child = spawn(process.execPath, [binPath, ...search(VLLM)], { env: envFor(s, home), cwd: repoRoot });
    let stderr = '';
    let stdout = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await s.waitFor(GQL);
    child.kill('SIGINT');
    const code = await exited;
    expect(code).toBe(130);
    expect(stderr.trim()).toMatch(/^oss-scout: interrupted — /);
    expect(stdout).toBe('');
    expect(readFileSync(stateFile(home), 'utf8')).toBe(before);
    expect(readdirSync(dataDir).sort()).toEqual(filesBefore);
  });
});
