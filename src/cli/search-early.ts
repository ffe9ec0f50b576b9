// bin/oss-scout.js calls this for `oss-scout search ...` before it loads the CLI: the flags are read here as
// Commander will read them, for the few that decide the first pass, and src/search/early.ts sends it. An
// argument list this does not fully understand sends nothing: the search then runs exactly as without it.
import { sendFirstPassEarly } from '../search/early.js';
import { parseSearchOptions, type RawSearchFlags } from './search.js';
import { installProcessHandlers } from './exit.js';

/** The flags allowed here, with the RawSearchFlags field each sets; `true` for the ones taking a value. */
const FLAGS: Readonly<Record<string, [field: keyof RawSearchFlags | 'apiUrl' | 'ignored', takesValue: boolean]>> = {
  '--skills': ['skills', true],
  '--repos': ['repos', true],
  '--labels': ['labels', true],
  '--limit': ['limit', true],
  '--claim-window': ['claimWindow', true],
  '--per-repo': ['perRepo', true],
  '--include-taken': ['includeTaken', false],
  '--json': ['json', false],
  '--explain': ['explain', false],
  '--api-url': ['apiUrl', true],
  '--timeout': ['ignored', true],
  '--verbose': ['ignored', false],
  '--debug': ['ignored', false],
};

/** `search` and its flags as Commander parses them (the last of a repeated flag wins); undefined for anything else. */
export function earlyFlags(args: readonly string[]): { raw: RawSearchFlags; apiUrl: string | undefined } | undefined {
  if (args[0] !== 'search') return undefined;
  const raw: Record<string, string | boolean> = {};
  let apiUrl: string | undefined;
  for (let i = 1; i < args.length; i++) {
    const arg = args[i] as string;
    const eq = arg.indexOf('=');
    const spec = FLAGS[eq > 0 ? arg.slice(0, eq) : arg];
    if (!spec || (eq > 0 && !spec[1])) return undefined;
    const [field, takesValue] = spec;
    let value: string | boolean = true;
    if (takesValue) {
      if (eq > 0) value = arg.slice(eq + 1);
      else if (i + 1 < args.length) value = args[++i] as string;
      else return undefined;
    }
    if (field === 'apiUrl') apiUrl = value as string;
    else if (field !== 'ignored') raw[field] = value;
  }
  return { raw: raw as RawSearchFlags, apiUrl };
}

/** Starts the first pass of this search if it can; never throws. */
export async function startEarlySearch(args: readonly string[]): Promise<void> {
  const flags = earlyFlags(args);
  if (!flags) return;
  // Ctrl-C from the first request on ends the run as it would once the CLI is up.
  installProcessHandlers();
  try {
    await sendFirstPassEarly(parseSearchOptions(flags.raw), flags.apiUrl, process.env, new Date());
  } catch {
    // a flag the search will reject: it says so itself
  }
}
