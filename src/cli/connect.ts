// How a command connects to GitHub: the global flags, the environment, the cache directory for ETags and
// server capabilities, Ctrl-C, and the --verbose line about the token. Loads Octokit: import it lazily.
import { connect, type GitHubClient } from '../github/client.js';
import type { Connection } from '../github/token.js';
import { resolvePaths } from '../paths.js';
import type { CliContext, GlobalOptions } from './context.js';

export async function connectFromCli(globals: GlobalOptions, ctx: CliContext): Promise<GitHubClient & { connection: Connection }> {
  return connect({
    flags: globals,
    env: ctx.env,
    cacheDir: resolvePaths(ctx.env).cacheDir,
    now: ctx.now,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(globals.verbose ? { onVerbose: (line: string) => void ctx.stderr.write(`${line}\n`) } : {}),
  });
}
