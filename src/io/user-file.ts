// Files the user names on the command line (report --output, search --save-snapshot): written complete
// or not at all, like our own files, and one rule for a missing folder: we never create folders the user
// did not ask for (a typo in the path would scatter files), we fail naming the folder.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { OssScoutError } from '../errors.js';
import { fileIoError } from './file-error.js';
import { writeFileAtomic } from './write-atomic.js';

/** Writes `text` to `file` (relative to cwd) atomically; returns the absolute path. Exit 6 on failure. */
export async function writeUserFile(file: string, text: string, what: string, cwd = process.cwd()): Promise<string> {
  const target = path.resolve(cwd, file);
  const dir = path.dirname(target);
  let dirOk = false;
  try {
    dirOk = (await stat(dir)).isDirectory();
  } catch {
    // missing
  }
  if (!dirOk) {
    throw new OssScoutError('state', `cannot write the ${what} to ${target}: the folder ${dir} does not exist`, {
      hint: `create it first (mkdir -p "${dir}") or pick another path`,
    });
  }
  let isDir = false;
  try {
    isDir = (await stat(target)).isDirectory();
  } catch {
    // a new file
  }
  if (isDir) {
    throw new OssScoutError('state', `cannot write the ${what} to ${target}: it is a folder (EISDIR)`, {
      hint: `name a file, e.g. ${path.join(target, what === 'report' ? 'week.md' : `${what}.json`)}`,
    });
  }
  try {
    await writeFileAtomic(target, text);
  } catch (e) {
    const kept = `any existing ${path.basename(target)}`;
    throw fileIoError(target, 'write', e, { kept, hint: 'free some space or fix the permissions, or pick another path' });
  }
  return target;
}
