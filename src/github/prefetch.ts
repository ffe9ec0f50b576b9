// Requests sent before the client exists. A cold search knows its first pass from the settings and the
// cache alone, so src/search/early.ts sends it before the CLI and Octokit have loaded (70-100 ms of a cold
// search's start, `npm run bench`); when the client's transport (client.ts) then sends the very same
// request, it takes this one's answer instead of sending it again, and everything else (retries, rate
// limits, errors, counting) goes on as if it had just sent it. A request nobody takes is dropped at exit.
// The answer is duck-typed (http-fetch.ts's HttpResponse, from whichever copy of that module sent it).
import { isDeepStrictEqual } from 'node:util';
import { httpFetch, type HttpFetchInit, type HttpResponse } from './http-fetch.js';

interface EarlyRequest {
  url: string;
  /** The parsed body: compared as a value, so key order is not a difference. */
  body: unknown;
  answer: Promise<HttpResponse>;
  written: Promise<void>;
  abort: AbortController;
}

// Kept on globalThis under a registered symbol: the early start is a bundle of its own (one file loads
// faster than the CLI's shared chunks, and it runs before anything else), with its own copy of this module.
const REGISTRY = Symbol.for('oss-scout.early-requests');
const pending = ((globalThis as Record<symbol, unknown>)[REGISTRY] ??= []) as EarlyRequest[];

function parsed(body: string | null | undefined): unknown {
  if (typeof body !== 'string') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** Sends a POST now, for the client to take later (see takeEarly). */
export function sendEarly(url: string, headers: Record<string, string>, body: string): void {
  const abort = new AbortController();
  let markWritten = (): void => {};
  const written = new Promise<void>((resolve) => (markWritten = resolve));
  const answer = httpFetch(url, { method: 'POST', headers, body, signal: abort.signal }, () => markWritten());
  // Taken or dropped, its failure is handled by whoever takes it; a dropped one's is of no interest.
  answer.catch(() => {});
  pending.push({ url, body: parsed(body), answer, written, abort });
}

/**
 * The answer of an early request identical to this one (same URL, a POST with an equal body), which is
 * then no longer pending; undefined when there is none. `signal` aborts it from now on; `onWritten` is
 * called once it is on the wire (at once if it is already).
 */
export function takeEarly(url: string, init: HttpFetchInit, onWritten?: () => void): Promise<HttpResponse> | undefined {
  if (pending.length === 0 || (init.method ?? 'GET').toUpperCase() !== 'POST') return undefined;
  const body = parsed(init.body);
  if (body === undefined) return undefined;
  const i = pending.findIndex((r) => r.url === url && isDeepStrictEqual(r.body, body));
  if (i < 0) return undefined;
  const [taken] = pending.splice(i, 1) as [EarlyRequest];
  const signal = init.signal;
  if (signal) {
    if (signal.aborted) taken.abort.abort(signal.reason);
    else signal.addEventListener('abort', () => taken.abort.abort(signal.reason), { once: true });
  }
  if (onWritten) void taken.written.then(onWritten);
  return taken.answer;
}

/** How many early requests are still waiting to be taken. */
export function earlyPending(): number {
  return pending.length;
}

/** Aborts the early requests nobody took (the search asked for something else), so none holds the process open. */
export function dropEarly(): void {
  for (const r of pending.splice(0)) r.abort.abort();
}
