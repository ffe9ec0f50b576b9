// Compact terminal output. GitHub text is sanitized (no escape sequences reach the terminal); colour only
// when the caller says so (useColor: a TTY and no NO_COLOR).
import { displayWidth, truncateToWidth as fit, wrapWords } from './width.js';
import type { ReportData } from '../core/report.js';
import { STALE_AFTER_DAYS } from '../core/report.js';
import { describePeriodKind, formatDateTime, formatDay, formatDays } from '../core/report-period.js';
import { sanitizeLine } from './sanitize.js';
import { palette, type Style } from './ansi.js';

export interface TextOptions {
  color: boolean;
  /** Terminal columns; titles are cut to fit. */
  width?: number;
}

export function renderReportText(r: ReportData, options: TextOptions): string {
  const c = palette(options.color);
  const width = Math.max(40, options.width ?? 100);
  const ref = (repo: string, n: number): string => sanitizeLine(`${repo}#${n}`);
  const lines: string[] = [];
  const heading = (label: string, n: number): void => {
    lines.push('', c.bold(`${label} (${n})`));
  };
  /** Plain prose: broken between words at the terminal width, continuation lines indented. */
  const para = (text: string, indent = ''): void => {
    const [first = '', ...rest] = wrapWords(text, width - indent.length);
    lines.push(indent + first, ...wrapWords(rest.join(' '), width - indent.length - 2).map((l) => `${indent}  ${l}`));
  };
  /**
   * One item: reference, title, then the extra fields. The title takes what the others leave, so the
   * line fits the terminal; `extra` is plain text, `paint` colours it once it is placed.
   */
  const item = (repo: string, n: number, rawTitle: string, extra: string, paint: Style = (s) => s): void => {
    const id = ref(repo, n);
    const room = width - 2 - displayWidth(id) - 2 - (extra ? 2 + displayWidth(extra) : 0);
    const t = rawTitle.trim() === '' ? '(no title)' : fit(sanitizeLine(rawTitle), Math.max(20, Math.min(70, room)));
    const shown = rawTitle.trim() === '' ? c.dim(t) : t;
    lines.push(`  ${c.cyan(id)}  ${shown}${extra ? `  ${paint(extra)}` : ''}`);
  };

  const who = r.viewer === null ? '' : ` for @${sanitizeLine(r.viewer)}`;
  lines.push(
    c.bold(`Contribution report${who}`),
    c.dim(`${formatDateTime(r.period.since)} → ${formatDateTime(r.period.until)} (${describePeriodKind(r.period.kind)})`),
  );
  if (!r.sources.githubSearch) lines.push(c.dim('from the local state only: PRs made without a claim are not counted'));

  const p = r.totals.period;
  const a = r.totals.allTime;
  lines.push('');
  para(`This period: ${p.claimsMade} claimed · ${p.pullRequestsOpened} PRs opened · ${p.pullRequestsMerged} merged`);
  para(
    `All time: ${a.claimsMade} claimed · ${a.pullRequestsOpened} PRs opened · ${a.pullRequestsMerged} merged` +
      ` · median claim→PR ${formatDays(a.medianDaysClaimToPr)}, PR→merge ${formatDays(a.medianDaysPrToMerge)}`,
  );
  if (a.mergedByRepo.length > 0) {
    para(`Merged by repo: ${a.mergedByRepo.map((x) => `${sanitizeLine(x.repo)} ${x.merged}`).join(', ')}`);
  }
  lines.push(
    r.streak.weeks === 0
      ? 'Streak: none (no PR opened or merged this week or last)'
      : `Streak: ${c.bold(String(r.streak.weeks))} ${r.streak.weeks === 1 ? 'week' : 'weeks'}` +
          (r.streak.activeThisWeek ? '' : c.dim(' (nothing yet this week)')),
  );

  if (r.claimsMade.length > 0) {
    heading('Claims made', r.claimsMade.length);
    for (const x of r.claimsMade) item(x.repo, x.number, x.title, `${formatDay(x.claimedAt)}  ${x.status}`);
  }
  if (r.pullRequestsOpened.length > 0) {
    heading('PRs opened', r.pullRequestsOpened.length);
    for (const x of r.pullRequestsOpened) {
      const state = x.state === 'MERGED' ? 'merged' : x.isDraft ? 'draft' : x.state.toLowerCase();
      item(x.repo, x.number, x.title, `${formatDay(x.createdAt)}  ${state}`, x.state === 'MERGED' ? c.green : c.dim);
    }
  }
  if (r.pullRequestsMerged.length > 0) {
    heading('PRs merged', r.pullRequestsMerged.length);
    for (const x of r.pullRequestsMerged) item(x.repo, x.number, x.title, `merged ${formatDay(x.mergedAt ?? '')}`, c.green);
  }
  if (r.awaitingReview.length > 0) {
    heading('Waiting for review', r.awaitingReview.length);
    for (const x of r.awaitingReview) {
      item(x.repo, x.number, x.title, `waiting ${formatDays(x.waitingDays)}`, x.waitingDays >= 7 ? c.yellow : (s) => s);
    }
  }
  if (r.staleClaims.length > 0) {
    heading(`Going stale: no PR after ${STALE_AFTER_DAYS} days`, r.staleClaims.length);
    for (const x of r.staleClaims) item(x.repo, x.number, x.title, `${x.daysSinceClaim} days`, c.yellow);
    para('drop with `oss-scout unclaim <issue>`, or ask the maintainers if it is still wanted', '  ');
  }
  if (r.closedByOthers.length > 0) {
    heading('Closed or taken by someone else', r.closedByOthers.length);
    for (const x of r.closedByOthers) {
      const why = fit(x.detail === null ? x.status : sanitizeLine(x.detail), 40);
      item(x.repo, x.number, x.title, `${why}  ${formatDay(x.at)}`, c.red);
    }
  }
  if (r.droppedClaims.length > 0) {
    heading('Dropped', r.droppedClaims.length);
    for (const x of r.droppedClaims) item(x.repo, x.number, x.title, x.reason === null ? '' : fit(sanitizeLine(x.reason), 40), c.dim);
  }
  if (r.nextUp !== null && r.nextUp.length > 0) {
    heading('Next up', r.nextUp.length);
    for (const x of r.nextUp) {
      // Skills give way to the title on a narrow terminal.
      item(x.repo, x.number, x.title, fit(sanitizeLine(x.matchedSkills.join(', ')), width < 100 ? 14 : 24), c.dim);
      lines.push(`    ${c.dim(sanitizeLine(x.url))}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
