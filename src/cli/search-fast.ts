// `oss-scout search ...` asked again while nothing it rests on has changed: bin/oss-scout.js tries here
// before loading the CLI, and prints what the identical search printed (src/search/replay.ts says when).
// Built on its own, one file, like list-fast.ts: a miss costs a stat or two and one small read.
import { resolvePaths } from '../paths.js';
import { installProcessHandlers } from './exit.js';
import { findReplay, packageVersion, replayKey } from '../search/replay.js';
import { quickSearchArgs } from './search-args.js';

/** True when the output was printed again; false when the full CLI must run the search. */
export function replaySearch(args: readonly string[]): boolean {
  if (quickSearchArgs(args)?.replayable !== true) return false;
  let cacheDir: string;
  try {
    cacheDir = resolvePaths(process.env).cacheDir;
  } catch {
    return false;
  }
  const written = findReplay(cacheDir, () => replayKey(args, process.env, process, packageVersion()), Date.now());
  if (!written) return false;
  // A closed pipe (`| head`) ends the run quietly, as in the full CLI.
  installProcessHandlers();
  for (const [n, text] of written) (n === 1 ? process.stdout : process.stderr).write(text);
  return true;
}
