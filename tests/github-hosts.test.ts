// Hosts and tokens as the GitHub CLI settles them (`gh help environment`): GH_HOST, GHE.com's
// api.SUBDOMAIN.ghe.com, Enterprise Server's /api/v3, which variable's token goes to which host, and the
// --verbose line that says so without the token.
import { HttpResponse, http } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { apiUrlForHost, graphqlUrlFor, hostKind, webHostFor, webUrlFor } from '../src/core/hosts.js';
import { isOssScoutError } from '../src/errors.js';
import { createGitHubClient } from '../src/github/client.js';
import { fetchIssues } from '../src/github/fetch-issues.js';
import { describeConnection, resolveConnection } from '../src/github/token.js';
import { runInProcess, tempHome, testEnv } from './helpers/cli.js';
import { executingGitHub } from './helpers/graphql-executor.js';
import { answerClaimActivity, writeStateText } from './helpers/state.js';

describe('host mapping', () => {
  it('GH_HOST names a host; the API base follows its kind', () => {
    expect(apiUrlForHost('github.com')).toBe('https://api.github.com');
    expect(apiUrlForHost('octocorp.ghe.com')).toBe('https://api.octocorp.ghe.com');
    expect(apiUrlForHost('api.octocorp.ghe.com')).toBe('https://api.octocorp.ghe.com');
    expect(apiUrlForHost('ghes.example.com')).toBe('https://ghes.example.com/api/v3');
    expect(apiUrlForHost('GHES.Example.com:8443')).toBe('https://ghes.example.com:8443/api/v3');
  });

  it('GHE.com: API at api.SUBDOMAIN.ghe.com, GraphQL at /graphql there, web pages without api.', () => {
    const api = 'https://api.octocorp.ghe.com';
    expect(graphqlUrlFor(api)).toBe('https://api.octocorp.ghe.com/graphql');
    expect(webUrlFor(api)).toBe('https://octocorp.ghe.com');
    expect(webHostFor(api)).toBe('octocorp.ghe.com');
    expect(hostKind(api)).toBe('ghe.com');
  });

  it('github.com and Enterprise Server', () => {
    expect(webUrlFor('https://api.github.com')).toBe('https://github.com');
    expect(hostKind('https://api.github.com')).toBe('github.com');
    expect(graphqlUrlFor('https://ghes.example.com/api/v3')).toBe('https://ghes.example.com/api/graphql');
    expect(webUrlFor('https://ghes.example.com/api/v3')).toBe('https://ghes.example.com');
    expect(webHostFor('https://ghes.example.com/api/v3')).toBe('ghes.example.com');
    expect(hostKind('https://ghes.example.com/api/v3')).toBe('ghes');
  });
});

describe('which token goes to which host', () => {
  const noGh = async () => undefined;
  const T = { GH_TOKEN: 'gh-token', GITHUB_TOKEN: 'github-token', GH_ENTERPRISE_TOKEN: 'gh-ent', GITHUB_ENTERPRISE_TOKEN: 'github-ent' };
  type Row = [string, Record<string, string>, string, string];
  const rows: Row[] = [
    ['github.com: GH_TOKEN first', { ...T }, 'https://api.github.com', 'GH_TOKEN'],
    ['github.com: then GITHUB_TOKEN', { GITHUB_TOKEN: 'x', GH_ENTERPRISE_TOKEN: 'y' }, 'https://api.github.com', 'GITHUB_TOKEN'],
    ['github.com never takes an enterprise token', { GH_ENTERPRISE_TOKEN: 'y' }, 'https://api.github.com', 'none'],
    ['GHE.com takes GH_TOKEN, not the enterprise one', { ...T, GH_HOST: 'octocorp.ghe.com' }, 'https://api.octocorp.ghe.com', 'GH_TOKEN'],
    ['Enterprise Server by GH_HOST: GH_ENTERPRISE_TOKEN first', { ...T, GH_HOST: 'ghes.example.com' }, 'https://ghes.example.com/api/v3', 'GH_ENTERPRISE_TOKEN'],
    ['then GITHUB_ENTERPRISE_TOKEN', { GITHUB_ENTERPRISE_TOKEN: 'z', GH_TOKEN: 'x', GH_HOST: 'ghes.example.com' }, 'https://ghes.example.com/api/v3', 'GITHUB_ENTERPRISE_TOKEN'],
    ['Enterprise Server by GH_HOST never gets the github.com token', { GH_TOKEN: 'x', GH_HOST: 'ghes.example.com' }, 'https://ghes.example.com/api/v3', 'none'],
    ['an explicit Enterprise base (as Actions sets it) also takes GITHUB_TOKEN', { GITHUB_TOKEN: 'x', GITHUB_API_URL: 'https://ghes.example.com/api/v3' }, 'https://ghes.example.com/api/v3', 'GITHUB_TOKEN'],
    ['GITHUB_API_URL wins over GH_HOST', { GH_TOKEN: 'x', GH_HOST: 'ghes.example.com', GITHUB_API_URL: 'https://api.github.com' }, 'https://api.github.com', 'GH_TOKEN'],
  ];
  for (const [name, env, apiUrl, source] of rows) {
    it(name, async () => {
      const c = await resolveConnection({}, env, noGh);
      expect([c.apiUrl, c.source]).toEqual([apiUrl, source]);
      if (source !== 'none') expect(c.token).toBe(env[source]);
    });
  }

  it('--token and --api-url win over everything', async () => {
    const c = await resolveConnection({ token: 'flag', apiUrl: 'https://api.octocorp.ghe.com' }, { ...T, GH_HOST: 'ghes.example.com' }, noGh);
    expect([c.apiUrl, c.source, c.token]).toEqual(['https://api.octocorp.ghe.com', '--token', 'flag']);
  });

  it('then `gh auth token --hostname HOST`, with the host gh knows it by', async () => {
    const asked: string[] = [];
    const gh = async (host: string) => {
      asked.push(host);
      return `token-for-${host}`;
    };
    for (const env of [{}, { GH_HOST: 'octocorp.ghe.com' }, { GH_HOST: 'ghes.example.com' }]) {
      const c = await resolveConnection({}, env, gh);
      expect(c.source).toBe('gh auth token');
    }
    expect(asked).toEqual(['github.com', 'octocorp.ghe.com', 'ghes.example.com']);
    // OSS_SCOUT_NO_GH skips it.
    expect((await resolveConnection({}, { OSS_SCOUT_NO_GH: '1' }, gh)).source).toBe('none');
  });

  it('a GH_HOST that is not a host name is a usage error (exit 2)', async () => {
    const err = await resolveConnection({}, { GH_HOST: 'https://ghes.example.com/' }, noGh).catch((e: unknown) => e);
    expect(isOssScoutError(err) && err.exitCode).toBe(2);
  });

  it('the --verbose line names the variable and the host, never the token', async () => {
    const c = await resolveConnection({}, { GH_TOKEN: 'ghp_secretsecret', GH_HOST: 'octocorp.ghe.com' }, noGh);
    const line = describeConnection(c);
    expect(line).toBe('auth: token from $GH_TOKEN, sent to api.octocorp.ghe.com (from GH_HOST)');
    expect(line).not.toContain('ghp_secretsecret');
    expect(describeConnection({ apiUrl: 'https://api.github.com', apiUrlSource: 'default', source: 'none' })).toBe(
      'auth: no token; requests go to api.github.com unauthenticated',
    );
  });
});

describe('commands against a GHE.com host (msw)', () => {
  const GHE_API = 'https://api.octocorp.ghe.com';
  const TOKEN = 'ghp_gheComSecret0123456789abcdef';
  const fake = executingGitHub(`${GHE_API}/graphql`, [
    { repo: 'octo/app', issues: [{ number: 7, title: 'Fix the CUDA kernel launch', labels: ['good first issue'], createdAt: '2026-02-01T00:00:00Z' }] },
  ]);
  const server = setupServer(...fake.handlers);
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());

  it('GH_HOST=SUBDOMAIN.ghe.com: search goes to api.SUBDOMAIN.ghe.com/graphql; --verbose says where the token went', async () => {
    const env = testEnv(tempHome(), { GH_HOST: 'octocorp.ghe.com', GH_TOKEN: TOKEN });
    const r = await runInProcess(['--verbose', 'search', '--repos', 'octo/app', '--labels', 'good first issue', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(fake.seen.every((u) => u === `${GHE_API}/graphql`)).toBe(true);
    expect(fake.seen.length).toBeGreaterThan(0);
    expect(r.stderr).toContain('auth: token from $GH_TOKEN, sent to api.octocorp.ghe.com (from GH_HOST)');
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
    expect((JSON.parse(r.stdout) as { issues: { number: number }[] }).issues.map((i) => i.number)).toEqual([7]);
  });

  it('list --refresh --verbose prints the same line', async () => {
    const home = tempHome();
    writeStateText(home, JSON.stringify({ version: 2, viewer: null, claims: [] }));
    const env = testEnv(home, { GH_HOST: 'octocorp.ghe.com', GH_TOKEN: TOKEN });
    server.use(
      http.post(`${GHE_API}/graphql`, async ({ request }) => {
        const body = (await request.json()) as { query: string; variables?: Record<string, unknown> };
        return HttpResponse.json(answerClaimActivity(body.query, body.variables ?? {}, new Map([['octo/app#7', {}]])));
      }),
    );
    const claim = {
      repo: 'octo/app', number: 7, title: 't', url: 'https://octocorp.ghe.com/octo/app/issues/7', labels: [], claimedAt: '2026-01-01T00:00:00.000Z',
      status: 'claimed', statusHistory: [{ status: 'claimed', at: '2026-01-01T00:00:00.000Z' }], notes: [], pullRequests: [], droppedReason: null, lastRefreshedAt: null,
    };
    writeStateText(home, JSON.stringify({ version: 2, viewer: null, claims: [claim] }));
    const r = await runInProcess(['--verbose', 'list', '--refresh'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('auth: token from $GH_TOKEN, sent to api.octocorp.ghe.com (from GH_HOST)');
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('the REST fallback links repositories at SUBDOMAIN.ghe.com, without api.', async () => {
    server.use(http.get(`${GHE_API}/search/issues`, () => HttpResponse.json({ total_count: 0, incomplete_results: false, items: [] })));
    const client = createGitHubClient({ token: undefined, apiUrl: GHE_API, timeoutMs: 5000, throttle: false });
    const result = await fetchIssues(client, [{ repo: 'octo/app', category: 'tooling', labels: ['good first issue'] }], { perRepo: 5 });
    expect(result.repos.map((r) => r.url)).toEqual(['https://octocorp.ghe.com/octo/app']);
  });
});
