// What went wrong with a GitHub request, decided from the status, the headers, GraphQL error types and
// codes, and the network error's `code`: never from the wording of a message, which GitHub may change.
import { hostOf } from '../core/hosts.js';
import { OssScoutError } from '../errors.js';

export interface ErrorContext {
  apiUrl: string;
  hasToken: boolean;
}

interface GraphQLErrorEntry {
  type?: string;
  code?: string;
  message?: string;
}

interface OctokitLikeError {
  name?: string;
  message?: string;
  status?: number;
  response?: { headers?: Record<string, string | undefined>; data?: unknown; url?: string };
  headers?: Record<string, string | undefined>;
  errors?: GraphQLErrorEntry[];
  data?: unknown;
  cause?: unknown;
}

/** Set on the error our fetch wrapper throws when a request gets no answer in time. */
export const REQUEST_TIMEOUT_CODE = 'OSS_SCOUT_REQUEST_TIMEOUT';

export class RequestTimeoutError extends Error {
  override name = 'RequestTimeoutError';
  readonly code = REQUEST_TIMEOUT_CODE;
  constructor(ms: number, url: string) {
    super(`no response from ${hostOf(url)} within ${ms < 1000 ? (ms / 1000).toFixed(1) : Math.round(ms / 1000)} s`);
  }
}

/**
 * No route to the host: a DNS failure, a refused or unreachable port. Asking again in 1, 4 and 9 s gets
 * the same answer and makes an offline user wait 14 s for it. Resets mid-response are still retried.
 */
export const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EAI_NODATA',
  'ECONNREFUSED',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETDOWN',
  'EADDRNOTAVAIL',
]);

/** The first error down the cause chain with a string `code` (http-fetch nests it: TypeError -> Error, or AggregateError for a host with several addresses). */
function codedCause(e: unknown): { code: string; message?: string } | undefined {
  let c = e as { code?: unknown; cause?: unknown; errors?: unknown[] } | undefined;
  for (let i = 0; i < 6 && c && typeof c === 'object'; i++) {
    if (typeof c.code === 'string') return c as { code: string; message?: string };
    c = (c.cause ?? (Array.isArray(c.errors) ? c.errors[0] : undefined)) as typeof c;
  }
  return undefined;
}

/** The HTTP status of a failed request, looked for down the cause chain (a mapped error keeps Octokit's as its cause). */
export function httpStatusOf(e: unknown): number | undefined {
  let c = e as { status?: unknown; cause?: unknown } | undefined;
  for (let i = 0; i < 4 && c && typeof c === 'object'; i++) {
    if (typeof c.status === 'number') return c.status;
    c = c.cause as typeof c;
  }
  return undefined;
}

export function networkErrorCode(e: unknown): string | undefined {
  return codedCause(e)?.code;
}

/** No route to the host (see UNREACHABLE_CODES): every other request to it would fail the same way. */
export function isUnreachable(e: unknown): boolean {
  const code = networkErrorCode(e);
  return code !== undefined && UNREACHABLE_CODES.has(code);
}

/** The retry plugin's predicate: false for failures another attempt cannot fix. */
export function isRetryable(e: unknown): boolean {
  return !isUnreachable(e) && networkErrorCode(e) !== REQUEST_TIMEOUT_CODE;
}

/**
 * Errors that would hit every other request the same way: stop, rather than list each repo as failed (an
 * unreachable host, too: asking it again for each batch only makes an offline user wait).
 */
export function isFatal(e: OssScoutError): boolean {
  return e.kind === 'auth' || e.kind === 'rate-limited' || e.kind === 'interrupted' || (e.kind === 'network' && isUnreachable(e));
}

/**
 * A GraphQL primary rate limit. GitHub documents `type: RATE_LIMITED`; it has also answered
 * `type: RATE_LIMIT` with `code: graphql_rate_limit` (octokit/plugin-throttling#824). An entry with
 * neither is matched on GitHub's fixed text "API rate limit (already) exceeded", the one signal it carries.
 */
export function isGraphQLRateLimit(entry: GraphQLErrorEntry | null | undefined): boolean {
  if (!entry) return false;
  if (entry.type === 'RATE_LIMITED' || entry.type === 'RATE_LIMIT' || entry.code === 'graphql_rate_limit') return true;
  return entry.type === undefined && typeof entry.message === 'string' && /^API rate limit (?:already )?exceeded\b/i.test(entry.message);
}

/** "14:05 UTC (in 23 min)" */
export function describeReset(resetAt: Date, now: Date = new Date()): string {
  const ms = resetAt.getTime() - now.getTime();
  // A secondary limit's retry-after is seconds: "in 1 min" would send the user away for nothing.
  if (ms > 0 && ms < 60_000) return `${resetAt.toISOString().slice(11, 19)} UTC (in ${Math.ceil(ms / 1000)} s)`;
  const mins = Math.max(0, Math.ceil(ms / 60_000));
  const hhmm = resetAt.toISOString().slice(11, 16);
  return `${hhmm} UTC (in ${mins} min)`;
}

function headerOf(e: OctokitLikeError, name: string): string | undefined {
  return e.response?.headers?.[name] ?? e.headers?.[name];
}

function graphqlErrors(e: OctokitLikeError): GraphQLErrorEntry[] {
  const fromResponse = (e.response?.data as { errors?: GraphQLErrorEntry[] } | undefined)?.errors;
  const fromData = (e.data as { errors?: GraphQLErrorEntry[] } | undefined)?.errors;
  return [...(e.errors ?? []), ...(fromResponse ?? []), ...(fromData ?? [])].filter((x) => x && typeof x === 'object');
}

/** GitHub links every secondary-limit answer to the same section of its docs. */
function isSecondaryLimitDoc(e: OctokitLikeError): boolean {
  const doc = (e.response?.data as { documentation_url?: unknown } | undefined)?.documentation_url;
  return typeof doc === 'string' && /secondary-rate-limits/.test(doc);
}

function epoch(v: string | undefined): Date | undefined {
  return v !== undefined && v !== '' && Number.isFinite(Number(v)) ? new Date(Number(v) * 1000) : undefined;
}

function after(v: string | undefined, now: number): Date | undefined {
  return v !== undefined && v !== '' && Number.isFinite(Number(v)) ? new Date(now + Number(v) * 1000) : undefined;
}

const tokenHint = 'create one with `gh auth login` then `export GH_TOKEN=$(gh auth token)`, or pass --token';
const networkHint = 'check your network connection, or the --api-url / GITHUB_API_URL / GH_HOST setting';

/** Maps an Octokit / fetch error to a one-line OssScoutError. Never includes the token. */
export function mapGitHubError(err: unknown, ctx: ErrorContext): OssScoutError {
  if (err instanceof OssScoutError) return err;
  const e = (err ?? {}) as OctokitLikeError;
  // Our own fetch wrapper's verdicts (e.g. a body that is not JSON) arrive wrapped by Octokit.
  if (e.cause instanceof OssScoutError) return e.cause;
  const where = hostOf(ctx.apiUrl);
  const code = networkErrorCode(err);

  if (code === REQUEST_TIMEOUT_CODE) {
    const timeout = codedCause(err)?.message ?? `no response from ${where}`;
    return new OssScoutError('timeout', timeout, { hint: 'try again, or allow longer with --timeout <seconds>', cause: err });
  }
  // Ctrl-C: the platform's AbortError from the signal we passed to fetch.
  if (e.name === 'AbortError') return new OssScoutError('interrupted', 'interrupted', { cause: err });

  const status = e.status;
  const gqlErrors = graphqlErrors(e);
  const remaining = headerOf(e, 'x-ratelimit-remaining');
  const retryAfter = headerOf(e, 'retry-after');
  const message = e.message ?? '';
  const now = Date.now();

  if (status === 401) {
    return new OssScoutError('auth', `GitHub at ${where} refused the token (401 Bad credentials)`, {
      hint: ctx.hasToken ? `the token is invalid or expired: ${tokenHint}` : tokenHint,
      cause: err,
    });
  }

  const isPrimary = remaining === '0' || gqlErrors.some(isGraphQLRateLimit);
  const isSecondary =
    !isPrimary && (status === 429 || ((status === 403 || status === 429) && (retryAfter !== undefined || isSecondaryLimitDoc(e))));
  if (isPrimary || isSecondary) {
    // A secondary limit lifts after retry-after seconds; its x-ratelimit-reset is the hourly window, which
    // would send the user away for up to an hour for nothing.
    const resetAt = isPrimary
      ? (epoch(headerOf(e, 'x-ratelimit-reset')) ?? after(retryAfter, now))
      : (after(retryAfter, now) ?? (remaining === '0' ? epoch(headerOf(e, 'x-ratelimit-reset')) : undefined));
    const kind = isPrimary ? 'rate limit' : 'secondary rate limit';
    const when = resetAt ? `; it resets at ${describeReset(resetAt, new Date(now))}` : '';
    return new OssScoutError('rate-limited', `GitHub ${kind} exceeded${when}`, {
      hint: ctx.hasToken
        ? isPrimary
          ? 'wait for the reset, or use --snapshot / the cache meanwhile'
          : 'wait a moment and try again, with fewer repositories at once if it persists'
        : `without a token GitHub allows 60 requests an hour: ${tokenHint}`,
      ...(resetAt ? { resetAt } : {}),
      cause: err,
    });
  }

  if (status === 403) {
    return new OssScoutError('auth', `GitHub at ${where} denied access (403): ${firstLine(message)}`, {
      hint: 'check that the token has access to these repositories',
      cause: err,
    });
  }
  if (status === 404) {
    return new OssScoutError('not-found', `not found on ${where}: ${firstLine(message) || 'Not Found'}`, { cause: err });
  }
  // Octokit reports a request that got no HTTP answer as status 500 with the fetch error as its cause.
  if (status === 500 && e.response === undefined && e.cause !== undefined) {
    return new OssScoutError('network', `cannot reach ${where}: ${code ?? firstLine(message)}`, { hint: networkHint, cause: err });
  }
  if (status !== undefined && status >= 500) {
    return new OssScoutError('upstream', `GitHub at ${where} failed (${status}) after retries: ${firstLine(message) || 'server error'}`, {
      hint: 'GitHub may be having trouble; try again in a few minutes (https://www.githubstatus.com)',
      cause: err,
    });
  }
  if (status !== undefined && status > 0) {
    return new OssScoutError('upstream', `GitHub at ${where} answered ${status}: ${firstLine(message)}`, { cause: err });
  }
  if (e.name === 'GraphqlResponseError') {
    const first = gqlErrors.find((x) => typeof x.message === 'string')?.message ?? 'unknown error';
    return new OssScoutError('upstream', `GitHub GraphQL error: ${firstLine(first)}`, { cause: err });
  }
  if (code !== undefined) {
    return new OssScoutError('network', `cannot reach ${where}: ${code}`, { hint: networkHint, cause: err });
  }
  if (err instanceof SyntaxError) {
    return new OssScoutError('upstream', `GitHub at ${where} sent a response that is not valid JSON`, { cause: err });
  }
  return new OssScoutError('upstream', `request to ${where} failed: ${firstLine(message) || String(err)}`, { cause: err });
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? '').slice(0, 200);
}
