// The Bottleneck that octokit's throttling and retry plugins schedule every request through (its light
// build, the one they import), with its in-memory datastore yielding by setImmediate instead of
// setTimeout(0).
//
// Why: the local datastore mimics the Redis one's asynchrony by awaiting `setTimeout(resolve, 0)` at each
// step of a job (submit, register, free...). Node clamps that to 1 ms and runs it only in the next timers
// phase, and each request passes four limiters (retry, throttling's retry limiter, its write group, its
// global group): from a graphql() call to its fetch took 18 ms, against 0.3 ms without the plugins (6 ms
// with this), and a cold search pays that once per round, before and after. setImmediate still yields to
// the event loop, in order, so the limiters behave the same; their own timers (minTime, retry-after
// waits) are untouched.
import Bottleneck from 'bottleneck/light.js';

interface YieldingStore {
  Promise: PromiseConstructor;
  yieldLoop: (t?: number) => Promise<void>;
}

function yieldByImmediate(this: YieldingStore, t = 0): Promise<void> {
  return new this.Promise<void>((resolve) => {
    if (t > 0) setTimeout(resolve, t);
    else setImmediate(resolve);
  });
}

// The datastore class is not exported: reach its prototype through a limiter. A Bottleneck release
// without it (or with another shape) is left as it is: slower, never wrong.
const probe = new Bottleneck() as unknown as { _store?: object };
const storeProto = probe._store ? (Object.getPrototypeOf(probe._store) as Partial<YieldingStore> | null) : null;
if (storeProto && typeof storeProto.yieldLoop === 'function' && storeProto.yieldLoop.length <= 1) {
  storeProto.yieldLoop = yieldByImmediate;
}

// A job a limiter lets go at once is started by `_run` with `setTimeout(start, 0)`: the same clamp again, once
// per limiter. Started by setImmediate instead when there is nothing to wait for; a real wait keeps its
// timer. (`stop({ dropWaitingJobs })`, which clears that timer, is never used here; the job would start.)
interface Job {
  doRun(): void;
  doExecute(limiter: unknown, clearGlobalState: () => void, run: () => void, free: () => void): unknown;
  options: { expiration?: number | null };
}
interface Internals {
  _run(index: number, job: Job, wait: number): unknown;
  _clearGlobalState(index: number): void;
  _free(index: number, job: Job): void;
  _limiter: unknown;
  _scheduled: Record<number, unknown>;
}
const proto = Bottleneck.prototype as unknown as Partial<Internals>;
const runLater = proto._run;
if (typeof runLater === 'function' && runLater.length === 3 && typeof proto._clearGlobalState === 'function' && typeof proto._free === 'function') {
  proto._run = function runSoon(this: Internals, index: number, job: Job, wait: number): unknown {
    if (wait > 0 || job.options.expiration != null) return runLater.call(this, index, job, wait);
    job.doRun();
    const clearGlobalState = this._clearGlobalState.bind(this, index);
    const run = this._run.bind(this, index, job) as () => void;
    const free = this._free.bind(this, index, job);
    return (this._scheduled[index] = { timeout: setImmediate(() => job.doExecute(this._limiter, clearGlobalState, run, free)), expiration: undefined, job });
  };
}

export default Bottleneck;
