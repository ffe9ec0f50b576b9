// Newer issues are less likely to be stale or silently fixed, and recent activity means a maintainer is
// around to review. Both decay by half-life so a year-old issue still gets a little credit.

export const AGE_WEIGHT = 0.3;
export const AGE_HALF_LIFE_DAYS = 120;
export const ACTIVITY_WEIGHT = 0.3;
export const ACTIVITY_HALF_LIFE_DAYS = 30;

const DAY_MS = 86_400_000;

function decay(fromIso: string, nowMs: number, halfLifeDays: number): number {
  const t = Date.parse(fromIso);
  if (Number.isNaN(t)) return 0;
  const days = Math.max(0, (nowMs - t) / DAY_MS);
  return Math.pow(2, -days / halfLifeDays);
}

export function scoreFreshness(createdAt: string, updatedAt: string, nowMs: number): { age: number; activity: number } {
  return {
    age: AGE_WEIGHT * decay(createdAt, nowMs, AGE_HALF_LIFE_DAYS),
    activity: ACTIVITY_WEIGHT * decay(updatedAt, nowMs, ACTIVITY_HALF_LIFE_DAYS),
  };
}
