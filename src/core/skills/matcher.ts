// Finds skill evidence in issues. Compiled once per ranking call from the skills that matter (the profile's
// and the avoided ones), then run over every issue: each text field is walked once as UTF-8 bytes, and only
// the tokens that start like a known term (a table lookup on their first characters) are looked at further,
// with hashed lookups, so the cost grows with the text length and not with the number of terms.
//
// The scan is the hot loop of ranking (10,000 issues of a few KB each), so it allocates next to nothing per
// token: tokens are (start, end) ranges hashed while they are walked, terms are verified in place with
// startsWith, and evidence is recorded as ranges in a reusable scratch area. Strings and objects are built
// only for the few pieces of evidence an explanation shows.
import type { IssueRecord, RepoMeta, SkillMatch } from '../types.js';
import type { SkillDefinition } from './vocabulary.js';

export type EvidenceWhere = SkillMatch['evidence'][number]['where'];

export interface Evidence {
  where: EvidenceWhere;
  text: string;
}

export interface SkillEvidence {
  /** 0..1: how sure we are the issue involves this skill, from where and how often it showed up. */
  strength: number;
  /** Issue-level evidence only (not the repo's languages or topics). Drives the IDF-like damping. */
  inIssue: boolean;
  evidence: Evidence[];
}

/** How much one piece of evidence says, by where it was found. Labels and titles are deliberate; bodies ramble. */
export const LOCATION_WEIGHT: Readonly<Record<EvidenceWhere, number>> = {
  label: 0.9,
  title: 0.8,
  path: 0.6,
  code: 0.45,
  body: 0.35,
  repo: 0.25,
};

// Where evidence was found, as small integers for the scratch area. The first five are also the order
// evidence is listed in explanations (strongest first).
const W_LABEL = 0;
const W_TITLE = 1;
const W_PATH = 2;
const W_CODE = 3;
const W_BODY = 4;
const W_REPO = 5;
type WhereCode = 0 | 1 | 2 | 3 | 4 | 5;
const WHERE_NAMES: readonly EvidenceWhere[] = ['label', 'title', 'path', 'code', 'body', 'repo'];
/** Strongest first: the order evidence is listed in explanations. */
const WHERE_ORDER_COUNT = 5;
const WHERE_WEIGHT: readonly number[] = WHERE_NAMES.map((w) => LOCATION_WEIGHT[w]);

const PRIMARY_LANGUAGE_WEIGHT = 0.3;
const OTHER_LANGUAGE_WEIGHT = 0.15;
const TOPIC_WEIGHT = 0.2;
/** Each further distinct term in the same place adds a little, up to two. */
const EXTRA_TERM_BONUS = 0.1;
const MAX_EVIDENCE_KEPT = 6;
/** Long bodies are mostly pasted logs; the part that says what to do comes first. */
export const BODY_SCAN_LIMIT = 6000;
/** Past this many distinct pieces of evidence for one skill, more add nothing to its strength or to the explanation. */
const MAX_EVIDENCE_SCANNED = 16;

interface Hit {
  skill: number;
  labelOnly: boolean;
}

/** A term in a hash bucket: the text to verify against (hash collisions) and what it signals. */
interface Entry {
  text: string;
  /** The term's tokens; a phrase is verified token by token against the scanned text. */
  parts: string[];
  hits: Hit[];
}

type Table = Map<number, Entry[]>;

// Tokens are hashed while they are scanned, so a lookup needs no substring; a string is built only for
// the rare token that hits. FNV-1a, kept in small-integer range so V8 keys the Map by Smi.
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;
const SMI_MASK = 0x3fffffff;

function hashOf(token: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < token.length; i++) h = Math.imul(h ^ token.charCodeAt(i), FNV_PRIME);
  return h & SMI_MASK;
}

function combine(a: number, b: number): number {
  return (Math.imul(a ^ 0x5bd1e995, FNV_PRIME) ^ b) & SMI_MASK;
}

function addEntry(table: Table, key: number, parts: string[], hit: Hit): void {
  const text = parts.join(' ');
  let bucket = table.get(key);
  if (bucket === undefined) {
    bucket = [];
    table.set(key, bucket);
  }
  let entry = bucket.find((e) => e.text === text);
  if (entry === undefined) {
    entry = { text, parts, hits: [] };
    bucket.push(entry);
  }
  if (!entry.hits.some((h) => h.skill === hit.skill && h.labelOnly === hit.labelOnly)) entry.hits.push(hit);
}

// Matching is on lowercased text: a token is a run of a-z 0-9 _ + # and paths also take . / - *. The
// scanner reads the original text and lowercases ASCII as it goes (see scanText for when that is exact):
// TOKEN_FOLD maps a token character, in either case, to its lowercase code, and anything else to 0.
const TOKEN_FOLD = new Uint8Array(128);
for (const ch of 'abcdefghijklmnopqrstuvwxyz0123456789_+#') TOKEN_FOLD[ch.charCodeAt(0)] = ch.charCodeAt(0);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') TOKEN_FOLD[ch.charCodeAt(0)] = ch.toLowerCase().charCodeAt(0);
const PATH_ONLY = new Uint8Array(128);
for (const ch of './-*') PATH_ONLY[ch.charCodeAt(0)] = 1;

function isPathCode(c: number): boolean {
  return c < 128 && (TOKEN_FOLD[c] !== 0 || PATH_ONLY[c] !== 0);
}

/** ASCII lowercase of a character code; other codes as they are. */
function foldAscii(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** text.toLowerCase().startsWith(term, at) for a lowercase ASCII term, without lowercasing text. */
function startsWithFolded(text: string, term: string, at: number): boolean {
  if (at + term.length > text.length) return false;
  for (let k = 0; k < term.length; k++) if (foldAscii(text.charCodeAt(at + k)) !== term.charCodeAt(k)) return false;
  return true;
}

// Extensions that make "name.ext" a file name rather than an attribute access like "tl.dot" or "torch.cuda".
const FILE_EXTENSIONS: readonly string[] = [
  'py', 'pyi', 'pyx', 'ipynb', 'cu', 'cuh', 'cc', 'cpp', 'cxx', 'c', 'h', 'hpp', 'hip', 'metal', 'rs', 'go', 'java', 'kt', 'scala', 'js', 'mjs', 'cjs',
  'jsx', 'ts', 'tsx', 'mts', 'svelte', 'vue', 'css', 'scss', 'html', 'md', 'mdx', 'rst', 'txt', 'yaml', 'yml', 'toml', 'json', 'cfg', 'ini', 'sh', 'ps1',
  'bat', 'mlir', 'td', 'll', 'comp', 'glsl', 'wgsl', 'dockerfile', 'onnx', 'proto', 'bzl', 'cmake', 'lock',
];
/** FILE_EXTENSIONS by token hash, so checking a token needs no substring. */
const FILE_EXTENSION_TABLE = new Map<number, string[]>();
for (const ext of FILE_EXTENSIONS) {
  const key = hashOf(ext);
  FILE_EXTENSION_TABLE.set(key, [...(FILE_EXTENSION_TABLE.get(key) ?? []), ext]);
}

/** Splits a term the same way the scanner splits text, so "flash-attention" becomes ["flash", "attention"]. */
export function tokenize(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9_+#]+/g) ?? [];
}

interface Compiled {
  single: Table;
  /** Keyed by combine(hash1, hash2) or combine(combine(hash1, hash2), hash3); text is "a b" / "a b c". */
  phrases: Table;
  phraseStarts: Set<number>;
  phraseStarts3: Set<number>;
  /** File extensions, keyed by the extension without its dot. */
  extensions: Table;
  fileNames: Table;
  prefixes: { prefix: string; first: number; hits: Hit[] }[];
  /** First characters of the prefixes, so most tokens skip the prefix list with one read. */
  prefixFirst: Uint8Array;
  /** Second token hash -> [first, second] token pairs that cancel a single-token hit. */
  excluded: Map<number, [string, string][]>;
  /**
   * Prefilter indexed by the low 16 bits of a token hash: which tables may hold it. Almost every token in
   * an issue is in none of them, and one typed-array read is much cheaper than four Map lookups.
   */
  filter: Uint8Array;
  /** The first three characters of tokens that may be evidence, and of file extensions (see collect). */
  /** Bit sets by start (see collect). */
  starts: Uint32Array;
  extensionStarts: Uint32Array;
  /**
   * For a start in `starts`, which fourth characters may follow, as bits by code (0 past the end of the
   * token): 0..31 in fourthLow, 32..39 in fourthHigh.
   */
  fourthLow: Uint32Array;
  fourthHigh: Uint32Array;
}

const IN_SINGLE = 1;
const IN_FILE_NAMES = 2;
const IN_EXTENSIONS = 4;
const IN_PHRASE_STARTS = 8;
const IN_FILE_EXTENSIONS = 16;
/** The last word of a phrase (see scanToken). */
const IN_PHRASE_ENDS = 32;
const FILTER_MASK = 0xffff;

/**
 * Evidence recorded while scanning one issue, per skill, as ranges into the scanned strings; reused from
 * issue to issue. Slot k of skill s lives at index s * MAX_EVIDENCE_SCANNED + k.
 */
class Scratch {
  readonly count: Int32Array;
  readonly where: Uint8Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** The string the range is in, compared case-insensitively for de-duplication. */
  readonly lower: string[];
  /** The string the explanation's text is cut from: the original when lowercasing kept its length. */
  readonly source: string[];

  constructor(skills: number) {
    const size = skills * MAX_EVIDENCE_SCANNED;
    this.count = new Int32Array(skills);
    this.where = new Uint8Array(size);
    this.start = new Int32Array(size);
    this.end = new Int32Array(size);
    this.lower = new Array<string>(size).fill('');
    this.source = new Array<string>(size).fill('');
  }

  reset(): void {
    this.count.fill(0);
  }
}

/** Whether x[xa, xa + len) and y[ya, ya + len) are the same text once lowercased. */
function sameRange(x: string, xa: number, y: string, ya: number, len: number): boolean {
  for (let k = 0; k < len; k++) {
    const a = x.charCodeAt(xa + k);
    const b = y.charCodeAt(ya + k);
    if (a === b) continue;
    if (a < 128 && b < 128) {
      if (foldAscii(a) === foldAscii(b)) continue;
      return false;
    }
    // Non-ASCII inside a phrase's gap: rare, so compare the exact way.
    return x.slice(xa, xa + len).toLowerCase() === y.slice(ya, ya + len).toLowerCase();
  }
  return true;
}

function recordHits(acc: Scratch, hits: readonly Hit[], where: WhereCode, original: string, lower: string, a: number, b: number): void {
  const len = b - a;
  for (let k = 0; k < hits.length; k++) {
    const h = hits[k] as Hit;
    if (h.labelOnly && where !== W_LABEL) continue;
    const n = acc.count[h.skill] as number;
    if (n >= MAX_EVIDENCE_SCANNED) continue;
    const base = h.skill * MAX_EVIDENCE_SCANNED;
    let dup = false;
    for (let j = base; j < base + n; j++) {
      const js = acc.start[j] as number;
      if (acc.where[j] === where && (acc.end[j] as number) - js === len && sameRange(acc.lower[j] as string, js, lower, a, len)) {
        dup = true;
        break;
      }
    }
    if (dup) continue;
    const slot = base + n;
    acc.where[slot] = where;
    acc.start[slot] = a;
    acc.end[slot] = b;
    acc.lower[slot] = lower;
    acc.source[slot] = original.length === lower.length ? original : lower;
    acc.count[h.skill] = n + 1;
  }
}

function find(bucket: Entry[] | undefined, lower: string, start: number, length: number): Entry | undefined {
  if (bucket === undefined) return undefined;
  for (const e of bucket) if (e.text.length === length && startsWithFolded(lower, e.text, start)) return e;
  return undefined;
}

/** Whether tokens [s1, e1) and [s2, e2) of `lower` spell the phrase's first two parts. */
function isPair(first: string, second: string, lower: string, s1: number, e1: number, s2: number, e2: number): boolean {
  return first.length === e1 - s1 && second.length === e2 - s2 && startsWithFolded(lower, first, s1) && startsWithFolded(lower, second, s2);
}

function findPhrase2(bucket: Entry[], lower: string, s1: number, e1: number, s2: number, e2: number): Entry | undefined {
  for (const e of bucket) {
    if (e.parts.length === 2 && isPair(e.parts[0] as string, e.parts[1] as string, lower, s1, e1, s2, e2)) return e;
  }
  return undefined;
}

function findPhrase3(bucket: Entry[], lower: string, s1: number, e1: number, s2: number, e2: number, s3: number, e3: number): Entry | undefined {
  for (const e of bucket) {
    if (e.parts.length !== 3) continue;
    const third = e.parts[2] as string;
    if (third.length === e3 - s3 && startsWithFolded(lower, third, s3) && isPair(e.parts[0] as string, e.parts[1] as string, lower, s1, e1, s2, e2)) return e;
  }
  return undefined;
}

function isExcluded(c: Compiled, secondHash: number, lower: string, prevStart: number, prevEnd: number, tokStart: number, tokEnd: number): boolean {
  const pairs = c.excluded.get(secondHash);
  if (pairs === undefined || prevStart < 0) return false;
  for (const [first, second] of pairs) if (isPair(first, second, lower, prevStart, prevEnd, tokStart, tokEnd)) return true;
  return false;
}

function isFileExtension(flags: number, hash: number, lower: string, start: number, len: number): boolean {
  if ((flags & IN_FILE_EXTENSIONS) === 0) return false;
  const list = FILE_EXTENSION_TABLE.get(hash);
  if (list === undefined) return false;
  for (const ext of list) if (ext.length === len && startsWithFolded(lower, ext, start)) return true;
  return false;
}

/** Whether lower[i] is a token character (ASCII, either case). */
function isTokenAt(lower: string, i: number): boolean {
  const ch = lower.charCodeAt(i);
  return ch < 128 && TOKEN_FOLD[ch] !== 0;
}

/** The hash of the token lower[start, end), the same as the scanner's while walking it. */
function tokenHash(lower: string, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let k = start; k < end; k++) h = Math.imul(h ^ (TOKEN_FOLD[lower.charCodeAt(k)] as number), FNV_PRIME);
  return h & SMI_MASK;
}

/**
 * End of the token before index `before` when at most three other characters separate them (the walk's
 * "adjacent"), looking no further back than `from`; -1 when there is none.
 */
function adjacentTokenEnd(lower: string, from: number, before: number): number {
  const lim = Math.max(from, before - 4);
  let j = before - 1;
  while (j >= lim && !isTokenAt(lower, j)) j--;
  return j >= lim ? j + 1 : -1;
}

/** Start of the token that ends at `end`, looking no further back than `from`. */
function tokenStart(lower: string, from: number, end: number): number {
  let s = end - 1;
  while (s > from && isTokenAt(lower, s - 1)) s--;
  return s;
}

// Looks at the one token lower[start, end) of lower[from, to), a field or one part of the body, as the
// token-by-token walk did: `lower` is either the text itself (ASCII is folded while reading) or its
// toLowerCase(); `original` is what explanations quote. `where` is the field's kind; in bodies and code a
// token next to a slash, or a file extension, is path evidence instead. The tokens before it (for phrases
// and exclusions) are found by looking back; nothing outside [from, to) is looked at.
// `h` and `hButLast` are the token's hash before masking, and that of all of it but its last character,
// as collect computed them while walking it.
function scanToken(
  c: Compiled,
  acc: Scratch,
  original: string,
  lower: string,
  from: number,
  to: number,
  where: WhereCode,
  start: number,
  end: number,
  h: number,
  hButLast: number,
): void {
  const detectPaths = where === W_BODY || where === W_CODE;
  const filter = c.filter;
  const len = end - start;
  const first = TOKEN_FOLD[lower.charCodeAt(start)] as number;
  const last = TOKEN_FOLD[lower.charCodeAt(end - 1)] as number;
  const hash = h & SMI_MASK;
  const flags = filter[hash & FILTER_MASK] as number;

  // The previous token, when at most three characters separate it from this one (phrases and exclusions
  // need it, and the one before it under the same condition); its start is found only when needed.
  const prev1End = adjacentTokenEnd(lower, from, start);
  const adjacent = prev1End >= 0;
  let prev1Start = -1;

  let w = where;
  if (detectPaths) {
    const before = start > from ? lower.charCodeAt(start - 1) : 0;
    let isExtension = false;
    if (before === 46 /* . */ && start > from + 1 && lower.charCodeAt(start - 2) !== 46 && isPathCode(lower.charCodeAt(start - 2))) {
      const ext = (flags & IN_EXTENSIONS) === 0 ? undefined : find(c.extensions.get(hash), lower, start, len);
      if (ext !== undefined) {
        isExtension = true;
        // Report the whole file name so the explanation reads "path: csrc/foo.cu", not ".cu".
        let s = start - 1;
        while (s > from && isPathCode(lower.charCodeAt(s - 1))) s--;
        recordHits(acc, ext.hits, W_PATH, original, lower, s, end);
      } else if (len <= 10 && isFileExtension(flags, hash, lower, start, len)) {
        isExtension = true;
      }
    }
    if (before === 47 /* / */ || (end < to && lower.charCodeAt(end) === 47) || isExtension) w = W_PATH;
  }
  if ((flags & IN_FILE_NAMES) !== 0) {
    const fileName = find(c.fileNames.get(hash), lower, start, len);
    if (fileName !== undefined) recordHits(acc, fileName.hits, detectPaths ? W_PATH : where, original, lower, start, end);
  }

  let entry = (flags & IN_SINGLE) === 0 ? undefined : find(c.single.get(hash), lower, start, len);
  let entryHash = hash;
  if (entry === undefined && len > 3 && last === 115 /* s */) {
    entryHash = hButLast & SMI_MASK;
    if (((filter[entryHash & FILTER_MASK] as number) & IN_SINGLE) !== 0) entry = find(c.single.get(entryHash), lower, start, len - 1);
  }
  if (entry !== undefined) {
    if (adjacent && c.excluded.has(entryHash)) prev1Start = tokenStart(lower, from, prev1End);
    if (!(adjacent && isExcluded(c, entryHash, lower, prev1Start, prev1End, start, start + entry.text.length))) {
      recordHits(acc, entry.hits, w, original, lower, start, end);
    }
  }
  if (c.prefixFirst[first] === 1) {
    for (const p of c.prefixes) {
      if (len > p.prefix.length && first === p.first && startsWithFolded(lower, p.prefix, start)) recordHits(acc, p.hits, w, original, lower, start, end);
    }
  }
  // A phrase can only end at a token that is the last word of one.
  if (adjacent && (flags & IN_PHRASE_ENDS) !== 0) {
    if (prev1Start < 0) prev1Start = tokenStart(lower, from, prev1End);
    const prev1Hash = tokenHash(lower, prev1Start, prev1End);
    if (((filter[prev1Hash & FILTER_MASK] as number) & IN_PHRASE_STARTS) !== 0 && c.phraseStarts.has(prev1Hash)) {
      const e2 = c.phrases.get(combine(prev1Hash, hash));
      if (e2 !== undefined) {
        const hit = findPhrase2(e2, lower, prev1Start, prev1End, start, end);
        if (hit !== undefined) recordHits(acc, hit.hits, w, original, lower, prev1Start, end);
      }
    }
    // Three-word phrases ("out of memory") are keyed by their first two words, so the middle word need
    // not start a phrase of its own.
    {
      const prev2End = adjacentTokenEnd(lower, from, prev1Start);
      if (prev2End >= 0) {
        const prev2Start = tokenStart(lower, from, prev2End);
        const prev2Hash = tokenHash(lower, prev2Start, prev2End);
        if (c.phraseStarts3.has(combine(prev2Hash, prev1Hash))) {
          const e3 = c.phrases.get(combine(combine(prev2Hash, prev1Hash), hash));
          if (e3 !== undefined) {
            const hit = findPhrase3(e3, lower, prev2Start, prev2End, prev1Start, prev1End, start, end);
            if (hit !== undefined) recordHits(acc, hit.hits, w, original, lower, prev2Start, end);
          }
        }
      }
    }
  }
}

// Finding the tokens worth a look. Every token that can be evidence starts with one of a few hundred known
// strings: a term or its last word, a prefix, a file name, or (right after a dot) a file extension. So
// the text is walked once, cheaply: at each token start its first three characters are looked up in a
// table of the known strings' first three, and the token is skipped unless they are there. The few
// tokens left are looked at fully by scanToken. The walk also notices the characters whose lowercase the
// scanner cannot fold in place (see isSpecialAt), so one pass tells whether a text needs lowercasing.
//
// The candidates of one text, as token ranges; reused from text to text.
class Candidates {
  start: Int32Array = new Int32Array(256);
  end: Int32Array = new Int32Array(256);
  /** The token's hash while it was walked (not masked), and that of all but its last character. */
  hash: Int32Array = new Int32Array(256);
  hashButLast: Int32Array = new Int32Array(256);
  count = 0;

  push(start: number, end: number, hash: number, hashButLast: number): void {
    if (this.count === this.start.length) {
      const grow = (a: Int32Array): Int32Array => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.start = grow(this.start);
      this.end = grow(this.end);
      this.hash = grow(this.hash);
      this.hashButLast = grow(this.hashButLast);
    }
    this.start[this.count] = start;
    this.end[this.count] = end;
    this.hash[this.count] = hash;
    this.hashButLast[this.count] = hashButLast;
    this.count++;
  }
}

/** Token characters as 1..39 (either case alike), anything else as 0: the alphabet of the start tables. */
const START_CODE = new Uint8Array(128);
'abcdefghijklmnopqrstuvwxyz0123456789_+#'.split('').forEach((ch, k) => {
  START_CODE[ch.charCodeAt(0)] = k + 1;
  START_CODE[ch.toUpperCase().charCodeAt(0)] = k + 1;
});
const START_CODES = 40;

/** START_CODE and TOKEN_FOLD over bytes: the UTF-8 bytes of anything outside ASCII are all 128 and up. */
const BYTE_START_CODE = new Uint8Array(256);
BYTE_START_CODE.set(START_CODE);
const BYTE_FOLD = new Uint8Array(256);
BYTE_FOLD.set(TOKEN_FOLD);

// The text is walked as UTF-8 bytes, which the encoder writes natively and JavaScript reads much faster
// than a string's characters. Every token character is one ASCII byte; a character outside ASCII is
// several bytes for one UTF-16 code unit (or four for a surrogate pair, two units), so positions are
// turned back into string indexes by subtracting the extra bytes seen so far.
const encoder = new TextEncoder();
const bytes = new Uint8Array(3 * BODY_SCAN_LIMIT + 16);

/**
 * Whether the bytes at i start one of the characters whose lowercase is not a one-to-one, context-free
 * mapping onto the ASCII-folded text: U+0130 (two characters), U+212A (the Kelvin sign, lowercase "k") and
 * capital sigma (final form depends on the next letter). Text containing one is lowercased for real
 * before scanning.
 */
function isSpecialAt(buf: Uint8Array, i: number, n: number): boolean {
  const b0 = buf[i] as number;
  if (b0 === 0xc4) return i + 1 < n && buf[i + 1] === 0xb0;
  if (b0 === 0xce) return i + 1 < n && buf[i + 1] === 0xa3;
  if (b0 === 0xe2) return i + 2 < n && buf[i + 1] === 0x84 && buf[i + 2] === 0xaa;
  return false;
}

/**
 * Collects into `out` the tokens of the whole of `text` whose first three characters (0 past the end of
 * the token) are in `starts`, or in `extensionStarts` when the token follows a dot. Returns false, with
 * `out` incomplete, when `stopOnSpecial` and the text has one of the characters isSpecialAt finds.
 */
function collect(c: Compiled, text: string, out: Candidates, stopOnSpecial: boolean): boolean {
  out.count = 0;
  const starts = c.starts;
  const extensionStarts = c.extensionStarts;
  // UTF-8 takes at most three bytes per UTF-16 code unit. Bodies are cut to BODY_SCAN_LIMIT; an outsized
  // title or label gets a buffer of its own rather than one kept for good.
  const buf = bytes.length >= 3 * text.length ? bytes : new Uint8Array(3 * text.length);
  const n = encoder.encodeInto(text, buf).written;
  /** Bytes so far beyond one per UTF-16 code unit: string index = byte index - extra. */
  let extra = 0;
  let i = 0;
  while (i < n) {
    const ch = buf[i] as number;
    if (ch >= 128) {
      // A lead byte: two bytes for one code unit, three for one, four for two (a surrogate pair).
      if (ch >= 0xc0) {
        if (stopOnSpecial && isSpecialAt(buf, i, n)) return false;
        extra += ch >= 0xe0 ? 2 : 1;
      }
      i++;
      continue;
    }
    const a = BYTE_START_CODE[ch] as number;
    if (a === 0) {
      i++;
      continue;
    }
    const start = i;
    let b = 0;
    let d = 0;
    if (++i < n) {
      b = BYTE_START_CODE[buf[i] as number] as number;
      if (b !== 0 && ++i < n) {
        d = BYTE_START_CODE[buf[i] as number] as number;
        if (d !== 0) i++;
      }
    }
    const key = (a * START_CODES + b) * START_CODES + d;
    let candidate = false;
    if (((starts[key >> 5] as number) & (1 << (key & 31))) !== 0) {
      // The fourth character (0 past the end of the token) narrows it down further.
      const e = d !== 0 && i < n ? (BYTE_START_CODE[buf[i] as number] as number) : 0;
      candidate = e < 32 ? ((c.fourthLow[key] as number) & (1 << e)) !== 0 : ((c.fourthHigh[key] as number) & (1 << (e - 32))) !== 0;
    }
    if (candidate || (start > 0 && buf[start - 1] === 46 /* . */ && ((extensionStarts[key >> 5] as number) & (1 << (key & 31))) !== 0)) {
      // A candidate: walk it again from its start, hashing it as scanToken needs.
      let h = FNV_OFFSET;
      let hButLast = FNV_OFFSET;
      let k = start;
      while (k < n) {
        const f = BYTE_FOLD[buf[k] as number] as number;
        if (f === 0) break;
        hButLast = h;
        h = Math.imul(h ^ f, FNV_PRIME);
        k++;
      }
      out.push(start - extra, k - extra, h, hButLast);
      i = k;
    } else if (d !== 0) {
      // Past the first three characters only the end of the token is of interest.
      while (i < n && BYTE_START_CODE[buf[i] as number] !== 0) i++;
    }
  }
  return true;
}

const ONLY_TOKEN_CHARACTERS = /^[a-z0-9_+#]+$/;

/**
 * Marks in `table` every token start that `prefix` may begin (see collect), and with `fourth` the fourth
 * characters that may follow each.
 */
function markStart(table: Uint32Array, prefix: string, fourth?: { low: Uint32Array; high: Uint32Array }): void {
  if (!ONLY_TOKEN_CHARACTERS.test(prefix)) return; // cannot match a token, whose characters are all these
  const codes = [0, 1, 2, 3].map((k) => (k < prefix.length ? (START_CODE[prefix.charCodeAt(k)] as number) : -1));
  for (let a = 0; a < START_CODES; a++) {
    if (codes[0] !== a) continue;
    for (let b = 0; b < START_CODES; b++) {
      if (codes[1] !== -1 && codes[1] !== b) continue;
      for (let d = 0; d < START_CODES; d++) {
        if (codes[2] !== -1 && codes[2] !== d) continue;
        const key = (a * START_CODES + b) * START_CODES + d;
        table[key >> 5] = ((table[key >> 5] as number) | (1 << (key & 31))) >>> 0;
        if (fourth === undefined) continue;
        // A token shorter than three characters has no fourth; 0 stands for its end, as for a longer prefix.
        const e = codes[3] as number;
        if (e === -1 || d === 0) {
          fourth.low[key] = 0xffffffff;
          fourth.high[key] = 0xff;
        } else if (e < 32) {
          fourth.low[key] = ((fourth.low[key] as number) | (1 << e)) >>> 0;
        } else {
          fourth.high[key] = ((fourth.high[key] as number) | (1 << (e - 32))) >>> 0;
        }
      }
    }
  }
}

/** The start tables of collect: every string a token that can be evidence starts with. */
function buildStarts(c: Compiled): void {
  const fourth = { low: c.fourthLow, high: c.fourthHigh };
  for (const bucket of c.single.values()) for (const e of bucket) markStart(c.starts, e.text, fourth);
  // A phrase is recorded at its last word, which is then a token of its own.
  for (const bucket of c.phrases.values()) for (const e of bucket) markStart(c.starts, e.parts[e.parts.length - 1] as string, fourth);
  for (const bucket of c.fileNames.values()) for (const e of bucket) markStart(c.starts, e.text, fourth);
  for (const p of c.prefixes) markStart(c.starts, p.prefix, fourth);
  for (const bucket of c.extensions.values()) for (const e of bucket) markStart(c.extensionStarts, e.text);
}

function scanCandidates(c: Compiled, acc: Scratch, cand: Candidates, original: string, lower: string, where: WhereCode): void {
  for (let k = 0; k < cand.count; k++) scanToken(c, acc, original, lower, 0, lower.length, where, cand.start[k] as number, cand.end[k] as number, cand.hash[k] as number, cand.hashButLast[k] as number);
}

// Scanning the text itself with ASCII folded is exactly scanning text.toLowerCase(): only ASCII letters,
// digits and _ + # . / - * matter to the scanner, no other character lowercases into ASCII except the two
// isSpecialAt finds, and without those and capital sigma lowercasing keeps every position and
// is the same character by character. toLowerCase is slow on text with any non-ASCII (an emoji heading).
function scanText(c: Compiled, acc: Scratch, cand: Candidates, original: string, where: WhereCode): void {
  if (collect(c, original, cand, true)) {
    scanCandidates(c, acc, cand, original, original, where);
  } else {
    const lower = original.toLowerCase();
    collect(c, lower, cand, false);
    scanCandidates(c, acc, cand, original, lower, where);
  }
}

function scanBody(c: Compiled, acc: Scratch, cand: Candidates, body: string): void {
  const text = body.length > BODY_SCAN_LIMIT ? body.slice(0, BODY_SCAN_LIMIT) : body;
  // Scan the parts in place, ASCII-folded (see scanText); a body that needs real lowercasing is cut into
  // its parts first, and each part is lowercased on its own.
  const whole = collect(c, text, cand, true);
  if (whole && cand.count === 0) return;
  // Fenced code blocks alternate with prose; an unclosed fence runs to the end.
  let pos = 0;
  let inCode = false;
  let k = 0;
  while (pos < text.length) {
    const fence = text.indexOf('```', pos);
    const stop = fence === -1 ? text.length : fence;
    if (stop > pos) {
      const where = inCode ? W_CODE : W_BODY;
      if (whole) {
        // Candidates are tokens, and the backquotes of a fence are not token characters, so each
        // candidate lies wholly in one part.
        for (; k < cand.count && (cand.start[k] as number) < stop; k++) {
          scanToken(c, acc, text, text, pos, stop, where, cand.start[k] as number, cand.end[k] as number, cand.hash[k] as number, cand.hashButLast[k] as number);
        }
        if (k === cand.count) return;
      } else {
        const part = text.slice(pos, stop);
        scanText(c, acc, cand, part, where);
      }
    }
    if (fence === -1) break;
    // The info string ("```cpp") stays at the start of the block, so the language name counts as code.
    pos = fence + 3;
    inCode = !inCode;
  }
}

/**
 * Evidence texts by content, so the same "CUDA" or "pytest" found in thousands of issues is one string
 * rather than thousands of copies kept alive in the results. Looked up by a hash of the range, without
 * cutting the substring first.
 */
class TextPool {
  private readonly byHash = new Map<number, string[]>();

  get(source: string, a: number, b: number): string {
    let h = FNV_OFFSET;
    for (let i = a; i < b; i++) h = Math.imul(h ^ source.charCodeAt(i), FNV_PRIME);
    const key = h & SMI_MASK;
    const len = b - a;
    let bucket = this.byHash.get(key);
    if (bucket !== undefined) {
      for (const t of bucket) if (t.length === len && source.startsWith(t, a)) return t;
    } else {
      bucket = [];
      this.byHash.set(key, bucket);
    }
    const text = source.slice(a, b);
    bucket.push(text);
    return text;
  }
}

/** Repo evidence per skill (the same for every issue of a repo): weight 0 when none. */
interface RepoEvidence {
  weight: Float64Array;
  text: string[];
}

/** Where rankIssues wants scan results: skill s of the issue at `offset` goes to index offset + s. */
export interface ScanSink {
  /** 0..1, or -1 when the skill did not show up at all. */
  strength: Float64Array;
  /** 1 when the skill has issue-level evidence (not only the repo's languages or topics). */
  inIssue: Uint8Array;
  /** Left out when only the numbers are wanted (ranking a large set for its top few): no evidence is built. */
  evidence?: (Evidence[] | undefined)[];
}

export interface SkillMatcher {
  readonly skills: readonly SkillDefinition[];
  /** Evidence per skill index (undefined when the skill did not show up). */
  scan(issue: IssueRecord, repo: RepoMeta | undefined): (SkillEvidence | undefined)[];
  /** The same as scan, written into flat arrays at offset instead of allocating per skill. */
  scanInto(issue: IssueRecord, repo: RepoMeta | undefined, sink: ScanSink, offset: number): void;
}

export function compileMatcher(skills: readonly SkillDefinition[]): SkillMatcher {
  const c: Compiled = {
    single: new Map(),
    phrases: new Map(),
    phraseStarts: new Set(),
    phraseStarts3: new Set(),
    extensions: new Map(),
    fileNames: new Map(),
    prefixes: [],
    prefixFirst: new Uint8Array(128),
    excluded: new Map(),
    filter: new Uint8Array(FILTER_MASK + 1),
    starts: new Uint32Array((START_CODES * START_CODES * START_CODES) >> 5),
    extensionStarts: new Uint32Array((START_CODES * START_CODES * START_CODES) >> 5),
    fourthLow: new Uint32Array(START_CODES * START_CODES * START_CODES),
    fourthHigh: new Uint32Array(START_CODES * START_CODES * START_CODES),
  };
  const languages = new Map<string, number[]>();

  const addTerm = (term: string, hit: Hit): void => {
    const t = term.trim().toLowerCase();
    if (t === '') return;
    if (t.endsWith('*') && !t.includes(' ')) {
      c.prefixes.push({ prefix: t.slice(0, -1), first: t.charCodeAt(0), hits: [hit] });
      return;
    }
    const toks = tokenize(t).slice(0, 3);
    if (toks.length === 0) return;
    const hashes = toks.map(hashOf);
    if (toks.length === 1) {
      addEntry(c.single, hashes[0] as number, toks, hit);
      return;
    }
    c.phraseStarts.add(hashes[0] as number);
    let key = combine(hashes[0] as number, hashes[1] as number);
    if (toks.length === 3) {
      c.phraseStarts3.add(key);
      key = combine(key, hashes[2] as number);
    }
    addEntry(c.phrases, key, toks, hit);
  };

  skills.forEach((s, skill) => {
    for (const term of s.terms) addTerm(term, { skill, labelOnly: false });
    for (const term of s.labelTerms ?? []) addTerm(term, { skill, labelOnly: true });
    for (const f of s.files ?? []) {
      const lower = f.toLowerCase();
      if (lower.startsWith('.')) addEntry(c.extensions, hashOf(lower.slice(1)), [lower.slice(1)], { skill, labelOnly: false });
      else addEntry(c.fileNames, hashOf(lower), [lower], { skill, labelOnly: false });
    }
    for (const x of s.exclude ?? []) {
      const toks = tokenize(x);
      if (toks.length !== 2) continue;
      const key = hashOf(toks[1] as string);
      c.excluded.set(key, [...(c.excluded.get(key) ?? []), [toks[0] as string, toks[1] as string]]);
    }
    for (const lang of s.languages ?? []) {
      const key = lang.toLowerCase();
      languages.set(key, [...(languages.get(key) ?? []), skill]);
    }
  });

  const mark = (keys: Iterable<number>, flag: number): void => {
    for (const key of keys) c.filter[key & FILTER_MASK] = (c.filter[key & FILTER_MASK] as number) | flag;
  };
  mark(c.single.keys(), IN_SINGLE);
  mark(c.fileNames.keys(), IN_FILE_NAMES);
  mark(c.extensions.keys(), IN_EXTENSIONS);
  mark(c.phraseStarts, IN_PHRASE_STARTS);
  for (const bucket of c.phrases.values()) for (const e of bucket) mark([hashOf(e.parts[e.parts.length - 1] as string)], IN_PHRASE_ENDS);
  mark(FILE_EXTENSION_TABLE.keys(), IN_FILE_EXTENSIONS);
  // A prefix can start with any character; only token characters (all ASCII) ever reach the check.
  for (const p of c.prefixes) if (p.first < 128) c.prefixFirst[p.first] = 1;
  buildStarts(c);

  const acc = new Scratch(skills.length);
  const cand = new Candidates();
  const texts = new TextPool();

  // Repo evidence is the same for every issue of a repo; computed once per repo per matcher.
  const repoCache = new Map<string, RepoEvidence>();
  const topicScratch = new Scratch(skills.length);
  const repoEvidence = (repo: RepoMeta): RepoEvidence => {
    const cached = repoCache.get(repo.repo);
    if (cached !== undefined) return cached;
    const out: RepoEvidence = { weight: new Float64Array(skills.length), text: new Array<string>(skills.length).fill('') };
    // The first evidence found for a skill is kept unless a later one weighs more.
    const push = (skill: number, text: string, weight: number): void => {
      if (weight > (out.weight[skill] as number)) {
        out.weight[skill] = weight;
        out.text[skill] = text;
      }
    };
    for (const lang of repo.languages.length > 0 ? repo.languages : repo.primaryLanguage ? [repo.primaryLanguage] : []) {
      const primary = lang === repo.primaryLanguage;
      for (const skill of languages.get(lang.toLowerCase()) ?? []) {
        push(skill, `language ${lang}`, primary ? PRIMARY_LANGUAGE_WEIGHT : OTHER_LANGUAGE_WEIGHT);
      }
    }
    for (const topic of repo.topics) {
      topicScratch.reset();
      scanText(c, topicScratch, cand, topic.replace(/-/g, ' '), W_REPO);
      for (let skill = 0; skill < skills.length; skill++) {
        if ((topicScratch.count[skill] as number) > 0) push(skill, `topic ${topic}`, TOPIC_WEIGHT);
      }
    }
    repoCache.set(repo.repo, out);
    return out;
  };

  const scanInto = (issue: IssueRecord, repo: RepoMeta | undefined, sink: ScanSink, offset: number): void => {
    const fromRepo = repo === undefined ? undefined : repoEvidence(repo);
    acc.reset();
    scanText(c, acc, cand, issue.title, W_TITLE);
    for (const label of issue.labels) scanText(c, acc, cand, label, W_LABEL);
    scanBody(c, acc, cand, issue.body);
    const out = sink.evidence;
    if (out === undefined) {
      scoreOnly(fromRepo, sink, offset);
      return;
    }
    for (let s = 0; s < skills.length; s++) {
      const n = acc.count[s] as number;
      const repoWeight = fromRepo === undefined ? 0 : (fromRepo.weight[s] as number);
      if (n === 0 && repoWeight === 0) {
        sink.strength[offset + s] = -1;
        sink.inIssue[offset + s] = 0;
        if (out !== undefined) out[offset + s] = undefined;
        continue;
      }
      // Per location: the base weight plus a little per extra distinct term; then combined as
      // independent signals, 1 - prod(1 - w), so each new place adds less and the total stays below 1.
      let miss = 1;
      // Sized up front: thousands of these arrays are kept in the results.
      const kept = Math.min(n, MAX_EVIDENCE_KEPT);
      const evidence = new Array<Evidence>(kept + (repoWeight !== 0 ? 1 : 0));
      let e = 0;
      const base = s * MAX_EVIDENCE_SCANNED;
      for (let where = 0; where < WHERE_ORDER_COUNT; where++) {
        let count = 0;
        for (let j = base; j < base + n; j++) {
          if (acc.where[j] !== where) continue;
          count++;
          if (e < kept) evidence[e++] = { where: WHERE_NAMES[where] as EvidenceWhere, text: texts.get(acc.source[j] as string, acc.start[j] as number, acc.end[j] as number) };
        }
        if (count > 0) miss *= 1 - Math.min(0.95, (WHERE_WEIGHT[where] as number) + EXTRA_TERM_BONUS * Math.min(2, count - 1));
      }
      if (repoWeight !== 0) {
        miss *= 1 - repoWeight;
        evidence[e] = { where: 'repo', text: (fromRepo as RepoEvidence).text[s] as string };
      }
      sink.strength[offset + s] = 1 - miss;
      sink.inIssue[offset + s] = n > 0 ? 1 : 0;
      out[offset + s] = evidence;
    }
  };

  // scanInto's numbers without the evidence arrays and texts: the same strength and inIssue, computed the
  // same way (the same factors multiplied in the same order).
  const scoreOnly = (fromRepo: RepoEvidence | undefined, sink: ScanSink, offset: number): void => {
    for (let s = 0; s < skills.length; s++) {
      const n = acc.count[s] as number;
      const repoWeight = fromRepo === undefined ? 0 : (fromRepo.weight[s] as number);
      if (n === 0 && repoWeight === 0) {
        sink.strength[offset + s] = -1;
        sink.inIssue[offset + s] = 0;
        continue;
      }
      let miss = 1;
      const base = s * MAX_EVIDENCE_SCANNED;
      for (let where = 0; where < WHERE_ORDER_COUNT; where++) {
        let count = 0;
        for (let j = base; j < base + n; j++) if (acc.where[j] === where) count++;
        if (count > 0) miss *= 1 - Math.min(0.95, (WHERE_WEIGHT[where] as number) + EXTRA_TERM_BONUS * Math.min(2, count - 1));
      }
      if (repoWeight !== 0) miss *= 1 - repoWeight;
      sink.strength[offset + s] = 1 - miss;
      sink.inIssue[offset + s] = n > 0 ? 1 : 0;
    }
  };

  return {
    skills,
    scanInto,
    scan(issue, repo) {
      const found = new Array<Evidence[] | undefined>(skills.length);
      const sink: ScanSink = { strength: new Float64Array(skills.length), inIssue: new Uint8Array(skills.length), evidence: found };
      scanInto(issue, repo, sink, 0);
      const result = new Array<SkillEvidence | undefined>(skills.length);
      for (let s = 0; s < skills.length; s++) {
        const evidence = found[s];
        if (evidence !== undefined) result[s] = { strength: sink.strength[s] as number, inIssue: sink.inIssue[s] === 1, evidence };
      }
      return result;
    },
  };
}
