// The one place that reads and writes state.json. Reads are lock-free (writes are atomic renames);
// every change goes through update(): lock, read, change, back up, atomic write, unlock.
import { access, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { OssScoutError } from '../errors.js';
import { emptyState, stateSchema, type State } from './schema.js';
import { FutureVersionError, migrateState } from './migrations.js';

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
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return { state: emptyState(), text: null, migrated: false };
    throw ioError(file, 'read', e);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw await unreadable(file, text.trim() === '' ? 'it is empty' : 'it is not valid JSON (truncated or edited?)');
  }
  let migrated: { raw: unknown; migrated: boolean };
  try {
    migrated = migrateState(raw);
  } catch (e) {
    if (e instanceof FutureVersionError) {
      throw new OssScoutError('state', `state file ${file} has version ${e.found}, written by a newer oss-scout; this one understands up to version 2 and will not change it`, {
        hint: 'upgrade oss-scout (npm install -g oss-scout@latest)',
      });
    }
    throw await unreadable(file, (e as Error).message);
  }
  const parsed = stateSchema.safeParse(migrated.raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    throw await unreadable(file, `it does not match the expected shape (${where || 'root'}: ${issue?.message ?? 'invalid'})`);
  }
  return { state: parsed.data, text, migrated: migrated.migrated };
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
}

export function openStateStore(stateFile: string): StateStore {
  const file = path.resolve(stateFile);

  async function update(fn: (s: State) => State | Promise<State>): Promise<State> {
    try {
      await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    } catch (e) {
      throw ioError(file, 'write', e);
    }
    const lockfile = await import('proper-lockfile');
    let compromised: Error | undefined;
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(file, {
        realpath: false,
        lockfilePath: `${file}.lock`,
        stale: LOCK_STALE_MS,
        retries: LOCK_RETRIES,
        // The default throws from a timer callback, which would crash the process mid-command.
        onCompromised: (err) => {
          compromised = err;
        },
      });
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
      const next = stateSchema.parse(await fn(structuredClone(loaded.state)));
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
