// Finds skill evidence in an issue: where each term of the profile's skills occurs (title, labels, body,
// code blocks, file paths) and how much that occurrence says. It only finds; rank.ts decides what counts
// (template text is dropped, common terms are damped) and scoring/parts.ts adds it up.
//
// Text is lowercased once per field and walked token by token; a token is a run of letters, digits and
// _ + # (so "c++", "sm_89", "__global__" and "pythön" are one token each). Terms are looked up in Maps
// by their first token. The one trick for speed: a token is sliced out and looked up only when its first
// three characters start some term (a 40x40x40 table), which skips most of the words in a body. Body
// lines repeat across the issues of a ranking (templates, pasted logs), so each distinct line is scanned once.
import type { IssueRecord, RepoMeta, SkillMatch } from '../types.js';
import type { SkillDefinition } from './vocabulary.js';

export type EvidenceWhere = SkillMatch['evidence'][number]['where'];

export interface Evidence {
  where: EvidenceWhere;
  text: string;
}

/** How much one occurrence says, by where it was found. Labels and titles are deliberate; bodies ramble. */
export const LOCATION_WEIGHT: Readonly<Record<EvidenceWhere, number>> = {
  label: 0.9,
  title: 0.8,
  path: 0.6,
  code: 0.2,
  body: 0.35,
  repo: 0,
};

/**
 * How much a term says about its skill. The words the user typed count most; the skill's own terms a
 * little less; its neighbours (related work that often, not always, means the skill) least.
 */
export const TIER_WEIGHT = { literal: 1, term: 0.8, related: 0.45 } as const;
export type Tier = keyof typeof TIER_WEIGHT;

/** Long bodies are mostly pasted logs; the part that says what to do comes first. */
export const BODY_SCAN_LIMIT = 6000;
/** Separators allowed between the words of a phrase ("kernel launch", "kernel-launch", "kernel / launch"). */
const MAX_PHRASE_GAP = 3;

/** A skill to match: its definition, and the words the user typed that resolved to it. */
export interface MatchSkill {
  definition: SkillDefinition;
  /** Lowercase names as typed ("react", "nccl"); a term equal to one of them is a literal match. */
  typed: readonly string[];
}

/** One occurrence of a term in an issue. */
export interface Hit {
  /** Index into the skills the matcher was compiled for. */
  skill: number;
  /** The term as listed (lowercase, tokens joined by one space): the unit of document frequency. */
  term: string;
  /** The term's number (SkillMatcher.termCount of them): per-term counts are arrays, not Maps of strings. */
  termId: number;
  tier: Tier;
  where: EvidenceWhere;
  /** The text to quote is source.slice(start, end). */
  source: string;
  start: number;
  end: number;
  /**
   * Body and code hits: the number of the line they are on, normalised, so repeated template lines can
   * be found (SkillMatcher.lines holds its text); undefined for titles and labels.
   */
  line: number | undefined;
}

interface TermEntry {
  skill: number;
  term: string;
  termId: number;
  tier: Tier;
  /** The term's first token, and the ones after it (none for a single word). */
  first: string;
  rest: readonly string[];
  labelOnly: boolean;
  /** Listed in the skill's `steps`: a neighbour outside titles and labels (see SkillDefinition.steps). */
  step?: boolean;
}


const TOKEN = new Uint8Array(65536); // 0 not yet known, 1 token character, 2 not
for (const ch of 'abcdefghijklmnopqrstuvwxyz0123456789_+#') TOKEN[ch.charCodeAt(0)] = 1;
for (let c = 0; c < 128; c++) if (TOKEN[c] === 0) TOKEN[c] = 2;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

function isTokenChar(code: number): boolean {
  let t = TOKEN[code] as number;
  if (t === 0 && code >= 128) {
    // Outside ASCII: letters and digits of any script (surrogates, emoji and punctuation are not).
    t = code >= 0xd800 && code <= 0xdfff ? 2 : LETTER_OR_DIGIT.test(String.fromCharCode(code)) ? 1 : 2;
    TOKEN[code] = t;
  }
  return t === 1;
}

const PATH_PUNCT = new Set(['.', '/', '-', '*'].map((c) => c.charCodeAt(0)));
const isPathChar = (code: number): boolean => isTokenChar(code) || PATH_PUNCT.has(code);

/** Splits text the way the matcher does: "Flash-Attention 2" -> ["flash", "attention", "2"]. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}_+#]+/gu) ?? [];
}

const NONE: readonly never[] = [];
const NO_HITS: Hit[] = [];

/** Key of a token's first three characters (0 past its end) in the start table; ASCII only. */
// Token characters as 1..39 (0: anything else, or past the token's end), so that the table of three-character
// starts is 40^3 bytes and stays in cache: it is read once per token of every text.
const START_CODE = new Uint8Array(128);
'abcdefghijklmnopqrstuvwxyz0123456789_+#'.split('').forEach((ch, k) => (START_CODE[ch.charCodeAt(0)] = k + 1));
/** Every character a token may hold at a position, and 0 (past its end): a short prefix may be followed by any. */
const ANY_TOKEN_CODE: readonly number[] = [0, ...'abcdefghijklmnopqrstuvwxyz0123456789_+#'.split('').map((ch) => ch.charCodeAt(0))];
const startKey = (a: number, b: number, c: number): number => ((START_CODE[a] as number) * 40 + (START_CODE[b] as number)) * 40 + (START_CODE[c] as number);

/** A compiled set of skills; scan() is called once per issue. */
export interface SkillMatcher {
  readonly skills: readonly MatchSkill[];
  /** Every occurrence of every term in the issue's title, labels and body (the first BODY_SCAN_LIMIT characters). */
  scan(issue: IssueRecord): Hit[];
  /** The hits of the title and labels only: what the issue says it is about. */
  scanHeadline(issue: Pick<IssueRecord, 'title' | 'labels'>): Hit[];
  /**
   * The normalised lines that hits were found on (see normaliseLine), by Hit.line: numbered from 0 as
   * first seen, so that counting them per repository takes arrays, not a Map per repository.
   */
  readonly lines: readonly string[];
  /** How many distinct terms (Hit.termId is below this). */
  readonly termCount: number;
  /** Whether `term` (tokens joined by one space, as in Hit.term) is one of the compiled terms. */
  hasTerm(term: string): boolean;
  /** Repository evidence per skill (its languages and topics): 0..1 strength and the text to quote. */
  repoPrior(repo: RepoMeta | undefined): readonly (RepoEvidence | undefined)[];
}

export interface RepoEvidence {
  strength: number;
  text: string;
}

export function compileMatcher(skills: readonly MatchSkill[]): SkillMatcher {
  return new Matcher(skills);
}

class Matcher implements SkillMatcher {
  /** Terms by their first token. */
  private readonly byFirst = new Map<string, TermEntry[]>();
  /** Prefix terms ("sm_*") by their first character's code (an array: read for most tokens that pass the start table). */
  private readonly prefixes = new Array<{ prefix: string; entry: TermEntry }[] | undefined>(65536);
  /** Suffix terms ("*_kernel": an identifier named for what it is) by their last character's code. */
  private readonly suffixes = new Map<number, { suffix: string; entry: TermEntry }[]>();
  /** 1 for the (ASCII) last two characters of suffix terms: the one check every token gets for them. */
  private readonly suffixEnd = new Uint8Array(128 * 128);
  /** File extension without its dot -> the skills it is evidence of. */
  private readonly extensions = new Map<string, TermEntry[]>();
  /** "linux kernel": second word -> first words that cancel a hit on it. */
  private readonly excluded = new Map<string, string[]>();
  private readonly languages = new Map<string, number[]>();
  /**
   * By a token's first three characters: the length of the shortest term word that starts so (0 when
   * none does). The one check most tokens get; tokens with a character outside ASCII among their first
   * three are always looked up.
   */
  private readonly mayStart = new Uint8Array(40 * 40 * 40);
  /** By the repository's record itself, not its name: a matcher is reused across rankings (RankMemo). */
  private readonly repoCache = new WeakMap<RepoMeta, (RepoEvidence | undefined)[]>();
  private readonly labelCache = new Map<string, Hit[]>();
  /** Hits per body line and per code line, for lines seen before in this ranking (never mutated). */
  private readonly bodyLines = new Map<string, Hit[]>();
  private readonly codeLines = new Map<string, Hit[]>();
  readonly lines: string[] = [];
  /** Each normalised line's number in `lines`. */
  private readonly lineNumbers = new Map<string, number>();
  /** Each distinct term's number (Hit.termId), given as the terms are compiled. */
  private readonly termIds = new Map<string, number>();
  /** What each heading-like line seen in this ranking does to the skipped-section state. */
  private readonly sectionMarks = new Map<string, SectionMark>();

  constructor(readonly skills: readonly MatchSkill[]) {
    skills.forEach(({ definition: d, typed }, skill) => {
      const literal = new Set(typed.map((t) => tokenize(t).join(' ')));
      const tierOf = (term: string, base: Tier): Tier => (literal.has(tokenize(term).join(' ')) ? 'literal' : base);
      const steps = new Set((d.steps ?? []).map((t) => t.toLowerCase()));
      for (const t of d.terms) this.add(skill, t, tierOf(t, 'term'), false, steps.has(t.toLowerCase()));
      for (const t of d.related ?? []) this.add(skill, t, tierOf(t, 'related'), false);
      for (const t of d.labelTerms ?? []) this.add(skill, t, 'term', true);
      // A typed word is always evidence of its own skill. When it is listed (every free-text and custom
      // skill lists its own name) it is literal, above; a built-in alias the vocabulary leaves out of its
      // terms is left out for a reason ("node" is mostly graph and cluster nodes, "c" a letter), so it
      // counts as a neighbour.
      for (const t of typed) this.add(skill, t, 'related', false);
      for (const f of d.files ?? []) {
        const name = f.toLowerCase();
        if (!name.startsWith('.')) {
          this.add(skill, name, 'term', false);
          continue;
        }
        const ext = name.slice(1);
        this.extensions.set(ext, [...(this.extensions.get(ext) ?? []), { skill, term: name, termId: this.termIdOf(name), tier: 'term', first: ext, rest: [], labelOnly: false }]);
        this.markStart(ext, false);
      }
      for (const x of d.exclude ?? []) {
        const [a, b] = tokenize(x);
        if (a !== undefined && b !== undefined) this.excluded.set(b, [...(this.excluded.get(b) ?? []), a]);
      }
      for (const lang of d.languages ?? []) this.languages.set(lang.toLowerCase(), [...(this.languages.get(lang.toLowerCase()) ?? []), skill]);
    });
    // A term listed by several of the profile's skills counts only for those that list it strongest: "ci"
    // is a CI term and a Kubernetes neighbour, so a CI issue is not also a Kubernetes one.
    for (const [first, list] of this.byFirst) this.byFirst.set(first, strongestPerTerm(list));
    for (const [ext, list] of this.extensions) this.extensions.set(ext, strongestPerTerm(list));
  }

  private markStart(word: string, isPrefix: boolean): void {
    const c = [0, 1, 2].map((k) => (k < word.length ? word.charCodeAt(k) : 0));
    if (c.some((x) => x >= 128)) return; // looked up anyway
    // A prefix shorter than three characters may be followed by anything.
    const thirds = isPrefix && word.length < 3 ? ANY_TOKEN_CODE : [c[2] as number];
    const seconds = isPrefix && word.length < 2 ? ANY_TOKEN_CODE : [c[1] as number];
    const length = Math.min(255, isPrefix ? word.length + 1 : word.length);
    for (const b of seconds) {
      for (const t of thirds) {
        const key = startKey(c[0] as number, b, t);
        const known = this.mayStart[key] as number;
        if (known === 0 || length < known) this.mayStart[key] = length;
      }
    }
  }

  private add(skill: number, raw: string, tier: Tier, labelOnly: boolean, step = false): void {
    const term = raw.trim().toLowerCase();
    if (term.startsWith('*') && !term.includes(' ')) {
      const suffix = term.slice(1);
      if (suffix === '') return;
      const code = suffix.charCodeAt(suffix.length - 1);
      const prev = suffix.length > 1 ? suffix.charCodeAt(suffix.length - 2) : -1;
      if (code < 128) for (let p = 0; p < 128; p++) if (prev === -1 || p === prev) this.suffixEnd[p * 128 + code] = 1;
      this.suffixes.set(code, [...(this.suffixes.get(code) ?? []), { suffix, entry: { skill, term, termId: this.termIdOf(term), tier, first: suffix, rest: [], labelOnly } }]);
      return;
    }
    if (term.endsWith('*') && !term.includes(' ')) {
      const prefix = term.slice(0, -1);
      if (prefix === '') return;
      const code = prefix.charCodeAt(0);
      this.prefixes[code] = [...(this.prefixes[code] ?? []), { prefix, entry: { skill, term, termId: this.termIdOf(term), tier, first: prefix, rest: [], labelOnly, step } }];
      this.markStart(prefix, true);
      return;
    }
    const toks = tokenize(term);
    const first = toks[0];
    if (first === undefined) return;
    const key = toks.join(' ');
    const list = this.byFirst.get(first) ?? [];
    // Listed twice (a term that is also typed): the stronger tier wins.
    const same = list.find((e) => e.skill === skill && e.term === key && e.labelOnly === labelOnly);
    if (same !== undefined) {
      if (TIER_WEIGHT[tier] > TIER_WEIGHT[same.tier]) same.tier = tier;
      return;
    }
    list.push({ skill, term: key, termId: this.termIdOf(key), tier, first, rest: toks.slice(1), labelOnly, step });
    this.byFirst.set(first, list);
    this.markStart(first, false);
    // A plural "s" is tolerated on single words: "kernels" starts like "kernel" already, but "ops" not like "op".
    if (first.length <= 3) this.markStart(`${first}s`, false);
  }

  get termCount(): number {
    return this.termIds.size;
  }

  private termIdOf(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) this.termIds.set(term, (id = this.termIds.size));
    return id;
  }

  hasTerm(term: string): boolean {
    const first = term.split(' ')[0] as string;
    return (this.byFirst.get(first) ?? NONE).some((e) => e.term === term);
  }

  scan(issue: IssueRecord): Hit[] {
    const out = this.scanHeadline(issue);
    this.scanBody(out, issue.body);
    return out;
  }

  scanHeadline(issue: Pick<IssueRecord, 'title' | 'labels'>): Hit[] {
    const out: Hit[] = [];
    this.scanField(out, issue.title, 'title');
    for (const label of issue.labels) {
      // The same few labels are on thousands of issues: scanned once, their hits shared (never mutated).
      let hits = this.labelCache.get(label);
      if (hits === undefined) {
        hits = [];
        this.scanField(hits, labelValue(label), 'label');
        this.labelCache.set(label, hits);
      }
      for (const h of hits) out.push(h);
    }
    return out;
  }

  private scanField(out: Hit[], text: string, where: EvidenceWhere): void {
    const lower = text.toLowerCase();
    this.scanText(out, lower.length === text.length ? text : lower, lower, 0, lower.length, where);
  }

  private scanBody(out: Hit[], body: string): void {
    const text = body.length > BODY_SCAN_LIMIT ? body.slice(0, BODY_SCAN_LIMIT) : body;
    // Fenced code blocks alternate with prose; an unclosed fence runs to the end. The info string
    // ("```cpp") stays with the block, so the language name counts as code. Sections that templates
    // reserve for environment dumps and checklists (see sectionAfter) are not scanned at all.
    let pos = 0;
    let inCode = false;
    let skip: SectionSkip = null;
    while (pos < text.length) {
      const fence = text.indexOf('```', pos);
      const stop = fence < 0 ? text.length : fence;
      // Line by line: templates repeat lines across issues, and a line is scanned once per ranking. A code
      // block in a skipped section is not read at all: it has no headings, so it cannot end the section.
      const skipBlock = inCode && (skip === 'heading' || skip === 'details');
      for (let at = skipBlock ? stop : pos; at < stop; ) {
        const nl = text.indexOf('\n', at);
        const end = nl < 0 || nl > stop ? stop : nl;
        if (end > at) {
          let first = at;
          while (first < end && (text.charCodeAt(first) === 32 || text.charCodeAt(first) === 9)) first++;
          const c = text.charCodeAt(first);
          // Only a line starting with # < or * can be a heading; a line is cut out only to be looked at.
          // (A heading that starts the line is cut once: both caches then share the string and its hash.)
          let line: string | undefined;
          if (!inCode && (c === 35 || c === 60 || c === 42)) {
            line = text.slice(at, end);
            skip = sectionAfter(this.sectionMarkOf(first === at ? line : text.slice(first, end)), skip);
          }
          if (skip === null || (skip === 'choices' && !isUnchecked(text, first, end))) this.scanLine(out, line ?? text.slice(at, end), inCode ? 'code' : 'body');
        }
        at = end + 1;
      }
      if (fence < 0) break;
      pos = fence + 3;
      inCode = !inCode;
    }
  }

  private sectionMarkOf(line: string): SectionMark {
    let mark = this.sectionMarks.get(line);
    if (mark === undefined) {
      mark = sectionMark(line.toLowerCase());
      this.sectionMarks.set(line, mark);
    }
    return mark;
  }

  /** The hits of one body line, from the cache when an issue scanned before had the same line. */
  private scanLine(out: Hit[], line: string, where: 'body' | 'code'): void {
    const cache = where === 'code' ? this.codeLines : this.bodyLines;
    let hits = cache.get(line);
    if (hits === undefined) {
      const found: Hit[] = [];
      const lower = line.toLowerCase();
      this.scanText(found, lower.length === line.length ? line : lower, lower, 0, lower.length, where);
      if (found.length > 0) {
        // The line as templates repeat it, for finding boilerplate; only lines with evidence need it.
        const key = normaliseLine(lower);
        let n = this.lineNumbers.get(key);
        if (n === undefined) {
          n = this.lines.push(key) - 1;
          this.lineNumbers.set(key, n);
        }
        for (const h of found) h.line = n;
      }
      hits = found.length === 0 ? NO_HITS : found;
      cache.set(line, hits);
    }
    for (const h of hits) out.push(h);
  }

  /**
   * Scans lower[from, to); source is what is quoted (the original text when lowercasing kept its length).
   * In prose, tokens next to a slash and known file extensions are path evidence; in code blocks they are
   * code like the rest (the paths of a traceback or a build log say where it ran, not what to change).
   */
  private scanText(out: Hit[], source: string, lower: string, from: number, to: number, where: EvidenceWhere): void {
    const paths = where === 'body' || where === 'code';
    let prevStart = -1;
    let prevEnd = -1;
    let i = from;
    while (i < to) {
      const a = lower.charCodeAt(i);
      if (a < 128 ? TOKEN[a] !== 1 : !isTokenChar(a)) {
        i++;
        continue;
      }
      const start = i;
      i = tokenEnd(lower, i + 1, to);
      const end = i;
      const b = end > start + 1 ? lower.charCodeAt(start + 1) : 0;
      const c = end > start + 2 ? lower.charCodeAt(start + 2) : 0;
      // Suffix terms are looked up by the token's last character, whatever it starts with.
      const last = lower.charCodeAt(end - 1);
      const prev = end - start > 1 ? lower.charCodeAt(end - 2) : 0;
      if ((last | prev) < 128 ? this.suffixEnd[prev * 128 + last] === 1 : this.suffixes.has(last)) {
        for (const x of this.suffixes.get(last) ?? NONE) {
          if (end - start > x.suffix.length && lower.startsWith(x.suffix, end - x.suffix.length)) {
            const before = start > from ? lower.charCodeAt(start - 1) : 0;
            const atPath = where === 'body' && (before === 47 || (end < to && lower.charCodeAt(end) === 47));
            this.push(out, x.entry, atPath ? 'path' : where, source, start, end);
          }
        }
      }
      const shortest = (a | b | c) < 128 ? (this.mayStart[startKey(a, b, c)] as number) : 1;
      if (shortest === 0 || end - start < shortest) {
        prevStart = start;
        prevEnd = end;
        continue;
      }
      const before = start > from ? lower.charCodeAt(start - 1) : 0;
      const w: EvidenceWhere = where === 'body' && (before === 47 /* / */ || (end < to && lower.charCodeAt(end) === 47)) ? 'path' : where;
      const token = lower.slice(start, end);
      // A file extension: "csrc/attn.cu" is quoted whole.
      if (paths && before === 46 /* . */ && start - 2 >= from && isPathChar(lower.charCodeAt(start - 2))) {
        const owners = this.extensions.get(token);
        if (owners !== undefined) {
          let s = start - 1;
          while (s > from && isPathChar(lower.charCodeAt(s - 1))) s--;
          for (const e of owners) this.push(out, e, where === 'body' ? 'path' : where, source, s, end);
        }
      }
      // Terms starting with this token; a plural "s" is tolerated on single words ("kernels").
      const exact = this.byFirst.get(token);
      let single = false;
      if (exact !== undefined) {
        for (const e of exact) {
          if (e.rest.length === 0) {
            single = true;
            if (!this.isExcluded(e.term, lower, prevStart, prevEnd, start)) this.push(out, e, w, source, start, end);
            continue;
          }
          const phraseEnd = matchPhrase(lower, end, to, e.rest);
          if (phraseEnd >= 0) this.push(out, e, w, source, start, phraseEnd);
        }
      }
      if (!single && token.length > 3 && token.charCodeAt(token.length - 1) === 115 /* s */) {
        for (const e of this.byFirst.get(token.slice(0, -1)) ?? []) {
          if (e.rest.length === 0 && !this.isExcluded(e.term, lower, prevStart, prevEnd, start)) this.push(out, e, w, source, start, end);
        }
      }
      for (const p of this.prefixes[a] ?? NONE) if (token.length > p.prefix.length && token.startsWith(p.prefix)) this.push(out, p.entry, w, source, start, end);
      prevStart = start;
      prevEnd = end;
    }
  }

  private push(out: Hit[], e: TermEntry, where: EvidenceWhere, source: string, start: number, end: number): void {
    if (e.labelOnly && where !== 'label') return;
    const h = hit(e, where, source, start, end);
    if (e.step === true && where !== 'title' && where !== 'label') h.tier = 'related';
    out.push(h);
  }

  private isExcluded(term: string, lower: string, prevStart: number, prevEnd: number, start: number): boolean {
    const cancel = this.excluded.get(term);
    return cancel !== undefined && prevEnd >= 0 && start - prevEnd <= MAX_PHRASE_GAP && cancel.includes(lower.slice(prevStart, prevEnd));
  }

  repoPrior(repo: RepoMeta | undefined): readonly (RepoEvidence | undefined)[] {
    if (repo === undefined) return [];
    const cached = this.repoCache.get(repo);
    if (cached !== undefined) return cached;
    const out = new Array<RepoEvidence | undefined>(this.skills.length);
    const offer = (skill: number, strength: number, text: string): void => {
      if (strength > (out[skill]?.strength ?? 0)) out[skill] = { strength, text };
    };
    for (const lang of repo.languages.length > 0 ? repo.languages : repo.primaryLanguage !== null ? [repo.primaryLanguage] : []) {
      for (const skill of this.languages.get(lang.toLowerCase()) ?? []) offer(skill, lang === repo.primaryLanguage ? 1 : 0.5, `language ${lang}`);
    }
    for (const topic of repo.topics) {
      const hits: Hit[] = [];
      this.scanField(hits, topic.replace(/-/g, ' '), 'title');
      for (const h of hits) offer(h.skill, 0.6, `topic ${topic}`);
    }
    this.repoCache.set(repo, out);
    return out;
  }
}

function strongestPerTerm(list: readonly TermEntry[]): TermEntry[] {
  const best = new Map<string, number>();
  for (const e of list) {
    const key = `${e.term}\n${e.labelOnly}`;
    best.set(key, Math.max(best.get(key) ?? 0, TIER_WEIGHT[e.tier]));
  }
  return list.filter((e) => TIER_WEIGHT[e.tier] === best.get(`${e.term}\n${e.labelOnly}`));
}

function hit(e: TermEntry, where: EvidenceWhere, source: string, start: number, end: number): Hit {
  return { skill: e.skill, term: e.term, termId: e.termId, tier: e.tier, where, source, start, end, line: undefined };
}

/** End of the token that goes on at i. */
function tokenEnd(lower: string, i: number, to: number): number {
  for (; i < to; i++) {
    const c = lower.charCodeAt(i);
    if (c < 128 ? TOKEN[c] !== 1 : !isTokenChar(c)) break;
  }
  return i;
}

/**
 * Where the phrase ends when its words after the first (`rest`) follow the token that ends at `end`, each
 * at most MAX_PHRASE_GAP separators after the one before (the last may take a plural "s"); -1 if not.
 */
function matchPhrase(lower: string, end: number, to: number, rest: readonly string[]): number {
  let at = end;
  for (let k = 0; k < rest.length; k++) {
    let s = -1;
    for (let j = at + 1; j < to && j <= at + MAX_PHRASE_GAP; j++) {
      if (isTokenChar(lower.charCodeAt(j))) {
        s = j;
        break;
      }
    }
    if (s < 0 || isTokenChar(lower.charCodeAt(at))) return -1;
    const t = tokenEnd(lower, s, to);
    const word = rest[k] as string;
    const plural = k === rest.length - 1 && t - s === word.length + 1 && lower.charCodeAt(t - 1) === 115;
    if (!lower.startsWith(word, s) || (t - s !== word.length && !plural)) return -1;
    at = t;
  }
  return at;
}

/**
 * Trackers namespace their labels ("module: cuda", "area/frontend", "platform:web"): the namespace word
 * is on every label of its kind and says nothing, the value after it is the evidence.
 */
const LABEL_NAMESPACE = /^\s*(?:module|area|component|comp|type|kind|platform|topic|scope|sig|status|priority|category|pkg|package|subsystem|feature|triage|stage)\s*[:/]\s*/i;
export const labelValue = (label: string): string => label.replace(LABEL_NAMESPACE, '');

/**
 * Inside a skipped section: opened by a heading (ends at the next heading) or by a <summary> (ends at
 * </details>). 'choices': under a heading that asks a question ("What component(s) does this bug
 * affect?"), a checkbox list is a form, and only the boxes ticked are the author's answer.
 */
type SectionSkip = 'heading' | 'details' | 'choices' | null;

/** text[first, end) is an unticked checkbox item ("- [ ] ..."); `first` is its first non-blank character. */
function isUnchecked(text: string, first: number, end: number): boolean {
  const c = text.charCodeAt(first);
  if (c !== 45 /* - */ && c !== 42 /* * */ && c !== 43 /* + */) return false;
  let i = first + 1;
  while (i < end && text.charCodeAt(i) === 32) i++;
  return text.startsWith('[ ]', i);
}

/**
 * Bug templates ask for `collect_env` output, versions and system info, and end with checklists ("I
 * searched existing issues", "I read the docs"): the words there (CUDA versions, pip packages, docs) are
 * in every issue of the template whatever the work is. Headings are the ones real templates use.
 */
const SKIPPED_WORDS = String.raw`(?:environment|versions?|system info(?:rmation)?|collect_env|env info|before submitting|checklist|code of conduct|search before asking|prerequisites|who can help|are you willing|willingness to contribute)\b`;
/** A heading that is one of those: its first words (after marks, emoji, "your current"), not any heading that mentions a version. */
const SKIPPED_HEADING = new RegExp(String.raw`^[#*\s]*[^\p{L}\p{N}]*(?:(?:your|the|current|my)\s+)*` + SKIPPED_WORDS, 'u');
/** A <details> summary is free text ("The output of python collect_env.py"): the words anywhere. */
const SKIPPED_SUMMARY = new RegExp(String.raw`\b` + SKIPPED_WORDS);

/**
 * What a prose line (lowercase, from its first non-blank character) does to the skipped-section state:
 * sets it, keeps it, or ends a skipped <details>. It does not depend on the state, so the scanner can
 * keep it per line: templates repeat their headings in every issue, and the regular expressions are slow.
 */
type SectionMark = SectionSkip | 'keep' | 'end-details';

function sectionMark(line: string): SectionMark {
  const c = line.charCodeAt(0);
  if (c === 42 && !/^\*\*[^*]+\*\*:?\s*$/.test(line)) return 'keep'; // a bold line on its own ("**Environment**") is a heading too
  if (c === 35 || c === 42) return SKIPPED_HEADING.test(line) ? 'heading' : /\?\**\s*$/.test(line) ? 'choices' : null;
  if (line.startsWith('<summary') || line.startsWith('<details')) return SKIPPED_SUMMARY.test(line) ? 'details' : 'keep';
  if (line.startsWith('</details')) return 'end-details';
  return 'keep';
}

/** The skipped-section state after a line that marks it so. */
function sectionAfter(mark: SectionMark, skip: SectionSkip): SectionSkip {
  if (mark === 'keep') return skip;
  if (mark === 'end-details') return skip === 'details' ? null : skip;
  return mark;
}

/**
 * A line as templates repeat it: lowercase, without list and checkbox marks ("- [x] ", "1. ") or
 * surrounding space, so "- [ ] I added tests" and "- [x] I added tests" are the same line.
 */
export function normaliseLine(line: string): string {
  const t = line.trim();
  // Most lines start with a letter: nothing to take off (the regular expression is the slow path).
  const c = t.charCodeAt(0);
  if ((c >= 97 && c <= 122) || c === 96 /* ` */) return t;
  return t.replace(/^(?:[-*+>#]+|\d+[.)])?\s*(?:\[[ xX]\]\s*)?/, '').trim();
}
