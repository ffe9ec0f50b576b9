// Compact terminal output. GitHub text is sanitized (no escape sequences reach the terminal); colour only
// when the caller says so (useColor: a TTY and no NO_COLOR).
import { truncateToWidth as fit } from './width.js';
import type { ReportData, ReportPullRequest } from '../core/report.js';
import { STALE_AFTER_DAYS } from '../core/report.js';
import { describePeriodKind, formatDateTime, formatDay, formatDays } from '../core/report-period.js';
import { sanitizeLine } from './sanitize.js';
import { palette } from './ansi.js';

export interface TextOptions {
  color: boolean;
  /** Terminal columns; titles are cut to fit. */
  width?: number;
}

export function renderReportText(r: ReportData, options: TextOptions): string {
  const c = palette(options.color);
  const titleWidth = Math.max(20, Math.min(70, (options.width ?? 100) - 45));
  const title = (s: string): string => (s.trim() === '' ? c.dim('(no title)') : fit(sanitizeLine(s), titleWidth));
  const ref = (repo: string, n: number): string => sanitizeLine(`${repo}#${n}`);
  const lines: string[] = [];
  const heading = (label: string, n: number): void => {
    lines.push('', c.bold(`${label} (${n})`));
  };

  const who = r.viewer === null ? '' : ` for @${sanitizeLine(r.viewer)}`;
  lines.push(
    c.bold(`Contribution report${who}`),
    c.dim(`${formatDateTime(r.period.since)} → ${formatDateTime(r.period.until)} (${describePeriodKind(r.period.kind)})`),
  );
  if (!r.sources.githubSearch) lines.push(c.dim('from the local state only: PRs made without a claim are not counted'));

  const p = r.totals.period;
  const a = r.totals.allTime;
  lines.push(
    '',
    `This period: ${p.claimsMade} claimed · ${p.pullRequestsOpened} PRs opened · ${c.green(`${p.pullRequestsMerged} merged`)}`,
    `All time:    ${a.claimsMade} claimed · ${a.pullRequestsOpened} PRs opened · ${c.green(`${a.pullRequestsMerged} merged`)}` +
      ` · median claim→PR ${formatDays(a.medianDaysClaimToPr)}, PR→merge ${formatDays(a.medianDaysPrToMerge)}`,
  );
  if (a.mergedByRepo.length > 0) {
    lines.push(`Merged by repo: ${a.mergedByRepo.map((x) => `${sanitizeLine(x.repo)} ${x.merged}`).join(', ')}`);
  }
  lines.push(
    r.streak.weeks === 0
      ? 'Streak: none (no PR opened or merged this week or last)'
      : `Streak: ${c.bold(String(r.streak.weeks))} ${r.streak.weeks === 1 ? 'week' : 'weeks'}` +
          (r.streak.activeThisWeek ? '' : c.dim(' (nothing yet this week)')),
  );

  const prLine = (x: ReportPullRequest, extra: string): string =>
    `  ${c.cyan(ref(x.repo, x.number))}  ${title(x.title)}  ${extra}`;

  if (r.claimsMade.length > 0) {
    heading('Claims made', r.claimsMade.length);
    for (const x of r.claimsMade) {
      lines.push(`  ${c.cyan(ref(x.repo, x.number))}  ${title(x.title)}  ${c.dim(formatDay(x.claimedAt))}  ${x.status}`);
    }
  }
  if (r.pullRequestsOpened.length > 0) {
    heading('PRs opened', r.pullRequestsOpened.length);
    for (const x of r.pullRequestsOpened) {
      const state = x.state === 'MERGED' ? c.green('merged') : x.isDraft ? 'draft' : x.state.toLowerCase();
      lines.push(prLine(x, `${c.dim(formatDay(x.createdAt))}  ${state}`));
    }
  }
  if (r.pullRequestsMerged.length > 0) {
    heading('PRs merged', r.pullRequestsMerged.length);
    for (const x of r.pullRequestsMerged) lines.push(prLine(x, c.green(`merged ${formatDay(x.mergedAt ?? '')}`)));
  }
  if (r.awaitingReview.length > 0) {
    heading('Waiting for review', r.awaitingReview.length);
    for (const x of r.awaitingReview) {
      const w = `waiting ${formatDays(x.waitingDays)}`;
      lines.push(prLine(x, x.waitingDays >= 7 ? c.yellow(w) : w));
    }
  }
  if (r.staleClaims.length > 0) {
    heading(`Going stale: no PR after ${STALE_AFTER_DAYS} days`, r.staleClaims.length);
    for (const x of r.staleClaims) {
      lines.push(`  ${c.cyan(ref(x.repo, x.number))}  ${title(x.title)}  ${c.yellow(`${x.daysSinceClaim} days`)}`);
    }
    lines.push(c.dim('  drop with `oss-scout unclaim <issue>`, or ask the maintainers if it is still wanted'));
  }
  if (r.closedByOthers.length > 0) {
    heading('Closed or taken by someone else', r.closedByOthers.length);
    for (const x of r.closedByOthers) {
      const why = x.detail === null ? x.status : sanitizeLine(x.detail);
      lines.push(`  ${c.cyan(ref(x.repo, x.number))}  ${title(x.title)}  ${c.red(why)}  ${c.dim(formatDay(x.at))}`);
    }
  }
  if (r.droppedClaims.length > 0) {
    heading('Dropped', r.droppedClaims.length);
    for (const x of r.droppedClaims) {
      const why = x.reason === null ? '' : `  ${c.dim(fit(sanitizeLine(x.reason), 50))}`;
      lines.push(`  ${c.cyan(ref(x.repo, x.number))}  ${title(x.title)}${why}`);
    }
  }
  if (r.nextUp !== null && r.nextUp.length > 0) {
    heading('Next up', r.nextUp.length);
    for (const x of r.nextUp) {
      const skills = x.matchedSkills.length > 0 ? `  ${c.dim(sanitizeLine(x.matchedSkills.join(', ')))}` : '';
      lines.push(`  ${c.cyan(ref(x.repo, x.number))}  ${title(x.title)}${skills}`, `    ${c.dim(sanitizeLine(x.url))}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
