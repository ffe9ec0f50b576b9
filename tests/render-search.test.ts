import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { getSearchJson } from '../src/render/search-json.js';
import { renderSearchTable } from '../src/render/search-table.js';
import { formatAge, truncateToWidth } from '../src/render/width.js';
import { NOW, daysAgo, issue, ranked } from './helpers/issue-builders.js';

const ISSUE_KEYS = [
  'repo', 'number', 'title', 'url', 'labels', 'score', 'matchedSkills', 'taken', 'takenReasons',
  'stale', 'signalsComplete', 'yours', 'createdAt', 'updatedAt', 'comments', 'scoreParts',
];

describe('getSearchJson', () => {
  it('has exactly the documented keys, best first, with GitHub text untouched', () => {
    const hostile = 'Fix \u001b[31mred\u001b[0m <script> "quotes"';
    const a = ranked(issue({ number: 1, title: hostile, commentCount: 4 }), {
      score: 3.14159,
      matchedSkills: [{ skill: 'cuda', evidence: [{ where: 'title', text: 'CUDA' }], contribution: 3 }],
      scoreParts: { skills: 3, freshness: 0.14159 },
    });
    const b = ranked(issue({ number: 2, assignees: ['x'] }), { score: 1, taken: { taken: true, stale: false, reasons: ['assigned to @x'] } });
    const json = getSearchJson({ issues: [a, b], failures: [{ repo: 'no/such', kind: 'not-found', message: 'Could not resolve' }] });
    expect(Object.keys(json)).toEqual(['issues', 'failures']);
    expect(Object.keys(json.issues[0] ?? {})).toEqual(ISSUE_KEYS);
    expect(json.issues[0]).toMatchObject({
      repo: 'vllm-project/vllm',
      number: 1,
      title: hostile,
      url: 'https://github.com/vllm-project/vllm/issues/1',
      labels: ['good first issue'],
      score: 3.142,
      matchedSkills: ['cuda'],
      taken: false,
      takenReasons: [],
      stale: false,
      comments: 4,
      scoreParts: { skills: 3, freshness: 0.142 },
    });
    expect(json.issues[1]).toMatchObject({ number: 2, taken: true, takenReasons: ['assigned to @x'] });
    expect(json.failures).toEqual([{ repo: 'no/such', message: 'Could not resolve' }]);
    // Round-trips through JSON text unchanged, escape character included.
    expect(JSON.parse(JSON.stringify(json)).issues[0].title).toBe(hostile);
  });
});

describe('formatAge', () => {
  it.each([
    [0.01, 'now'],
    [0.5, '12h'],
    [3, '3d'],
    [35, '5w'],
    [120, '4mo'],
    [800, '2y'],
  ])('%d days -> %s', (days, want) => {
    expect(formatAge(daysAgo(days), NOW)).toBe(want);
  });
});

describe('truncateToWidth', () => {
  it('cuts by terminal cells without splitting wide characters or emoji', () => {
    const cut = truncateToWidth('修复量化内核的内存泄漏问题', 9);
    expect(stringWidth(cut)).toBeLessThanOrEqual(9);
    expect(cut.endsWith('…')).toBe(true);
    expect(truncateToWidth('👩‍💻👩‍💻👩‍💻', 5)).toBe('👩‍💻👩‍💻…');
    expect(truncateToWidth('short', 10)).toBe('short');
  });
});

describe('renderSearchTable on a terminal', () => {
  const rows = [
    ranked(issue({ number: 12345, title: '为 FlashAttention 添加 CUDA 12 支持并修复内存泄漏问题的测试用例 🚀🚀', labels: ['good first issue', 'help wanted'] }), {
      matchedSkills: [{ skill: 'cuda', evidence: [], contribution: 3 }],
    }),
    ranked(issue({ repo: 'ggml-org/llama.cpp', number: 7, title: 'Plain ASCII title that is rather long and will need cutting at some point', labels: ['good first issue'] })),
  ];

  it('keeps columns aligned with CJK and emoji titles at the given width', () => {
    const out = renderSearchTable(rows, { now: NOW, columns: 160, color: false, tty: true });
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^#\s+ISSUE\s+TITLE\s+LABELS\s+AGE\s+SKILLS\s+LINK$/);
    // Every row's link starts at the same display column as the LINK header.
    const linkCol = stringWidth((lines[0] ?? '').slice(0, (lines[0] ?? '').indexOf('LINK')));
    for (const l of lines.slice(1)) {
      const at = l.indexOf('https://');
      expect(stringWidth(l.slice(0, at))).toBe(linkCol);
      expect(stringWidth(l)).toBeLessThanOrEqual(160);
    }
    expect(out).toContain('vllm-project/vllm#12345');
    expect(out).toContain('https://github.com/ggml-org/llama.cpp/issues/7');
    expect(out).toContain('…');
    expect(out).not.toContain('\u001b');
  });

  it('strips escape sequences and control characters from hostile titles and labels', () => {
    const hostile = ranked(
      issue({
        title: 'Innocent\u001b]0;pwned\u0007 title\u001b[2J\u001b[31m red\u202e txt.exe\rOVERWRITE',
        labels: ['good first issue\u001b[5m'],
      }),
    );
    const out = renderSearchTable([hostile], { now: NOW, columns: 200, color: false, tty: true });
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(out).toContain('Innocent title red txt.exeOVERWRITE');
  });

  it('colours only when asked to', () => {
    expect(renderSearchTable(rows, { now: NOW, columns: 160, color: true, tty: true })).toContain('\u001b[36m');
    expect(renderSearchTable(rows, { now: NOW, columns: 160, color: false, tty: true })).not.toContain('\u001b[');
  });

  it('marks taken and stale issues with the reason', () => {
    const t = ranked(issue({ number: 3 }), { taken: { taken: true, stale: false, reasons: ['assigned to @alice'] } });
    const s = ranked(issue({ number: 4 }), { taken: { taken: false, stale: true, reasons: ['claim by @bob is 60 days old'] } });
    const out = renderSearchTable([t, s], { now: NOW, columns: 160, color: false, tty: true });
    expect(out).toContain('[taken] ');
    expect(out).toContain('taken: assigned to @alice');
    expect(out).toContain('[stale claim] ');
    expect(out).toContain('claim by @bob is 60 days old');
  });

  it('moves the link under the row, then drops labels, on a narrow terminal', () => {
    const out = renderSearchTable(rows, { now: NOW, columns: 90, color: false, tty: true });
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^#\s+ISSUE\s+TITLE\s+AGE\s+SKILLS$/);
    expect(lines).toContain('   https://github.com/vllm-project/vllm/issues/12345');
    for (const l of lines) expect(stringWidth(l)).toBeLessThanOrEqual(90);
  });
});

describe('renderSearchTable off a terminal', () => {
  it('prints tab-separated lines with full URLs and timestamps, no header', () => {
    const r = ranked(issue({ number: 9, title: 'Tab\there and \u001b[1mbold\u001b[0m', createdAt: '2026-02-01T10:00:00Z' }), {
      matchedSkills: [{ skill: 'python', evidence: [], contribution: 2 }],
    });
    const out = renderSearchTable([r], { now: NOW, columns: 40, color: true, tty: false });
    const fields = out.replace(/\n$/, '').split('\t');
    expect(fields).toEqual([
      '1',
      'vllm-project/vllm#9',
      'free',
      'Tab here and bold',
      'good first issue',
      '2026-02-01T10:00:00Z',
      'python',
      'https://github.com/vllm-project/vllm/issues/9',
      '',
    ]);
  });
});
