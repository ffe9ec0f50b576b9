import { describe, expect, it } from 'vitest';
import { buildSearchResult, prepareSearch, prescanIssues } from '../src/core/search.js';
import { createRankMemo } from '../src/core/rank.js';
import { createTakenMemo } from '../src/core/taken.js';
import type { SkillProfile } from '../src/core/types.js';
import { NOW, daysAgo, fetchResult, issue } from './helpers/issue-builders.js';

const cudaProfile: SkillProfile = { skills: [{ name: 'cuda', weight: 3 }], avoid: [], customSkills: [] };
const base = { profile: cudaProfile, now: NOW, includeTaken: false, claimWindowDays: 30, limit: 20 };

describe('buildSearchResult', () => {
  it('hides assigned issues and counts them', () => {
    const free = issue({ number: 1 });
    const assigned = issue({ number: 2, assignees: ['someone'] });
    const r = buildSearchResult({ ...base, fetch: fetchResult([free, assigned]) });
    expect(r.issues.map((x) => x.issue.number)).toEqual([1]);
    expect(r.hiddenTaken).toBe(1);
  });

  it('shows taken issues with their reasons under includeTaken', () => {
    const assigned = issue({ number: 2, assignees: ['someone'] });
    const r = buildSearchResult({ ...base, includeTaken: true, fetch: fetchResult([assigned]) });
    expect(r.hiddenTaken).toBe(0);
    expect(r.issues[0]?.taken.taken).toBe(true);
    expect(r.issues[0]?.taken.reasons.join(' ')).toMatch(/someone/);
  });

  it('hides a fresh claim comment but shows an old one as a stale, free issue', () => {
    const claim = (days: number) => ({ author: 'eager', authorAssociation: 'NONE', body: 'Can I work on this?', createdAt: daysAgo(days) });
    const fresh = issue({ number: 3, comments: [claim(3)], commentCount: 1 });
    const old = issue({ number: 4, comments: [claim(90)], commentCount: 1 });
    const r = buildSearchResult({ ...base, fetch: fetchResult([fresh, old]) });
    expect(r.issues.map((x) => x.issue.number)).toEqual([4]);
    expect(r.issues[0]?.taken).toMatchObject({ taken: false, stale: true });
    expect(r.hiddenTaken).toBe(1);
  });

  it('hides an issue an open pull request will close', () => {
    const pr = { repo: 'vllm-project/vllm', number: 99, url: 'u', state: 'OPEN' as const, author: 'dev', createdAt: daysAgo(1), closesIssue: true };
    const r = buildSearchResult({ ...base, fetch: fetchResult([issue({ number: 5, pullRequests: [pr] })]) });
    expect(r.issues).toHaveLength(0);
    expect(r.hiddenTaken).toBe(1);
  });

  it('ranks skill matches first, applies the limit after ranking, and drops closed issues', () => {
    const plain = issue({ number: 1, title: 'Fix a typo in the docs', updatedAt: daysAgo(0) });
    const cuda = issue({ number: 2, title: 'CUDA graph capture fails for batch size 1', updatedAt: daysAgo(40) });
    const closed = issue({ number: 3, title: 'CUDA kernel', state: 'CLOSED' });
    const r = buildSearchResult({ ...base, limit: 1, fetch: fetchResult([plain, cuda, closed]) });
    expect(r.issues.map((x) => x.issue.number)).toEqual([2]);
    expect(r.issues[0]?.matchedSkills.map((m) => m.skill)).toEqual(['cuda']);
    expect(r.issues[0]?.repo?.repo).toBe('vllm-project/vllm');
  });

  it('passes failures through untouched', () => {
    const failures = [{ repo: 'nope/nope', kind: 'not-found' as const, message: 'Could not resolve' }];
    const r = buildSearchResult({ ...base, fetch: fetchResult([issue()], { failures }) });
    expect(r.failures).toEqual(failures);
  });

  it('ranks with no profile at all', () => {
    const older = issue({ number: 1, updatedAt: daysAgo(100) });
    const newer = issue({ number: 2, updatedAt: daysAgo(1) });
    const r = buildSearchResult({ ...base, profile: null, fetch: fetchResult([older, newer]) });
    expect(r.issues.map((x) => x.issue.number)).toEqual([2, 1]);
    expect(r.issues.every((x) => x.matchedSkills.length === 0)).toBe(true);
  });
});

describe('the memos one search shares between its rankings (scans, taken verdicts, prescan)', () => {
  const comment = (author: string, body: string, days: number) => ({ author, authorAssociation: 'NONE', body, createdAt: daysAgo(days) });
  const issues = [
    issue({ number: 1, title: 'Fix the CUDA kernel launch bounds', comments: [comment('newbie', "I'd like to work on this", 3)] }),
    issue({ number: 2, title: 'Add a CUDA graph test', comments: [comment('dev', 'Can I take this?', 40)] }),
    issue({ number: 3, title: 'Docs: CUDA install page', assignees: ['someone'] }),
    issue({ number: 4, title: 'cuda: vectorise the softmax kernel' }),
    issue({ number: 5, title: 'Tidy the README', comments: [comment('me', 'I will take this one', 1)] }),
  ];

  it('give the results of no memo, with another viewer, another window, and records replaced in between', () => {
    const memos = { rankMemo: createRankMemo(), takenMemo: createTakenMemo() };
    prepareSearch({ ...base, ...memos });
    prescanIssues({ ...base, ...memos }, issues);
    const replaced = issues.map((i) => (i.number === 4 ? { ...i, comments: [comment('other', 'working on it', 2)] } : i));
    for (const input of [
      { ...base, fetch: fetchResult(issues) },
      { ...base, fetch: fetchResult(issues), viewer: 'me' },
      { ...base, fetch: fetchResult(issues), claimWindowDays: 60 },
      { ...base, fetch: fetchResult(replaced), viewer: 'me' },
      { ...base, fetch: fetchResult(replaced), includeTaken: true },
    ]) {
      expect(buildSearchResult({ ...input, ...memos })).toEqual(buildSearchResult(input));
    }
    // And they did change the answer: the viewer's own claim and the longer window are seen.
    const mine = buildSearchResult({ ...base, fetch: fetchResult(issues), viewer: 'me', ...memos });
    expect(mine.issues.map((r) => r.issue.number)).toContain(5);
    expect(buildSearchResult({ ...base, fetch: fetchResult(issues), claimWindowDays: 60, ...memos }).issues.map((r) => r.issue.number)).not.toContain(2);
  });
});
