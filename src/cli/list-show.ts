// Printing the claims for `list`, shared by the command and by the fast path in list-fast.ts.
import { claimsJson } from '../render/claims-json.js';
import { ACTIVE_STATUSES } from '../state/claims.js';
import type { State } from '../state/schema.js';
import type { CliContext } from '../context.js';

export interface ShowClaimsOptions {
  json: boolean;
  all: boolean;
}

export async function showClaims(state: State, opts: ShowClaimsOptions, ctx: CliContext): Promise<void> {
  const shown = opts.all ? state.claims : state.claims.filter((c) => ACTIVE_STATUSES.includes(c.status));
  if (opts.json) {
    ctx.stdout.write(`${JSON.stringify(claimsJson(shown), null, 2)}\n`);
    return;
  }
  if (shown.length === 0) {
    ctx.stdout.write(opts.all ? 'no claims yet: oss-scout claim owner/repo#N\n' : 'no active claims (--all shows dropped, merged and closed ones)\n');
    return;
  }
  // string-width (display widths) is only needed for the table, not for --json.
  const { renderClaimsTable } = await import('../render/claims-table.js');
  ctx.stdout.write(renderClaimsTable(shown, ctx.now(), ctx.stdout.isTTY === true && ctx.stdout.columns ? ctx.stdout.columns : undefined));
}
