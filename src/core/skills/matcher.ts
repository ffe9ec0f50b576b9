// Finds skill evidence in issues. Compiled once per ranking call from the skills that matter (the profile's
// and the avoided ones), then run over every issue: each text field is lowercased once and walked token by
// token with Map lookups, so the cost grows with the text length and not with the number of terms.
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
/** Strongest first: the order evidence is listed in explanations. */
const WHERE_ORDER: readonly EvidenceWhere[] = ['label', 'title', 'path', 'code', 'body'];
const PRIMARY_LANGUAGE_WEIGHT = 0.3;
const OTHER_LANGUAGE_WEIGHT = 0.15;
const TOPIC_WEIGHT = 0.2;
/** Each further distinct term in the same place adds a little, up to two. */
const EXTRA_TERM_BONUS = 0.1;
const MAX_EVIDENCE_KEPT = 6;
/** Long bodies are mostly pasted logs; the part that says what to do comes first. */
export const BODY_SCAN_LIMIT = 6000;

interface Hit {
  skill: number;
  labelOnly: boolean;
}

/** A term in a hash bucket: the text to verify against (hash collisions) and what it signals. */
interface Entry {
  text: string;
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

function addEntry(table: Table, key: number, text: string, hit: Hit): void {
  let bucket = table.get(key);
  if (bucket === undefined) {
    bucket = [];
    table.set(key, bucket);
  }
  let entry = bucket.find((e) => e.text === text);
  if (entry === undefined) {
    entry = { text, hits: [] };
    bucket.push(entry);
  }
  if (!entry.hits.some((h) => h.skill === hit.skill && h.labelOnly === hit.labelOnly)) entry.hits.push(hit);
}

function isTokenCode(c: number): boolean {
  // a-z 0-9 _ + #  (the text is lowercased before scanning)
  return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 43 || c === 35;
}

function isPathCode(c: number): boolean {
  return isTokenCode(c) || c === 46 || c === 47 || c === 45 || c === 42;
}

// Extensions that make "name.ext" a file name rather than an attribute access like "tl.dot" or "torch.cuda".
const FILE_EXTENSIONS = new Set([
  'py', 'pyi', 'pyx', 'ipynb', 'cu', 'cuh', 'cc', 'cpp', 'cxx', 'c', 'h', 'hpp', 'hip', 'metal', 'rs', 'go', 'java', 'kt', 'scala', 'js', 'mjs', 'cjs',
  'jsx', 'ts', 'tsx', 'mts', 'svelte', 'vue', 'css', 'scss', 'html', 'md', 'mdx', 'rst', 'txt', 'yaml', 'yml', 'toml', 'json', 'cfg', 'ini', 'sh', 'ps1',
  'bat', 'mlir', 'td', 'll', 'comp', 'glsl', 'wgsl', 'dockerfile', 'onnx', 'proto', 'bzl', 'cmake', 'lock',
]);

/** Splits a term the same way the scanner splits text, so "flash-attention" becomes ["flash", "attention"]. */
export function tokenize(text: string): string[] {
  const lower = text.toLowerCase();
  const out: string[] = [];
  let i = 0;
  while (i < lower.length) {
    if (!isTokenCode(lower.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < lower.length && isTokenCode(lower.charCodeAt(i))) i++;
    out.push(lower.slice(start, i));
  }
  return out;
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
  /** Second token hash -> "first second" phrases that cancel a single-token hit. */
  excluded: Map<number, string[]>;
  /**
   * Prefilter indexed by the low 16 bits of a token hash: which tables may hold it. Almost every token in
   * an issue is in none of them, and one typed-array read is much cheaper than four Map lookups.
   */
  filter: Uint8Array;
}

const IN_SINGLE = 1;
const IN_FILE_NAMES = 2;
const IN_EXTENSIONS = 4;
const IN_PHRASE_STARTS = 8;
const FILTER_MASK = 0xffff;

interface Recorded extends Evidence {
  /** Lowercased text, for de-duplication. */
  key: string;
}

interface Accumulator {
  evidence: (Recorded[] | undefined)[];
}

/** Past this many distinct pieces of evidence for one skill, more add nothing to its strength or to the explanation. */
const MAX_EVIDENCE_SCANNED = 16;

function recordHits(acc: Accumulator, hits: readonly Hit[], where: EvidenceWhere, original: string, lower: string, a: number, b: number): void {
  const len = b - a;
  for (const h of hits) {
    if (h.labelOnly && where !== 'label') continue;
    let list = acc.evidence[h.skill];
    if (list === undefined) {
      list = [];
      acc.evidence[h.skill] = list;
    }
    if (list.length >= MAX_EVIDENCE_SCANNED) continue;
    let dup = false;
    for (const e of list) {
      if (e.where === where && e.key.length === len && lower.startsWith(e.key, a)) {
        dup = true;
        break;
      }
    }
    if (dup) continue;
    const key = lower.slice(a, b);
    list.push({ where, text: original.length === lower.length ? original.slice(a, b) : key, key });
  }
}

function find(bucket: Entry[] | undefined, lower: string, start: number, length: number): Entry | undefined {
  if (bucket === undefined) return undefined;
  for (const e of bucket) if (e.text.length === length && lower.startsWith(e.text, start)) return e;
  return undefined;
}

function isExcluded(c: Compiled, secondHash: number, lower: string, prevStart: number, prevEnd: number, tokStart: number, tokEnd: number): boolean {
  const phrases = c.excluded.get(secondHash);
  if (phrases === undefined || prevStart < 0) return false;
  const text = `${lower.slice(prevStart, prevEnd)} ${lower.slice(tokStart, tokEnd)}`;
  return phrases.includes(text);
}

// Walks one field. `where` is the field's kind; in bodies and code a token next to a slash, or a file
// extension, is path evidence instead.
function scanText(c: Compiled, acc: Accumulator, original: string, where: EvidenceWhere): void {
  const lower = original.toLowerCase();
  const detectPaths = where === 'body' || where === 'code';
  const n = lower.length;
  let prev1Hash = 0;
  let prev1Start = -1;
  let prev1End = -1;
  let prev2Hash = 0;
  let prev2Start = -1;
  let i = 0;
  while (i < n) {
    if (!isTokenCode(lower.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let h = FNV_OFFSET;
    let hButLast = FNV_OFFSET;
    while (i < n) {
      const ch = lower.charCodeAt(i);
      if (!isTokenCode(ch)) break;
      hButLast = h;
      h = Math.imul(h ^ ch, FNV_PRIME);
      i++;
    }
    const end = i;
    const len = end - start;
    const hash = h & SMI_MASK;
    const flags = c.filter[hash & FILTER_MASK] as number;
    let w = where;
    if (detectPaths) {
      const before = start > 0 ? lower.charCodeAt(start - 1) : 0;
      const after = end < n ? lower.charCodeAt(end) : 0;
      let isExtension = false;
      if (before === 46 /* . */ && start > 1 && lower.charCodeAt(start - 2) !== 46 && isPathCode(lower.charCodeAt(start - 2))) {
        const ext = (flags & IN_EXTENSIONS) === 0 ? undefined : find(c.extensions.get(hash), lower, start, len);
        if (ext !== undefined) {
          isExtension = true;
          // Report the whole file name so the explanation reads "path: csrc/foo.cu", not ".cu".
          let s = start - 1;
          while (s > 0 && isPathCode(lower.charCodeAt(s - 1))) s--;
          recordHits(acc, ext.hits, 'path', original, lower, s, end);
        } else if (len <= 10 && FILE_EXTENSIONS.has(lower.slice(start, end))) {
          isExtension = true;
        }
      }
      if (before === 47 /* / */ || after === 47 || isExtension) w = 'path';
    }
    const fileName = (flags & IN_FILE_NAMES) === 0 ? undefined : find(c.fileNames.get(hash), lower, start, len);
    if (fileName !== undefined) recordHits(acc, fileName.hits, detectPaths ? 'path' : where, original, lower, start, end);

    const adjacent = prev1End >= 0 && start - prev1End <= 3;
    let entry = (flags & IN_SINGLE) === 0 ? undefined : find(c.single.get(hash), lower, start, len);
    let entryHash = hash;
    if (entry === undefined && len > 3 && lower.charCodeAt(end - 1) === 115 /* s */) {
      entryHash = hButLast & SMI_MASK;
      if (((c.filter[entryHash & FILTER_MASK] as number) & IN_SINGLE) !== 0) entry = find(c.single.get(entryHash), lower, start, len - 1);
    }
    if (entry !== undefined && !(adjacent && isExcluded(c, entryHash, lower, prev1Start, prev1End, start, start + entry.text.length))) {
      recordHits(acc, entry.hits, w, original, lower, start, end);
    }
    for (const p of c.prefixes) {
      if (len > p.prefix.length && lower.charCodeAt(start) === p.first && lower.startsWith(p.prefix, start)) recordHits(acc, p.hits, w, original, lower, start, end);
    }
    if (adjacent && ((c.filter[prev1Hash & FILTER_MASK] as number) & IN_PHRASE_STARTS) !== 0 && c.phraseStarts.has(prev1Hash)) {
      const two = combine(prev1Hash, hash);
      const e2 = c.phrases.get(two);
      if (e2 !== undefined) {
        const text = `${lower.slice(prev1Start, prev1End)} ${lower.slice(start, end)}`;
        const hit = e2.find((e) => e.text === text);
        if (hit !== undefined) recordHits(acc, hit.hits, w, original, lower, prev1Start, end);
      }
      if (prev2Start >= 0 && c.phraseStarts3.has(combine(prev2Hash, prev1Hash))) {
        const e3 = c.phrases.get(combine(combine(prev2Hash, prev1Hash), hash));
        if (e3 !== undefined) {
          const text = `${lower.slice(prev2Start, prev1Start).replace(/[^a-z0-9_+#]+$/, '')} ${lower.slice(prev1Start, prev1End)} ${lower.slice(start, end)}`;
          const hit = e3.find((e) => e.text === text);
          if (hit !== undefined) recordHits(acc, hit.hits, w, original, lower, prev2Start, end);
        }
      }
    }
    if (adjacent) {
      prev2Hash = prev1Hash;
      prev2Start = prev1Start;
    } else {
      prev2Start = -1;
    }
    prev1Hash = hash;
    prev1Start = start;
    prev1End = end;
  }
}

function scanBody(c: Compiled, acc: Accumulator, body: string): void {
  const text = body.length > BODY_SCAN_LIMIT ? body.slice(0, BODY_SCAN_LIMIT) : body;
  // Fenced code blocks alternate with prose; an unclosed fence runs to the end.
  let pos = 0;
  let inCode = false;
  while (pos < text.length) {
    const fence = text.indexOf('```', pos);
    const stop = fence === -1 ? text.length : fence;
    if (stop > pos) scanText(c, acc, text.slice(pos, stop), inCode ? 'code' : 'body');
    if (fence === -1) break;
    // The info string ("```cpp") stays at the start of the block, so the language name counts as code.
    pos = fence + 3;
    inCode = !inCode;
  }
}

interface RepoHit {
  skill: number;
  text: string;
  weight: number;
}

function newAccumulator(size: number): Accumulator {
  return { evidence: new Array<Recorded[] | undefined>(size) };
}

export interface SkillMatcher {
  readonly skills: readonly SkillDefinition[];
  /** Evidence per skill index (undefined when the skill did not show up). */
  scan(issue: IssueRecord, repo: RepoMeta | undefined): (SkillEvidence | undefined)[];
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
    excluded: new Map(),
    filter: new Uint8Array(FILTER_MASK + 1),
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
      addEntry(c.single, hashes[0] as number, toks[0] as string, hit);
      return;
    }
    c.phraseStarts.add(hashes[0] as number);
    let key = combine(hashes[0] as number, hashes[1] as number);
    if (toks.length === 3) {
      c.phraseStarts3.add(key);
      key = combine(key, hashes[2] as number);
    }
    addEntry(c.phrases, key, toks.join(' '), hit);
  };

  skills.forEach((s, skill) => {
    for (const term of s.terms) addTerm(term, { skill, labelOnly: false });
    for (const term of s.labelTerms ?? []) addTerm(term, { skill, labelOnly: true });
    for (const f of s.files ?? []) {
      const lower = f.toLowerCase();
      if (lower.startsWith('.')) addEntry(c.extensions, hashOf(lower.slice(1)), lower.slice(1), { skill, labelOnly: false });
      else addEntry(c.fileNames, hashOf(lower), lower, { skill, labelOnly: false });
    }
    for (const x of s.exclude ?? []) {
      const toks = tokenize(x);
      if (toks.length !== 2) continue;
      const key = hashOf(toks[1] as string);
      c.excluded.set(key, [...(c.excluded.get(key) ?? []), toks.join(' ')]);
    }
    for (const lang of s.languages ?? []) {
      const key = lang.toLowerCase();
      languages.set(key, [...(languages.get(key) ?? []), skill]);
    }
  });

  const mark = (table: Map<number, unknown> | Set<number>, flag: number): void => {
    for (const key of table.keys()) c.filter[key & FILTER_MASK] = (c.filter[key & FILTER_MASK] as number) | flag;
  };
  mark(c.single, IN_SINGLE);
  mark(c.fileNames, IN_FILE_NAMES);
  mark(c.extensions, IN_EXTENSIONS);
  mark(c.phraseStarts, IN_PHRASE_STARTS);

  // Repo evidence is the same for every issue of a repo; computed once per repo per matcher.
  const repoCache = new Map<string, RepoHit[]>();
  const repoEvidence = (repo: RepoMeta): RepoHit[] => {
    const cached = repoCache.get(repo.repo);
    if (cached !== undefined) return cached;
    const out: RepoHit[] = [];
    const push = (skill: number, text: string, weight: number): void => {
      const existing = out.find((e) => e.skill === skill);
      if (existing === undefined) out.push({ skill, text, weight });
      else if (weight > existing.weight) Object.assign(existing, { text, weight });
    };
    for (const lang of repo.languages.length > 0 ? repo.languages : repo.primaryLanguage ? [repo.primaryLanguage] : []) {
      const primary = lang === repo.primaryLanguage;
      for (const skill of languages.get(lang.toLowerCase()) ?? []) {
        push(skill, `language ${lang}`, primary ? PRIMARY_LANGUAGE_WEIGHT : OTHER_LANGUAGE_WEIGHT);
      }
    }
    for (const topic of repo.topics) {
      const acc = newAccumulator(skills.length);
      scanText(c, acc, topic.replace(/-/g, ' '), 'repo');
      acc.evidence.forEach((list, skill) => {
        if (list !== undefined) push(skill, `topic ${topic}`, TOPIC_WEIGHT);
      });
    }
    repoCache.set(repo.repo, out);
    return out;
  };

  return {
    skills,
    scan(issue, repo) {
      const acc = newAccumulator(skills.length);
      scanText(c, acc, issue.title, 'title');
      for (const label of issue.labels) scanText(c, acc, label, 'label');
      scanBody(c, acc, issue.body);
      const fromRepo = repo === undefined ? [] : repoEvidence(repo);
      const result = new Array<SkillEvidence | undefined>(skills.length);
      for (let s = 0; s < skills.length; s++) {
        const list = acc.evidence[s];
        const repoHit = fromRepo.find((e) => e.skill === s);
        if (list === undefined && repoHit === undefined) continue;
        // Per location: the base weight plus a little per extra distinct term; then combined as
        // independent signals, 1 - prod(1 - w), so each new place adds less and the total stays below 1.
        let miss = 1;
        const evidence: Evidence[] = [];
        if (list !== undefined) {
          for (const where of WHERE_ORDER) {
            let count = 0;
            for (const e of list) {
              if (e.where !== where) continue;
              count++;
              if (evidence.length < MAX_EVIDENCE_KEPT) evidence.push({ where, text: e.text });
            }
            if (count > 0) miss *= 1 - Math.min(0.95, LOCATION_WEIGHT[where] + EXTRA_TERM_BONUS * Math.min(2, count - 1));
          }
        }
        if (repoHit !== undefined) {
          miss *= 1 - repoHit.weight;
          evidence.push({ where: 'repo', text: repoHit.text });
        }
        result[s] = { strength: 1 - miss, inIssue: list !== undefined, evidence };
      }
      return result;
    },
  };
}
