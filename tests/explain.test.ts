import { describe, expect, it } from 'vitest';
import { formatExplanation } from '../src/render/explain.js';
import type { RankedIssue } from '../src/core/types.js';

const base: RankedIssue = {
  issue: {
    repo: 'vllm-project/vllm',
    number: 14210,
    title: '[Kernel] Add FP8 output \u001b]8;;https://evil\u0007variant\u001b]8;;\u0007',
    url: 'https://github.com/vllm-project/vllm/issues/14210',
    body: '',
    author: 'a',
    labels: ['kernel'],
    state: 'OPEN',
    createdAt: '2025-05-01T00:00:00Z',
    updatedAt: '2025-05-20T00:00:00Z',
    commentCount: 0,
    assignees: [],
    pullRequests: [],
    comments: [],
    signalsComplete: true,
  },
  repo: undefined,
  score: 4.1,
  matchedSkills: [
    { skill: 'cuda', contribution: 2.9, evidence: [{ where: 'label', text: 'kernel' }, { where: 'path', text: 'csrc/act\u001b[31m.cu' }] },
    { skill: 'c++', contribution: 0.5, evidence: [{ where: 'repo', text: 'language C++' }] },
  ],
  scoreParts: { skills: 3.4, labels: 0.6, age: 0.2, activity: 0.1, avoid: -0.2 },
  taken: { taken: false, stale: false, reasons: [] },
};

describe('formatExplanation', () => {
  it('leaves out the parts that add nothing, but always shows the skills part', () => {
    const out = formatExplanation([{ ...base, score: 0.9, scoreParts: { skills: 0, labels: 0.6, age: 0.3, activity: 0, avoid: 0, question: 0, offSubject: 0, newcomer: 0 } }]);
    expect(out).toContain('score 0.90 = skills +0.00, beginner label +0.60, age +0.30\n');
    const off = formatExplanation([{ ...base, score: 3.8, scoreParts: { skills: 3.4, labels: 0.6, age: 0.2, activity: 0, avoid: 0, question: 0, offSubject: -0.4, newcomer: 0 } }]);
    expect(off).toContain('score 3.80 = skills +3.40, beginner label +0.60, age +0.20, title names other work -0.40\n');
  });

  it('shows each matched skill with where and what matched, and every factor', () => {
    const out = formatExplanation([{ ...base, avoidedSkills: [{ skill: 'docs', contribution: -0.2, evidence: [{ where: 'body', text: 'docs' }] }] } as RankedIssue]);
    expect(out).toContain('1. vllm-project/vllm#14210');
    expect(out).toContain('score 4.10 = skills +3.40, beginner label +0.60, age +0.20, last activity +0.10, avoided skills -0.20');
    expect(out).toMatch(/cuda\s+\+2\.90 {2}label "kernel", path "csrc\/act\.cu"/);
    expect(out).toMatch(/c\+\+\s+\+0\.50 {2}repo "language C\+\+"/);
    expect(out).toMatch(/avoid docs\s+-0\.20 {2}body "docs"/);
  });

  it('strips terminal escapes from GitHub text', () => {
    const out = formatExplanation([base]);
    expect(out).not.toMatch(/\u001b|\u0007/);
    expect(out).toContain('[Kernel] Add FP8 output variant');
  });

  it('says so when nothing matched', () => {
    expect(formatExplanation([{ ...base, matchedSkills: [] }])).toContain('skills: no match');
  });
});
