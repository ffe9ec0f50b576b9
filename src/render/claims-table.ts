// Pure: the `list` table. Titles and logins come from GitHub, so every cell is sanitized for the terminal,
// and widths are measured in display columns so CJK and emoji titles stay aligned.
import type { Claim } from '../state/schema.js';
import { sanitizeLine } from './sanitize.js';
import { displayWidth, formatAge, truncateToWidth } from './width.js';

const TITLE_MAX = 50;

function prCell(c: Claim): string {
  if (c.pullRequests.length === 0) return '-';
  return c.pullRequests
    .map((p) => {
      const where = p.repo.toLowerCase() === c.repo.toLowerCase() ? '' : p.repo;
      const state = p.merged ? 'merged' : p.state === 'OPEN' ? (p.isDraft ? 'draft' : 'open') : 'closed';
      return `${where}#${p.number} ${state}`;
    })
    .join(', ');
}

export function renderClaimsTable(claims: Claim[], now: Date): string {
  const header = ['ISSUE', 'TITLE', 'STATUS', 'AGE', 'PRS'];
  const rows: string[][] = [header];
  for (const c of claims) {
    rows.push([
      sanitizeLine(`${c.repo}#${c.number}`),
      truncateToWidth(sanitizeLine(c.title), TITLE_MAX),
      c.status,
      formatAge(c.claimedAt, now),
      sanitizeLine(prCell(c)),
    ]);
  }
  // Each cell is measured once; the last column is not padded.
  const last = header.length - 1;
  const cellWidths = rows.map((r) => r.map((cell, i) => (i === last ? 0 : displayWidth(cell))));
  const widths = header.map(() => 0);
  for (const cw of cellWidths) for (let i = 0; i < last; i++) widths[i] = Math.max(widths[i] ?? 0, cw[i] ?? 0);
  const lines = rows.map((r, j) => {
    let line = '';
    for (let i = 0; i < last; i++) {
      const cell = r[i] ?? '';
      line += cell + ' '.repeat(Math.max(0, (widths[i] ?? 0) - (cellWidths[j]?.[i] ?? 0))) + '  ';
    }
    return (line + (r[last] ?? '')).trimEnd();
  });
  return `${lines.join('\n')}\n`;
}
