// A local stand-in for api.github.com: the routes oss-scout uses, with a configurable delay on every
// response, counting requests and GraphQL points. Used by `npm run bench` and by end-to-end tests
// (point the CLI at it with GITHUB_API_URL). Listens on 127.0.0.1 only, on a free port.
import { createHash } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createIssueAnswers, executeGraphQL, searchIssues, type RateLimitState } from './stand-in-graphql.js';
import { World, labelsFor, type StandInIssue, type StandInRepo } from './stand-in-data.js';

export interface StandInRequest {
  method: string;
  /** Path without the query string, e.g. /repos/o/r/issues/1 */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Raw request body (GraphQL document as JSON for POST /graphql). */
  body: string;
  /** Route template, e.g. "GET /repos/:owner/:repo/issues/:number", or "unknown". */
  route: string;
  /** 1-based position of this request since the server started (or since reset()). */
  seq: number;
}

/** What an onRequest hook may answer instead of the normal route (fault injection). */
export interface CannedResponse {
  status: number;
  headers?: Record<string, string>;
  /** A string is sent as-is; anything else as JSON. */
  body?: unknown;
  /** Overrides the server's delayMs for this response. */
  delayMs?: number;
  /** Destroy the socket without answering (a network error on the client). */
  destroySocket?: boolean;
  /** Never answer; the request hangs until the client gives up or the server closes. */
  hang?: boolean;
}

export interface StandInOptions {
  /** Added before every response (milliseconds). */
  delayMs: number;
  /** A Snapshot file (snapshots/ml-infra.json): its repositories and issues are served as-is. */
  snapshotPath?: string;
  /** Generated issues per repository not in the snapshot (default 40). */
  issuesPerRepo?: number;
  /** Repositories that answer NOT_FOUND (GraphQL) / 404 (REST). */
  missingRepos?: readonly string[];
  /** Repositories with this many generated open beginner issues (see WorldOptions.issueCounts). */
  issueCounts?: Readonly<Record<string, number>>;
  /** Pull requests opened in the last 100 days per repository (see WorldOptions.pullRequestCounts). */
  pullRequestCounts?: Readonly<Record<string, number>>;
  /** Login returned for viewer / GET /user (default "bench-user"). */
  viewerLogin?: string;
  /** Validate GraphQL documents against @octokit/graphql-schema (default false: the first call costs ~1 s). */
  validateQueries?: boolean;
  /**
   * Keep each issue's answer per selection, as a server's cache would (default false): only for a world
   * nothing changes during (the benchmark). What a cold search then measures is the client and the delay.
   */
  cacheIssueAnswers?: boolean;
  /** Dates of generated issues are relative to this day (default today). */
  now?: Date;
  /**
   * Called for every request after it is counted and before it is routed. Return a CannedResponse to
   * answer it yourself (faults: 502, 403 secondary limit, dropped socket...), or undefined to carry on.
   */
  onRequest?: (req: StandInRequest) => CannedResponse | undefined | Promise<CannedResponse | undefined>;
}

export interface RequestLogEntry {
  method: string;
  route: string;
  path: string;
  status: number;
  points: number;
  /** GraphQL: repository aliases in the call. */
  repositories: number;
  authenticated: boolean;
}

export interface StandInStats {
  requests: number;
  graphqlRequests: number;
  graphqlPoints: number;
  /** Responses that were 304 Not Modified. */
  notModified: number;
  byRoute: Record<string, number>;
  /** Fields the stand-in does not model, answered null ("Type.field"). */
  unknownFields: string[];
  /** The last 2,000 requests. */
  log: RequestLogEntry[];
  /**
   * Milliseconds the stand-in itself spent answering (executing queries, serialising answers): one
   * process, so requests of one round wait for each other's share, which a real server would not make them do.
   */
  computeMs: number;
}

export interface StandInServer {
  url: string;
  stats: StandInStats;
  /** Zeroes the counters and the log (the world and rate-limit budget stay). */
  reset(): void;
  setDelay(ms: number): void;
  close(): Promise<void>;
}

const LOG_LIMIT = 2000;

interface Routed {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  points?: number;
  repositories?: number;
}

const ROUTES: { method: string; re: RegExp; route: string }[] = [
  { method: 'POST', re: /^\/graphql$/, route: 'POST /graphql' },
  { method: 'GET', re: /^\/search\/issues$/, route: 'GET /search/issues' },
  { method: 'GET', re: /^\/rate_limit$/, route: 'GET /rate_limit' },
  { method: 'GET', re: /^\/user$/, route: 'GET /user' },
  { method: 'GET', re: /^\/repos\/([^/]+)\/([^/]+)$/, route: 'GET /repos/:owner/:repo' },
  { method: 'GET', re: /^\/repos\/([^/]+)\/([^/]+)\/issues$/, route: 'GET /repos/:owner/:repo/issues' },
  { method: 'GET', re: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)$/, route: 'GET /repos/:owner/:repo/issues/:number' },
  {
    method: 'GET',
    re: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/,
    route: 'GET /repos/:owner/:repo/issues/:number/comments',
  },
  {
    method: 'GET',
    re: /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/timeline$/,
    route: 'GET /repos/:owner/:repo/issues/:number/timeline',
  },
  { method: 'GET', re: /^\/repos\/([^/]+)\/([^/]+)\/pulls\/(\d+)$/, route: 'GET /repos/:owner/:repo/pulls/:number' },
];

export function matchRoute(method: string, path: string): { route: string; params: string[] } {
  for (const r of ROUTES) {
    if (r.method !== method) continue;
    const m = r.re.exec(path);
    if (m) return { route: r.route, params: m.slice(1).map((s) => decodeURIComponent(s)) };
  }
  return { route: 'unknown', params: [] };
}

function restUser(login: string): Record<string, unknown> {
  return {
    login,
    id: Number.parseInt(createHash('sha1').update(login).digest('hex').slice(0, 7), 16),
    type: login.endsWith('[bot]') ? 'Bot' : 'User',
    html_url: `https://github.com/${login}`,
    url: `https://api.github.com/users/${login}`,
  };
}

function restIssue(apiUrl: string, issue: StandInIssue, requested: readonly string[] | undefined): Record<string, unknown> {
  const api = `${apiUrl}/repos/${issue.repo}/issues/${issue.number}`;
  return {
    url: api,
    repository_url: `${apiUrl}/repos/${issue.repo}`,
    comments_url: `${api}/comments`,
    html_url: `https://github.com/${issue.repo}/issues/${issue.number}`,
    id: issue.number,
    node_id: `I_${Buffer.from(`${issue.repo}#${issue.number}`).toString('base64url')}`,
    number: issue.number,
    title: issue.title,
    user: restUser(issue.author),
    labels: labelsFor(issue, requested).map((name, i) => ({ id: i + 1, name, color: 'ededed', default: false, description: null })),
    state: issue.state.toLowerCase(),
    state_reason: null,
    locked: false,
    assignee: issue.assignees[0] ? restUser(issue.assignees[0]) : null,
    assignees: issue.assignees.map(restUser),
    milestone: null,
    comments: issue.commentCount,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: null,
    author_association: issue.authorAssociation,
    body: issue.body,
  };
}

function restRepo(apiUrl: string, repo: StandInRepo): Record<string, unknown> {
  const m = repo.meta;
  const [owner = '', name = ''] = m.repo.split('/');
  return {
    id: Number.parseInt(createHash('sha1').update(m.repo).digest('hex').slice(0, 7), 16),
    name,
    full_name: m.repo,
    owner: { login: owner, type: 'Organization' },
    private: m.isPrivate,
    html_url: m.url,
    url: `${apiUrl}/repos/${m.repo}`,
    description: m.description,
    language: m.primaryLanguage,
    topics: m.topics,
    stargazers_count: m.stars,
    archived: m.isArchived,
    disabled: false,
    has_issues: true,
    default_branch: 'main',
  };
}

function etagOf(body: string): string {
  return `W/"${createHash('sha256').update(body).digest('hex').slice(0, 32)}"`;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startStandInServer(options: StandInOptions): Promise<StandInServer> {
  let delayMs = Math.max(0, options.delayMs);
  const world = new World({
    ...(options.snapshotPath !== undefined ? { snapshotPath: options.snapshotPath } : {}),
    ...(options.issuesPerRepo !== undefined ? { issuesPerRepo: options.issuesPerRepo } : {}),
    ...(options.missingRepos !== undefined ? { missingRepos: options.missingRepos } : {}),
    ...(options.issueCounts !== undefined ? { issueCounts: options.issueCounts } : {}),
    ...(options.pullRequestCounts !== undefined ? { pullRequestCounts: options.pullRequestCounts } : {}),
    ...(options.now !== undefined ? { now: options.now } : {}),
  });
  const viewerLogin = options.viewerLogin ?? 'bench-user';
  const resetEpoch = Math.floor(Date.now() / 1000) + 3600;
  const buckets: Record<string, RateLimitState> = {
    core: { limit: 5000, used: 0, resetAt: new Date(resetEpoch * 1000) },
    search: { limit: 30, used: 0, resetAt: new Date((Math.floor(Date.now() / 1000) + 60) * 1000) },
    graphql: { limit: 5000, used: 0, resetAt: new Date(resetEpoch * 1000) },
  };
  const answers = options.cacheIssueAnswers ? createIssueAnswers() : undefined;
  const stats: StandInStats = {
    requests: 0,
    graphqlRequests: 0,
    graphqlPoints: 0,
    computeMs: 0,
    notModified: 0,
    byRoute: {},
    unknownFields: [],
    log: [],
  };
  const timers = new Set<NodeJS.Timeout>();
  const hanging = new Set<ServerResponse>();
  let baseUrl = '';

  const rateHeaders = (resource: string): Record<string, string> => {
    const b = buckets[resource] ?? buckets.core!;
    return {
      'x-ratelimit-limit': String(b.limit),
      'x-ratelimit-remaining': String(Math.max(0, b.limit - b.used)),
      'x-ratelimit-used': String(b.used),
      'x-ratelimit-reset': String(Math.floor(b.resetAt.getTime() / 1000)),
      'x-ratelimit-resource': resource,
    };
  };

  const notFound = (): Routed => ({
    status: 404,
    body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' },
  });

  /** A REST GET with ETag: 304 (free) on a matching If-None-Match, else 200 and one point from core. */
  const conditional = (req: StandInRequest, payload: unknown): Routed => {
    const text = JSON.stringify(payload);
    const etag = etagOf(text);
    const inm = req.headers['if-none-match'];
    if (typeof inm === 'string' && inm.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
      return { status: 304, headers: { etag, ...rateHeaders('core') } };
    }
    buckets.core!.used += 1;
    return { status: 200, headers: { etag, 'cache-control': 'private, max-age=60, s-maxage=60', ...rateHeaders('core') }, body: text };
  };

  const route = (req: StandInRequest, params: string[]): Routed => {
    const authenticated = typeof req.headers.authorization === 'string';
    switch (req.route) {
      case 'POST /graphql': {
        if (!authenticated) {
          return {
            status: 401,
            body: { message: 'This endpoint requires you to be authenticated.', documentation_url: 'https://docs.github.com/graphql' },
          };
        }
        let payload: { query?: unknown; variables?: unknown; operationName?: unknown };
        try {
          payload = JSON.parse(req.body) as typeof payload;
        } catch {
          return { status: 400, body: { message: 'Problems parsing JSON' } };
        }
        const out = executeGraphQL(payload, {
          world,
          rate: buckets.graphql!,
          viewerLogin,
          validateQueries: options.validateQueries ?? false,
          ...(answers ? { answers } : {}),
        });
        for (const f of out.unknownFields) if (!stats.unknownFields.includes(f)) stats.unknownFields.push(f);
        return { status: 200, headers: rateHeaders('graphql'), body: out.body, points: out.cost, repositories: out.repositories };
      }
      case 'GET /search/issues': {
        buckets.search!.used += 1;
        const q = req.query.get('q') ?? '';
        const perPage = Math.min(100, Number(req.query.get('per_page') ?? 30) || 30);
        const page = Math.max(1, Number(req.query.get('page') ?? 1) || 1);
        const found = searchIssues(world, q);
        const items = found.slice((page - 1) * perPage, page * perPage).map((x) => ({ ...restIssue(baseUrl, x.issue, x.labels), score: 1 }));
        return {
          status: 200,
          headers: { 'cache-control': 'no-cache', ...rateHeaders('search') },
          body: { total_count: found.length, incomplete_results: false, items },
        };
      }
      case 'GET /rate_limit': {
        const res = (k: string): Record<string, number> => {
          const b = buckets[k]!;
          return { limit: b.limit, used: b.used, remaining: Math.max(0, b.limit - b.used), reset: Math.floor(b.resetAt.getTime() / 1000) };
        };
        return {
          status: 200,
          headers: rateHeaders('core'),
          body: { resources: { core: res('core'), search: res('search'), graphql: res('graphql') }, rate: res('core') },
        };
      }
      case 'GET /user':
        if (!authenticated) return { status: 401, body: { message: 'Requires authentication' } };
        return conditional(req, restUser(viewerLogin));
      default:
        break;
    }
    const [owner = '', name = '', num] = params;
    const repo = world.repo(owner, name);
    if (!repo) return notFound();
    switch (req.route) {
      case 'GET /repos/:owner/:repo':
        return conditional(req, restRepo(baseUrl, repo));
      case 'GET /repos/:owner/:repo/issues': {
        const labels = req.query.get('labels')?.split(',').filter((l) => l !== '');
        const perPage = Math.min(100, Number(req.query.get('per_page') ?? 30) || 30);
        // REST ?labels=a,b is AND: generated issues carry one requested label, so only a single label matches them.
        const list = repo.issues.filter(
          (i) =>
            !labels ||
            labels.length === 0 ||
            (i.beginner ? labels.length === 1 : labels.every((l) => i.labels.some((x) => x.toLowerCase() === l.toLowerCase()))),
        );
        return conditional(req, list.slice(0, perPage).map((i) => restIssue(baseUrl, i, labels)));
      }
      case 'GET /repos/:owner/:repo/issues/:number':
        return conditional(req, restIssue(baseUrl, world.issue(repo, Number(num)), undefined));
      case 'GET /repos/:owner/:repo/issues/:number/comments':
        return conditional(
          req,
          world.issue(repo, Number(num)).comments.map((c, i) => ({
            id: i + 1,
            user: restUser(c.author),
            author_association: c.authorAssociation,
            body: c.body,
            created_at: c.createdAt,
            updated_at: c.createdAt,
          })),
        );
      case 'GET /repos/:owner/:repo/issues/:number/timeline':
        return conditional(
          req,
          world.issue(repo, Number(num)).pullRequests.map((p) => ({
            event: 'cross-referenced',
            created_at: p.createdAt,
            actor: restUser(p.author),
            source: {
              type: 'issue',
              issue: {
                number: p.number,
                title: p.title,
                state: p.state === 'OPEN' ? 'open' : 'closed',
                html_url: `https://github.com/${p.repo}/pull/${p.number}`,
                user: restUser(p.author),
                created_at: p.createdAt,
                pull_request: { html_url: `https://github.com/${p.repo}/pull/${p.number}`, merged_at: p.state === 'MERGED' ? p.createdAt : null },
                repository: { full_name: p.repo },
              },
            },
          })),
        );
      case 'GET /repos/:owner/:repo/pulls/:number':
        return conditional(req, {
          number: Number(num),
          state: 'open',
          merged: false,
          merged_at: null,
          draft: false,
          title: `PR #${String(num)}`,
          html_url: `https://github.com/${repo.meta.repo}/pull/${String(num)}`,
          created_at: '2026-01-01T00:00:00Z',
          user: restUser(viewerLogin),
        });
      default:
        return notFound();
    }
  };

  const send = (res: ServerResponse, r: { status: number; headers?: Record<string, string>; body?: unknown }, wait: number): void => {
    const finish = (): void => {
      if (res.destroyed) return;
      const headers: Record<string, string> = { ...(r.headers ?? {}) };
      if (r.status === 304 || r.body === undefined) {
        res.writeHead(r.status, headers);
        res.end();
        return;
      }
      const started = performance.now();
      const text = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
      stats.computeMs += performance.now() - started;
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) headers['content-type'] = 'application/json; charset=utf-8';
      headers['content-length'] = String(Buffer.byteLength(text));
      res.writeHead(r.status, headers);
      res.end(text);
    };
    if (wait <= 0) finish();
    else {
      const t = setTimeout(() => {
        timers.delete(t);
        finish();
      }, wait);
      timers.add(t);
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req);
    const { route: routeName, params } = matchRoute(method, url.pathname);
    stats.requests += 1;
    stats.byRoute[routeName] = (stats.byRoute[routeName] ?? 0) + 1;
    const sreq: StandInRequest = {
      method,
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      route: routeName,
      seq: stats.requests,
    };
    const authenticated = typeof req.headers.authorization === 'string';
    const logEntry = (status: number, points: number, repositories: number): void => {
      stats.log.push({ method, route: routeName, path: url.pathname, status, points, repositories, authenticated });
      if (stats.log.length > LOG_LIMIT) stats.log.splice(0, stats.log.length - LOG_LIMIT);
    };

    const canned = options.onRequest ? await options.onRequest(sreq) : undefined;
    if (canned) {
      logEntry(canned.status, 0, 0);
      if (canned.destroySocket) {
        req.socket.destroy();
        return;
      }
      if (canned.hang) {
        hanging.add(res);
        res.on('close', () => hanging.delete(res));
        return;
      }
      send(res, canned, canned.delayMs ?? delayMs);
      return;
    }

    let out: Routed;
    const started = performance.now();
    try {
      out = route(sreq, params);
    } catch (e) {
      out = { status: 500, body: { message: `stand-in server error: ${(e as Error).message}` } };
    }
    stats.computeMs += performance.now() - started;
    if (routeName === 'POST /graphql') {
      stats.graphqlRequests += 1;
      stats.graphqlPoints += out.points ?? 0;
    }
    if (out.status === 304) stats.notModified += 1;
    logEntry(out.status, out.points ?? 0, out.repositories ?? 0);
    const common = { 'x-github-request-id': `STANDIN:${stats.requests}`, 'x-github-api-version-selected': '2022-11-28' };
    send(res, { ...out, headers: { ...common, ...(out.headers ?? {}) } }, delayMs);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: `stand-in server error: ${(e as Error).message}` }));
      }
    });
  });
  server.keepAliveTimeout = 5000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${addr.port}`;

  return {
    url: baseUrl,
    stats,
    reset() {
      stats.requests = 0;
      stats.graphqlRequests = 0;
      stats.graphqlPoints = 0;
      stats.notModified = 0;
      for (const k of Object.keys(stats.byRoute)) delete stats.byRoute[k];
      stats.unknownFields.length = 0;
      stats.log.length = 0;
      stats.computeMs = 0;
    },
    setDelay(ms: number) {
      delayMs = Math.max(0, ms);
    },
    close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      for (const res of hanging) res.destroy();
      hanging.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
