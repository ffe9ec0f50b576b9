// The search pipeline with no I/O: taken detection, filtering, ranking and the limit. Everything that
// touches the network or the disk happens before (src/search/run.ts) and rendering after.
import { rankIssues } from './rank.js';
import { detectTaken } from './taken.js';
import type { FetchResult, RankedIssue, RepoFailure, RepoMeta, SkillProfile, TakenVerdict } from './types.js';

export interface SearchInput {
  fetch: FetchResult;
  profile: SkillProfile | null;
  now: Date;
  includeTaken: boolean;
  claimWindowDays: number;
  limit: number;
  /** The user's own login: their claims do not hide an issue from them. */
  viewer?: string;
}

export interface SearchResult {
  issues: RankedIssue[];
  /** Taken issues left out (0 with includeTaken). */
  hiddenTaken: number;
  failures: RepoFailure[];
}

export function buildSearchResult(input: SearchInput): SearchResult {
  const metaByRepo = new Map<string, RepoMeta>(input.fetch.repos.map((r) => [r.repo.toLowerCase(), r]));
  const verdicts = new Map<string, TakenVerdict>();
  const candidates = [];
  let hiddenTaken = 0;
  for (const issue of input.fetch.issues) {
    // Snapshots and caches may hold issues closed since; a closed issue is never a candidate.
    if (issue.state !== 'OPEN') continue;
    const verdict = detectTaken(issue, {
      now: input.now,
      claimWindowDays: input.claimWindowDays,
      ...(input.viewer !== undefined ? { viewer: input.viewer } : {}),
    });
    if (verdict.taken && !input.includeTaken) {
      hiddenTaken += 1;
      continue;
    }
    verdicts.set(keyOf(issue.repo, issue.number), verdict);
    candidates.push({ issue, repo: metaByRepo.get(issue.repo.toLowerCase()) });
  }
  // Only the shown ones are built (the ranking itself still covers every candidate).
  const limit = Math.max(0, input.limit);
  const ranked = rankIssues(candidates, { profile: input.profile, now: input.now, limit });
  const issues: RankedIssue[] = ranked.slice(0, limit).map((c) => ({
    issue: c.issue,
    repo: c.repo,
    score: c.score,
    matchedSkills: c.matchedSkills,
    scoreParts: c.scoreParts,
    taken: verdicts.get(keyOf(c.issue.repo, c.issue.number)) ?? { taken: false, stale: false, reasons: [] },
  }));
  return { issues, hiddenTaken, failures: input.fetch.failures };
}

function keyOf(repo: string, number: number): string {
  return `${repo.toLowerCase()}#${number}`;
}
