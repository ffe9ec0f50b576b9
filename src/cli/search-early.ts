// bin/oss-scout.js calls this for `oss-scout search ...` before it loads the CLI: the flags are read as
// Commander will read them (search-args.ts), and src/search/early.ts sends the first pass. An argument list
// not fully understood sends nothing: the search then runs exactly as without it.
import { sendFirstPassEarly } from '../search/early.js';
import { parseSearchOptions } from './search.js';
import { quickSearchArgs } from './search-args.js';
import { installProcessHandlers } from './exit.js';

/** Starts the first pass of this search if it can; never throws. */
export async function startEarlySearch(args: readonly string[]): Promise<void> {
  const flags = quickSearchArgs(args);
  if (!flags) return;
  // Ctrl-C from the first request on ends the run as it would once the CLI is up.
  installProcessHandlers();
  try {
    await sendFirstPassEarly(parseSearchOptions(flags.raw), flags.apiUrl, process.env, new Date());
  } catch {
    // a flag the search will reject: it says so itself
  }
}
