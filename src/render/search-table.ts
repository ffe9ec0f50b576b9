// Terminal output for `search`: an aligned table on a TTY, tab-separated lines otherwise (like gh).
// Every piece of GitHub text goes through sanitizeLine; widths are measured with string-width so CJK
// and emoji titles keep the columns straight.
import { displayWidth, formatAge, padToWidth, truncateToWidth, wrapWords } from './width.js';
import type { RankedIssue } from '../core/types.js';
import { sanitizeLine } from './sanitize.js';
import { palette } from './ansi.js';
import { issueKey } from '../core/refs.js';
import { groupSeries } from '../core/series.js';

export interface TableOptions {
  now: Date;
  /** Terminal width; 100 when unknown. */
  columns?: number;
  color: boolean;
  /** false: tab-separated lines for scripts and pipes. */
  tty: boolean;
  /** Issue keys (`owner/name#N`, lower case) the user has claimed: marked "yours". */
  claimed?: ReadonlySet<string>;
  /** A line printed above the table (the sample-data banner). */
  banner?: string;
}

const GAP = '  ';
// The title is the column people read: it gets at least this much (or all it needs) before anything else,
// and other columns shorten towards TITLE_WANT first.
const TITLE_MIN = 40;
const TITLE_WANT = 60;
// A cut reference keeps its "#N" end; the full one is in the link line below the row.
const REF_NARROW = 28;

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
  sample: boolean;
  reasons: string;
}

/** An invented sample issue has no number worth showing: its reference says "(sample)" instead. */
export function displayRef(issue: Pick<RankedIssue['issue'], 'repo' | 'number' | 'sample'>): string {
  return sanitizeLine(issue.sample ? `${issue.repo} (sample)` : `${issue.repo}#${issue.number}`);
}

function toRow(r: RankedIssue, i: number, now: Date, claimed?: ReadonlySet<string>): Row {
  const mark = status(r);
  const yours = claimed?.has(issueKey(r.issue.repo, r.issue.number)) === true;
  // "[?]": some taken signals did not arrive, so "free" is a guess; check the issue before claiming it.
  const prefix =
    (yours ? '[yours] ' : '') + (mark === 'taken' ? '[taken] ' : mark === 'stale' ? '[stale claim] ' : '') + (r.issue.signalsComplete ? '' : '[?] ');
  return {
    rank: String(i + 1),
    ref: displayRef(r.issue),
    title: prefix + sanitizeLine(r.issue.title),
    labels: sanitizeLine(r.issue.labels.join(', ')),
    age: formatAge(r.issue.createdAt, now),
    skills: sanitizeLine(r.matchedSkills.map((m) => m.skill).join(', ')),
    link: sanitizeLine(r.issue.url),
    mark,
    sample: r.issue.sample === true,
    reasons: sanitizeLine(r.taken.reasons.join('; ')),
  };
}

/** Tab-separated, one issue a line: rank, ref, status, title, labels, created, skills, url, reasons. */
export function renderSearchTsv(issues: readonly RankedIssue[], claimed?: ReadonlySet<string>): string {
  return issues
    .map((r, i) => {
      const row = toRow(r, i, new Date(0), claimed);
      const yours = claimed?.has(issueKey(r.issue.repo, r.issue.number)) === true;
      const title = (yours ? '[yours] ' : '') + sanitizeLine(r.issue.title);
      return [row.rank, row.ref, row.mark, title, row.labels, r.issue.createdAt, row.skills, row.link, row.reasons]
        .map((f) => f.replace(/\t/g, ' '))
        .join('\t');
    })
    .map((l) => `${l}\n`)
    .join('');
}

type Col = 'rank' | 'ref' | 'title' | 'labels' | 'age' | 'skills' | 'link';
const HEADERS: Record<Col, string> = { rank: '#', ref: 'ISSUE', title: 'TITLE', labels: 'LABELS', age: 'AGE', skills: 'SKILLS', link: 'LINK' };

/** Cuts a reference in its repository name, so "#N" / "(sample)" stays readable. */
function cutRef(ref: string, max: number): string {
  if (displayWidth(ref) <= max) return ref;
  const at = ref.lastIndexOf(ref.endsWith(')') ? ' (' : '#');
  const tail = at > 0 ? ref.slice(at) : '';
  return tail && max - displayWidth(tail) >= 6 ? `${truncateToWidth(ref.slice(0, at), max - displayWidth(tail))}${tail}` : truncateToWidth(ref, max);
}

export function renderSearchTable(issues: readonly RankedIssue[], options: TableOptions): string {
  if (!options.tty) return renderSearchTsv(issues, options.claimed);
  const c = palette(options.color);
  // A series of near-identical issues is one row, "[+N similar]" in front where a cut title keeps it
  // (JSON and TSV keep every issue).
  const rows = groupSeries(issues, status).map((g, i) => {
    const row = toRow(g.lead, i, options.now, options.claimed);
    return g.similar.length === 0 ? row : { ...row, title: `[+${g.similar.length} similar] ${row.title}` };
  });
  const total = options.columns && options.columns > 0 ? options.columns : 100;

  const natural = (col: Col): number => rows.reduce((m, r) => Math.max(m, displayWidth(r[col])), displayWidth(HEADERS[col]));
  const caps: Partial<Record<Col, number>> = { ref: 40, labels: 28, skills: 22 };
  const widthOf = (col: Col): number => Math.min(natural(col), caps[col] ?? Infinity);
  const titleMin = Math.min(natural('title'), TITLE_MIN);
  const titleWant = Math.min(natural('title'), TITLE_WANT);

  let cols: Col[] = ['rank', 'ref', 'title', 'labels', 'age', 'skills', 'link'];
  const titleRoom = (): number =>
    total - cols.filter((x) => x !== 'title').reduce((s, x) => s + widthOf(x), 0) - GAP.length * (cols.length - 1);
  // Columns give way to the title in this order: a cut URL is useless, so the link moves to its own line
  // under the row (labels and skills shorten first); labels go; references shorten (keeping "#N"); skills go.
  let linkBelow = false;
  const steps: { want: number; apply: () => void }[] = [
    { want: titleWant, apply: () => ((caps.labels = 16), (caps.skills = 14)) },
    { want: titleMin, apply: () => ((linkBelow = true), (cols = cols.filter((x) => x !== 'link'))) },
    { want: titleMin, apply: () => (cols = cols.filter((x) => x !== 'labels')) },
    { want: titleMin, apply: () => (caps.ref = REF_NARROW) },
    { want: titleMin, apply: () => (cols = cols.filter((x) => x !== 'skills')) },
  ];
  for (const step of steps) if (titleRoom() < step.want) step.apply();
  // Room the title does not need goes back to the shortened columns, labels first.
  for (const col of ['labels', 'skills'] as const) {
    const spare = titleRoom() - natural('title');
    const cap = caps[col] ?? Infinity;
    if (spare > 0 && cols.includes(col) && cap < Math.min(natural(col), col === 'labels' ? 28 : 22)) {
      caps[col] = Math.min(natural(col), col === 'labels' ? 28 : 22, cap + spare);
    }
  }
  const widths = Object.fromEntries(cols.map((x) => [x, x === 'title' ? Math.max(titleMin, Math.min(natural('title'), titleRoom())) : widthOf(x)])) as Record<Col, number>;

  const cell = (col: Col, text: string, last: boolean): string => {
    const cut = col === 'link' ? text : col === 'ref' ? cutRef(text, widths[col]) : truncateToWidth(text, widths[col]);
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
  if (options.banner) for (const l of wrapWords(sanitizeLine(options.banner), total)) lines.push(c.yellow(l));
  lines.push(cols.map((col, i) => c.bold(cell(col, HEADERS[col], i === cols.length - 1))).join(GAP).trimEnd());
  for (const row of rows) {
    lines.push(cols.map((col, i) => colour(col, cell(col, row[col], i === cols.length - 1), row)).join(GAP).trimEnd());
    const indent = ' '.repeat(widths.rank + GAP.length);
    // A sample row's link is its repository's beginner-issue list, not the issue: the LINK column and
    // --json show it; on a narrow terminal it would only wrap.
    if (linkBelow && !row.sample) lines.push(indent + c.dim(row.link));
    if (row.mark !== 'free' && row.reasons) {
      const text = truncateToWidth(`${row.mark === 'taken' ? 'taken' : 'stale claim, counted as free'}: ${row.reasons}`, Math.max(20, total - indent.length));
      lines.push(indent + (row.mark === 'taken' ? c.red(text) : c.yellow(text)));
    } else if (row.reasons) {
      // A PR that only mentions the issue: free, ranked lower, and worth a look first.
      lines.push(indent + c.dim(truncateToWidth(`note: ${row.reasons}`, Math.max(20, total - indent.length))));
    }
  }
  return lines.map((l) => `${l}\n`).join('');
}
