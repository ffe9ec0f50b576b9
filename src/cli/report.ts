// `oss-scout report`: flags, progress and output here; what goes in the report is src/report/run.ts.
// The state, GitHub and rendering modules load inside the action so `--help` never pays for Octokit.
import type { Command } from 'commander';
import { resolvePeriod, type ReportPeriod } from '../core/report-period.js';
import { usageError } from '../errors.js';
import type { CliContext, GlobalOptions } from '../context.js';
import { useColor } from '../render/ansi.js';
import { readGlobalOptions } from './global-options.js';

export type ReportFormat = 'text' | 'md' | 'json';
const FORMATS: readonly ReportFormat[] = ['text', 'md', 'json'];

interface RawReportFlags {
  week?: boolean;
  since?: string;
  until?: string;
  format?: string;
  output?: string;
  refresh?: boolean;
  json?: boolean;
}

export interface ReportOptions {
  period: ReportPeriod;
  format: ReportFormat;
  /** undefined: stdout. */
  output: string | undefined;
  refresh: boolean;
}

/** Pure: flags -> options, or a usage error (exit 2). */
export function parseReportOptions(raw: RawReportFlags, now: Date): ReportOptions {
  if (raw.json === true && raw.format !== undefined && raw.format.trim().toLowerCase() !== 'json') {
    throw usageError(`--json and --format ${raw.format} ask for different formats`, 'pass one of them');
  }
  const format = raw.json === true ? 'json' : (raw.format ?? 'text').trim().toLowerCase();
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw usageError(`--format must be one of ${FORMATS.join(', ')}, got "${raw.format ?? ''}"`);
  }
  const period = resolvePeriod(
    {
      ...(raw.week ? { week: true } : {}),
      ...(raw.since !== undefined ? { since: raw.since } : {}),
      ...(raw.until !== undefined ? { until: raw.until } : {}),
    },
    now,
  );
  const output = raw.output === undefined || raw.output === '-' ? undefined : raw.output;
  if (output !== undefined && output.trim() === '') throw usageError('--output needs a file name (or - for stdout)');
  return { period, format: format as ReportFormat, output, refresh: raw.refresh !== false };
}

async function writeOutput(file: string, text: string, cwd: string): Promise<string> {
  const { writeUserFile } = await import('../io/user-file.js');
  return writeUserFile(file, text, 'report', cwd);
}

/** The test hook (as search's runF). */
export type ReportRunner = (options: ReportOptions, globals: GlobalOptions, ctx: CliContext) => Promise<void>;

export async function runReportCommand(opts: ReportOptions, globals: GlobalOptions, ctx: CliContext): Promise<void> {
  const [{ runReport }, progressMod] = await Promise.all([import('../report/run.js'), import('../render/progress.js')]);
  const progress = await progressMod.startProgress(ctx, { quiet: opts.format === 'json' && opts.output === undefined });
  let requests = 0;
  const client = progressMod.clientHooks(globals, progress, (n) => (requests = n));
  let report;
  try {
    report = await runReport({ period: opts.period, refresh: opts.refresh }, globals, ctx, {
      notice: (line) => progress.line(`oss-scout: ${line}`),
      onPhase: (text) => progress.status(text),
      ...client,
    });
  } finally {
    progress.stop();
  }
  if ((globals.verbose || globals.debug) && opts.refresh) ctx.stderr.write(`requests: ${requests}\n`);

  let text: string;
  if (opts.format === 'json') {
    text = (await import('../render/report-json.js')).renderReportJson(report);
  } else if (opts.format === 'md') {
    text = (await import('../render/report-md.js')).renderReportMarkdown(report);
  } else {
    const toTerminal = opts.output === undefined;
    text = (await import('../render/report-text.js')).renderReportText(report, {
      color: toTerminal && useColor(ctx),
      ...(toTerminal && ctx.stdout.isTTY === true && ctx.stdout.columns !== undefined ? { width: ctx.stdout.columns } : {}),
    });
  }
  if (opts.output === undefined) {
    ctx.stdout.write(text);
  } else {
    const target = await writeOutput(opts.output, text, ctx.cwd);
    ctx.stderr.write(`oss-scout: report written to ${target}\n`);
  }
}

export function register(program: Command, ctx: CliContext, runF: ReportRunner = runReportCommand): void {
  program
    .command('report')
    .description('a contribution report: claims, pull requests opened and merged, review waits, streak, next up')
    .option('--week', 'the current ISO week: Monday 00:00 UTC to now')
    .option('--since <date>', 'start of the period: YYYY-MM-DD (midnight UTC) or an ISO date-time')
    .option('--until <date>', 'end of the period (with --since; a bare date includes that whole day; default: now)')
    .option('--format <format>', 'text, md (GitHub Markdown) or json (default: text)')
    .option('--json', 'the same as --format json')
    .option('--output <file>', 'write to this file, atomically (- for stdout)')
    .option('--no-refresh', 'no GitHub requests: build the report from the local state only')
    .addHelpText(
      'after',
      `
Examples:
  $ oss-scout report                         # the last 7 days, ending now
  $ oss-scout report --week --format md --output week.md
  $ oss-scout report --since 2026-01-01 --until 2026-03-31 --json

The default period is the 7 days ending now; --week is the current ISO week (Monday 00:00 UTC to now).
Unless --no-refresh, claims are refreshed from GitHub first (as \`list --refresh\` does), your pull requests
in the catalog, your repository list and your claimed repos are found with GitHub search, and "Next up"
lists the top 3 issues for your saved skills. Without a token, or when GitHub cannot be reached, the
report says so on stderr and is built from the local state.`,
    )
    .action(async (raw: RawReportFlags, cmd: Command) => {
      const globals = readGlobalOptions(cmd);
      await runF(parseReportOptions(raw, ctx.now()), globals, ctx);
    });
}
