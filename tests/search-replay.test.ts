// A repeated search prints what the identical search printed (src/search/replay.ts): the rules in unit
// tests, and the built CLI (bin/oss-scout.js) against the stand-in GitHub over loopback, where the
// fast path runs.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStandInServer, type StandInServer } from '../bench/stand-in-server.js';
import { quickSearchArgs } from '../src/cli/search-args.js';
import { ghHostsFile, resolveToken } from '../src/github/token.js';
import { startReadLog, takeReadLog } from '../src/io/read-log.js';
import { findReplay, keepReplay, replayFile, replayKey, safeToPrint } from '../src/search/replay.js';
import { binPath, repoRoot, runSubprocess, tempHome, testEnv } from './helpers/cli.js';

const pipes = { stdout: { isTTY: false }, stderr: { isTTY: false } };

describe('which searches are replayed', () => {
  it('search with flags that change only what is printed', () => {
    for (const args of [
      ['search'],
      ['search', '--json', '--skills', 'cuda', '--limit=5', '--repos', 'a/b', '--api-url', 'http://x'],
      ['search', '--explain', '--include-taken', '--per-repo', '50', '--timeout=9'],
    ]) {
      expect(quickSearchArgs(args)?.replayable, args.join(' ')).toBe(true);
    }
  });

  it('not with a flag that fetches, reads a file, or says more; not another command; not a malformed list', () => {
    for (const args of [
      ['search', '--refresh'],
      ['search', '--offline'],
      ['search', '--snapshot', 'x.json'],
      ['search', '--save-snapshot', 'x.json'],
      ['search', '--verbose'],
      ['search', '--debug'],
      ['search', '--token', 'ghp_x'],
      ['search', '--help'],
      ['search', 'extra'],
      ['search', '--skills'],
      ['search', '--json=1'],
      ['list'],
      ['claim', 'a/b#1'],
    ]) {
      expect(quickSearchArgs(args)?.replayable ?? false, args.join(' ')).toBe(false);
    }
  });

  it('the key changes with the arguments, the variables that matter, the terminals and the version; never holds a token', () => {
    const base = replayKey(['search'], { GH_TOKEN: 'ghp_secret0000' }, pipes, '1.0.0');
    expect(replayKey(['search'], { GH_TOKEN: 'ghp_other00000' }, pipes, '1.0.0')).toBe(base);
    expect(replayKey(['search'], { GH_TOKEN: 'ghp_secret0000', PWD: '/elsewhere' }, pipes, '1.0.0')).toBe(base);
    const different = [
      replayKey(['search', '--json'], { GH_TOKEN: 'ghp_secret0000' }, pipes, '1.0.0'),
      replayKey(['search'], {}, pipes, '1.0.0'),
      replayKey(['search'], { GH_TOKEN: 'ghp_secret0000', GITHUB_API_URL: 'https://ghe.example/api/v3' }, pipes, '1.0.0'),
      replayKey(['search'], { GH_TOKEN: 'ghp_secret0000', NO_COLOR: '1' }, pipes, '1.0.0'),
      replayKey(['search'], { GH_TOKEN: 'ghp_secret0000' }, { ...pipes, stdout: { isTTY: true, columns: 80 } }, '1.0.0'),
      replayKey(['search'], { GH_TOKEN: 'ghp_secret0000' }, { ...pipes, stdout: { isTTY: true, columns: 120 } }, '1.0.0'),
      replayKey(['search'], { GH_TOKEN: 'ghp_secret0000' }, pipes, '1.0.1'),
      // Where the files it read live.
      replayKey(['search'], { GH_TOKEN: 'ghp_secret0000', XDG_CONFIG_HOME: '/elsewhere' }, pipes, '1.0.0'),
      replayKey(['search'], { GH_TOKEN: 'ghp_secret0000', GH_CONFIG_DIR: '/elsewhere' }, pipes, '1.0.0'),
    ];
    expect(new Set([base, ...different]).size).toBe(different.length + 1);
    expect(base).not.toContain('secret');
  });

  it('printing a kept text keeps colour and strips every other escape, control, bidi and invisible character', () => {
    expect(safeToPrint('\u001b[1mtitle\u001b[22m ok\n')).toBe('\u001b[1mtitle\u001b[22m ok\n');
    expect(safeToPrint('a\u001b]8;;http://x\u0007b\u001b[2Jc\u202ed\u200be\r\n')).toBe('abcde\n');
  });
});

describe('what a search read, for its kept output', () => {
  it("gh's host list when gh was asked for the token (its login state), not when the token came from a variable", async () => {
    const env = { HOME: '/home/u', OSS_SCOUT_NO_GH: undefined };
    startReadLog();
    await resolveToken(undefined, { ...env, GH_TOKEN: 'ghp_x000' }, 'https://api.github.com', () => Promise.resolve('from-gh'));
    expect(takeReadLog()).toEqual([]);
    startReadLog();
    const got = await resolveToken(undefined, env, 'https://api.github.com', () => Promise.resolve('from-gh'));
    expect(got.source).toBe('gh auth token');
    expect(takeReadLog()).toEqual([ghHostsFile(env)]);
    expect(ghHostsFile({ GH_CONFIG_DIR: '/cfg/gh' })).toBe(path.join('/cfg/gh', 'hosts.yml'));
    expect(ghHostsFile({ HOME: '/home/u', XDG_CONFIG_HOME: '/x' })).toBe(path.join('/x', 'gh', 'hosts.yml'));
  });
});

describe('the kept outputs', () => {
  const written: [1 | 2, string][] = [
    [2, 'oss-scout: a notice\n'],
    [1, 'the table\n'],
  ];

  function setUp() {
    const home = tempHome();
    const cacheDir = path.join(home, 'cache');
    const input = path.join(home, 'profile.json');
    writeFileSync(input, '{}');
    const absent = path.join(home, 'repos.json');
    return { home, cacheDir, input, absent };
  }

  it('found for the same key while fresh and unchanged, in the order written', async () => {
    const { cacheDir, input, absent } = setUp();
    await keepReplay(cacheDir, { key: 'k', validUntil: Date.now() + 60_000, files: [input, absent], written });
    expect(findReplay(cacheDir, 'k', Date.now())).toEqual(written);
    expect(findReplay(cacheDir, 'other', Date.now())).toBeUndefined();
    expect(findReplay(cacheDir, 'k', Date.now() + 61_000)).toBeUndefined();
  });

  it('not once a file it read changed, appeared or went', async () => {
    const { cacheDir, input, absent } = setUp();
    await keepReplay(cacheDir, { key: 'k', validUntil: Date.now() + 60_000, files: [input, absent], written });
    const later = new Date(statSync(input).mtimeMs + 5_000);
    utimesSync(input, later, later);
    expect(findReplay(cacheDir, 'k', Date.now())).toBeUndefined();

    await keepReplay(cacheDir, { key: 'k', validUntil: Date.now() + 60_000, files: [input, absent], written });
    expect(findReplay(cacheDir, 'k', Date.now())).toEqual(written);
    writeFileSync(absent, '{}');
    expect(findReplay(cacheDir, 'k', Date.now())).toBeUndefined();
  });

  it('keeps the eight most recent searches; a corrupt file is no output, and is replaced', async () => {
    const { cacheDir, input } = setUp();
    for (let i = 0; i < 10; i++) await keepReplay(cacheDir, { key: `k${i}`, validUntil: Date.now() + 60_000, files: [input], written });
    expect(findReplay(cacheDir, 'k9', Date.now())).toBeDefined();
    expect(findReplay(cacheDir, 'k2', Date.now())).toBeDefined();
    expect(findReplay(cacheDir, 'k1', Date.now())).toBeUndefined();
    writeFileSync(replayFile(cacheDir), '{"format":');
    expect(findReplay(cacheDir, 'k9', Date.now())).toBeUndefined();
    await keepReplay(cacheDir, { key: 'k', validUntil: Date.now() + 60_000, files: [input], written });
    expect(findReplay(cacheDir, 'k', Date.now())).toEqual(written);
  });

  it('a cache folder that cannot be written costs only the shortcut', async () => {
    const { home, input } = setUp();
    const blocked = path.join(home, 'not-a-dir');
    writeFileSync(blocked, 'x');
    await expect(keepReplay(path.join(blocked, 'cache'), { key: 'k', validUntil: Date.now() + 60_000, files: [input], written })).resolves.toBeUndefined();
  });
});

describe('the built CLI, repeating a search', () => {
  let server: StandInServer;
  beforeAll(async () => {
    server = await startStandInServer({ delayMs: 0, issueCounts: { 'vllm-project/vllm': 30, 'sgl-project/sglang': 12 } });
  });
  afterAll(async () => {
    await server.close();
  });

  const REPOS = 'vllm-project/vllm,sgl-project/sglang';
  const env = (home: string) => testEnv(home, { GH_TOKEN: 'bench-token', GITHUB_API_URL: server.url });
  const run = (home: string, args: string[]) => runSubprocess(args, { env: env(home), timeoutMs: 30_000 });
  const requestsDuring = async (fn: () => Promise<unknown>): Promise<number> => {
    const before = server.stats.requests;
    await fn();
    return server.stats.requests - before;
  };

  it('prints the same output again without a request, and without running the search (its kept output is not rewritten)', async () => {
    const home = tempHome();
    const args = ['search', '--repos', REPOS, '--skills', 'cuda', '--limit', '5'];
    let first = { code: -1, stdout: '', stderr: '' };
    expect(await requestsDuring(async () => (first = await run(home, args)))).toBeGreaterThan(0);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/vllm-project\/vllm/);
    const kept = replayFile(path.join(home, 'cache'));
    const keptBefore = statSync(kept);

    let second = { code: -1, stdout: '', stderr: '' };
    expect(await requestsDuring(async () => (second = await run(home, args)))).toBe(0);
    expect(second).toEqual(first);
    const keptAfter = statSync(kept);
    expect([keptAfter.ino, keptAfter.mtimeMs]).toEqual([keptBefore.ino, keptBefore.mtimeMs]);
  });

  it('a changed profile, other flags or --refresh run the search again', async () => {
    const home = tempHome();
    const args = ['search', '--repos', REPOS, '--json'];
    const first = await run(home, args);
    expect(first.code).toBe(0);
    const kept = replayFile(path.join(home, 'cache'));
    const keptAt = statSync(kept).mtimeMs;

    // The profile is one of the files the search read: once it changes, the kept output is not used.
    mkdirSync(path.join(home, 'config'), { recursive: true });
    expect((await run(home, ['profile', 'set', '--skills', 'rust'])).code).toBe(0);
    const afterProfile = await run(home, args);
    expect(afterProfile.code).toBe(0);
    expect(statSync(kept).mtimeMs).toBeGreaterThan(keptAt);

    // Other flags are another search; --refresh always fetches.
    expect(await requestsDuring(() => run(home, [...args, '--limit', '3']))).toBe(0);
    expect(await requestsDuring(() => run(home, [...args, '--refresh']))).toBeGreaterThan(0);
  });

  it('a replayed output cut short by a closed pipe ends quietly', async () => {
    const home = tempHome();
    const args = ['search', '--repos', REPOS, '--json'];
    expect((await run(home, args)).code).toBe(0);
    const keptFile = replayFile(path.join(home, 'cache'));
    const kept = JSON.parse(readFileSync(keptFile, 'utf8')) as { outputs: unknown[] };
    expect(kept.outputs).toHaveLength(1);
    const keptAt = statSync(keptFile).mtimeMs;
    // A closed stdout from the start: the write fails with EPIPE.
    const child = spawn(process.execPath, [binPath, ...args], { env: env(home), cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    expect(code).toBe(0);
    expect(stderr).not.toMatch(/EPIPE|at /);
    // It was the kept output (the full search would have kept its own again).
    expect(statSync(keptFile).mtimeMs).toBe(keptAt);
  });
});
