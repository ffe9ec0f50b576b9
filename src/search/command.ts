// The `search` action: spinner, notices, warnings, then JSON or a table. Loaded lazily by src/cli/search.ts.
import type { CliContext, GlobalOptions } from '../context.js';
import { useColor } from '../render/ansi.js';
import type { SearchOptions } from './options.js';
import { formatExplanation } from '../render/explain.js';
import { getSearchJson } from '../render/search-json.js';
import { renderSearchTable } from '../render/search-table.js';
import { sanitizeLine, sanitizeTerminal } from '../render/sanitize.js';
import { assertSomeRepoAnswered, runSearch, type SearchHooks } from './run.js';

interface Spinner {
  text: string;
  start(): unknown;
  stop(): unknown;
  clear(): unknown;
  render(): unknown;
}

async function makeSpinner(ctx: CliContext, options: SearchOptions): Promise<Spinner | undefined> {
  if (options.json || ctx.stderr.isTTY !== true || options.snapshot !== undefined) return undefined;
  const { default: ora } = await import('ora');
  return ora({ stream: ctx.stderr as NodeJS.WritableStream, text: 'fetching issues', discardStdin: false });
}

export async function runSearchCommand(options: SearchOptions, globals: GlobalOptions, ctx: CliContext): Promise<void> {
  const spinner = await makeSpinner(ctx, options);
  const line = (text: string): void => {
    spinner?.clear();
    ctx.stderr.write(`${text}\n`);
    spinner?.render();
  };
  const hooks: SearchHooks = {
    notice: (text) => line(`oss-scout: ${text}`),
    onFetchStart: (n) => {
      if (spinner) {
        spinner.text = `fetching issues from ${n} repositories`;
        spinner.start();
      }
    },
    onProgress: (done, total) => {
      if (spinner) spinner.text = `fetching issues: ${done}/${total} repositories`;
    },
    onWait: (seconds, reason) => {
      if (spinner) spinner.text = `waiting ${Math.ceil(seconds)} s (${reason})`;
      else if (globals.verbose) line(`waiting ${Math.ceil(seconds)} s (${reason})`);
    },
    ...(globals.verbose
      ? {
          onRequest: (info: { method: string; url: string; status: number | undefined; ms: number }) =>
            line(`→ ${info.method} ${sanitizeLine(info.url)} ${info.status ?? 'failed'} (${Math.round(info.ms)} ms)`),
        }
      : {}),
  };

  let run;
  try {
    run = await runSearch(options, globals, ctx, hooks);
  } finally {
    spinner?.stop();
  }

  if (globals.verbose && run.source === 'github') {
    ctx.stderr.write(`cache: ${run.cachedRepos} of ${run.requestedRepos.length} repositories answered from the cache\n`);
  }
  if (globals.verbose && run.stats) {
    const s = run.stats;
    const remaining = s.graphqlRemaining === undefined ? '' : `, ${s.graphqlRemaining} points left this hour`;
    ctx.stderr.write(`requests: ${s.requests} (${s.graphqlRequests} GraphQL); GraphQL cost: ${s.graphqlCost}${remaining}\n`);
  }
  // First: when no repository answered, the error line alone says it (no warning repeating it above).
  assertSomeRepoAnswered(run);
  for (const f of run.fetch.failures) {
    ctx.stderr.write(`warning: ${sanitizeLine(f.repo)}: ${sanitizeLine(f.message)}\n`);
  }

  const { result } = run;
  if (options.json) {
    ctx.stdout.write(`${JSON.stringify(getSearchJson(result), null, 2)}\n`);
    return;
  }
  if (result.issues.length === 0) {
    ctx.stderr.write('no open, untaken beginner issues found; try more repositories, other --labels, or --include-taken\n');
  } else {
    ctx.stdout.write(
      renderSearchTable(result.issues, {
        now: ctx.now(),
        color: useColor(ctx),
        tty: ctx.stdout.isTTY === true,
        ...(ctx.stdout.columns !== undefined ? { columns: ctx.stdout.columns } : {}),
      }),
    );
  }
  if (options.explain && result.issues.length > 0) {
    ctx.stdout.write(`\n${sanitizeTerminal(formatExplanation(result.issues))}\n`);
  }
  if (result.hiddenTaken > 0) {
    ctx.stderr.write(`${result.hiddenTaken} taken issue${result.hiddenTaken === 1 ? '' : 's'} hidden (--include-taken shows them)\n`);
  }
}
