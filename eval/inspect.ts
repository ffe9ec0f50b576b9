// `npx tsx eval/inspect.ts [profile-id...]`: for tuning, the top 10 of the *tuning half* of the set modelled
// on real issues per profile, with grades and evidence, and the relevant issues that missed the top 10.
// It never shows the held-out half: that half is only for reporting (npm run eval).
// `--sparse=D` shows sparse draw D (0-3) of the tuning half instead: at most 3 issues per repository.
import { rankIssues } from '../src/core/rank.js';
import { halfOf, issueId, loadRealEvalData, sparseDraws, toProfile } from './evaluate.js';
import { ndcgAtK } from './metrics.js';

const args = process.argv.slice(2);
const sparse = args.find((a) => a.startsWith('--sparse='));
const tuning = halfOf(loadRealEvalData(), 'tuning');
const data = sparse ? (sparseDraws(tuning)[Number(sparse.slice('--sparse='.length))] ?? tuning) : tuning;
const wanted = args.filter((a) => !a.startsWith('--'));
const repos = new Map(data.repos.map((r) => [r.repo, r]));
for (const p of data.profiles) {
  if (wanted.length > 0 && !wanted.includes(p.id)) continue;
  const ranked = rankIssues(
    data.issues.map((issue) => ({ issue, repo: repos.get(issue.repo) })),
    { profile: toProfile(p), now: data.now },
  );
  const line = (r: (typeof ranked)[number], k: number): string => {
    const g = p.judgments[issueId(r.issue)] ?? 0;
    const ev = r.matchedSkills.map((m) => `${m.skill} ${m.contribution.toFixed(2)} [${m.evidence.slice(0, 4).map((e) => `${e.where}:${e.text}`).join(', ')}]`).join('; ');
    return `${String(k + 1).padStart(3)} g${g} ${r.score.toFixed(2)} ${issueId(r.issue)} ${r.issue.title.slice(0, 70)}\n        ${ev}`;
  };
  const ndcg = ndcgAtK(ranked.map((r) => issueId(r.issue)), p.judgments, 10);
  process.stdout.write(`\n== ${p.id} (${p.skills}) NDCG@10 ${ndcg.toFixed(3)}\n`);
  ranked.slice(0, 10).forEach((r, k) => process.stdout.write(`${line(r, k)}\n`));
  process.stdout.write('   missed:\n');
  ranked.forEach((r, k) => {
    if (k >= 10 && (p.judgments[issueId(r.issue)] ?? 0) > 0) process.stdout.write(`${line(r, k)}\n`);
  });
}
