// `npm run eval`: NDCG@10 and precision@5 per profile for oss-scout and two baselines, against the
// labelled set in fixtures/eval. Reports shortfalls; never hides them.
import { evaluate, loadEvalData } from './evaluate.js';

export const TARGET_NDCG = 0.85;
export const TARGET_MARGIN_OVER_NEWEST = 0.25;

const f = (x: number): string => x.toFixed(3);

function main(): void {
  const data = loadEvalData();
  const report = evaluate(data);
  const rankers = Object.keys(report.averages);
  const lines: string[] = [];
  lines.push(`eval set: ${data.issues.length} issues, ${data.repos.length} repos, ${data.profiles.length} profiles (relevant = grade >= 1 for P@5)`);
  lines.push('');
  const head = ['profile'.padEnd(22), ...rankers.map((r) => `${r} NDCG@10`.padStart(22) + `${'P@5'.padStart(7)}`)].join('');
  lines.push(head);
  lines.push('-'.repeat(head.length));
  const shortfalls: string[] = [];
  for (const p of data.profiles) {
    const cells = rankers.map((r) => {
      const row = report.rows.find((x) => x.profile === p.id && x.ranker === r);
      return `${f(row?.ndcg10 ?? 0).padStart(22)}${f(row?.p5 ?? 0).padStart(7)}`;
    });
    lines.push(`${p.id.padEnd(22)}${cells.join('')}`);
    const mine = report.rows.find((x) => x.profile === p.id && x.ranker === 'oss-scout');
    const newest = report.rows.find((x) => x.profile === p.id && x.ranker === 'newest-first');
    if (mine && mine.ndcg10 < TARGET_NDCG) shortfalls.push(`${p.id}: NDCG@10 ${f(mine.ndcg10)} is below the ${TARGET_NDCG} target`);
    if (mine && newest && mine.ndcg10 - newest.ndcg10 < TARGET_MARGIN_OVER_NEWEST) {
      shortfalls.push(`${p.id}: only ${f(mine.ndcg10 - newest.ndcg10)} above newest-first (target ${TARGET_MARGIN_OVER_NEWEST})`);
    }
  }
  lines.push('-'.repeat(head.length));
  lines.push(`${'average'.padEnd(22)}${rankers.map((r) => `${f(report.averages[r]?.ndcg10 ?? 0).padStart(22)}${f(report.averages[r]?.p5 ?? 0).padStart(7)}`).join('')}`);
  lines.push('');
  const avg = report.averages['oss-scout']?.ndcg10 ?? 0;
  const margin = avg - (report.averages['newest-first']?.ndcg10 ?? 0);
  const ok = avg >= TARGET_NDCG && margin >= TARGET_MARGIN_OVER_NEWEST;
  lines.push(`target: average NDCG@10 >= ${TARGET_NDCG} and >= ${TARGET_MARGIN_OVER_NEWEST} above newest-first: ${ok ? 'MET' : 'NOT MET'} (average ${f(avg)}, margin ${f(margin)})`);
  if (shortfalls.length > 0) {
    lines.push('per-profile shortfalls:');
    for (const s of shortfalls) lines.push(`  - ${s}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
