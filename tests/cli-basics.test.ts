import { describe, expect, it } from 'vitest';
import { runInProcess, tempHome, testEnv } from './helpers/cli.js';
import { parseIssueRef, parseRepoName } from '../src/core/refs.js';
import { graphqlUrlFor } from '../src/github/client.js';

describe('cli basics', () => {
  it('prints paths under OSS_SCOUT_HOME', async () => {
    const home = tempHome();
    const r = await runInProcess(['paths', '--json'], { env: testEnv(home) });
    expect(r.code).toBe(0);
    const p = JSON.parse(r.stdout) as Record<string, string>;
    expect(p.state).toBe(`${home}/data/state.json`);
    expect(p.config).toBe(`${home}/config`);
    expect(p.cache).toBe(`${home}/cache`);
  });

  it('rejects an unknown flag with exit 2', async () => {
    const r = await runInProcess(['--bogus'], { env: testEnv(tempHome()) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown option '--bogus'");
  });
});

describe('references', () => {
  it('parses owner/repo#N and issue URLs', () => {
    expect(parseIssueRef('vllm-project/vllm#123')).toMatchObject({ repo: 'vllm-project/vllm', number: 123 });
    expect(parseIssueRef('https://github.com/pytorch/pytorch/issues/42?x=1')).toMatchObject({ repo: 'pytorch/pytorch', number: 42 });
    expect(() => parseIssueRef('vllm#12')).toThrow(/owner\/repo#123/);
    expect(() => parseIssueRef('a/b#0')).toThrow(/malformed/);
  });
  it('validates owner/name', () => {
    expect(parseRepoName('ggml-org/llama.cpp').repo).toBe('ggml-org/llama.cpp');
    expect(() => parseRepoName('not a repo')).toThrow(/owner\/name/);
    expect(() => parseRepoName('a/b/c')).toThrow(/owner\/name/);
  });
});

describe('graphql url', () => {
  it('follows GitHub Enterprise layout', () => {
    expect(graphqlUrlFor('https://api.github.com')).toBe('https://api.github.com/graphql');
    expect(graphqlUrlFor('https://ghe.example.com/api/v3/')).toBe('https://ghe.example.com/api/graphql');
    expect(graphqlUrlFor('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080/graphql');
  });
});
