// Runs the labelled eval set through oss-scout's ranker and two baselines. Used by eval/run.ts (the table)
// and tests/eval.test.ts (the CI floor).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSkillList } from '../src/config/profile.js';
import { rankIssues } from '../src/core/rank.js';
import { resolveProfile } from '../src/core/skills/resolve.js';
import type { IssueRecord, RepoMeta, SkillProfile } from '../src/core/types.js';
import { mean, ndcgAtK, precisionAtK } from './metrics.js';

export const EVAL_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/eval');

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

export interface EvalRow {
  profile: string;
  ranker: string;
  ndcg10: number;
  p5: number;
}

export interface EvalReport {
  rows: EvalRow[];
  /** ranker -> mean over profiles. */
  averages: Record<string, { ndcg10: number; p5: number }>;
}

export function evaluate(data: EvalData = loadEvalData()): EvalReport {
  const rows: EvalRow[] = [];
  for (const p of data.profiles) {
    const profile = toProfile(p);
    for (const [name, ranker] of Object.entries(RANKERS)) {
      const ranked = ranker(data, profile);
      rows.push({ profile: p.id, ranker: name, ndcg10: ndcgAtK(ranked, p.judgments, EVAL_DEPTH), p5: precisionAtK(ranked, p.judgments, 5) });
    }
  }
  const averages: EvalReport['averages'] = {};
  for (const name of Object.keys(RANKERS)) {
    const mine = rows.filter((r) => r.ranker === name);
    averages[name] = { ndcg10: mean(mine.map((r) => r.ndcg10)), p5: mean(mine.map((r) => r.p5)) };
  }
  return { rows, averages };
}
