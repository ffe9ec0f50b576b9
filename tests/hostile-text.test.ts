// Attacker-controlled text (issue titles, bodies, labels, logins) through every output: the terminal table
// and TSV strip escapes, controls and bidi overrides and stay aligned; Markdown escapes HTML, links, pipes
// and backticks; --json gives the text back byte for byte.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { escapeMarkdown, sanitizeLine, sanitizeTerminal } from '../src/render/sanitize.js';
import { repoRoot, runInProcess, tempHome, testEnv } from './helpers/cli.js';
import { writeStateText } from './helpers/state.js';

interface Hostile {
  name: string;
  text: string;
}
interface SnapshotIssue {
  number: number;
  title: string;
  labels: string[];
  url: string;
}

const HOSTILE = JSON.parse(readFileSync(path.join(repoRoot, 'fixtures/hostile/titles.json'), 'utf8')) as Hostile[];
const SNAPSHOT = path.join(repoRoot, 'fixtures/hostile/snapshot.json');
const SNAPSHOT_ISSUES = (JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as { issues: SnapshotIssue[] }).issues;
const NOW = new Date('2026-11-20T12:00:00Z');

// ESC, C0 controls other than tab and newline, DEL, C1 controls, bidi overrides/isolates/marks.
const FORBIDDEN_TERMINAL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/;
// Our own colours: bold, dim, and the foreground colours the table uses, and their resets.
const OWN_SGR = /\u001b\[(?:1|2|22|31|32|33|36|39|0)m/g;

function codepoints(s: string): string {
  return [...s].map((c) => `U+${c.codePointAt(0)?.toString(16).padStart(4, '0')}`).join(' ');
}

// Invisible characters that hide text or shift columns; a zero-width joiner between two pictographs is part
// of an emoji (👩‍👧) and stays.
const INVISIBLE = /[\u200b\u200c\u2060\ufeff\u2028\u2029]|(?<!\p{Extended_Pictographic}\ufe0f?)\u200d|\u200d(?!\p{Extended_Pictographic})/u;
// The word joiners escapeMarkdown itself puts around "@" and after "#" (so GitHub links and pings nothing).
const OWN_JOINERS = /\u2060@\u2060|#\u2060/g;

function expectTerminalSafe(out: string): void {
  const m = FORBIDDEN_TERMINAL.exec(out) ?? INVISIBLE.exec(out);
  expect(m ? `forbidden ${codepoints(m[0])} near ${JSON.stringify(out.slice(Math.max(0, m.index - 30), m.index + 30))}` : 'clean').toBe('clean');
}

const searchArgs = ['search', '--snapshot', SNAPSHOT, '--limit', '100', '--skills', 'python'];

describe('sanitizeTerminal / sanitizeLine on every hostile title', () => {
  it.each(HOSTILE)('$name: no escape, control or bidi character survives', ({ text }) => {
    expectTerminalSafe(sanitizeLine(text));
    expect(sanitizeLine(text)).not.toContain('\n');
    // Newlines and tabs survive sanitizeTerminal (multi-line bodies), nothing else does.
    expectTerminalSafe(sanitizeTerminal(text).replace(/[\n\t]/g, ''));
  });

  it('strips zero-width characters and line/paragraph separators, keeps emoji built with joiners', () => {
    expect(sanitizeLine('zero\u200bwidth\u200c non\u200d-joiner word\u2060joiner bom\ufeff line\u2028sep para\u2029sep')).toBe(
      'zerowidth non-joiner wordjoiner bom linesep parasep',
    );
    expect(sanitizeLine('👩‍👩‍👧‍👦 and 🏳️‍🌈 stay whole')).toBe('👩‍👩‍👧‍👦 and 🏳️‍🌈 stay whole');
    expect(sanitizeLine('\u200d👩\u200d')).toBe('👩');
    expect(stringWidth(sanitizeLine('a\u200b\u2060\ufeffb'))).toBe(2);
  });

  it('keeps the visible text of wide and ordinary titles', () => {
    expect(sanitizeLine('漢字のタイトル：分散学習のバグを修正する')).toBe('漢字のタイトル：分散学習のバグを修正する');
    expect(sanitizeLine('\u001b[31mRED\u001b[0m title')).toBe('RED title');
    expect(sanitizeLine('\u001b]8;;https://evil.example/phish\u001b\\click here\u001b]8;;\u001b\\ now')).toBe('click here now');
    expect(sanitizeLine('\u001b]0;pwned\u0007 x')).toBe('x');
  });
});

describe('search table on a terminal with hostile issues', () => {
  async function table(extraEnv: Record<string, string | undefined> = {}, columns = 220): Promise<string> {
    const r = await runInProcess(searchArgs, { env: testEnv(tempHome(), extraEnv), now: NOW, isTTY: true, columns });
    expect(r.code).toBe(0);
    return r.stdout;
  }

  it('contains no ESC, C0/C1 control or bidi character (NO_COLOR)', async () => {
    const out = await table();
    expectTerminalSafe(out.replace(/\n/g, ''));
    // Every hostile issue is there.
    for (const i of SNAPSHOT_ISSUES) expect(out).toContain(`hostile-org/hostile-repo#${i.number}`);
  });

  it('with colour on, the only escapes are the table\'s own colours', async () => {
    const out = await table({ NO_COLOR: undefined, FORCE_COLOR: '1' });
    expect(out).toMatch(OWN_SGR);
    expectTerminalSafe(out.replace(OWN_SGR, '').replace(/\n/g, ''));
  });

  it.each([220, 100, 60])('stays aligned at %i columns: every column starts where its header does', async (columns) => {
    const out = await table({}, columns);
    const lines = out.split('\n').filter((l) => l !== '');
    const header = lines[0] ?? '';
    const at = (line: string, needle: string): number => stringWidth(line.slice(0, line.indexOf(needle)));
    const rows = lines.filter((l) => /^\d+\s/.test(l));
    expect(rows).toHaveLength(SNAPSHOT_ISSUES.length);
    for (const row of rows) {
      expect(at(row, 'hostile-org/'), row).toBe(at(header, 'ISSUE'));
      if (header.includes('AGE')) {
        // The age ("10d") sits at the AGE column; everything before it (title, labels) kept its width.
        const age = /\s(\d+d)(\s|$)/.exec(row.slice(row.indexOf('hostile-org/') + 30));
        expect(age, row).not.toBeNull();
      }
      if (header.includes('LINK')) expect(at(row, 'https://github.com/hostile-org/'), row).toBe(at(header, 'LINK'));
    }
    // Every issue in the fixture has the same age, skills and link length, so aligned rows are equally wide
    // whatever their titles (CJK, emoji, stripped escapes).
    expect([...new Set(rows.map((r) => stringWidth(r)))]).toHaveLength(1);
    // Within the terminal, unless the title's minimum width forces more on a very narrow one.
    if (columns >= 100) for (const row of rows) expect(stringWidth(row)).toBeLessThanOrEqual(columns);
  });

  it('tab-separated output (not a terminal) has exactly one line of 9 fields per issue and no escapes', async () => {
    const r = await runInProcess(searchArgs, { env: testEnv(tempHome()), now: NOW, isTTY: false });
    expect(r.code).toBe(0);
    const lines = r.stdout.replace(/\n$/, '').split('\n');
    expect(lines).toHaveLength(SNAPSHOT_ISSUES.length);
    for (const l of lines) expect(l.split('\t')).toHaveLength(9);
    expectTerminalSafe(r.stdout.replace(/[\n\t]/g, ''));
  });

  it('--explain output is sanitized too', async () => {
    const r = await runInProcess([...searchArgs, '--explain'], { env: testEnv(tempHome()), now: NOW, isTTY: true, columns: 160 });
    expect(r.code).toBe(0);
    expectTerminalSafe(r.stdout.replace(/\n/g, ''));
    expectTerminalSafe(r.stderr.replace(/\n/g, ''));
  });
});

describe('search --json with hostile issues', () => {
  it('gives every title and label back byte for byte', async () => {
    const r = await runInProcess([...searchArgs, '--json'], { env: testEnv(tempHome()), now: NOW });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { issues: { number: number; title: string; labels: string[] }[] };
    const byNumber = new Map(out.issues.map((i) => [i.number, i]));
    expect(byNumber.size).toBe(SNAPSHOT_ISSUES.length);
    for (const want of SNAPSHOT_ISSUES) {
      expect(byNumber.get(want.number)?.title).toBe(want.title);
      expect(byNumber.get(want.number)?.labels).toEqual(want.labels);
    }
    for (const h of HOSTILE) expect(out.issues.some((i) => i.title === h.text)).toBe(true);
  });
});

// --- Markdown ---------------------------------------------------------------------------------------

const md = new MarkdownIt({ html: true, linkify: true });
type Token = ReturnType<typeof md.parse>[number];

function flatten(tokens: Token[]): Token[] {
  return tokens.flatMap((t) => [t, ...flatten(t.children ?? [])]);
}

/** The Markdown must not turn issue text into HTML, links, images or code. */
function expectInert(markdown: string, allowLink: (href: string) => boolean): Token[] {
  const tokens = flatten(md.parse(markdown, {}));
  for (const t of tokens) {
    expect(['html_inline', 'html_block', 'image'], `${t.type}: ${t.content}`).not.toContain(t.type);
    if (t.type === 'link_open') {
      const href = String(t.attrGet('href') ?? '');
      expect(allowLink(href), `link to ${href}`).toBe(true);
    }
  }
  return tokens;
}

function tableShape(tokens: Token[]): number[][] {
  const rows: number[][] = [];
  let inTable = -1;
  for (const t of tokens) {
    if (t.type === 'table_open') {
      rows.push([]);
      inTable = rows.length - 1;
    }
    if (t.type === 'table_close') inTable = -1;
    if (inTable >= 0 && t.type === 'tr_open') rows[inTable]?.push(0);
    if (inTable >= 0 && (t.type === 'th_open' || t.type === 'td_open')) {
      const r = rows[inTable];
      if (r) r[r.length - 1] = (r[r.length - 1] ?? 0) + 1;
    }
  }
  return rows;
}

describe('escapeMarkdown on every hostile title', () => {
  it.each(HOSTILE)('$name: one table cell, no HTML, link, image or code span', ({ text }) => {
    const cell = escapeMarkdown(text);
    expect(cell).not.toMatch(/\n/);
    const tokens = expectInert(`| title | n |\n| --- | --- |\n| ${cell} | 1 |\n`, () => false);
    expect(tableShape(tokens)).toEqual([[2, 2]]);
    expect(tokens.some((t) => t.type === 'code_inline')).toBe(false);
    // Also outside a table, as a list item.
    const listTokens = expectInert(`- ${cell}\n`, () => false);
    expect(listTokens.some((t) => t.type === 'code_inline')).toBe(false);
    expectTerminalSafe(cell.replace(OWN_JOINERS, ''));
  });
});

function hostileState(): string {
  const at = (d: number): string => new Date(NOW.getTime() - d * 86_400_000).toISOString();
  const claims = HOSTILE.map((h, i) => {
    const n = 2001 + i;
    const status = (['claimed', 'pr-open', 'merged', 'dropped'] as const)[i % 4];
    const prs =
      status === 'pr-open' || status === 'merged'
        ? [
            {
              repo: 'hostile-org/hostile-repo',
              number: 5000 + i,
              url: `https://github.com/hostile-org/hostile-repo/pull/${5000 + i}`,
              title: h.text,
              state: status === 'merged' ? 'MERGED' : 'OPEN',
              merged: status === 'merged',
              mergedAt: status === 'merged' ? at(1) : null,
              createdAt: at(3),
              isDraft: false,
              reviewDecision: null,
            },
          ]
        : [];
    return {
      repo: 'hostile-org/hostile-repo',
      number: n,
      title: h.text,
      url: `https://github.com/hostile-org/hostile-repo/issues/${n}`,
      labels: ['good first issue', h.text],
      claimedAt: at(i % 2 === 0 ? 2 : 20),
      status,
      statusHistory: [{ status: 'claimed', at: at(i % 2 === 0 ? 2 : 20) }, ...(status === 'claimed' ? [] : [{ status, at: at(1), detail: h.text }])],
      notes: [{ at: at(1), text: h.text }],
      pullRequests: prs,
      droppedReason: status === 'dropped' ? h.text : null,
      lastRefreshedAt: null,
    };
  });
  return `${JSON.stringify({ version: 2, viewer: { login: 'evil\u202euser', apiUrl: 'https://api.github.com', fetchedAt: at(1) }, claims }, null, 2)}\n`;
}

describe('report and list with hostile claims in the state', () => {
  const githubLink = (href: string): boolean => /^https:\/\/github\.com\/hostile-org\/hostile-repo\/(issues|pull)\/\d+$/.test(href);

  it('report --format md: no raw HTML, images or links from issue text, tables keep their cell count', async () => {
    const home = tempHome();
    writeStateText(home, hostileState());
    const r = await runInProcess(['report', '--format', 'md', '--no-refresh', '--since', '2026-10-01'], { env: testEnv(home), now: NOW });
    expect(r.code, r.stderr).toBe(0);
    const tokens = expectInert(r.stdout, githubLink);
    for (const shape of tableShape(tokens)) expect(new Set(shape).size, JSON.stringify(shape)).toBe(1);
    expect(tokens.filter((t) => t.type === 'link_open').length).toBeGreaterThan(0);
    // No code span carries issue text (escaped backticks stay literal).
    for (const t of tokens.filter((x) => x.type === 'code_inline')) {
      for (const h of HOSTILE) expect(h.text.includes(t.content) && t.content.length > 3).toBe(false);
    }
    expectTerminalSafe(r.stdout.replace(OWN_JOINERS, '').replace(/\n/g, ''));
  });

  it('report --format text (a terminal, with colour): only our own colours', async () => {
    const home = tempHome();
    writeStateText(home, hostileState());
    const r = await runInProcess(['report', '--format', 'text', '--no-refresh', '--since', '2026-10-01'], {
      env: testEnv(home, { NO_COLOR: undefined, FORCE_COLOR: '1' }),
      now: NOW,
      isTTY: true,
      columns: 120,
    });
    expect(r.code, r.stderr).toBe(0);
    expectTerminalSafe(r.stdout.replace(OWN_SGR, '').replace(/\n/g, ''));
  });

  it('report --format json: titles back byte for byte', async () => {
    const home = tempHome();
    writeStateText(home, hostileState());
    const r = await runInProcess(['report', '--format', 'json', '--no-refresh', '--since', '2026-10-01'], { env: testEnv(home), now: NOW });
    expect(r.code, r.stderr).toBe(0);
    for (const h of HOSTILE) expect(r.stdout).toContain(JSON.stringify(h.text));
  });

  it('list --all on a terminal: no escape, control or bidi character', async () => {
    const home = tempHome();
    writeStateText(home, hostileState());
    const r = await runInProcess(['list', '--all'], { env: testEnv(home), now: NOW, isTTY: true, columns: 120 });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('hostile-org/hostile-repo#2001');
    expectTerminalSafe(r.stdout.replace(/\n/g, ''));
    expectTerminalSafe(r.stderr.replace(/\n/g, ''));
  });

  it('list --json: titles and notes back byte for byte', async () => {
    const home = tempHome();
    writeStateText(home, hostileState());
    const r = await runInProcess(['list', '--all', '--json'], { env: testEnv(home), now: NOW });
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { claims: { title: string; notes: { text: string }[] }[] };
    expect(out.claims.map((c) => c.title)).toEqual(HOSTILE.map((h) => h.text));
    expect(out.claims.map((c) => c.notes[0]?.text)).toEqual(HOSTILE.map((h) => h.text));
  });
});
