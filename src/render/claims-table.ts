// Pure: the `list` table. Titles and logins come from GitHub, so every cell is sanitized for the terminal,
// and widths are measured in display columns so CJK and emoji titles stay aligned.
import stringWidth from 'string-width';
import type { Claim } from '../state/schema.js';
import { sanitizeLine } from './sanitize.js';

const TITLE_MAX = 50;

// Almost every cell is printable ASCII: one column per character, no need for string-width's segmentation.
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const graphemes = new Intl.Segmenter();
const graphemeWidths = new Map<string, number>();

/** Display columns of sanitized text (no escape sequences); string-width only when it is not plain ASCII. */
export function displayWidth(text: string): number {
  return PRINTABLE_ASCII.test(text) ? text.length : stringWidth(text);
}

function graphemeWidth(g: string): number {
  let w = graphemeWidths.get(g);
  if (w === undefined) {
    w = stringWidth(g);
    if (graphemeWidths.size < 10_000) graphemeWidths.set(g, w);
  }
  return w;
}

export function formatAge(from: string, now: Date): string {
  const ms = now.getTime() - Date.parse(from);
  const hours = Math.floor(ms / 3_600_000);
  if (hours < 1) return '<1h';
  if (hours < 24) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

export function truncateToWidth(text: string, max: number): string {
  if (PRINTABLE_ASCII.test(text)) return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
  if (stringWidth(text) <= max) return text;
  // One pass over grapheme clusters (string-width's own unit, so the widths add up): linear in the title,
  // and never cuts an emoji sequence or a letter from its combining marks.
  let out = '';
  let width = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = graphemeWidth(segment);
    if (width + w > max - 1) break;
    out += segment;
    width += w;
  }
  return `${out}…`;
}

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
