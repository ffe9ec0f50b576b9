import type { Command } from 'commander';
import { resolvePaths } from '../paths.js';
import type { CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  program
    .command('paths')
    .description('print where oss-scout keeps its config, state and cache')
    .option('--json', 'print as JSON')
    .addHelpText(
      'after',
      `
Examples:
  $ oss-scout paths
  $ oss-scout paths --json | jq -r .state
  $ OSS_SCOUT_HOME=~/scout oss-scout paths    # everything under one folder`,
    )
    .action((opts: { json?: boolean }) => {
      const p = resolvePaths(ctx.env);
      const data = { config: p.configDir, state: p.stateFile, cache: p.cacheDir, profile: p.profileFile, repos: p.reposFile };
      if (opts.json) {
        ctx.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      } else {
        for (const [k, v] of Object.entries(data)) ctx.stdout.write(`${k.padEnd(8)} ${v}\n`);
      }
    });
}
