// How a run ends: the one error line on stderr and its exit code, the secrets kept out of every line we
// print, Ctrl-C and closed pipes. Used by the full CLI and by the fast paths.
import { ExitCode, isOssScoutError, type ErrorKind } from '../errors.js';
import { redact } from '../redact.js';
import { sanitizeLine } from '../render/sanitize.js';
import type { CliContext, OutputStream } from '../context.js';

// GitHub's token formats (classic, OAuth, user-to-server, server-to-server, refresh, fine-grained).
const TOKEN_SHAPE = /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g;
// A mistyped --token (--tokn, --toke, -token...) still carries a token: its value is a secret too.
const TOKEN_LIKE_FLAG = /^--?t[a-z]{0,2}k[a-z]{0,4}$|^--?to?ke?n?$/i;

/** Secrets we know of at the boundary: whatever the user could have passed as a token. */
export function knownSecrets(argv: readonly string[], env: NodeJS.ProcessEnv): string[] {
  const secrets = [env.GH_TOKEN, env.GITHUB_TOKEN, env.GH_ENTERPRISE_TOKEN, env.GITHUB_ENTERPRISE_TOKEN];
  argv.forEach((a, i) => {
    const eq = a.indexOf('=');
    const flag = eq === -1 ? a : a.slice(0, eq);
    if (flag.startsWith('-') && TOKEN_LIKE_FLAG.test(flag)) secrets.push(eq === -1 ? argv[i + 1] : a.slice(eq + 1));
    for (const m of a.matchAll(TOKEN_SHAPE)) secrets.push(m[0]);
  });
  return [...new Set(secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4))];
}

/**
 * The stream with each string written passed through `change` first.
 * A Proxy, not a copy, so a spinner still sees a real TTY stream (cursor moves, columns).
 */
export function onWrite<T extends OutputStream>(stream: T, change: (text: string) => string): T {
  // The write of the stream as it is now: ora replaces `write` on the stream while it spins and calls the
  // one it found (ours) from its replacement, so calling `target.write` here would loop.
  const write = (stream.write as (...a: unknown[]) => unknown).bind(stream);
  const changed = (chunk: unknown, ...rest: unknown[]): unknown => write(typeof chunk === 'string' ? change(chunk) : chunk, ...rest);
  return new Proxy(stream, {
    get(target, key) {
      if (key === 'write') return changed;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The stream with every write redacted, the spinner's frames included. */
export function redacting<T extends OutputStream>(stream: T, secrets: readonly string[]): T {
  return secrets.length === 0 ? stream : onWrite(stream, (text) => redact(text, secrets));
}

// What to do, when the error itself did not say: the documented line always has both halves.
const DEFAULT_HINT: Record<ErrorKind, string> = {
  usage: "see 'oss-scout --help'",
  'not-found': "check the name or number; 'oss-scout list --all' shows your claims",
  upstream: 'try again in a few minutes; --debug shows the requests',
  network: 'check your network connection, or the --api-url / GITHUB_API_URL setting',
  timeout: 'try again, or allow longer with --timeout <seconds>',
  auth: 'check the token: `gh auth login`, then export GH_TOKEN=$(gh auth token)',
  'rate-limited': 'wait for the reset, or use `search --offline` meanwhile',
  state: 'check that the path names a file in a folder you can write to; `oss-scout paths` shows where oss-scout keeps its files',
  interrupted: 'run the command again',
};

// An error page a proxy or server sent instead of JSON; `<file>` in our own hints is not one.
const HTML_PAGE = /<(?:!doctype|html|head|body|title)\b/i;
const HTML_TAG = /<\/?(?:!doctype|html|head|body|title|meta|link|style|script|div|span|p|a|b|i|em|strong|h[1-6]|br|hr|center|pre|ul|ol|li|table|tr|td|th|img|form|input|button|noscript)\b[^>]*>/gi;

/** One line of text: tags of an echoed HTML page removed, whitespace folded, escape sequences gone, bounded. */
export function oneLine(text: string, max = 300): string {
  const noTags = HTML_PAGE.test(text) ? text.replace(/<!--[\s\S]*?-->|<(style|script)\b[\s\S]*?<\/\1>/gi, ' ').replace(HTML_TAG, ' ') : text;
  const line = sanitizeLine(noTags).replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** Prints one line (and the stack with --debug), never a secret; returns the exit code. */
export function reportError(e: unknown, ctx: Pick<CliContext, 'stderr'>, options: { debug: boolean; secrets: readonly string[] }): number {
  const { debug, secrets } = options;
  if (isOssScoutError(e)) {
    const what = oneLine(e.message) || 'failed';
    const hint = oneLine(e.hint ?? DEFAULT_HINT[e.kind]);
    ctx.stderr.write(`oss-scout: ${redact(`${what} — ${hint}`, secrets)}\n`);
    if (debug && e.stack) ctx.stderr.write(`${redact(e.stack, secrets)}\n`);
    return e.exitCode;
  }
  const message = e instanceof Error ? e.message : String(e);
  ctx.stderr.write(`oss-scout: unexpected error: ${redact(oneLine(message), secrets)} — run again with --debug and report it with the stack trace\n`);
  if (debug && e instanceof Error && e.stack) ctx.stderr.write(`${redact(e.stack, secrets)}\n`);
  return ExitCode.internal;
}

// Installed once per process: the early start of a search (cli/search-early.ts, a bundle of its own with its
// own copy of this module) installs them before the CLI loads, and the CLI then gets the same signal.
const INSTALLED = Symbol.for('oss-scout.process-handlers');

/**
 * Process-level behaviour shared by every entry: a closed pipe (`| head`) ends quietly, and Ctrl-C exits
 * 130 at once. State writes are atomic (temp file + rename) and locks are released on exit, so stopping
 * mid-command is safe. Returns the signal long operations pass to fetch.
 */
export function installProcessHandlers(): AbortSignal {
  const registry = globalThis as Record<symbol, AbortSignal | undefined>;
  const installed = registry[INSTALLED];
  if (installed) return installed;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  const controller = new AbortController();
  process.once('SIGINT', interrupted(controller));
  registry[INSTALLED] = controller.signal;
  return controller.signal;
}

function interrupted(controller: AbortController): () => never {
  return () => {
    controller.abort();
    process.stderr.write('\noss-scout: interrupted — nothing was half-written; run the command again\n');
    process.exit(ExitCode.interrupted);
  };
}
