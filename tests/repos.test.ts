import { existsSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG, DEFAULT_BEGINNER_LABELS } from '../src/catalog/catalog.js';
import { addRepo, removeRepo } from '../src/config/repos.js';
import { runInProcess, tempHome, testEnv as baseEnv } from './helpers/cli.js';
import { assertMatchesOpenApi } from './helpers/openapi.js';
import { API, fixture } from './helpers/state.js';

// GitHub's GET /repos/{owner}/{repo}: the repositories that exist, in GitHub's spelling.
const EXISTING = ['huggingface/optimum', 'someone/new-thing', 'old/archived-one'];
const repoFixture = fixture<Record<string, unknown>>('github/rest-repository.json');
const lookups: string[] = [];
const server = setupServer(
  http.get(`${API}/repos/:owner/:repo`, ({ params }) => {
    const asked = `${String(params.owner)}/${String(params.repo)}`;
    lookups.push(asked);
    const found = EXISTING.find((r) => r.toLowerCase() === asked.toLowerCase());
    if (!found) return HttpResponse.json({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest/repos/repos#get-a-repository', status: '404' }, { status: 404 });
    const [owner, name] = found.split('/');
    return HttpResponse.json({ ...repoFixture, name, full_name: found, archived: found.includes('archived'), owner: { ...(repoFixture.owner as object), login: owner } });
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => {
  server.resetHandlers();
  lookups.length = 0;
});
afterAll(() => server.close());

const testEnv = (home: string): NodeJS.ProcessEnv => baseEnv(home, { GITHUB_API_URL: API });

interface ListJson {
  customised: boolean;
  repos: { repo: string; category: string; labels: string[] }[];
}

async function list(home: string): Promise<ListJson> {
  const r = await runInProcess(['repos', 'list', '--json'], { env: testEnv(home) });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as ListJson;
}

describe('repos command', () => {
  it('starts as the catalog', async () => {
    const l = await list(tempHome());
    expect(l.customised).toBe(false);
    expect(l.repos.map((r) => r.repo)).toEqual(CATALOG.map((e) => e.repo));
  });

  it('add / list / remove / reset round trip, stored 0600', async () => {
    const home = tempHome();
    const add = await runInProcess(['repos', 'add', 'huggingface/optimum', '--labels', 'good first issue, help wanted', '--category', 'training'], { env: testEnv(home) });
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('added huggingface/optimum');
    const file = path.join(home, 'config', 'repos.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);

    let l = await list(home);
    expect(l.customised).toBe(true);
    expect(l.repos.at(-1)).toEqual({ repo: 'huggingface/optimum', category: 'training', labels: ['good first issue', 'help wanted'] });

    const first = CATALOG[0]?.repo as string;
    const rm = await runInProcess(['repos', 'remove', first], { env: testEnv(home) });
    expect(rm.code).toBe(0);
    l = await list(home);
    expect(l.repos.map((r) => r.repo)).not.toContain(first);

    const text = await runInProcess(['repos', 'list'], { env: testEnv(home) });
    expect(text.stdout).toMatch(/^huggingface\/optimum\s+training\s+good first issue, help wanted$/m);

    const reset = await runInProcess(['repos', 'reset'], { env: testEnv(home) });
    expect(reset.code).toBe(0);
    l = await list(home);
    expect(l.repos.map((r) => r.repo)).toEqual(CATALOG.map((e) => e.repo));
  });

  it('the repository fixture matches the OpenAPI full-repository schema', () => {
    assertMatchesOpenApi('full-repository', repoFixture);
  });

  it('checks the repository on GitHub: takes its spelling and URLs, refuses one that does not exist', async () => {
    const home = tempHome();
    const url = await runInProcess(['repos', 'add', 'https://github.com/HuggingFace/Optimum'], { env: testEnv(home) });
    expect(url.code).toBe(0);
    expect(url.stdout).toContain('added huggingface/optimum');
    expect(lookups).toEqual(['HuggingFace/Optimum']);
    const gone = await runInProcess(['repos', 'add', 'nobody/nothing-here'], { env: testEnv(home) });
    expect(gone.code).toBe(2);
    expect(gone.stderr).toMatch(/^oss-scout: no such repository on GitHub: nobody\/nothing-here — /);
    expect((await list(home)).repos.some((r) => r.repo === 'nobody/nothing-here')).toBe(false);
    const archived = await runInProcess(['repos', 'add', 'old/archived-one'], { env: testEnv(home) });
    expect(archived.code).toBe(0);
    expect(archived.stderr).toContain('archived');
    const unchecked = await runInProcess(['repos', 'add', 'offline/maybe', '--no-check'], { env: testEnv(home) });
    expect(unchecked.code).toBe(0);
    expect(lookups).not.toContain('offline/maybe');
  });

  it('gives an unknown repo the default beginner labels', async () => {
    const home = tempHome();
    await runInProcess(['repos', 'add', 'someone/new-thing'], { env: testEnv(home) });
    const l = await list(home);
    expect(l.repos.find((r) => r.repo === 'someone/new-thing')?.labels).toEqual([...DEFAULT_BEGINNER_LABELS]);
  });

  it.each([
    [['repos', 'add', 'not-a-repo'], /malformed repository "not-a-repo"/],
    [['repos', 'add', 'a/b', '--category', 'gaming'], /unknown category "gaming"/],
    [['repos', 'add', 'a/b', '--labels', ''], /--labels needs at least one label/],
    [['repos', 'add', 'a/b', '--labels', ' , '], /--labels needs at least one label/],
    [['repos', 'add', 'https://gitlab.com/a/b'], /not a GitHub repository URL/],
    [['repos', 'remove', 'never/added'], /never\/added is not in your repository list/],
    [['repos', 'remove', 'a b'], /malformed repository/],
  ])('%j exits 2', async (args, message) => {
    const r = await runInProcess(args, { env: testEnv(tempHome()) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('names the file when repos.json is not ours, and no writer replaces it (reset included)', async () => {
    const home = tempHome();
    const file = path.join(home, 'config', 'repos.json');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '{"repos": "everything"}');
    for (const args of [['repos', 'add', 'a/b', '--no-check'], ['repos', 'remove', 'a/b'], ['repos', 'reset'], ['repos', 'list']]) {
      const r = await runInProcess(args, { env: testEnv(home) });
      expect({ args, code: r.code }).toEqual({ args, code: 6 });
      expect(r.stderr).toContain(`${file} is not an oss-scout repository list`);
      expect(r.stderr).toContain(`mv "${file}" "${file}.broken"`);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    expect(readFileSync(file, 'utf8')).toBe('{"repos": "everything"}');
    expect(existsSync(`${file}.bak`)).toBe(false);
  });

  it.each([
    ['[]', 'Invalid input: expected object, received array'],
    ['{"version": 2, "repos": []}', 'version: Invalid input: expected 1'],
    ['{"version": 1}', 'repos: Invalid input: expected array, received undefined'],
    ['{"version": 1, "repos": [{"category": "tooling", "labels": ["x"]}]}', 'repos.0.repo: Invalid input: expected string, received undefined'],
    ['{"version": 1, "repos": [{"repo": "just-a-name", "category": "tooling", "labels": ["x"]}]}', 'repos.0.repo: expected owner/name'],
    ['{"version": 1, "repos": [{"repo": "a/b", "category": "web", "labels": ["x"]}]}', 'repos.0.category: Invalid option: expected one of "serving"|"training"|"kernels-compilers"|"distributed-platform"|"data-eval"|"tooling"'],
    ['{"version": 1, "repos": [{"repo": "a/b", "category": "tooling", "labels": []}]}', 'repos.0.labels: Too small: expected array to have >=1 items'],
    ['{"version": 1, "repos": [{"repo": "a/b", "category": "tooling", "labels": ["x"]}, {"repo": "c/d", "category": "tooling", "labels": ["ok", ""]}]}', 'repos.1.labels.1: Too small: expected string to have >=1 characters'],
  ])('a list that is not ours says where: %s', async (text, why) => {
    const { loadRepoList } = await import('../src/config/repos.js');
    const file = path.join(tempHome(), 'repos.json');
    writeFileSync(file, text);
    const err = (await loadRepoList(file).catch((e: unknown) => e)) as Error & { exitCode?: number };
    expect(err.message).toBe(`${file} is not an oss-scout repository list (${why})`);
    expect(err.exitCode).toBe(6);
  });

  it('a valid list loads as written (unknown fields dropped)', async () => {
    const { loadRepoList } = await import('../src/config/repos.js');
    const file = path.join(tempHome(), 'repos.json');
    writeFileSync(file, '{"version": 1, "repos": [{"repo": "a/b", "category": "serving", "labels": ["good first issue"], "note": "x"}]}');
    expect(await loadRepoList(file)).toEqual({ entries: [{ repo: 'a/b', category: 'serving', labels: ['good first issue'] }], customised: true });
  });

  it('reset keeps the list it replaces as repos.json.bak', async () => {
    const home = tempHome();
    const file = path.join(home, 'config', 'repos.json');
    expect((await runInProcess(['repos', 'add', 'mine/one', '--no-check'], { env: testEnv(home) })).code).toBe(0);
    const mine = readFileSync(file, 'utf8');
    expect((await runInProcess(['repos', 'reset'], { env: testEnv(home) })).code).toBe(0);
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe(mine);
    expect(statSync(`${file}.bak`).mode & 0o777).toBe(0o600);
    expect((await list(home)).repos.map((r) => r.repo)).toEqual(CATALOG.map((e) => e.repo));
  });
});

describe('addRepo / removeRepo', () => {
  const start = [{ repo: 'vllm-project/vllm', category: 'serving' as const, labels: ['good first issue'] }];

  it('updates an existing entry case-insensitively instead of duplicating it', () => {
    const r = addRepo(start, 'VLLM-Project/vllm', { labels: ['help wanted'] });
    expect(r.action).toBe('updated');
    expect(r.entries).toEqual([{ repo: 'vllm-project/vllm', category: 'serving', labels: ['help wanted'] }]);
    expect(addRepo(start, 'vllm-project/vllm').action).toBe('unchanged');
  });

  it('removes case-insensitively', () => {
    expect(removeRepo(start, 'vllm-project/VLLM')).toEqual([]);
  });
});
