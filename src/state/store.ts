// The one place that reads and writes state.json. Reads are lock-free (writes are atomic renames);
// every change goes through update(): lock, read, change, back up, atomic write, unlock.
//
// Validation fast path: beside every state file we write (all of it the serialized output of the zod
// schema) we record the SHA-256 of its exact bytes and the schema's id in state.json.meta. A read whose
// bytes hash to the recorded digest is reading exactly what was validated, so it skips zod (whose import
// alone costs more than the rest of `list --json`). Anything else (hand edits, truncation, a missing or
// stale .meta, another schema id) gets the full migration + zod check. The digest only ever vouches for
// the bytes it was computed from, so races between processes can cost speed, never correctness.
import { createHash, randomBytes } from 'node:crypto';
import { access, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OssScoutError } from '../errors.js';
import type { State } from './schema.js';
import { emptyState, STATE_SCHEMA_ID, STATE_VERSION } from './version.js';

export interface StateStore {
  readonly file: string;
  read(): Promise<State>;
  /** Runs fn on the current state under the lock; writes only when the result differs. Returns what is stored. */
  update(fn: (s: State) => State | Promise<State>): Promise<State>;
}

// A lock held by a killed process is taken over after this long. proper-lockfile refreshes the lock's
// mtime every stale/2 while a live process holds it, so a slow writer is never mistaken for a dead one.
const LOCK_STALE_MS = 5_000;
// Enough patience for 20 processes queueing for a lock held a few ms each, and for one stale takeover.
const LOCK_RETRIES = { retries: 80, factor: 1.25, minTimeout: 10, maxTimeout: 400, randomize: true };

export function serializeState(state: State): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

interface Loaded {
  state: State;
  /** The file's text, or null when there is no file yet. */
  text: string | null;
  migrated: boolean;
}

/** The sidecar recording which bytes of `file` were validated, and against which schema. */
export function metaFileFor(file: string): string {
  return `${file}.meta`;
}

function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function metaText(stateText: string): string {
  return `${JSON.stringify({ schema: STATE_SCHEMA_ID, sha256: sha256(stateText) })}\n`;
}

/** The digest recorded for the current schema, or null (missing, unreadable, other schema, malformed). */
async function recordedDigest(file: string): Promise<string | null> {
  try {
    const m = JSON.parse(await readFile(metaFileFor(file), 'utf8')) as { schema?: unknown; sha256?: unknown } | null;
    if (m?.schema === STATE_SCHEMA_ID && typeof m.sha256 === 'string' && /^[0-9a-f]{64}$/.test(m.sha256)) return m.sha256;
  } catch {
    // No usable record: the caller validates in full.
  }
  return null;
}

/**
 * Records, best effort, that `text` (already validated, and byte-identical to the schema's serialized output)
 * is the state. Plain fs (temp + rename) so the read path never loads write-file-atomic; a failure only
 * means the next read validates in full again.
 */
async function recordDigest(file: string, text: string): Promise<void> {
  const meta = metaFileFor(file);
  const tmp = `${meta}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, metaText(text), { mode: 0o600 });
    await rename(tmp, meta);
  } catch {
    await unlink(tmp).catch(() => {});
  }
}

function looksLikeCurrentState(raw: unknown): raw is State {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return false;
  const r = raw as { version?: unknown; claims?: unknown };
  return r.version === STATE_VERSION && Array.isArray(r.claims);
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

async function unreadable(file: string, why: string): Promise<OssScoutError> {
  const bak = `${file}.bak`;
  const hint = (await exists(bak))
    ? `it was left untouched; restore the previous good version with: cp "${bak}" "${file}"`
    : `it was left untouched; fix it by hand, or move it aside to start afresh: mv "${file}" "${file}.broken"`;
  return new OssScoutError('state', `state file ${file} is unreadable: ${why}`, { hint });
}

function ioError(file: string, action: 'read' | 'write', e: unknown): OssScoutError {
  const code = (e as { code?: string }).code ?? 'unknown error';
  const why: Record<string, string> = {
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is exceeded',
    EROFS: 'the file system is read-only',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENOTDIR: 'a parent path is not a directory',
    EISDIR: 'it is a directory',
  };
  const kept = action === 'write' ? '; the previous state was kept' : '';
  return new OssScoutError('state', `cannot ${action} ${file}: ${why[code] ?? code} (${code})${kept}`, {
    hint: 'free some space or fix the permissions, or set OSS_SCOUT_HOME to a writable folder',
    cause: e,
  });
}

async function load(file: string): Promise<Loaded> {
  let bytes: Buffer;
  let recorded: string | null;
  try {
    [bytes, recorded] = await Promise.all([readFile(file), recordedDigest(file)]);
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return { state: emptyState(), text: null, migrated: false };
    throw ioError(file, 'read', e);
  }
  const text = bytes.toString('utf8');
  const digest = recorded === null ? null : sha256(bytes);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw await unreadable(file, text.trim() === '' ? 'it is empty' : 'it is not valid JSON (truncated or edited?)');
  }
  // Exactly the bytes we validated and wrote: no need to load zod. (The shape check is a cheap guard only.)
  if (digest !== null && digest === recorded && looksLikeCurrentState(raw)) return { state: raw, text, migrated: false };

  const { validateState } = await import('./validate.js');
  const v = validateState(raw);
  if (!v.ok) {
    if ('future' in v) {
      throw new OssScoutError('state', `state file ${file} has version ${v.future}, written by a newer oss-scout; this one understands up to version ${STATE_VERSION} and will not change it`, {
        hint: 'upgrade oss-scout (npm install -g oss-scout@latest)',
      });
    }
    throw await unreadable(file, v.reason);
  }
  // Valid, and already in the exact form we would write it: remember that, so the next read is fast.
  if (!v.migrated && serializeState(v.state) === text) await recordDigest(file, text);
  return { state: v.state, text, migrated: v.migrated };
}

async function writeState(file: string, previous: string | null, next: string): Promise<void> {
  // Loaded lazily so read-only commands (list --json) never pay for them.
  const { default: writeFileAtomic } = await import('write-file-atomic');
  try {
    // The backup is the last good version: written completely before the state is replaced.
    if (previous !== null) await writeFileAtomic(`${file}.bak`, previous, { mode: 0o600, fsync: true });
    await writeFileAtomic(file, next, { mode: 0o600, fsync: true });
  } catch (e) {
    throw ioError(file, 'write', e);
  }
  // After the state: a crash in between leaves a stale digest, which only sends the next read the slow way.
  // No fsync needed for the same reason; a failure is not an error (the state itself was written).
  await writeFileAtomic(metaFileFor(file), metaText(next), { mode: 0o600, fsync: false }).catch(() => {});
}

export function openStateStore(stateFile: string): StateStore {
  const file = path.resolve(stateFile);

  async function update(fn: (s: State) => State | Promise<State>): Promise<State> {
    try {
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    } catch (e) {
      throw ioError(file, 'write', e);
    }
    // A CommonJS module: Node's own loader exposes its named exports, the esbuild bundle only `default`.
    const lockModule = await import('proper-lockfile');
    const lockfile = (lockModule as unknown as { default?: typeof lockModule }).default ?? lockModule;
    let compromised: Error | undefined;
    let release: () => Promise<void>;
    const lockOptions = (retries: typeof LOCK_RETRIES | 0) => ({
      realpath: false,
      lockfilePath: `${file}.lock`,
      stale: LOCK_STALE_MS,
      retries,
      // The default throws from a timer callback, which would crash the process mid-command.
      onCompromised: (err: Error) => {
        compromised = err;
      },
    });
    try {
      // proper-lockfile retries on every error; only "held by another process" is worth waiting for. A
      // read-only or full directory would otherwise take ~30 s of retries before saying so.
      try {
        release = await lockfile.lock(file, lockOptions(0));
      } catch (e) {
        if ((e as { code?: string }).code !== 'ELOCKED') throw e;
        release = await lockfile.lock(file, lockOptions(LOCK_RETRIES));
      }
    } catch (e) {
      if ((e as { code?: string }).code === 'ELOCKED') {
        throw new OssScoutError('state', `state file ${file} is locked by another oss-scout process`, {
          hint: `try again; if no oss-scout is running, remove the stale lock: rmdir "${file}.lock"`,
        });
      }
      throw ioError(file, 'write', e);
    }
    try {
      const loaded = await load(file);
      // What we write is always the schema's output: the digest recorded beside it vouches for that.
      const { parseState } = await import('./validate.js');
      const next = parseState(await fn(structuredClone(loaded.state)));
      const text = serializeState(next);
      if (!loaded.migrated && text === serializeState(loaded.state)) return next;
      if (compromised) {
        throw new OssScoutError('state', `lost the lock on ${file} (${compromised.message}); nothing was written`, { hint: 'try again' });
      }
      await writeState(file, loaded.text, text);
      return next;
    } finally {
      await release().catch(() => {});
    }
  }

  return {
    file,
    read: async () => (await load(file)).state,
    update,
  };
}
