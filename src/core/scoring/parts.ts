// The score is a sum of named parts, listed here. Each part turns the facts the ranker gathered about one
// issue into a number; scoreParts reports every part by its key, and --explain prints it by its label.
// Adding a rule is adding an entry to SCORING_PARTS (a per-repository bonus reads fact.candidate.repo).
import type { RankCandidate } from '../rank.js';
import type { SkillMatch } from '../types.js';
import { newcomerOdds } from '../health.js';
import { activityScore, ageScore, parseIsoMs } from './freshness.js';
import { QUESTION_PENALTY, isQuestionTitle } from './question.js';
import { labelScoreValue, labelStrength, normalizeLabel } from './labels.js';

/** What the ranker knows about one issue when the parts are scored. */
export interface IssueFacts {
  candidate: RankCandidate;
  nowMs: number;
  /** Wanted skills with evidence, highest contribution first; their contributions add up to `skills`. */
  matched: readonly Pick<SkillMatch, 'skill' | 'contribution'>[];
  /** Avoided skills with evidence; their (negative) contributions add up to `avoid`. */
  avoided: readonly Pick<SkillMatch, 'skill' | 'contribution'>[];
  /** 0..1: how clearly the title and labels name work the profile does not ask for (0 without skills). */
  offSubject: number;
}

export interface ScoringPart {
  /** The key in scoreParts (and --json). */
  key: string;
  /** How --explain names it. */
  label: string;
  score(facts: IssueFacts): number;
  /**
   * The part reads only the issue record itself and the time (not the skills, the repository or the other
   * candidates): a search's rankings can reuse it for a record they have scored before (rank.ts, RankMemo).
   */
  perIssue?: true;
}

const labelCache = new Map<string, number>();
const strengthOf = (label: string): number => {
  let v = labelCache.get(label);
  if (v === undefined) {
    v = labelStrength(normalizeLabel(label));
    labelCache.set(label, v);
  }
  return v;
};

/**
 * Points taken from an issue whose title or labels clearly name work the user did not ask for. Less than
 * a clear skill match adds: it reorders issues that match about as well, it does not bury them.
 */
export const OFF_SUBJECT_PENALTY = 0.6;

const sum = (xs: readonly { contribution: number }[]): number => xs.reduce((a, m) => a + m.contribution, 0);

export const SCORING_PARTS: readonly ScoringPart[] = [
  { key: 'skills', label: 'skills', score: (f) => sum(f.matched) },
  { key: 'labels', label: 'beginner label', score: (f) => labelScoreValue(f.candidate.issue.labels, strengthOf), perIssue: true },
  { key: 'age', label: 'age', score: (f) => ageScore(parseIsoMs(f.candidate.issue.createdAt), f.nowMs), perIssue: true },
  { key: 'activity', label: 'last activity', score: (f) => activityScore(parseIsoMs(f.candidate.issue.updatedAt), f.nowMs), perIssue: true },
  { key: 'avoid', label: 'avoided skills', score: (f) => sum(f.avoided) },
  { key: 'question', label: 'question, not a task', score: (f) => (isQuestionTitle(f.candidate.issue.title) ? -QUESTION_PENALTY : 0), perIssue: true },
  { key: 'offSubject', label: 'title names other work', score: (f) => (f.offSubject > 0 ? -OFF_SUBJECT_PENALTY * f.offSubject : 0) },
  // Between equally fitting issues, the repository that merges first-timers' PRs first (cached `repos health`).
  { key: 'newcomer', label: 'newcomer odds', score: (f) => newcomerOdds(f.candidate.repo?.newcomerHealth)?.points ?? 0 },
];
