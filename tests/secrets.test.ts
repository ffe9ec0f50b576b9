// The token never leaves the process: a full session of the built CLI with a sentinel token against the
// stand-in GitHub, then every byte written (state, cache, config, snapshots, reports, stdout, stderr,
// --debug output, error messages) is searched for it. Also: snapshots keep private repositories out
// unless --include-private.
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runSubprocess, tempHome, testEnv, type CliResult } from './helpers/cli.js';
import { faults, startFaultServer, type FaultServer } from './helpers/fault-server.js';

const SENTINEL = 'ghp_SENTINEL0secrets0Zq9Xw8Vu7Ts6Rr5SENTINEL';
// Also a fragment: a token cut in half in a log line is still a leak.
const FRAGMENTS = [SENTINEL, SENTINEL.slice(4, 24), SENTINEL.slice(20, 40)];
const PRIVATE = 'secret-org/private-repo';
const PUBLIC = 'vllm-project/vllm';

let gh: FaultServer;
beforeAll(async () => {
  if (!existsSync(path.join(repoRoot, 'dist', 'cli', 'main.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it) before these tests');
  }
  gh = await startFaultServer();
  // The private repository answers like GitHub answers a private one the token can read.
  gh.always('POST /graphql', {
    kind: 'rewrite',
    label: 'private repository',
    rewrite: (raw) => {
      const body = raw as { data?: Record<string, Record<string, unknown> | null> };
      for (const node of Object.values(body.data ?? {})) {
        if (node && typeof node === 'object' && node.nameWithOwner === PRIVATE) {
          node.isPrivate = true;
          if ('visibility' in node) node.visibility = 'PRIVATE';
        }
      }
      return body;
    },
  });
});
afterAll(() => gh.close());

function filesUnder(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) filesUnder(p, out);
    else out.push(p);
  }
  return out;
}

describe('the token never appears anywhere', () => {
  it('a full session (search + snapshot, claim, note, list --refresh, report, --debug, a 401) writes the sentinel nowhere', async () => {
    const home = tempHome('oss-scout-secrets-');
    const outDir = path.join(tempHome('oss-scout-secrets-out-'), 'reports');
    mkdirSync(outDir, { recursive: true });
    const env = testEnv(home, { GITHUB_API_URL: gh.url, GH_TOKEN: SENTINEL });
    const results: { args: string[]; r: CliResult }[] = [];
    const run = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> => {
      const r = await runSubprocess(args, { env: { ...env, ...extraEnv }, timeoutMs: 60_000 });
      results.push({ args, r });
      return r;
    };
    const ok = (r: CliResult): void => expect(r.code, r.stderr).toBe(0);

    ok(await run(['search', '--repos', `${PUBLIC},sgl-project/sglang`, '--save-snapshot', path.join(outDir, 'snap.json'), '--verbose']));
    ok(await run(['search', '--repos', PUBLIC, '--json', '--debug', '--verbose']));
    ok(await run(['search', '--snapshot', path.join(outDir, 'snap.json'), '--json']));
    ok(await run(['claim', `${PUBLIC}#4242`, '--note', 'first', '--debug']));
    ok(await run(['note', `${PUBLIC}#4242`, 'second']));
    ok(await run(['list', '--refresh', '--debug']));
    ok(await run(['list', '--json', '--all']));
    ok(await run(['report', '--format', 'md', '--output', path.join(outDir, 'week.md')]));
    ok(await run(['report', '--format', 'json', '--output', path.join(outDir, 'week.json'), '--debug']));
    // The token passed as a flag instead of the environment.
    ok(await run(['search', '--repos', PUBLIC, '--json', '--token', SENTINEL, '--debug'], { GH_TOKEN: undefined }));

    // Failures, with and without --debug: a refused token, a server that breaks, a hang.
    gh.next('POST /graphql', faults.badCredentials(), faults.badCredentials());
    // --refresh: the repository cache would otherwise answer without asking GitHub.
    expect((await run(['search', '--repos', PUBLIC, '--json', '--refresh'])).code).toBe(4);
    expect((await run(['search', '--repos', PUBLIC, '--json', '--refresh', '--debug'])).code).toBe(4);
    gh.next('GET /repos/:owner/:repo/issues/:number', faults.badCredentials());
    expect((await run(['claim', `${PUBLIC}#4243`, '--debug'])).code).toBe(4);
    gh.next('POST /graphql', faults.hang());
    expect((await run(['search', '--repos', PUBLIC, '--json', '--refresh', '--timeout', '1', '--debug'])).code).toBe(3);

    // The token did reach the server (else this test proves nothing)...
    expect(gh.seen.filter((s) => s.authorization?.includes(SENTINEL)).length).toBeGreaterThan(5);
    // ...and went nowhere else.
    const written = [...filesUnder(home), ...filesUnder(outDir)];
    expect(written.some((f) => f.endsWith('state.json'))).toBe(true);
    expect(written.some((f) => f.endsWith('snap.json'))).toBe(true);
    expect(written.some((f) => f.endsWith('week.md'))).toBe(true);
    expect(written.some((f) => f.includes(`${path.sep}cache${path.sep}`))).toBe(true);
    const leaks: string[] = [];
    for (const f of written) {
      const bytes = readFileSync(f).toString('latin1');
      for (const frag of FRAGMENTS) if (bytes.includes(frag)) leaks.push(`${path.relative(home, f)} contains ${frag}`);
    }
    for (const { args, r } of results) {
      for (const frag of FRAGMENTS) {
        if (r.stdout.includes(frag)) leaks.push(`stdout of ${args.join(' ')}`);
        if (r.stderr.includes(frag)) leaks.push(`stderr of ${args.join(' ')}`);
      }
    }
    expect(leaks).toEqual([]);
    // --debug did print something (stacks on failure), so the check above covered it.
    expect(results.some(({ args, r }) => args.includes('--debug') && /^\s+at /m.test(r.stderr))).toBe(true);
  }, 120_000);
});

describe('snapshots and private repositories', () => {
  interface Snap {
    repos: { repo: string; isPrivate: boolean }[];
    issues: { repo: string }[];
  }

  it('--save-snapshot leaves a private repository out; --include-private keeps it', async () => {
    const home = tempHome();
    const env = testEnv(home, { GITHUB_API_URL: gh.url, GH_TOKEN: SENTINEL });
    const without = path.join(home, 'public-only.json');
    const withPrivate = path.join(home, 'with-private.json');
    const r1 = await runSubprocess(['search', '--repos', `${PUBLIC},${PRIVATE}`, '--json', '--save-snapshot', without], { env });
    expect(r1.code, r1.stderr).toBe(0);
    const r2 = await runSubprocess(['search', '--repos', `${PUBLIC},${PRIVATE}`, '--json', '--save-snapshot', withPrivate, '--include-private'], { env });
    expect(r2.code, r2.stderr).toBe(0);

    const a = JSON.parse(readFileSync(without, 'utf8')) as Snap;
    expect(a.issues.length).toBeGreaterThan(0);
    expect(a.issues.filter((i) => i.repo === PRIVATE)).toEqual([]);
    expect(a.repos.filter((r) => r.repo === PRIVATE)).toEqual([]);
    // No private issue text either (titles, bodies, comments): nothing names the repository's issues.
    expect(readFileSync(without, 'utf8')).not.toContain(`github.com/${PRIVATE}/issues`);

    const b = JSON.parse(readFileSync(withPrivate, 'utf8')) as Snap;
    expect(b.issues.some((i) => i.repo === PRIVATE)).toBe(true);
    expect(b.repos.find((r) => r.repo === PRIVATE)?.isPrivate).toBe(true);
  });
});
