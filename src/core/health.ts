// Repository health for newcomers: does this repository merge first-time contributors' pull requests, and
// how fast? Pure: the GitHub layer supplies the pull requests it read, this module counts.
//
// GitHub computes `authorAssociation` when it answers, not when the PR was opened: once a first-timer's PR is
// merged, its author (and so that PR) reads CONTRIBUTOR. So a newcomer's PR is either
//  - one whose author still reads FIRST_TIME_CONTRIBUTOR or FIRST_TIMER (never merged anything here), or
//  - a merged PR by a CONTRIBUTOR that was that author's first merged PR in the repository (checked with a
//    second search; see src/github/health.ts).
import type { RepoName } from './types.js';

/** Days of pull requests the figures cover. */
export const HEALTH_WINDOW_DAYS = 90;
/** A newcomer PR still open after this many days counts in openOver30Days. */
export const STALE_PR_DAYS = 30;
/** Fewer newcomer PRs than this: too little data for a ranking bonus or penalty. */
export const MIN_NEWCOMER_PRS = 5;
/** The most the newcomer-odds factor adds to (or takes from) an issue's score. */
export const NEWCOMER_ODDS_WEIGHT = 0.4;

export type AuthorAssociation = string;

/** One pull request as read from GitHub search. */
export interface HealthPullRequest {
  number: number;
  author: string;
  authorAssociation: AuthorAssociation;
  state: 'OPEN' | 'CLOSED' | 'MERGED';
  createdAt: string;
  mergedAt: string | null;
}

/** One slice of the 90 days: the PRs GitHub returned and how many it says there are. */
export interface HealthWindowSample {
  /** PRs created in the slice, as GitHub counts them. */
  total: number;
  /** How many GitHub returned (at most 100, the newest first), bots included. */
  read: number;
  /** The ones read, bots left out. */
  pullRequests: HealthPullRequest[];
}

export interface RepoHealthInput {
  repo: RepoName;
  windows: HealthWindowSample[];
  /**
   * For merged PRs by CONTRIBUTOR authors that were checked: PR number -> whether it was the author's first
   * merged PR in the repository. Unchecked candidates are absent.
   */
  firstMergeChecks: ReadonlyMap<number, boolean>;
}

export interface RepoHealth {
  repo: RepoName;
  /** Pull requests opened by newcomers in the last 90 days. */
  newcomerPrs: number;
  /** Of those, merged. */
  newcomerMerged: number;
  /** newcomerMerged / newcomerPrs, 3 decimals; null when there were none. */
  mergeRate: number | null;
  /** Median days from opening to merge for the merged ones; null when none. */
  medianDaysToMerge: number | null;
  /** Newcomers' PRs still open more than 30 days after they were opened. */
  openOver30Days: number;
  /** Newcomers' PRs closed without a merge. */
  closedUnmerged: number;
  /** All PRs opened in the 90 days (GitHub's count) and how many of them were read. */
  prsOpened: number;
  prsRead: number;
  /** true when some counts are scaled up from a sample (busy repositories, or capped first-merge checks). */
  estimated: boolean;
  /** When the figures were computed. */
  computedAt: string;
}

const NEWCOMER_ASSOCIATIONS = new Set(['FIRST_TIME_CONTRIBUTOR', 'FIRST_TIMER']);

export function isNewcomerAssociation(a: AuthorAssociation): boolean {
  return NEWCOMER_ASSOCIATIONS.has(a);
}

/** A merged PR whose author now reads CONTRIBUTOR may have been their first: those need a check. */
export function needsFirstMergeCheck(pr: HealthPullRequest): boolean {
  return pr.state === 'MERGED' && pr.authorAssociation === 'CONTRIBUTOR';
}

const DAY_MS = 86_400_000;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const m = s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  return Math.round(m * 10) / 10;
}

export function computeRepoHealth(input: RepoHealthInput, now: Date): RepoHealth {
  let newcomerPrs = 0;
  let newcomerMerged = 0;
  let openOver30Days = 0;
  let closedUnmerged = 0;
  let prsOpened = 0;
  let prsRead = 0;
  let estimated = false;
  const mergeDays: number[] = [];

  // Checked share of first-merge candidates: the unchecked ones are assumed to be first merges at the same rate.
  let candidates = 0;
  let checked = 0;
  let checkedFirst = 0;
  for (const w of input.windows) {
    for (const pr of w.pullRequests) {
      if (!needsFirstMergeCheck(pr)) continue;
      candidates += 1;
      const c = input.firstMergeChecks.get(pr.number);
      if (c === undefined) continue;
      checked += 1;
      if (c) checkedFirst += 1;
    }
  }
  const uncheckedRate = checked === 0 ? 0 : checkedFirst / checked;
  if (checked < candidates && checked > 0) estimated = true;

  for (const w of input.windows) {
    prsOpened += w.total;
    prsRead += w.read;
    // A busy window is read as its newest 100: scale its counts to the whole window.
    const scale = w.read === 0 ? 1 : Math.max(1, w.total / w.read);
    if (scale > 1) estimated = true;
    let prs = 0;
    let merged = 0;
    let stale = 0;
    let closed = 0;
    for (const pr of w.pullRequests) {
      let isNewcomer = isNewcomerAssociation(pr.authorAssociation);
      let weight = 1;
      if (!isNewcomer && needsFirstMergeCheck(pr)) {
        const c = input.firstMergeChecks.get(pr.number);
        if (c === true) isNewcomer = true;
        else if (c === undefined && uncheckedRate > 0) {
          isNewcomer = true;
          weight = uncheckedRate;
        }
      }
      if (!isNewcomer) continue;
      prs += weight;
      if (pr.state === 'MERGED') {
        merged += weight;
        if (pr.mergedAt !== null && weight === 1) {
          mergeDays.push((Date.parse(pr.mergedAt) - Date.parse(pr.createdAt)) / DAY_MS);
        }
      } else if (pr.state === 'OPEN') {
        if (now.getTime() - Date.parse(pr.createdAt) > STALE_PR_DAYS * DAY_MS) stale += weight;
      } else {
        closed += weight;
      }
    }
    newcomerPrs += prs * scale;
    newcomerMerged += merged * scale;
    openOver30Days += stale * scale;
    closedUnmerged += closed * scale;
  }
  const prs = Math.round(newcomerPrs);
  const mergedCount = Math.min(prs, Math.round(newcomerMerged));
  return {
    repo: input.repo,
    newcomerPrs: prs,
    newcomerMerged: mergedCount,
    mergeRate: prs === 0 ? null : Math.round((mergedCount / prs) * 1000) / 1000,
    medianDaysToMerge: median(mergeDays),
    openOver30Days: Math.round(openOver30Days),
    closedUnmerged: Math.round(closedUnmerged),
    prsOpened,
    prsRead,
    estimated,
    computedAt: now.toISOString(),
  };
}

export interface NewcomerOdds {
  /** Added to the score: between -NEWCOMER_ODDS_WEIGHT and +NEWCOMER_ODDS_WEIGHT. */
  points: number;
  /** For --explain: "owner/name merged 10 of 10 first-timer PRs in 90 days, median 2 days". */
  explanation: string;
}

/**
 * The ranking factor: a repository that merges newcomers' PRs lifts its issues a little, one that leaves
 * them open lowers them a little. Laplace-smoothed merge rate, so 1 of 1 is not "100%"; a repository with
 * fewer than MIN_NEWCOMER_PRS newcomer PRs gets nothing either way.
 */
export function newcomerOdds(health: RepoHealth | undefined): NewcomerOdds | null {
  if (health === undefined || health.newcomerPrs < MIN_NEWCOMER_PRS) return null;
  const odds = (health.newcomerMerged + 1) / (health.newcomerPrs + 2);
  const points = Math.round(NEWCOMER_ODDS_WEIGHT * (2 * odds - 1) * 1000) / 1000;
  const about = health.estimated ? 'about ' : '';
  const speed = health.medianDaysToMerge === null ? '' : `, median ${formatDays(health.medianDaysToMerge)}`;
  return {
    points,
    explanation: `${health.repo} merged ${about}${health.newcomerMerged} of ${health.newcomerPrs} first-timer PRs in ${HEALTH_WINDOW_DAYS} days${speed}`,
  };
}

export function formatDays(days: number): string {
  const d = days < 10 ? Math.round(days * 10) / 10 : Math.round(days);
  return `${d} day${d === 1 ? '' : 's'}`;
}

/** Best first: merge rate, then more merged, then faster; no data last. */
export function compareHealth(a: RepoHealth, b: RepoHealth): number {
  const ra = a.mergeRate ?? -1;
  const rb = b.mergeRate ?? -1;
  if (ra !== rb) return rb - ra;
  if (a.newcomerMerged !== b.newcomerMerged) return b.newcomerMerged - a.newcomerMerged;
  const ma = a.medianDaysToMerge ?? Infinity;
  const mb = b.medianDaysToMerge ?? Infinity;
  if (ma !== mb) return ma - mb;
  return a.repo.localeCompare(b.repo);
}
