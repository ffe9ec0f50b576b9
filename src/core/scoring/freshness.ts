// Newer issues are less likely to be stale or silently fixed, and recent activity means a maintainer is
// around to review. Both decay by half-life so a year-old issue still gets a little credit.

export const AGE_WEIGHT = 0.3;
export const AGE_HALF_LIFE_DAYS = 120;
export const ACTIVITY_WEIGHT = 0.3;
export const ACTIVITY_HALF_LIFE_DAYS = 30;

const DAY_MS = 86_400_000;

const digits = (s: string, from: number, to: number): number => {
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
};

/**
 * Date.parse with a fast path for GitHub's "2025-05-01T12:34:56Z" (and ".123Z"): ranking parses two dates
 * per issue, and the generic parser dominated the scoring loop for 10,000 issues.
 */
export function parseIsoMs(iso: string): number {
  if ((iso.length === 20 || iso.length === 24) && iso.charCodeAt(iso.length - 1) === 90 /* Z */ && iso.charCodeAt(10) === 84 /* T */) {
    const ms = iso.length === 24 ? digits(iso, 20, 23) : 0;
    const t = Date.UTC(digits(iso, 0, 4), digits(iso, 5, 7) - 1, digits(iso, 8, 10), digits(iso, 11, 13), digits(iso, 14, 16), digits(iso, 17, 19), ms);
    if (!Number.isNaN(t)) return t;
  }
  return Date.parse(iso);
}

/** 1 now, halving every halfLifeDays into the past; 0 for an unparseable time (NaN). */
export function decayMs(t: number, nowMs: number, halfLifeDays: number): number {
  if (Number.isNaN(t)) return 0;
  const days = Math.max(0, (nowMs - t) / DAY_MS);
  return Math.pow(2, -days / halfLifeDays);
}

/** scoreFreshness's age part from an already parsed creation time (the ranker parses each date once). */
export const ageScore = (createdMs: number, nowMs: number): number => AGE_WEIGHT * decayMs(createdMs, nowMs, AGE_HALF_LIFE_DAYS);
/** scoreFreshness's activity part from an already parsed last-update time. */
export const activityScore = (updatedMs: number, nowMs: number): number => ACTIVITY_WEIGHT * decayMs(updatedMs, nowMs, ACTIVITY_HALF_LIFE_DAYS);

export function scoreFreshness(createdAt: string, updatedAt: string, nowMs: number): { age: number; activity: number } {
  return {
    age: ageScore(parseIsoMs(createdAt), nowMs),
    activity: activityScore(parseIsoMs(updatedAt), nowMs),
  };
}
