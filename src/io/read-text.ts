// Reading our own files (state, profile, repos): the text or null when there is none, and the way out
// when the text cannot be used. Kept apart from the writing side so a read-only command loads no more.
import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { fileIoError } from './file-error.js';
import { noteRead } from './read-log.js';

export function backupFileFor(file: string): string {
  return `${file}.bak`;
}

/** The text of `file`, or null when it does not exist. Read errors become one-line state errors. */
export async function readTextOrNull(file: string): Promise<string | null> {
  noteRead(file);
  try {
    // Synchronous on purpose: one read() of the whole file, where fs/promises makes a thread-pool round trip
    // per 512 KiB chunk (measurable in `list --json` start-up over a large state).
    return readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return null;
    throw fileIoError(file, 'read', e);
  }
}

/**
 * The way out when `file` holds something we cannot use: restore the backup when there is a usable one,
 * otherwise fix it by hand or move it aside. The file itself is always left as it is.
 */
export async function recoveryHint(file: string): Promise<string> {
  const bak = backupFileFor(file);
  let bakIsFile = false;
  try {
    bakIsFile = (await stat(bak)).isFile();
  } catch {
    // no backup
  }
  return bakIsFile
    ? `it was left untouched; restore the previous good version with: cp "${bak}" "${file}"`
    : `it was left untouched; fix it by hand, or move it aside to start afresh: mv "${file}" "${file}.broken"`;
}
