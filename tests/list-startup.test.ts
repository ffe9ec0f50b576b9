// `list --json` over 1,000 claims must start about as fast as node itself: the claim commands must not
// pull Octokit (or other GitHub modules) into the static import graph, and the table must stay aligned.
import { describe, expect, it } from 'vitest';
import { renderClaimsTable } from '../src/render/claims-table.js';
import { serializeState } from '../src/state/store.js';
import type { Claim } from '../src/core/types.js';
import { runInProcess, tempHome, testEnv } from './helpers/cli.js';
import { writeStateText } from './helpers/state.js';
import { staticGraph } from './helpers/static-graph.js';

function claim(i: number, title = `issue ${i}`): Claim {
  return {
    repo: 'org/repo', number: i, title, url: `https://github.com/org/repo/issues/${i}`, labels: [], claimedAt: '2026-01-01T00:00:00.000Z',
    status: 'claimed', statusHistory: [{ status: 'claimed', at: '2026-01-01T00:00:00.000Z' }], notes: [], pullRequests: [],
    droppedReason: null, lastRefreshedAt: null,
  };
}

describe('list start-up path', () => {
  it.each(['src/cli/list.ts', 'src/cli/claim.ts', 'src/cli/unclaim.ts', 'src/cli/note.ts'])('%s statically imports no GitHub client code', (entry) => {
    const graph = [...staticGraph(entry)];
    expect(graph.filter((m) => m.startsWith('@octokit') || m === 'bottleneck' || m.startsWith('src/github/'))).toEqual([]);
    expect(graph.filter((m) => m === 'proper-lockfile' || m === 'write-file-atomic')).toEqual([]);
  });

  it('list --json does not load the table renderer (string-width)', () => {
    expect([...staticGraph('src/cli/list.ts')]).not.toContain('string-width');
  });

  it('list reads the state without zod in its static imports (zod loads only when a file needs full validation)', () => {
    expect([...staticGraph('src/cli/list.ts')].filter((m) => m === 'zod' || m.startsWith('zod/'))).toEqual([]);
    expect([...staticGraph('src/state/store.ts')].filter((m) => m === 'zod' || m.startsWith('zod/'))).toEqual([]);
  });

  it('lists 1,000 claims as JSON', async () => {
    const home = tempHome();
    writeStateText(home, serializeState({ version: 2, viewer: null, claims: Array.from({ length: 1000 }, (_, i) => claim(i + 1)) }));
    const r = await runInProcess(['list', '--json'], { env: testEnv(home) });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { claims: unknown[] }).claims).toHaveLength(1000);
  });
});

describe('claims table with hostile and wide titles', () => {
  it('strips escapes, controls and bidi overrides, and aligns CJK and emoji by display width', () => {
    const out = renderClaimsTable(
      [
        claim(1, 'evil \u001b]8;;https://x.test\u0007link\u001b]8;;\u0007 \u001b[31mred\u001b[0m \u202eoverride\ttab\nnewline'),
        claim(2, '修复分布式训练中的内存泄漏问题 🚀'),
        claim(3, 'plain'),
      ],
      new Date('2026-01-05T00:00:00.000Z'),
    );
    expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    expect(out).toContain('evil link red override tab newline');
    const lines = out.trimEnd().split('\n');
    const statusCol = (line: string) => {
      const idx = line.indexOf('claimed');
      return [...line.slice(0, idx)].reduce((w, ch) => w + (/[\u3000-\u9fff]|\p{Extended_Pictographic}/u.test(ch) ? 2 : 1), 0);
    };
    expect(new Set(lines.slice(1).map(statusCol)).size).toBe(1);
  });

  it.each([80, 120])('at %i columns truncates long wide titles by display width without splitting emoji sequences, and keeps columns aligned', (columns) => {
    const long = '修复'.repeat(40);
    const family = '👩‍👩‍👧‍👦'.repeat(30);
    const out = renderClaimsTable([claim(1, long), claim(2, family), claim(3, 'x'.repeat(80)), claim(4, 'short')], new Date('2026-01-05T00:00:00.000Z'), columns);
    const lines = out.trimEnd().split('\n');
    const width = (s: string) => [...new Intl.Segmenter().segment(s)].reduce((w, { segment }) => w + (/[\u3000-\u9fff]|\p{Extended_Pictographic}/u.test(segment) ? 2 : 1), 0);
    const titleOf = (line: string) => line.slice(line.indexOf('  ') + 2).trimStart().split(/ {2,}/)[0] ?? '';
    // The title takes the room the other columns leave: the ASCII one fills it exactly, wide ones to within a cell.
    const room = width(titleOf(lines[3] ?? ''));
    expect(titleOf(lines[3] ?? '')).toBe(`${'x'.repeat(room - 1)}…`);
    expect(room).toBeGreaterThanOrEqual(columns === 80 ? 30 : 60);
    expect(titleOf(lines[1] ?? '')).toMatch(/^(修复)+修?…$/u);
    expect(titleOf(lines[2] ?? '')).toMatch(/^(👩‍👩‍👧‍👦)+…?$/u);
    expect(width(titleOf(lines[1] ?? ''))).toBeGreaterThanOrEqual(room - 1);
    for (const line of lines) expect(width(line)).toBeLessThanOrEqual(columns);
    const statusCol = (line: string) => width(line.slice(0, line.indexOf('claimed')));
    expect(new Set(lines.slice(1).map(statusCol)).size).toBe(1);
  });

  it('renders 10,000 rows with every ASCII row padded to the same columns', () => {
    const claims = Array.from({ length: 10_000 }, (_, i) => claim(i + 1, i % 500 === 0 ? `宽标题 ${i}` : `issue ${i}`));
    const lines = renderClaimsTable(claims, new Date('2026-01-05T00:00:00.000Z')).trimEnd().split('\n');
    expect(lines).toHaveLength(10_001);
    const ascii = lines.slice(1).filter((l) => /^[\x20-\x7e]*$/.test(l));
    expect(new Set(ascii.map((l) => l.indexOf('claimed'))).size).toBe(1);
  });
});
