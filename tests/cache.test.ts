import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_REPO_CACHE_MAX_AGE_MS,
  createRepoCache,
  entriesFromFetchResult,
  fetchWithRepoCache,
  mergeFetchResults,
  repoCacheKeyHash,
  type RepoCacheEntry,
  type RepoCacheKey,
} from '../src/cache/index.js';
import { commentSignals, detectTaken } from '../src/core/taken.js';
import type { CatalogEntry, FetchResult, IssueRecord, RepoMeta } from '../src/core/types.js';
import { repoRoot, tempHome } from './helpers/cli.js';

const API = 'https://api.github.com';
const T0 = new Date('2026-03-01T12:00:00Z');

function meta(repo: string): RepoMeta {
  return {
    repo,
    description: `${repo} description`,
    primaryLanguage: 'Python',
    languages: ['Python'],
    topics: ['llm'],
    stars: 100,
    isArchived: false,
    isPrivate: false,
    url: `https://github.com/${repo}`,
  };
}

function issue(repo: string, number: number): IssueRecord {
  return {
    repo,
    number,
    title: `Issue ${number}`,
    url: `https://github.com/${repo}/issues/${number}`,
    body: 'body',
    author: 'someone',
    labels: ['good first issue'],
    state: 'OPEN',
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-02-01T00:00:00Z',
    commentCount: 0,
    assignees: [],
    pullRequests: [],
    comments: [],
    signalsComplete: true,
  };
}

function key(repo: string, extra: Partial<RepoCacheKey> = {}): RepoCacheKey {
  return { apiUrl: API, authenticated: true, repo, labels: ['good first issue', 'help wanted'], perRepo: 20, ...extra };
}

function entry(repo: string, fetchedAt: Date, n = 1): RepoCacheEntry {
  return {
    key: key(repo),
    meta: meta(repo),
    failure: null,
    issues: Array.from({ length: n }, (_, i) => issue(repo, i + 1)),
    fetchedAt: fetchedAt.toISOString(),
  };
}

function cacheFiles(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
}

describe('repo cache', () => {
  it('misses when empty, then hits what was put', async () => {
    const home = tempHome();
    const cache = createRepoCache(path.join(home, 'cache'));
    const first = await cache.get([key('a/b')], T0);
    expect(first.hits.size).toBe(0);
    expect(first.misses.map((k) => k.repo)).toEqual(['a/b']);

    await cache.put([entry('a/b', T0, 3)]);
    const second = await cache.get([key('a/b'), key('c/d')], new Date(T0.getTime() + 1000));
    expect([...second.hits.keys()]).toEqual(['a/b']);
    expect(second.hits.get('a/b')?.issues.map((i) => i.number)).toEqual([1, 2, 3]);
    expect(second.hits.get('a/b')?.meta?.repo).toBe('a/b');
    expect(second.misses.map((k) => k.repo)).toEqual(['c/d']);
  });

  it('expires entries by the injected clock and honours maxAgeMs', async () => {
    const cache = createRepoCache(path.join(tempHome(), 'cache'));
    await cache.put([entry('a/b', T0)]);
    const justInside = new Date(T0.getTime() + DEFAULT_REPO_CACHE_MAX_AGE_MS);
    const justOutside = new Date(T0.getTime() + DEFAULT_REPO_CACHE_MAX_AGE_MS + 1);
    expect((await cache.get([key('a/b')], justInside)).hits.size).toBe(1);
    expect((await cache.get([key('a/b')], justOutside)).hits.size).toBe(0);
    expect((await cache.get([key('a/b')], justOutside, 60 * 60_000)).hits.size).toBe(1);
    expect((await cache.get([key('a/b')], new Date('2030-01-01T00:00:00Z'), Infinity)).hits.size).toBe(1);
    // An entry from the future (clock skew beyond a minute) is not trusted.
    expect((await cache.get([key('a/b')], new Date(T0.getTime() - 5 * 60_000))).hits.size).toBe(0);
  });

  it('keys on API host, authentication, labels and perRepo; label order and repo case do not matter', async () => {
    const cache = createRepoCache(path.join(tempHome(), 'cache'));
    await cache.put([entry('Org/Repo', T0)]);
    const now = new Date(T0.getTime() + 1000);
    const hit = async (k: RepoCacheKey): Promise<boolean> => (await cache.get([k], now)).hits.size === 1;
    expect(await hit(key('org/repo', { labels: ['help wanted', 'good first issue', 'help wanted'] }))).toBe(true);
    expect(await hit(key('Org/Repo', { apiUrl: `${API}/` }))).toBe(true);
    expect(await hit(key('Org/Repo', { authenticated: false }))).toBe(false);
    expect(await hit(key('Org/Repo', { perRepo: 50 }))).toBe(false);
    expect(await hit(key('Org/Repo', { labels: ['good first issue'] }))).toBe(false);
    expect(await hit(key('Org/Repo', { apiUrl: 'https://ghe.example.com/api/v3' }))).toBe(false);
    expect(repoCacheKeyHash(key('a/b'))).toMatch(/^[0-9a-f]{64}$/);
  });

  it('treats corrupt, truncated, wrong-version and wrong-shape entries as misses', async () => {
    const dir = path.join(tempHome(), 'cache');
    const cache = createRepoCache(dir);
    const k = key('a/b');
    const file = path.join(cache.dir, `${repoCacheKeyHash(k)}.json`);
    await cache.put([entry('a/b', T0)]);
    const good = readFileSync(file, 'utf8');
    const now = new Date(T0.getTime() + 1000);
    const variants = [
      '',
      '{',
      good.slice(0, Math.floor(good.length / 2)),
      'null',
      '[]',
      '"text"',
      '\u0000\u0001binary',
      JSON.stringify({ ...JSON.parse(good), version: 999 }),
      JSON.stringify({ ...JSON.parse(good), format: 'something-else' }),
      JSON.stringify({ ...JSON.parse(good), issues: [{ number: 'one' }] }),
      JSON.stringify({ ...JSON.parse(good), meta: { repo: 5 } }),
      JSON.stringify({ ...JSON.parse(good), fetchedAt: 'yesterday' }),
      JSON.stringify({ ...JSON.parse(good), key: { ...JSON.parse(good).key, repo: 'other/repo' } }),
    ];
    for (const v of variants) {
      writeFileSync(file, v);
      const r = await cache.get([k], now);
      expect(r.hits.size, `variant ${JSON.stringify(v.slice(0, 40))}`).toBe(0);
      expect(r.misses).toHaveLength(1);
    }
    // The good entry still reads back after all that.
    writeFileSync(file, good);
    expect((await cache.get([k], now)).hits.size).toBe(1);
  });

  it('writes private files in a private directory, with no token anywhere', async () => {
    const home = tempHome();
    const cacheDir = path.join(home, 'cache');
    const cache = createRepoCache(cacheDir);
    await cache.put([entry('a/b', T0), entry('c/d', T0)]);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(statSync(cache.dir).mode & 0o777).toBe(0o700);
    const files = cacheFiles(cache.dir);
    expect(files).toHaveLength(2);
    for (const f of files) {
      expect(statSync(path.join(cache.dir, f)).mode & 0o777).toBe(0o600);
      const text = readFileSync(path.join(cache.dir, f), 'utf8');
      expect(text).not.toMatch(/token|ghp_|authorization/i);
    }
  });

  it('survives many concurrent writers to the same entries in one process', async () => {
    const cache = createRepoCache(path.join(tempHome(), 'cache'));
    const writes = Array.from({ length: 20 }, (_, i) => cache.put([entry('a/b', T0, (i % 5) + 1), entry('c/d', T0, i + 1)]));
    const reads = Array.from({ length: 20 }, () => cache.get([key('a/b'), key('c/d')], T0));
    await Promise.all([...writes, ...reads]);
    const r = await cache.get([key('a/b'), key('c/d')], T0);
    expect(r.hits.size).toBe(2);
    expect(cacheFiles(cache.dir)).toHaveLength(2);
  });

  it('is safe with concurrent writer processes: readers see whole entries, never a crash', async () => {
    const cacheDir = path.join(tempHome(), 'cache');
    const writer = path.join(tempHome('oss-scout-writer-'), 'writer.mts');
    const moduleUrl = new URL(`file://${path.join(repoRoot, 'src/cache/index.ts')}`).href;
    writeFileSync(
      writer,
      `import { createRepoCache } from ${JSON.stringify(moduleUrl)};
const cache = createRepoCache(${JSON.stringify(cacheDir)});
const n = Number(process.argv[2]);
const big = 'x'.repeat(50_000);
for (let i = 0; i < 25; i += 1) {
  await cache.put([{ key: { apiUrl: 'https://api.github.com', authenticated: true, repo: 'a/b', labels: ['good first issue', 'help wanted'], perRepo: 20 },
    meta: { repo: 'a/b', description: big, primaryLanguage: null, languages: [], topics: [], stars: n, isArchived: false, isPrivate: false, url: 'u' },
    failure: null, issues: [], fetchedAt: ${JSON.stringify(T0.toISOString())} }]);
}
`,
    );
    const tsxCli = path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');
    const runWriter = (n: number): Promise<number> =>
      new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [tsxCli, writer, String(n)], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        child.stderr.on('data', (d: Buffer) => (err += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => (code === 0 ? resolve(code) : reject(new Error(`writer ${n} exited ${code}: ${err}`))));
      });
    const cache = createRepoCache(cacheDir);
    let done = false;
    const seen = new Set<number>();
    const reader = (async () => {
      for (let i = 0; i < 2000 && !done; i += 1) {
        const r = await cache.get([key('a/b')], T0);
        const e = r.hits.get('a/b');
        if (e) {
          expect(e.meta?.description).toHaveLength(50_000);
          seen.add(e.meta?.stars ?? -1);
        }
        await new Promise((res) => setTimeout(res, 2));
      }
    })();
    await Promise.all([1, 2, 3, 4].map(runWriter));
    done = true;
    await reader;
    const final = await cache.get([key('a/b')], T0);
    expect([1, 2, 3, 4]).toContain(final.hits.get('a/b')?.meta?.stars);
    expect(seen.size).toBeGreaterThan(0);
    for (const s of seen) expect([1, 2, 3, 4]).toContain(s);
    // Only the entry is left: every temp file was renamed into place.
    expect(readdirSync(cache.dir).filter((n) => n !== '.last-prune')).toHaveLength(1);
  });

  it('writes sweep out entries older than a week, at most once a day, temp files of killed writers included', async () => {
    const cache = createRepoCache(path.join(tempHome(), 'cache'));
    await cache.put([entry('keep/one', new Date())]);
    const dayMs = 24 * 3_600_000;
    const age = (file: string, ms: number): void => {
      const t = new Date(Date.now() - ms);
      utimesSync(file, t, t);
    };
    const stale = path.join(cache.dir, `${'a'.repeat(64)}.json`);
    const orphan = path.join(cache.dir, `${'b'.repeat(64)}.json.4242.x1.tmp`);
    const recent = path.join(cache.dir, `${'c'.repeat(64)}.json`);
    for (const f of [stale, orphan, recent]) writeFileSync(f, '{}');
    age(stale, 8 * dayMs);
    age(orphan, 8 * dayMs);
    age(recent, 6 * dayMs);
    // The first write swept when the directory was new; a day later the next process's write sweeps again.
    age(path.join(cache.dir, '.last-prune'), dayMs + 60_000);
    const later = createRepoCache(path.join(cache.dir, '..'));
    // Same process: already checked this directory, so no second sweep (bounded cost per run).
    await later.put([entry('keep/two', new Date())]);
    expect(existsSync(stale)).toBe(true);
    // A fresh process sweeps: run the write in one.
    const moduleUrl = pathToFileURL(path.join(repoRoot, 'src/cache/repo-cache.ts')).href;
    const script = `import { createRepoCache } from ${JSON.stringify(moduleUrl)};
await createRepoCache(${JSON.stringify(path.join(cache.dir, '..'))}).put([${JSON.stringify(entry('keep/three', new Date()))}]);`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot, encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(0);
    expect([existsSync(stale), existsSync(orphan), existsSync(recent)]).toEqual([false, false, true]);
    expect(readdirSync(cache.dir).filter((n) => n.endsWith('.json'))).toHaveLength(4);
    // Swept just now: another process's write does not sweep again today.
    writeFileSync(stale, '{}');
    age(stale, 8 * dayMs);
    expect(spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoRoot }).status).toBe(0);
    expect(existsSync(stale)).toBe(true);
  }, 60_000);

  it('prune removes old entries only', async () => {
    const cache = createRepoCache(path.join(tempHome(), 'cache'));
    await cache.put([entry('a/b', T0)]);
    expect(await cache.prune(new Date(Date.now() + 1000), 60 * 60_000)).toBe(0);
    expect(await cache.prune(new Date(Date.now() + 2 * 60 * 60_000), 60 * 60_000)).toBe(1);
    expect(cacheFiles(cache.dir)).toHaveLength(0);
    // Pruning a directory that does not exist is fine.
    expect(await createRepoCache(path.join(tempHome(), 'nothing')).prune(new Date())).toBe(0);
  });

  it('a cache directory that cannot be created is reported by put, and get still misses', async () => {
    const home = tempHome();
    const blocker = path.join(home, 'cache');
    writeFileSync(blocker, 'a file where the directory should be');
    const cache = createRepoCache(blocker);
    await expect(cache.put([entry('a/b', T0)])).rejects.toThrow();
    expect((await cache.get([key('a/b')], T0)).misses).toHaveLength(1);
  });
});

describe('taken-detection bits stored with an entry', () => {
  const BODIES = ['Hi, can I work on this?', 'Thanks for the report.', "Sorry, I'm no longer working on this.", 'Feel free to pick this up.', 'This is still up for grabs.'];
  function withComments(repo: string): RepoCacheEntry {
    const e = entry(repo, T0, 2);
    const comments = BODIES.map((body, i) => ({ author: `user${i}`, authorAssociation: 'NONE', body, createdAt: `2026-02-2${i}T00:00:00Z` }));
    e.issues[0] = { ...e.issues[0]!, comments, commentCount: comments.length };
    return e;
  }
  const fileOf = (cache: { dir: string }): string => path.join(cache.dir, cacheFiles(cache.dir)[0]!);
  const verdict = (i: IssueRecord) => detectTaken(i, { now: T0, claimWindowDays: 30 });

  it('are written per issue and comment, as core/taken.ts reads each body', async () => {
    const cache = createRepoCache(path.join(tempHome(), 'cache'));
    await cache.put([withComments('a/b')]);
    const stored = JSON.parse(readFileSync(fileOf(cache), 'utf8')) as { commentSignals: { version: string; bits: number[][] } };
    expect(stored.commentSignals.version).toMatch(/^[0-9a-f]{64}$/);
    expect(stored.commentSignals.bits).toEqual([BODIES.map(commentSignals), []]);
    expect(stored.commentSignals.bits[0]).toEqual([1, 0, 2, 8, 2 | 4]);
  });

  it('are what a cached issue is judged by, under the same version only; misfits are ignored, never thrown', async () => {
    const cache = createRepoCache(path.join(tempHome(), 'cache'));
    await cache.put([withComments('a/b')]);
    const file = fileOf(cache);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { commentSignals: { version: string; bits: number[][] } };
    const later = new Date(T0.getTime() + 1000);
    const read = async (): Promise<IssueRecord> => (await cache.get([key('a/b')], later)).hits.get('a/b')!.issues[0]!;
    // The stored bits are used as they are: marked as a claim, the "thanks" comment makes the issue claimed.
    const tampered = (version: string, bits: unknown) => writeFileSync(file, JSON.stringify({ ...stored, commentSignals: { version, bits } }));
    tampered(stored.commentSignals.version, [[1, 1, 0, 0, 0], []]);
    expect(verdict(await read()).reasons).toEqual(['claimed by @user1 8 days ago']);
    // Another version, or bits that do not fit the comments: each body is read again.
    for (const [version, bits] of [
      ['0'.repeat(64), [[1, 1, 0, 0, 0], []]],
      [stored.commentSignals.version, [[1, 1, 0, 0], []]],
      [stored.commentSignals.version, [[1, 1, 0, 0, 'x'], []]],
      [stored.commentSignals.version, [[1, 1, 0, 0, 0]]],
      [stored.commentSignals.version, 'junk'],
    ] as const) {
      tampered(version, bits);
      expect(verdict(await read()).reasons).toEqual(['claimed by @user0 9 days ago']);
    }
    // An entry without bits (written before they were stored) is judged by reading the bodies.
    writeFileSync(file, JSON.stringify({ ...stored, commentSignals: undefined }));
    expect(verdict(await read()).reasons).toEqual(['claimed by @user0 9 days ago']);
  });
});

describe('fetchWithRepoCache', () => {
  const entries: CatalogEntry[] = ['a/one', 'b/two', 'c/three'].map((repo) => ({
    repo,
    category: 'serving',
    labels: ['good first issue', 'help wanted'],
  }));
  const items = entries.map((e) => ({ key: key(e.repo), item: e }));

  function fakeFetch(calls: string[][]): (missing: CatalogEntry[]) => Promise<FetchResult> {
    return async (missing) => {
      calls.push(missing.map((m) => m.repo));
      return {
        fetchedAt: T0.toISOString(),
        repos: missing.filter((m) => m.repo !== 'c/three').map((m) => meta(m.repo)),
        issues: missing.filter((m) => m.repo !== 'c/three').map((m) => issue(m.repo, 7)),
        failures: missing.filter((m) => m.repo === 'c/three').map((m) => ({ repo: m.repo, kind: 'rate-limited' as const, message: 'later' })),
      };
    };
  }

  it('cold fetches everything once, warm fetches nothing, partly warm fetches only the misses', async () => {
    const cache = createRepoCache(path.join(tempHome(), 'cache'));
    const calls: string[][] = [];
    const cold = await fetchWithRepoCache(items, fakeFetch(calls), { cache, now: T0 });
    expect(await cold.written).toBeUndefined();
    expect(calls).toEqual([['a/one', 'b/two', 'c/three']]);
    expect(cold.result.repos.map((r) => r.repo)).toEqual(['a/one', 'b/two']);
    expect(cold.result.failures.map((f) => f.repo)).toEqual(['c/three']);

    // c/three failed transiently, so it is not cached: the next run asks for it alone.
    const later = new Date(T0.getTime() + 60_000);
    const warm = await fetchWithRepoCache(items, fakeFetch(calls), { cache, now: later });
    await warm.written;
    expect(calls[1]).toEqual(['c/three']);
    expect(warm.cached.sort()).toEqual(['a/one', 'b/two']);
    expect(warm.result.issues.map((i) => i.repo)).toEqual(['a/one', 'b/two']);

    const twoOnly = items.slice(0, 2);
    const allWarm = await fetchWithRepoCache(twoOnly, fakeFetch(calls), { cache, now: later });
    expect(calls).toHaveLength(2);
    expect(allWarm.fetched).toEqual([]);
    expect(allWarm.result.repos.map((r) => r.repo)).toEqual(['a/one', 'b/two']);
    expect(allWarm.result.fetchedAt).toBe(T0.toISOString());

    await fetchWithRepoCache(twoOnly, fakeFetch(calls), { cache, now: later, refresh: true });
    expect(calls[2]).toEqual(['a/one', 'b/two']);
  });

  it('offline uses entries of any age and never fetches; misses become failures', async () => {
    const cache = createRepoCache(path.join(tempHome(), 'cache'));
    const calls: string[][] = [];
    await (await fetchWithRepoCache(items.slice(0, 1), fakeFetch(calls), { cache, now: T0 })).written;
    const muchLater = new Date(T0.getTime() + 30 * 24 * 3_600_000);
    const off = await fetchWithRepoCache(items, fakeFetch(calls), { cache, now: muchLater, offline: true });
    expect(calls).toHaveLength(1);
    expect(off.result.repos.map((r) => r.repo)).toEqual(['a/one']);
    expect(off.result.failures.map((f) => f.repo)).toEqual(['b/two', 'c/three']);
  });

  it('entries settled while the fetch goes on are written while it waits; the rest once `written` settles; one failed write is reported', async () => {
    const cache = createRepoCache(path.join(tempHome(), 'cache'));
    const part = (repos: string[]): FetchResult => ({
      fetchedAt: T0.toISOString(),
      repos: repos.map(meta),
      issues: repos.map((r) => issue(r, 7)),
      failures: [],
    });
    let onDiskWhileFetching: string[] = [];
    const cold = await fetchWithRepoCache(
      items.slice(0, 2),
      async (_missing, _cached, settle) => {
        settle(part(['a/one']));
        // The early write runs while the fetcher still waits (for its last round trip, in a search).
        await new Promise((resolve) => setTimeout(resolve, 50));
        onDiskWhileFetching = cacheFiles(cache.dir);
        return part(['a/one', 'b/two']);
      },
      { cache, now: T0 },
    );
    expect(onDiskWhileFetching).toHaveLength(1);
    expect(await cold.written).toBeUndefined();
    expect(cacheFiles(cache.dir)).toHaveLength(2);
    expect(cold.entries.map((e) => e.key.repo).sort()).toEqual(['a/one', 'b/two']);
    const warm = await cache.get([key('a/one'), key('b/two')], T0);
    expect([...warm.hits.keys()].sort()).toEqual(['a/one', 'b/two']);

    // A cache directory that cannot be written: the early write fails, and says so (the result still comes back).
    const blocked = path.join(tempHome(), 'blocked');
    writeFileSync(blocked, 'a file where the cache directory should be');
    const broken = createRepoCache(blocked);
    const r = await fetchWithRepoCache(items.slice(0, 2), async (_m, _c, settle) => {
      settle(part(['a/one']));
      return part(['a/one', 'b/two']);
    }, { cache: broken, now: T0 });
    expect(await r.written).toBeInstanceOf(Error);
    expect(r.result.repos.map((x) => x.repo)).toEqual(['a/one', 'b/two']);
  });

  it('caches not-found as a result and keeps order in merges', () => {
    const fresh: FetchResult = {
      fetchedAt: T0.toISOString(),
      repos: [meta('a/one')],
      issues: [issue('a/one', 1)],
      failures: [{ repo: 'b/two', kind: 'not-found', message: 'gone' }],
    };
    const made = entriesFromFetchResult(fresh, [key('a/one'), key('b/two'), key('c/three')]);
    expect(made.map((e) => [e.key.repo, e.meta?.repo ?? null, e.failure?.kind ?? null])).toEqual([
      ['a/one', 'a/one', null],
      ['b/two', null, 'not-found'],
    ]);
    const merged = mergeFetchResults(['b/two', 'a/one'], made, undefined, T0);
    expect(merged.failures.map((f) => f.repo)).toEqual(['b/two']);
    expect(merged.repos.map((r) => r.repo)).toEqual(['a/one']);
  });

  it('keeps results returned under another name (renamed repository)', () => {
    const fresh: FetchResult = { fetchedAt: T0.toISOString(), repos: [meta('new/name')], issues: [issue('new/name', 1)], failures: [] };
    const merged = mergeFetchResults(['old/name'], [], fresh, T0);
    expect(merged.repos.map((r) => r.repo)).toEqual(['new/name']);
    expect(merged.issues).toHaveLength(1);
  });
});

describe('cache layout', () => {
  it('keeps repo entries under <cacheDir>/repos', async () => {
    const cacheDir = path.join(tempHome(), 'cache');
    mkdirSync(cacheDir, { recursive: true });
    const cache = createRepoCache(cacheDir);
    expect(cache.dir).toBe(path.join(cacheDir, 'repos'));
  });
});
