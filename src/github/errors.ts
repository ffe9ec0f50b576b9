import { OssScoutError } from '../errors.js';

interface ErrorContext {
  apiUrl: string;
  hasToken: boolean;
}

interface OctokitLikeError {
  name?: string;
  message?: string;
  status?: number;
  timedOut?: boolean;
  unreachable?: boolean;
  response?: { headers?: Record<string, string | undefined>; data?: unknown; url?: string };
  headers?: Record<string, string | undefined>;
  errors?: { type?: string; message?: string }[];
  data?: unknown;
  cause?: unknown;
}

function host(apiUrl: string): string {
  try {
    return new URL(apiUrl).host;
  } catch {
    return apiUrl;
  }
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

function graphqlErrorTypes(e: OctokitLikeError): string[] {
  const fromResponse = (e.response?.data as { errors?: { type?: string }[] } | undefined)?.errors;
  const fromData = (e.data as { errors?: { type?: string }[] } | undefined)?.errors;
  return [...(e.errors ?? []), ...(fromResponse ?? []), ...(fromData ?? [])]
    .map((x) => x.type)
    .filter((t): t is string => typeof t === 'string');
}

const tokenHint = 'create one with `gh auth login` then `export GH_TOKEN=$(gh auth token)`, or pass --token';

/** Maps an Octokit / fetch error to a one-line OssScoutError. Never includes the token. */
export function mapGitHubError(err: unknown, ctx: ErrorContext): OssScoutError {
  if (err instanceof OssScoutError) return err;
  const e = (err ?? {}) as OctokitLikeError;
  // Our own fetch wrapper's verdicts (e.g. a body that is not JSON) arrive wrapped by Octokit.
  if (e.cause instanceof OssScoutError) return e.cause;
  const where = host(ctx.apiUrl);

  if (e.timedOut) {
    return new OssScoutError('timeout', e.message ?? `no response from ${where}`, {
      hint: 'try again, or allow longer with --timeout <seconds>',
      cause: err,
    });
  }
  if (e.unreachable) {
    return new OssScoutError('network', e.message ?? `cannot reach ${where}`, {
      hint: 'check your network connection, or the --api-url / GITHUB_API_URL setting',
      cause: err,
    });
  }
  if (e.name === 'AbortError') {
    return new OssScoutError('interrupted', 'interrupted', { cause: err });
  }

  const status = e.status;
  const types = graphqlErrorTypes(e);
  const remaining = headerOf(e, 'x-ratelimit-remaining');
  const reset = headerOf(e, 'x-ratelimit-reset');
  const retryAfter = headerOf(e, 'retry-after');
  const message = e.message ?? '';

  if (status === 401) {
    return new OssScoutError('auth', `GitHub at ${where} refused the token (401 Bad credentials)`, {
      hint: ctx.hasToken ? `the token is invalid or expired: ${tokenHint}` : tokenHint,
      cause: err,
    });
  }

  const isPrimary = remaining === '0' || types.includes('RATE_LIMITED');
  const isSecondary = /secondary rate limit/i.test(message) || ((status === 403 || status === 429) && retryAfter !== undefined);
  if (isPrimary || isSecondary || status === 429) {
    let resetAt: Date | undefined;
    if (reset !== undefined && Number.isFinite(Number(reset))) resetAt = new Date(Number(reset) * 1000);
    else if (retryAfter !== undefined && Number.isFinite(Number(retryAfter))) resetAt = new Date(Date.now() + Number(retryAfter) * 1000);
    const kind = isPrimary ? 'rate limit' : 'secondary rate limit';
    const when = resetAt ? `; it resets at ${describeReset(resetAt)}` : '';
    return new OssScoutError('rate-limited', `GitHub ${kind} exceeded${when}`, {
      hint: ctx.hasToken
        ? 'wait for the reset, or use --snapshot / the cache meanwhile'
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
  if (status === 500 && (e.cause !== undefined || /fetch failed|ECONN|ENOTFOUND|EAI_AGAIN|socket|network/i.test(message))) {
    const code = errorCode(e.cause) ?? firstLine(message);
    return new OssScoutError('network', `cannot reach ${where}: ${code}`, {
      hint: 'check your network connection, or the --api-url / GITHUB_API_URL setting',
      cause: err,
    });
  }
  if (status !== undefined && status >= 500) {
    return new OssScoutError('upstream', `GitHub at ${where} failed (${status}) after retries: ${firstLine(message) || 'server error'}`, {
      hint: 'GitHub may be having trouble; try again in a few minutes (https://www.githubstatus.com)',
      cause: err,
    });
  }
  if (status !== undefined) {
    return new OssScoutError('upstream', `GitHub at ${where} answered ${status}: ${firstLine(message)}`, { cause: err });
  }
  if (e.name === 'GraphqlResponseError') {
    return new OssScoutError('upstream', `GitHub GraphQL error: ${firstLine(message.replace(/^Request failed due to following response errors:\s*-?\s*/, ''))}`, { cause: err });
  }
  if (err instanceof SyntaxError) {
    return new OssScoutError('upstream', `GitHub at ${where} sent a response that is not valid JSON`, { cause: err });
  }
  return new OssScoutError('upstream', `request to ${where} failed: ${firstLine(message) || String(err)}`, { cause: err });
}

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? '').slice(0, 200);
}

function errorCode(cause: unknown): string | undefined {
  let c = cause as { code?: string; cause?: unknown; message?: string } | undefined;
  for (let i = 0; i < 4 && c; i++) {
    if (typeof c.code === 'string') return c.code;
    c = c.cause as typeof c;
  }
  return undefined;
}
