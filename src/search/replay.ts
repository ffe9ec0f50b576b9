// A search repeated while its cache entries are fresh prints what the same search printed last time, without
// loading the CLI or ranking again: the answer would be the same, and `npm run bench` shows that loading
// and ranking are most of a warm search. An output is kept only for arguments that change nothing but what
// is printed (cli/search-args.ts says which), only when the search ended well on live data, and it is used
// only while every file the search read (settings, claims, cache entries) is unchanged and its oldest cache
// entry is younger than the cache's 10 minutes. Anything else (--refresh, --offline, a changed profile,
// another terminal width) runs in full.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { hashKey, readJsonFile, writeJsonFile } from '../cache/files.js';
import { sanitizeTerminal } from '../render/sanitize.js';

const FORMAT = 'oss-scout-search-replay';
const VERSION = 1;
/** Outputs kept: one per distinct search (flags, terminal), the most recent first. */
const KEEP = 8;

/**
 * The variables that change what a search reads or prints (token variables: whether set, never the value),
 * and where it reads: the files a kept output was made from are named by the paths these gave.
 */
const KEY_VARIABLES = [
  'GITHUB_API_URL',
  'GH_HOST',
  'OSS_SCOUT_NO_GH',
  'NO_COLOR',
  'FORCE_COLOR',
  'TZ',
  'OSS_SCOUT_HOME',
  'HOME',
  'XDG_CONFIG_HOME',
  'XDG_DATA_HOME',
  'XDG_CACHE_HOME',
  'APPDATA',
  'LOCALAPPDATA',
  'GH_CONFIG_DIR',
] as const;
const TOKEN_VARIABLES = ['GH_TOKEN', 'GITHUB_TOKEN', 'GH_ENTERPRISE_TOKEN', 'GITHUB_ENTERPRISE_TOKEN'] as const;

export interface ReplayStreams {
  stdout: { isTTY?: boolean; columns?: number };
  stderr: { isTTY?: boolean; columns?: number };
}

/**
 * What must be the same for an output to be replayed: the arguments, the relevant variables, the
 * terminals, the program's version. A hash, so the file holds no argument or variable verbatim.
 */
export function replayKey(args: readonly string[], env: NodeJS.ProcessEnv, streams: ReplayStreams, version: string): string {
  const stream = (s: ReplayStreams['stdout']): [boolean, number | null] => [s.isTTY === true, s.isTTY === true ? (s.columns ?? null) : null];
  return hashKey([
    FORMAT,
    version,
    args,
    KEY_VARIABLES.map((v) => env[v] ?? null),
    TOKEN_VARIABLES.map((v) => Boolean(env[v])),
    stream(streams.stdout),
    stream(streams.stderr),
  ]);
}

/** A file's identity as the check compares it; null for one that is not there. */
type FileStamp = [file: string, stamp: string | null];

function stampOf(file: string): FileStamp {
  const st = statSync(file, { throwIfNoEntry: false });
  return [file, st ? `${st.ino}:${st.size}:${st.mtimeMs}` : null];
}

/** One write, to stdout (1) or stderr (2), in the order they happened. */
export type Written = [stream: 1 | 2, text: string];

interface StoredOutput {
  key: string;
  /** Epoch ms after which the cache entries behind it are stale. */
  validUntil: number;
  files: FileStamp[];
  written: Written[];
}

interface ReplayFile {
  format: typeof FORMAT;
  version: typeof VERSION;
  outputs: StoredOutput[];
}

export function replayFile(cacheDir: string): string {
  return path.join(cacheDir, 'search-replay.json');
}

function parseFile(raw: unknown): StoredOutput[] {
  const f = raw as Partial<ReplayFile> | undefined;
  if (!f || f.format !== FORMAT || f.version !== VERSION || !Array.isArray(f.outputs)) return [];
  return f.outputs.filter(
    (o): o is StoredOutput =>
      typeof o?.key === 'string' &&
      typeof o.validUntil === 'number' &&
      Array.isArray(o.files) &&
      o.files.every((x) => Array.isArray(x) && typeof x[0] === 'string' && (typeof x[1] === 'string' || x[1] === null)) &&
      Array.isArray(o.written) &&
      o.written.every((w) => Array.isArray(w) && (w[0] === 1 || w[0] === 2) && typeof w[1] === 'string'),
  );
}

// Colour (SGR) sequences are the only escapes a search prints; everything else is stripped as from any file.
const SGR = /(\u001b\[[0-9;]*m)/;

/** The kept text made safe to print: what the search printed, minus anything it could not have printed. */
export function safeToPrint(text: string): string {
  return text
    .split(SGR)
    .map((part, i) => (i % 2 === 1 ? part : sanitizeTerminal(part)))
    .join('');
}

/**
 * The output to print again for this search, or undefined. Reads one file and looks at the files the kept
 * output was made from; never throws.
 */
export function findReplay(cacheDir: string, key: string | (() => string), now: number): Written[] | undefined {
  let outputs: StoredOutput[];
  try {
    outputs = parseFile(JSON.parse(readFileSync(replayFile(cacheDir), 'utf8')));
  } catch {
    return undefined;
  }
  // The key is worked out only when there is something to look up (a cold search has no file).
  const wanted = typeof key === 'string' ? key : key();
  const hit = outputs.find((o) => o.key === wanted);
  if (!hit || now >= hit.validUntil) return undefined;
  try {
    if (!hit.files.every(([file, stamp]) => stampOf(file)[1] === stamp)) return undefined;
  } catch {
    return undefined;
  }
  return hit.written.map(([s, text]) => [s, safeToPrint(text)]);
}

/**
 * Keeps this search's output for the next identical one. `files` are what it read (src/io/read-log.ts),
 * stamped now, after its own cache writes. Best effort: a failure only costs the next search its shortcut.
 */
export async function keepReplay(cacheDir: string, entry: { key: string; validUntil: number; files: readonly string[]; written: Written[] }): Promise<void> {
  try {
    const file = replayFile(cacheDir);
    const others = parseFile(await readJsonFile(file)).filter((o) => o.key !== entry.key && o.validUntil > Date.now());
    const stored: StoredOutput = { key: entry.key, validUntil: entry.validUntil, files: entry.files.map(stampOf), written: entry.written };
    const value: ReplayFile = { format: FORMAT, version: VERSION, outputs: [stored, ...others].slice(0, KEEP) };
    await writeJsonFile(file, value);
  } catch {
    // only a shortcut
  }
}

/**
 * The program's version, part of the key: an upgrade may print differently. package.json is two folders
 * up from src/search/, dist/cli/ and dist/chunks/ alike.
 */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
