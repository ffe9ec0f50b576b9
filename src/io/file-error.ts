// How a failed read or write of one of our files reads on the terminal: the path that failed, why in
// words, the errno, and what was kept. Every store (state, profile, repos, snapshot, report) uses it.
import { OssScoutError } from '../errors.js';

const WHY: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is exceeded',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOENT: 'the folder does not exist',
  ENOTDIR: 'a parent path is not a directory',
  EISDIR: 'it is a directory',
  ENOTEMPTY: 'a directory is in the way',
  EEXIST: 'a directory is in the way',
};

export function errnoCode(e: unknown): string {
  return (e as { code?: string }).code ?? 'unknown error';
}

/** Why in words, with the code: "the disk is full (ENOSPC)". */
export function describeErrno(e: unknown): string {
  const code = errnoCode(e);
  return WHY[code] ? `${WHY[code]} (${code})` : code;
}

/**
 * `cannot write <file>: the disk is full (ENOSPC); the previous state was kept`. `kept` names what was left
 * as it was (omit for reads). The hint defaults to the usual ways out of a full or read-only disk.
 */
export function fileIoError(file: string, action: 'read' | 'write', e: unknown, options: { kept?: string; hint?: string } = {}): OssScoutError {
  const kept = options.kept === undefined ? '' : `; ${options.kept} was kept`;
  return new OssScoutError('state', `cannot ${action} ${file}: ${describeErrno(e)}${kept}`, {
    hint: options.hint ?? 'free some space or fix the permissions, or set OSS_SCOUT_HOME to a writable folder',
    cause: e,
  });
}
