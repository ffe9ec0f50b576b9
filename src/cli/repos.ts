import type { Command } from 'commander';
import { OssScoutError } from '../errors.js';
import type { CliContext } from './context.js';

// Placeholder registration; the real command replaces this file.
export function register(program: Command, _ctx: CliContext): void {
  program
    .command('repos')
    .description('(not built yet)')
    .action(() => {
      throw new OssScoutError('usage', 'repos is not available in this build');
    });
}
