import { existsSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG, DEFAULT_BEGINNER_LABELS } from '../src/catalog/catalog.js';
import { addRepo, removeRepo } from '../src/config/repos.js';
import { runInProcess, tempHome, testEnv } from './helpers/cli.js';

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

  it('gives an unknown repo the default beginner labels', async () => {
    const home = tempHome();
    await runInProcess(['repos', 'add', 'someone/new-thing'], { env: testEnv(home) });
    const l = await list(home);
    expect(l.repos.find((r) => r.repo === 'someone/new-thing')?.labels).toEqual([...DEFAULT_BEGINNER_LABELS]);
  });

  it.each([
    [['repos', 'add', 'not-a-repo'], /malformed repository "not-a-repo"/],
    [['repos', 'add', 'a/b', '--category', 'gaming'], /unknown category "gaming"/],
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
    for (const args of [['repos', 'add', 'a/b'], ['repos', 'remove', 'a/b'], ['repos', 'reset'], ['repos', 'list']]) {
      const r = await runInProcess(args, { env: testEnv(home) });
      expect({ args, code: r.code }).toEqual({ args, code: 6 });
      expect(r.stderr).toContain(`${file} is not an oss-scout repository list`);
      expect(r.stderr).toContain(`mv "${file}" "${file}.broken"`);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
    expect(readFileSync(file, 'utf8')).toBe('{"repos": "everything"}');
    expect(existsSync(`${file}.bak`)).toBe(false);
  });

  it('reset keeps the list it replaces as repos.json.bak', async () => {
    const home = tempHome();
    const file = path.join(home, 'config', 'repos.json');
    expect((await runInProcess(['repos', 'add', 'mine/one'], { env: testEnv(home) })).code).toBe(0);
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
