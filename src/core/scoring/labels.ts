// How strongly an issue's labels invite a newcomer. Repos spell these many ways ("good-first-issue",
// "Good First Issue", "E-easy"), so labels are normalized before comparing.

/** Strength of the strongest beginner label, by tier. */
const TIERS: readonly { strength: number; phrases: readonly string[]; words: readonly string[] }[] = [
  {
    strength: 1,
    phrases: ['good first issue', 'good first contribution', 'good first bug', 'first timers only', 'beginner friendly', 'good for newcomers', 'starter task'],
    words: ['beginner', 'easy', 'starter', 'e easy', 'difficulty easy', 'first issue', 'newcomer'],
  },
  { strength: 0.6, phrases: ['good second issue', 'good intermediate issue'], words: ['medium', 'difficulty medium'] },
  {
    strength: 0.5,
    phrases: ['help wanted', 'contributions welcome', 'contribution welcome', 'contribution wanted', 'up for grabs', 'pr welcome', 'prs welcome', 'pull request welcome', 'community contribution'],
    words: ['actionable', 'contributions', 'help'],
  },
];

/** Labels that say "not now": the issue is stuck, rejected or about to be closed. */
const DISCOURAGING = new Set(['blocked', 'wontfix', 'won t fix', 'duplicate', 'invalid', 'stale', 'needs discussion', 'needs design', 'on hold', 'waiting for response', 'needs decision']);

// Small beside skill evidence: every candidate of a search carries some beginner label, so the tier
// ("good first issue" over "help wanted") mostly says how a repository names its labels, not which issue
// fits; at 0.6 it reordered well-matched issues across repositories.
export const LABEL_WEIGHT = 0.25;
export const DISCOURAGING_PENALTY = 0.6;

export function normalizeLabel(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export interface LabelScore {
  /** Contribution to the score: LABEL_WEIGHT x strongest tier, minus a penalty for a discouraging label. */
  value: number;
  /** The label that decided it, for the explanation. */
  label: string | null;
}

/** Memoized per call by the ranker, since the same few labels repeat across thousands of issues. */
export function labelStrength(normalized: string): number {
  for (const tier of TIERS) {
    if (tier.words.includes(normalized)) return tier.strength;
    for (const p of tier.phrases) if (normalized.includes(p)) return tier.strength;
  }
  if (DISCOURAGING.has(normalized)) return -1;
  return 0;
}

/** scoreLabels(...).value without the explanation: the ranker's per-issue path. */
export function labelScoreValue(labels: readonly string[], strengthOf: (label: string) => number): number {
  let best = 0;
  let discouraged = false;
  for (const l of labels) {
    const s = strengthOf(l);
    if (s < 0) discouraged = true;
    else if (s > best) best = s;
  }
  return LABEL_WEIGHT * best - (discouraged ? DISCOURAGING_PENALTY : 0);
}

export function scoreLabels(labels: readonly string[], strengthOf: (label: string) => number = (l) => labelStrength(normalizeLabel(l))): LabelScore {
  let best = 0;
  let bestLabel: string | null = null;
  let discouraged = false;
  for (const l of labels) {
    const s = strengthOf(l);
    if (s < 0) discouraged = true;
    else if (s > best) {
      best = s;
      bestLabel = l;
    }
  }
  return { value: LABEL_WEIGHT * best - (discouraged ? DISCOURAGING_PENALTY : 0), label: bestLabel };
}
