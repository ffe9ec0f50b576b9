// Read-modify-write of one file under a lock, shared by the state and the config files: lock, read the
// current text, let the caller check it and compute the next text, clear temp files orphaned by killed
// writers, back the old text up, write the new one, unlock. Readers need no lock (writes are renames).
import { access, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { OssScoutError } from '../errors.js';
import { fileIoError } from './file-error.js';
import { backupFileFor, readTextOrNull } from './read-text.js';
import { removeOrphanedTemps, writeFileAtomic } from './write-atomic.js';

// A lock held by a killed process is taken over after this long. proper-lockfile refreshes the lock's
// mtime every stale/2 while a live process holds it, so a slow writer is never mistaken for a dead one.
const LOCK_STALE_MS = 5_000;
// Enough patience for 20 processes queueing for a lock held a few ms each, and for one stale takeover.
const LOCK_RETRIES = { retries: 80, factor: 1.25, minTimeout: 10, maxTimeout: 400, randomize: true };

export interface LockedUpdateOptions {
  /** What the file is, for messages: "state file", "profile", "repository list". */
  label: string;
  /** What a failed write keeps: "the previous state". */
  kept: string;
}

async function exists(p: string): Promise<boolean> {
  try {
    await access(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs `change` on the current text (null: no file yet) holding `<file>.lock`. `change` throws when the text
 * cannot be trusted (nothing is written then) and returns the next text, or null to leave the file as it is.
 * The previous text, which `change` accepted, becomes `<file>.bak` before the file is replaced.
 */
export async function lockedUpdate(file: string, options: LockedUpdateOptions, change: (current: string | null) => Promise<string | null> | string | null): Promise<void> {
  const writeError = (target: string, e: unknown): OssScoutError => fileIoError(target, 'write', e, { kept: options.kept });
  try {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  } catch (e) {
    throw writeError(file, e);
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
      throw new OssScoutError('state', `${options.label} ${file} is locked by another oss-scout process`, {
        hint: `try again; if no oss-scout is running, remove the stale lock: rmdir "${file}.lock"`,
      });
    }
    throw writeError(file, e);
  }
  try {
    const current = await readTextOrNull(file);
    const next = await change(current);
    if (next === null || next === current) return;
    if (compromised) {
      throw new OssScoutError('state', `lost the lock on ${file} (${compromised.message}); nothing was written`, { hint: 'try again' });
    }
    await removeOrphanedTemps(file);
    const bak = backupFileFor(file);
    if (current !== null) {
      await removeOrphanedTemps(bak);
      // The backup is the last good version, complete on disk before the file is replaced.
      try {
        await writeFileAtomic(bak, current, { mode: 0o600 });
      } catch (e) {
        const hint = (await exists(bak)) && !(await stat(bak)).isFile() ? `move it out of the way: mv "${bak}" "${bak}.old"` : undefined;
        throw fileIoError(bak, 'write', e, { kept: options.kept, ...(hint === undefined ? {} : { hint }) });
      }
    }
    try {
      await writeFileAtomic(file, next, { mode: 0o600 });
    } catch (e) {
      throw writeError(file, e);
    }
  } finally {
    await release().catch(() => {});
  }
}
