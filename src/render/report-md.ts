// GitHub-flavoured Markdown for pasting into an issue or gist. Every string that came from GitHub goes
// through text()/cell(); every link is one we build from a validated repo name and number.
import type { ReportClaim, ReportData, ReportPullRequest, Totals } from '../core/report.js';
import { STALE_AFTER_DAYS } from '../core/report.js';
import { describePeriodKind, formatDateTime, formatDay, formatDays, formatLastDay } from '../core/report-period.js';
import { escapeMarkdown, escapeMarkdownCell } from './sanitize.js';

const REPO_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
const LOGIN_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const WORD_JOINER = '\u2060';

/**
 * "#123" is linked to an issue by github.com after Markdown rendering, so escaping alone does not stop it;
 * an invisible word joiner does (escapeMarkdown does the same for "@"). `&#58;` is an entity, not a reference.
 */
function neutralizeReferences(escaped: string): string {
  return escaped.replace(/(?<!&)#(?=\d)/g, `#${WORD_JOINER}`);
}

function text(s: string): string {
  return neutralizeReferences(escapeMarkdown(s));
}

function cell(s: string): string {
  const v = neutralizeReferences(escapeMarkdownCell(s));
  return v === '' ? '—' : v;
}

function safeWebUrl(webUrl: string): string | null {
  try {
    const u = new URL(webUrl);
    return u.protocol === 'https:' || u.protocol === 'http:' ? `${u.protocol}//${u.host}` : null;
  } catch {
    return null;
  }
}

/** [owner/repo#12](https://github.com/owner/repo/issues/12), or plain escaped text when the repo name is not one. */
function refLink(r: ReportData, repo: string, number: number, kind: 'issues' | 'pull'): string {
  const label = escapeMarkdownCell(`${repo}#${number}`);
  const base = safeWebUrl(r.webUrl);
  if (base === null || !REPO_RE.test(repo) || !Number.isSafeInteger(number) || number <= 0) return label;
  return `[${label}](${base}/${repo}/${kind}/${number})`;
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(header: string[], align: ('l' | 'r')[], rows: string[][]): string {
  const sep = align.map((a) => (a === 'r' ? '---:' : '---'));
  return [row(header), row(sep), ...rows.map(row)].join('\n');
}

function stateLabel(p: ReportPullRequest): string {
  if (p.state === 'MERGED') return 'merged';
  if (p.state === 'CLOSED') return 'closed';
  if (p.isDraft) return 'draft';
  if (p.reviewDecision === 'APPROVED') return 'approved';
  if (p.reviewDecision === 'CHANGES_REQUESTED') return 'changes requested';
  return 'open';
}

function num(n: number | null): string {
  return n === null ? '—' : String(n);
}

function summary(period: Totals, all: Totals): string {
  return table(
    ['', 'This period', 'All time'],
    ['l', 'r', 'r'],
    [
      ['Claims made', num(period.claimsMade), num(all.claimsMade)],
      ['Pull requests opened', num(period.pullRequestsOpened), num(all.pullRequestsOpened)],
      ['Pull requests merged', num(period.pullRequestsMerged), num(all.pullRequestsMerged)],
      ['Median days, claim → PR', num(period.medianDaysClaimToPr), num(all.medianDaysClaimToPr)],
      ['Median days, PR → merge', num(period.medianDaysPrToMerge), num(all.medianDaysPrToMerge)],
    ],
  );
}

function claimRef(r: ReportData, c: ReportClaim): string {
  return refLink(r, c.repo, c.number, 'issues');
}

export function renderReportMarkdown(r: ReportData): string {
  const out: string[] = [];
  const section = (title: string, body: string): void => {
    out.push(`## ${title}`, '', body, '');
  };

  out.push(`# Contribution report: ${formatDay(r.period.since)} to ${formatLastDay(r.period.until)}`, '');
  const meta: string[] = [];
  if (r.viewer !== null) {
    const base = safeWebUrl(r.webUrl);
    meta.push(
      base !== null && LOGIN_RE.test(r.viewer)
        ? `Contributor: [@${escapeMarkdown(r.viewer)}](${base}/${r.viewer})`
        : `Contributor: ${text(r.viewer)}`,
    );
  }
  meta.push(
    `Period: ${formatDateTime(r.period.since)} to ${formatDateTime(r.period.until)} (${describePeriodKind(r.period.kind)})`,
    `Generated: ${formatDateTime(r.generatedAt)} by oss-scout`,
  );
  out.push(meta.join('  \n'), '');
  if (!r.sources.githubSearch) {
    out.push('> Built from the local state only: pull requests made without a claim are not included.', '');
  }

  section('Summary', summary(r.totals.period, r.totals.allTime));
  const s = r.streak;
  out.push(
    s.weeks === 0
      ? '**Streak:** no pull request opened or merged this week or last week.'
      : `**Streak:** ${s.weeks} consecutive ${s.weeks === 1 ? 'week' : 'weeks'} with a pull request opened or merged` +
          (s.activeThisWeek ? ', this week included.' : ', up to last week.'),
    '',
  );

  const repos = new Map<string, { period: number; all: number }>();
  for (const x of r.totals.allTime.mergedByRepo) repos.set(x.repo, { period: 0, all: x.merged });
  for (const x of r.totals.period.mergedByRepo) {
    repos.set(x.repo, { period: x.merged, all: repos.get(x.repo)?.all ?? x.merged });
  }
  if (repos.size > 0) {
    section(
      'Merged pull requests per repository',
      table(
        ['Repository', 'This period', 'All time'],
        ['l', 'r', 'r'],
        [...repos.entries()].map(([repo, n]) => [cell(repo), String(n.period), String(n.all)]),
      ),
    );
  }

  if (r.claimsMade.length > 0) {
    section(
      'Claims made',
      table(
        ['Issue', 'Title', 'Claimed', 'Status'],
        ['l', 'l', 'l', 'l'],
        r.claimsMade.map((c) => [claimRef(r, c), cell(c.title), formatDay(c.claimedAt), cell(c.status)]),
      ),
    );
  }

  const forIssue = (p: ReportPullRequest): string =>
    p.issue === null ? '—' : refLink(r, p.issue.repo, p.issue.number, 'issues');

  if (r.pullRequestsOpened.length > 0) {
    section(
      'Pull requests opened',
      table(
        ['Pull request', 'Title', 'Opened', 'State', 'For issue'],
        ['l', 'l', 'l', 'l', 'l'],
        r.pullRequestsOpened.map((p) => [
          refLink(r, p.repo, p.number, 'pull'),
          cell(p.title),
          formatDay(p.createdAt),
          stateLabel(p),
          forIssue(p),
        ]),
      ),
    );
  }

  if (r.pullRequestsMerged.length > 0) {
    section(
      'Pull requests merged',
      table(
        ['Pull request', 'Title', 'Opened', 'Merged', 'For issue'],
        ['l', 'l', 'l', 'l', 'l'],
        r.pullRequestsMerged.map((p) => [
          refLink(r, p.repo, p.number, 'pull'),
          cell(p.title),
          formatDay(p.createdAt),
          p.mergedAt === null ? '—' : formatDay(p.mergedAt),
          forIssue(p),
        ]),
      ),
    );
  }

  if (r.awaitingReview.length > 0) {
    section(
      'Waiting for review',
      table(
        ['Pull request', 'Title', 'Opened', 'Waiting'],
        ['l', 'l', 'l', 'r'],
        r.awaitingReview.map((p) => [
          refLink(r, p.repo, p.number, 'pull'),
          cell(p.title),
          formatDay(p.createdAt),
          formatDays(p.waitingDays),
        ]),
      ),
    );
  }

  if (r.staleClaims.length > 0) {
    section(
      'Going stale',
      `No pull request after ${STALE_AFTER_DAYS} days. Drop the claim (\`oss-scout unclaim <issue>\`) so someone ` +
        'else can take it, or ask the maintainers whether it is still wanted.\n\n' +
        table(
          ['Issue', 'Title', 'Claimed', 'Days without a PR'],
          ['l', 'l', 'l', 'r'],
          r.staleClaims.map((c) => [claimRef(r, c), cell(c.title), formatDay(c.claimedAt), String(c.daysSinceClaim)]),
        ),
    );
  }

  if (r.closedByOthers.length > 0) {
    section(
      'Closed or taken by someone else',
      table(
        ['Issue', 'Title', 'When', 'What happened'],
        ['l', 'l', 'l', 'l'],
        r.closedByOthers.map((c) => [
          claimRef(r, c),
          cell(c.title),
          formatDay(c.at),
          cell(c.detail ?? (c.status === 'closed' ? 'issue closed' : 'taken by someone else')),
        ]),
      ),
    );
  }

  if (r.droppedClaims.length > 0) {
    section(
      'Dropped claims',
      table(
        ['Issue', 'Title', 'Dropped', 'Reason'],
        ['l', 'l', 'l', 'l'],
        r.droppedClaims.map((c) => [claimRef(r, c), cell(c.title), formatDay(c.droppedAt), cell(c.reason ?? '')]),
      ),
    );
  }

  if (r.nextUp !== null && r.nextUp.length > 0) {
    section(
      'Next up',
      table(
        ['Issue', 'Title', 'Matches'],
        ['l', 'l', 'l'],
        r.nextUp.map((i) => [refLink(r, i.repo, i.number, 'issues'), cell(i.title), cell(i.matchedSkills.join(', '))]),
      ),
    );
  }

  const nothing =
    r.claimsMade.length +
      r.pullRequestsOpened.length +
      r.pullRequestsMerged.length +
      r.closedByOthers.length +
      r.droppedClaims.length ===
    0;
  if (nothing) out.push('_No claims or pull requests in this period._', '');

  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
