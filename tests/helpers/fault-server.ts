// A scriptable GitHub for end-to-end fault tests: the bench stand-in server (bench/stand-in-server.ts)
// answers normally, and the test scripts faults per route through its onRequest hook. Listens on
// 127.0.0.1, port 0. Faults are queued per route ("POST /graphql", "GET /search/issues", ...): each
// request takes the next one; when the queue is empty the route's `always` fault (if any) applies,
// else the normal answer.
import { startStandInServer, type CannedResponse, type StandInRequest, type StandInServer } from '../../bench/stand-in-server.js';

/** What the server does with one request. */
export type Fault =
  | { kind: 'canned'; response: CannedResponse; label: string }
  /** Let the stand-in answer, then rewrite its JSON body. */
  | { kind: 'rewrite'; label: string; rewrite: (body: unknown, req: StandInRequest) => unknown; status?: number }
  /** REST 301 to the same path under another repository name. */
  | { kind: 'moved'; label: string; from: string; to: string };

export const SECONDARY_LIMIT_MESSAGE =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ABCD:1234:5678.';

const json = (status: number, body: unknown, headers: Record<string, string> = {}, label = String(status)): Fault => ({
  kind: 'canned',
  label,
  response: { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body, delayMs: 0 },
});

/** Epoch seconds `secondsFromNow` from now, as x-ratelimit-reset carries it. */
export function resetEpoch(secondsFromNow: number): number {
  return Math.floor(Date.now() / 1000) + secondsFromNow;
}

interface GqlBody {
  data?: Record<string, unknown> | null;
  errors?: { type?: string; message: string; path?: (string | number)[] }[];
}

function aliasOf(body: GqlBody, repo: string): string | undefined {
  const data = body.data ?? {};
  return Object.keys(data).find((k) => {
    const v = data[k] as { nameWithOwner?: string } | null;
    return typeof v?.nameWithOwner === 'string' && v.nameWithOwner.toLowerCase() === repo.toLowerCase();
  });
}

export const faults = {
  badCredentials: (): Fault =>
    json(401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' }, {}, '401 bad credentials'),
  /** 403 with x-ratelimit-remaining: 0, resetting in `resetIn` seconds. */
  primaryRateLimit: (resetIn = 3600): Fault =>
    json(
      403,
      {
        message: 'API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID ABCD.',
        documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        status: '403',
      },
      {
        'x-ratelimit-limit': '5000',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-used': '5000',
        'x-ratelimit-reset': String(resetEpoch(resetIn)),
        'x-ratelimit-resource': 'core',
      },
      '403 primary rate limit',
    ),
  /** 403 or 429 secondary rate limit with retry-after. */
  secondaryRateLimit: (status: 403 | 429 = 403, retryAfter = 1): Fault =>
    json(
      status,
      {
        message: SECONDARY_LIMIT_MESSAGE,
        documentation_url: 'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        status: String(status),
      },
      { 'retry-after': String(retryAfter), 'x-ratelimit-remaining': '4900', 'x-ratelimit-limit': '5000' },
      `${status} secondary rate limit`,
    ),
  badGateway: (): Fault => ({
    kind: 'canned',
    label: '502',
    response: { status: 502, headers: { 'content-type': 'text/html' }, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', delayMs: 0 },
  }),
  connectionReset: (): Fault => ({ kind: 'canned', label: 'connection reset', response: { status: 0, destroySocket: true } }),
  hang: (): Fault => ({ kind: 'canned', label: 'hang', response: { status: 0, hang: true } }),
  /** A JSON response cut in the middle (content-length matches what is sent). */
  truncatedJson: (): Fault =>
    json(200, '{"data":{"r0":{"nameWithOwner":"vllm-project/vllm","issues":{"nodes":[{"number":1,"title":"Trunc', {}, 'truncated JSON'),
  /** A proxy's HTML error page with status 200. */
  nonJson: (): Fault => ({
    kind: 'canned',
    label: 'non-JSON body',
    response: { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<!DOCTYPE html><html><body>Unicorn! This page is taking too long to load.</body></html>', delayMs: 0 },
  }),
  /** GraphQL: the alias for `repo` comes back null with an untyped error; the other aliases answer. */
  graphqlPartialError: (repo: string): Fault => ({
    kind: 'rewrite',
    label: `GraphQL errors with partial data (${repo})`,
    rewrite: (raw) => {
      const body = raw as GqlBody;
      const alias = aliasOf(body, repo);
      if (!alias || !body.data) return body;
      body.data[alias] = null;
      body.errors = [
        ...(body.errors ?? []),
        {
          message: 'Something went wrong while executing your query. This may be the result of a timeout, or it could be a GitHub bug. Please include `ABCD:1234` when reporting this issue.',
          path: [alias],
        },
      ];
      return body;
    },
  }),
  /** GraphQL: the alias for `from` resolves to a repository called `to` (GitHub follows renames). */
  graphqlRenamed: (from: string, to: string): Fault => ({
    kind: 'rewrite',
    label: `renamed ${from} -> ${to}`,
    rewrite: (raw) => {
      const body = raw as GqlBody;
      const alias = aliasOf(body, from);
      if (!alias || !body.data) return body;
      body.data[alias] = JSON.parse(JSON.stringify(body.data[alias]).split(from).join(to)) as unknown;
      return body;
    },
  }),
  /** REST: 301 to the same path under the new name. */
  restMoved: (from: string, to: string): Fault => ({ kind: 'moved', label: `301 ${from} -> ${to}`, from, to }),
  /** REST search: GitHub's 1,000-result cap and a timed-out search. */
  searchOverflow: (totalCount = 48_213): Fault => ({
    kind: 'rewrite',
    label: `search total_count ${totalCount} incomplete_results`,
    rewrite: (raw) => ({ ...(raw as Record<string, unknown>), total_count: totalCount, incomplete_results: true }),
  }),
  status: json,
};

export interface SeenRequest {
  method: string;
  route: string;
  path: string;
  /** The label of the fault applied, or "normal". */
  fault: string;
  authorization: string | undefined;
}

export interface FaultServer {
  url: string;
  standIn: StandInServer;
  /** Every request, in order. */
  seen: SeenRequest[];
  /** Queue faults for the next requests on a route ("POST /graphql", "GET /repos/:owner/:repo/issues/:number"...). */
  next(route: string, ...queued: Fault[]): void;
  /** A fault for every request on a route once its queue is empty. */
  always(route: string, fault: Fault | undefined): void;
  /** Resolves when a request on `route` has arrived (counting those already seen). */
  waitFor(route: string, count?: number): Promise<void>;
  close(): Promise<void>;
}

export interface FaultServerOptions {
  missingRepos?: string[];
  snapshotPath?: string;
  issuesPerRepo?: number;
  viewerLogin?: string;
}

const BYPASS = 'x-fault-server-bypass';

export async function startFaultServer(options: FaultServerOptions = {}): Promise<FaultServer> {
  const queues = new Map<string, Fault[]>();
  const standing = new Map<string, Fault>();
  const seen: SeenRequest[] = [];
  const waiters: { route: string; count: number; resolve: () => void }[] = [];
  let url = '';

  const notify = (): void => {
    for (const w of [...waiters]) {
      if (seen.filter((s) => s.route === w.route).length >= w.count) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };

  const onRequest = async (req: StandInRequest): Promise<CannedResponse | undefined> => {
    if (req.headers[BYPASS] === '1') return undefined;
    let fault = queues.get(req.route)?.shift() ?? standing.get(req.route);
    // A redirect applies to the old name only; the request that follows it is answered normally.
    if (fault?.kind === 'moved' && !req.path.toLowerCase().startsWith(`/repos/${fault.from.toLowerCase()}/`)) fault = undefined;
    const auth = req.headers.authorization;
    seen.push({ method: req.method, route: req.route, path: req.path, fault: fault?.label ?? 'normal', authorization: typeof auth === 'string' ? auth : undefined });
    notify();
    if (!fault) return undefined;
    if (fault.kind === 'canned') return fault.response;
    if (fault.kind === 'moved') {
      const target = req.path.replace(`/repos/${fault.from}`, `/repos/${fault.to}`);
      const qs = req.query.toString();
      return {
        status: 301,
        headers: { location: `${url}${target}${qs ? `?${qs}` : ''}`, 'content-type': 'application/json' },
        body: { message: 'Moved Permanently', url: `${url}${target}`, documentation_url: 'https://docs.github.com/rest' },
        delayMs: 0,
      };
    }
    // rewrite: ask the stand-in itself for the normal answer, then change it.
    const headers: Record<string, string> = { [BYPASS]: '1' };
    for (const [k, v] of Object.entries(req.headers)) {
      if (typeof v === 'string' && !['host', 'content-length', 'connection', 'accept-encoding'].includes(k)) headers[k] = v;
    }
    const qs = req.query.toString();
    const res = await fetch(`${url}${req.path}${qs ? `?${qs}` : ''}`, {
      method: req.method,
      headers,
      ...(req.method === 'GET' || req.method === 'HEAD' ? {} : { body: req.body }),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = fault.rewrite(JSON.parse(text) as unknown, req);
    } catch {
      // not JSON: pass through unchanged
    }
    const out: Record<string, string> = {};
    res.headers.forEach((v, k) => {
      if (!['content-length', 'transfer-encoding', 'connection', 'keep-alive', 'etag'].includes(k)) out[k] = v;
    });
    return { status: fault.status ?? res.status, headers: out, body, delayMs: 0 };
  };

  const standIn = await startStandInServer({
    delayMs: 0,
    issuesPerRepo: options.issuesPerRepo ?? 5,
    ...(options.missingRepos ? { missingRepos: options.missingRepos } : {}),
    ...(options.snapshotPath ? { snapshotPath: options.snapshotPath } : {}),
    ...(options.viewerLogin ? { viewerLogin: options.viewerLogin } : {}),
    onRequest,
  });
  url = standIn.url;

  return {
    url,
    standIn,
    seen,
    next(route, ...queued) {
      queues.set(route, [...(queues.get(route) ?? []), ...queued]);
    },
    always(route, fault) {
      if (fault) standing.set(route, fault);
      else standing.delete(route);
    },
    waitFor(route, count = 1) {
      return new Promise<void>((resolve) => {
        waiters.push({ route, count, resolve });
        notify();
      });
    },
    close: () => standIn.close(),
  };
}
