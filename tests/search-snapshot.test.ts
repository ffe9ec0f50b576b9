import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSnapshot, stripCredentials, toSnapshot, writeSnapshot } from '../src/snapshot.js';
import { fetchResult, issue, repoMeta } from './helpers/issue-builders.js';

const dir = () => mkdtempSync(path.join(tmpdir(), 'oss-scout-snap-'));

describe('snapshot files', () => {
  it('leaves private repositories and their issues out unless asked', () => {
    const f = fetchResult([issue({ repo: 'acme/secret', number: 1 }), issue({ repo: 'vllm-project/vllm', number: 2 })], {
      repos: [repoMeta('acme/secret', { isPrivate: true }), repoMeta('vllm-project/vllm')],
      failures: [{ repo: 'acme/secret', kind: 'error', message: 'x' }],
    });
    const s = toSnapshot(f, { apiUrl: 'https://api.github.com', requestedRepos: ['acme/secret', 'vllm-project/vllm'] });
    expect(s.repos.map((r) => r.repo)).toEqual(['vllm-project/vllm']);
    expect(s.issues.map((i) => i.repo)).toEqual(['vllm-project/vllm']);
    expect(s.requestedRepos).toEqual(['vllm-project/vllm']);
    expect(s.failures).toEqual([]);
    const all = toSnapshot(f, { apiUrl: 'https://api.github.com', requestedRepos: [], includePrivate: true });
    expect(all.issues).toHaveLength(2);
  });

  it('never stores credentials from the API URL', () => {
    expect(stripCredentials('https://user:ghp_secret@ghe.example.com/api/v3?access_token=ghp_secret')).toBe('https://ghe.example.com/api/v3');
  });

  it('writes then reads back the same data', async () => {
    const file = path.join(dir(), 's.json');
    const written = await writeSnapshot(file, fetchResult([issue()]), { apiUrl: 'https://api.github.com', requestedRepos: ['vllm-project/vllm'] });
    expect(await readSnapshot(file)).toEqual(written);
  });

  it('into a missing folder: exit 6 naming the folder, as report --output does, and nothing is created', async () => {
    const missing = path.join(dir(), 'nested');
    const file = path.join(missing, 's.json');
    const err = await writeSnapshot(file, fetchResult([issue()]), { apiUrl: 'https://api.github.com', requestedRepos: [] }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'state', exitCode: 6, message: `cannot write the snapshot to ${file}: the folder ${missing} does not exist` });
    expect(existsSync(missing)).toBe(false);
  });

  it.each([
    ['not json {', /not an oss-scout snapshot \(not valid JSON\)/],
    ['[1,2]', /not an oss-scout snapshot \(no "format"/],
    [JSON.stringify({ format: 'oss-scout-snapshot', version: 99 }), /snapshot version 99/],
    [JSON.stringify({ format: 'oss-scout-snapshot', version: 1, apiUrl: '', requestedRepos: [], fetchedAt: 'yesterday', repos: [], issues: [], failures: [] }), /not a valid oss-scout snapshot: fetchedAt/],
  ])('rejects %s with a usage error naming the file', async (content, message) => {
    const file = path.join(dir(), 'bad.json');
    writeFileSync(file, content);
    await expect(readSnapshot(file)).rejects.toMatchObject({ kind: 'usage', message: expect.stringMatching(message) });
    await expect(readSnapshot(file)).rejects.toThrow(file);
  });

  const shipped = path.resolve('snapshots/ml-infra.json');
  it.skipIf(!existsSync(shipped))('reads the shipped snapshot', async () => {
    const s = await readSnapshot(shipped);
    expect(s.issues.length).toBeGreaterThan(0);
  });
});
