// The part of fetch Octokit uses, over node:http and node:https. Node's own fetch (undici) is compiled on
// the first request of every run: 20-40 ms on the critical path of a cold search, before its first request
// leaves (npm run bench; measured in the same run, see the README's performance section). node:http is
// lighter and already part of Node. What Octokit reads of a response: status, statusText, url, headers
// (iterated, and get), text(), arrayBuffer() and body (plus fetch's ok and json()); the answer is read
// whole before it resolves, as every caller reads the whole body anyway.
//
// As fetch does: redirects are followed (at most 20; a 303, or a 301/302 to a POST, becomes a GET without
// a body; the authorization header is dropped when the origin changes), gzip and deflate bodies are
// decoded, an abort rejects with an AbortError, and a request that gets no answer rejects with a TypeError
// whose `cause` is the socket's error (with its `code`, which the error classifier reads).
import type { IncomingHttpHeaders, IncomingMessage, RequestOptions } from 'node:http';

export interface HttpFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | null;
  signal?: AbortSignal;
}

export class HttpHeaders implements Iterable<[string, string]> {
  readonly #map = new Map<string, string>();
  constructor(raw: IncomingHttpHeaders) {
    for (const [k, v] of Object.entries(raw)) {
      if (v === undefined) continue;
      this.#map.set(k.toLowerCase(), Array.isArray(v) ? v.join(', ') : v);
    }
  }
  get(name: string): string | null {
    return this.#map.get(name.toLowerCase()) ?? null;
  }
  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.#map.entries();
  }
}

export class HttpResponse {
  /** The parsed value once a caller has replaced it (client.ts hands Octokit the parsed JSON this way). */
  body: unknown = null;
  readonly ok: boolean;
  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly headers: HttpHeaders,
    readonly url: string,
    private readonly bytes: Buffer,
  ) {
    this.ok = status >= 200 && status < 300;
  }
  text(): Promise<string> {
    return Promise.resolve(this.bytes.toString('utf8'));
  }
  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }
  arrayBuffer(): Promise<ArrayBuffer> {
    const b = this.bytes;
    return Promise.resolve(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
  }
}

const MAX_REDIRECTS = 20;

function abortError(): Error {
  return new DOMException('This operation was aborted', 'AbortError');
}

function networkError(cause: unknown): TypeError {
  return new TypeError('fetch failed', { cause });
}

interface Hop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | null;
}

async function decode(res: IncomingMessage, raw: Buffer): Promise<Buffer> {
  const encoding = (res.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (raw.length === 0 || (encoding !== 'gzip' && encoding !== 'deflate')) return raw;
  // Loaded only for a compressed answer; a few hundred KB decode in a few ms.
  const zlib = await import('node:zlib');
  return encoding === 'gzip' ? zlib.gunzipSync(raw, { finishFlush: zlib.constants.Z_SYNC_FLUSH }) : zlib.inflateSync(raw);
}

async function once(hop: Hop, signal: AbortSignal | undefined, onWritten: () => void): Promise<{ res: IncomingMessage; bytes: Buffer }> {
  // The module object itself (its default export), looked up at call time: interceptors such as msw's
  // replace its `request` property, which the named export would not follow.
  const mod = (hop.url.protocol === 'https:' ? await import('node:https') : await import('node:http')).default;
  if (signal?.aborted) throw abortError();
  const headers: Record<string, string> = { ...hop.headers };
  if (hop.body !== null) headers['content-length'] = String(Buffer.byteLength(hop.body));
  const options: RequestOptions = { method: hop.method, headers };
  return new Promise((resolve, reject) => {
    const req = mod.request(hop.url, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      // A connection closed mid-answer errors here (ECONNRESET, "aborted").
      res.on('error', (e) => reject(networkError(e)));
      res.on('end', () => {
        signal?.removeEventListener('abort', onAbort);
        decode(res, Buffer.concat(chunks)).then((bytes) => resolve({ res, bytes }), (e: unknown) => reject(networkError(e)));
      });
    });
    const onAbort = (): void => {
      req.destroy();
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e) => {
      signal?.removeEventListener('abort', onAbort);
      reject(signal?.aborted ? abortError() : networkError(e));
    });
    req.on('finish', onWritten);
    req.end(hop.body ?? undefined);
  });
}

const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/**
 * Sends one request and reads its answer whole. `onWritten` is called once the request has been handed to
 * the operating system (or has failed), so work done "while the requests are out" cannot hold it back.
 */
export async function httpFetch(input: string | URL, init: HttpFetchInit = {}, onWritten?: () => void): Promise<HttpResponse> {
  let written = false;
  const wrote = (): void => {
    if (written) return;
    written = true;
    onWritten?.();
  };
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(init.headers ?? {})) headers[k.toLowerCase()] = v;
  headers['accept-encoding'] ??= 'gzip, deflate';
  let hop: Hop = { url: new URL(input), method: (init.method ?? 'GET').toUpperCase(), headers, body: init.body ?? null };
  try {
    for (let redirects = 0; ; redirects += 1) {
      const { res, bytes } = await once(hop, init.signal, wrote);
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (!REDIRECTS.has(status) || location === undefined) {
        return new HttpResponse(status, res.statusMessage ?? '', new HttpHeaders(res.headers), hop.url.toString(), bytes);
      }
      if (redirects >= MAX_REDIRECTS) throw networkError(new Error('too many redirects'));
      const next = new URL(location, hop.url);
      const toGet = status === 303 || ((status === 301 || status === 302) && hop.method === 'POST');
      const nextHeaders = { ...hop.headers };
      if (toGet) delete nextHeaders['content-type'];
      if (next.origin !== hop.url.origin) delete nextHeaders.authorization;
      hop = { url: next, method: toGet ? 'GET' : hop.method, headers: nextHeaders, body: toGet ? null : hop.body };
    }
  } finally {
    wrote();
  }
}
