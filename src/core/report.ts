// The weekly report as data. Pure: state + fetched activity + `now` in, ReportData out; renderers print it.
import type { Claim, ClaimsState, UserPullRequest } from './types.js';
import { addDays, daysBetween, isoWeekKey, type PeriodKind } from './report-period.js';
import { webUrlFor } from './hosts.js';
import { issueKey } from './refs.js';

export const REPORT_FORMAT = 'oss-scout-report';
export const REPORT_VERSION = 1;
/** A claim with no pull request after this many days is going stale. */
export const STALE_AFTER_DAYS = 14;

export interface NextUpItem {
  repo: string;
  number: number;
  title: string;
  url: string;
  matchedSkills: string[];
}

export interface ReportInput {
  state: ClaimsState;
  /** null when offline: only the PRs recorded on claims are known. */
  activity: { pullRequests: UserPullRequest[]; searchedSince?: Date } | null;
  nextUp: NextUpItem[] | null;
  period: { since: Date; until: Date; kind?: PeriodKind };
  now: Date;
  /** Web base for links, e.g. https://github.com. Default: derived from the viewer's API URL. */
  webUrl?: string;
}

export interface ReportClaim {
  repo: string;
  number: number;
  title: string;
  url: string;
  claimedAt: string;
  status: Claim['status'];
}

export interface ReportPullRequest {
  repo: string;
  number: number;
  title: string;
  url: string;
  state: UserPullRequest['state'];
  isDraft: boolean;
  reviewDecision: string | null;
  createdAt: string;
  mergedAt: string | null;
  /** The claimed issue this PR is for, when it is linked to a claim. */
  issue: { repo: string; number: number; url: string } | null;
}

export interface Totals {
  claimsMade: number;
  pullRequestsOpened: number;
  pullRequestsMerged: number;
  mergedByRepo: { repo: string; merged: number }[];
  medianDaysClaimToPr: number | null;
  medianDaysPrToMerge: number | null;
}

export interface ReportData {
  format: typeof REPORT_FORMAT;
  version: typeof REPORT_VERSION;
  generatedAt: string;
  period: { since: string; until: string; kind: PeriodKind };
  viewer: string | null;
  webUrl: string;
  sources: {
    /** true when GitHub search for the user's PRs was included (false offline: claims only). */
    githubSearch: boolean;
    /** Oldest update date the PR search covered; all-time numbers are complete back to here. */
    searchedSince: string | null;
  };
  claimsMade: ReportClaim[];
  pullRequestsOpened: ReportPullRequest[];
  pullRequestsMerged: ReportPullRequest[];
  awaitingReview: (ReportPullRequest & { waitingDays: number })[];
  staleClaims: (ReportClaim & { daysSinceClaim: number })[];
  closedByOthers: (ReportClaim & { at: string; detail: string | null })[];
  droppedClaims: (ReportClaim & { droppedAt: string; reason: string | null })[];
  totals: { period: Totals; allTime: Totals };
  streak: { weeks: number; currentWeek: string; activeThisWeek: boolean; lastActiveWeek: string | null };
  nextUp: NextUpItem[] | null;
}

const time = (iso: string | null | undefined): number => (iso ? Date.parse(iso) : NaN);
const round1 = (n: number): number => Math.round(n * 10) / 10;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const m = s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return round1(m);
}

function toClaim(c: Claim): ReportClaim {
  return { repo: c.repo, number: c.number, title: c.title, url: c.url, claimedAt: c.claimedAt, status: c.status };
}

function byTimeThenRef<T extends { repo: string; number: number }>(at: (x: T) => string | null): (a: T, b: T) => number {
  return (a, b) =>
    time(at(a)) - time(at(b)) || a.repo.localeCompare(b.repo) || a.number - b.number;
}

/** The last status change to one of `statuses`, if any. */
function lastChange(c: Claim, statuses: Claim['status'][]): { at: string; detail: string | null } | null {
  for (let i = c.statusHistory.length - 1; i >= 0; i--) {
    const h = c.statusHistory[i];
    if (h && statuses.includes(h.status)) return { at: h.at, detail: h.detail ?? null };
  }
  return null;
}

export function buildReport(input: ReportInput): ReportData {
  const { state, activity, nextUp, period, now } = input;
  const since = period.since.getTime();
  const until = period.until.getTime();
  const inPeriod = (iso: string | null | undefined): boolean => {
    const t = time(iso);
    return !Number.isNaN(t) && t >= since && t < until;
  };
  const webUrl = input.webUrl ?? webUrlFor(state.viewer?.apiUrl ?? 'https://api.github.com');

  // Which claimed issue each PR belongs to; a PR listed on two claims keeps the first.
  const issueOf = new Map<string, ReportPullRequest['issue']>();
  for (const c of state.claims) {
    for (const pr of c.pullRequests) {
      const k = issueKey(pr.repo, pr.number);
      if (!issueOf.has(k)) issueOf.set(k, { repo: c.repo, number: c.number, url: c.url });
    }
  }

  // Claims and GitHub search both know PRs; search was fetched just now, so its copy wins, keeping a
  // title the claim had when search gave none.
  const prs = new Map<string, ReportPullRequest>();
  const add = (pr: UserPullRequest): void => {
    const k = issueKey(pr.repo, pr.number);
    const old = prs.get(k);
    prs.set(k, {
      repo: pr.repo,
      number: pr.number,
      title: pr.title !== '' ? pr.title : (old?.title ?? ''),
      url: pr.url,
      state: pr.merged ? 'MERGED' : pr.state,
      isDraft: pr.isDraft,
      reviewDecision: pr.reviewDecision,
      createdAt: pr.createdAt,
      mergedAt: pr.merged || pr.state === 'MERGED' ? pr.mergedAt : null,
      issue: issueOf.get(k) ?? null,
    });
  };
  for (const c of state.claims) for (const pr of c.pullRequests) add(pr);
  for (const pr of activity?.pullRequests ?? []) add(pr);
  const allPrs = [...prs.values()];

  const byCreated = byTimeThenRef<ReportPullRequest>((p) => p.createdAt);
  const byMerged = byTimeThenRef<ReportPullRequest>((p) => p.mergedAt);
  const pullRequestsOpened = allPrs.filter((p) => inPeriod(p.createdAt)).sort(byCreated);
  // A PR opened in one week and merged in the next counts as merged in the week it merged.
  const pullRequestsMerged = allPrs.filter((p) => p.mergedAt !== null && inPeriod(p.mergedAt)).sort(byMerged);

  // Waiting on a reviewer: open, not a draft, and neither approved nor sent back to the author.
  const awaitingReview = allPrs
    .filter(
      (p) =>
        p.state === 'OPEN' &&
        !p.isDraft &&
        p.reviewDecision !== 'APPROVED' &&
        p.reviewDecision !== 'CHANGES_REQUESTED' &&
        time(p.createdAt) < until,
    )
    .sort(byCreated)
    .map((p) => ({ ...p, waitingDays: round1(Math.max(0, daysBetween(new Date(p.createdAt), now))) }));

  const claimsMade = state.claims.filter((c) => inPeriod(c.claimedAt)).map(toClaim).sort(byTimeThenRef((c) => c.claimedAt));

  const claimPrKeys = (c: Claim): string[] => c.pullRequests.map((p) => issueKey(p.repo, p.number));
  const staleBefore = addDays(now, -STALE_AFTER_DAYS).getTime();
  const staleClaims = state.claims
    .filter((c) => c.status === 'claimed' && claimPrKeys(c).length === 0 && time(c.claimedAt) <= staleBefore)
    .map((c) => ({ ...toClaim(c), daysSinceClaim: Math.floor(daysBetween(new Date(c.claimedAt), now)) }))
    .sort(byTimeThenRef((c) => c.claimedAt));

  const closedByOthers: ReportData['closedByOthers'] = [];
  const droppedClaims: ReportData['droppedClaims'] = [];
  for (const c of state.claims) {
    const closed = lastChange(c, ['closed', 'taken-by-other']);
    // Only the current status counts: a claim taken by someone else and later merged by the user is not lost.
    if (closed && (c.status === 'closed' || c.status === 'taken-by-other') && inPeriod(closed.at)) {
      closedByOthers.push({ ...toClaim(c), at: closed.at, detail: closed.detail });
    }
    const dropped = lastChange(c, ['dropped']);
    if (dropped && c.status === 'dropped' && inPeriod(dropped.at)) {
      droppedClaims.push({ ...toClaim(c), droppedAt: dropped.at, reason: c.droppedReason ?? dropped.detail });
    }
  }
  closedByOthers.sort(byTimeThenRef((c) => c.at));
  droppedClaims.sort(byTimeThenRef((c) => c.droppedAt));

  // Days from claim to its first PR, keyed by when that PR was opened (so a period can pick its own).
  const claimToPr: { at: string; days: number }[] = [];
  for (const c of state.claims) {
    const opened = claimPrKeys(c)
      .map((k) => prs.get(k)?.createdAt)
      .filter((t): t is string => t !== undefined && !Number.isNaN(time(t)))
      .sort((a, b) => time(a) - time(b));
    const first = opened[0];
    if (first !== undefined) {
      claimToPr.push({ at: first, days: Math.max(0, daysBetween(new Date(c.claimedAt), new Date(first))) });
    }
  }

  const totals = (claims: Claim[], opened: ReportPullRequest[], merged: ReportPullRequest[], c2p: number[]): Totals => {
    const perRepo = new Map<string, number>();
    for (const p of merged) perRepo.set(p.repo, (perRepo.get(p.repo) ?? 0) + 1);
    return {
      claimsMade: claims.length,
      pullRequestsOpened: opened.length,
      pullRequestsMerged: merged.length,
      mergedByRepo: [...perRepo.entries()]
        .map(([repo, n]) => ({ repo, merged: n }))
        .sort((a, b) => b.merged - a.merged || a.repo.localeCompare(b.repo)),
      medianDaysClaimToPr: median(c2p),
      medianDaysPrToMerge: median(
        merged.map((p) => Math.max(0, daysBetween(new Date(p.createdAt), new Date(p.mergedAt as string)))),
      ),
    };
  };
  const allMerged = allPrs.filter((p) => p.mergedAt !== null && !Number.isNaN(time(p.mergedAt))).sort(byMerged);

  return {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    generatedAt: now.toISOString(),
    period: { since: period.since.toISOString(), until: period.until.toISOString(), kind: period.kind ?? 'custom' },
    viewer: state.viewer?.login ?? null,
    webUrl,
    sources: {
      githubSearch: activity !== null,
      searchedSince: activity?.searchedSince ? activity.searchedSince.toISOString() : null,
    },
    claimsMade,
    pullRequestsOpened,
    pullRequestsMerged,
    awaitingReview,
    staleClaims,
    closedByOthers,
    droppedClaims,
    totals: {
      period: totals(
        state.claims.filter((c) => inPeriod(c.claimedAt)),
        pullRequestsOpened,
        pullRequestsMerged,
        claimToPr.filter((x) => inPeriod(x.at)).map((x) => x.days),
      ),
      allTime: totals(
        state.claims,
        [...allPrs].sort(byCreated),
        allMerged,
        claimToPr.map((x) => x.days),
      ),
    },
    streak: streak(allPrs, now),
    nextUp:
      nextUp === null
        ? null
        : nextUp.slice(0, 3).map((i) => ({ repo: i.repo, number: i.number, title: i.title, url: i.url, matchedSkills: [...i.matchedSkills] })),
  };
}

/** Consecutive ISO weeks with a PR opened or merged, ending with this week (or last week, if this one is still empty). */
function streak(prs: ReportPullRequest[], now: Date): ReportData['streak'] {
  const weeks = new Set<string>();
  for (const p of prs) {
    for (const at of [p.createdAt, p.mergedAt]) {
      const t = time(at);
      if (!Number.isNaN(t) && t <= now.getTime()) weeks.add(isoWeekKey(new Date(t)));
    }
  }
  const currentWeek = isoWeekKey(now);
  const activeThisWeek = weeks.has(currentWeek);
  let cursor = activeThisWeek ? now : addDays(now, -7);
  let count = 0;
  while (weeks.has(isoWeekKey(cursor))) {
    count += 1;
    cursor = addDays(cursor, -7);
  }
  const lastActiveWeek = [...weeks].sort().at(-1) ?? null;
  return { weeks: count, currentWeek, activeThisWeek, lastActiveWeek };
}
