import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import type { CliContext, GlobalOptions } from '../src/context.js';
import { addGlobalOptions } from '../src/cli/global-options.js';
import { parseSearchOptions, register } from '../src/cli/search.js';
import { DEFAULT_LIMIT, type SearchOptions } from '../src/search/options.js';
import { runInProcess, tempHome, testEnv } from './helpers/cli.js';

/** argv -> options through the real Commander wiring, with the runner swapped out: no network. */
async function parseArgv(args: string[]): Promise<{ options: SearchOptions; globals: GlobalOptions }> {
  const ctx: CliContext = { env: {}, stdout: { write: () => true }, stderr: { write: () => true }, now: () => new Date(), cwd: '/' };
  const program = addGlobalOptions(new Command('oss-scout').exitOverride());
  let captured: { options: SearchOptions; globals: GlobalOptions } | undefined;
  register(program, ctx, async (options, globals) => {
    captured = { options, globals };
  });
  await program.parseAsync(['node', 'oss-scout', ...args]);
  if (!captured) throw new Error('runner not called');
  return captured;
}

describe('search options', () => {
  it('has defaults', async () => {
    const { options } = await parseArgv(['search']);
    expect(options).toEqual({
      skills: undefined,
      repos: undefined,
      labels: undefined,
      limit: DEFAULT_LIMIT,
      includeTaken: false,
      json: false,
      explain: false,
      snapshot: undefined,
      saveSnapshot: undefined,
      claimWindowDays: 30,
      perRepo: 300,
      refresh: false,
      offline: false,
      includePrivate: false,
    });
  });

  it('parses every flag, and the global ones', async () => {
    const { options, globals } = await parseArgv([
      '--api-url', 'https://ghe.example.com/api/v3', '--verbose',
      'search', '--skills', 'CUDA:3, python', '--repos', 'vllm-project/vllm,ggml-org/llama.cpp,VLLM-project/vllm',
      '--labels', 'good first issue,help wanted', '--limit', '5', '--include-taken', '--json', '--explain',
      '--snapshot', 'a.json', '--save-snapshot', 'b.json', '--claim-window', '14', '--per-repo', '50',
      '--refresh', '--include-private',
    ]);
    expect(options).toEqual({
      skills: [{ name: 'cuda', weight: 3 }, { name: 'python', weight: 2 }],
      repos: ['vllm-project/vllm', 'ggml-org/llama.cpp'],
      labels: ['good first issue', 'help wanted'],
      limit: 5,
      includeTaken: true,
      json: true,
      explain: true,
      snapshot: 'a.json',
      saveSnapshot: 'b.json',
      claimWindowDays: 14,
      perRepo: 50,
      refresh: true,
      offline: false,
      includePrivate: true,
    });
    expect(globals).toMatchObject({ apiUrl: 'https://ghe.example.com/api/v3', verbose: true });
  });

  it.each([
    [{ limit: '0' }, /--limit/],
    [{ limit: '2.5' }, /--limit/],
    [{ limit: 'ten' }, /--limit/],
    [{ perRepo: '1001' }, /--per-repo/],
    [{ refresh: true, offline: true }, /--refresh and --offline/],
    [{ claimWindow: '-1' }, /--claim-window/],
    [{ repos: 'vllm' }, /malformed repository "vllm"/],
    [{ repos: ' , ' }, /--repos needs/],
    [{ skills: 'cuda:7' }, /weight/],
    [{ labels: ',' }, /--labels needs/],
  ])('rejects %o', (raw, message) => {
    expect(() => parseSearchOptions(raw)).toThrow(message);
    try {
      parseSearchOptions(raw);
    } catch (e) {
      expect((e as { exitCode: number }).exitCode).toBe(2);
    }
  });
});

describe('search usage errors through the CLI', () => {
  it('exits 2 on a malformed --repos entry before any request', async () => {
    const r = await runInProcess(['search', '--repos', 'vllm-project/vllm,not a repo'], { env: testEnv(tempHome(), { GH_TOKEN: 'test-token' }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('malformed repository "not a repo"');
    expect(r.stdout).toBe('');
  });

  it('exits 2 on a bad --limit', async () => {
    const r = await runInProcess(['search', '--limit', 'lots'], { env: testEnv(tempHome()) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--limit takes a whole number');
  });

  it('shows examples in --help', async () => {
    const r = await runInProcess(['search', '--help'], { env: testEnv(tempHome()) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--save-snapshot <file>');
    expect(r.stdout).toContain('$ oss-scout search --skills python,cuda');
    expect(r.stdout).toContain('Global Options:');
  });
});
