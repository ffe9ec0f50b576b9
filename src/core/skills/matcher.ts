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

type HitMap = Map<string, Hit[]>;

function addHit(map: HitMap, key: string, hit: Hit): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [hit]);
  else if (!list.some((h) => h.skill === hit.skill && h.labelOnly === hit.labelOnly)) list.push(hit);
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

interface Accumulator {
  // Per skill, lazily: evidence list with a dedupe key per (where, text).
  evidence: (Evidence[] | undefined)[];
}

export interface SkillMatcher {
  readonly skills: readonly SkillDefinition[];
  /** Evidence per skill index (undefined when the skill did not show up). */
  scan(issue: IssueRecord, repo: RepoMeta | undefined): (SkillEvidence | undefined)[];
}

export function compileMatcher(skills: readonly SkillDefinition[]): SkillMatcher {
  const single: HitMap = new Map();
  const phrases: HitMap = new Map();
  const files: HitMap = new Map();
  const phraseStarts = new Set<string>();
  const phraseStarts3 = new Set<string>();
  const prefixes: { prefix: string; hit: Hit }[] = [];
  const excluded = new Set<string>();
  const excludedSeconds = new Set<string>();
  const languages = new Map<string, number[]>();

  const addTerm = (term: string, hit: Hit): void => {
    const t = term.trim().toLowerCase();
    if (t === '') return;
    if (t.endsWith('*') && !t.includes(' ')) {
      prefixes.push({ prefix: t.slice(0, -1), hit });
      return;
    }
    const toks = tokenize(t);
    if (toks.length === 0) return;
    if (toks.length === 1) {
      addHit(single, toks[0] as string, hit);
      return;
    }
    // Longer phrases are cut to their first three tokens; the vocabulary has none longer.
    const key = toks.slice(0, 3).join(' ');
    addHit(phrases, key, hit);
    phraseStarts.add(toks[0] as string);
    if (toks.length >= 3) phraseStarts3.add(`${toks[0] as string} ${toks[1] as string}`);
  };

  skills.forEach((s, skill) => {
    for (const term of s.terms) addTerm(term, { skill, labelOnly: false });
    for (const term of s.labelTerms ?? []) addTerm(term, { skill, labelOnly: true });
    for (const f of s.files ?? []) addHit(files, f.toLowerCase(), { skill, labelOnly: false });
    for (const x of s.exclude ?? []) {
      const toks = tokenize(x);
      if (toks.length === 2) {
        excluded.add(toks.join(' '));
        excludedSeconds.add(toks[1] as string);
      }
    }
    for (const lang of s.languages ?? []) {
      const key = lang.toLowerCase();
      const list = languages.get(key) ?? [];
      list.push(skill);
      languages.set(key, list);
    }
  });

  const record = (acc: Accumulator, skill: number, where: EvidenceWhere, text: string): void => {
    let list = acc.evidence[skill];
    if (list === undefined) {
      list = [];
      acc.evidence[skill] = list;
    }
    const lower = text.toLowerCase();
    for (const e of list) if (e.where === where && e.text.toLowerCase() === lower) return;
    list.push({ where, text });
  };

  const recordHits = (acc: Accumulator, hits: Hit[] | undefined, where: EvidenceWhere, text: string): void => {
    if (hits === undefined) return;
    for (const h of hits) if (!h.labelOnly || where === 'label') record(acc, h.skill, where, text);
  };

  // Walks one field. `where` is the field's kind; in bodies and code a token next to a slash, or a file
  // extension, is path evidence instead.
  const scanText = (acc: Accumulator, original: string, where: EvidenceWhere): void => {
    const lower = original.toLowerCase();
    const sameLength = lower.length === original.length;
    const textOf = (a: number, b: number): string => (sameLength ? original.slice(a, b) : lower.slice(a, b));
    const detectPaths = where === 'body' || where === 'code';
    const n = lower.length;
    let prev1 = '';
    let prev1Start = -1;
    let prev1End = -1;
    let prev2 = '';
    let prev2Start = -1;
    let i = 0;
    while (i < n) {
      const c = lower.charCodeAt(i);
      if (!isTokenCode(c)) {
        i++;
        continue;
      }
      const start = i;
      while (i < n && isTokenCode(lower.charCodeAt(i))) i++;
      const end = i;
      const tok = lower.slice(start, end);
      const before = start > 0 ? lower.charCodeAt(start - 1) : 0;
      const after = end < n ? lower.charCodeAt(end) : 0;
      let w = where;
      if (detectPaths) {
        const isExtension =
          before === 46 /* . */ && start > 1 && isPathCode(lower.charCodeAt(start - 2)) && lower.charCodeAt(start - 2) !== 46 && FILE_EXTENSIONS.has(tok);
        if (isExtension) {
          const extHits = files.get(`.${tok}`);
          if (extHits !== undefined) {
            // Report the whole file name so the explanation reads "path: csrc/foo.cu", not ".cu".
            let s = start - 1;
            while (s > 0 && isPathCode(lower.charCodeAt(s - 1))) s--;
            recordHits(acc, extHits, 'path', textOf(s, end));
          }
        }
        if (before === 47 /* / */ || after === 47 || isExtension) w = 'path';
      }
      const fileHits = files.get(tok);
      if (fileHits !== undefined) recordHits(acc, fileHits, detectPaths ? 'path' : where, textOf(start, end));

      const adjacent = prev1End >= 0 && start - prev1End <= 3;
      let hits = single.get(tok);
      if (hits === undefined && tok.length > 3 && tok.charCodeAt(tok.length - 1) === 115 /* s */) hits = single.get(tok.slice(0, -1));
      if (hits !== undefined && adjacent && excludedSeconds.has(tok) && excluded.has(`${prev1} ${tok}`)) hits = undefined;
      if (hits !== undefined && adjacent && tok.length > 3 && excludedSeconds.has(tok.slice(0, -1)) && excluded.has(`${prev1} ${tok.slice(0, -1)}`)) hits = undefined;
      recordHits(acc, hits, w, textOf(start, end));
      for (const p of prefixes) {
        if (tok.length > p.prefix.length && tok.startsWith(p.prefix)) recordHits(acc, [p.hit], w, textOf(start, end));
      }
      if (adjacent && phraseStarts.has(prev1)) recordHits(acc, phrases.get(`${prev1} ${tok}`), w, textOf(prev1Start, end));
      if (adjacent && prev2 !== '' && phraseStarts.has(prev2)) {
        const two = `${prev2} ${prev1}`;
        if (phraseStarts3.has(two)) recordHits(acc, phrases.get(`${two} ${tok}`), w, textOf(prev2Start, end));
      }
      if (adjacent) {
        prev2 = prev1;
        prev2Start = prev1Start;
      } else {
        prev2 = '';
      }
      prev1 = tok;
      prev1Start = start;
      prev1End = end;
    }
  };

  const scanBody = (acc: Accumulator, body: string): void => {
    const text = body.length > BODY_SCAN_LIMIT ? body.slice(0, BODY_SCAN_LIMIT) : body;
    // Fenced code blocks alternate with prose; an unclosed fence runs to the end.
    let pos = 0;
    let inCode = false;
    while (pos < text.length) {
      const fence = text.indexOf('```', pos);
      const stop = fence === -1 ? text.length : fence;
      if (stop > pos) scanText(acc, text.slice(pos, stop), inCode ? 'code' : 'body');
      if (fence === -1) break;
      // The info string ("```cpp") stays at the start of the block, so the language name counts as code.
      pos = fence + 3;
      inCode = !inCode;
    }
  };

  // Repo evidence is the same for every issue of a repo; computed once per repo per matcher.
  const repoCache = new Map<string, { skill: number; text: string; weight: number }[]>();
  const repoEvidence = (repo: RepoMeta): { skill: number; text: string; weight: number }[] => {
    const cached = repoCache.get(repo.repo);
    if (cached !== undefined) return cached;
    const out: { skill: number; text: string; weight: number }[] = [];
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
      const acc: Accumulator = { evidence: [] };
      scanText(acc, topic.replace(/-/g, ' '), 'repo');
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
      const acc: Accumulator = { evidence: new Array<Evidence[] | undefined>(skills.length) };
      scanText(acc, issue.title, 'title');
      for (const label of issue.labels) scanText(acc, label, 'label');
      scanBody(acc, issue.body);
      const fromRepo = repo === undefined ? [] : repoEvidence(repo);
      const result = new Array<SkillEvidence | undefined>(skills.length);
      for (let s = 0; s < skills.length; s++) {
        const list = acc.evidence[s];
        const repoHit = fromRepo.find((e) => e.skill === s);
        if (list === undefined && repoHit === undefined) continue;
        // Per location: the base weight plus a little per extra distinct term; then combined as
        // independent signals, 1 - prod(1 - w), so each new place adds less and the total stays below 1.
        let miss = 1;
        const counts = new Map<EvidenceWhere, number>();
        for (const e of list ?? []) counts.set(e.where, (counts.get(e.where) ?? 0) + 1);
        for (const [where, count] of counts) {
          const w = Math.min(0.95, LOCATION_WEIGHT[where] + EXTRA_TERM_BONUS * Math.min(2, count - 1));
          miss *= 1 - w;
        }
        const evidence = (list ?? [])
          .slice()
          .sort((a, b) => LOCATION_WEIGHT[b.where] - LOCATION_WEIGHT[a.where])
          .slice(0, MAX_EVIDENCE_KEPT);
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
