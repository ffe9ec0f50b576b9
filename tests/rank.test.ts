import { describe, expect, it } from 'vitest';
import { DAMP_FLOOR, dampingFor, rankIssues, type RankCandidate } from '../src/core/rank.js';
import type { IssueRecord, SkillProfile } from '../src/core/types.js';
import { parseSkillList } from '../src/config/profile.js';
import { VOCABULARY } from '../src/core/skills/vocabulary.js';
import { loadEvalData } from '../eval/evaluate.js';

const NOW = new Date('2025-06-01T00:00:00Z');

function issue(number: number, over: Partial<IssueRecord> = {}): IssueRecord {
  return {
    repo: 'acme/ml',
    number,
    title: `Issue ${number}`,
    url: `https://github.com/acme/ml/issues/${number}`,
    body: '',
    author: 'someone',
    labels: ['good first issue'],
    state: 'OPEN',
    createdAt: '2025-05-01T00:00:00Z',
    updatedAt: '2025-05-20T00:00:00Z',
    commentCount: 0,
    assignees: [],
    pullRequests: [],
    comments: [],
    signalsComplete: true,
    ...over,
  };
}

const profile = (skills: string, avoid: string[] = []): SkillProfile => ({ skills: parseSkillList(skills), avoid, customSkills: [] });
const ids = (r: { issue: IssueRecord }[]): string[] => r.map((c) => `${c.issue.repo}#${c.issue.number}`);

describe('rankIssues over the eval snapshot', () => {
  const data = loadEvalData();
  const repos = new Map(data.repos.map((r) => [r.repo, r]));
  const items: RankCandidate[] = data.issues.map((i) => ({ issue: i, repo: repos.get(i.repo) }));

  it('puts different, sensible issues first for a CUDA person and a docs-and-tests person', () => {
    const cuda = rankIssues(items, { profile: profile('cuda,c++'), now: NOW });
    const docs = rankIssues(items, { profile: profile('python,pytest,docs'), now: NOW });
    const cudaTop = cuda.slice(0, 5);
    const docsTop = docs.slice(0, 5);
    expect(ids(cudaTop).filter((id) => ids(docsTop).includes(id))).toEqual([]);
    for (const c of cudaTop) expect(c.matchedSkills[0]?.skill).toMatch(/^(cuda|c\+\+)$/);
    for (const c of docsTop) expect(c.matchedSkills.map((m) => m.skill)).toEqual(expect.arrayContaining([expect.stringMatching(/^(docs|pytest)$/)]));
    // The kernel issues carry their evidence from the strong places, not just the repo language.
    expect(cudaTop.some((c) => c.matchedSkills[0]?.evidence.some((e) => e.where === 'label' || e.where === 'title'))).toBe(true);
    expect(cudaTop.map((c) => c.issue.title).join(' ')).toMatch(/CUDA|Kernel/i);
    expect(docsTop.map((c) => c.issue.title).join(' ')).toMatch(/doc|test/i);
  });

  it('reports score parts that add up to the score, and matched skill contributions that add up to skills', () => {
    const ranked = rankIssues(items, { profile: profile('cuda:3,triton,python:1', ['docs']), now: NOW });
    for (const r of ranked) {
      const sum = Object.values(r.scoreParts).reduce((a, b) => a + b, 0);
      expect(r.score).toBeCloseTo(sum, 6);
      expect(r.matchedSkills.reduce((a, m) => a + m.contribution, 0)).toBeCloseTo(r.scoreParts.skills as number, 2);
      expect(r.avoidedSkills.reduce((a, m) => a + m.contribution, 0)).toBeCloseTo(r.scoreParts.avoid as number, 2);
    }
    expect(Object.keys(ranked[0]?.scoreParts ?? {})).toEqual(['skills', 'labels', 'age', 'activity', 'avoid']);
  });
});

describe('evidence', () => {
  it('finds skills in labels, titles, file paths and fenced code, with the text that matched', () => {
    const [r] = rankIssues(
      [
        {
          issue: issue(1, {
            title: 'Add bf16 to the histc kernel',
            labels: ['module: cuda'],
            body: 'See `aten/src/ATen/native/cuda/SummaryOps.cu`.\n\n```cpp\n__global__ void histc_kernel() {}\n```',
          }),
          repo: undefined,
        },
      ],
      { profile: profile('cuda:3'), now: NOW },
    );
    const ev = r?.matchedSkills[0]?.evidence ?? [];
    expect(ev).toEqual(
      expect.arrayContaining([
        { where: 'label', text: 'cuda' },
        { where: 'title', text: 'kernel' },
        { where: 'path', text: 'aten/src/ATen/native/cuda/SummaryOps.cu' },
        { where: 'code', text: '__global__' },
      ]),
    );
  });

  it('does not take "Linux kernel" for CUDA or an attribute like tl.dot for a file path', () => {
    const ranked = rankIssues(
      [
        { issue: issue(1, { title: 'Installer fails on Linux kernel 5.4' }), repo: undefined },
        { issue: issue(2, { title: 'Clearer error for mismatched tl.dot dtypes', body: 'calling `tl.dot(a, b)` fails' }), repo: undefined },
      ],
      { profile: profile('cuda,triton'), now: NOW },
    );
    const linux = ranked.find((r) => r.issue.number === 1);
    expect(linux?.matchedSkills).toEqual([]);
    const dot = ranked.find((r) => r.issue.number === 2);
    expect(dot?.matchedSkills[0]?.evidence.map((e) => e.where)).not.toContain('path');
    expect(dot?.matchedSkills[0]?.skill).toBe('triton');
  });

  it('resolves aliases (pytest -> testing, helm -> kubernetes) and reports the name the user typed', () => {
    const ranked = rankIssues(
      [
        { issue: issue(1, { title: 'Convert unittest tests to pytest fixtures' }), repo: undefined },
        { issue: issue(2, { title: 'helm chart: support tolerations' }), repo: undefined },
      ],
      { profile: profile('pytest,helm'), now: NOW },
    );
    expect(ranked.flatMap((r) => r.matchedSkills.map((m) => m.skill)).sort()).toEqual(['helm', 'pytest']);
  });

  it('uses custom skills from the profile', () => {
    const p: SkillProfile = { skills: [{ name: 'spec-decode', weight: 3 }], avoid: [], customSkills: [{ name: 'spec-decode', aliases: [], patterns: ['speculative decoding', 'draft model'] }] };
    const ranked = rankIssues(
      [
        { issue: issue(1, { title: 'Fix the tokenizer docs' }), repo: undefined },
        { issue: issue(2, { title: 'Speculative decoding crashes with a small draft model' }), repo: undefined },
      ],
      { profile: p, now: NOW },
    );
    expect(ranked[0]?.issue.number).toBe(2);
    expect(ranked[0]?.matchedSkills[0]?.evidence.map((e) => e.text)).toEqual(['Speculative decoding', 'draft model']);
  });

  it('has at least 30 skills in the vocabulary, each with terms', () => {
    expect(VOCABULARY.length).toBeGreaterThanOrEqual(30);
    for (const s of VOCABULARY) expect(s.terms.length).toBeGreaterThan(0);
    expect(new Set(VOCABULARY.map((s) => s.name)).size).toBe(VOCABULARY.length);
  });
});

describe('IDF-like damping', () => {
  it('keeps a term found in every issue from dominating a rarer one', () => {
    // python (weight 3) is in every body; cuda (weight 1) in two. Undamped, python would tie everything
    // and the weight-3 skill would swamp cuda; damped, the cuda issues come first.
    const items: RankCandidate[] = Array.from({ length: 30 }, (_, i) => ({
      issue: issue(i + 1, { body: `Python version: 3.11${i < 2 ? '\nThe CUDA kernel returns NaN.' : ''}` }),
      repo: undefined,
    }));
    const ranked = rankIssues(items, { profile: profile('python:3,cuda:1'), now: NOW });
    expect(ranked.slice(0, 2).map((r) => r.issue.number).sort()).toEqual([1, 2]);
    const py = ranked[5]?.matchedSkills.find((m) => m.skill === 'python');
    expect(py?.contribution).toBeLessThan(3 * 0.35 * 0.5);
  });

  it('damps by document frequency, phased in for small result sets', () => {
    expect(dampingFor(0.05, 100)).toBe(1);
    expect(dampingFor(1, 100)).toBeCloseTo(DAMP_FLOOR);
    expect(dampingFor(0.5, 100)).toBeGreaterThan(DAMP_FLOOR);
    expect(dampingFor(0.5, 100)).toBeLessThan(1);
    expect(dampingFor(1, 2)).toBeGreaterThan(dampingFor(1, 100));
  });
});

describe('factors', () => {
  it('pushes down avoided skills and says which one', () => {
    const items: RankCandidate[] = [
      { issue: issue(1, { title: 'Document the CUDA graph capture flag', labels: ['documentation', 'good first issue'] }), repo: undefined },
      { issue: issue(2, { title: 'CUDA graph capture fails for bf16' }), repo: undefined },
    ];
    const without = rankIssues(items, { profile: profile('cuda'), now: NOW });
    const withAvoid = rankIssues(items, { profile: profile('cuda', ['docs']), now: NOW });
    const docsIssue = withAvoid.find((r) => r.issue.number === 1);
    expect(docsIssue?.scoreParts.avoid).toBeLessThan(-1);
    expect(docsIssue?.avoidedSkills.map((a) => a.skill)).toEqual(['docs']);
    expect(withAvoid[0]?.issue.number).toBe(2);
    expect(without.find((r) => r.issue.number === 1)?.scoreParts.avoid).toBe(0);
  });

  it('ranks good first issue above help wanted above no beginner label, other things equal', () => {
    const ranked = rankIssues(
      [
        { issue: issue(1, { labels: [] }), repo: undefined },
        { issue: issue(2, { labels: ['help wanted'] }), repo: undefined },
        { issue: issue(3, { labels: ['Good First Issue'] }), repo: undefined },
        { issue: issue(4, { labels: ['good-first-issue', 'stale'] }), repo: undefined },
      ],
      { profile: null, now: NOW },
    );
    expect(ranked.map((r) => r.issue.number)).toEqual([3, 2, 1, 4]);
    expect(ranked[0]?.scoreParts.labels).toBeGreaterThan(ranked[1]?.scoreParts.labels as number);
  });

  it('with no profile ranks by freshness and label strength only', () => {
    const ranked = rankIssues(
      [
        { issue: issue(1, { createdAt: '2024-01-01T00:00:00Z', updatedAt: '2024-01-02T00:00:00Z', title: 'CUDA kernel' }), repo: undefined },
        { issue: issue(2, { createdAt: '2025-05-30T00:00:00Z', updatedAt: '2025-05-31T00:00:00Z' }), repo: undefined },
      ],
      { profile: null, now: NOW },
    );
    expect(ranked.map((r) => r.issue.number)).toEqual([2, 1]);
    expect(ranked.every((r) => r.scoreParts.skills === 0 && r.matchedSkills.length === 0)).toBe(true);
    expect(ranked[0]?.scoreParts.activity).toBeGreaterThan(ranked[1]?.scoreParts.activity as number);
  });
});

// The scanner reads text ASCII-folded instead of calling toLowerCase, and lowercases for real only when a
// character would not fold one-to-one; these pin down that the evidence is what lowercasing would give.
describe('matching text that is not plain ASCII', () => {
  const cuda = (body: string, title = 'Issue'): ReturnType<typeof rankIssues>[number] =>
    rankIssues([{ issue: issue(1, { title, body }), repo: undefined }], { profile: profile('cuda'), now: NOW })[0] as ReturnType<typeof rankIssues>[number];

  it('finds terms in bodies with emoji headings and smart quotes, quoting the original case', () => {
    const r = cuda('### 🐛 Describe the bug\n“The CUDA kernel in csrc/Foo.CU crashes” — see `Kernels`.', '🚀 Faster CUDA');
    expect(r.matchedSkills[0]?.evidence).toEqual([
      { where: 'title', text: 'CUDA' },
      { where: 'path', text: 'csrc/Foo.CU' },
      { where: 'body', text: 'CUDA' },
      { where: 'body', text: 'kernel' },
      { where: 'body', text: 'Kernels' },
    ]);
  });

  it('treats the Kelvin sign as the k it lowercases to', () => {
    const r = cuda('a \u212aernel launch bug');
    expect(r.matchedSkills[0]?.evidence.map((e) => e.text)).toEqual(['\u212aernel', '\u212aernel launch']);
  });

  it('quotes lowercased text when lowercasing changes the length (U+0130) and keeps positions right', () => {
    const r = cuda('\u0130\u0130 the CUDA kernel');
    expect(r.matchedSkills[0]?.evidence.map((e) => e.text)).toEqual(['cuda', 'kernel']);
  });

  it('counts a phrase once whatever the case of the letters between its words', () => {
    const once = cuda('kernel \u00c9 launch');
    const twice = cuda('kernel \u00c9 launch, then KERNEL \u00e9 LAUNCH');
    expect(twice.matchedSkills[0]?.evidence).toEqual(once.matchedSkills[0]?.evidence);
    expect(twice.score).toBe(once.score);
  });
});
