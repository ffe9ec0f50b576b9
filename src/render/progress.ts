// The one progress indicator: an ora spinner on stderr when stderr is a terminal and the output is not
// JSON; otherwise nothing. Lines printed meanwhile (notices, --debug requests) clear the spinner first.
// Also the request hooks every command that talks to GitHub passes to its client, so --debug and
// --verbose mean the same everywhere.
import type { CliContext, GlobalOptions, OutputStream } from '../context.js';
import { sanitizeLine } from './sanitize.js';

export interface Progress {
  /** Shows (or updates) the spinner text. */
  status(text: string): void;
  /** One line on stderr, above the spinner. */
  line(text: string): void;
  stop(): void;
  /** The spinner was shown at some point: what went to stderr is more than the lines. */
  readonly spun: boolean;
}

interface Spinner {
  text: string;
  isSpinning: boolean;
  start(): unknown;
  stop(): unknown;
  clear(): unknown;
  render(): unknown;
}

export async function startProgress(ctx: Pick<CliContext, 'stderr'>, options: { quiet: boolean }): Promise<Progress> {
  let spinner: Spinner | undefined;
  // Only a terminal gets notices wrapped to its width, and only then are display widths loaded (string-width
  // builds an Intl.Segmenter as it loads: ~15 ms, a good part of a cached --json search).
  const widths = ctx.stderr.isTTY === true ? await import('./width.js') : undefined;
  if (!options.quiet && ctx.stderr.isTTY === true) {
    const { default: ora } = await import('ora');
    spinner = ora({ stream: ctx.stderr as NodeJS.WritableStream, discardStdin: false }) as unknown as Spinner;
  }
  let spun = false;
  return {
    get spun() {
      return spun;
    },
    status(text) {
      if (!spinner) return;
      spinner.text = text;
      if (!spinner.isSpinning) spinner.start();
      spun = true;
    },
    line(text) {
      spinner?.clear();
      ctx.stderr.write(`${widths ? fitToTerminal(text, ctx.stderr, widths) : text}\n`);
      if (spinner?.isSpinning) spinner.render();
    },
    stop() {
      spinner?.stop();
    },
  };
}

/** On a terminal, a long notice breaks between words (never mid-word); elsewhere it stays one line. */
function fitToTerminal(text: string, stream: Pick<OutputStream, 'isTTY' | 'columns'>, { displayWidth, wrapWords }: typeof import('./width.js')): string {
  const width = stream.isTTY === true && stream.columns !== undefined && stream.columns >= 40 ? stream.columns : 0;
  if (width === 0 || displayWidth(text) <= width) return text;
  const [first = '', ...rest] = wrapWords(text, width);
  return [first, ...wrapWords(rest.join(' '), width - 2).map((l) => `  ${l}`)].join('\n');
}

export interface RequestInfo {
  method: string;
  url: string;
  status: number | undefined;
  ms: number;
}

export interface ClientHooks {
  onRequest?: (info: RequestInfo) => void;
  onWait?: (seconds: number, reason: string) => void;
}

/**
 * --debug prints every request (method, URL, status, time: never a header, so never the token); a wait
 * for a rate limit shows in the spinner, or as a line with --verbose or --debug. `onCount` sees each
 * finished request, for spinners that count them.
 */
export function clientHooks(globals: GlobalOptions, progress: Progress, onCount?: (requests: number) => void): ClientHooks {
  let requests = 0;
  return {
    onRequest: (info) => {
      requests += 1;
      onCount?.(requests);
      if (globals.debug) progress.line(`→ ${info.method} ${sanitizeLine(info.url)} ${info.status ?? 'failed'} (${Math.round(info.ms)} ms)`);
    },
    onWait: (seconds, reason) => {
      const text = `waiting ${Math.ceil(seconds)} s (${reason})`;
      progress.status(text);
      if (globals.verbose || globals.debug) progress.line(text);
    },
  };
}

/** What --verbose prints after a command that talked to GitHub. */
export function formatRequestStats(s: { requests: number; graphqlRequests: number; graphqlCost: number; graphqlRemaining?: number | undefined }): string {
  const remaining = s.graphqlRemaining === undefined ? '' : `, ${s.graphqlRemaining} points left this hour`;
  return `requests: ${s.requests} (${s.graphqlRequests} GraphQL); GraphQL cost: ${s.graphqlCost}${remaining}`;
}
