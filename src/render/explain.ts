import type { RankedIssue } from '../core/types.js';

// First cut; the ranking issue gives this per-factor detail.
export function formatExplanation(items: readonly RankedIssue[]): string {
  return items
    .map((r, i) => {
      const parts = Object.entries(r.scoreParts)
        .map(([k, v]) => `${k} ${v >= 0 ? '+' : ''}${v.toFixed(2)}`)
        .join(', ');
      const skills = r.matchedSkills.map((m) => `${m.skill} (${m.evidence.map((e) => `${e.where}: "${e.text}"`).join('; ')})`).join(', ');
      return `${i + 1}. ${r.issue.repo}#${r.issue.number}  score ${r.score.toFixed(2)} = ${parts}\n   skills: ${skills || 'none'}`;
    })
    .join('\n');
}
