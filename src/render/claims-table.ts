// Pure: the `list` table. Titles and logins come from GitHub, so every cell is sanitized for the terminal,
// and widths are measured in display columns so CJK and emoji titles stay aligned.
import stringWidth from 'string-width';
import type { Claim } from '../state/schema.js';
import { sanitizeLine } from './sanitize.js';

const TITLE_MAX = 50;

export function formatAge(from: string, now: Date): string {
  const ms = now.getTime() - Date.parse(from);
  const hours = Math.floor(ms / 3_600_000);
  if (hours < 1) return '<1h';
  if (hours < 24) return `${hours}h`;
  return `${Math.floor(hours / 24)}d`;
}

export function truncateToWidth(text: string, max: number): string {
  if (stringWidth(text) <= max) return text;
  let out = '';
  for (const ch of text) {
    if (stringWidth(out + ch) > max - 1) break;
    out += ch;
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

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - stringWidth(text)));
}

export function renderClaimsTable(claims: Claim[], now: Date): string {
  const header = ['ISSUE', 'TITLE', 'STATUS', 'AGE', 'PRS'];
  const rows = claims.map((c) => [
    sanitizeLine(`${c.repo}#${c.number}`),
    truncateToWidth(sanitizeLine(c.title), TITLE_MAX),
    c.status,
    formatAge(c.claimedAt, now),
    sanitizeLine(prCell(c)),
  ]);
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => stringWidth(r[i] ?? ''))));
  return all
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : pad(cell, widths[i] ?? 0))).join('  ').trimEnd())
    .join('\n') + '\n';
}
