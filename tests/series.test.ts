import { describe, expect, it } from 'vitest';
import { groupSeries } from '../src/core/series.js';
import { getSearchJson } from '../src/render/search-json.js';
import { renderSearchTable } from '../src/render/search-table.js';
import { NOW, issue, ranked } from './helpers/issue-builders.js';

const item = (repo: string, number: number, title: string) => ({ issue: { repo, number, title } });

describe('groupSeries', () => {
  it('groups titles of one repository that differ in one word, keeping the order and every item', () => {
    const items = [
      item('pytorch/executorch', 1, 'Support aten.histc for the Arm backend'),
      item('vllm-project/vllm', 2, 'Support aten.histc for the Arm backend'),
      item('pytorch/executorch', 3, 'Support aten.index_put for the Arm backend'),
      item('pytorch/executorch', 4, 'Fix the docs'),
      item('pytorch/executorch', 5, 'Support aten.bucketize for the Arm backend'),
      item('pytorch/executorch', 6, 'Support aten.bucketize for the Vulkan frontend'),
    ];
    const groups = groupSeries(items);
    expect(groups.map((g) => [g.lead.issue.number, g.similar.map((s) => s.issue.number)])).toEqual([
      [1, [3, 5]],
      [2, []],
      [4, []],
      [6, []],
    ]);
    expect(groups.flatMap((g) => [g.lead, ...g.similar]).length).toBe(items.length);
  });

  it('leaves short titles and different word counts apart', () => {
    const groups = groupSeries([item('a/b', 1, 'Fix docs'), item('a/b', 2, 'Fix tests'), item('a/b', 3, 'Fix docstrings in foo.py'), item('a/b', 4, 'Fix docstrings in bar.py and baz.py')]);
    expect(groups).toHaveLength(4);
  });
});

describe('search table with a series', () => {
  const rows = [
    ranked(issue({ number: 11, title: 'Implement the gelu JIT emitter for RISC-V' })),
    ranked(issue({ number: 12, title: 'Implement the silu JIT emitter for RISC-V' })),
    ranked(issue({ number: 13, title: 'Implement the erf JIT emitter for RISC-V' })),
    ranked(issue({ number: 14, title: 'Docs: explain the scheduler' })),
  ];

  it('shows one row with "+N similar"; JSON and TSV keep every issue in order', () => {
    const out = renderSearchTable(rows, { now: NOW, columns: 160, color: false, tty: true });
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('[+2 similar] Implement the gelu JIT emitter for RISC-V');
    expect(lines[2]).toMatch(/^2 .*Docs: explain the scheduler/);
    expect(out).not.toContain('silu');
    expect(getSearchJson({ issues: rows, failures: [] }).issues.map((i) => i.number)).toEqual([11, 12, 13, 14]);
    expect(renderSearchTable(rows, { now: NOW, color: false, tty: false }).trimEnd().split('\n')).toHaveLength(4);
  });
});
