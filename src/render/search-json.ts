// The --json shape, built by a pure function so it can be tested without running a search.
// GitHub text goes out exactly as received: JSON consumers do their own escaping.
import type { RankedIssue, RepoFailure } from '../core/types.js';

export interface SearchJsonIssue {
  repo: string;
  number: number;
  title: string;
  url: string;
  labels: string[];
  score: number;
  matchedSkills: string[];
  taken: boolean;
  takenReasons: string[];
  stale: boolean;
  /** false when some taken signals did not arrive (GitHub left them out, or a source that cannot see them). */
  signalsComplete: boolean;
  createdAt: string;
  updatedAt: string;
  comments: number;
  scoreParts: Record<string, number>;
}

export interface SearchJson {
  issues: SearchJsonIssue[];
  failures: { repo: string; message: string }[];
}

// Scores are sums of floats; three decimals keep the output stable and readable.
function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** Issues in the order given (best first), failures as {repo, message}. */
export function getSearchJson(result: { issues: readonly RankedIssue[]; failures: readonly RepoFailure[] }): SearchJson {
  return {
    issues: result.issues.map((r) => ({
      repo: r.issue.repo,
      number: r.issue.number,
      title: r.issue.title,
      url: r.issue.url,
      labels: [...r.issue.labels],
      score: round(r.score),
      matchedSkills: r.matchedSkills.map((m) => m.skill),
      taken: r.taken.taken,
      takenReasons: [...r.taken.reasons],
      stale: r.taken.stale,
      signalsComplete: r.issue.signalsComplete,
      createdAt: r.issue.createdAt,
      updatedAt: r.issue.updatedAt,
      comments: r.issue.commentCount,
      scoreParts: Object.fromEntries(Object.entries(r.scoreParts).map(([k, v]) => [k, round(v)])),
    })),
    failures: result.failures.map((f) => ({ repo: f.repo, message: f.message })),
  };
}
