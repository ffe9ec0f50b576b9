// When this process's requests have left for the network. Each request is counted from the moment it is
// handed to the HTTP layer until that layer says its bytes are written (http-fetch.ts's `onWritten`), or
// until its answer settles, whichever comes first. Waiting for the write, rather than a turn of the event
// loop, keeps work done "while the requests are out" from holding them back: a request on a new connection
// is written only once the connect completes, several turns later.

let outgoing = 0;
const waiters: (() => void)[] = [];

/**
 * Hands a request to `send`, which calls `written` once the request is on the wire, and keeps track of it
 * until then (or until the promise `send` returns settles).
 */
export function trackOutgoing<T>(send: (written: () => void) => Promise<T>): Promise<T> {
  let gone = false;
  const release = (): void => {
    if (gone) return;
    gone = true;
    outgoing -= 1;
    if (outgoing === 0) for (const w of waiters.splice(0)) w();
  };
  outgoing += 1;
  let pending: Promise<T>;
  try {
    pending = send(release);
  } catch (e) {
    release();
    throw e;
  }
  return pending.finally(release);
}

/** Calls `fn` once no tracked request is still waiting to be written (at once if none is). */
export function whenAllSent(fn: () => void): void {
  if (outgoing === 0) fn();
  else waiters.push(fn);
}
