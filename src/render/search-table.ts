// Terminal output for `search`: an aligned table on a TTY, tab-separated lines otherwise (like gh).
// Every piece of GitHub text goes through sanitizeLine; widths are measured with string-width so CJK
// and emoji titles keep the columns straight.
import { displayWidth, formatAge, padToWidth, truncateToWidth } from './width.js';
import type { RankedIssue } from '../core/types.js';
import { sanitizeLine } from './sanitize.js';
import { groupSeries } from '../core/series.js';

export interface TableOptions {
  now: Date;
  /** Terminal width; 100 when unknown. */
  columns?: number;
  color: boolean;
  /** false: tab-separated lines for scripts and pipes. */
  tty: boolean;
}

const GAP = '  ';
const MIN_TITLE = 24;
const MIN_TITLE_WITH_LINK = 30;

const ansi = {
  bold: (s: string) => `\u001b[1m${s}\u001b[22m`,
  dim: (s: string) => `\u001b[2m${s}\u001b[22m`,
  cyan: (s: string) => `\u001b[36m${s}\u001b[39m`,
  green: (s: string) => `\u001b[32m${s}\u001b[39m`,
  yellow: (s: string) => `\u001b[33m${s}\u001b[39m`,
  red: (s: string) => `\u001b[31m${s}\u001b[39m`,
};
const plain = Object.fromEntries(Object.keys(ansi).map((k) => [k, (s: string) => s])) as typeof ansi;

/** "now", "5h", "3d", "5w", "4mo", "2y" since `iso`. */


function status(r: RankedIssue): 'taken' | 'stale' | 'free' {
  if (r.taken.taken) return 'taken';
  if (r.taken.stale) return 'stale';
  return 'free';
}

interface Row {
  rank: string;
  ref: string;
  title: string;
  labels: string;
  age: string;
  skills: string;
  link: string;
  mark: 'taken' | 'stale' | 'free';
  reasons: string;
}

function toRow(r: RankedIssue, i: number, now: Date): Row {
  const mark = status(r);
  const prefix = mark === 'taken' ? '[taken] ' : mark === 'stale' ? '[stale claim] ' : '';
  return {
    rank: String(i + 1),
    ref: sanitizeLine(`${r.issue.repo}#${r.issue.number}`),
    title: prefix + sanitizeLine(r.issue.title),
    labels: sanitizeLine(r.issue.labels.join(', ')),
    age: formatAge(r.issue.createdAt, now),
    skills: sanitizeLine(r.matchedSkills.map((m) => m.skill).join(', ')),
    link: sanitizeLine(r.issue.url),
    mark,
    reasons: sanitizeLine(r.taken.reasons.join('; ')),
  };
}

/** Tab-separated, one issue a line: rank, ref, status, title, labels, created, skills, url, reasons. */
export function renderSearchTsv(issues: readonly RankedIssue[]): string {
  return issues
    .map((r, i) => {
      const row = toRow(r, i, new Date(0));
      const title = sanitizeLine(r.issue.title);
      return [row.rank, row.ref, row.mark, title, row.labels, r.issue.createdAt, row.skills, row.link, row.reasons]
        .map((f) => f.replace(/\t/g, ' '))
        .join('\t');
    })
    .map((l) => `${l}\n`)
    .join('');
}

type Col = 'rank' | 'ref' | 'title' | 'labels' | 'age' | 'skills' | 'link';
const HEADERS: Record<Col, string> = { rank: '#', ref: 'ISSUE', title: 'TITLE', labels: 'LABELS', age: 'AGE', skills: 'SKILLS', link: 'LINK' };
const CAPS: Partial<Record<Col, number>> = { ref: 40, labels: 28, skills: 22 };

export function renderSearchTable(issues: readonly RankedIssue[], options: TableOptions): string {
  if (!options.tty) return renderSearchTsv(issues);
  const c = options.color ? ansi : plain;
  // A series of near-identical issues is one row, "[+N similar]" in front where a cut title keeps it
  // (JSON and TSV keep every issue).
  const rows = groupSeries(issues, status).map((g, i) => {
    const row = toRow(g.lead, i, options.now);
    return g.similar.length === 0 ? row : { ...row, title: `[+${g.similar.length} similar] ${row.title}` };
  });
  const total = options.columns && options.columns > 0 ? options.columns : 100;

  const natural = (col: Col): number => rows.reduce((m, r) => Math.max(m, displayWidth(r[col])), displayWidth(HEADERS[col]));
  const widthOf = (col: Col): number => Math.min(natural(col), CAPS[col] ?? Infinity);

  // A cut URL is useless, so on narrow terminals the link moves to its own line under the row, then the
  // least useful columns go, before the title is squeezed below MIN_TITLE.
  let cols: Col[] = ['rank', 'ref', 'title', 'labels', 'age', 'skills', 'link'];
  const titleRoom = (cs: Col[]): number =>
    total - cs.filter((x) => x !== 'title').reduce((s, x) => s + widthOf(x), 0) - GAP.length * (cs.length - 1);
  const linkBelow = titleRoom(cols) < MIN_TITLE_WITH_LINK;
  if (linkBelow) cols = cols.filter((x) => x !== 'link');
  for (const drop of ['labels', 'skills'] as const) {
    if (titleRoom(cols) >= MIN_TITLE) break;
    cols = cols.filter((x) => x !== drop);
  }
  const widths = Object.fromEntries(cols.map((x) => [x, x === 'title' ? Math.max(MIN_TITLE, Math.min(natural('title'), titleRoom(cols))) : widthOf(x)])) as Record<Col, number>;

  const cell = (col: Col, text: string, last: boolean): string => {
    const cut = col === 'link' ? text : truncateToWidth(text, widths[col]);
    return last ? cut : padToWidth(cut, widths[col]);
  };
  const colour = (col: Col, text: string, row?: Row): string => {
    if (col === 'ref') return c.cyan(text);
    if (col === 'age' || col === 'link') return c.dim(text);
    if (col === 'skills') return c.green(text);
    if (col === 'title' && row?.mark === 'taken') return c.red(text);
    if (col === 'title' && row?.mark === 'stale') return c.yellow(text);
    return text;
  };

  const lines: string[] = [];
  lines.push(cols.map((col, i) => c.bold(cell(col, HEADERS[col], i === cols.length - 1))).join(GAP).trimEnd());
  for (const row of rows) {
    lines.push(cols.map((col, i) => colour(col, cell(col, row[col], i === cols.length - 1), row)).join(GAP).trimEnd());
    const indent = ' '.repeat(widths.rank + GAP.length);
    if (linkBelow) lines.push(indent + c.dim(row.link));
    if (row.mark !== 'free' && row.reasons) {
      const text = truncateToWidth(`${row.mark === 'taken' ? 'taken' : 'stale claim, counted as free'}: ${row.reasons}`, Math.max(20, total - indent.length));
      lines.push(indent + (row.mark === 'taken' ? c.red(text) : c.yellow(text)));
    }
  }
  return lines.map((l) => `${l}\n`).join('');
}
