// When this process's requests have left for the network. Node's fetch (undici) announces each request on
// a diagnostics channel as fetch() creates it, and again once its bytes are written; a fetch that
// announces nothing (replaced, as msw does in tests) has nothing to wait for. Waiting for the write, rather
// than a turn of the event loop, keeps work done "while the requests are out" from holding them back: a
// request on a new connection is written only once the connect completes, several turns later.
import { subscribe } from 'node:diagnostics_channel';

interface Outgoing {
  /** undici created a request for it (and will say when it is written). */
  native: boolean;
  gone: boolean;
}

const outgoing: Outgoing[] = [];
const waiters: (() => void)[] = [];
let calling: Outgoing | undefined;
let listening = false;

function release(o: Outgoing): void {
  if (o.gone) return;
  o.gone = true;
  outgoing.splice(outgoing.indexOf(o), 1);
  if (outgoing.length === 0) for (const w of waiters.splice(0)) w();
}

function listen(): void {
  if (listening) return;
  listening = true;
  subscribe('undici:request:create', () => {
    if (calling) calling.native = true;
  });
  // The channel names no request of ours: a write is counted against the oldest one undici created, and
  // which one it was does not matter to whenAllSent.
  subscribe('undici:request:bodySent', () => {
    const first = outgoing.find((o) => o.native);
    if (first) release(first);
  });
}

/**
 * Hands a request to `send` (which calls fetch) and keeps track of it until it is written, or until the
 * promise `send` returns settles, whichever comes first.
 */
export function trackOutgoing<T>(send: () => Promise<T>): Promise<T> {
  listen();
  const o: Outgoing = { native: false, gone: false };
  outgoing.push(o);
  calling = o;
  let pending: Promise<T>;
  try {
    pending = send();
  } catch (e) {
    release(o);
    throw e;
  } finally {
    calling = undefined;
  }
  if (!o.native) release(o);
  return pending.finally(() => release(o));
}

/** Calls `fn` once no tracked request is still waiting to be written (at once if none is). */
export function whenAllSent(fn: () => void): void {
  if (outgoing.length === 0) fn();
  else waiters.push(fn);
}
