// Small builders for domain records, so each test states only the fields it is about.
import type { FetchResult, IssueRecord, RankedIssue, RepoMeta } from '../../src/core/types.js';

export const NOW = new Date('2026-03-01T00:00:00Z');

export function daysAgo(days: number, from: Date = NOW): string {
  return new Date(from.getTime() - days * 86_400_000).toISOString();
}

export function issue(over: Partial<IssueRecord> & { repo?: string; number?: number } = {}): IssueRecord {
  const repo = over.repo ?? 'vllm-project/vllm';
  const number = over.number ?? 1;
  return {
    repo,
    number,
    title: 'Add a unit test for the scheduler',
    url: `https://github.com/${repo}/issues/${number}`,
    body: '',
    author: 'reporter',
    labels: ['good first issue'],
    state: 'OPEN',
    createdAt: daysAgo(10),
    updatedAt: daysAgo(2),
    commentCount: 0,
    assignees: [],
    pullRequests: [],
    comments: [],
    signalsComplete: true,
    ...over,
  };
}

export function repoMeta(repo: string, over: Partial<RepoMeta> = {}): RepoMeta {
  return {
    repo,
    description: null,
    primaryLanguage: 'Python',
    languages: ['Python'],
    topics: [],
    stars: 1000,
    isArchived: false,
    isPrivate: false,
    url: `https://github.com/${repo}`,
    ...over,
  };
}

export function fetchResult(issues: IssueRecord[], over: Partial<FetchResult> = {}): FetchResult {
  const repos = [...new Set(issues.map((i) => i.repo))].map((r) => repoMeta(r));
  return { fetchedAt: NOW.toISOString(), repos, issues, failures: [], ...over };
}

export function ranked(i: IssueRecord, over: Partial<RankedIssue> = {}): RankedIssue {
  return {
    issue: i,
    repo: undefined,
    score: 1,
    matchedSkills: [],
    scoreParts: { skills: 1 },
    taken: { taken: false, stale: false, reasons: [] },
    ...over,
  };
}
