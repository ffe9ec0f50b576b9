// The ranker: pure, no I/O. Finds each skill's evidence in every candidate (skills/matcher.ts), drops
// what repository templates repeat (scoring/boilerplate.ts), damps terms that nearly every candidate has,
// weighs the rest (scoring/evidence.ts) and adds up the named parts of scoring/parts.ts. Every part is
// reported in scoreParts, so `search --explain` can show where each point came from.
import type { IssueRecord, RepoMeta, SkillMatch, SkillProfile } from './types.js';
import { dropBoilerplate } from './scoring/boilerplate.js';
import { parseIsoMs } from './scoring/freshness.js';
import { evidenceOf, skillStrength, termDamping } from './scoring/evidence.js';
import { SCORING_PARTS, type IssueFacts, type ScoringPart } from './scoring/parts.js';
import { compileMatcher, tokenize, type Hit } from './skills/matcher.js';
import { resolveProfile, type ResolvedSkill } from './skills/resolve.js';
import { VOCABULARY, type SkillDefinition } from './skills/vocabulary.js';

export { DAMP_FLOOR, dampingFor } from './scoring/evidence.js';

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
  /** Replaces the scoring parts (tests, experiments); the default is SCORING_PARTS. */
  parts?: readonly ScoringPart[];
  /** Build only the best `limit` results (exactly the first `limit` of the full ranking). Unset: all. */
  limit?: number;
  /** Reuses the scans of issues ranked before with the same profile (see createRankMemo). */
  memo?: RankMemo;
}

/**
 * What one ranking learns that the next one over mostly the same issues can reuse: a search ranks its
 * candidates up to four times as taken signals arrive, and an issue's scan (its hits of each skill, the
 * most of a ranking's time) depends only on the issue and the profile. Everything that depends on the other
 * candidates (boilerplate, damping) is worked out again each time, so the result is the same as without.
 * Issues are told apart by identity: an issue whose record was replaced is scanned again.
 */
export interface RankMemo {
  last?: {
    profile: SkillProfile | null;
    vocabulary: readonly SkillDefinition[] | undefined;
    matcher: ReturnType<typeof compileMatcher>;
    hits: WeakMap<IssueRecord, Hit[]>;
    /** How clearly each issue's headline names work the profile does not ask for (offSubjectStrength). */
    offSubject?: (issue: IssueRecord) => number;
  };
  /** The values of the parts marked perIssue, by record, for one part list and one time. */
  perIssue?: { parts: readonly ScoringPart[]; nowMs: number; values: WeakMap<IssueRecord, (number | undefined)[]> };
}

export function createRankMemo(): RankMemo {
  return {};
}

/** The k-th best wanted skill of an issue counts SECOND_SKILL_FACTOR^(k-1) of its value. */
export const SECOND_SKILL_FACTOR = 0.35;
/** Points an avoided skill takes away at full strength: more than a weight-2 match adds. */
export const AVOID_PENALTY = 2.5;
/**
 * The repository's languages and topics, per weight point at full strength: a tie-breaker, well below
 * what any evidence in the issue itself adds, so it never lifts an issue over one with evidence of its own.
 */
export const REPO_PRIOR = 0.02;

/**
 * "PyTorch" in an issue of pytorch/pytorch, "transformers" in huggingface/transformers: a repository's own
 * name (and its owner's) is in its issues whatever they are about, so it is not evidence in them. Per
 * repository, the profile's terms that are such names (nearly always none, and then nothing is filtered).
 */
function ownNameTerms(repos: Iterable<string>, isTerm: (term: string) => boolean): Map<string, ReadonlySet<string>> {
  const out = new Map<string, ReadonlySet<string>>();
  const seen = new Set<string>();
  for (const repo of repos) {
    if (seen.has(repo)) continue;
    seen.add(repo);
    const names = repo.split('/').map((part) => tokenize(part).join(' ')).filter(isTerm);
    if (names.length > 0) out.set(repo, new Set(names));
  }
  return out;
}

/**
 * 0..1 for an issue: how clearly its title and labels name one of `kinds` (work the profile does not ask
 * for, see SkillDefinition.offSubject): "Docs: explain the CUDA version mismatch" is docs work, not CUDA work.
 */
function offSubjectStrength(kinds: readonly SkillDefinition[]): (issue: IssueRecord) => number {
  if (kinds.length === 0) return () => 0;
  // Compiled on first use: only issues that match a wanted skill are asked (none without skills).
  let compiled: ReturnType<typeof compileMatcher> | undefined;
  // An issue's value depends on it alone: kept for the rankings after the first (a search ranks its
  // candidates up to four times, and this headline scan was a quarter of a ranking's time).
  const values = new WeakMap<IssueRecord, number>();
  return (issue) => {
    const kept = values.get(issue);
    if (kept !== undefined) return kept;
    const matcher = (compiled ??= compileMatcher(kinds.map((definition) => ({ definition, typed: [] }))));
    const hits = matcher.scanHeadline(issue);
    let best = 0;
    // skillStrength is 0 for a kind without hits.
    for (let k = 0; k < kinds.length && hits.length > 0; k++) best = Math.max(best, skillStrength(hits, k, undefined));
    values.set(issue, best);
    return best;
  };
}

/** The off-subject kinds for these skills: the vocabulary's, less those the profile asks for. */
function offSubjectKinds(all: readonly ResolvedSkill[], vocabulary: readonly SkillDefinition[] | undefined): SkillDefinition[] {
  return (vocabulary ?? VOCABULARY).filter((d) => d.offSubject === true && !all.some((s) => s.definition.name === d.name));
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

interface SkillScore {
  skill: string;
  contribution: number;
  /** The skill's number in the matcher: its hits are the issue's hits of that skill. */
  index: number;
  repo: { strength: number; text: string } | undefined;
}

const NO_SKILLS: readonly SkillScore[] = [];

/** Up to this many results are selected in one pass instead of sorting every candidate. */
const TOP_K_SELECT = 200;

/**
 * The first k of 0..n-1 in the order of a stable sort by `compare`, without sorting them all: a sorted
 * list of the best k so far, which a candidate enters only when it comes strictly before the last (on a
 * tie the earlier one stays first, as in the stable sort).
 */
function firstK(n: number, k: number, compare: (a: number, b: number) => number): number[] {
  const best: number[] = [];
  if (k === 0) return best;
  for (let i = 0; i < n; i++) {
    if (best.length === k) {
      if (compare(i, best[k - 1] as number) >= 0) continue;
      best.pop();
    }
    let at = best.length;
    while (at > 0 && compare(i, best[at - 1] as number) < 0) at--;
    best.splice(at, 0, i);
  }
  return best;
}

/** The matcher for these skills, and the scans made with it: the memo's when it is for the same profile. */
function scanner(all: readonly ResolvedSkill[], options: Pick<RankOptions, 'profile' | 'vocabulary' | 'memo'>) {
  const memo = options.memo;
  const reuse = memo?.last && memo.last.profile === options.profile && memo.last.vocabulary === options.vocabulary ? memo.last : undefined;
  // The same matcher too: hits name lines by their number in its table.
  const matcher = reuse?.matcher ?? compileMatcher(all.map((s) => ({ definition: s.definition, typed: s.typed })));
  const scanned = reuse?.hits ?? new WeakMap<IssueRecord, Hit[]>();
  const offSubject = reuse?.offSubject ?? offSubjectStrength(offSubjectKinds(all, options.vocabulary));
  if (memo && !reuse) memo.last = { profile: options.profile, vocabulary: options.vocabulary, matcher, hits: scanned, offSubject };
  return { matcher, scanned, offSubject };
}

/**
 * Scans `issues` into the memo for the rankings to come with the same profile, which read the scans back:
 * work done while the network answers the rest of a search rather than after its last answer. Changes no
 * result (a scan depends only on the issue and the profile).
 */
export function prescan(issues: readonly IssueRecord[], options: Pick<RankOptions, 'profile' | 'vocabulary' | 'now'> & { memo: RankMemo }): void {
  // The parts that read the issue alone (perIssue).
  const nowMs = options.now.getTime();
  const value = partValues(SCORING_PARTS, nowMs, options.memo);
  for (const issue of issues) {
    const facts: IssueFacts = { candidate: { issue, repo: undefined }, nowMs, matched: NO_SKILLS, avoided: NO_SKILLS, offSubject: 0 };
    SCORING_PARTS.forEach((p, k) => p.perIssue === true && value(facts, k));
  }
  const { wanted, avoided } = resolveProfile(options.profile, options.vocabulary);
  const all = [...wanted, ...avoided];
  if (all.length === 0) return;
  const { matcher, scanned, offSubject } = scanner(all, options);
  for (const issue of issues) {
    let hits = scanned.get(issue);
    if (hits === undefined) scanned.set(issue, (hits = matcher.scan(issue)));
    // The ranking asks only issues with some wanted skill's evidence (or their repository's: not known here).
    if (hits.some((h) => h.skill < wanted.length)) offSubject(issue);
  }
}

const NOTHING: IssueRecord = { repo: '', number: 0, title: '', url: '', body: '', author: '', labels: [], state: 'OPEN', createdAt: '', updatedAt: '', commentCount: 0, assignees: [], pullRequests: [], comments: [], signalsComplete: false };

/**
 * Builds the profile's matchers into the memo, for a caller with idle time before the first issues arrive
 * (a cold search waiting for its first answers): building them is the first ranking's first few ms.
 */
export function prepareRanking(options: Pick<RankOptions, 'profile' | 'vocabulary'> & { memo: RankMemo }): void {
  const { wanted, avoided } = resolveProfile(options.profile, options.vocabulary);
  const all = [...wanted, ...avoided];
  if (all.length === 0) return;
  // The skills' matcher is built here; the off-subject one on its first question.
  scanner(all, options).offSubject(NOTHING);
}

/** A part's value for one issue's facts, rounded; through the memo for the parts marked perIssue. */
function partValues(partList: readonly ScoringPart[], nowMs: number, memo: RankMemo | undefined): (f: IssueFacts, k: number) => number {
  const kept = memo ? (memo.perIssue?.parts === partList && memo.perIssue.nowMs === nowMs ? memo.perIssue : (memo.perIssue = { parts: partList, nowMs, values: new WeakMap() })) : undefined;
  return (f, k) => {
    const p = partList[k] as ScoringPart;
    if (!kept || p.perIssue !== true) return round(p.score(f));
    let values = kept.values.get(f.candidate.issue);
    if (!values) kept.values.set(f.candidate.issue, (values = []));
    return (values[k] ??= round(p.score(f)));
  };
}

export function rankIssues(items: readonly RankCandidate[], options: RankOptions): ScoredCandidate[] {
  const { wanted, avoided } = resolveProfile(options.profile, options.vocabulary);
  const all = [...wanted, ...avoided];
  const memo = options.memo;
  const { matcher, scanned, offSubject: offSubjectOf } = scanner(all, options);
  const nowMs = options.now.getTime();

  const found = items.map((c) => {
    if (all.length === 0) return [];
    let h = memo ? scanned.get(c.issue) : undefined;
    if (h === undefined) {
      h = matcher.scan(c.issue);
      if (memo) scanned.set(c.issue, h);
    }
    return h;
  });
  const hits = dropBoilerplate(
    items.map((c) => c.issue.repo),
    found,
    matcher.lines,
  );
  const ownNames = ownNameTerms(
    items.map((c) => c.issue.repo),
    (t) => matcher.hasTerm(t),
  );
  if (ownNames.size > 0) {
    hits.forEach((h, i) => {
      const own = ownNames.get((items[i] as RankCandidate).issue.repo);
      if (own !== undefined && h.some((x) => own.has(x.term))) hits[i] = h.filter((x) => !own.has(x.term));
    });
  }
  // Damping looks at wanted skills' evidence only: an avoided skill is pushed down at full strength.
  const damping = termDamping(hits, matcher.termCount, wanted.length);

  // Which skills an issue has hits of (reused from issue to issue; the hits themselves are walked per
  // skill by skillStrength, and collected per skill again only for the results returned).
  const hasHits = new Uint8Array(all.length);
  const facts: (IssueFacts & { matched: SkillScore[]; avoided: readonly SkillScore[] })[] = items.map((candidate, i) => {
    const issueHits = hits[i] as Hit[];
    hasHits.fill(0);
    for (let k = 0; k < issueHits.length; k++) hasHits[(issueHits[k] as Hit).skill] = 1;
    const prior = matcher.repoPrior(candidate.repo);
    const matched: SkillScore[] = [];
    let avoidedHere: SkillScore[] | undefined; // most candidates have none: no array for them
    for (let k = 0; k < all.length; k++) {
      const s = all[k] as (typeof all)[number];
      const repo = prior[k];
      if (hasHits[k] === 0 && repo === undefined) continue;
      if (k < wanted.length) {
        const value = s.weight * skillStrength(issueHits, k, damping) + s.weight * REPO_PRIOR * (repo?.strength ?? 0);
        const m: SkillScore = { skill: s.name, contribution: round(value), index: k, repo };
        // Highest contribution first; on a tie the skill listed first stays first (as a stable sort would).
        matched.push(m);
        for (let j = matched.length - 1; j > 0 && (matched[j - 1] as SkillScore).contribution < m.contribution; j--) {
          matched[j] = matched[j - 1] as SkillScore;
          matched[j - 1] = m;
        }
      } else if (hasHits[k] === 1) {
        (avoidedHere ??= []).push({ skill: s.name, contribution: round(-AVOID_PENALTY * skillStrength(issueHits, k, undefined)), index: k, repo: undefined });
      }
    }
    // Diminishing returns across skills: an issue that is squarely one wanted skill beats one with faint
    // traces of several. The reported contribution is the discounted one, so they add up to the part.
    matched.forEach((m, k) => (m.contribution = round(m.contribution * Math.pow(SECOND_SKILL_FACTOR, k))));
    return { candidate, nowMs, matched, avoided: avoidedHere ?? NO_SKILLS, offSubject: matched.length > 0 ? offSubjectOf(candidate.issue) : 0 };
  });

  const partList = options.parts ?? SCORING_PARTS;
  const partValue = partValues(partList, nowMs, memo);
  const partsOf = (f: (typeof facts)[number]): Record<string, number> => {
    const out: Record<string, number> = {};
    for (let k = 0; k < partList.length; k++) out[(partList[k] as ScoringPart).key] = partValue(f, k);
    return out;
  };
  // The score is the sum of the reported parts. With distinct keys it is summed without building each
  // issue's record (10,000 small objects); the records are built for the results returned.
  const distinctKeys = new Set(partList.map((p) => p.key)).size === partList.length;
  const scores = facts.map((f) => {
    if (!distinctKeys) return round(Object.values(partsOf(f)).reduce((a, b) => a + b, 0));
    let sum = 0;
    for (let k = 0; k < partList.length; k++) sum += partValue(f, k);
    return round(sum);
  });

  // Order: score, then most recently updated, then repo name and issue number (repos ranked once, so the
  // comparison is on numbers).
  const updated = items.map((c) => parseIsoMs(c.issue.updatedAt) || 0);
  const repoNames = [...new Set(items.map((c) => c.issue.repo))].sort();
  const repoRank = new Map(repoNames.map((r, k) => [r, k]));
  const repoOf = items.map((c) => repoRank.get(c.issue.repo) as number);
  const compare = (a: number, b: number): number =>
    (scores[b] as number) - (scores[a] as number) ||
    (updated[b] as number) - (updated[a] as number) ||
    (repoOf[a] as number) - (repoOf[b] as number) ||
    (items[a] as RankCandidate).issue.number - (items[b] as RankCandidate).issue.number;

  const limit = options.limit;
  const k = limit === undefined || limit >= items.length ? items.length : limit > 0 ? Math.floor(limit) : 0;
  // search shows a few (--limit, 20 by default): those are picked out rather than all sorted. A NaN score
  // would make the comparison inconsistent, and then only the full sort says what the order is.
  const order = k <= TOP_K_SELECT && !scores.some(Number.isNaN) ? firstK(items.length, k, compare) : items.map((_, i) => i).sort(compare).slice(0, k);
  return order.map((i) => {
    const f = facts[i] as (typeof facts)[number];
    const toMatch = (m: SkillScore): SkillMatch => ({
      skill: m.skill,
      evidence: evidenceOf(
        (hits[i] as Hit[]).filter((h) => h.skill === m.index),
        m.repo,
      ),
      contribution: m.contribution,
    });
    return {
      ...f.candidate,
      score: scores[i] as number,
      matchedSkills: f.matched.map(toMatch),
      avoidedSkills: f.avoided.map(toMatch),
      scoreParts: partsOf(f),
    };
  });
}
