// `search` argument lists as the shortcuts in bin/oss-scout.js read them before Commander has loaded
// (search-fast.ts prints a kept output, search-early.ts sends the first pass): only the flags below, in
// Commander's spellings (`--flag value`, `--flag=value`, the last of a repeated flag wins). Anything else
// is undefined, and the full CLI runs as it would without the shortcuts.
import type { RawSearchFlags } from './search.js';

/** The flags read here: the RawSearchFlags field each sets (or what else it is), and whether it takes a value. */
const FLAGS: Readonly<Record<string, [field: keyof RawSearchFlags | 'apiUrl' | 'says-more' | 'none', takesValue: boolean]>> = {
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
  '--timeout': ['none', true],
  '--verbose': ['says-more', false],
  '--debug': ['says-more', false],
};

export interface QuickSearchArgs {
  raw: RawSearchFlags;
  apiUrl: string | undefined;
  /**
   * Every flag changes only what is printed, and prints nothing about the run itself (--verbose, --debug
   * do): an identical search may print a kept output again (src/search/replay.ts).
   */
  replayable: boolean;
}

export function quickSearchArgs(args: readonly string[]): QuickSearchArgs | undefined {
  if (args[0] !== 'search') return undefined;
  const raw: Record<string, string | boolean> = {};
  let apiUrl: string | undefined;
  let replayable = true;
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
    else if (field === 'says-more') replayable = false;
    else if (field !== 'none') raw[field] = value;
  }
  return { raw: raw as RawSearchFlags, apiUrl, replayable };
}
