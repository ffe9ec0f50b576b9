// The stderr lines for repositories that failed: one each when a few did, one summary when most did
// (48 lines of the same rate limit or network error bury the answer).
import type { RepoFailure } from '../core/types.js';
import { sanitizeLine } from '../render/sanitize.js';

/** Above this many failures, and when they are most of the list, they are summed up in one line. */
export const FAILURES_LISTED = 3;

export function failureWarnings(failures: RepoFailure[], requested: number, verbose: boolean): string[] {
  const each = failures.map((f) => `warning: ${sanitizeLine(f.repo)}: ${sanitizeLine(f.message)}`);
  if (verbose || failures.length <= FAILURES_LISTED || failures.length * 2 <= requested) return each;
  const counts = new Map<string, number>();
  for (const f of failures) counts.set(f.message, (counts.get(f.message) ?? 0) + 1);
  const [common, n] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  const why = n === failures.length ? sanitizeLine(common) : `${sanitizeLine(common)} (${n} of them)`;
  return [`warning: ${failures.length} of ${requested} repositories failed: ${why}; --verbose lists each`];
}
