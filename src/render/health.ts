// Pure: the `repos health` table and JSON. Repository names come from the user's list or GitHub, so cells
// are sanitized; numbers are ours.
import { HEALTH_WINDOW_DAYS, formatDays, type RepoHealth } from '../core/health.js';
import type { RepoFailure } from '../core/types.js';
import { sanitizeLine } from './sanitize.js';
import { displayWidth, padToWidth, truncateToWidth } from './width.js';

export function healthJson(health: readonly RepoHealth[], failures: readonly RepoFailure[]): string {
  return `${JSON.stringify({ windowDays: HEALTH_WINDOW_DAYS, repos: health, failures }, null, 2)}\n`;
}

const pct = (r: number | null): string => (r === null ? '-' : `${Math.round(r * 100)}%`);

export function renderHealthTable(health: readonly RepoHealth[], columns = 80): string {
  const header = ['REPOSITORY', 'NEWCOMER PRS', 'MERGED', 'RATE', 'MEDIAN TO MERGE', 'OPEN >30D'];
  const rows = health.map((h) => [
    sanitizeLine(h.repo),
    `${h.estimated ? '~' : ''}${h.newcomerPrs}`,
    `${h.estimated ? '~' : ''}${h.newcomerMerged}`,
    pct(h.mergeRate),
    h.medianDaysToMerge === null ? '-' : formatDays(h.medianDaysToMerge),
    String(h.openOver30Days),
  ]);
  const widths = header.map((head, i) => Math.max(displayWidth(head), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  // The repository column gives way first on a narrow terminal.
  const others = widths.slice(1).reduce((a, b) => a + b + 2, 0);
  widths[0] = Math.max(12, Math.min(widths[0] ?? 12, columns - others - 1));
  const line = (r: string[]): string =>
    r
      .map((cell, i) => (i === 0 ? padToWidth(truncateToWidth(cell, widths[0] ?? 12), widths[0] ?? 12) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const out = [line(header), ...rows.map(line)];
  if (health.some((h) => h.estimated)) {
    out.push('', '~ estimated from a sample: a busy repository is read as the newest 100 PRs', '  of each 30 days');
  }
  out.push(
    '',
    `Newcomer PRs: opened in the last ${HEALTH_WINDOW_DAYS} days by first-time contributors (GitHub's`,
    'FIRST_TIME_CONTRIBUTOR or FIRST_TIMER), or the author\'s first merged PR in the repository.',
  );
  return `${out.join('\n')}\n`;
}
