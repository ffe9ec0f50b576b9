import type { Command } from 'commander';
import { usageError } from '../errors.js';
import type { GlobalOptions } from '../context.js';

export const DEFAULT_TIMEOUT_SECONDS = 30;

export function addGlobalOptions(program: Command): Command {
  return program
    .option('--api-url <url>', 'GitHub API base URL (default: $GITHUB_API_URL or https://api.github.com)')
    .option('--token <token>', 'GitHub token (default: $GH_TOKEN, $GITHUB_TOKEN, then `gh auth token`)')
    .option('--timeout <seconds>', `request timeout in seconds (default ${DEFAULT_TIMEOUT_SECONDS})`)
    .option('--verbose', 'print request counts and GraphQL cost on stderr')
    .option('--debug', 'print stack traces and request details on stderr (never the token)');
}

/** Reads the root program's options from any subcommand. */
export function readGlobalOptions(cmd: Command): GlobalOptions {
  const o = cmd.optsWithGlobals() as Record<string, unknown>;
  let timeoutMs = DEFAULT_TIMEOUT_SECONDS * 1000;
  if (o.timeout !== undefined) {
    const s = Number(o.timeout);
    if (!Number.isFinite(s) || s <= 0) throw usageError(`--timeout takes a positive number of seconds, got "${String(o.timeout)}"`);
    timeoutMs = Math.round(s * 1000);
  }
  return {
    apiUrl: typeof o.apiUrl === 'string' ? o.apiUrl : undefined,
    token: typeof o.token === 'string' ? o.token : undefined,
    debug: o.debug === true,
    verbose: o.verbose === true,
    timeoutMs,
  };
}
