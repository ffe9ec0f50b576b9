// From the hits of one issue to how strongly it shows each skill. Kept apart from the matcher (which only
// finds) and the parts (which only add up), so the weighting reads in one place.
import { LOCATION_WEIGHT, TIER_WEIGHT, type Evidence, type EvidenceWhere, type Hit, type Tier } from '../skills/matcher.js';

/** Strongest first: the order evidence is listed in explanations. */
const WHERE_ORDER: readonly EvidenceWhere[] = ['label', 'title', 'path', 'code', 'body'];

// Per hit, a place and a tier are turned into numbers by comparisons, not by reading a Record with a
// key that changes from hit to hit: that read goes the slow, allocating way and was most of the time of
// skillStrength, which runs for every skill of every candidate.
/** The place's index in WHERE_ORDER (repo: past its end). */
function placeIndex(where: EvidenceWhere): number {
  return where === 'label' ? 0 : where === 'title' ? 1 : where === 'path' ? 2 : where === 'code' ? 3 : where === 'body' ? 4 : 5;
}
const tierWeight = (tier: Tier): number => (tier === 'literal' ? TIER_WEIGHT.literal : tier === 'term' ? TIER_WEIGHT.term : TIER_WEIGHT.related);
/** The second and third distinct terms in one place add this share of their own value. */
export const EXTRA_TERM_SHARE = 0.25;
/** A place never makes a skill certain on its own. */
const MAX_PLACE_VALUE = 0.95;
const MAX_EVIDENCE_KEPT = 6;

// IDF-like damping: a term found in at most DF_FREE of the candidates keeps its full weight; one found in
// every candidate keeps DAMP_FLOOR of it. In between, log-scaled like IDF.
export const DF_FREE = 0.15;
export const DAMP_FLOOR = 0.2;
/** Below this many candidates document frequency is noise, so damping is phased in. */
export const DF_MIN_CANDIDATES = 20;

export function dampingFor(df: number, candidates: number): number {
  if (candidates === 0 || df <= DF_FREE) return 1;
  const full = Math.max(DAMP_FLOOR, Math.min(1, Math.log(1 / df) / Math.log(1 / DF_FREE)));
  return 1 - (1 - full) * Math.min(1, candidates / DF_MIN_CANDIDATES);
}

/**
 * Per term (by Hit.termId, below `terms`), the damping factor from the share of issues that have it (each
 * issue counted once); 1 for a term no issue has. Only hits of skills numbered below `skills` count (the
 * wanted ones; unset: all).
 */
export function termDamping(hitsPerIssue: readonly (readonly Hit[])[], terms: number, skills = Infinity): Float64Array {
  const df = new Int32Array(terms);
  const lastIssue = new Int32Array(terms).fill(-1);
  hitsPerIssue.forEach((hits, i) => {
    for (const h of hits) {
      if (h.skill >= skills || lastIssue[h.termId] === i) continue;
      lastIssue[h.termId] = i;
      df[h.termId] = (df[h.termId] as number) + 1;
    }
  });
  const n = hitsPerIssue.length;
  const out = new Float64Array(terms).fill(1);
  df.forEach((d, term) => {
    if (d > 0) out[term] = dampingFor(d / n, n);
  });
  return out;
}

const TOP_V = new Float64Array(3);
const TOP_T: string[] = ['', '', ''];

/**
 * 0..1: how surely an issue's hits of `skill` (the others in `hits` are passed over) show it. Per place,
 * the best term's value plus a share of the next two distinct terms', times the place's weight; places
 * combine as independent signals, 1 - prod(1 - v), so each further place adds less and the total stays
 * below 1. A term's value is its tier's weight times its damping.
 */
export function skillStrength(hits: readonly Hit[], skill: number, damping: Float64Array | undefined): number {
  let miss = 1;
  // A skill's hits are mostly in one or two places: only those are walked. (An issue has a few dozen hits
  // at most, so walking them per skill is cheaper than building a list per skill.)
  let places = 0;
  for (let k = 0; k < hits.length; k++) {
    const h = hits[k] as Hit;
    if (h.skill === skill) places |= 1 << placeIndex(h.where);
  }
  for (let place = 0; place < WHERE_ORDER.length; place++) {
    if ((places & (1 << place)) === 0) continue;
    const where = WHERE_ORDER[place] as EvidenceWhere;
    // The three best values of distinct terms here, best first (reused buffers: no allocation per hit).
    TOP_V.fill(0);
    TOP_T.fill('');
    for (let k = 0; k < hits.length; k++) {
      const h = hits[k] as Hit;
      if (h.where !== where || h.skill !== skill) continue;
      const v = tierWeight(h.tier) * (damping === undefined ? 1 : (damping[h.termId] as number));
      // The term's own best so far is raised, or it takes the third place if it beats it; then it moves up.
      let j = TOP_T.indexOf(h.term);
      if (j >= 0) TOP_V[j] = Math.max(TOP_V[j] as number, v);
      else if (v > (TOP_V[2] as number)) {
        j = 2;
        TOP_V[2] = v;
        TOP_T[2] = h.term;
      } else continue;
      for (; j > 0 && (TOP_V[j] as number) > (TOP_V[j - 1] as number); j--) {
        const tv = TOP_V[j - 1] as number;
        const tt = TOP_T[j - 1] as string;
        TOP_V[j - 1] = TOP_V[j] as number;
        TOP_T[j - 1] = TOP_T[j] as string;
        TOP_V[j] = tv;
        TOP_T[j] = tt;
      }
    }
    const v1 = TOP_V[0] as number;
    if (v1 === 0) continue;
    miss *= 1 - Math.min(MAX_PLACE_VALUE, LOCATION_WEIGHT[where] * (v1 + EXTRA_TERM_SHARE * ((TOP_V[1] as number) + (TOP_V[2] as number))));
  }
  return 1 - miss;
}

/** The evidence an explanation shows: strongest place first, each text once per place. */
export function evidenceOf(hits: readonly Hit[], repo: { text: string } | undefined): Evidence[] {
  const out: Evidence[] = [];
  const seen = new Set<string>();
  for (const where of WHERE_ORDER) {
    for (const h of hits) {
      if (h.where !== where || out.length >= MAX_EVIDENCE_KEPT) continue;
      const text = h.source.slice(h.start, h.end);
      const key = `${where}\n${text.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ where, text });
    }
  }
  if (repo !== undefined) out.push({ where: 'repo', text: repo.text });
  return out;
}
