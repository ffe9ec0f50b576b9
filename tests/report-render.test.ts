import { readFileSync } from 'node:fs';
import path from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { buildReport, type ReportData } from '../src/core/report.js';
import type { UserPullRequest } from '../src/core/types.js';
import { resolvePeriod } from '../src/core/report-period.js';
import { renderReportJson } from '../src/render/report-json.js';
import { renderReportMarkdown } from '../src/render/report-md.js';
import { renderReportText } from '../src/render/report-text.js';
import stringWidth from 'string-width';
import { escapeMarkdown, sanitizeLine } from '../src/render/sanitize.js';
import { parseState, type State } from '../src/state/schema.js';
import { repoRoot } from './helpers/cli.js';

const NOW = new Date('2026-01-14T12:00:00Z');
const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(path.join(repoRoot, 'fixtures', 'report', name), 'utf8')) as T;
const HOSTILE: string[] = fixture('hostile-titles.json');

// linkify on: GitHub autolinks bare URLs and www. names, so the parser must too for the test to mean anything.
const parser = new MarkdownIt({ html: true, linkify: true });
type Token = ReturnType<typeof parser.parse>[number];

/** A report where every piece of GitHub text (titles, details, reasons, skills) is hostile. */
function hostileReport(): ReportData {
  const claims: State['claims'] = HOSTILE.map((title, i) => {
    const number = 1000 + i;
    const status = i % 3 === 0 ? 'taken-by-other' : i % 3 === 1 ? 'dropped' : 'pr-open';
    return {
      repo: 'vllm-project/vllm',
      number,
      title,
      url: `https://github.com/vllm-project/vllm/issues/${number}`,
      labels: [],
      claimedAt: '2026-01-12T10:00:00Z',
      status,
      statusHistory: [
        { status: 'claimed', at: '2026-01-12T10:00:00Z' },
        { status, at: '2026-01-13T10:00:00Z', detail: title },
      ],
      notes: [],
      pullRequests: [],
      droppedReason: status === 'dropped' ? title : null,
      lastRefreshedAt: null,
    };
  });
  // A repo name that is not one (hand-edited state): shown as text, never linked.
  claims.push({ ...claims[2]!, repo: 'evil](https://evil.example)/x', number: 1, status: 'claimed', statusHistory: [] });
  const state = parseState({
    version: 2,
    viewer: { login: 'alice', apiUrl: 'https://api.github.com', fetchedAt: NOW.toISOString() },
    claims,
  });
  const pullRequests: UserPullRequest[] = HOSTILE.map((title, i) => ({
    repo: 'pytorch/pytorch',
    number: 5000 + i,
    url: 'https://evil.example/not-a-pr',
    title,
    state: i % 2 === 0 ? 'MERGED' : 'OPEN',
    merged: i % 2 === 0,
    mergedAt: i % 2 === 0 ? '2026-01-13T12:00:00Z' : null,
    createdAt: '2026-01-12T12:00:00Z',
    isDraft: false,
    reviewDecision: null,
  }));
  return buildReport({
    state,
    activity: { pullRequests },
    nextUp: HOSTILE.slice(0, 3).map((title, i) => ({
      repo: 'sgl-project/sglang',
      number: 7000 + i,
      title,
      url: 'javascript:alert(1)',
      matchedSkills: [HOSTILE[i + 3] ?? ''],
    })),
    period: resolvePeriod({ week: true }, NOW),
    now: NOW,
  });
}

function walk(tokens: Token[], visit: (t: Token) => void): void {
  for (const t of tokens) {
    visit(t);
    if (t.children) walk(t.children, visit);
  }
}

/** Rows of each table as lists of cell texts (inline content as parsed, i.e. after unescaping). */
function tables(tokens: Token[]): { header: number; rows: { cells: number; texts: string[] }[] }[] {
  const out: { header: number; rows: { cells: number; texts: string[] }[] }[] = [];
  let current: (typeof out)[number] | null = null;
  let row: { cells: number; texts: string[] } | null = null;
  let inHead = false;
  let inCell = false;
  for (const t of tokens) {
    if (t.type === 'table_open') current = { header: 0, rows: [] };
    else if (t.type === 'table_close' && current) out.push(current);
    else if (t.type === 'thead_open') inHead = true;
    else if (t.type === 'thead_close') inHead = false;
    else if (t.type === 'tr_open') row = { cells: 0, texts: [] };
    else if (t.type === 'tr_close' && row && current) {
      if (inHead) current.header = row.cells;
      else current.rows.push(row);
    } else if ((t.type === 'td_open' || t.type === 'th_open') && row) {
      row.cells += 1;
      inCell = true;
    } else if (t.type === 'td_close' || t.type === 'th_close') inCell = false;
    else if (t.type === 'inline' && inCell && row) {
      row.texts.push(
        (t.children ?? [])
          .filter((c) => c.type === 'text' || c.type === 'softbreak')
          .map((c) => c.content)
          .join(''),
      );
    }
  }
  return out;
}

const LINK_RE = /^https:\/\/github\.com\/(?:alice|[A-Za-z0-9-]+\/[A-Za-z0-9._-]+\/(?:issues|pull)\/\d+)$/;

describe('markdown report', () => {
  it('every table row has as many cells as its header, whatever the titles contain', () => {
    const md = renderReportMarkdown(hostileReport());
    const ts = tables(parser.parse(md, {}));
    // Summary, merged per repo, claims, opened, merged, waiting, closed, dropped, next up.
    expect(ts.length).toBe(9);
    for (const t of ts) {
      expect(t.header).toBeGreaterThan(0);
      for (const r of t.rows) expect(r.cells).toBe(t.header);
    }
    const claimsTable = ts.find((t) => t.rows.length === HOSTILE.length + 1 && t.header === 4);
    expect(claimsTable).toBeDefined();
  });

  it('creates no links, images, HTML or code from GitHub text; every link is one we built', () => {
    const md = renderReportMarkdown(hostileReport());
    const tokens = parser.parse(md, {});
    const hrefs: string[] = [];
    const kinds = new Set<string>();
    walk(tokens, (t) => {
      kinds.add(t.type);
      if (t.type === 'link_open') hrefs.push(String(t.attrGet('href') ?? ''));
    });
    expect(kinds.has('html_inline')).toBe(false);
    expect(kinds.has('html_block')).toBe(false);
    expect(kinds.has('image')).toBe(false);
    expect(kinds.has('code_inline')).toBe(false);
    expect(kinds.has('code_block')).toBe(false);
    expect(kinds.has('fence')).toBe(false);
    expect(kinds.has('strong_open')).toBe(true); // our own "**Streak:**", so the walk does see markup
    expect(hrefs.length).toBeGreaterThan(HOSTILE.length * 2);
    for (const h of hrefs) expect(h).toMatch(LINK_RE);
    const html = parser.render(md);
    expect(html).not.toMatch(/<script|<img|evil\.example"/i);
    expect(html).not.toContain('\u001b');
  });

  it('keeps the text of every title: escaping is lossless apart from terminal-control stripping', () => {
    const md = renderReportMarkdown(hostileReport());
    const texts = tables(parser.parse(md, {})).flatMap((t) => t.rows.flatMap((r) => r.texts));
    const shown = new Set(texts.map((s) => s.replace(/\u2060/g, '')));
    for (const title of HOSTILE) expect(shown).toContain(sanitizeLine(title));
  });

  it('cannot mention users or link issue numbers when pasted into GitHub', () => {
    const md = renderReportMarkdown(hostileReport());
    // GitHub links @login and #123 in rendered text; an invisible word joiner breaks both.
    expect(md).not.toMatch(/@everyone|@org\/team|[^\\]#123|\\#123/);
    expect(md).toContain('\u2060@\u2060everyone');
    expect(md).toContain('attacker\u2060@\u2060evil.example');
  });

  it('links the contributor and every issue and PR', () => {
    const r = buildReport({
      state: parseState(fixture('busy-week.json')),
      activity: fixture('busy-week-search.json'),
      nextUp: null,
      period: resolvePeriod({ week: true }, NOW),
      now: NOW,
    });
    const md = renderReportMarkdown(r);
    expect(md).toContain('# Contribution report: 2026-01-12 to 2026-01-14');
    expect(md).toContain('[@alice](https://github.com/alice)');
    expect(md).toContain('[pytorch/pytorch\\#202](https://github.com/pytorch/pytorch/pull/202)');
    expect(md).toContain('[vllm\\-project/vllm\\#101](https://github.com/vllm-project/vllm/issues/101)');
    expect(md).toContain('## Going stale');
    expect(md).toMatch(/unclaim/);
    expect(md).toContain('**Streak:** 3 consecutive weeks');
    expect(md).not.toContain('Built from the local state only');
  });

  it('says when the report was built offline and when nothing happened', () => {
    const r = buildReport({
      state: parseState({ version: 2, claims: [] }),
      activity: null,
      nextUp: null,
      period: resolvePeriod({}, NOW),
      now: NOW,
    });
    const md = renderReportMarkdown(r);
    expect(md).toContain('Built from the local state only');
    expect(md).toContain('No claims or pull requests in this period');
    expect(tables(parser.parse(md, {}))).toHaveLength(1);
  });
});

describe('escapeMarkdown', () => {
  const inlineTypes = (s: string): string[] => {
    const types: string[] = [];
    walk(parser.parseInline(escapeMarkdown(s), {}), (t) => types.push(t.type));
    return types;
  };
  it.each([
    ['a | b'],
    ['<b>x</b>'],
    ['`x`'],
    ['[x](https://e.example)'],
    ['![i](https://e.example/p.png)'],
    ['https://e.example'],
    ['www.e.example'],
    ['<https://e.example>'],
    ['*a* _b_ ~~c~~'],
    ['\\'],
    ['&amp;'],
    ['mail a@b.example'],
  ])('%j renders as plain text', (s) => {
    expect(inlineTypes(s).filter((t) => t !== 'inline' && t !== 'text')).toEqual([]);
  });
});

describe('text report', () => {
  const busy = () =>
    buildReport({
      state: parseState(fixture('busy-week.json')),
      activity: fixture('busy-week-search.json'),
      nextUp: null,
      period: resolvePeriod({ week: true }, NOW),
      now: NOW,
    });

  it('is compact, plain without colour, and shows every section', () => {
    const out = renderReportText(busy(), { color: false, width: 100 });
    expect(out).not.toContain('\u001b');
    expect(out).toContain('Contribution report for @alice');
    expect(out).toContain('This period: 2 claimed · 2 PRs opened · 2 merged');
    expect(out).toContain('Streak: 3 weeks');
    for (const h of ['Claims made (2)', 'PRs opened (2)', 'PRs merged (2)', 'Waiting for review (1)', 'Going stale', 'Closed or taken by someone else (1)', 'Dropped (1)']) {
      expect(out).toContain(h);
    }
    expect(out).toMatch(/vllm-project\/vllm#201 .*waiting 1\.1 days/);
  });

  it.each([80, 120])('fits %i columns: no line wider, prose broken between words, titles as wide as the line allows', (width) => {
    const out = renderReportText(busy(), { color: false, width });
    const lines = out.trimEnd().split('\n');
    for (const line of lines) expect(stringWidth(line)).toBeLessThanOrEqual(width);
    // Every word of a wrapped paragraph is whole: joining the lines gives back the sentence.
    const allTime = lines.findIndex((l) => l.startsWith('All time:'));
    const para = [lines[allTime], ...lines.slice(allTime + 1).filter((l, i, a) => a.slice(0, i + 1).every((x) => x.startsWith('  ')))].map((l) => (l ?? '').trim()).join(' ');
    expect(para).toMatch(/^All time: \d+ claimed · \d+ PRs opened · \d+ merged · median claim→PR .+, PR→merge .+$/);
  });

  it('colours only when asked', () => {
    expect(renderReportText(busy(), { color: true })).toContain('\u001b[1m');
  });

  it('strips escape sequences and control characters from GitHub text', () => {
    const out = renderReportText(hostileReport(), { color: false, width: 200 });
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(out).toContain('osc link');
  });
});

describe('json report', () => {
  it('is the report data exactly, hostile text unaltered, with stable keys', () => {
    const r = hostileReport();
    const parsed = JSON.parse(renderReportJson(r)) as ReportData;
    expect(parsed).toEqual(r);
    expect(parsed.claimsMade.map((c) => c.title)).toContain(HOSTILE[15]);
    expect(Object.keys(parsed)).toEqual([
      'format',
      'version',
      'generatedAt',
      'period',
      'viewer',
      'webUrl',
      'sources',
      'claimsMade',
      'pullRequestsOpened',
      'pullRequestsMerged',
      'awaitingReview',
      'staleClaims',
      'closedByOthers',
      'droppedClaims',
      'totals',
      'streak',
      'nextUp',
    ]);
    expect(Object.keys(parsed.pullRequestsOpened[0]!)).toEqual([
      'repo',
      'number',
      'title',
      'url',
      'state',
      'isDraft',
      'reviewDecision',
      'createdAt',
      'mergedAt',
      'issue',
    ]);
  });
});
