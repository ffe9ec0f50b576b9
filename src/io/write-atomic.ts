// The one way oss-scout replaces a file (state, backups, config, cache entries, snapshots, reports).
// write-file-atomic issues a single write() and never checks how many bytes it took: on a nearly full disk
// that renames a truncated file over the good one. Here every byte is written in a checked loop, the temp
// file's size is compared with what we meant to write, and only then is it renamed into place; on any
// failure the temp file goes and the old file stays.
import { open, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';

export interface WriteOptions {
  /** File mode; unset means the usual 0666 less the umask (files the user asked for, like a report). */
  mode?: number;
  /** Flush to disk before the rename (default true). Only a cache, which may be lost, turns it off. */
  fsync?: boolean;
}

let counter = 0;

/** `<file>.<pid>.<n>.tmp`: the pid says which process owns it, so a later writer can tell it was orphaned. */
export function tempFileFor(file: string): string {
  counter += 1;
  return `${file}.${process.pid}.${counter.toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`;
}

function shortWrite(file: string, wrote: number, wanted: number): Error {
  // A write that takes nothing, or a file that ends up shorter, is the disk running out of room.
  return Object.assign(new Error(`short write to ${file}: ${wrote} of ${wanted} bytes`), { code: 'ENOSPC' });
}

export async function writeFileAtomic(file: string, data: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const tmp = tempFileFor(file);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(tmp, 'wx', options.mode ?? 0o666);
    let offset = 0;
    while (offset < bytes.length) {
      const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset, offset);
      if (bytesWritten <= 0) throw shortWrite(tmp, offset, bytes.length);
      offset += bytesWritten;
    }
    if (options.fsync !== false) await handle.sync();
    const { size, mode } = await handle.stat();
    if (size !== bytes.length) throw shortWrite(tmp, size, bytes.length);
    // open() applies the umask; an explicit mode is meant exactly. Set again only when the umask changed
    // it (one system call fewer per write otherwise: a search writes some 50 cache entries).
    if (options.mode !== undefined && (mode & 0o7777) !== options.mode) await handle.chmod(options.mode);
    await handle.close();
    handle = undefined;
    await rename(tmp, file);
  } catch (e) {
    await handle?.close().catch(() => {});
    await unlink(tmp).catch(() => {});
    throw e;
  }
  if (options.fsync !== false) await syncDir(path.dirname(file));
}

/** Makes the rename itself durable. Not every platform can open a directory: best effort. */
async function syncDir(dir: string): Promise<void> {
  try {
    const h = await open(dir, 'r');
    try {
      await h.sync();
    } finally {
      await h.close();
    }
  } catch {
    // Windows and some file systems refuse; the data itself is already flushed.
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, owned by someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const OURS = /^\.(\d+)\.[0-9a-z]+\.tmp$/;
// Temp names of write-file-atomic (before this module): `<file>.<murmur hash>`, no owner to ask.
const LEGACY = /^\.\d+$/;
/** A temp file this old is orphaned whoever holds its pid now (pids are reused). */
export const ORPHAN_AGE_MS = 60 * 60_000;
const LEGACY_AGE_MS = 10 * 60_000;

/**
 * Removes temp files of `file` left by writers that were killed between writing and renaming: ours whose
 * process is gone (or that are older than an hour), and old-style ones older than ten minutes. Call it
 * holding the file's lock, so no live writer of this file is mid-write. Returns what it removed; never throws.
 */
export async function removeOrphanedTemps(file: string, now = Date.now()): Promise<string[]> {
  const dir = path.dirname(file);
  const base = path.basename(file);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(base) || name.length === base.length) continue;
    const rest = name.slice(base.length);
    const ours = OURS.exec(rest);
    if (!ours && !LEGACY.test(rest)) continue;
    const p = path.join(dir, name);
    try {
      const age = now - (await stat(p)).mtimeMs;
      const pid = ours ? Number(ours[1]) : undefined;
      const orphaned = pid === undefined ? age > LEGACY_AGE_MS : pid !== process.pid && (!processAlive(pid) || age > ORPHAN_AGE_MS);
      if (!orphaned) continue;
      await unlink(p);
      removed.push(p);
    } catch {
      // gone already, or not ours to remove
    }
  }
  return removed;
}
