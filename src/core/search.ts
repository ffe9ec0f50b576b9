// The search pipeline with no I/O: taken detection, filtering, ranking and the limit. Everything that
// touches the network or the disk happens before (src/search/run.ts) and rendering after.
import { prepareRanking, prescan, rankIssues, type RankMemo } from './rank.js';
import { commentSignalsOf, detectTakenOnce, takenOptionsKey, type TakenMemo, type TakenOptions } from './taken.js';
import type { RepoHealth } from './health.js';
import type { FetchResult, IssueRecord, RankedIssue, RepoFailure, RepoMeta, SkillProfile, TakenVerdict } from './types.js';

export interface SearchInput {
  fetch: FetchResult;
  profile: SkillProfile | null;
  now: Date;
  includeTaken: boolean;
  claimWindowDays: number;
  limit: number;
  /** The user's own login: their claims do not hide an issue from them. */
  viewer?: string;
  /**
   * How far past the limit to look for issues whose taken signals are still pending (signalsPending), so
   * one fetch of signals covers the ones that will replace those found taken. Default 0.
   */
  lookahead?: number;
  /** Cached newcomer health by lower-case owner/name: the "newcomer odds" scoring part reads it. */
  repoHealth?: ReadonlyMap<string, RepoHealth>;
  /** Shared by the rankings of one search (rank.ts, RankMemo). */
  rankMemo?: RankMemo;
  /** Shared by the taken detection of one search (taken.ts, TakenMemo). */
  takenMemo?: TakenMemo;
}

export interface SearchResult {
  issues: RankedIssue[];
  /** Taken issues left out (0 with includeTaken). */
  hiddenTaken: number;
  failures: RepoFailure[];
  /**
   * Issues among the shown ones and the lookahead after them whose taken signals were never fetched
   * (signalsPending), best first. Empty when every shown issue's verdict rests on its signals.
   */
  pendingSignals: IssueRecord[];
}

/** Points an open PR that mentions an issue (without closing it) takes off its score: someone is near it. */
export const MENTION_PENALTY = 1.5;

function takenOptionsOf(input: Pick<SearchInput, 'now' | 'claimWindowDays' | 'viewer'>): TakenOptions {
  return { now: input.now, claimWindowDays: input.claimWindowDays, ...(input.viewer !== undefined ? { viewer: input.viewer } : {}) };
}

/**
 * Does now, for `issues`, what the next buildSearchResult with this input's memos would do first: scans them
 * for the ranking (rank.ts, prescan) and reads their taken signals. For the wait on the network.
 */
export function prescanIssues(input: Pick<SearchInput, 'profile' | 'rankMemo' | 'takenMemo' | 'now' | 'claimWindowDays' | 'viewer'>, issues: readonly IssueRecord[]): void {
  if (input.rankMemo) prescan(issues, { profile: input.profile, now: input.now, memo: input.rankMemo });
  if (input.takenMemo) {
    const options = takenOptionsOf(input);
    const key = takenOptionsKey(options);
    for (const issue of issues) {
      // Each comment's bits, read once and remembered: taken detection and the cache entry both use them.
      for (const c of issue.comments) commentSignalsOf(c);
      if (issue.state === 'OPEN') detectTakenOnce(issue, options, input.takenMemo, key);
    }
  }
}

/** Builds what the rankings of this input will need first, for a caller waiting on the network. */
export function prepareSearch(input: Pick<SearchInput, 'profile' | 'rankMemo'>): void {
  if (input.rankMemo) prepareRanking({ profile: input.profile, memo: input.rankMemo });
}

export function buildSearchResult(input: SearchInput): SearchResult {
  const metaByRepo = new Map<string, RepoMeta>(
    input.fetch.repos.map((r) => {
      const health = input.repoHealth?.get(r.repo.toLowerCase());
      return [r.repo.toLowerCase(), health ? { ...r, newcomerHealth: health } : r];
    }),
  );
  // By record: the ranking hands back the records it was given.
  const verdicts = new Map<IssueRecord, TakenVerdict>();
  // Issues of one repository share its name's string: lower-cased once per name, not once per issue.
  const metaByName = new Map<string, RepoMeta | undefined>();
  const metaOf = (repo: string): RepoMeta | undefined => {
    if (metaByName.has(repo)) return metaByName.get(repo);
    const meta = metaByRepo.get(repo.toLowerCase());
    metaByName.set(repo, meta);
    return meta;
  };
  const candidates = [];
  let hiddenTaken = 0;
  const takenOptions = takenOptionsOf(input);
  const takenKey = input.takenMemo ? takenOptionsKey(takenOptions) : '';
  for (const issue of input.fetch.issues) {
    // Snapshots and caches may hold issues closed since; a closed issue is never a candidate.
    if (issue.state !== 'OPEN') continue;
    const verdict = detectTakenOnce(issue, takenOptions, input.takenMemo, takenKey);
    if (verdict.taken && !input.includeTaken) {
      hiddenTaken += 1;
      continue;
    }
    verdicts.set(issue, verdict);
    candidates.push({ issue, repo: metaOf(issue.repo) });
  }
  // Only the shown ones are built (the ranking itself still covers every candidate). Issues mentioned by an
  // open PR are lowered after ranking: building `mentioned` more than the limit is enough for the lowered
  // order's first `limit` (anything further down has at least `limit` unlowered issues above it).
  const limit = Math.max(0, input.limit);
  const lookahead = Math.max(0, Math.floor(input.lookahead ?? 0));
  let mentioned = 0;
  for (const v of verdicts.values()) if ((v.mentionedBy?.length ?? 0) > 0) mentioned += 1;
  const ranked = rankIssues(candidates, {
    profile: input.profile,
    now: input.now,
    limit: limit + lookahead + mentioned,
    ...(input.rankMemo ? { memo: input.rankMemo } : {}),
  });
  const all: RankedIssue[] = ranked.map((c) => {
    const taken = verdicts.get(c.issue) ?? { taken: false, stale: false, reasons: [] };
    if ((taken.mentionedBy?.length ?? 0) === 0) {
      return { issue: c.issue, repo: c.repo, score: c.score, matchedSkills: c.matchedSkills, scoreParts: c.scoreParts, taken };
    }
    const scoreParts = { ...c.scoreParts, mentioned: -MENTION_PENALTY };
    return { issue: c.issue, repo: c.repo, score: Math.round((c.score - MENTION_PENALTY) * 1000) / 1000, matchedSkills: c.matchedSkills, scoreParts, taken };
  });
  // Stable: equal scores keep the ranker's order.
  if (mentioned > 0) all.sort((a, b) => b.score - a.score);
  const issues = all.slice(0, limit);
  const pendingSignals = issues.some((r) => r.issue.signalsPending === true)
    ? all.slice(0, limit + lookahead).filter((r) => r.issue.signalsPending === true).map((r) => r.issue)
    : [];
  return { issues, hiddenTaken, failures: input.fetch.failures, pendingSignals };
}

/** Candidates whose taken signals are worth fetching next: the pending ones among the best `limit + lookahead`. */
export function pickForSignals(input: SearchInput): IssueRecord[] {
  const r = buildSearchResult(input);
  return r.pendingSignals;
}

