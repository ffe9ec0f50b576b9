// Repository health figures, one file per (API host, repository) under <cacheDir>/health/, kept 24 hours:
// they move slowly, and a cold fetch of the catalog costs a few GraphQL points that `search` should not pay
// on every run. Never holds a token.
import path from 'node:path';
import type { RepoHealth } from '../core/health.js';
import type { RepoName } from '../core/types.js';
import { hashKey, listEntries, pruneDir, readJsonFile, writeJsonFile } from './files.js';

export const HEALTH_CACHE_FORMAT = 'oss-scout-health-cache';
export const HEALTH_CACHE_VERSION = 1;
export const HEALTH_CACHE_MAX_AGE_MS = 24 * 3_600_000;
/** Entries older than this are deleted when new ones are written. */
const PRUNE_AGE_MS = 7 * 24 * 3_600_000;

export interface HealthCache {
  readonly dir: string;
  /** Fresh entries by repository name (as asked); missing, stale, corrupt or foreign entries are absent. */
  get(apiUrl: string, repos: readonly RepoName[], now: Date, maxAgeMs?: number): Promise<Map<RepoName, RepoHealth>>;
  put(apiUrl: string, health: readonly RepoHealth[], now: Date): Promise<void>;
}

function fileFor(dir: string, apiUrl: string, repo: RepoName): string {
  const key = { apiUrl: apiUrl.replace(/\/+$/, '').toLowerCase(), repo: repo.toLowerCase() };
  return path.join(dir, `${hashKey([HEALTH_CACHE_FORMAT, HEALTH_CACHE_VERSION, key])}.json`);
}

function isHealth(v: unknown, repo: RepoName): v is RepoHealth {
  if (typeof v !== 'object' || v === null) return false;
  const h = v as Record<string, unknown>;
  const num = (x: unknown): boolean => typeof x === 'number' && Number.isFinite(x) && x >= 0;
  const numOrNull = (x: unknown): boolean => x === null || num(x);
  return (
    typeof h.repo === 'string' &&
    h.repo.toLowerCase() === repo.toLowerCase() &&
    num(h.newcomerPrs) &&
    num(h.newcomerMerged) &&
    numOrNull(h.mergeRate) &&
    numOrNull(h.medianDaysToMerge) &&
    num(h.openOver30Days) &&
    num(h.closedUnmerged) &&
    num(h.prsOpened) &&
    num(h.prsRead) &&
    typeof h.estimated === 'boolean' &&
    typeof h.computedAt === 'string' &&
    !Number.isNaN(Date.parse(h.computedAt))
  );
}

export function createHealthCache(cacheDir: string): HealthCache {
  const dir = path.join(cacheDir, 'health');
  return {
    dir,
    async get(apiUrl, repos, now, maxAgeMs = HEALTH_CACHE_MAX_AGE_MS) {
      const out = new Map<RepoName, RepoHealth>();
      const present = listEntries(dir);
      if (present.size === 0) return out;
      await Promise.all(
        repos.map(async (repo) => {
          const file = fileFor(dir, apiUrl, repo);
          if (!present.has(path.basename(file))) return;
          const v = (await readJsonFile(file)) as { format?: unknown; health?: unknown } | undefined;
          if (!v || v.format !== HEALTH_CACHE_FORMAT || !isHealth(v.health, repo)) return;
          const age = now.getTime() - Date.parse(v.health.computedAt);
          if (age >= 0 && age <= maxAgeMs) out.set(repo, { ...v.health, repo });
        }),
      );
      return out;
    },
    async put(apiUrl, health, now) {
      await Promise.all(health.map((h) => writeJsonFile(fileFor(dir, apiUrl, h.repo), { format: HEALTH_CACHE_FORMAT, health: h })));
      await pruneDir(dir, now, PRUNE_AGE_MS);
    },
  };
}
