// How a command connects to GitHub: the global flags, the environment, the cache directory for ETags and
// server capabilities, Ctrl-C, the --verbose line about the token, and the request hooks (--debug lines,
// spinner counts). Loads Octokit: import it lazily.
import type { CliContext, GlobalOptions } from '../context.js';
import { resolvePaths } from '../paths.js';
import { connect, type ConnectOptions, type GitHubClient } from './client.js';
import type { Connection } from './token.js';

export async function connectFromContext(
  globals: GlobalOptions,
  ctx: CliContext,
  hooks: Pick<ConnectOptions, 'onRequest' | 'onWait' | 'connection'> = {},
): Promise<GitHubClient & { connection: Connection }> {
  return connect({
    flags: globals,
    env: ctx.env,
    cacheDir: resolvePaths(ctx.env).cacheDir,
    now: ctx.now,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...hooks,
    ...(globals.verbose ? { onVerbose: (line: string) => void ctx.stderr.write(`${line}\n`) } : {}),
  });
}
