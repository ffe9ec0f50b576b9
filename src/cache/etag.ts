// Conditional REST GETs, storage side: each response's ETag and body, one entry per request under
// <cacheDir>/http/. Keys are the method, the URL, the Accept header and whether a token was used: never the
// token or any other header. The Octokit hook that sends If-None-Match is src/github/etag-hook.ts.
import path from 'node:path';
import { hashKey, pruneDir, readJsonFile, writeJsonFile } from './files.js';

export const ETAG_CACHE_FORMAT = 'oss-scout-etag-cache';
export const ETAG_CACHE_VERSION = 1;
/** Bodies larger than this are not stored (a REST issue is a few KB). */
export const ETAG_MAX_BODY_BYTES = 2 * 1024 * 1024;
export const ETAG_PRUNE_AGE_MS = 30 * 24 * 3_600_000;

export interface EtagKey {
  method: string;
  url: string;
  accept: string;
  authenticated: boolean;
}

export interface EtagEntry {
  key: EtagKey;
  etag: string;
  lastModified: string | undefined;
  status: number;
  data: unknown;
  storedAt: string;
}

export interface EtagStore {
  readonly dir: string;
  /** The stored entry, or undefined (missing, corrupt, other version, other key). Never throws. */
  get(key: EtagKey): Promise<EtagEntry | undefined>;
  set(entry: EtagEntry): Promise<void>;
  prune(now: Date, maxAgeMs?: number): Promise<number>;
}

export function etagKeyHash(key: EtagKey): string {
  return hashKey([ETAG_CACHE_FORMAT, ETAG_CACHE_VERSION, key.method.toUpperCase(), key.url, key.accept, key.authenticated]);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseEtagEntry(raw: unknown, key: EtagKey): EtagEntry | undefined {
  if (!isObject(raw) || raw.format !== ETAG_CACHE_FORMAT || raw.version !== ETAG_CACHE_VERSION) return undefined;
  const k = raw.key;
  if (
    !isObject(k) ||
    k.method !== key.method.toUpperCase() ||
    k.url !== key.url ||
    k.accept !== key.accept ||
    k.authenticated !== key.authenticated
  ) {
    return undefined;
  }
  if (typeof raw.etag !== 'string' || raw.etag === '') return undefined;
  if (typeof raw.status !== 'number' || !('data' in raw)) return undefined;
  if (typeof raw.storedAt !== 'string') return undefined;
  return {
    key,
    etag: raw.etag,
    lastModified: typeof raw.lastModified === 'string' ? raw.lastModified : undefined,
    status: raw.status,
    data: raw.data,
    storedAt: raw.storedAt,
  };
}

/** An ETag store in `<cacheDir>/http`. Creating it touches nothing on disk. */
export function createEtagStore(cacheDir: string): EtagStore {
  const dir = path.join(cacheDir, 'http');
  const fileFor = (key: EtagKey): string => path.join(dir, `${etagKeyHash(key)}.json`);
  return {
    dir,
    async get(key) {
      return parseEtagEntry(await readJsonFile(fileFor(key)), key);
    },
    async set(entry) {
      await writeJsonFile(fileFor(entry.key), {
        format: ETAG_CACHE_FORMAT,
        version: ETAG_CACHE_VERSION,
        key: { ...entry.key, method: entry.key.method.toUpperCase() },
        etag: entry.etag,
        lastModified: entry.lastModified ?? null,
        status: entry.status,
        data: entry.data,
        storedAt: entry.storedAt,
      }, { pruneOlderThanMs: ETAG_PRUNE_AGE_MS });
    },
    prune(now, maxAgeMs = ETAG_PRUNE_AGE_MS) {
      return pruneDir(dir, now, maxAgeMs);
    },
  };
}
