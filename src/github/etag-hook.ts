// Conditional REST GETs through Octokit's request hook: send the stored ETag back in If-None-Match and
// answer a 304 (which costs no rate limit) from the stored body. The entries themselves live in
// src/cache/etag.ts; this is the Octokit side, kept under src/github/ with the rest of Octokit.
import type { Octokit } from '@octokit/rest';
import { ETAG_MAX_BODY_BYTES, type EtagEntry, type EtagKey, type EtagStore } from '../cache/etag.js';

export interface EtagCacheStats {
  /** GETs answered 304 and served from the store. */
  revalidated: number;
  /** Responses stored (or refreshed). */
  stored: number;
}

export interface EtagCacheOptions {
  /** Whether the client sends a token (part of the key: a token can see more). */
  authenticated: boolean;
  now?: () => Date;
}

// The slice of Octokit's request hook we use, typed structurally (Octokit's own hook types are overloaded).
type HeaderMap = Record<string, string | number | undefined>;
interface HookOptions {
  method?: string;
  url?: string;
  headers?: HeaderMap;
  [option: string]: unknown;
}
interface HookResponse {
  status: number;
  url: string;
  headers: HeaderMap;
  data: unknown;
}
type HookRequest = (options: HookOptions) => Promise<HookResponse>;
type ParseEndpoint = (options: HookOptions) => { method: string; url: string; headers: HeaderMap };
type WrapRequest = (name: 'request', hook: (request: HookRequest, options: HookOptions) => Promise<HookResponse>) => void;

/** Query parameters that could carry a credential are dropped from keys. */
function keyUrl(url: string): string {
  try {
    const u = new URL(url);
    for (const p of ['access_token', 'client_secret', 'client_id']) u.searchParams.delete(p);
    return u.toString();
  } catch {
    return url;
  }
}

function headerValue(headers: HeaderMap | undefined, name: string): string | undefined {
  const v = headers?.[name];
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/**
 * Wraps `octokit.request` so GETs are conditional. Call once per Octokit instance. Requests that already
 * carry If-None-Match / If-Modified-Since, and every non-GET, pass through untouched. A store that cannot
 * be read or written never fails a request.
 */
export function withEtagCache(octokit: Pick<Octokit, 'hook' | 'request'>, store: EtagStore, options: EtagCacheOptions): EtagCacheStats {
  const stats: EtagCacheStats = { revalidated: 0, stored: 0 };
  const now = options.now ?? (() => new Date());
  // The `request` handed to a hook may be another plugin's wrapper: take the URL parser from the instance.
  const parse = octokit.request.endpoint.parse.bind(octokit.request.endpoint) as unknown as ParseEndpoint;
  const hook = async (request: HookRequest, opts: HookOptions): Promise<HookResponse> => {
    const method = String(opts.method ?? 'GET').toUpperCase();
    const headers = opts.headers ?? {};
    if (method !== 'GET' || headerValue(headers, 'if-none-match') !== undefined || headerValue(headers, 'if-modified-since') !== undefined) {
      return request(opts);
    }
    const parsed = parse(opts);
    const key: EtagKey = {
      method,
      url: keyUrl(parsed.url),
      accept: headerValue(parsed.headers, 'accept') ?? '',
      authenticated: options.authenticated,
    };
    let entry: EtagEntry | undefined;
    try {
      entry = await store.get(key);
    } catch {
      entry = undefined;
    }
    // before-after-hook binds the same options object through the whole chain (inner hooks ignore the
    // argument we pass), so the condition is added by mutating it, as Octokit's auth hooks do.
    if (entry) opts.headers = { ...opts.headers, 'if-none-match': entry.etag };
    let response: HookResponse;
    try {
      response = await request(opts);
    } catch (e) {
      const status = (e as { status?: unknown }).status;
      if (status === 304 && entry) {
        stats.revalidated += 1;
        const fresh = (e as { response?: { headers?: HeaderMap } }).response?.headers ?? {};
        return { status: entry.status, url: parsed.url, headers: { ...fresh, etag: fresh.etag ?? entry.etag }, data: entry.data };
      }
      throw e;
    }
    const etag = headerValue(response.headers, 'etag');
    if (etag && response.status === 200) {
      let size = 0;
      try {
        size = Buffer.byteLength(JSON.stringify(response.data) ?? '');
      } catch {
        size = Infinity;
      }
      if (size <= ETAG_MAX_BODY_BYTES) {
        try {
          await store.set({
            key,
            etag,
            lastModified: headerValue(response.headers, 'last-modified'),
            status: response.status,
            data: response.data,
            storedAt: now().toISOString(),
          });
          stats.stored += 1;
        } catch {
          // a read-only cache directory costs the next revalidation, nothing else
        }
      }
    }
    return response;
  };
  const wrap = octokit.hook.wrap.bind(octokit.hook) as unknown as WrapRequest;
  wrap('request', hook);
  return stats;
}
