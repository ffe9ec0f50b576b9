// The files a command read, while a recording is on: a stored search output (src/search/replay.ts) stays
// valid while every one of them is as it was. Module state on purpose: the readers are deep in the cache,
// config and state layers, and threading a log through all of them would touch every caller for one consumer.

let reads: Set<string> | undefined;

/** Starts (or restarts) recording. */
export function startReadLog(): void {
  reads = new Set();
}

/** Called by the readers with each file or folder they look at, found or not. */
export function noteRead(file: string): void {
  reads?.add(file);
}

/** What was read since startReadLog, and stops recording. */
export function takeReadLog(): string[] {
  const out = [...(reads ?? [])];
  reads = undefined;
  return out;
}
