// Cache entries on disk: one JSON file per key hash, written atomically (temp file + rename) with mode 0600
// in a 0700 directory. A file that cannot be read or parsed is reported as missing, never thrown: the cache
// is an optimisation, and a bad entry only costs a refetch.
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { chmod, mkdir, readdir, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../io/write-atomic.js';
import { noteRead } from '../io/read-log.js';

export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

type Crypto = typeof import('node:crypto');
let crypto: Crypto | undefined;

/**
 * node:crypto, loaded on first use: loading it takes 4-6 ms, and the early start of a cold search
 * (src/search/early.ts) sends its first requests without needing it. (getBuiltinModule is Node 20.16+.)
 */
function cryptoModule(): Crypto {
  return (crypto ??= (process.getBuiltinModule?.('node:crypto') as Crypto | undefined) ?? (createRequire(import.meta.url)('node:crypto') as Crypto));
}

/** sha256 of a JSON-able value, hex. Callers make sure the value holds no secret. */
export function hashKey(value: unknown): string {
  return cryptoModule().createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

const madeDirs = new Set<string>();

/** Creates the directory (and parents) private to the user; tightens an existing one we own. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  if (madeDirs.has(dir)) return;
  await mkdir(dir, { recursive: true, mode: DIR_MODE });
  try {
    const st = await stat(dir);
    if ((st.mode & 0o077) !== 0 && typeof process.getuid === 'function' && st.uid === process.getuid()) {
      await chmod(dir, DIR_MODE);
    }
  } catch {
    // best effort
  }
  madeDirs.add(dir);
}

/**
 * The names in a cache folder (none when it is missing or unreadable): one listing instead of a failed open
 * per key, as most searches find few entries or no folder. Noted as read (io/read-log.ts): which entries
 * exist decides what is read, and adding or removing one changes the folder.
 */
export function listEntries(dir: string): Set<string> {
  noteRead(dir);
  try {
    return new Set(readdirSync(dir));
  } catch {
    return new Set();
  }
}

/**
 * Reads and parses a JSON file; undefined when missing, unreadable, truncated or not JSON. The read is
 * synchronous: entries are small local files, and a search reads ~50 of them, where the promise version's
 * four round trips each (open, stat, read, close) cost more than the reading.
 */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  noteRead(file);
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * Writes JSON atomically: concurrent writers each write their own temp file and rename it into place, so a
 * reader sees one whole entry or another, and the last rename wins.
 */
export async function writeJsonFile(file: string, value: unknown, options: { pruneOlderThanMs?: number; now?: Date } = {}): Promise<void> {
  const dir = path.dirname(file);
  await ensurePrivateDir(dir);
  // No fsync: a torn entry after a power cut is only a cache miss. Short writes are still caught.
  await writeFileAtomic(file, `${JSON.stringify(value)}\n`, { mode: FILE_MODE, fsync: false });
  if (options.pruneOlderThanMs !== undefined) await pruneDirIfDue(dir, options.now ?? new Date(), options.pruneOlderThanMs);
}

/** How often a cache directory is swept: the sweep reads every entry's mtime, so not on every write. */
export const PRUNE_INTERVAL_MS = 24 * 3_600_000;
const PRUNE_MARKER = '.last-prune';
const checkedDirs = new Set<string>();

/**
 * Runs pruneDir on `dir` when it was last swept more than PRUNE_INTERVAL_MS ago (by any process), recording
 * the sweep in `<dir>/.last-prune`. Bounded cost: one stat per directory per process; a full sweep at most
 * once a day. Never throws.
 */
export async function pruneDirIfDue(dir: string, now: Date, maxAgeMs: number): Promise<number> {
  if (checkedDirs.has(dir)) return 0;
  checkedDirs.add(dir);
  const marker = path.join(dir, PRUNE_MARKER);
  try {
    const last = (await stat(marker)).mtimeMs;
    if (now.getTime() - last < PRUNE_INTERVAL_MS) return 0;
  } catch {
    // never swept
  }
  try {
    // Claim the sweep first, so processes starting together do not all sweep.
    await writeFile(marker, '', { mode: FILE_MODE });
    await utimes(marker, now, now);
  } catch {
    return 0;
  }
  return pruneDir(dir, now, maxAgeMs);
}

/**
 * Deletes entries (and temp files left by killed writers) last modified more than maxAgeMs ago.
 * Returns how many files were removed. Never throws.
 */
export async function pruneDir(dir: string, now: Date, maxAgeMs: number): Promise<number> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    if (!name.includes('.json')) continue;
    const file = path.join(dir, name);
    try {
      const st = await stat(file);
      if (now.getTime() - st.mtimeMs > maxAgeMs) {
        await unlink(file);
        removed += 1;
      }
    } catch {
      // raced with another run: fine
    }
  }
  return removed;
}
