// The only module that builds an Octokit. Everything that talks to GitHub connects through `connect`, so
// host, token, timeout, throttling, retry, ETag revalidation and request counting are the same for every
// call. `createGitHubClient` is the builder under it, for tests that set the client up by hand.
import Bottleneck from './bottleneck.js';
import type { Octokit as CoreOctokit } from '@octokit/core';
import { Octokit } from '@octokit/rest';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';
import { createEtagStore } from '../cache/etag.js';
import { DEFAULT_API_URL, graphqlUrlFor, hostOf } from '../core/hosts.js';
import { OssScoutError } from '../errors.js';
import { FULL_CAPABILITIES, detectCapabilities, type ServerCapabilities } from './capabilities.js';
import { withEtagCache } from './etag-hook.js';
import { httpFetch, type HttpFetchInit, type HttpResponse } from './http-fetch.js';
import { takeEarly } from './prefetch.js';
import { trackOutgoing, whenAllSent } from './wire.js';
import { RequestTimeoutError, isGraphQLRateLimit, isRetryable, mapGitHubError } from './errors.js';
import { describeConnection, resolveConnection, type Connection, type GhLookup } from './token.js';

export { DEFAULT_API_URL, graphqlUrlFor };

export interface RequestStats {
  /** HTTP requests actually sent, retries included. */
  requests: number;
  graphqlRequests: number;
  /** Sum of rateLimit.cost over GraphQL responses that reported it. */
  graphqlCost: number;
  /** Lowest rateLimit.remaining seen. */
  graphqlRemaining: number | undefined;
}

export type RequestInfo = { method: string; url: string; status: number | undefined; ms: number };

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
  onRequest?: (info: RequestInfo) => void;
  /** Where the server's detected capabilities are kept (Enterprise Server only). */
  cacheDir?: string;
  now?: () => Date;
}

export interface GraphQLErrorInfo {
  type?: string;
  code?: string;
  message: string;
  path?: (string | number)[];
}

export interface GraphQLResult<T> {
  data: T;
  errors: GraphQLErrorInfo[];
}

export interface GraphQLCallOptions {
  /** Retries for this request (e.g. 0 for a batch the caller splits on a 502 instead). */
  retries?: number;
  /**
   * Called once the request has gone to the network (or the call failed before): the limiters hold each
   * request for several event-loop turns, so a caller with other work to do waits for this first, or the
   * request would wait for that work.
   */
  onSent?: () => void;
}

export interface GitHubClient {
  octokit: Octokit;
  apiUrl: string;
  graphqlUrl: string;
  hasToken: boolean;
  stats: RequestStats;
  /** Runs a GraphQL document; partial data with errors (e.g. one NOT_FOUND alias) is returned, not thrown. */
  graphql<T>(query: string, variables?: Record<string, unknown>, options?: GraphQLCallOptions): Promise<GraphQLResult<T>>;
  /** What the server's schema offers; detected once (see capabilities.ts). */
  capabilities(): Promise<ServerCapabilities>;
  /** Maps any error thrown by Octokit to an OssScoutError (typed Error for callers that still narrow it). */
  mapError(e: unknown): Error;
}

/**
 * plugin-retry@8 retries every RequestError of status >= 400 outside `doNotRetry`, and a request that got
 * no answer reaches it as status 500. Its per-request `request.retries` decides how many times: set it to
 * 0 for the failures another attempt cannot fix. Applied before the retry plugin, so its error hook sees
 * the decision.
 */
function retryPolicy(octokit: CoreOctokit): void {
  octokit.hook.error('request', (error, options) => {
    if (!isRetryable(error)) options.request = { ...options.request, retries: 0 } as typeof options.request;
    throw error;
  });
}

/** Where a GraphQL call keeps the callback that says it left (in its request options, which reach the hooks). */
const SENT = 'ossScoutSent';

/** Registered first, so it runs innermost: after the throttling and retry limiters have let the request go. */
function sentSignal(octokit: CoreOctokit): void {
  octokit.hook.before('request', (options) => {
    const sent = (options.request as Record<string, unknown> | undefined)?.[SENT];
    if (typeof sent === 'function') sent();
  });
}

const MyOctokit = Octokit.plugin(sentSignal, retryPolicy, throttling, retry);

/**
 * GitHub's API answers JSON. A 2xx whose body is not JSON (a proxy's HTML page, a cut-off response)
 * would reach the callers as a string and fail far away; fail here instead, as a retryable request error
 * (Octokit wraps it with status 500 and the retry plugin tries again) that maps back to this message.
 *
 * The one parse is ours, with the native JSON.parse: Octokit is told not to parse success bodies
 * (`parseSuccessResponseBody: false`, then it takes `response.body` as the data), and the body we hand it
 * is the parsed value. Its own parser is BigInt-safe but, on Node 20, scans the text with a regular
 * expression and revives every value: several times slower on a search's 2.5 MB of answers, and no GitHub
 * field we read is an integer past 2^53. Error statuses keep Octokit's parse (its messages come from it).
 */
async function requireJson(res: HttpResponse, url: string): Promise<HttpResponse> {
  if (res.status < 200 || res.status >= 300 || res.status === 204 || res.status === 205) return res;
  try {
    res.body = JSON.parse(await res.text());
  } catch {
    throw notJson(url);
  }
  return res;
}

function notJson(url: string): OssScoutError {
  return new OssScoutError('upstream', `GitHub at ${hostOf(url)} sent a response that is not valid JSON (cut off, or an error page)`, {
    hint: 'try again in a few minutes; if it persists, check the --api-url / GITHUB_API_URL / GH_HOST setting',
  });
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const apiUrl = options.apiUrl.replace(/\/+$/, '');
  const graphqlUrl = graphqlUrlFor(apiUrl);
  const stats: RequestStats = { requests: 0, graphqlRequests: 0, graphqlCost: 0, graphqlRemaining: undefined };
  const maxWait = options.maxRetryAfterSeconds ?? 60;

  // Per-request timeout and Ctrl-C, plus counting; the one place a request leaves (see http-fetch.ts), or
  // takes the answer of the same request sent before the client existed (prefetch.ts).
  const timedFetch = async (input: string | URL, init: HttpFetchInit = {}): Promise<HttpResponse> => {
    const url = input.toString();
    const method = init.method ?? 'GET';
    const timeout = AbortSignal.timeout(options.timeoutMs);
    const signals = [timeout];
    if (options.signal) signals.push(options.signal);
    stats.requests += 1;
    if (url === graphqlUrl) stats.graphqlRequests += 1;
    const started = performance.now();
    try {
      const res = await trackOutgoing((written) => {
        const sending = { ...init, signal: AbortSignal.any(signals) };
        return takeEarly(url, sending, written) ?? httpFetch(input, sending, written);
      });
      options.onRequest?.({ method, url, status: res.status, ms: performance.now() - started });
      return await requireJson(res, url);
    } catch (e) {
      if (!(e instanceof OssScoutError)) options.onRequest?.({ method, url, status: undefined, ms: performance.now() - started });
      // A hung server stays hung: the retry policy does not retry this one.
      if (timeout.aborted && !options.signal?.aborted) throw new RequestTimeoutError(options.timeoutMs, url);
      throw e;
    }
  };

  const throttleEnabled = options.throttle ?? true;
  const octokit = new MyOctokit({
    ...(options.token ? { auth: options.token } : {}),
    baseUrl: apiUrl,
    userAgent: 'oss-scout',
    // Octokit types its fetch as the global one; it uses only what HttpResponse has (see http-fetch.ts).
    request: { fetch: timedFetch as unknown as typeof fetch, parseSuccessResponseBody: false },
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
      // few, large queries, a few at once, well inside GitHub's 100-concurrent limit; a query without
      // mutations costs one of the 2,000 secondary points a minute, so spacing them buys nothing (with
      // 50 ms, each round of a search waited 50-100 ms for it).
      write: new Bottleneck.Group({ maxConcurrent: 4, minTime: 0 }),
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

  async function graphql<T>(query: string, variables: Record<string, unknown> = {}, call: GraphQLCallOptions = {}): Promise<GraphQLResult<T>> {
    let data: T;
    let errors: GraphQLErrorInfo[] = [];
    let sent = false;
    const markSent = (): void => {
      if (sent) return;
      sent = true;
      // The hook runs just before the fetch call (which is then tracked by the next turn of the event loop);
      // the request is out when http-fetch has written it.
      const onSent = call.onSent;
      if (onSent) setImmediate(() => whenAllSent(onSent));
    };
    const request = { [SENT]: markSent, ...(call.retries === undefined ? {} : { retries: call.retries }) };
    try {
      data = await octokit.graphql<T>(query, { ...variables, request });
      markSent();
    } catch (e) {
      markSent();
      const ge = e as { name?: string; data?: T | null; errors?: GraphQLErrorInfo[] };
      // Partial data is an answer; a rate limit in any spelling is not, whatever else came back.
      const onlyPartial =
        ge.name === 'GraphqlResponseError' && ge.data !== null && ge.data !== undefined && !(ge.errors ?? []).some(isGraphQLRateLimit);
      if (!onlyPartial) throw mapGitHubError(e, ctx);
      data = ge.data as T;
      errors = ge.errors ?? [];
    }
    // A body that is not JSON (an HTML error page, a cut-off response) reaches here as a string, and
    // Octokit hands back undefined: say so instead of failing later on a missing field.
    if (data === null || typeof data !== 'object') throw notJson(apiUrl);
    const rl = (data as { rateLimit?: { cost?: number; remaining?: number } } | null)?.rateLimit;
    if (rl && typeof rl.cost === 'number') stats.graphqlCost += rl.cost;
    if (rl && typeof rl.remaining === 'number') {
      stats.graphqlRemaining = Math.min(stats.graphqlRemaining ?? Infinity, rl.remaining);
    }
    return { data, errors };
  }

  let caps: Promise<ServerCapabilities> | undefined;
  const client: GitHubClient = {
    octokit,
    apiUrl,
    graphqlUrl,
    hasToken: ctx.hasToken,
    stats,
    graphql,
    capabilities: () => {
      caps ??= detectCapabilities(client, { cacheDir: options.cacheDir, ...(options.now ? { now: options.now } : {}) });
      return caps;
    },
    mapError: (e) => mapGitHubError(e, ctx),
  };
  return client;
}

export interface ConnectOptions {
  /** --api-url and --token as given (undefined when not); GlobalOptions fits. */
  flags: { apiUrl?: string | undefined; token?: string | undefined; timeoutMs: number };
  env: NodeJS.ProcessEnv;
  /** Already settled by the caller (search decides its cache key before loading Octokit). */
  connection?: Connection;
  /** Enables REST ETag revalidation (<cacheDir>/http) and keeps server capabilities (<cacheDir>/capabilities). */
  cacheDir?: string;
  signal?: AbortSignal;
  now?: () => Date;
  onWait?: (seconds: number, reason: string) => void;
  onRequest?: (info: RequestInfo) => void;
  /** Receives the --verbose line saying where the token came from and where it goes (never the token). */
  onVerbose?: (line: string) => void;
  lookupGh?: GhLookup;
}

/** The client every command uses: host and token resolved as gh does, ETags and capabilities cached. */
export async function connect(options: ConnectOptions): Promise<GitHubClient & { connection: Connection }> {
  const connection = options.connection ?? (await resolveConnection(options.flags, options.env, options.lookupGh));
  options.onVerbose?.(describeConnection(connection));
  const client = createGitHubClient({
    token: connection.token,
    apiUrl: connection.apiUrl,
    timeoutMs: options.flags.timeoutMs,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onWait ? { onWait: options.onWait } : {}),
    ...(options.onRequest ? { onRequest: options.onRequest } : {}),
    ...(options.cacheDir !== undefined ? { cacheDir: options.cacheDir } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  // REST reads (a claimed issue, its comments) revalidate with ETags: a 304 costs no rate limit.
  if (options.cacheDir !== undefined) {
    withEtagCache(client.octokit, createEtagStore(options.cacheDir), {
      authenticated: Boolean(connection.token),
      ...(options.now ? { now: options.now } : {}),
    });
  }
  return { ...client, connection };
}

export { FULL_CAPABILITIES };
