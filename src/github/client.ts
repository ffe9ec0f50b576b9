// The only module that builds an Octokit. Everything that talks to GitHub goes through createGitHubClient,
// so base URL, auth, timeout, throttling, retry and request counting are the same for every call.
import Bottleneck from 'bottleneck';
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { OssScoutError } from '../errors.js';
import { mapGitHubError } from './errors.js';

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export const DEFAULT_API_URL = 'https://api.github.com';

export interface RequestStats {
  /** HTTP requests actually sent, retries included. */
  requests: number;
  graphqlRequests: number;
  /** Sum of rateLimit.cost over GraphQL responses that reported it. */
  graphqlCost: number;
  /** Lowest rateLimit.remaining seen. */
  graphqlRemaining: number | undefined;
}

export interface GitHubClientOptions {
  token: string | undefined;
  /** REST base URL, e.g. https://api.github.com or https://ghe.example.com/api/v3 */
  apiUrl: string;
  timeoutMs: number;
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal;
  /** Throttling and retry can be switched off in unit tests that do not exercise them. */
  throttle?: boolean;
  retries?: number;
  /** Milliseconds per "second" of retry back-off; 1000 in real use. */
  retryAfterBaseValue?: number;
  /** Longest secondary-rate-limit wait (seconds) we sit through before giving up with an error. */
  maxRetryAfterSeconds?: number;
  /** Called with each wait, so the command can tell the user why it pauses. */
  onWait?: (seconds: number, reason: string) => void;
  /** Called after every HTTP request (for --verbose and benchmarks). */
  onRequest?: (info: { method: string; url: string; status: number | undefined; ms: number }) => void;
}

export interface GraphQLErrorInfo {
  type?: string;
  message: string;
  path?: (string | number)[];
}

export interface GraphQLResult<T> {
  data: T;
  errors: GraphQLErrorInfo[];
}

export interface GitHubClient {
  octokit: Octokit;
  apiUrl: string;
  graphqlUrl: string;
  hasToken: boolean;
  stats: RequestStats;
  /** Runs a GraphQL document; partial data with errors (e.g. one NOT_FOUND alias) is returned, not thrown. */
  graphql<T>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult<T>>;
  /** Maps any error thrown by Octokit to an OssScoutError. */
  mapError(e: unknown): Error;
}

const MyOctokit = Octokit.plugin(throttling, retry);

/** GraphQL lives at <base>/graphql, or /api/graphql for an Enterprise base ending in /api/v3. */
export function graphqlUrlFor(apiUrl: string): string {
  const base = apiUrl.replace(/\/+$/, '');
  if (/\/api\/v3$/.test(base)) return base.replace(/\/api\/v3$/, '/api/graphql');
  return `${base}/graphql`;
}

export function normalizeApiUrl(input: string): string {
  let u: URL;
  try {
    u = new URL(input);
  } catch {
    throw new TypeError(`invalid API URL "${input}": expected something like https://api.github.com`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw new TypeError(`invalid API URL "${input}": only http and https are supported`);
  }
  return u.toString().replace(/\/+$/, '');
}

/**
 * GitHub's API answers JSON. A 2xx whose body is not JSON (a proxy's HTML page, a cut-off response)
 * would reach the callers as a string and fail far away; fail here instead, as a retryable request error
 * (Octokit wraps it with status 500 and the retry plugin tries again) that maps back to this message.
 */
async function requireJson(res: Response, url: string): Promise<Response> {
  if (res.status < 200 || res.status >= 300 || res.status === 204) return res;
  const text = await res.text();
  try {
    JSON.parse(text);
  } catch {
    throw new OssScoutError('upstream', `GitHub at ${hostOf(url)} sent a response that is not valid JSON (cut off, or an error page)`, {
      hint: 'try again in a few minutes; if it persists, check the --api-url / GITHUB_API_URL setting',
    });
  }
  return new Response(text, { status: res.status, statusText: res.statusText, headers: res.headers });
}

// No route to the host: retrying a DNS failure or a refused connection three times only makes an offline
// user wait 14 s for the same answer. Resets and socket errors mid-response are still retried.
const NOT_RETRIED_NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH']);

function networkErrorCode(e: unknown): string | undefined {
  let c = e as { code?: unknown; cause?: unknown } | undefined;
  for (let i = 0; i < 4 && c; i++) {
    if (typeof c.code === 'string') return c.code;
    c = c.cause as typeof c;
  }
  return undefined;
}

class UnreachableError extends Error {
  override name = 'AbortError'; // not a RequestError, so plugin-retry passes it through untouched
  readonly unreachable = true;
  readonly code: string;
  constructor(code: string, url: string) {
    super(`cannot reach ${new URL(url).host}: ${code}`);
    this.code = code;
  }
}

class TimeoutError extends Error {
  override name = 'AbortError'; // an AbortError is not retried by plugin-retry: a hung server stays hung
  readonly timedOut = true;
  constructor(ms: number, url: string) {
    super(`no response from ${new URL(url).host} within ${Math.round(ms / 1000)} s`);
  }
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const apiUrl = options.apiUrl.replace(/\/+$/, '');
  const stats: RequestStats = { requests: 0, graphqlRequests: 0, graphqlCost: 0, graphqlRemaining: undefined };
  const maxWait = options.maxRetryAfterSeconds ?? 60;

  // Per-request timeout and Ctrl-C, plus counting. It calls globalThis.fetch at call time so msw still sees it.
  const timedFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    const method = init?.method ?? 'GET';
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signals = [timeout];
    if (options.signal) signals.push(options.signal);
    stats.requests += 1;
    if (url.endsWith('/graphql')) stats.graphqlRequests += 1;
    const started = performance.now();
    try {
      const res = await globalThis.fetch(input, { ...init, signal: AbortSignal.any(signals) });
      options.onRequest?.({ method, url, status: res.status, ms: performance.now() - started });
      return await requireJson(res, url);
    } catch (e) {
      options.onRequest?.({ method, url, status: undefined, ms: performance.now() - started });
      if (timeout.aborted) throw new TimeoutError(options.timeoutMs, url);
      const code = networkErrorCode(e);
      if (code !== undefined && NOT_RETRIED_NETWORK_CODES.has(code)) throw new UnreachableError(code, url);
      throw e;
    }
  };

  const throttleEnabled = options.throttle ?? true;
  const octokit = new MyOctokit({
    ...(options.token ? { auth: options.token } : {}),
    baseUrl: apiUrl,
    userAgent: 'oss-scout',
    request: { fetch: timedFetch },
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    retry: {
      enabled: (options.retries ?? 3) > 0,
      retries: options.retries ?? 3,
      // 429 is a rate limit: the throttling plugin waits and retries it (bounded by onSecondaryRateLimit).
      // Retrying it here too would add 1 + 4 + 9 s of blind retries after throttling has given up.
      doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451],
      ...(options.retryAfterBaseValue !== undefined ? { retryAfterBaseValue: options.retryAfterBaseValue } : {}),
    },
    throttle: {
      enabled: throttleEnabled,
      ...(options.retryAfterBaseValue !== undefined ? { retryAfterBaseValue: options.retryAfterBaseValue } : {}),
      // GraphQL reads go through the plugin's "write" group, by default one at a time 1 s apart. We send
      // few, large queries; allow a few at once, spaced, well inside GitHub's 100-concurrent limit.
      write: new Bottleneck.Group({ maxConcurrent: 4, minTime: 50 }),
      onRateLimit: (retryAfter: number, _opts: unknown, _o: unknown, retryCount: number) => {
        // The hourly budget is gone; waiting up to an hour is never what a CLI user wants.
        if (retryCount < 1 && retryAfter <= 5) {
          options.onWait?.(retryAfter, 'rate limit');
          return true;
        }
        return false;
      },
      onSecondaryRateLimit: (retryAfter: number, _opts: unknown, _o: unknown, retryCount: number) => {
        if (retryCount < 2 && retryAfter <= maxWait) {
          options.onWait?.(retryAfter, 'secondary rate limit');
          return true;
        }
        return false;
      },
    },
  });

  const ctx = { apiUrl, hasToken: Boolean(options.token) };
  const graphqlUrl = graphqlUrlFor(apiUrl);

  async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLResult<T>> {
    let data: T;
    let errors: GraphQLErrorInfo[] = [];
    try {
      data = await octokit.graphql<T>(query, variables);
    } catch (e) {
      const ge = e as { name?: string; data?: T | null; errors?: GraphQLErrorInfo[] };
      const onlyPartial =
        ge.name === 'GraphqlResponseError' &&
        ge.data !== null &&
        ge.data !== undefined &&
        !(ge.errors ?? []).some((x) => x.type === 'RATE_LIMITED');
      if (!onlyPartial) throw mapGitHubError(e, ctx);
      data = ge.data as T;
      errors = ge.errors ?? [];
    }
    // A body that is not JSON (an HTML error page, a cut-off response) reaches here as a string, and
    // Octokit hands back undefined: say so instead of failing later on a missing field.
    if (data === null || typeof data !== 'object') {
      throw new OssScoutError('upstream', `GitHub at ${hostOf(apiUrl)} sent a response that is not valid JSON (cut off, or an error page)`, {
        hint: 'try again in a few minutes; if it persists, check the --api-url / GITHUB_API_URL setting',
      });
    }
    const rl = (data as { rateLimit?: { cost?: number; remaining?: number } } | null)?.rateLimit;
    if (rl && typeof rl.cost === 'number') stats.graphqlCost += rl.cost;
    if (rl && typeof rl.remaining === 'number') {
      stats.graphqlRemaining = Math.min(stats.graphqlRemaining ?? Infinity, rl.remaining);
    }
    return { data, errors };
  }

  return {
    octokit,
    apiUrl,
    graphqlUrl,
    hasToken: ctx.hasToken,
    stats,
    graphql,
    mapError: (e) => mapGitHubError(e, ctx),
  };
}
