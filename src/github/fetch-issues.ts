// Fetches open beginner issues for a list of repositories in as few requests and points as GitHub allows.
// With a token: GraphQL in two passes (see queries.ts for the point arithmetic):
//   1. light, for every candidate: title, labels, body, dates; many repositories per query;
//   2. one follow-up round per further page of the large repositories (newest-updated and oldest-updated
//      pages at once, with their signals inline), and the taken signals (comments, assignees, closing and
//      mentioning PRs) of the issues the caller picks from the first pass: only the best ones get them.
// Without a token: REST issue search (fetch-search.ts), which sees fewer taken signals.
import pLimit from 'p-limit';
import type { CatalogEntry, FetchResult, IssueRecord, RepoFailure, RepoFailureKind, RepoMeta } from '../core/types.js';
import { OssScoutError, isOssScoutError } from '../errors.js';
import { chunk } from '../core/chunk.js';
import { FULL_CAPABILITIES, type ServerCapabilities } from './capabilities.js';
import type { GitHubClient, GraphQLErrorInfo } from './client.js';
import { httpStatusOf, isFatal } from './errors.js';
import { mapGqlIssue, mapLightIssue, mapRepoMeta, withSignals, type GqlIssue, type GqlIssueConnection, type GqlRepository } from './map.js';
import {
  MAX_PAGE_SIZE,
  aliasFor,
  buildFollowUpQuery,
  issueAlias,
  pageAlias,
  signalsAlias,
  type RepoPageInput,
  type RepoSignalsInput,
} from './queries.js';
import { fetchIssuesBySearch } from './fetch-search.js';
import { firstPageSize, firstPassBatches, firstPassQuery, splitRepoName, uniqueEntries } from './first-pass.js';


export interface FetchIssuesOptions {
  /** Most candidates per repository; beyond it the most recently updated are kept, and onNotice says so. */
  perRepo: number;
  /** ISO date-time: only issues updated since then. */
  since?: string;
  /** Queries in flight at once (default 4). */
  concurrency?: number;
  /** Repositories answered so far, out of all. */
  onProgress?: (done: number, total: number) => void;
  /** Clock for fetchedAt. */
  now?: () => Date;
  /** What the server's schema has (default: github.com's). */
  capabilities?: ServerCapabilities;
  /**
   * Picks, from what the first pass found, the issues whose taken signals the follow-up should read.
   * Default: every issue (complete, and as many points as that costs).
   */
  pickForSignals?: (sofar: FetchResult) => readonly IssueRecord[];
  /** One line for the user (a repository over the per-repository cap). */
  onNotice?: (line: string) => void;
  /**
   * Called once the follow-up is under way, with the repositories it will not change (no further page, no
   * picked issue): their results are final, so the caller can store them while the rest is fetched.
   */
  onSettled?: (part: FetchResult) => void;
  /**
   * Called with the issues of each answer as it is taken in (for a page, all its repository's issues, so some
   * seen before), while the other requests are still out: for work that would otherwise wait for the last.
   */
  onAnswer?: (issues: readonly IssueRecord[]) => void;
}

// GitHub stops a query after 10 s, and its time grows with the issues in it; issues with comments and
// timelines are not cheap to serve (the first pass's light limits are in first-pass.ts).
const MAX_FOLLOW_UP_ISSUES_PER_QUERY = 300;
const DEFAULT_CONCURRENCY = 4;
/** Follow-up rounds for repositories with more pages (two pages a round while under the cap). */
const MAX_PAGE_ROUNDS = 5;
/** Extra issues asked for from the oldest end, so the two ends overlap a little instead of leaving a gap. */
const PAGE_OVERLAP = 3;

function failureKind(type: string | undefined): RepoFailureKind {
  if (type === 'NOT_FOUND') return 'not-found';
  if (type === 'FORBIDDEN') return 'forbidden';
  if (type === 'RATE_LIMITED') return 'rate-limited';
  return 'error';
}

/** Alias errors that a smaller query would not change. */
function isFinalAliasError(type: string | undefined): boolean {
  return type === 'NOT_FOUND' || type === 'FORBIDDEN';
}

function toError(client: GitHubClient, e: unknown): OssScoutError {
  const mapped = isOssScoutError(e) ? e : client.mapError(e);
  return isOssScoutError(mapped) ? mapped : new OssScoutError('upstream', mapped.message, { cause: e });
}

interface RepoState {
  entry: CatalogEntry;
  owner: string;
  name: string;
  issues: Map<number, IssueRecord>;
  /** Open issues with the labels, as GitHub counts them. */
  total: number;
  /** How many to collect: all of them, or the cap. */
  target: number;
  /** Next newest-first page's cursor; undefined when there is none. */
  desc: string | undefined;
  /** Next oldest-first page's cursor (null: its first page); undefined when not used or exhausted. */
  asc: string | null | undefined;
  failed: boolean;
}

type Data = Record<string, unknown>;

function issuesOf(states: readonly RepoState[]): IssueRecord[] {
  return states.flatMap((s) => [...s.issues.values()]);
}

function errorAt(errors: GraphQLErrorInfo[], ...path: string[]): GraphQLErrorInfo | undefined {
  return errors.find((x) => path.every((p, i) => x.path?.[i] === p));
}

interface BatchRun<T> {
  client: GitHubClient;
  limit: ReturnType<typeof pLimit>;
  /** Sends one batch; returns the items GitHub left out (null aliases), to be retried in smaller batches. */
  send: (batch: T[], data: { data: Data; errors: GraphQLErrorInfo[] }) => T[];
  build: (batch: T[]) => { query: string; variables: Record<string, unknown> };
  /** A batch that failed for good. */
  fail: (batch: T[], err: OssScoutError) => void;
  /** Items still left out when alone in their query. */
  left: (items: T[], errors: GraphQLErrorInfo[]) => void;
  answered: { n: number };
  /** Set by the first fatal error: batches not sent yet are not sent, they fail with it. */
  halted?: OssScoutError;
}

/**
 * Runs one batch. A batch GitHub stopped (502/504 after its 10 s, or any 5xx) is split in half rather than
 * sent again at the same size: plugin-retry is told not to retry a batch of several items, so the split is
 * the retry; a single item keeps the usual three retries. Items GitHub left out (a null alias, as it answers
 * past its resource limits) are sent again in batches half the size, then given up on.
 */
async function runBatch<T>(batch: T[], run: BatchRun<T>, errors: GraphQLErrorInfo[] = [], onSent?: () => void): Promise<void> {
  const { query, variables } = run.build(batch);
  let result: { data: Data; errors: GraphQLErrorInfo[] };
  try {
    result = await run.limit(() => {
      if (run.halted) throw run.halted;
      return run.client.graphql<Data>(query, variables, { ...(batch.length > 1 ? { retries: 0 } : {}), ...(onSent ? { onSent } : {}) });
    });
  } catch (e) {
    onSent?.();
    const err = toError(run.client, e);
    if (isFatal(err)) {
      run.halted ??= err;
      throw err;
    }
    const status = httpStatusOf(e);
    const splittable = batch.length > 1 && (status === undefined ? err.kind === 'network' || err.kind === 'upstream' : status >= 500);
    if (splittable) {
      const half = Math.ceil(batch.length / 2);
      await Promise.all([runBatch(batch.slice(0, half), run), runBatch(batch.slice(half), run)]);
      return;
    }
    run.fail(batch, err);
    return;
  }
  run.answered.n += 1;
  const again = run.send(batch, result);
  if (again.length === 0) return;
  if (batch.length === 1) {
    run.left(again, [...errors, ...result.errors]);
    return;
  }
  await Promise.all(chunk(again, Math.ceil(batch.length / 2)).map((b) => runBatch(b, run, result.errors)));
}

/** A callback for runBatch's onSent, and (pushed to `into`) the promise it settles. */
function signalWhenSent(into: Promise<void>[]): () => void {
  let done = (): void => {};
  into.push(new Promise<void>((resolve) => (done = resolve)));
  return () => done();
}

/**
 * Starts every batch at once. With `sent`, each pushes there a promise that settles when its request is
 * out, so the caller can do other work once they are without holding them back. The caller awaits the
 * result; a fatal error in the meantime is not an unhandled rejection.
 */
function launchBatches<T>(batches: T[][], run: BatchRun<T>, sent: Promise<void>[] | undefined): Promise<unknown> {
  const runs = Promise.all(batches.map((b) => runBatch(b, run, [], sent ? signalWhenSent(sent) : undefined)));
  runs.catch(() => {});
  return runs;
}

/** Batches of items whose weights (issues asked for) stay under `max`, at most `maxItems` each. */
function packByWeight<T>(items: T[], weight: (x: T) => number, max: number, maxItems = Infinity): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  let w = 0;
  for (const x of items) {
    const wx = weight(x);
    if (cur.length > 0 && (w + wx > max || cur.length >= maxItems)) {
      out.push(cur);
      cur = [];
      w = 0;
    }
    cur.push(x);
    w += wx;
  }
  if (cur.length > 0) out.push(cur);
  return out;
}

type FollowUpItem = { kind: 'page'; state: RepoState; page: RepoPageInput } | { kind: 'signals'; state: RepoState; number: number };

function weightOf(item: FollowUpItem): number {
  if (item.kind === 'signals') return 1;
  return (item.page.desc?.first ?? 0) + (item.page.asc?.first ?? 0);
}

function nextPage(s: RepoState): RepoPageInput | undefined {
  if (s.failed) return undefined;
  const missing = s.target - s.issues.size;
  if (missing <= 0) return undefined;
  const page: RepoPageInput = { owner: s.owner, name: s.name, labels: s.entry.labels };
  let left = missing;
  if (s.desc !== undefined) {
    const first = Math.min(MAX_PAGE_SIZE, left);
    page.desc = { first, after: s.desc };
    left -= first;
  }
  // A few more than the gap from the oldest end: if an issue moved between pages, the two ends still meet.
  if (s.asc !== undefined && left > 0) page.asc = { first: Math.min(MAX_PAGE_SIZE, left + PAGE_OVERLAP), after: s.asc };
  return page.desc || page.asc ? page : undefined;
}

/** Follow-up query parts for a batch, and where each item's answer will be. */
function followUpParts(batch: FollowUpItem[]): {
  pages: RepoPageInput[];
  signals: RepoSignalsInput[];
  where: { alias: string; issue?: string }[];
} {
  const pages: RepoPageInput[] = [];
  const signals: RepoSignalsInput[] = [];
  const byRepo = new Map<RepoState, number>();
  const where = batch.map((item) => {
    if (item.kind === 'page') {
      pages.push(item.page);
      return { alias: pageAlias(pages.length - 1) };
    }
    let i = byRepo.get(item.state);
    if (i === undefined) {
      i = signals.length;
      byRepo.set(item.state, i);
      signals.push({ owner: item.state.owner, name: item.state.name, numbers: [] });
    }
    const group = signals[i] as RepoSignalsInput;
    group.numbers.push(item.number);
    return { alias: signalsAlias(i), issue: issueAlias(group.numbers.length - 1) };
  });
  return { pages, signals, where };
}

export async function fetchIssues(client: GitHubClient, entries: CatalogEntry[], options: FetchIssuesOptions): Promise<FetchResult> {
  const now = options.now ?? (() => new Date());
  const unique = uniqueEntries(entries);
  if (!client.hasToken) return fetchIssuesBySearch(client, unique, { ...options, now });

  const caps = options.capabilities ?? FULL_CAPABILITIES;
  const cap = Math.max(1, Math.floor(options.perRepo));
  const firstPage = firstPageSize(cap);
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const limit = pLimit(concurrency);
  const repos: RepoMeta[] = [];
  const failures: RepoFailure[] = [];
  const states: RepoState[] = [];
  for (const entry of unique) {
    const parts = splitRepoName(entry.repo);
    if (!parts) {
      failures.push({ repo: entry.repo, kind: 'error', message: 'malformed repository name: expected owner/name' });
      continue;
    }
    states.push({ entry, ...parts, issues: new Map(), total: 0, target: 0, desc: undefined, asc: undefined, failed: false });
  }
  const queryOptions = { capabilities: caps, ...(options.since !== undefined ? { since: options.since } : {}) };
  const failRepo = (s: RepoState, kind: RepoFailureKind, message: string): void => {
    s.failed = true;
    failures.push({ repo: s.entry.repo, kind, message });
  };

  // Pass 1: light, every repository.
  const total = states.length;
  let done = 0;
  options.onProgress?.(0, total);
  const firstErrors: OssScoutError[] = [];
  const answered = { n: 0 };
  const first: BatchRun<RepoState> = {
    client,
    limit,
    answered,
    build: (batch) => firstPassQuery(batch, firstPage, queryOptions),
    send: (batch, { data, errors }) => {
      const again: RepoState[] = [];
      batch.forEach((s, i) => {
        const alias = aliasFor(i);
        const repo = data[alias] as GqlRepository | null | undefined;
        const issues = repo?.issues;
        if (!repo || !issues) {
          const err = errorAt(errors, alias);
          if (!repo && isFinalAliasError(err?.type)) failRepo(s, failureKind(err?.type), err?.message ?? 'GitHub returned no data for this repository');
          else again.push(s);
          return;
        }
        // Archived repositories accept no pull requests: listing their issues would only waste a reader's time.
        if (repo.isArchived) {
          failRepo(s, 'error', 'archived: the repository is read-only');
          return;
        }
        // A renamed repository answers under its new name; keep the name that was asked for so its issues,
        // its metadata and its cache entry stay together (the URLs GitHub returns already point to the new name).
        repos.push({ ...mapRepoMeta(repo), repo: s.entry.repo });
        absorbFirstPage(s, issues, cap, options.onNotice);
        done += 1;
      });
      options.onProgress?.(done, total);
      options.onAnswer?.(issuesOf(batch));
      return again;
    },
    fail: (batch, err) => {
      firstErrors.push(err);
      for (const s of batch) failRepo(s, 'error', err.message);
      done += batch.length;
      options.onProgress?.(done, total);
    },
    left: (items, errors) => {
      for (const s of items) {
        const err = errorAt(errors, aliasFor(0)) ?? errors[0];
        failRepo(s, failureKind(err?.type), `GitHub left this repository out of its answer${err?.type ? ` (${err.type})` : ''}: ${err?.message ?? 'no data'}`);
      }
      done += items.length;
      options.onProgress?.(done, total);
    },
  };
  await launchBatches(firstPassBatches(states, firstPage), first, undefined);
  // Nothing answered at all: that is GitHub or the network failing, not a list of bad repositories.
  if (answered.n === 0 && firstErrors[0] !== undefined) throw firstErrors[0];

  // Pass 2: further pages, and the signals of the picked issues.
  const sofar = (): FetchResult => ({ fetchedAt: now().toISOString(), repos, issues: states.flatMap((s) => [...s.issues.values()]), failures });
  const stateOf = new Map(states.map((s) => [s.entry.repo.toLowerCase(), s]));
  /** The picked candidates whose signals are still to come: asked for in the first follow-up round only. */
  const pickSignals = (): FollowUpItem[] => {
    const picked = options.pickForSignals ? options.pickForSignals(sofar()) : sofar().issues;
    const out: FollowUpItem[] = [];
    for (const issue of picked) {
      const s = stateOf.get(issue.repo.toLowerCase());
      if (s && !s.failed && s.issues.get(issue.number)?.signalsPending) out.push({ kind: 'signals', state: s, number: issue.number });
    }
    return out;
  };
  const follow: BatchRun<FollowUpItem> = {
    client,
    limit,
    answered: { n: 0 },
    build: (batch) => buildFollowUpQuery(followUpParts(batch), queryOptions),
    send: (batch, { data, errors }) => {
      const again = absorbFollowUp(batch, followUpParts(batch).where, data, errors, caps, (s, message) => {
        if (!s.failed) failRepo(s, 'error', `only ${s.issues.size} of ${s.target} open issues fetched: ${message}`);
      });
      if (options.onAnswer) {
        // A page brings a repository's further issues; a signals item, that one issue's new record.
        const paged = [...new Set(batch.filter((item) => item.kind === 'page').map((item) => item.state))];
        const signalled = batch.flatMap((item) => {
          const issue = item.kind === 'signals' ? item.state.issues.get(item.number) : undefined;
          return issue ? [issue] : [];
        });
        options.onAnswer([...issuesOf(paged), ...signalled]);
      }
      return again;
    },
    fail: (batch, err) => {
      for (const item of batch) giveUp(item, err.message);
    },
    left: (items, errors) => {
      const err = errors[0];
      for (const item of items) giveUp(item, `GitHub left part of its answer out${err?.type ? ` (${err.type})` : ''}: ${err?.message ?? 'no data'}`);
    },
  };
  /** Everything but the repositories `busy` will change. */
  const settledPart = (busy: readonly FollowUpItem[]): FetchResult => {
    const busyStates = new Set(busy.map((i) => i.state));
    const busyNames = new Set([...busyStates].map((s) => s.entry.repo.toLowerCase()));
    return {
      fetchedAt: now().toISOString(),
      repos: repos.filter((r) => !busyNames.has(r.repo.toLowerCase())),
      issues: states.filter((s) => !busyStates.has(s)).flatMap((s) => [...s.issues.values()]),
      failures: failures.filter((f) => !busyNames.has(f.repo.toLowerCase())),
    };
  };
  const giveUp = (item: FollowUpItem, message: string): void => {
    const s = item.state;
    if (item.kind === 'signals') incomplete([item], caps);
    else if (!s.failed) failRepo(s, 'error', `only ${s.issues.size} of ${s.target} open issues fetched: ${message}`);
  };
  for (let round = 0; round < MAX_PAGE_ROUNDS; round++) {
    const pages: FollowUpItem[] = [];
    for (const s of states) {
      const page = nextPage(s);
      if (page) pages.push({ kind: 'page', state: s, page });
    }
    // The first round's pages depend on the first pass alone: they go out before the pick (which ranks every
    // candidate, and holds the event loop while it does), so GitHub works on them meanwhile. Its signals go
    // right after the pick, in queries of their own, with a request slot kept free for them: pages past the
    // other slots queue behind them.
    const pageBatches = packByWeight(pages, weightOf, MAX_FOLLOW_UP_ISSUES_PER_QUERY);
    const early = round === 0 ? pageBatches.slice(0, Math.max(0, concurrency - 1)) : pageBatches;
    const earlySent: Promise<void>[] = [];
    const earlyRuns = launchBatches(early, follow, round === 0 ? earlySent : undefined);
    await Promise.all(earlySent);
    const signalItems = round === 0 ? pickSignals() : [];
    const sent: Promise<void>[] = [];
    const lateRuns = launchBatches(
      [...packByWeight(signalItems, weightOf, MAX_FOLLOW_UP_ISSUES_PER_QUERY), ...pageBatches.slice(early.length)],
      follow,
      round === 0 && options.onSettled ? sent : undefined,
    );
    const items = [...pages, ...signalItems];
    if (items.length === 0) break;
    // Only the first round has signals, and a repository without a page now gets none later. Handed over
    // once the round's requests are out (the early ones already are), so whatever the caller does with it
    // does not hold them back.
    if (round === 0 && options.onSettled) {
      await Promise.all(sent);
      options.onSettled(settledPart(items));
    }
    await Promise.all([earlyRuns, lateRuns]);
  }
  for (const s of states) {
    if (!s.failed && s.issues.size < s.target && nextPage(s)) {
      failRepo(s, 'error', `only ${s.issues.size} of ${s.target} open issues fetched (page limit reached)`);
    }
  }

  return { fetchedAt: now().toISOString(), repos, issues: states.flatMap((s) => [...s.issues.values()]), failures };
}

function absorbFirstPage(s: RepoState, conn: GqlIssueConnection, cap: number, onNotice: ((line: string) => void) | undefined): void {
  for (const node of conn.nodes ?? []) {
    if (node && s.issues.size < cap) s.issues.set(node.number, mapLightIssue(node, s.entry.repo));
  }
  s.total = conn.totalCount ?? s.issues.size;
  s.target = Math.min(s.total, cap);
  const more = conn.pageInfo?.hasNextPage === true && Boolean(conn.pageInfo.endCursor);
  s.desc = more ? (conn.pageInfo?.endCursor as string) : undefined;
  // Under the cap every issue is wanted: fetch the rest from both ends at once. Over it, the most recently
  // updated `cap`, newest first.
  s.asc = more && s.total <= cap ? null : undefined;
  if (!more) s.target = s.issues.size;
  if (s.total > cap) {
    onNotice?.(`${s.entry.repo}: ${s.total} open issues carry its beginner labels; ranking the ${cap} most recently updated (--per-repo ${cap})`);
  }
}

function absorbFollowUp(
  batch: FollowUpItem[],
  where: { alias: string; issue?: string }[],
  data: Data,
  errors: GraphQLErrorInfo[],
  caps: ServerCapabilities,
  onGone?: (s: RepoState, message: string) => void,
): FollowUpItem[] {
  const again: FollowUpItem[] = [];
  batch.forEach((item, k) => {
    const at = where[k] as { alias: string; issue?: string };
    const s = item.state;
    const repo = data[at.alias] as Record<string, unknown> | null | undefined;
    if (!repo) {
      const err = errorAt(errors, at.alias);
      // Gone since the first pass (deleted, made private): its remaining pages will not come.
      if (isFinalAliasError(err?.type) && item.kind === 'page') onGone?.(s, err?.message ?? 'no longer found');
      else again.push(item);
      return;
    }
    if (item.kind === 'signals') {
      const node = repo[at.issue as string] as GqlIssue | null | undefined;
      const base = s.issues.get(item.number);
      if (!node) {
        // A null issue with NOT_FOUND was deleted or moved since the first pass: it is no candidate now.
        if (isFinalAliasError(errorAt(errors, at.alias, at.issue as string)?.type)) s.issues.delete(item.number);
        else again.push(item);
        return;
      }
      if (base) s.issues.set(item.number, withSignals(base, node, caps));
      return;
    }
    const d = repo.d as GqlIssueConnection | null | undefined;
    const a = repo.a as GqlIssueConnection | null | undefined;
    if ((item.page.desc && !d) || (item.page.asc && !a)) {
      again.push(item);
      return;
    }
    for (const [conn, which] of [[d, 'desc'], [a, 'asc']] as const) {
      if (!conn) continue;
      for (const node of conn.nodes ?? []) {
        if (!node) continue;
        // Ascending and descending pages meet in the middle; an issue seen twice is the same issue.
        if (s.issues.size >= s.target && !s.issues.has(node.number)) continue;
        s.issues.set(node.number, mapGqlIssue(node, s.entry.repo, caps));
      }
      const more = conn.pageInfo?.hasNextPage === true && Boolean(conn.pageInfo.endCursor);
      if (which === 'desc') s.desc = more ? (conn.pageInfo?.endCursor as string) : undefined;
      else s.asc = more ? (conn.pageInfo?.endCursor as string) : undefined;
    }
    if (s.desc === undefined && s.asc === undefined) s.target = Math.min(s.target, s.issues.size);
  });
  return again;
}

function incomplete(items: FollowUpItem[], caps: ServerCapabilities): void {
  for (const item of items) {
    if (item.kind !== 'signals') continue;
    const base = item.state.issues.get(item.number);
    if (base) item.state.issues.set(item.number, withSignals(base, null, caps));
  }
}

export interface SignalsResult {
  /** The issues given, with their signals (signalsComplete false where GitHub left some out). */
  issues: IssueRecord[];
}

/**
 * The taken signals of issues found by an earlier light pass (possibly from the cache), in as few queries
 * as fit GitHub's limits. Issues GitHub no longer finds are left out of the result.
 */
export async function fetchIssueSignals(
  client: GitHubClient,
  issues: readonly IssueRecord[],
  options: { capabilities?: ServerCapabilities; concurrency?: number } = {},
): Promise<SignalsResult> {
  const caps = options.capabilities ?? FULL_CAPABILITIES;
  const states = new Map<string, RepoState>();
  const items: FollowUpItem[] = [];
  for (const issue of issues) {
    const [owner, name] = issue.repo.split('/');
    if (!owner || !name) continue;
    const key = issue.repo.toLowerCase();
    let s = states.get(key);
    if (!s) {
      s = { entry: { repo: issue.repo, category: 'tooling', labels: [] }, owner, name, issues: new Map(), total: 0, target: 0, desc: undefined, asc: undefined, failed: false };
      states.set(key, s);
    }
    s.issues.set(issue.number, issue);
    items.push({ kind: 'signals', state: s, number: issue.number });
  }
  const run: BatchRun<FollowUpItem> = {
    client,
    limit: pLimit(options.concurrency ?? DEFAULT_CONCURRENCY),
    answered: { n: 0 },
    build: (batch) => buildFollowUpQuery(followUpParts(batch), { capabilities: caps }),
    send: (batch, { data, errors }) => absorbFollowUp(batch, followUpParts(batch).where, data, errors, caps),
    // Signals that did not arrive leave their issues with signalsComplete false, never looking free.
    fail: (batch) => incomplete(batch, caps),
    left: (left) => incomplete(left, caps),
  };
  const batches = packByWeight(items, weightOf, MAX_FOLLOW_UP_ISSUES_PER_QUERY);
  await Promise.all(batches.map((b) => runBatch(b, run)));
  return { issues: [...states.values()].flatMap((s) => [...s.issues.values()]) };
}
