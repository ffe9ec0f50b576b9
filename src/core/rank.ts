// The ranker: pure, no I/O. Score = skills + labels + age + activity + avoid, every part reported in
// scoreParts so `search --explain` can show where each point came from.
import type { IssueRecord, RepoMeta, SkillMatch, SkillProfile } from './types.js';
import { parseIsoMs, scoreFreshness } from './scoring/freshness.js';
import { labelStrength, normalizeLabel, scoreLabels } from './scoring/labels.js';
import { compileMatcher, type SkillEvidence } from './skills/matcher.js';
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

export function rankIssues(items: readonly RankCandidate[], options: RankOptions): ScoredCandidate[] {
  const { wanted, avoided } = resolveProfile(options.profile, options.vocabulary);
  const all = [...wanted, ...avoided];
  const matcher = compileMatcher(all.map((s) => s.definition));
  const nowMs = options.now.getTime();

  const scans: (SkillEvidence | undefined)[][] = new Array(items.length);
  const docCount = new Array<number>(all.length).fill(0);
  for (let i = 0; i < items.length; i++) {
    const c = items[i] as RankCandidate;
    const scan = all.length === 0 ? [] : matcher.scan(c.issue, c.repo);
    scans[i] = scan;
    for (let s = 0; s < all.length; s++) if (scan[s]?.inIssue) docCount[s] = (docCount[s] as number) + 1;
  }
  const damping = docCount.map((d) => dampingFor(items.length === 0 ? 0 : d / items.length, items.length));

  const labelCache = new Map<string, number>();
  const strengthOf = (label: string): number => {
    let v = labelCache.get(label);
    if (v === undefined) {
      v = labelStrength(normalizeLabel(label));
      labelCache.set(label, v);
    }
    return v;
  };

  const scored = items.map((c, i): ScoredCandidate => {
    const scan = scans[i] as (SkillEvidence | undefined)[];
    const matchedSkills: SkillMatch[] = [];
    const avoidedSkills: SkillMatch[] = [];
    let skills = 0;
    let avoid = 0;
    for (let s = 0; s < all.length; s++) {
      const ev = scan[s];
      if (ev === undefined) continue;
      if (s < wanted.length) {
        const w = wanted[s] as (typeof wanted)[number];
        const contribution = round(w.weight * ev.strength * (damping[s] as number));
        skills += contribution;
        matchedSkills.push({ skill: w.name, evidence: ev.evidence, contribution });
      } else {
        const a = avoided[s - wanted.length] as (typeof avoided)[number];
        const contribution = round(-AVOID_PENALTY * ev.strength);
        avoid += contribution;
        avoidedSkills.push({ skill: a.name, evidence: ev.evidence, contribution });
      }
    }
    // Diminishing returns across skills: an issue that is squarely one wanted skill should beat one with
    // faint traces of several. The k-th best match counts SECOND_SKILL_FACTOR^(k-1) of its value, and the
    // reported contribution is that discounted value, so matchedSkills still adds up to scoreParts.skills.
    matchedSkills.sort((a, b) => b.contribution - a.contribution);
    skills = 0;
    matchedSkills.forEach((m, k) => {
      m.contribution = round(m.contribution * Math.pow(SECOND_SKILL_FACTOR, k));
      skills += m.contribution;
    });
    const labels = scoreLabels(c.issue.labels, strengthOf).value;
    const { age, activity } = scoreFreshness(c.issue.createdAt, c.issue.updatedAt, nowMs);
    const scoreParts = { skills: round(skills), labels: round(labels), age: round(age), activity: round(activity), avoid: round(avoid) };
    const score = round(scoreParts.skills + scoreParts.labels + scoreParts.age + scoreParts.activity + scoreParts.avoid);
    return { ...c, score, matchedSkills, avoidedSkills, scoreParts };
  });

  // Sort indices with precomputed keys: parsing dates inside the comparator costs n log n parses.
  const updated = new Float64Array(scored.length);
  const scores = new Float64Array(scored.length);
  scored.forEach((c, i) => {
    updated[i] = parseIsoMs(c.issue.updatedAt) || 0;
    scores[i] = c.score;
  });
  const order = scored.map((_, i) => i);
  order.sort((a, b) => {
    const byScore = (scores[b] as number) - (scores[a] as number) || (updated[b] as number) - (updated[a] as number);
    if (byScore !== 0) return byScore;
    const x = scored[a] as ScoredCandidate;
    const y = scored[b] as ScoredCandidate;
    return (
      (x.issue.repo < y.issue.repo ? -1 : x.issue.repo > y.issue.repo ? 1 : 0) ||
      x.issue.number - y.issue.number
    );
  });
  return order.map((i) => scored[i] as ScoredCandidate);
}
