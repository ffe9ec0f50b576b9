// Every read of state.json runs the full check (migrations + schema): nothing beside the file, such as the
// digest sidecar (state.json.meta) older versions wrote, can make a bad file reach the commands. And the
// check stays off zod, whose import alone would blow the `list --json` start-up budget.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isOssScoutError } from '../src/errors.js';
import { isExactClaim, parseClaimInFull } from '../src/state/schema.js';
import { openStateStore, serializeState } from '../src/state/store.js';
import { repoRoot, runSubprocess, tempHome, testEnv } from './helpers/cli.js';
import { fixtureText, stateFile, writeStateText, claimFor as claim } from './helpers/state.js';


const sha256 = (text: string | Buffer): string => createHash('sha256').update(text).digest('hex');

async function stateError(p: Promise<unknown>): Promise<Error & { hint?: string; exitCode: number }> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isOssScoutError(e)) throw new Error(`expected an OssScoutError, got ${String(e)}`);
  return e as never;
}

/** A digest record in the format oss-scout 0.0.x trusted to skip validation. */
function forgeSidecar(file: string): void {
  writeFileSync(`${file}.meta`, `${JSON.stringify({ schema: '2.1', sha256: sha256(readFileSync(file)) })}\n`);
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

describe('state check on every read', () => {
  it('a forged digest sidecar cannot vouch for an invalid state: claim, list and report exit 6 with one line', async () => {
    const home = tempHome();
    // Parses, has the current version and a claims list (what the old fast path looked at), but claim 1 is
    // missing most of its fields.
    const bad = `${JSON.stringify({ version: 2, viewer: null, claims: [{ repo: 'a/b', number: 1 }] }, null, 2)}\n`;
    const file = writeStateText(home, bad);
    forgeSidecar(file);
    for (const args of [['claim', 'a/b#2'], ['list', '--json'], ['report', '--no-refresh'], ['note', 'a/b#1', 'x']]) {
      const r = await runSubprocess(args, { env: testEnv(home) });
      const lines = r.stderr.split('\n').filter((l) => l !== '');
      expect({ args, code: r.code, lines: lines.length }).toEqual({ args, code: 6, lines: 1 });
      expect(lines[0]).toMatch(/^oss-scout: state file .*state\.json is unreadable: it does not match the expected shape \(claims\.0\.title: expected a string, got undefined\) — it was left untouched/);
    }
    expect(readFileSync(file, 'utf8')).toBe(bad);
  }, 60_000);

  it('a state read never imports zod', async () => {
    const home = tempHome();
    const file = stateFile(home);
    await openStateStore(file).update((s) => ({ ...s, claims: [claim(1), claim(2)] }));
    expect(await readWithoutZod(file)).toEqual({ ok: true, claims: 2 });
    // A file in another form than ours (no labels: the default fills it in) is checked the same way.
    const { labels: _labels, ...noLabels } = claim(3);
    writeFileSync(file, JSON.stringify({ version: 2, claims: [noLabels] }));
    expect(await readWithoutZod(file)).toEqual({ ok: true, claims: 1 });
    expect((await openStateStore(file).read()).claims[0]).toEqual(claim(3));
  });

  it('checks every field: wrong types, bad dates, unknown statuses, negative numbers', async () => {
    const home = tempHome();
    const file = writeStateText(home, '');
    const good = JSON.parse(serializeState({ version: 2, viewer: null, claims: [claim(1)] })) as { claims: Record<string, unknown>[] };
    const cases: [string, (c: Record<string, unknown>) => void, RegExp][] = [
      ['number', (c) => (c.number = -1), /claims\.0\.number: expected a positive whole number, got -1/],
      ['status', (c) => (c.status = 'won'), /claims\.0\.status: expected one of claimed, /],
      ['date', (c) => (c.claimedAt = 'yesterday'), /claims\.0\.claimedAt: not an ISO date/],
      ['history', (c) => (c.statusHistory = [{ status: 'claimed' }]), /claims\.0\.statusHistory\.0\.at: expected a string/],
      ['labels', (c) => (c.labels = [1]), /claims\.0\.labels\.0: expected a string, got number/],
      ['pr', (c) => (c.pullRequests = [{ repo: 'a/b', number: 2, url: 'u', state: 'OPEN', merged: 'no', mergedAt: null, createdAt: '2026-01-01T00:00:00Z' }]), /claims\.0\.pullRequests\.0\.merged: expected true or false/],
    ];
    for (const [, mutate, message] of cases) {
      const doc = structuredClone(good);
      mutate(doc.claims[0] as Record<string, unknown>);
      const text = JSON.stringify(doc);
      writeFileSync(file, text);
      forgeSidecar(file);
      for (const attempt of [openStateStore(file).read(), openStateStore(file).update((s) => ({ ...s, claims: [claim(9)] }))]) {
        const e = await stateError(attempt);
        expect(e.exitCode).toBe(6);
        expect(e.message).toMatch(message);
      }
      expect(readFileSync(file, 'utf8')).toBe(text);
    }
  });

  it('a truncated file is unreadable and never overwritten; the hint restores the backup', async () => {
    const home = tempHome();
    const file = stateFile(home);
    const store = openStateStore(file);
    await store.update((s) => ({ ...s, claims: [claim(1)] }));
    await store.update((s) => ({ ...s, claims: [...s.claims, claim(2)] })); // so there is a backup to name
    const truncated = readFileSync(file, 'utf8').slice(0, 150);
    writeFileSync(file, truncated);
    forgeSidecar(file);
    for (const attempt of [store.read(), store.update((s) => ({ ...s, claims: [claim(9)] }))]) {
      const e = await stateError(attempt);
      expect(e.exitCode).toBe(6);
      expect(e.message).toContain('not valid JSON');
      expect(e.hint).toContain(`cp "${file}.bak" "${file}"`);
    }
    expect(readFileSync(file, 'utf8')).toBe(truncated);
  });

  it('the next write removes a sidecar left by an older version; migrated and future files are never rewritten by a read', async () => {
    const home = tempHome();
    const file = stateFile(home);
    await openStateStore(file).update((s) => ({ ...s, claims: [claim(1)] }));
    forgeSidecar(file);
    await openStateStore(file).update((s) => ({ ...s, claims: [...s.claims, claim(2)] }));
    expect(existsSync(`${file}.meta`)).toBe(false);

    const v1 = fixtureText('state/v1-claims.json');
    const v1File = writeStateText(tempHome(), v1);
    expect((await openStateStore(v1File).read()).version).toBe(2);
    expect(readFileSync(v1File, 'utf8')).toBe(v1);
    const futureFile = writeStateText(tempHome(), fixtureText('state/v3-future.json'));
    expect((await stateError(openStateStore(futureFile).read())).message).toMatch(/version 3.*newer oss-scout/);
  });

  it('the plain-read check of exact-form claims accepts nothing the full check would change or refuse', () => {
    const full = (c: unknown): unknown => {
      try {
        return parseClaimInFull(c);
      } catch {
        return 'refused';
      }
    };
    const base = (): Record<string, unknown> => ({
      ...claim(1),
      labels: ['good first issue'],
      statusHistory: [{ status: 'claimed', at: '2026-01-01T00:00:00.000Z' }, { status: 'pr-open', at: '2026-01-02T00:00:00Z', detail: 'PR #2' }],
      notes: [{ at: '2026-01-01T00:00:00.000Z', text: 'n' }],
      pullRequests: [{ repo: 'a/b', number: 2, url: 'u', title: 't', state: 'OPEN', merged: false, mergedAt: null, createdAt: '2026-01-02T00:00:00Z', isDraft: false, reviewDecision: null }],
    });
    const variants: Record<string, unknown>[] = [base()];
    const edits: ((c: Record<string, unknown>) => void)[] = [
      (c) => (c.extra = 1),
      (c) => delete c.labels,
      (c) => delete c.droppedReason,
      (c) => (c.number = 1.5),
      (c) => (c.number = '1'),
      (c) => (c.claimedAt = 'soon'),
      (c) => (c.claimedAt = '2026-13-01T00:00:00Z'),
      (c) => (c.status = 'gone'),
      (c) => (c.lastRefreshedAt = 'x'),
      (c) => (c.labels = [null]),
      (c) => ((c.statusHistory as Record<string, unknown>[])[0]!.detail = 3),
      (c) => ((c.statusHistory as Record<string, unknown>[])[0]!.extra = 'x'),
      (c) => ((c.notes as Record<string, unknown>[])[0]!.text = null),
      (c) => delete (c.pullRequests as Record<string, unknown>[])[0]!.isDraft,
      (c) => ((c.pullRequests as Record<string, unknown>[])[0]!.mergedAt = 'never'),
      (c) => ((c.pullRequests as Record<string, unknown>[])[0]!.state = 'open'),
    ];
    for (const edit of edits) {
      const c = base();
      edit(c);
      variants.push(c);
    }
    expect(isExactClaim(base())).toBe(true);
    for (const c of variants) {
      if (isExactClaim(c)) expect(full(c)).toEqual(c);
    }
    // Every edit above leaves the exact form: those claims all take the full check.
    expect(variants.filter((c) => isExactClaim(c))).toHaveLength(1);
  });
});

