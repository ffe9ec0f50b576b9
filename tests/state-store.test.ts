import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStateStore } from '../src/state/store.js';
import { migrateState } from '../src/state/migrations.js';
import { parseState, type State } from '../src/state/schema.js';
import { isOssScoutError } from '../src/errors.js';
import { tempHome } from './helpers/cli.js';
import { fixture, fixtureText, readState, stateFile, writeStateText, claimFor as claim } from './helpers/state.js';


async function stateError(p: Promise<unknown>): Promise<Error & { kind: string; hint?: string; exitCode: number }> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isOssScoutError(e)) throw new Error(`expected an OssScoutError, got ${String(e)}`);
  return e as never;
}

describe('state store', () => {
  it('reads a missing file as an empty v2 state and does not create it', async () => {
    const home = tempHome();
    const s = await openStateStore(stateFile(home)).read();
    expect(s).toEqual({ version: 2, viewer: null, claims: [] });
    expect(existsSync(stateFile(home))).toBe(false);
  });

  it('writes atomically with mode 0600 in a 0700 directory, backing up the previous version', async () => {
    const home = tempHome();
    const store = openStateStore(stateFile(home));
    await store.update((s) => ({ ...s, claims: [claim(1)] }));
    expect(statSync(stateFile(home)).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(stateFile(home))).mode & 0o777).toBe(0o700);
    expect(existsSync(`${stateFile(home)}.bak`)).toBe(false);
    const first = readFileSync(stateFile(home), 'utf8');

    await store.update((s) => ({ ...s, claims: [...s.claims, claim(2)] }));
    expect(readFileSync(`${stateFile(home)}.bak`, 'utf8')).toBe(first);
    expect(statSync(`${stateFile(home)}.bak`).mode & 0o777).toBe(0o600);
    expect((await store.read()).claims.map((c) => c.number)).toEqual([1, 2]);
    expect(existsSync(`${stateFile(home)}.lock`)).toBe(false);
  });

  it('does not write when nothing changed', async () => {
    const home = tempHome();
    const store = openStateStore(stateFile(home));
    await store.update((s) => ({ ...s, claims: [claim(1)] }));
    const before = statSync(stateFile(home));
    await store.update((s) => s);
    const after = statSync(stateFile(home));
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(existsSync(`${stateFile(home)}.bak`)).toBe(false);
  });

  it('never stores fields outside the schema (a token cannot leak in)', async () => {
    const home = tempHome();
    const store = openStateStore(stateFile(home));
    await store.update((s) => ({ ...s, token: 'ghp_sentinel_token', claims: [{ ...claim(1), token: 'ghp_sentinel_token' }] }) as unknown as State);
    expect(readState(home).claims).toHaveLength(1);
    expect(readFileSync(stateFile(home), 'utf8')).not.toContain('ghp_sentinel_token');
  });

  it('migrates the v1 fixture on read without rewriting, and on update keeps the v1 file as backup', async () => {
    const home = tempHome();
    const v1 = fixtureText('state/v1-claims.json');
    writeStateText(home, v1);
    const store = openStateStore(stateFile(home));
    const s = await store.read();
    expect(readFileSync(stateFile(home), 'utf8')).toBe(v1);
    expect(s.version).toBe(2);
    const vllm = s.claims.find((c) => c.repo === 'vllm-project/vllm');
    expect(vllm).toMatchObject({ number: 12345, status: 'claimed', notes: [{ at: '2025-11-02T09:30:00.000Z', text: 'looks like a one-line fix' }] });
    const torch = s.claims.find((c) => c.repo === 'pytorch/pytorch');
    expect(torch).toMatchObject({ number: 42, status: 'dropped', labels: ['module: docs'] });
    expect(torch?.statusHistory.map((h) => h.status)).toEqual(['claimed', 'dropped']);

    await store.update((x) => x); // a migration is a change even when fn changes nothing
    const written = JSON.parse(readFileSync(stateFile(home), 'utf8')) as State;
    expect(parseState(written).claims).toHaveLength(3);
    expect(readFileSync(`${stateFile(home)}.bak`, 'utf8')).toBe(v1);
  });

  it('the v2 fixture (one claim per kind of history) is a valid current state', async () => {
    const home = tempHome();
    writeStateText(home, fixtureText('state/v2-claims.json'));
    const s = await openStateStore(stateFile(home)).read();
    expect(s.claims.map((c) => c.status).sort()).toEqual(['dropped', 'merged', 'taken-by-other']);
  });

  it('migrates an empty v1 state', () => {
    expect(migrateState(fixture('state/v1-empty.json'))).toEqual({ raw: { version: 2, viewer: null, claims: [] }, migrated: true });
  });

  it.each([
    ['garbage', 'this is { not json'],
    ['truncated', JSON.stringify({ version: 2, viewer: null, claims: [claim(1)] }, null, 2).slice(0, 120)],
    ['empty', ''],
    ['wrong shape', JSON.stringify({ version: 2, claims: [{ repo: 'a/b' }] })],
    ['no version', JSON.stringify({ claims: [] })],
  ])('a %s state file is never overwritten: exit 6 naming the file and the restore command', async (_name, text) => {
    const home = tempHome();
    const file = writeStateText(home, text);
    writeFileSync(`${file}.bak`, JSON.stringify({ version: 2, viewer: null, claims: [] }));
    const store = openStateStore(file);
    for (const attempt of [store.read(), store.update((s) => ({ ...s, claims: [claim(9)] }))]) {
      const e = await stateError(attempt);
      expect(e.exitCode).toBe(6);
      expect(e.message).toContain(file);
      expect(e.hint).toContain(`cp "${file}.bak" "${file}"`);
    }
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('without a backup, suggests moving the broken file aside', async () => {
    const home = tempHome();
    const file = writeStateText(home, '{"version": 2, "claims": [');
    const e = await stateError(openStateStore(file).read());
    expect(e.hint).toContain(`mv "${file}" "${file}.broken"`);
  });

  it('refuses to change a state written by a newer version', async () => {
    const home = tempHome();
    const text = fixtureText('state/v3-future.json');
    const file = writeStateText(home, text);
    const e = await stateError(openStateStore(file).update((s) => ({ ...s, claims: [claim(1)] })));
    expect(e.exitCode).toBe(6);
    expect(e.message).toMatch(/version 3.*newer oss-scout/);
    expect(e.hint).toMatch(/upgrade/);
    expect(readFileSync(file, 'utf8')).toBe(text);
  });

  it('a failed write (backup path is a directory) names the backup, keeps the old state, one-line state error', async () => {
    const home = tempHome();
    const store = openStateStore(stateFile(home));
    await store.update((s) => ({ ...s, claims: [claim(1)] }));
    const good = readFileSync(stateFile(home), 'utf8');
    mkdirSync(`${stateFile(home)}.bak/blocker`, { recursive: true }); // rename onto a non-empty directory fails
    const e = await stateError(store.update((s) => ({ ...s, claims: [...s.claims, claim(2)] })));
    expect(e.exitCode).toBe(6);
    expect(e.message).toBe(`cannot write ${stateFile(home)}.bak: it is a directory (EISDIR); the previous state was kept`);
    expect(e.hint).toBe(`move it out of the way: mv "${stateFile(home)}.bak" "${stateFile(home)}.bak.old"`);
    expect(e.message).not.toContain('\n');
    expect(readFileSync(stateFile(home), 'utf8')).toBe(good);
    expect(existsSync(`${stateFile(home)}.lock`)).toBe(false);
  });

  it.skipIf(process.getuid?.() === 0)('a read-only data directory gives a state error and keeps the state', async () => {
    const home = tempHome();
    const store = openStateStore(stateFile(home));
    await store.update((s) => ({ ...s, claims: [claim(1)] }));
    const good = readFileSync(stateFile(home), 'utf8');
    chmodSync(path.dirname(stateFile(home)), 0o500);
    try {
      const e = await stateError(store.update((s) => ({ ...s, claims: [claim(2)] })));
      expect(e.exitCode).toBe(6);
      expect(readFileSync(stateFile(home), 'utf8')).toBe(good);
    } finally {
      chmodSync(path.dirname(stateFile(home)), 0o700);
    }
  });

  it('a lock left by a dead process is taken over once stale', async () => {
    const home = tempHome();
    const file = stateFile(home);
    mkdirSync(`${file}.lock`, { recursive: true });
    const { utimesSync } = await import('node:fs');
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${file}.lock`, old, old);
    await openStateStore(file).update((s) => ({ ...s, claims: [claim(1)] }));
    expect((await openStateStore(file).read()).claims).toHaveLength(1);
  });

  it('concurrent updates in one process lose nothing', async () => {
    const home = tempHome();
    const store = openStateStore(stateFile(home));
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.update((s) => ({ ...s, claims: [...s.claims, claim(i + 1)] }))));
    expect((await store.read()).claims.map((c) => c.number).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});
