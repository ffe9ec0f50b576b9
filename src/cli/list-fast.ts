// `oss-scout list [--json] [--all]` without Commander: bin/oss-scout.js sends exactly those argument lists
// here, because loading the full command table costs more than reading a 1,000-claim state. Anything else
// (--refresh, --help, global options, typos) goes to the full CLI, which prints the same output.
import { stateStoreFor } from '../state/claims.js';
import { processContext } from './context.js';
import { showClaims } from './list-show.js';
import { installProcessHandlers, knownSecrets, reportError } from './exit.js';

export async function listFast(args: readonly string[]): Promise<void> {
  const ctx = processContext(installProcessHandlers());
  try {
    const state = await stateStoreFor(ctx.env).read();
    await showClaims(state, { json: args.includes('--json'), all: args.includes('--all') }, ctx);
  } catch (e) {
    process.exitCode = reportError(e, ctx, { debug: false, secrets: knownSecrets([...args], ctx.env) });
  }
}
