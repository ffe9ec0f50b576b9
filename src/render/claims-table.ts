// Pure: the `list` table. Titles and logins come from GitHub, so every cell is sanitized for the terminal,
// and widths are measured in display columns so CJK and emoji titles stay aligned.
import type { Claim } from '../core/types.js';
import { sanitizeLine } from './sanitize.js';
import { displayWidth, formatAge, truncateToWidth } from './width.js';

// The title takes what the other columns leave, within these bounds.
const TITLE_MIN = 20;
const TITLE_MAX = 70;

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

/** `columns`: the terminal width (100 when unknown); the title column takes what the others leave. */
export function renderClaimsTable(claims: Claim[], now: Date, columns = 100): string {
  const header = ['ISSUE', 'TITLE', 'STATUS', 'AGE', 'PRS'];
  const rows: string[][] = [header];
  for (const c of claims) {
    rows.push([sanitizeLine(`${c.repo}#${c.number}`), sanitizeLine(c.title), c.status, formatAge(c.claimedAt, now), sanitizeLine(prCell(c))]);
  }
  // Measured once (10,000 rows are rendered in well under a second); then the title gets the room left.
  const widest = (i: number): number => rows.reduce((m, r) => Math.max(m, displayWidth(r[i] ?? '')), 0);
  const others = widest(0) + widest(2) + widest(3) + Math.min(widest(4), 16) + 2 * (header.length - 1);
  const titleWidth = Math.max(TITLE_MIN, Math.min(TITLE_MAX, widest(1), columns - others));
  for (const r of rows) r[1] = truncateToWidth(r[1] ?? '', titleWidth);
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
    // The PR list is cut to the line, never wrapped by the terminal.
    const room = Math.max(8, columns - displayWidth(line));
    return (line + truncateToWidth(r[last] ?? '', room)).trimEnd();
  });
  return `${lines.join('\n')}\n`;
}
