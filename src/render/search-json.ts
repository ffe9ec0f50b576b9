// The --json shape, built by a pure function so it can be tested without running a search.
// GitHub text goes out exactly as received: JSON consumers do their own escaping.
import { newcomerOdds } from '../core/health.js';
import { issueKey } from '../core/refs.js';
import type { RankedIssue, RepoFailure, SkillMatch } from '../core/types.js';

export interface SearchJsonExplanation {
  /** Each matched skill: what it added and where the evidence was found. */
  skills: { skill: string; contribution: number; evidence: SkillMatch['evidence'] }[];
  avoided: { skill: string; contribution: number; evidence: SkillMatch['evidence'] }[];
  /** From cached `repos health`: "owner/name merged 10 of 12 first-timer PRs in 90 days, median 2 days"; null without data. */
  newcomerOdds: string | null;
}

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
  /** You have claimed it (`oss-scout claim`). */
  yours: boolean;
  createdAt: string;
  updatedAt: string;
  comments: number;
  scoreParts: Record<string, number>;
  /** Only in the bundled sample: an invented issue; `url` is the repository's beginner-issue list. */
  sample?: true;
  /** With --explain. */
  explanation?: SearchJsonExplanation;
}

export interface SearchJson {
  /** Only when the issues are the bundled sample, not live ones. */
  sample?: true;
  issues: SearchJsonIssue[];
  failures: { repo: string; message: string }[];
}

export interface SearchJsonOptions {
  explain?: boolean;
  /** Issue keys (`owner/name#N`, lower case) the user has claimed. */
  claimed?: ReadonlySet<string>;
  sample?: boolean;
}

// Scores are sums of floats; three decimals keep the output stable and readable.
function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function explained(m: SkillMatch): SearchJsonExplanation['skills'][number] {
  return { skill: m.skill, contribution: round(m.contribution), evidence: m.evidence.map((e) => ({ where: e.where, text: e.text })) };
}

/** The ranker may also report which avoided skills matched; RankedIssue does not require it. */
type Explainable = RankedIssue & { avoidedSkills?: readonly SkillMatch[] };

/** Issues in the order given (best first), failures as {repo, message}. */
export function getSearchJson(
  result: { issues: readonly Explainable[]; failures: readonly RepoFailure[] },
  options: SearchJsonOptions = {},
): SearchJson {
  return {
    ...(options.sample ? { sample: true as const } : {}),
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
      yours: options.claimed?.has(issueKey(r.issue.repo, r.issue.number)) ?? false,
      createdAt: r.issue.createdAt,
      updatedAt: r.issue.updatedAt,
      comments: r.issue.commentCount,
      scoreParts: Object.fromEntries(Object.entries(r.scoreParts).map(([k, v]) => [k, round(v)])),
      ...(r.issue.sample ? { sample: true as const } : {}),
      ...(options.explain
        ? {
            explanation: {
              skills: r.matchedSkills.map(explained),
              avoided: (r.avoidedSkills ?? []).map(explained),
              newcomerOdds: newcomerOdds(r.repo?.newcomerHealth)?.explanation ?? null,
            },
          }
        : {}),
    })),
    failures: result.failures.map((f) => ({ repo: f.repo, message: f.message })),
  };
}
