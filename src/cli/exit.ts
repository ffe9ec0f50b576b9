// The one place an error becomes a line on stderr and an exit code (used by the full CLI and the fast paths).
import { ExitCode, isOssScoutError } from '../errors.js';
import { redact } from '../redact.js';
import type { CliContext } from './context.js';

/** Secrets we know of at the boundary: whatever the user could have passed as a token. */
export function knownSecrets(argv: string[], env: NodeJS.ProcessEnv): string[] {
  const secrets = [env.GH_TOKEN, env.GITHUB_TOKEN, env.GH_ENTERPRISE_TOKEN, env.GITHUB_ENTERPRISE_TOKEN];
  argv.forEach((a, i) => {
    if (a === '--token') secrets.push(argv[i + 1]);
    else if (a.startsWith('--token=')) secrets.push(a.slice('--token='.length));
  });
  return secrets.filter((s): s is string => typeof s === 'string' && s.length >= 4);
}

/** Prints one line (and the stack with --debug), never a secret; returns the exit code. */
export function reportError(e: unknown, ctx: CliContext, options: { debug: boolean; secrets: string[] }): number {
  const { debug, secrets } = options;
  if (isOssScoutError(e)) {
    const line = e.hint ? `${e.message} — ${e.hint}` : e.message;
    ctx.stderr.write(`oss-scout: ${redact(line, secrets)}\n`);
    if (debug && e.stack) ctx.stderr.write(`${redact(e.stack, secrets)}\n`);
    return e.exitCode;
  }
  const message = e instanceof Error ? e.message : String(e);
  ctx.stderr.write(`oss-scout: unexpected error: ${redact(message, secrets)} (run with --debug for details)\n`);
  if (debug && e instanceof Error && e.stack) ctx.stderr.write(`${redact(e.stack, secrets)}\n`);
  return ExitCode.internal;
}

/**
 * Process-level behaviour shared by every entry: a closed pipe (`| head`) ends quietly, and Ctrl-C exits
 * 130 at once. State writes are atomic (temp file + rename) and locks are released on exit, so stopping
 * mid-command is safe. Returns the signal long operations pass to fetch.
 */
export function installProcessHandlers(): AbortSignal {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  const controller = new AbortController();
  process.once('SIGINT', () => {
    controller.abort();
    process.stderr.write('\noss-scout: interrupted\n');
    process.exit(ExitCode.interrupted);
  });
  return controller.signal;
}
