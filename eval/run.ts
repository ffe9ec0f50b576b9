// `npm run eval`: NDCG@10 and precision@5 per profile for oss-scout and the baselines, on the set modelled
// on real issues (fixtures/eval-real: its tuning half and its held-out half, each ranked on its own) and on
// the older hand-written set (fixtures/eval). Reports shortfalls; never hides them.
import { evaluate, halfOf, loadEvalData, loadRealEvalData, sparseDraws, type EvalData, type EvalReport } from './evaluate.js';
import { mean } from './metrics.js';

export const TARGET_NDCG = 0.85;
export const TARGET_PROFILE_NDCG = 0.7;

const f = (x: number): string => x.toFixed(3);

function table(title: string, data: EvalData, report: EvalReport, profileTarget: number): string[] {
  const rankers = Object.keys(report.averages);
  const lines: string[] = [title, ''];
  const head = ['profile'.padEnd(26), 'rel'.padStart(4), ...rankers.map((r) => `${r} NDCG@10`.padStart(Math.max(14, r.length + 10)) + `${'P@5'.padStart(7)}`)].join('');
  lines.push(head);
  lines.push('-'.repeat(head.length));
  const shortfalls: string[] = [];
  for (const p of data.profiles) {
    const rel = report.rows.find((x) => x.profile === p.id)?.relevant ?? 0;
    const cells = rankers.map((r) => {
      const row = report.rows.find((x) => x.profile === p.id && x.ranker === r);
      const w = Math.max(14, r.length + 10);
      return rel === 0 ? `${'n/a'.padStart(w)}${''.padStart(7)}` : `${f(row?.ndcg10 ?? 0).padStart(w)}${f(row?.p5 ?? 0).padStart(7)}`;
    });
    lines.push(`${p.id.padEnd(26)}${String(rel).padStart(4)}${cells.join('')}`);
    const mine = report.rows.find((x) => x.profile === p.id && x.ranker === 'oss-scout');
    if (mine && rel > 0 && mine.ndcg10 < profileTarget) shortfalls.push(`${p.id}: NDCG@10 ${f(mine.ndcg10)} is below ${profileTarget}`);
  }
  lines.push('-'.repeat(head.length));
  lines.push(
    `${'average'.padEnd(30)}${rankers.map((r) => `${f(report.averages[r]?.ndcg10 ?? 0).padStart(Math.max(14, r.length + 10))}${f(report.averages[r]?.p5 ?? 0).padStart(7)}`).join('')}`,
  );
  const avg = report.averages['oss-scout']?.ndcg10 ?? 0;
  const ok = avg >= TARGET_NDCG && shortfalls.length === 0;
  lines.push(`target: average NDCG@10 >= ${TARGET_NDCG}, every profile >= ${profileTarget}: ${ok ? 'MET' : 'NOT MET'} (average ${f(avg)})`);
  for (const s of shortfalls) lines.push(`  - ${s}`);
  lines.push('');
  return lines;
}

/** Mean NDCG@10 over sparse draws of the half (at most 3 issues per repository), oss-scout beside BM25. */
function sparseLine(half: string, data: EvalData): string[] {
  const reports = sparseDraws(data).map((d) => evaluate(d));
  const avg = (ranker: string, profile?: string): number =>
    mean(reports.map((r) => (profile === undefined ? (r.averages[ranker]?.ndcg10 ?? 0) : (r.rows.find((x) => x.profile === profile && x.ranker === ranker)?.ndcg10 ?? 0))));
  const lines = [`${half} half, at most 3 issues per repository (4 draws; the hidden set has about 2.7): oss-scout ${f(avg('oss-scout'))}, bm25 ${f(avg('bm25'))}`];
  lines.push(`  ${data.profiles.map((p) => `${p.id} ${f(avg('oss-scout', p.id))}`).join(', ')}`);
  return lines;
}

function main(): void {
  const lines: string[] = [];
  const real = loadRealEvalData();
  lines.push(
    `set modelled on real issues: ${real.issues.length} issues, ${real.repos.length} repos, ${real.profiles.length} profiles, from ${real.parts.length} part files` +
      (real.duplicates > 0 ? ` (${real.duplicates} repeated issues dropped)` : '') +
      '; relevant = grade >= 1 for P@5; "rel" = relevant issues in that half',
  );
  lines.push('');
  for (const half of ['tuning', 'held-out'] as const) {
    const data = halfOf(real, half);
    lines.push(...table(`${half} half: ${data.issues.length} issues, ${data.repos.length} repos`, data, evaluate(data), TARGET_PROFILE_NDCG));
    lines.push(...sparseLine(half, data), '');
  }
  const old = loadEvalData();
  lines.push(...table(`old set (fixtures/eval): ${old.issues.length} issues, ${old.repos.length} repos`, old, evaluate(old), 0.75));
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
