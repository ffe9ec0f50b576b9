// The validation fast path: a state file whose bytes hash to the digest recorded beside it (state.json.meta)
// is exactly what we validated and wrote, so reading it needs no zod; anything else is validated in full.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isOssScoutError } from '../src/errors.js';
import { stateSchema, type State } from '../src/state/schema.js';
import { metaFileFor, openStateStore, serializeState } from '../src/state/store.js';
import { STATE_SCHEMA_ID } from '../src/state/version.js';
import { repoRoot, tempHome } from './helpers/cli.js';
import { fixtureText, stateFile, writeStateText } from './helpers/state.js';

const claim = (n: number): State['claims'][number] => ({
  repo: 'a/b',
  number: n,
  title: `t${n}`,
  url: `https://github.com/a/b/issues/${n}`,
  labels: [],
  claimedAt: '2026-01-01T00:00:00.000Z',
  status: 'claimed',
  statusHistory: [{ status: 'claimed', at: '2026-01-01T00:00:00.000Z' }],
  notes: [],
  pullRequests: [],
  droppedReason: null,
  lastRefreshedAt: null,
});

const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

function readMeta(file: string): { schema: string; sha256: string } {
  return JSON.parse(readFileSync(metaFileFor(file), 'utf8')) as { schema: string; sha256: string };
}

async function stateError(p: Promise<unknown>): Promise<Error & { hint?: string; exitCode: number }> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isOssScoutError(e)) throw new Error(`expected an OssScoutError, got ${String(e)}`);
  return e as never;
}

/** A valid state that is not in our serialized form: claim 1 has no `labels` (the schema defaults it to []). */
function validButNotCanonical(): string {
  const { labels: _labels, ...noLabels } = claim(1);
  return JSON.stringify({ version: 2, viewer: null, claims: [noLabels] });
}

/**
 * Reads `file` through src/state/store.ts in a fresh node (tsx for TypeScript) where importing zod throws,
 * so a successful read proves zod was never imported.
 */
function readWithoutZod(file: string): Promise<{ ok: boolean; claims?: number; message?: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'oss-scout-nozod-'));
  writeFileSync(
    path.join(dir, 'hooks.mjs'),
    `export async function resolve(specifier, context, next) {
  if (specifier === 'zod' || specifier.startsWith('zod/')) throw new Error('zod is blocked');
  return next(specifier, context);
}\n`,
  );
  writeFileSync(path.join(dir, 'block-zod.mjs'), `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`);
  writeFileSync(
    path.join(dir, 'probe.mjs'),
    `const { openStateStore } = await import(${JSON.stringify(pathToFileURL(path.join(repoRoot, 'src/state/store.ts')).href)});
try {
  const s = await openStateStore(process.argv[2]).read();
  process.stdout.write(JSON.stringify({ ok: true, claims: s.claims.length }));
} catch (e) {
  process.stdout.write(JSON.stringify({ ok: false, message: String(e.message) }));
}\n`,
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--import', pathToFileURL(path.join(dir, 'block-zod.mjs')).href, path.join(dir, 'probe.mjs'), file], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, HOME: dir },
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', () => {
      try {
        resolve(JSON.parse(out) as { ok: boolean; claims?: number; message?: string });
      } catch {
        reject(new Error(`probe printed no result: ${out} ${err}`));
      }
    });
  });
}

describe('state digest (state.json.meta)', () => {
  it('the schema id changes whenever the schema does', () => {
    // If this fails you changed src/state/schema.ts: change STATE_SCHEMA_ID in src/state/version.ts (files
    // validated against the old schema must be validated again), then record the new fingerprint here.
    const fingerprint = sha256(
      JSON.stringify([z.toJSONSchema(stateSchema, { io: 'input' }), z.toJSONSchema(stateSchema, { io: 'output' })]),
    );
    expect({ id: STATE_SCHEMA_ID, fingerprint }).toEqual({
      id: '2.1',
      fingerprint: '7bd429f8a3a5d6c7f318cee1a7b3cfbc6afc0ee4361802459393c3ffcc8e496d',
    });
  });

  it('every write records the digest of the exact bytes written, mode 0600', async () => {
    const home = tempHome();
    const file = stateFile(home);
    const store = openStateStore(file);
    await store.update((s) => ({ ...s, claims: [claim(1)] }));
    expect(readMeta(file)).toEqual({ schema: STATE_SCHEMA_ID, sha256: sha256(readFileSync(file)) });
    expect(statSync(metaFileFor(file)).mode & 0o777).toBe(0o600);
    await store.update((s) => ({ ...s, claims: [...s.claims, claim(2)] }));
    expect(readMeta(file).sha256).toBe(sha256(readFileSync(file)));
    expect((await store.read()).claims.map((c) => c.number)).toEqual([1, 2]);
  });

  it('a state we wrote is read without importing zod; a tampered one needs the full validation', async () => {
    const home = tempHome();
    const file = stateFile(home);
    await openStateStore(file).update((s) => ({ ...s, claims: [claim(1), claim(2)] }));
    expect(await readWithoutZod(file)).toEqual({ ok: true, claims: 2 });

    // Same length, still valid JSON, one byte different: the digest no longer matches.
    writeFileSync(file, readFileSync(file, 'utf8').replace('"t1"', '"t9"'));
    expect(await readWithoutZod(file)).toEqual({ ok: false, message: 'zod is blocked' });
    expect((await openStateStore(file).read()).claims[0]?.title).toBe('t9');
  });

  it('tampered content that breaks the schema is still refused, and the file is kept', async () => {
    const home = tempHome();
    const file = stateFile(home);
    const store = openStateStore(file);
    await store.update((s) => ({ ...s, claims: [claim(1)] }));
    const meta = readFileSync(metaFileFor(file), 'utf8');
    const bad = readFileSync(file, 'utf8').replace('"number": 1,', '"number": -1,');
    writeFileSync(file, bad);
    for (const attempt of [store.read(), store.update((s) => ({ ...s, claims: [claim(9)] }))]) {
      const e = await stateError(attempt);
      expect(e.exitCode).toBe(6);
      expect(e.message).toMatch(/does not match the expected shape \(claims\.0\.number/);
    }
    expect(readFileSync(file, 'utf8')).toBe(bad);
    expect(readFileSync(metaFileFor(file), 'utf8')).toBe(meta);
  });

  it('a truncated file with the digest of the full one is unreadable and never overwritten', async () => {
    const home = tempHome();
    const file = stateFile(home);
    const store = openStateStore(file);
    await store.update((s) => ({ ...s, claims: [claim(1)] }));
    await store.update((s) => ({ ...s, claims: [...s.claims, claim(2)] })); // so there is a backup to name
    const truncated = readFileSync(file, 'utf8').slice(0, 150);
    writeFileSync(file, truncated);
    for (const attempt of [store.read(), store.update((s) => ({ ...s, claims: [claim(9)] }))]) {
      const e = await stateError(attempt);
      expect(e.exitCode).toBe(6);
      expect(e.message).toContain('not valid JSON');
      expect(e.hint).toContain(`cp "${file}.bak" "${file}"`);
    }
    expect(readFileSync(file, 'utf8')).toBe(truncated);
  });

  it('trusts a digest only for the current schema id: another id means full validation', async () => {
    const home = tempHome();
    const text = validButNotCanonical();
    const file = writeStateText(home, text);
    // Full validation fills in the default; the raw file has none.
    writeFileSync(metaFileFor(file), JSON.stringify({ schema: 'an-older-schema', sha256: sha256(text) }));
    expect((await openStateStore(file).read()).claims[0]?.labels).toEqual([]);
    writeFileSync(metaFileFor(file), JSON.stringify({ schema: STATE_SCHEMA_ID, sha256: sha256(`${text} `) }));
    expect((await openStateStore(file).read()).claims[0]?.labels).toEqual([]);
    writeFileSync(metaFileFor(file), 'garbage');
    expect((await openStateStore(file).read()).claims[0]?.labels).toEqual([]);
  });

  it('a valid file in our exact serialized form gets its digest on first read; other forms never do', async () => {
    const home = tempHome();
    const canonical = serializeState({ version: 2, viewer: null, claims: [claim(1)] });
    const file = writeStateText(home, canonical);
    expect((await openStateStore(file).read()).claims).toHaveLength(1);
    expect(readMeta(file)).toEqual({ schema: STATE_SCHEMA_ID, sha256: sha256(canonical) });
    expect(readFileSync(file, 'utf8')).toBe(canonical);
    expect(await readWithoutZod(file)).toEqual({ ok: true, claims: 1 });

    const other = tempHome();
    const otherFile = writeStateText(other, validButNotCanonical());
    expect((await openStateStore(otherFile).read()).claims[0]?.labels).toEqual([]);
    expect(existsSync(metaFileFor(otherFile))).toBe(false);
  });

  it('migrated and future-version files are never vouched for by a read', async () => {
    const home = tempHome();
    const v1 = fixtureText('state/v1-claims.json');
    const file = writeStateText(home, v1);
    expect((await openStateStore(file).read()).version).toBe(2);
    expect(existsSync(metaFileFor(file))).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(v1);

    const future = tempHome();
    const futureFile = writeStateText(future, fixtureText('state/v3-future.json'));
    const e = await stateError(openStateStore(futureFile).read());
    expect(e.message).toMatch(/version 3.*newer oss-scout/);
    expect(existsSync(metaFileFor(futureFile))).toBe(false);
  });

  it('a stale digest (the state changed after it was recorded) only costs a full validation', async () => {
    const home = tempHome();
    const file = stateFile(home);
    const store = openStateStore(file);
    await store.update((s) => ({ ...s, claims: [claim(1)] }));
    const staleMeta = readFileSync(metaFileFor(file), 'utf8');
    await store.update((s) => ({ ...s, claims: [...s.claims, claim(2)] }));
    writeFileSync(metaFileFor(file), staleMeta); // e.g. a reader that validated the old bytes renamed its record last
    expect((await store.read()).claims.map((c) => c.number)).toEqual([1, 2]);
    expect(readMeta(file).sha256).toBe(sha256(readFileSync(file))); // and the record is repaired
  });
});
