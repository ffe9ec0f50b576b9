// Time-based cache of per-repository fetch results (GraphQL has no conditional requests, so we cache by age).
// One file per (API host, authenticated or not, repo, labels, perRepo) under <cacheDir>/repos/. A warm
// search reads every repository from here and sends nothing; a partly warm one fetches only the misses.
// Keys and entries never contain a token: the key says only whether a token was used.
import path from 'node:path';
import { commentSignalsFingerprint, commentSignalsOf, rememberCommentSignals } from '../core/taken.js';
import type { FetchResult, IssueRecord, RepoFailure, RepoMeta, RepoName } from '../core/types.js';
import { hashKey, listEntries, pruneDir, readJsonFile, writeJsonFile } from './files.js';

export const REPO_CACHE_FORMAT = 'oss-scout-repo-cache';
export const REPO_CACHE_VERSION = 2;
/** Default lifetime of a cached repository result: 10 minutes. */
export const DEFAULT_REPO_CACHE_MAX_AGE_MS = 10 * 60_000;
/** Entries untouched for a week are deleted by prune(). */
export const REPO_CACHE_PRUNE_AGE_MS = 7 * 24 * 3_600_000;

export interface RepoCacheKey {
  /** REST base URL the result came from (normalised: no trailing slash). */
  apiUrl: string;
  /** Whether a token was used (a token sees more: private repos, GraphQL taken signals). Never the token. */
  authenticated: boolean;
  repo: RepoName;
  /** Labels asked for; order and duplicates do not matter (GitHub ORs them). */
  labels: readonly string[];
  /** Issues asked for per repository. */
  perRepo: number;
}

export interface RepoCacheEntry {
  key: RepoCacheKey;
  /** null when the repository failed with a cacheable failure (not found). */
  meta: RepoMeta | null;
  issues: IssueRecord[];
  failure: RepoFailure | null;
  fetchedAt: string;
}

export interface RepoCacheLookup {
  /** Fresh entries, by the repo name as given in the key. */
  hits: Map<RepoName, RepoCacheEntry>;
  /** Keys with no fresh entry, in the order given. */
  misses: RepoCacheKey[];
}

export interface RepoCache {
  readonly dir: string;
  /** Entries younger than maxAgeMs at `now` (Infinity: any age, as --offline wants). Never throws. */
  get(keys: readonly RepoCacheKey[], now: Date, maxAgeMs?: number): Promise<RepoCacheLookup>;
  /** Writes entries atomically, one file each. Throws only if the cache directory cannot be written. */
  put(entries: readonly RepoCacheEntry[]): Promise<void>;
  /** Removes entries older than maxAgeMs (default a week). Never throws. */
  prune(now: Date, maxAgeMs?: number): Promise<number>;
}

function canonicalKey(key: RepoCacheKey): RepoCacheKey {
  return {
    apiUrl: key.apiUrl.replace(/\/+$/, '').toLowerCase(),
    authenticated: key.authenticated,
    repo: key.repo.toLowerCase(),
    labels: [...new Set(key.labels.map((l) => l.trim()))].sort(),
    perRepo: key.perRepo,
  };
}

/**
 * The key of one repository's entry. The one derivation for every path that reads or writes the cache
 * (online and --offline alike), so an entry written by one is found by the other.
 */
export function repoCacheKeyFor(input: { apiUrl: string; authenticated: boolean; entry: { repo: RepoName; labels: readonly string[] }; perRepo: number }): RepoCacheKey {
  return { apiUrl: input.apiUrl, authenticated: input.authenticated, repo: input.entry.repo, labels: input.entry.labels, perRepo: input.perRepo };
}

/** The file name stem for a key: sha256 of its canonical form (versioned, so a format change misses). */
export function repoCacheKeyHash(key: RepoCacheKey): string {
  return hashKey([REPO_CACHE_FORMAT, REPO_CACHE_VERSION, canonicalKey(key)]);
}

function sameKey(a: RepoCacheKey, b: RepoCacheKey): boolean {
  return JSON.stringify(canonicalKey(a)) === JSON.stringify(canonicalKey(b));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isRepoMeta(v: unknown): v is RepoMeta {
  return (
    isObject(v) &&
    typeof v.repo === 'string' &&
    typeof v.url === 'string' &&
    typeof v.stars === 'number' &&
    typeof v.isArchived === 'boolean' &&
    Array.isArray(v.languages) &&
    Array.isArray(v.topics)
  );
}

function isIssueRecord(v: unknown): v is IssueRecord {
  return (
    isObject(v) &&
    typeof v.repo === 'string' &&
    typeof v.number === 'number' &&
    typeof v.title === 'string' &&
    typeof v.url === 'string' &&
    typeof v.body === 'string' &&
    typeof v.updatedAt === 'string' &&
    typeof v.createdAt === 'string' &&
    Array.isArray(v.labels) &&
    Array.isArray(v.assignees) &&
    Array.isArray(v.pullRequests) &&
    Array.isArray(v.comments)
  );
}

function isFailure(v: unknown): v is RepoFailure {
  return isObject(v) && typeof v.repo === 'string' && typeof v.kind === 'string' && typeof v.message === 'string';
}

let signalsVersion: string | undefined;
/** Which taken-detection code the stored comment bits come from: sha256 of everything they depend on. */
function commentSignalsVersion(): string {
  return (signalsVersion ??= hashKey(['oss-scout-comment-signals', commentSignalsFingerprint()]));
}

/**
 * Each comment's taken-detection bits (core/taken.ts), stored with the entry so a search answered from the
 * cache reads no comment again. Per issue, per comment, in the entry's order.
 */
function commentSignalsFor(issues: readonly IssueRecord[]): { version: string; bits: number[][] } {
  return { version: commentSignalsVersion(), bits: issues.map((i) => i.comments.map(commentSignalsOf)) };
}

/** Hands stored bits to taken detection, when they come from this very code and fit the issues exactly. */
function rememberStoredSignals(raw: unknown, issues: readonly IssueRecord[]): void {
  if (!isObject(raw) || raw.version !== commentSignalsVersion() || !Array.isArray(raw.bits) || raw.bits.length !== issues.length) return;
  const bits = raw.bits as unknown[];
  const fits = issues.every((issue, i) => {
    const b = bits[i];
    return Array.isArray(b) && b.length === issue.comments.length && b.every((x) => Number.isInteger(x)) && issue.comments.every(isObject);
  });
  if (!fits) return;
  issues.forEach((issue, i) => issue.comments.forEach((c, j) => rememberCommentSignals(c, (bits[i] as number[])[j] as number)));
}

/** A stored entry, or undefined when it is not ours, another version, another key, or malformed. */
function parseEntry(raw: unknown, key: RepoCacheKey): RepoCacheEntry | undefined {
  if (!isObject(raw) || raw.format !== REPO_CACHE_FORMAT || raw.version !== REPO_CACHE_VERSION) return undefined;
  const k = raw.key;
  if (
    !isObject(k) ||
    typeof k.apiUrl !== 'string' ||
    typeof k.authenticated !== 'boolean' ||
    typeof k.repo !== 'string' ||
    !Array.isArray(k.labels) ||
    typeof k.perRepo !== 'number'
  ) {
    return undefined;
  }
  const storedKey: RepoCacheKey = {
    apiUrl: k.apiUrl,
    authenticated: k.authenticated,
    repo: k.repo,
    labels: k.labels.filter((l): l is string => typeof l === 'string'),
    perRepo: k.perRepo,
  };
  if (!sameKey(storedKey, key)) return undefined;
  if (typeof raw.fetchedAt !== 'string' || Number.isNaN(Date.parse(raw.fetchedAt))) return undefined;
  if (raw.meta !== null && !isRepoMeta(raw.meta)) return undefined;
  if (raw.failure !== null && !isFailure(raw.failure)) return undefined;
  if (raw.meta === null && raw.failure === null) return undefined;
  if (!Array.isArray(raw.issues) || !raw.issues.every(isIssueRecord)) return undefined;
  rememberStoredSignals(raw.commentSignals, raw.issues);
  return { key, meta: raw.meta, issues: raw.issues, failure: raw.failure, fetchedAt: raw.fetchedAt };
}

/** Clock skew tolerance: an entry "from the future" by more than this is not trusted. */
const FUTURE_SLACK_MS = 60_000;

function isFresh(fetchedAt: string, now: Date, maxAgeMs: number): boolean {
  const age = now.getTime() - Date.parse(fetchedAt);
  if (age < -FUTURE_SLACK_MS) return false;
  return age <= maxAgeMs;
}

/** A cache in `<cacheDir>/repos`. Creating it touches nothing on disk. */
export function createRepoCache(cacheDir: string): RepoCache {
  const dir = path.join(cacheDir, 'repos');
  const fileFor = (key: RepoCacheKey): string => path.join(dir, `${repoCacheKeyHash(key)}.json`);
  return {
    dir,
    async get(keys, now, maxAgeMs = DEFAULT_REPO_CACHE_MAX_AGE_MS) {
      const hits = new Map<RepoName, RepoCacheEntry>();
      const misses: RepoCacheKey[] = [];
      const present = listEntries(dir);
      // With no entries at all (a cold search), no key needs its file name (a hash each).
      const found = await Promise.all(
        keys.map(async (key) => {
          if (present.size === 0) return undefined;
          const file = fileFor(key);
          return present.has(path.basename(file)) ? parseEntry(await readJsonFile(file), key) : undefined;
        }),
      );
      keys.forEach((key, i) => {
        const entry = found[i];
        if (entry && isFresh(entry.fetchedAt, now, maxAgeMs)) hits.set(key.repo, entry);
        else misses.push(key);
      });
      return { hits, misses };
    },
    async put(entries) {
      await Promise.all(
        entries.map((e) =>
          writeJsonFile(fileFor(e.key), {
            format: REPO_CACHE_FORMAT,
            version: REPO_CACHE_VERSION,
            key: canonicalKey(e.key),
            fetchedAt: e.fetchedAt,
            meta: e.meta,
            failure: e.failure,
            issues: e.issues,
            commentSignals: commentSignalsFor(e.issues),
          }, { pruneOlderThanMs: REPO_CACHE_PRUNE_AGE_MS }),
        ),
      );
    },
    prune(now, maxAgeMs = REPO_CACHE_PRUNE_AGE_MS) {
      return pruneDir(dir, now, maxAgeMs);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Helpers to wire the cache around a fetch.

/**
 * Items by lower-case repository name, each group in the order given: one pass, where looking every
 * repository up in the whole list was repositories × issues name comparisons (about 13 ms of a cold
 * catalog search, between its last answer and its cache write).
 */
function byRepoName<T extends { repo: string }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of items) {
    const k = x.repo.toLowerCase();
    const group = out.get(k);
    if (group) group.push(x);
    else out.set(k, [x]);
  }
  return out;
}

/**
 * Splits one fetch into cache entries, one per key. Repositories that failed transiently (rate limit,
 * error, forbidden) get no entry, so the next run asks again; "not found" is cached like a result.
 */
export function entriesFromFetchResult(result: FetchResult, keys: readonly RepoCacheKey[]): RepoCacheEntry[] {
  const out: RepoCacheEntry[] = [];
  const failures = byRepoName(result.failures);
  const metas = byRepoName(result.repos);
  const issues = byRepoName(result.issues);
  for (const key of keys) {
    const k = key.repo.toLowerCase();
    const failure = failures.get(k)?.[0];
    const meta = metas.get(k)?.[0] ?? null;
    if (failure && failure.kind !== 'not-found') continue;
    if (!meta && !failure) continue;
    out.push({
      key,
      meta: failure ? null : meta,
      failure: failure ?? null,
      issues: failure ? [] : (issues.get(k) ?? []),
      fetchedAt: result.fetchedAt,
    });
  }
  return out;
}

/** Cached entries plus a fresh fetch, as one FetchResult in `order` (the repositories asked for). */
export function mergeFetchResults(
  order: readonly RepoName[],
  cached: readonly RepoCacheEntry[],
  fresh: FetchResult | undefined,
  now: Date,
): FetchResult {
  const repos: RepoMeta[] = [];
  const issues: IssueRecord[] = [];
  const failures: RepoFailure[] = [];
  const byRepo = new Map(cached.map((e) => [e.key.repo.toLowerCase(), e]));
  const freshRepos = byRepoName(fresh?.repos ?? []);
  const freshFailures = byRepoName(fresh?.failures ?? []);
  const freshIssues = byRepoName(fresh?.issues ?? []);
  for (const name of order) {
    const e = byRepo.get(name.toLowerCase());
    if (e) {
      if (e.meta) repos.push(e.meta);
      if (e.failure) failures.push(e.failure);
      issues.push(...e.issues);
      continue;
    }
    if (!fresh) continue;
    const k = name.toLowerCase();
    const meta = freshRepos.get(k)?.[0];
    if (meta) repos.push(meta);
    for (const f of freshFailures.get(k) ?? []) failures.push(f);
    for (const i of freshIssues.get(k) ?? []) issues.push(i);
  }
  if (fresh) {
    // Anything the fetch returned under a name we did not ask for (a renamed repository answers with its
    // new name) is kept rather than silently dropped.
    const asked = new Set(order.map((n) => n.toLowerCase()));
    repos.push(...fresh.repos.filter((r) => !asked.has(r.repo.toLowerCase())));
    failures.push(...fresh.failures.filter((f) => !asked.has(f.repo.toLowerCase())));
    issues.push(...fresh.issues.filter((i) => !asked.has(i.repo.toLowerCase())));
  }
  // The oldest data decides how fresh the whole result claims to be.
  const times = [...cached.map((e) => e.fetchedAt), ...(fresh ? [fresh.fetchedAt] : [])];
  const oldest = times.length > 0 ? times.reduce((a, b) => (Date.parse(a) <= Date.parse(b) ? a : b)) : now.toISOString();
  return { fetchedAt: oldest, repos, issues, failures };
}

export interface CachedFetchOptions {
  cache: RepoCache;
  now: Date;
  /** Default 10 minutes. */
  maxAgeMs?: number;
  /** --refresh: ignore cached entries (still writes fresh ones). */
  refresh?: boolean;
  /** --offline: use cached entries of any age, never fetch; misses become failures. */
  offline?: boolean;
}

export interface CachedFetchResult {
  result: FetchResult;
  /** The entries the result was made of (cached and freshly written), for updateRepoCacheIssues. */
  entries: RepoCacheEntry[];
  /** Repositories answered from the cache. */
  cached: RepoName[];
  /** Repositories fetched now. */
  fetched: RepoName[];
  /**
   * Settles once every cache write has completed, with the first error if one failed (the result is still
   * good); never rejects. Returned rather than awaited here, so the caller can rank while the writes run:
   * it must await this before it reports, or writes the same entries again.
   */
  written: Promise<Error | undefined>;
}

/**
 * What a fetcher may call, before it is done, with repositories whose results are final (their cache
 * entries are written at once, while the fetcher still waits for the rest).
 */
export type SettleRepos = (part: FetchResult) => void;

/**
 * Answers what it can from the cache and calls `fetch` once for the rest (not at all when everything is
 * fresh). `T` is whatever the fetcher takes per repository (a CatalogEntry), paired with its key.
 */
export async function fetchWithRepoCache<T>(
  items: readonly { key: RepoCacheKey; item: T }[],
  fetch: (missing: T[], cached: FetchResult, settle: SettleRepos) => Promise<FetchResult>,
  options: CachedFetchOptions,
): Promise<CachedFetchResult> {
  const keys = items.map((x) => x.key);
  const order = keys.map((k) => k.repo);
  const lookup: RepoCacheLookup = options.refresh
    ? { hits: new Map(), misses: [...keys] }
    : await options.cache.get(keys, options.now, options.offline ? Infinity : (options.maxAgeMs ?? DEFAULT_REPO_CACHE_MAX_AGE_MS));
  const missingRepos = new Set(lookup.misses.map((k) => k.repo.toLowerCase()));
  const missingItems = items.filter((x) => missingRepos.has(x.key.repo.toLowerCase()));
  let fresh: FetchResult | undefined;
  const written: RepoCacheEntry[] = [];
  let cacheWriteError: Error | undefined;
  const writes: Promise<void>[] = [];
  if (missingItems.length > 0 && options.offline) {
    fresh = {
      fetchedAt: options.now.toISOString(),
      repos: [],
      issues: [],
      failures: missingItems.map((x) => ({ repo: x.key.repo, kind: 'error' as const, message: 'not in the cache (--offline)' })),
    };
  } else if (missingItems.length > 0) {
    // The fetcher sees what the cache already holds: which issues deserve their taken signals depends on
    // every candidate, cached or not.
    const cachedPart = mergeFetchResults(order, [...lookup.hits.values()], undefined, options.now);
    // Entries settled early are written while the fetch goes on (a cold search's last round trip is
    // idle time).
    const settledRepos = new Set<string>();
    const failed = (e: unknown): void => {
      cacheWriteError ??= e instanceof Error ? e : new Error(String(e));
    };
    const putEntries = (entries: RepoCacheEntry[]): void => {
      if (entries.length === 0) return;
      written.push(...entries);
      writes.push(options.cache.put(entries).catch(failed));
    };
    const unsettled = (): RepoCacheKey[] => lookup.misses.filter((k) => !settledRepos.has(k.repo.toLowerCase()));
    const settle: SettleRepos = (part) => {
      const entries = entriesFromFetchResult(part, unsettled());
      for (const e of entries) settledRepos.add(e.key.repo.toLowerCase());
      putEntries(entries);
    };
    try {
      fresh = await fetch(missingItems.map((x) => x.item), cachedPart, settle);
    } catch (e) {
      // Nothing is left running when this fails.
      await Promise.all(writes);
      throw e;
    }
    putEntries(entriesFromFetchResult(fresh, unsettled()));
  }
  return {
    result: mergeFetchResults(order, [...lookup.hits.values()], fresh, options.now),
    entries: [...lookup.hits.values(), ...written],
    cached: [...lookup.hits.keys()],
    fetched: options.offline ? [] : missingItems.map((x) => x.key.repo),
    written: Promise.all(writes).then(() => cacheWriteError),
  };
}

/**
 * Writes back the entries of `repos` with their issues as they are in `result` now (taken signals fetched
 * after the entry was made). Each entry keeps its fetchedAt: its age is its candidate list's age.
 */
export async function updateRepoCacheIssues(
  cache: RepoCache,
  entries: readonly RepoCacheEntry[],
  result: FetchResult,
  repos: ReadonlySet<string>,
): Promise<void> {
  const byRepo = new Map<string, IssueRecord[]>();
  for (const i of result.issues) {
    const k = i.repo.toLowerCase();
    if (!repos.has(k)) continue;
    let list = byRepo.get(k);
    if (!list) byRepo.set(k, (list = []));
    list.push(i);
  }
  const updated = entries
    .filter((e) => e.meta !== null && repos.has(e.key.repo.toLowerCase()))
    .map((e) => ({ ...e, issues: byRepo.get(e.key.repo.toLowerCase()) ?? [] }));
  if (updated.length > 0) await cache.put(updated);
}
