// Runs the labelled eval set through oss-scout's ranker and two baselines. Used by eval/run.ts (the table)
// and tests/eval.test.ts (the CI floor).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSkillList } from '../src/core/skill-list.js';
import { rankIssues } from '../src/core/rank.js';
import { resolveProfile } from '../src/core/skills/resolve.js';
import type { IssueRecord, RepoMeta, SkillProfile } from '../src/core/types.js';
import { mean, ndcgAtK, precisionAtK } from './metrics.js';

export const EVAL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/eval');
/** The set modelled on real issues: profiles.json and any number of part-*.json (see its README). */
export const REAL_EVAL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/eval-real');

export interface EvalProfile {
  id: string;
  description: string;
  /** As typed on the command line: "cuda:3,triton:3,c++:2". */
  skills: string;
  avoid: string;
  /** "owner/name#number" -> grade; unlisted issues are 0. */
  judgments: Record<string, number>;
}

export interface EvalData {
  now: Date;
  repos: RepoMeta[];
  issues: IssueRecord[];
  profiles: EvalProfile[];
}

export function loadEvalData(dir: string = EVAL_DIR): EvalData {
  const set = JSON.parse(readFileSync(path.join(dir, 'issues.json'), 'utf8')) as { now: string; repos: RepoMeta[]; issues: IssueRecord[] };
  const judg = JSON.parse(readFileSync(path.join(dir, 'judgments.json'), 'utf8')) as { profiles: EvalProfile[] };
  return { now: new Date(set.now), repos: set.repos, issues: set.issues, profiles: judg.profiles };
}

export const issueId = (i: IssueRecord): string => `${i.repo}#${i.number}`;

type Grades = Record<string, number>;
interface RealPart {
  writer?: string;
  repos: RepoMeta[];
  issues: (IssueRecord & { modelledOn: string; grades: Grades })[];
}
interface RealProfiles {
  now: string;
  kinds: Record<string, string>;
  profiles: { id: string; kind: string; skills: string; avoid?: string }[];
}

export interface RealEvalData extends EvalData {
  /** Which part file each issue came from, and how many repeated issues were dropped (first one wins). */
  parts: string[];
  duplicates: number;
}

/**
 * The set modelled on real issues. Every profile is judged by its kind's grades; the part files may grow
 * while they are written, so whatever part-*.json exist are read, in name order.
 */
export function loadRealEvalData(dir: string = REAL_EVAL_DIR): RealEvalData {
  const meta = JSON.parse(readFileSync(path.join(dir, 'profiles.json'), 'utf8')) as RealProfiles;
  const parts = readdirSync(dir).filter((f) => /^part-.*\.json$/.test(f)).sort();
  const repos = new Map<string, RepoMeta>();
  const issues: (IssueRecord & { grades: Grades })[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  for (const file of parts) {
    const part = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as RealPart;
    for (const r of part.repos) if (!repos.has(r.repo)) repos.set(r.repo, r);
    for (const i of part.issues) {
      const id = issueId(i);
      if (seen.has(id)) {
        duplicates++;
        continue;
      }
      seen.add(id);
      issues.push(i);
    }
  }
  const profiles: EvalProfile[] = meta.profiles.map((p) => {
    const judgments: Record<string, number> = {};
    for (const i of issues) {
      const g = i.grades[p.kind] ?? 0;
      if (g > 0) judgments[issueId(i)] = g;
    }
    return { id: p.id, description: meta.kinds[p.kind] ?? p.kind, skills: p.skills, avoid: p.avoid ?? '', judgments };
  });
  // The issues as the ranker sees them: what a fetch would give, without the eval's own fields.
  const plain = issues.map((i) => {
    const { grades: _grades, modelledOn: _modelledOn, beginnerLabelAdded: _added, ...rest } = i as IssueRecord & { grades: Grades; modelledOn?: string; beginnerLabelAdded?: unknown };
    return rest as IssueRecord;
  });
  return { now: new Date(meta.now), repos: [...repos.values()], issues: plain, profiles, parts, duplicates };
}

/** The held-out half: the first byte of sha1("owner/name#number") is odd. Nothing is tuned on it. */
export function isHeldOut(id: string): boolean {
  return ((createHash('sha1').update(id).digest()[0] as number) & 1) === 1;
}

export type Half = 'tuning' | 'held-out';

/** One half as an eval set of its own: its issues are the only candidates, its judgments the only ones. */
export function halfOf(data: EvalData, half: Half): EvalData {
  const keep = (id: string): boolean => isHeldOut(id) === (half === 'held-out');
  const issues = data.issues.filter((i) => keep(issueId(i)));
  const repoNames = new Set(issues.map((i) => i.repo));
  return {
    now: data.now,
    repos: data.repos.filter((r) => repoNames.has(r.repo)),
    issues,
    profiles: data.profiles.map((p) => ({ ...p, judgments: Object.fromEntries(Object.entries(p.judgments).filter(([id]) => keep(id))) })),
  };
}

/**
 * The half as sparse as real catalogs are across many repositories (the hidden set holds about 2.7 issues
 * per repository): `draws` subsets keeping at most `perRepo` issues of each repository, picked by
 * sha1(seed + id), so the figures are the same on every run. Checks that a change does not lean on
 * what only many issues of one repository show (repeated template lines, per-repository frequencies).
 */
export function sparseDraws(data: EvalData, perRepo = 3, draws = 4): EvalData[] {
  const out: EvalData[] = [];
  for (let d = 0; d < draws; d++) {
    const key = (i: IssueRecord): string => createHash('sha1').update(`${d}:${issueId(i)}`).digest('hex');
    const count = new Map<string, number>();
    const issues = [...data.issues]
      .map((i) => ({ i, k: key(i) }))
      .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
      .map((x) => x.i)
      .filter((i) => {
        const n = count.get(i.repo) ?? 0;
        count.set(i.repo, n + 1);
        return n < perRepo;
      });
    const ids = new Set(issues.map(issueId));
    out.push({
      now: data.now,
      repos: data.repos,
      issues,
      profiles: data.profiles.map((p) => ({ ...p, judgments: Object.fromEntries(Object.entries(p.judgments).filter(([id]) => ids.has(id))) })),
    });
  }
  return out;
}

export function toProfile(p: EvalProfile): SkillProfile {
  return {
    skills: parseSkillList(p.skills),
    avoid: p.avoid.split(',').map((s) => s.trim().toLowerCase()).filter((s) => s !== ''),
    customSkills: [],
  };
}

/** How deep the metrics look: NDCG@10 and P@5. A ranker's list may stop there. */
export const EVAL_DEPTH = 10;

export type Ranker = (data: EvalData, profile: SkillProfile) => string[];

const byNewest = (a: IssueRecord, b: IssueRecord): number => Date.parse(b.createdAt) - Date.parse(a.createdAt) || a.number - b.number;

export const RANKERS: Readonly<Record<string, Ranker>> = {
  'oss-scout': (data, profile) => {
    const repos = new Map(data.repos.map((r) => [r.repo, r]));
    // evaluate() reads the first EVAL_DEPTH only (NDCG@10, P@5), so only those are built.
    return rankIssues(
      data.issues.map((issue) => ({ issue, repo: repos.get(issue.repo) })),
      { profile, now: data.now, limit: EVAL_DEPTH },
    ).map((c) => issueId(c.issue));
  },
  'newest-first': (data) => [...data.issues].sort(byNewest).map(issueId),
  // Plain BM25 over title, labels and body, the query being the skills as typed (weights and vocabulary
  // ignored): what the vocabulary and the scorer must beat.
  bm25: (data, profile) => bm25Rank(data.issues, profile.skills.map((s) => s.name).join(' ')),
  // What goodfirstissue.dev-style tools do: repos whose language matches a skill first, newest first within.
  'repo-language': (data, profile) => {
    const repos = new Map(data.repos.map((r) => [r.repo, r]));
    const langs = new Set(resolveProfile(profile).wanted.flatMap((s) => (s.definition.languages ?? []).map((l) => l.toLowerCase())));
    const langScore = (i: IssueRecord): number => {
      const r = repos.get(i.repo);
      if (r === undefined) return 0;
      if (r.primaryLanguage !== null && langs.has(r.primaryLanguage.toLowerCase())) return 2;
      return r.languages.some((l) => langs.has(l.toLowerCase())) ? 1 : 0;
    };
    return [...data.issues].sort((a, b) => langScore(b) - langScore(a) || byNewest(a, b)).map(issueId);
  },
};

const bm25Tokens = (text: string): string[] => text.toLowerCase().match(/[\p{L}\p{N}_+#]+/gu) ?? [];

function bm25Rank(issues: readonly IssueRecord[], query: string, k1 = 1.2, b = 0.75): string[] {
  const docs = issues.map((i) => bm25Tokens(`${i.title}\n${i.labels.join('\n')}\n${i.body}`));
  const avgLen = mean(docs.map((d) => d.length)) || 1;
  const terms = [...new Set(bm25Tokens(query))];
  const df = new Map(terms.map((t) => [t, docs.filter((d) => d.includes(t)).length]));
  const scores = docs.map((d) => {
    let s = 0;
    for (const t of terms) {
      const tf = d.filter((x) => x === t).length;
      if (tf === 0) continue;
      const n = df.get(t) as number;
      const idf = Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
      s += (idf * tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * d.length) / avgLen));
    }
    return s;
  });
  return issues
    .map((issue, k) => ({ issue, s: scores[k] as number }))
    .sort((x, y) => y.s - x.s || byNewest(x.issue, y.issue))
    .map((x) => issueId(x.issue));
}

export interface EvalRow {
  profile: string;
  ranker: string;
  ndcg10: number;
  p5: number;
  /** Judged-relevant issues (grade >= 1) for the profile; a profile with none is left out of averages. */
  relevant: number;
}

export interface EvalReport {
  rows: EvalRow[];
  /** ranker -> mean over the profiles that have something relevant to find. */
  averages: Record<string, { ndcg10: number; p5: number }>;
}

export function evaluate(data: EvalData = loadEvalData()): EvalReport {
  const rows: EvalRow[] = [];
  for (const p of data.profiles) {
    const profile = toProfile(p);
    const relevant = Object.values(p.judgments).filter((g) => g > 0).length;
    for (const [name, ranker] of Object.entries(RANKERS)) {
      const ranked = ranker(data, profile);
      rows.push({ profile: p.id, ranker: name, ndcg10: ndcgAtK(ranked, p.judgments, EVAL_DEPTH), p5: precisionAtK(ranked, p.judgments, 5), relevant });
    }
  }
  const averages: EvalReport['averages'] = {};
  for (const name of Object.keys(RANKERS)) {
    const mine = rows.filter((r) => r.ranker === name && r.relevant > 0);
    averages[name] = { ndcg10: mean(mine.map((r) => r.ndcg10)), p5: mean(mine.map((r) => r.p5)) };
  }
  return { rows, averages };
}
