import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DAMP_FLOOR, createRankMemo, dampingFor, prepareRanking, prescan, rankIssues, type RankCandidate } from '../src/core/rank.js';
import type { IssueRecord, RepoMeta, SkillProfile } from '../src/core/types.js';
import { parseSkillList } from '../src/core/skill-list.js';
import { VOCABULARY } from '../src/core/skills/vocabulary.js';
import { SCORING_PARTS, type ScoringPart } from '../src/core/scoring/parts.js';
import { loadEvalData, toProfile } from '../eval/evaluate.js';
import { syntheticCandidates } from '../bench/rank.js';

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
    expect(Object.keys(ranked[0]?.scoreParts ?? {})).toEqual(['skills', 'labels', 'age', 'activity', 'avoid', 'question', 'offSubject', 'newcomer']);
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
    // python (weight 3) is in every body, each time in different words; cuda (weight 1) in two. Undamped,
    // python would tie everything and the weight-3 skill would swamp cuda; damped, the cuda issues come first.
    const items: RankCandidate[] = Array.from({ length: 30 }, (_, i) => ({
      issue: issue(i + 1, { body: `Seen with Python 3.${i} on host ${i}.${i < 2 ? '\nThe CUDA kernel returns NaN.' : ''}` }),
      repo: undefined,
    }));
    const ranked = rankIssues(items, { profile: profile('python:3,cuda:1'), now: NOW });
    expect(ranked.slice(0, 2).map((r) => r.issue.number).sort()).toEqual([1, 2]);
    const py = ranked[5]?.matchedSkills.find((m) => m.skill === 'python');
    expect(py?.contribution).toBeGreaterThan(0);
    expect(py?.contribution).toBeLessThan(3 * 0.35 * 0.5);
  });

  it('does not count a template line that many issues of one repository repeat', () => {
    const template = '- [ ] I have read the contributing guide, added tests and updated the docs';
    const items: RankCandidate[] = [
      ...[1, 2, 3, 4].map((n) => ({ issue: issue(n, { title: `Lower op${n} to the MLIR dialect`, body: `Lower op${n}.\n\n${template}` }), repo: undefined })),
      { issue: issue(5, { repo: 'other/repo', title: 'Add a pytest for the tokenizer', body: 'One test is missing.' }), repo: undefined },
    ];
    const ranked = rankIssues(items, { profile: profile('testing,docs'), now: NOW });
    expect(ranked[0]?.issue.number).toBe(5);
    for (const r of ranked.filter((x) => x.issue.repo === 'acme/ml')) expect(r.matchedSkills).toEqual([]);
    // The same line in one issue alone is evidence.
    const [alone] = rankIssues([items[0] as RankCandidate], { profile: profile('testing,docs'), now: NOW });
    expect(alone?.matchedSkills.map((m) => m.skill).sort()).toEqual(['docs', 'testing']);
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

  it("counts PyTorch's \"OSS contribution wanted\" and ExecuTorch's \"actionable\" as help-wanted strength", () => {
    const ranked = rankIssues(
      [
        { issue: issue(1, { labels: ['OSS contribution wanted'] }), repo: undefined },
        { issue: issue(2, { labels: ['actionable'] }), repo: undefined },
        { issue: issue(3, { labels: ['help wanted'] }), repo: undefined },
      ],
      { profile: null, now: NOW },
    );
    const parts = ranked.map((r) => r.scoreParts.labels);
    expect(parts[0]).toBeGreaterThan(0);
    expect(new Set(parts).size).toBe(1);
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
    expect(r.matchedSkills[0]?.evidence).toEqual(
      expect.arrayContaining([
        { where: 'title', text: 'CUDA' },
        { where: 'path', text: 'csrc/Foo.CU' },
        { where: 'body', text: 'CUDA kernel' },
      ]),
    );
    expect(r.matchedSkills[0]?.evidence[0]).toEqual({ where: 'title', text: 'CUDA' });
  });

  it('matches words outside ASCII as they are written (a free-text skill "pythön")', () => {
    const [r] = rankIssues([{ issue: issue(1, { title: 'pythön is slow', body: 'Pythön again' }), repo: undefined }], { profile: profile('pythön'), now: NOW });
    expect(r?.matchedSkills[0]?.evidence).toEqual([
      { where: 'title', text: 'pythön' },
      { where: 'body', text: 'Pythön' },
    ]);
  });

  it('treats the Kelvin sign as the k it lowercases to', () => {
    const r = cuda('a \u212aernel launch bug');
    expect(r.matchedSkills[0]?.evidence.map((e) => e.text)).toEqual(['\u212aernel', '\u212aernel launch']);
  });

  it('quotes lowercased text when lowercasing changes the length (U+0130) and keeps positions right', () => {
    const r = cuda('\u0130\u0130 the CUDA kernel');
    expect(r.matchedSkills[0]?.evidence.map((e) => e.text)).toEqual(['cuda', 'cuda kernel', 'kernel']);
  });

  it('counts a phrase once whatever the case of the letters between its words', () => {
    const once = cuda('kernel \u00c9 launch');
    const twice = cuda('kernel \u00c9 launch, then KERNEL \u00e9 LAUNCH');
    expect(twice.matchedSkills[0]?.evidence).toEqual(once.matchedSkills[0]?.evidence);
    expect(twice.score).toBe(once.score);
  });
});

describe('what the matcher finds', () => {
  const tagged: SkillProfile = {
    skills: [
      { name: 'cuda', weight: 3 },
      { name: 'c++', weight: 2 },
      { name: 'tagged', weight: 2 },
    ],
    avoid: ['docs'],
    customSkills: [{ name: 'tagged', aliases: [], patterns: ['#perf', '+plus', 'warp-spec*', 'x'] }],
  };
  const found = (title: string, body: string, labels: string[] = []): Record<string, string[]> => {
    const [r] = rankIssues([{ issue: issue(1, { title, body, labels }), repo: undefined }], { profile: tagged, now: NOW });
    const out: Record<string, string[]> = {};
    for (const m of [...(r?.matchedSkills ?? []), ...(r?.avoidedSkills ?? [])]) out[m.skill] = m.evidence.map((e) => `${e.where}:${e.text}`);
    return out;
  };

  it('finds file names, extensions, info strings, terms starting with # or +, phrases, exclusions and plurals', () => {
    const f = found('Kernels for CUDA-graphs', 'see csrc/attn.CU and a.cuh, not torch.cuda; c++17 code\n```cpp\nint main() {}\n```\nthe linux kernel and a #perf note +plus warp-specialized X', ['Kernel']);
    expect(f.cuda).toEqual(expect.arrayContaining(['label:Kernel', 'title:Kernels', 'title:CUDA', 'title:CUDA-graphs', 'path:csrc/attn.CU']));
    expect(f['c++']).toEqual(expect.arrayContaining(['path:a.cuh', 'code:cpp', 'body:c++17']));
    expect(f.tagged).toEqual(['body:#perf', 'body:+plus', 'body:X']);
  });

  it('lets phrases span a few separators, and reads paths in bodies', () => {
    const f = found('tensor\u00a0cores', 'sm_90a kernel - launch; CMakeLists.txt typos docs/readme.md');
    expect(f.cuda).toEqual(['title:tensor\u00a0cores', 'body:sm_90a', 'body:kernel', 'body:kernel - launch']);
    // More than three separators between the words is not the phrase.
    expect(found('x', 'kernel .... launch').cuda).toEqual(['body:kernel']);
    expect(f['c++']).toEqual(['body:CMakeLists']);
    expect(f.docs).toEqual(expect.arrayContaining(['path:docs', 'body:typos']));
  });

  it('skips environment dumps and template checklists, and reads only the ticked boxes of a question', () => {
    const body = [
      '### Describe the bug',
      'The rms_norm_kernel reads out of bounds.',
      '### Your current environment',
      'CUDA used to build PyTorch: 12.4 (cmake 3.30)',
      '```text',
      'nvidia-cudnn-cu12 9.1',
      '```',
      '### Reproduction',
      'Any kernel call.',
      '### Support for CUDA version 13',
      'The sm_100 build.',
      '<details><summary>The output of collect_env.py</summary>',
      'GPU 0: NVIDIA H100, CUDA 12.4',
      '</details>',
      '### Which components does this affect?',
      '- [ ] `area/docs`: documentation pages',
      '- [x] `area/kernels`: CUDA code',
      '### Before submitting a new issue...',
      '- [x] I searched the docs',
    ].join('\n');
    const f = found('Crash', body);
    expect(f.cuda).toEqual(['path:kernels', 'body:rms_norm_kernel', 'body:kernel', 'body:CUDA', 'body:sm_100']);
    expect(f['c++']).toBeUndefined();
    expect(f.docs).toBeUndefined();
  });

  it('treats paths inside code blocks as code, and reads label values without their namespace', () => {
    const f = found('x', '```\nFile "/usr/local/cuda/bin/nvcc", line 3\n```\nsee csrc/attn.cu', ['module: kernels', 'c++']);
    expect(f.cuda).toEqual(expect.arrayContaining(['label:kernels', 'code:cuda', 'path:csrc/attn.cu']));
    expect(f.cuda).not.toContain('path:cuda');
  });

  it('counts a typed alias the vocabulary leaves out of its terms ("node") as a neighbour, not a literal', () => {
    const items = [
      { issue: issue(1, { title: 'Graph node names break the importer' }), repo: undefined },
      { issue: issue(2, { title: 'Expose the tensor API in Node.js' }), repo: undefined },
    ];
    const ranked = rankIssues(items, { profile: profile('node'), now: NOW });
    expect(ids(ranked)[0]).toBe('acme/ml#2');
    expect((ranked[0]?.score ?? 0) - (ranked[1]?.score ?? 0)).toBeGreaterThan(0.5);
  });

  it('counts "tests" in a body or path as a step of other work, in a title as the work itself', () => {
    const steps = '1. Lower the op in `frontend/onnx.py`\n2. Add tests in tests/python/test_onnx_ops.py';
    const items = [
      { issue: issue(1, { title: 'Missing ONNX operators to lower', body: steps }), repo: undefined },
      { issue: issue(2, { title: 'The ONNX importer has no tests', body: 'Nothing covers the importer yet.' }), repo: undefined },
    ];
    const ranked = rankIssues(items, { profile: profile('pytest'), now: NOW });
    expect(ids(ranked)).toEqual(['acme/ml#2', 'acme/ml#1']);
    const strength = (n: number): number => ranked.find((r) => r.issue.number === n)?.matchedSkills[0]?.contribution ?? 0;
    expect(strength(1)).toBeGreaterThan(0);
    expect(strength(1)).toBeLessThan(strength(2) * 0.8);
    // The same when the user typed the word itself: a step is a step.
    expect(ids(rankIssues(items, { profile: profile('tests'), now: NOW }))).toEqual(['acme/ml#2', 'acme/ml#1']);
  });

  it('ranks an issue whose title names work the profile does not ask for (docs, builds) below one that matches as well', () => {
    const items = [
      { issue: issue(1, { title: 'Docs: explain the CUDA version mismatch between nvcc and the driver', body: 'See the CUDA kernel setup page.' }), repo: undefined },
      { issue: issue(2, { title: 'Fuse the CUDA bias and activation kernels', body: 'See the CUDA kernel in csrc/act.cu.' }), repo: undefined },
    ];
    const ranked = rankIssues(items, { profile: profile('cuda'), now: NOW });
    expect(ids(ranked)).toEqual(['acme/ml#2', 'acme/ml#1']);
    expect(ranked[1]?.scoreParts.offSubject).toBeLessThan(0);
    expect(ranked[0]?.scoreParts.offSubject).toBe(0);
    // Asked for, docs are no other work: the same issue loses nothing.
    const docs = rankIssues([items[0] as RankCandidate], { profile: profile('cuda,docs'), now: NOW });
    expect(docs[0]?.scoreParts.offSubject).toBe(0);
    // Without skills nothing is "other work".
    expect(rankIssues([items[0] as RankCandidate], { profile: null, now: NOW })[0]?.scoreParts.offSubject).toBe(0);
  });

  it('ranks a question below a task with the same evidence', () => {
    const items = [
      { issue: issue(1, { title: 'How do I write a Triton kernel for rms_norm?' }), repo: undefined },
      { issue: issue(2, { title: 'Write a Triton kernel for rms_norm' }), repo: undefined },
      { issue: issue(3, { title: '[Usage]: Triton kernel for rms_norm' }), repo: undefined },
    ];
    const ranked = rankIssues(items, { profile: profile('triton'), now: NOW });
    expect(ids(ranked)[0]).toBe('acme/ml#2');
    expect(ranked.map((r) => r.scoreParts.question)).toEqual([0, -0.4, -0.4]);
  });

  it("does not count a repository's own name as evidence in its issues", () => {
    const own = (repo: string): string[] => {
      const [r] = rankIssues([{ issue: issue(1, { repo, title: 'Port the PyTorch reference to a kernel' }), repo: undefined }], { profile: profile('pytorch'), now: NOW });
      return r?.matchedSkills[0]?.evidence.map((e) => e.text) ?? [];
    };
    expect(own('pytorch/pytorch')).not.toContain('PyTorch');
    expect(own('acme/ml')).toContain('PyTorch');
  });

  it('keeps positions right after characters outside the BMP and lone surrogates', () => {
    const f = found('lone \udc00kernel \ud800launch', 'x\udfff\ud800 launch kernel \ud83d cuda/x.cu \u{1F680}kernel\u{1F680}launch d.cu\u00e9 c++', ['\u00e9kernel\u00e9']);
    expect(f.cuda).toEqual(expect.arrayContaining(['title:kernel \ud800launch', 'path:cuda/x.cu', 'body:kernel\u{1F680}launch']));
    // "é" is a letter: "d.cué" is no .cu file.
    expect(f.cuda).not.toContain('path:d.cu');
    expect(f['c++']).toEqual(['body:c++']);
  });
});

describe('rankIssues with a limit builds only the winners, exactly the first `limit` of the full ranking', () => {
  const evalData = loadEvalData();
  const snapshot = JSON.parse(readFileSync(new URL('../snapshots/ml-infra.json', import.meta.url), 'utf8')) as {
    fetchedAt: string;
    repos: RepoMeta[];
    issues: IssueRecord[];
  };
  const withRepos = (repos: readonly RepoMeta[], issues: readonly IssueRecord[]): RankCandidate[] => {
    const byName = new Map(repos.map((r) => [r.repo, r]));
    return issues.map((i) => ({ issue: i, repo: byName.get(i.repo) }));
  };
  const datasets: [string, RankCandidate[], Date][] = [
    ['eval', withRepos(evalData.repos, evalData.issues), evalData.now],
    ['snapshot', withRepos(snapshot.repos, snapshot.issues), new Date(snapshot.fetchedAt)],
    ['synthetic', syntheticCandidates(2000), NOW],
  ];
  const profiles: [string, SkillProfile | null][] = [
    ['none', null],
    ['cuda', profile('cuda:3,c++:2,triton:2,python:1,pytest:2', ['docs', 'frontend'])],
    ['docs', profile('python,pytest,docs')],
    ['rust', profile('rust:3,python:1', ['cuda'])],
    ['every skill', profile(VOCABULARY.map((s) => s.name).join(','))],
    [
      'custom',
      {
        skills: [
          { name: 'cuda', weight: 2 },
          { name: 'spec-decode', weight: 3 },
        ],
        avoid: ['docs'],
        customSkills: [{ name: 'spec-decode', aliases: [], patterns: ['speculative decoding', 'draft model', 'kernel*'] }],
      },
    ],
    ...evalData.profiles.map((p): [string, SkillProfile] => [`eval ${p.id}`, toProfile(p)]),
  ];
  for (const [dn, items, now] of datasets) {
    it(`over the ${dn} set (${items.length} issues) for ${profiles.length} profiles`, () => {
      for (const [, p] of profiles) {
        const full = rankIssues(items, { profile: p, now });
        expect(full).toHaveLength(items.length);
        for (const k of [1, 3, 20, 500]) {
          const limited = rankIssues(items, { profile: p, now, limit: k });
          expect(limited).toEqual(full.slice(0, k));
          // Same key order as well (toEqual ignores it).
          expect(limited.map((r) => Object.keys(r))).toEqual(full.slice(0, k).map((r) => Object.keys(r)));
          expect(JSON.stringify(limited)).toBe(JSON.stringify(full.slice(0, k)));
        }
      }
    });
  }

  it('keeps the order of exact ties (duplicates included), and handles limits of 0, fractions and more than all', () => {
    const base = [1, 2, 3, 4, 5, 6].map((n) => issue(n % 3, { title: n % 2 ? 'CUDA kernel' : 'docs typo', body: `body ${n}` }));
    // The copies tie on every sort key; only their urls (not scored) tell them apart.
    const items: RankCandidate[] = [...base, ...base.map((i) => ({ ...i, url: `${i.url}#copy` }))].map((i) => ({ issue: i, repo: undefined }));
    const full = rankIssues(items, { profile: profile('cuda'), now: NOW });
    for (const k of [1, 2, 3, 5, 7, 11]) expect(rankIssues(items, { profile: profile('cuda'), now: NOW, limit: k })).toEqual(full.slice(0, k));
    expect(rankIssues(items, { profile: profile('cuda'), now: NOW, limit: 0 })).toEqual([]);
    expect(rankIssues(items, { profile: profile('cuda'), now: NOW, limit: 2.7 })).toEqual(full.slice(0, 2));
    expect(rankIssues(items, { profile: profile('cuda'), now: NOW, limit: 100 })).toEqual(full);
    expect(rankIssues(items, { profile: profile('cuda'), now: NOW, limit: Infinity })).toEqual(full);
    // Unparseable dates and non-finite weights: NaN scores take the full sort's path, with the same result.
    const odd = items.map((c, k) => ({ issue: { ...c.issue, updatedAt: k % 4 ? c.issue.updatedAt : 'not a date' }, repo: undefined }));
    // Out of SkillWeight's range on purpose: only a hand-built profile can hold these.
    const infinite = { skills: [{ name: 'cuda', weight: Infinity }], avoid: ['docs'], customSkills: [] } as unknown as SkillProfile;
    const nan = { skills: [{ name: 'cuda', weight: NaN }], avoid: ['docs'], customSkills: [] } as unknown as SkillProfile;
    expect(rankIssues(odd, { profile: nan, now: NOW }).some((r) => Number.isNaN(r.score))).toBe(true);
    for (const p of [profile('cuda'), infinite, nan]) {
      const oddFull = rankIssues(odd, { profile: p, now: NOW });
      for (const k of [1, 4, 9]) expect(rankIssues(odd, { profile: p, now: NOW, limit: k })).toEqual(oddFull.slice(0, k));
    }
  });
});

describe('three-word phrases', () => {
  it('match even when their middle word starts no phrase ("out of memory", "multi stage build")', () => {
    const items: RankCandidate[] = [
      { issue: issue(1, { title: 'Training runs out of memory on one A100', body: '' }), repo: undefined },
      { issue: issue(2, { title: 'The multi stage build of the image is slow', body: '' }), repo: undefined },
      { issue: issue(3, { title: 'Nothing to see', body: '' }), repo: undefined },
    ];
    const ranked = rankIssues(items, { profile: profile('gpu-memory,docker'), now: NOW });
    const byNumber = new Map(ranked.map((r) => [r.issue.number, r.matchedSkills]));
    expect(byNumber.get(1)?.map((m) => m.skill)).toEqual(['gpu-memory']);
    expect(byNumber.get(1)?.[0]?.evidence[0]).toMatchObject({ where: 'title', text: 'out of memory' });
    expect(byNumber.get(2)?.map((m) => m.skill)).toEqual(['docker']);
    expect(byNumber.get(3)).toEqual([]);
  });
});

describe('scoring parts', () => {
  it('takes a new rule as one more named part: a per-repository bonus shows in scoreParts and moves the order', () => {
    const items: RankCandidate[] = [
      { issue: issue(1, { repo: 'a/slow-reviews', title: 'CUDA kernel for histc' }), repo: undefined },
      { issue: issue(2, { repo: 'b/quick-reviews', title: 'CUDA kernel for histc' }), repo: undefined },
    ];
    const bonus: ScoringPart = { key: 'newcomer', label: 'newcomer odds', score: (f) => (f.candidate.issue.repo === 'b/quick-reviews' ? 0.4 : 0) };
    const plain = rankIssues(items, { profile: profile('cuda'), now: NOW });
    const ranked = rankIssues(items, { profile: profile('cuda'), now: NOW, parts: [...SCORING_PARTS, bonus] });
    expect(plain.map((r) => r.issue.number)).toEqual([1, 2]);
    expect(ranked.map((r) => r.issue.number)).toEqual([2, 1]);
    expect(Object.keys(ranked[0]?.scoreParts ?? {})).toEqual(['skills', 'labels', 'age', 'activity', 'avoid', 'question', 'offSubject', 'newcomer']);
    for (const r of ranked) expect(r.score).toBeCloseTo(Object.values(r.scoreParts).reduce((a, b) => a + b, 0), 6);
  });

  it('never lets the repository language alone lift an issue above one with evidence of its own', () => {
    const cppRepo: RepoMeta = { repo: 'acme/cpp', description: null, primaryLanguage: 'C++', languages: ['C++', 'Cuda'], topics: ['cuda', 'gpu'], stars: 1, isArchived: false, isPrivate: false, url: '' };
    const items: RankCandidate[] = [
      { issue: issue(1, { repo: 'acme/cpp', title: 'Update the changelog' }), repo: cppRepo },
      { issue: issue(2, { repo: 'acme/py', title: 'Speed up the layer', body: 'we could fuse the two ops' }), repo: undefined },
    ];
    const ranked = rankIssues(items, { profile: profile('cuda:3,c++:1'), now: NOW });
    expect(ranked.map((r) => r.issue.number)).toEqual([2, 1]);
    expect(ranked[1]?.matchedSkills.every((m) => m.evidence.every((e) => e.where === 'repo'))).toBe(true);
  });

  it('counts the words the user typed above the skill\'s neighbours', () => {
    const items: RankCandidate[] = [
      { issue: issue(1, { title: 'Show the UI link in the SDK' }), repo: undefined },
      { issue: issue(2, { title: 'React settings page' }), repo: undefined },
    ];
    const ranked = rankIssues(items, { profile: profile('react'), now: NOW });
    expect(ranked[0]?.issue.number).toBe(2);
    expect(ranked[0]?.matchedSkills[0]?.contribution).toBeGreaterThan(2 * (ranked[1]?.matchedSkills[0]?.contribution ?? 0));
  });
});

describe('a rank memo shared by the rankings of one search', () => {
  const evalData = loadEvalData();
  const byName = new Map(evalData.repos.map((r) => [r.repo, r]));
  const items: RankCandidate[] = evalData.issues.map((i) => ({ issue: i, repo: byName.get(i.repo) }));
  const p = profile('cuda:3,c++:2,python:1,pytest:2', ['docs']);

  it('gives exactly the rankings of no memo, as the candidates change between rankings', () => {
    const memo = createRankMemo();
    // As in a search: all candidates, then some found taken and left out, one record replaced (its signals
    // arrived), and further pages added.
    const half = items.slice(0, Math.floor(items.length / 2));
    const replaced = half.map((c, i) => (i === 3 ? { ...c, issue: { ...c.issue, title: `${c.issue.title} (kernel)` } } : c));
    const fewer = replaced.filter((_, i) => i % 7 !== 0);
    const more = [...fewer, ...items.slice(Math.floor(items.length / 2))];
    for (const set of [half, replaced, fewer, more]) {
      const plain = rankIssues(set, { profile: p, now: evalData.now });
      const memoised = rankIssues(set, { profile: p, now: evalData.now, memo });
      expect(memoised).toEqual(plain);
    }
  });

  it('reads a repository from the record it is given, not from one of the same name ranked before', () => {
    const memo = createRankMemo();
    const meta = (languages: string[]): RepoMeta => ({ repo: 'acme/ml', description: '', stars: 1, primaryLanguage: languages[0] ?? null, languages, topics: [], isArchived: false, isPrivate: false, url: 'https://github.com/acme/ml' });
    const cands = (m: RepoMeta): RankCandidate[] => [issue(1, { title: 'Speed up the loader' }), issue(2, { title: 'Fix the CUDA kernel launch' })].map((i) => ({ issue: i, repo: m }));
    rankIssues(cands(meta(['Python'])), { profile: p, now: NOW, memo });
    const cudaRepo = cands(meta(['Cuda', 'C++']));
    expect(rankIssues(cudaRepo, { profile: p, now: NOW, memo })).toEqual(rankIssues(cudaRepo, { profile: p, now: NOW }));
  });

  it('gives exactly the rankings of no memo when prepared and prescanned first, the off-subject part included', () => {
    const memo = createRankMemo();
    prepareRanking({ profile: p, memo });
    const half = items.slice(0, Math.floor(items.length / 2));
    prescan(half.map((c) => c.issue), { profile: p, now: evalData.now, memo });
    // The profile asks for CUDA, so some issues are docs or frontend work by their headline: the part is there.
    const plain = rankIssues(items, { profile: p, now: evalData.now });
    expect(plain.some((r) => (r.scoreParts.offSubject ?? 0) < 0)).toBe(true);
    expect(rankIssues(half, { profile: p, now: evalData.now, memo })).toEqual(rankIssues(half, { profile: p, now: evalData.now }));
    expect(rankIssues(items, { profile: p, now: evalData.now, memo })).toEqual(plain);
  });

  it('starts over for another profile', () => {
    const memo = createRankMemo();
    rankIssues(items, { profile: p, now: evalData.now, memo });
    const other = profile('rust,typescript');
    expect(rankIssues(items, { profile: other, now: evalData.now, memo })).toEqual(rankIssues(items, { profile: other, now: evalData.now }));
  });
});
