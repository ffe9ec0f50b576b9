import { halfOf, issueId, loadRealEvalData } from './evaluate.js';
import { readdirSync, readFileSync } from 'node:fs';
const d = halfOf(loadRealEvalData(), 'tuning');
const ids = new Set(d.issues.map(issueId));
const kind = process.argv[2]; const minG = Number(process.argv[3] ?? 1); const maxLen = Number(process.argv[4] ?? 1500);
const filter = process.argv[5];
for (const f of readdirSync('fixtures/eval-real').filter(f=>f.startsWith('part-'))) {
  const part = JSON.parse(readFileSync('fixtures/eval-real/'+f,'utf8'));
  for (const i of part.issues) {
    const id = `${i.repo}#${i.number}`; if (!ids.has(id)) continue;
    const g = i.grades[kind] ?? 0; if (g < minG) continue;
    if (filter && !id.includes(filter) && !i.title.includes(filter)) continue;
    console.log(`\n#### g${g} ${id} ${i.title}\nlabels: ${i.labels.join(' | ')}\n${i.body.slice(0, maxLen)}`);
  }
}
