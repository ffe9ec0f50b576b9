import { describe, expect, test } from 'vitest';
import {
  mapLinkedPullRequests,
  mapRestSearchItem,
  repoFromRepositoryUrl,
  type GqlIssue,
  type GqlLinkedPr,
  type GqlTimelineNode,
  type RestSearchItem,
} from '../src/github/map.js';
import { repoWebUrl } from '../src/core/hosts.js';
import { fixture, repoNode } from './helpers/fake-github.js';

const pr = (number: number, state: GqlLinkedPr['state'] = 'OPEN'): GqlLinkedPr => ({
  __typename: 'PullRequest',
  number,
  url: `https://github.com/triton-lang/triton/pull/${number}`,
  state,
  isDraft: false,
  createdAt: '2026-02-01T00:00:00Z',
  author: null,
  repository: { nameWithOwner: 'triton-lang/triton' },
});

function issueWith(timeline: unknown[], closing: GqlLinkedPr[] = []): GqlIssue {
  const base = repoNode('triton-lang/triton').issues?.nodes?.[0] as GqlIssue;
  return { ...base, closedByPullRequestsReferences: { nodes: closing }, timelineItems: { nodes: timeline as GqlTimelineNode[] } };
}

describe('linked pull requests', () => {
  test('a disconnected PR is no longer linked; a deleted author is ghost', () => {
    const linked = mapLinkedPullRequests(
      issueWith([
        { __typename: 'ConnectedEvent', source: { __typename: 'Issue' }, subject: pr(5001) },
        { __typename: 'ConnectedEvent', source: pr(5002), subject: { __typename: 'Issue' } },
        { __typename: 'DisconnectedEvent', source: { __typename: 'Issue' }, subject: pr(5001) },
      ]),
      'triton-lang/triton',
    );
    expect(linked).toEqual([expect.objectContaining({ number: 5002, closesIssue: true, author: 'ghost' })]);
  });

  test('one entry per PR, and "will close" wins over a mention', () => {
    const linked = mapLinkedPullRequests(
      issueWith([{ __typename: 'CrossReferencedEvent', willCloseTarget: false, source: pr(7) }], [pr(7)]),
      'triton-lang/triton',
    );
    expect(linked).toHaveLength(1);
    expect(linked[0]?.closesIssue).toBe(true);
  });

  test('issues that cross-reference it are not pull requests', () => {
    const linked = mapLinkedPullRequests(
      issueWith([{ __typename: 'CrossReferencedEvent', willCloseTarget: false, source: { __typename: 'Issue' } }]),
      'triton-lang/triton',
    );
    expect(linked).toEqual([]);
  });
});

describe('REST search items', () => {
  const items = fixture<{ items: RestSearchItem[] }>('rest-search-issues.json').items;

  test('map to issues that admit their signals are incomplete', () => {
    const issue = mapRestSearchItem(items[0]!);
    expect(issue).toMatchObject({
      repo: 'vllm-project/vllm',
      number: 14021,
      state: 'OPEN',
      labels: ['good first issue', 'feature request'],
      commentCount: 2,
      assignees: [],
      signalsComplete: false,
    });
    expect(mapRestSearchItem(items[2]!)?.author).toBe('ghost');
  });

  test('pull requests in results are dropped', () => {
    expect(mapRestSearchItem({ ...items[0]!, pull_request: { url: 'x' } })).toBeUndefined();
  });

  test('repository names come from github.com and Enterprise API URLs', () => {
    expect(repoFromRepositoryUrl('https://api.github.com/repos/pytorch/pytorch')).toBe('pytorch/pytorch');
    expect(repoFromRepositoryUrl('https://ghe.example.test/api/v3/repos/ml/kernels')).toBe('ml/kernels');
    expect(repoWebUrl('https://api.github.com', 'a/b')).toBe('https://github.com/a/b');
    expect(repoWebUrl('https://ghe.example.test/api/v3', 'a/b')).toBe('https://ghe.example.test/a/b');
  });
});
