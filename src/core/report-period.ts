// Report periods and UTC ISO-week arithmetic. Pure: every function takes `now` instead of reading the clock.
import { usageError } from '../errors.js';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

export type PeriodKind = 'last-7-days' | 'iso-week' | 'custom';

export interface ReportPeriod {
  since: Date;
  /** Exclusive upper bound: an event counts when since <= at < until. */
  until: Date;
  kind: PeriodKind;
}

export const DATE_FORMS = 'YYYY-MM-DD (midnight UTC) or an ISO date-time such as 2026-01-05T09:00:00Z';

const DATE_ONLY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
// Date.parse accepts many loose forms ("1", "March 5"); only ISO 8601 date-times are taken.
const ISO_DATETIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/** Parses a --since/--until value; a bare date is midnight UTC. Throws a usage error naming the accepted forms. */
export function parseDateOption(flag: string, value: string): { date: Date; dateOnly: boolean } {
  const v = value.trim();
  const m = DATE_ONLY_RE.exec(v);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    // Date.UTC rolls 2026-02-30 over to March; a date that does not exist is a typo.
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) {
      throw usageError(`${flag} "${value}" is not a real date: use ${DATE_FORMS}`);
    }
    return { date, dateOnly: true };
  }
  if (ISO_DATETIME_RE.test(v)) {
    const t = Date.parse(v);
    if (!Number.isNaN(t)) return { date: new Date(t), dateOnly: false };
  }
  throw usageError(`${flag} "${value}" is not a date: use ${DATE_FORMS}`);
}

/** Monday 00:00 UTC of the ISO week containing `d`. */
export function startOfIsoWeek(d: Date): Date {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const offset = (day.getUTCDay() + 6) % 7; // Monday = 0
  return new Date(day.getTime() - offset * DAY_MS);
}

/** "2026-W02": ISO 8601 week numbering (weeks start on Monday; week 1 holds the year's first Thursday). */
export function isoWeekKey(d: Date): string {
  const monday = startOfIsoWeek(d);
  const thursday = new Date(monday.getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  const week = Math.floor((thursday.getTime() - jan1) / WEEK_MS) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY_MS);
}

export function daysBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / DAY_MS;
}

export interface PeriodOptions {
  week?: boolean;
  since?: string;
  until?: string;
}

/**
 * Default: the 7 days ending now. --week: the current ISO week, Monday 00:00 UTC to now.
 * --since alone runs to now; a date-only --until includes that whole day.
 */
export function resolvePeriod(opts: PeriodOptions, now: Date): ReportPeriod {
  if (opts.week && (opts.since !== undefined || opts.until !== undefined)) {
    throw usageError('--week cannot be combined with --since/--until');
  }
  if (opts.until !== undefined && opts.since === undefined) {
    throw usageError('--until needs --since');
  }
  if (opts.week) return { since: startOfIsoWeek(now), until: now, kind: 'iso-week' };
  if (opts.since === undefined) return { since: addDays(now, -7), until: now, kind: 'last-7-days' };
  const since = parseDateOption('--since', opts.since).date;
  let until = now;
  if (opts.until !== undefined) {
    const u = parseDateOption('--until', opts.until);
    until = u.dateOnly ? addDays(u.date, 1) : u.date;
  }
  if (until.getTime() <= since.getTime()) {
    throw usageError(`the period is empty: --until (${until.toISOString()}) must be after --since (${since.toISOString()})`);
  }
  return { since, until, kind: 'custom' };
}

/** "2026-01-05" (UTC). */
export function formatDay(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '?' : new Date(t).toISOString().slice(0, 10);
}

/** "2026-01-05 09:30 UTC". */
export function formatDateTime(iso: string): string {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? '?' : `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** "1 day", "2.5 days". */
export function formatDays(n: number | null): string {
  if (n === null) return '—';
  return `${n} ${n === 1 ? 'day' : 'days'}`;
}

export function describePeriodKind(kind: PeriodKind): string {
  return kind === 'iso-week' ? 'this ISO week' : kind === 'last-7-days' ? 'last 7 days' : 'custom period';
}

/** The last day inside a period whose `until` is exclusive: "--until 2026-01-11" shows as 2026-01-11. */
export function formatLastDay(untilIso: string): string {
  const t = Date.parse(untilIso);
  return Number.isNaN(t) ? '?' : new Date(t - 1).toISOString().slice(0, 10);
}
