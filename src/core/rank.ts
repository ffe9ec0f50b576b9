import type { IssueRecord, RepoMeta, SkillMatch, SkillProfile } from './types.js';

export interface RankCandidate {
  issue: IssueRecord;
  repo: RepoMeta | undefined;
}

export interface ScoredCandidate extends RankCandidate {
  score: number;
  matchedSkills: SkillMatch[];
  scoreParts: Record<string, number>;
}

export interface RankOptions {
  profile: SkillProfile | null;
  now: Date;
}

// First cut: skill names matched as words in title, labels and body. The skill-profile issue replaces
// this with the vocabulary-based scorer; keep the signature.
export function rankIssues(items: readonly RankCandidate[], options: RankOptions): ScoredCandidate[] {
  const skills = options.profile?.skills ?? [];
  const scored = items.map((c): ScoredCandidate => {
    const matchedSkills: SkillMatch[] = [];
    let skillScore = 0;
    for (const s of skills) {
      const re = new RegExp(`(^|[^a-z0-9+])${s.name.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^a-z0-9+]|$)`, 'i');
      const where = re.test(c.issue.title) ? 'title' : c.issue.labels.some((l) => re.test(l)) ? 'label' : re.test(c.issue.body) ? 'body' : null;
      if (where) {
        const contribution = s.weight * (where === 'body' ? 0.5 : 1);
        matchedSkills.push({ skill: s.name, evidence: [{ where, text: s.name }], contribution });
        skillScore += contribution;
      }
    }
    const ageDays = (options.now.getTime() - Date.parse(c.issue.updatedAt)) / 86_400_000;
    const freshness = Math.max(0, 1 - ageDays / 365) * 0.5;
    const scoreParts = { skills: skillScore, freshness };
    return { ...c, score: skillScore + freshness, matchedSkills, scoreParts };
  });
  return scored.sort((a, b) => b.score - a.score || Date.parse(b.issue.updatedAt) - Date.parse(a.issue.updatedAt));
}
