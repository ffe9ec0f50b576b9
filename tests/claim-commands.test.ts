import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runInProcess, tempHome, testEnv } from './helpers/cli.js';
import { assertMatchesOpenApi } from './helpers/openapi.js';
import { assertValidGraphQL } from './helpers/graphql-schema.js';
import { API, answerClaimActivity, fixture, readState, restIssue, stateFile, writeStateText, type FakeIssue } from './helpers/state.js';

const TOKEN = 'test-token-sentinel-4c1a';
const issues = new Map<string, Record<string, unknown>>();
const comments = new Map<string, unknown[]>();
const requests: { method: string; url: string; auth: string | null; body?: unknown }[] = [];
/** What GraphQL says links to each issue (pull requests that close or mention it). */
const linked = new Map<string, FakeIssue>();
const graphqlQueries: string[] = [];

const server = setupServer(
  http.get(`${API}/repos/:owner/:repo/issues/:n`, ({ params, request }) => {
    requests.push({ method: 'GET', url: request.url, auth: request.headers.get('authorization') });
    const found = issues.get(`${String(params.owner)}/${String(params.repo)}#${String(params.n)}`);
    return found ? HttpResponse.json(found) : HttpResponse.json({ message: 'Not Found' }, { status: 404 });
  }),
  http.get(`${API}/repos/:owner/:repo/issues/:n/comments`, ({ params, request }) => {
    requests.push({ method: 'GET', url: request.url, auth: request.headers.get('authorization') });
    const all = comments.get(`${String(params.owner)}/${String(params.repo)}#${String(params.n)}`) ?? [];
    const q = new URL(request.url).searchParams;
    const perPage = Number(q.get('per_page') ?? 30);
    const page = Number(q.get('page') ?? 1);
    return HttpResponse.json(all.slice((page - 1) * perPage, page * perPage));
  }),
  http.post(`${API}/repos/:owner/:repo/issues/:n/comments`, async ({ request }) => {
    const body = await request.json();
    requests.push({ method: 'POST', url: request.url, auth: request.headers.get('authorization'), body });
    return HttpResponse.json({ html_url: 'https://github.com/a/b/issues/1#issuecomment-1' }, { status: 201 });
  }),
  // With a token, claim asks GraphQL for the pull requests that close or mention the issue.
  http.post(`${API}/graphql`, async ({ request }) => {
    const body = (await request.json()) as { query: string; variables?: Record<string, unknown> };
    graphqlQueries.push(body.query);
    const vars = body.variables ?? {};
    const key = `${String(vars.o0)}/${String(vars.n0)}#${String(vars.i0)}`;
    return HttpResponse.json(answerClaimActivity(body.query, vars, new Map([[key, linked.get(key) ?? {}]])));
  }),
);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  for (const q of graphqlQueries) assertValidGraphQL(q);
});
afterAll(() => server.close());

let home: string;
let env: NodeJS.ProcessEnv;
const now = new Date('2026-02-10T12:00:00.000Z');
const cli = (args: string[], e = env) => runInProcess(args, { env: e, now });

beforeEach(() => {
  home = tempHome();
  env = testEnv(home, { GH_TOKEN: TOKEN, GITHUB_API_URL: API });
  requests.length = 0;
  linked.clear();
  graphqlQueries.length = 0;
  issues.clear();
  comments.clear();
  issues.set('vllm-project/vllm#12345', fixture('github/claims-issue.json'));
  issues.set('vllm-project/vllm#12400', fixture('github/claims-issue-is-pr.json'));
  issues.set('pytorch/pytorch#7', restIssue('pytorch/pytorch', 7, {}, 'claims-issue-assigned.json'));
  issues.set('triton-lang/triton#3', restIssue('triton-lang/triton', 3));
});

describe('fixtures', () => {
  it('the REST issue fixtures match the OpenAPI issue schema', () => {
    for (const f of ['claims-issue.json', 'claims-issue-is-pr.json', 'claims-issue-assigned.json']) {
      assertMatchesOpenApi('issue', fixture(`github/${f}`));
    }
  });
});

describe('claim', () => {
  it('records repo, number, title, url, labels, claimedAt and the note', async () => {
    const r = await cli(['claim', 'vllm-project/vllm#12345', '--note', 'one-line fix?']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('claimed vllm-project/vllm#12345');
    expect(r.stderr).toBe('');
    const s = readState(home);
    expect(s.version).toBe(2);
    expect(s.claims).toEqual([
      expect.objectContaining({
        repo: 'vllm-project/vllm',
        number: 12345,
        title: '[Bug]: sampler crashes when top_k=0 and temperature is zero',
        url: 'https://github.com/vllm-project/vllm/issues/12345',
        labels: ['good first issue', 'bug'],
        claimedAt: now.toISOString(),
        status: 'claimed',
        statusHistory: [{ status: 'claimed', at: now.toISOString(), detail: 'claimed' }],
        notes: [{ at: now.toISOString(), text: 'one-line fix?' }],
      }),
    ]);
    // The issue, then its latest comments (the fixture has 2) for the taken check.
    expect(requests.map((q) => new URL(q.url).pathname)).toEqual([
      '/repos/vllm-project/vllm/issues/12345',
      '/repos/vllm-project/vllm/issues/12345/comments',
    ]);
    expect(new URL(requests[1]?.url ?? '').searchParams.get('page')).toBe('1');
    expect(requests[0]?.auth).toBe(`token ${TOKEN}`);
    // And one GraphQL request for the pull requests linked to it.
    expect(graphqlQueries).toHaveLength(1);
  });

  it('accepts an issue URL and works without a token', async () => {
    const e = testEnv(home, { GITHUB_API_URL: API });
    const r = await cli(['claim', 'https://github.com/triton-lang/triton/issues/3'], e);
    expect(r.code).toBe(0);
    expect(readState(home).claims[0]).toMatchObject({ repo: 'triton-lang/triton', number: 3 });
    expect(requests[0]?.auth).toBeNull();
  });

  it('claiming twice says so, changes nothing and sends no request', async () => {
    await cli(['claim', 'vllm-project/vllm#12345']);
    const before = readFileSync(stateFile(home), 'utf8');
    requests.length = 0;
    const r = await cli(['claim', 'https://github.com/VLLM-project/vllm/issues/12345']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/already claimed vllm-project\/vllm#12345 on 2026-02-10 \(status: claimed\); nothing changed/);
    expect(readFileSync(stateFile(home), 'utf8')).toBe(before);
    expect(requests).toHaveLength(0);
  });

  it('a missing issue exits 2 with "no such issue" and writes nothing', async () => {
    const r = await cli(['claim', 'vllm-project/vllm#999']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no such issue: vllm-project/vllm#999');
    expect(readdirSync(home)).not.toContain('data');
  });

  it('a pull request number exits 2 saying it is a pull request', async () => {
    const r = await cli(['claim', 'vllm-project/vllm#12400']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('vllm-project/vllm#12400 is a pull request, not an issue');
  });

  it('a malformed reference exits 2 naming the accepted forms, with no request', async () => {
    const r = await cli(['claim', 'vllm#12']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('owner/repo#123 or https://github.com/owner/repo/issues/123');
    expect(requests).toHaveLength(0);
  });

  it('warns when someone else is assigned, and claims anyway', async () => {
    const r = await cli(['claim', 'pytorch/pytorch#7']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: pytorch/pytorch#7 looks taken: assigned to @someone-else (claiming anyway)');
    expect(readState(home).claims).toHaveLength(1);
  });

  it('warns about an open PR that will close the issue, as search would hide it', async () => {
    linked.set('triton-lang/triton#3', { closing: [{ number: 9, author: 'fast-dev' }] });
    const r = await cli(['claim', 'triton-lang/triton#3']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: triton-lang/triton#3 looks taken: open PR #9 by @fast-dev will close it (claiming anyway)');
    expect(readState(home).claims).toHaveLength(1);
  });

  it('no warning for a closing PR that was closed since', async () => {
    linked.set('triton-lang/triton#3', { closing: [{ number: 9, author: 'gave-up', state: 'CLOSED' }] });
    const r = await cli(['claim', 'triton-lang/triton#3']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('looks taken');
  });

  it('without a token no GraphQL is sent: the REST checks alone', async () => {
    const e = testEnv(home, { GITHUB_API_URL: API });
    const r = await cli(['claim', 'pytorch/pytorch#7'], e);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('looks taken: assigned to @someone-else');
    expect(graphqlQueries).toHaveLength(0);
  });

  it('warns when a recent comment asks for the issue, with who and when', async () => {
    const c = {
      id: 1, node_id: 'IC_1', url: `${API}/repos/triton-lang/triton/issues/comments/1`, html_url: 'https://github.com/triton-lang/triton/issues/3#issuecomment-1',
      body: "Hi, I'd like to work on this issue!", user: { login: 'eager-dev' }, created_at: '2026-02-08T10:00:00Z', updated_at: '2026-02-08T10:00:00Z',
      issue_url: `${API}/repos/triton-lang/triton/issues/3`, author_association: 'NONE',
    };
    comments.set('triton-lang/triton#3', [c]);
    const r = await cli(['claim', 'triton-lang/triton#3']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: triton-lang/triton#3 looks taken: claimed by @eager-dev 2 days ago (claiming anyway)');
  });

  it('101 comments: the last page holds one, so the page before is read too and its claim counts', async () => {
    const at = (i: number) => new Date(Date.parse('2026-02-08T00:00:00Z') + i * 60_000).toISOString();
    const comment = (i: number, user: string, body: string) => ({
      id: i, node_id: `IC_${i}`, url: `${API}/repos/triton-lang/triton/issues/comments/${i}`, html_url: `https://github.com/triton-lang/triton/issues/3#issuecomment-${i}`,
      body, user: { login: user }, created_at: at(i), updated_at: at(i), issue_url: `${API}/repos/triton-lang/triton/issues/3`, author_association: 'NONE',
    });
    const thread = Array.from({ length: 101 }, (_, i) => comment(i, `user${i}`, 'same here, +1'));
    thread[99] = comment(99, 'eager-dev', "I'd like to work on this issue!");
    comments.set('triton-lang/triton#3', thread);
    issues.set('triton-lang/triton#3', restIssue('triton-lang/triton', 3, { comments: 101 }));
    const r = await cli(['claim', 'triton-lang/triton#3']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: triton-lang/triton#3 looks taken: claimed by @eager-dev 2 days ago (claiming anyway)');
    const pages = requests.filter((q) => q.url.includes('/comments')).map((q) => new URL(q.url).searchParams.get('page')).sort();
    expect(pages).toEqual(['1', '2']);
  });

  it('--comment shows the text and does not post without --yes (no terminal to ask)', async () => {
    const r = await cli(['claim', 'vllm-project/vllm#12345', '--comment']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("I'd like to work on this");
    expect(r.stdout).toContain('not posted: pass --yes');
    expect(requests.filter((q) => q.method === 'POST')).toHaveLength(0);
  });

  it('--comment --yes posts the shown text', async () => {
    const r = await cli(['claim', 'vllm-project/vllm#12345', '--comment', '--yes']);
    expect(r.code).toBe(0);
    const post = requests.find((q) => q.method === 'POST');
    expect(post?.url).toBe(`${API}/repos/vllm-project/vllm/issues/12345/comments`);
    const text = (post?.body as { body: string }).body;
    expect(r.stdout).toContain(text);
    expect(r.stdout).toContain('commented: https://github.com/a/b/issues/1#issuecomment-1');
  });

  it('--comment --yes that cannot post says the claim is recorded and how to retry', async () => {
    server.use(
      http.post(`${API}/repos/:owner/:repo/issues/:n/comments`, () =>
        HttpResponse.json({ message: 'Must have admin rights to Repository.', documentation_url: 'https://docs.github.com/rest', status: '403' }, { status: 403 }),
      ),
    );
    const r = await cli(['claim', 'vllm-project/vllm#12345', '--comment', '--yes']);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('claimed vllm-project/vllm#12345');
    const last = r.stderr.trim().split('\n').at(-1) ?? '';
    expect(last).toMatch(/^oss-scout: the claim on vllm-project\/vllm#12345 is recorded, but the comment was not posted: .* — .*retry with `oss-scout claim vllm-project\/vllm#12345 --comment --yes`$/);
    expect(readState(home).claims).toHaveLength(1);
  });

  it('Ctrl-C at the confirmation prompt is an interruption (exit 130), the claim kept, nothing posted', async () => {
    const { PassThrough } = await import('node:stream');
    const { run } = await import('../src/cli/main.js');
    const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin });
    let stdout = '';
    let stderr = '';
    const ctx = {
      env,
      stdout: { write: (t: string) => (stdout += t), isTTY: false },
      stderr: { write: (t: string) => (stderr += t), isTTY: false },
      stdin,
      now: () => now,
      cwd: home,
    };
    const code = run(['node', 'oss-scout', 'claim', 'vllm-project/vllm#12345', '--comment'], ctx);
    // Ctrl-C as a terminal sends it, once the question is asked.
    for (let i = 0; i < 200 && !stderr.includes('post it?'); i++) await new Promise((r) => setTimeout(r, 10));
    stdin.write('\u0003');
    const exit = await code;
    expect(exit).toBe(130);
    expect(stdout).toContain('claimed vllm-project/vllm#12345');
    expect(stderr.trim().split('\n').at(-1)).toMatch(/^oss-scout: interrupted at the prompt; the claim is recorded, no comment was posted — /);
    expect(requests.some((q) => q.method === 'POST')).toBe(false);
  });

  it('--note on an issue already claimed adds the note, with no request', async () => {
    await cli(['claim', 'vllm-project/vllm#12345', '--note', 'first']);
    requests.length = 0;
    const r = await cli(['claim', 'vllm-project/vllm#12345', '--note', 'second thought']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('note added');
    expect((readState(home).claims[0] as { notes: { text: string }[] }).notes.map((n) => n.text)).toEqual(['first', 'second thought']);
    expect(requests).toHaveLength(0);
  });

  it('accepts github.com/... without the scheme; refuses a pull request URL and other forges before any request', async () => {
    const ok = await cli(['claim', 'github.com/vllm-project/vllm/issues/12345']);
    expect(ok.code).toBe(0);
    expect(readState(home).claims).toHaveLength(1);
    requests.length = 0;
    const pr = await cli(['claim', 'https://github.com/vllm-project/vllm/pull/12400']);
    expect(pr.code).toBe(2);
    expect(pr.stderr).toBe('oss-scout: vllm-project/vllm#12400 is a pull request, not an issue — claim the issue it fixes instead (owner/repo#N)\n');
    const gitlab = await cli(['claim', 'https://gitlab.com/group/project/-/issues/3']);
    expect(gitlab.code).toBe(2);
    expect(gitlab.stderr).toMatch(/^oss-scout: "https:\/\/gitlab\.com\/group\/project\/-\/issues\/3" is not a GitHub URL \(gitlab\.com\)/);
    expect(requests).toHaveLength(0);
  });

  it('re-claiming a dropped issue picks it back up with its history', async () => {
    await cli(['claim', 'vllm-project/vllm#12345']);
    await cli(['unclaim', 'vllm-project/vllm#12345']);
    const r = await cli(['claim', 'vllm-project/vllm#12345']);
    expect(r.code).toBe(0);
    const c = readState(home).claims[0] as { status: string; statusHistory: { status: string }[] };
    expect(c.status).toBe('claimed');
    expect(c.statusHistory.map((h) => h.status)).toEqual(['claimed', 'dropped', 'claimed']);
  });

  it('a corrupt state stops claim with exit 6 before any request', async () => {
    writeStateText(home, '{"version":2,"claims":[');
    const r = await cli(['claim', 'vllm-project/vllm#12345']);
    expect(r.code).toBe(6);
    expect(r.stderr).toContain(stateFile(home));
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(requests).toHaveLength(0);
  });
});

describe('unclaim and note (offline)', () => {
  beforeEach(async () => {
    await cli(['claim', 'vllm-project/vllm#12345']);
    await cli(['claim', 'triton-lang/triton#3']);
    requests.length = 0;
  });
  afterEach(() => expect(requests).toHaveLength(0));

  it('unclaim marks it dropped with the reason and the date', async () => {
    const r = await cli(['unclaim', 'vllm-project/vllm#12345', '--reason', 'needs 8 GPUs']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('dropped vllm-project/vllm#12345');
    expect(readState(home).claims[0]).toMatchObject({
      status: 'dropped',
      droppedReason: 'needs 8 GPUs',
      statusHistory: [expect.objectContaining({ status: 'claimed' }), { status: 'dropped', at: now.toISOString(), detail: 'needs 8 GPUs' }],
    });
    const again = await cli(['unclaim', 'vllm-project/vllm#12345']);
    expect(again.stdout).toContain('already dropped');
  });

  it('unclaim --forget removes it entirely', async () => {
    const r = await cli(['unclaim', 'https://github.com/vllm-project/vllm/issues/12345', '--forget']);
    expect(r.code).toBe(0);
    expect(readState(home).claims.map((c) => c.number)).toEqual([3]);
  });

  it('unclaim and note of an unclaimed issue exit 2 and write nothing', async () => {
    const before = readFileSync(stateFile(home), 'utf8');
    for (const args of [['unclaim', 'a/b#1'], ['note', 'a/b#1', 'x']]) {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('a/b#1 is not claimed');
    }
    expect(readFileSync(stateFile(home), 'utf8')).toBe(before);
  });

  it('note appends a dated note', async () => {
    await cli(['note', 'triton-lang/triton#3', 'asked', 'on', 'Slack']);
    const later = new Date('2026-02-11T08:00:00.000Z');
    await runInProcess(['note', 'triton-lang/triton#3', 'repro works'], { env, now: later });
    expect(readState(home).claims[1]).toMatchObject({
      notes: [
        { at: now.toISOString(), text: 'asked on Slack' },
        { at: later.toISOString(), text: 'repro works' },
      ],
    });
  });

  it('a state from a newer version is refused with exit 6 and left alone', async () => {
    const text = JSON.stringify({ version: 3, claims: [] });
    writeFileSync(stateFile(home), text);
    const r = await cli(['note', 'triton-lang/triton#3', 'x']);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/version 3, written by a newer oss-scout/);
    expect(readFileSync(stateFile(home), 'utf8')).toBe(text);
  });
});

describe('list (offline)', () => {
  beforeEach(async () => {
    await cli(['claim', 'vllm-project/vllm#12345', '--note', 'n1']);
    await cli(['claim', 'triton-lang/triton#3']);
    await cli(['unclaim', 'triton-lang/triton#3']);
    requests.length = 0;
  });
  afterEach(() => expect(requests).toHaveLength(0));

  it('shows active claims in a table with status and age', async () => {
    const r = await runInProcess(['list'], { env, now: new Date('2026-02-13T13:00:00.000Z') });
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^ISSUE\s+TITLE\s+STATUS\s+AGE\s+PRS$/);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^vllm-project\/vllm#12345\s+\[Bug\]: sampler.*…\s+claimed\s+3d\s+-$/);
  });

  it('--all includes dropped claims', async () => {
    const r = await cli(['list', '--all']);
    expect(r.stdout).toMatch(/triton-lang\/triton#3 .* dropped/);
  });

  it('--json has exactly the documented shape', async () => {
    const r = await cli(['list', '--json', '--all']);
    const doc = JSON.parse(r.stdout) as { claims: Record<string, unknown>[] };
    expect(Object.keys(doc)).toEqual(['claims']);
    expect(doc.claims).toHaveLength(2);
    const c = doc.claims[0] as Record<string, unknown>;
    expect(Object.keys(c).sort()).toEqual([
      'claimedAt', 'droppedReason', 'labels', 'notes', 'number', 'pullRequests', 'repo', 'status', 'statusDetail', 'statusHistory', 'title', 'url',
    ]);
    expect(c.statusHistory).toEqual([{ status: 'claimed', at: now.toISOString(), detail: 'claimed' }]);
    expect(c.statusDetail).toBe('claimed');
    expect(c.droppedReason).toBeNull();
    expect(Array.isArray(c.labels)).toBe(true);
    expect(c.notes).toEqual([{ at: now.toISOString(), text: 'n1' }]);
    const active = JSON.parse((await cli(['list', '--json'])).stdout) as { claims: unknown[] };
    expect(active.claims).toHaveLength(1);
  });

  it('never writes a token anywhere under the home folder', async () => {
    const files = readdirSync(home, { recursive: true, withFileTypes: true }).filter((d) => d.isFile());
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(readFileSync(path.join(f.parentPath, f.name), 'utf8')).not.toContain(TOKEN);
  });
});

describe('help', () => {
  it.each(['claim', 'unclaim', 'note', 'list'])('%s --help shows examples', async (name) => {
    const r = await cli([name, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain(`$ oss-scout ${name}`);
  });
});
