// One-off normalisation of fixtures/eval-real/part-*.json, kept so anyone can see what was changed and why.
//
// `search` only ever ranks issues that carry one of the repository's beginner labels (it fetches by label),
// but many real issues the eval issues were modelled on were found without one in the corpus excerpts. So
// that the eval ranks what search would rank, an issue with no beginner-type label gets the repository's
// first catalog label ('good first issue' for repositories outside the catalog), and says so in
// `beginnerLabelAdded`. Idempotent: an issue that already has one is left alone.
import { readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CATALOG } from '../src/catalog/catalog.js';
import { labelStrength, normalizeLabel } from '../src/core/scoring/labels.js';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/eval-real');
const firstLabel = new Map(CATALOG.map((e) => [e.repo.toLowerCase(), e.labels[0] ?? 'good first issue']));

for (const name of readdirSync(dir).filter((n) => /^part-.*\.json$/.test(n)).sort()) {
  const file = path.join(dir, name);
  const data = JSON.parse(readFileSync(file, 'utf8')) as { issues: { repo: string; labels: string[]; beginnerLabelAdded?: string }[] };
  let added = 0;
  for (const issue of data.issues) {
    if (issue.beginnerLabelAdded !== undefined) continue;
    if (issue.labels.some((l) => labelStrength(normalizeLabel(l)) > 0)) continue;
    const label = firstLabel.get(issue.repo.toLowerCase()) ?? 'good first issue';
    issue.labels = [label, ...issue.labels];
    issue.beginnerLabelAdded = label;
    added += 1;
  }
  writeFileSync(`${file}.tmp`, `${JSON.stringify(data, null, 2)}\n`);
  JSON.parse(readFileSync(`${file}.tmp`, 'utf8'));
  renameSync(`${file}.tmp`, file);
  process.stdout.write(`${name}: beginner label added to ${added} of ${data.issues.length} issues\n`);
}
