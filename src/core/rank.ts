// The ranker: pure, no I/O. Score = skills + labels + age + activity + avoid, every part reported in
// scoreParts so `search --explain` can show where each point came from.
import type { IssueRecord, RepoMeta, SkillMatch, SkillProfile } from './types.js';
import { activityScore, ageScore, parseIsoMs } from './scoring/freshness.js';
import { labelScoreValue, labelStrength, normalizeLabel } from './scoring/labels.js';
import { compileMatcher, type Evidence, type ScanSink } from './skills/matcher.js';
import { resolveProfile } from './skills/resolve.js';
import type { SkillDefinition } from './skills/vocabulary.js';

export interface RankCandidate {
  issue: IssueRecord;
  repo: RepoMeta | undefined;
}

export interface ScoredCandidate extends RankCandidate {
  score: number;
  /** Wanted skills that matched, highest contribution first. */
  matchedSkills: SkillMatch[];
  /** Avoided skills that matched; their (negative) contributions add up to scoreParts.avoid. */
  avoidedSkills: SkillMatch[];
  scoreParts: Record<string, number>;
}

export interface RankOptions {
  profile: SkillProfile | null;
  now: Date;
  /** Replaces the built-in vocabulary (tests, experiments). */
  vocabulary?: readonly SkillDefinition[];
}

export const SECOND_SKILL_FACTOR = 0.5;

/** Points an avoided skill takes away at full strength: more than a weight-2 match adds. */
export const AVOID_PENALTY = 2.5;

// IDF-like damping: a skill with issue-level evidence in at most DF_FREE of the candidates keeps its full
// weight; one found in every candidate keeps DAMP_FLOOR of it. In between, log-scaled like IDF.
export const DF_FREE = 0.15;
export const DAMP_FLOOR = 0.2;
/** Below this many candidates document frequency is noise, so damping is phased in. */
export const DF_MIN_CANDIDATES = 20;

export function dampingFor(df: number, candidates: number): number {
  if (candidates === 0 || df <= DF_FREE) return 1;
  const full = Math.max(DAMP_FLOOR, Math.min(1, Math.log(1 / df) / Math.log(1 / DF_FREE)));
  return 1 - (1 - full) * Math.min(1, candidates / DF_MIN_CANDIDATES);
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

// Performance: this runs over every fetched issue (10,000 in the benchmark, target well under 100 ms). The
// matcher writes into flat typed arrays; dates are parsed once per issue; the final sort compares numbers
// only. Every result is the same as the straightforward version's, down to the order of ties.
export function rankIssues(items: readonly RankCandidate[], options: RankOptions): ScoredCandidate[] {
  const { wanted, avoided } = resolveProfile(options.profile, options.vocabulary);
  const all = [...wanted, ...avoided];
  const S = all.length;
  const W = wanted.length;
  const n = items.length;
  const matcher = compileMatcher(all.map((s) => s.definition));
  const nowMs = options.now.getTime();

  // Pass 1: evidence per (issue, skill) at index i * S + s; strength -1 means no evidence at all.
  const sink: ScanSink = { strength: new Float64Array(n * S), inIssue: new Uint8Array(n * S), evidence: new Array<Evidence[] | undefined>(n * S) };
  const docCount = new Array<number>(S).fill(0);
  if (S > 0) {
    for (let i = 0; i < n; i++) {
      const c = items[i] as RankCandidate;
      matcher.scanInto(c.issue, c.repo, sink, i * S);
    }
    for (let k = 0; k < n * S; k++) if (sink.inIssue[k] === 1) docCount[k % S] = (docCount[k % S] as number) + 1;
  }
  const damping = docCount.map((d) => dampingFor(n === 0 ? 0 : d / n, n));

  const labelCache = new Map<string, number>();
  const strengthOf = (label: string): number => {
    let v = labelCache.get(label);
    if (v === undefined) {
      v = labelStrength(normalizeLabel(label));
      labelCache.set(label, v);
    }
    return v;
  };

  // Pass 2: score. Sort keys are kept in typed arrays for the final ordering.
  const scored = new Array<ScoredCandidate>(n);
  const scores = new Float64Array(n);
  const updated = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = items[i] as RankCandidate;
    const o = i * S;
    const matchedSkills: SkillMatch[] = [];
    const avoidedSkills: SkillMatch[] = [];
    let avoid = 0;
    for (let s = 0; s < S; s++) {
      const strength = sink.strength[o + s] as number;
      if (strength < 0) continue;
      const evidence = sink.evidence[o + s] as Evidence[];
      if (s < W) {
        const w = wanted[s] as (typeof wanted)[number];
        // Diminishing returns across skills (below) need these highest first: insert in place, after equals,
        // which is what a stable sort by descending contribution gives.
        const contribution = round(w.weight * strength * (damping[s] as number));
        let at = matchedSkills.length;
        while (at > 0 && (matchedSkills[at - 1] as SkillMatch).contribution < contribution) at--;
        matchedSkills.splice(at, 0, { skill: w.name, evidence, contribution });
      } else {
        const a = avoided[s - W] as (typeof avoided)[number];
        const contribution = round(-AVOID_PENALTY * strength);
        avoid += contribution;
        avoidedSkills.push({ skill: a.name, evidence, contribution });
      }
    }
    // Diminishing returns across skills: an issue that is squarely one wanted skill should beat one with
    // faint traces of several. The k-th best match counts SECOND_SKILL_FACTOR^(k-1) of its value, and the
    // reported contribution is that discounted value, so matchedSkills still adds up to scoreParts.skills.
    let skills = 0;
    for (let k = 0; k < matchedSkills.length; k++) {
      const m = matchedSkills[k] as SkillMatch;
      m.contribution = round(m.contribution * Math.pow(SECOND_SKILL_FACTOR, k));
      skills += m.contribution;
    }
    const labels = labelScoreValue(c.issue.labels, strengthOf);
    const updatedMs = parseIsoMs(c.issue.updatedAt);
    const age = ageScore(parseIsoMs(c.issue.createdAt), nowMs);
    const activity = activityScore(updatedMs, nowMs);
    const scoreParts = { skills: round(skills), labels: round(labels), age: round(age), activity: round(activity), avoid: round(avoid) };
    const score = round(scoreParts.skills + scoreParts.labels + scoreParts.age + scoreParts.activity + scoreParts.avoid);
    // The same object as { ...c, score, matchedSkills, avoidedSkills, scoreParts }, which V8 builds slowly
    // (microseconds each: the spread's copy gets the extra properties one by one through the runtime).
    // Object.assign differs from a spread only for an own "__proto__" key, which takes the spread.
    scored[i] = Object.hasOwn(c, '__proto__')
      ? { ...c, score, matchedSkills, avoidedSkills, scoreParts }
      : Object.assign({}, c, { score, matchedSkills, avoidedSkills, scoreParts });
    scores[i] = score;
    updated[i] = updatedMs || 0;
  }

  // Order: score, then most recently updated, then repo name and issue number. The repo names are ranked
  // once so the comparator never compares strings.
  const repoNames = [...new Set(items.map((c) => c.issue.repo))].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const repoRankOf = new Map(repoNames.map((r, k) => [r, k]));
  const repoRank = new Int32Array(n);
  const numbers = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const issue = (items[i] as RankCandidate).issue;
    repoRank[i] = repoRankOf.get(issue.repo) as number;
    numbers[i] = issue.number;
  }
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort(
    (a, b) =>
      (scores[b] as number) - (scores[a] as number) ||
      (updated[b] as number) - (updated[a] as number) ||
      (repoRank[a] as number) - (repoRank[b] as number) ||
      (numbers[a] as number) - (numbers[b] as number),
  );
  return order.map((i) => scored[i] as ScoredCandidate);
}
