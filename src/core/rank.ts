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
  /**
   * Build only the best `limit` results: exactly the first `limit` of the unlimited ranking (damping is
   * still computed over every item), without materialising the rest. Unset: all of them.
   */
  limit?: number;
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
//
// With options.limit (search shows 20, the eval scores the top 10), only the winners are built: every issue
// is scored as numbers (no evidence texts, no result objects), the best `limit` are picked by the same
// ordering as the full sort, and only those are scanned again to build their results. The output is then
// exactly the first `limit` elements of the unlimited output.
export function rankIssues(items: readonly RankCandidate[], options: RankOptions): ScoredCandidate[] {
  const { wanted, avoided } = resolveProfile(options.profile, options.vocabulary);
  const all = [...wanted, ...avoided];
  const S = all.length;
  const W = wanted.length;
  const n = items.length;
  const matcher = compileMatcher(all.map((s) => s.definition));
  const nowMs = options.now.getTime();
  // How many results to build: all of them unless a smaller limit is given (a fraction rounds down, and
  // anything not positive, NaN included, asks for none).
  const limit = options.limit;
  const k = limit === undefined || limit >= n ? n : limit > 0 ? Math.floor(limit) : 0;
  const partial = k < n;

  // Pass 1: evidence per (issue, skill) at index i * S + s; strength -1 means no evidence at all. A partial
  // ranking scans for the numbers only and leaves the evidence to the winners' second scan.
  const sink: ScanSink = partial
    ? { strength: new Float64Array(n * S), inIssue: new Uint8Array(n * S) }
    : { strength: new Float64Array(n * S), inIssue: new Uint8Array(n * S), evidence: new Array<Evidence[] | undefined>(n * S) };
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

  // One issue's result from its scan at offset o of strength/evidence. updatedMs is its sort key.
  let updatedMs = 0;
  const build = (c: RankCandidate, strengths: Float64Array, evidences: readonly (Evidence[] | undefined)[], o: number): ScoredCandidate => {
    const matchedSkills: SkillMatch[] = [];
    const avoidedSkills: SkillMatch[] = [];
    let avoid = 0;
    for (let s = 0; s < S; s++) {
      const strength = strengths[o + s] as number;
      if (strength < 0) continue;
      const evidence = evidences[o + s] as Evidence[];
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
    updatedMs = parseIsoMs(c.issue.updatedAt);
    const age = ageScore(parseIsoMs(c.issue.createdAt), nowMs);
    const activity = activityScore(updatedMs, nowMs);
    const scoreParts = { skills: round(skills), labels: round(labels), age: round(age), activity: round(activity), avoid: round(avoid) };
    const score = round(scoreParts.skills + scoreParts.labels + scoreParts.age + scoreParts.activity + scoreParts.avoid);
    // The same object as { ...c, score, matchedSkills, avoidedSkills, scoreParts }, which V8 builds slowly
    // (microseconds each: the spread's copy gets the extra properties one by one through the runtime).
    // Object.assign differs from a spread only for an own "__proto__" key, which takes the spread.
    return Object.hasOwn(c, '__proto__')
      ? { ...c, score, matchedSkills, avoidedSkills, scoreParts }
      : Object.assign({}, c, { score, matchedSkills, avoidedSkills, scoreParts });
  };

  // build's score as a number alone, computed the same way (the same roundings, the same order of sums).
  const top = new Float64Array(W);
  const scoreOf = (c: RankCandidate, o: number): number => {
    let m = 0;
    let avoid = 0;
    for (let s = 0; s < S; s++) {
      const strength = sink.strength[o + s] as number;
      if (strength < 0) continue;
      if (s < W) {
        const contribution = round((wanted[s] as (typeof wanted)[number]).weight * strength * (damping[s] as number));
        let at = m;
        while (at > 0 && (top[at - 1] as number) < contribution) {
          top[at] = top[at - 1] as number;
          at--;
        }
        top[at] = contribution;
        m++;
      } else {
        avoid += round(-AVOID_PENALTY * strength);
      }
    }
    let skills = 0;
    for (let k = 0; k < m; k++) skills += round((top[k] as number) * Math.pow(SECOND_SKILL_FACTOR, k));
    const labels = labelScoreValue(c.issue.labels, strengthOf);
    updatedMs = parseIsoMs(c.issue.updatedAt);
    const age = ageScore(parseIsoMs(c.issue.createdAt), nowMs);
    const activity = activityScore(updatedMs, nowMs);
    return round(round(skills) + round(labels) + round(age) + round(activity) + round(avoid));
  };

  // Pass 2: score. Sort keys are kept in typed arrays for the final ordering.
  const scored = partial ? [] : new Array<ScoredCandidate>(n);
  const scores = new Float64Array(n);
  const updated = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const c = items[i] as RankCandidate;
    if (partial) {
      scores[i] = scoreOf(c, i * S);
    } else {
      const r = build(c, sink.strength, sink.evidence as (Evidence[] | undefined)[], i * S);
      scored[i] = r;
      scores[i] = r.score;
    }
    updated[i] = updatedMs || 0;
  }

  // Order: score, then most recently updated, then repo name and issue number. The repo names are ranked
  // once so the comparator never compares strings.
  const repoNames = [...new Set(items.map((c) => c.issue.repo))].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const repoRankOf = new Map(repoNames.map((r, k) => [r, k]));
  const repoRank = new Int32Array(n);
  const numbers = new Float64Array(n);
  let orderable = true;
  for (let i = 0; i < n; i++) {
    const issue = (items[i] as RankCandidate).issue;
    repoRank[i] = repoRankOf.get(issue.repo) as number;
    numbers[i] = issue.number;
    if (Number.isNaN(scores[i]) || Number.isNaN(numbers[i])) orderable = false;
  }
  const compare = (a: number, b: number): number =>
    (scores[b] as number) - (scores[a] as number) ||
    (updated[b] as number) - (updated[a] as number) ||
    (repoRank[a] as number) - (repoRank[b] as number) ||
    (numbers[a] as number) - (numbers[b] as number);

  if (!partial) {
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort(compare);
    return order.map((i) => scored[i] as ScoredCandidate);
  }

  const winners = orderable ? bestK(n, k, compare) : Array.from({ length: n }, (_, i) => i).sort(compare).slice(0, k);
  // The winners' second scan, this time with evidence (scanning is deterministic: the same strengths).
  const one: ScanSink = { strength: new Float64Array(S), inIssue: new Uint8Array(S), evidence: new Array<Evidence[] | undefined>(S) };
  return winners.map((i) => {
    const c = items[i] as RankCandidate;
    if (S > 0) matcher.scanInto(c.issue, c.repo, one, 0);
    return build(c, one.strength, one.evidence as (Evidence[] | undefined)[], 0);
  });
}

/**
 * The first k of the indices 0..n-1 stably sorted by compare, without sorting them all. compare must be a
 * consistent total preorder (no NaN keys); ties go to the lower index, as in a stable sort.
 */
function bestK(n: number, k: number, compare: (a: number, b: number) => number): number[] {
  const before = (a: number, b: number): boolean => {
    const d = compare(a, b);
    return d < 0 || (!(d > 0) && a < b);
  };
  if (k > 256) {
    const order = Array.from({ length: n }, (_, i) => i);
    order.sort((a, b) => compare(a, b) || a - b);
    return order.slice(0, k);
  }
  // Best first; a newcomer only gets in when it beats the current last.
  const best = new Int32Array(k);
  let m = 0;
  for (let i = 0; i < n && k > 0; i++) {
    if (m === k && !before(i, best[k - 1] as number)) continue;
    let lo = 0;
    let hi = m;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(i, best[mid] as number)) hi = mid;
      else lo = mid + 1;
    }
    const end = m < k ? m : k - 1;
    best.copyWithin(lo + 1, lo, end);
    best[lo] = i;
    if (m < k) m++;
  }
  return Array.from(best.subarray(0, m));
}
