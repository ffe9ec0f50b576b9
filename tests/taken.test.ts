import { describe, expect, test } from 'vitest';
import { commentSignals, detectTaken, isClaim, isMaintainerRelease, isSelfRelease, rememberCommentSignals } from '../src/core/taken.js';
import type { IssueComment, IssueRecord, LinkedPullRequest } from '../src/core/types.js';

const NOW = new Date('2026-03-01T12:00:00Z');
const opts = { now: NOW, claimWindowDays: 30 };

function daysAgo(n: number): string {
  return new Date(NOW.getTime() - n * 86_400_000).toISOString();
}

function issue(over: Partial<IssueRecord> = {}): IssueRecord {
  return {
    repo: 'vllm-project/vllm',
    number: 4242,
    title: '[Bug]: LoRA adapter loading fails with tensor parallel size 2',
    url: 'https://github.com/vllm-project/vllm/issues/4242',
    body: 'Loading a LoRA adapter with --tensor-parallel-size 2 raises a shape mismatch.',
    author: 'reporter',
    labels: ['good first issue'],
    state: 'OPEN',
    createdAt: daysAgo(60),
    updatedAt: daysAgo(1),
    commentCount: 0,
    assignees: [],
    pullRequests: [],
    comments: [],
    signalsComplete: true,
    ...over,
  };
}

function comment(author: string, body: string, days: number, authorAssociation = 'NONE'): IssueComment {
  return { author, body, createdAt: daysAgo(days), authorAssociation };
}

function pr(over: Partial<LinkedPullRequest> = {}): LinkedPullRequest {
  return {
    repo: 'vllm-project/vllm',
    number: 4300,
    url: 'https://github.com/vllm-project/vllm/pull/4300',
    state: 'OPEN',
    author: 'alice',
    createdAt: daysAgo(3),
    closesIssue: true,
    ...over,
  };
}

describe('claim phrases', () => {
  test.each([
    'Can I work on this?',
    'could I take this one?',
    'Hi! May I pick this up?',
    'Is anyone working on this? If not, can I take it?',
    '/assign',
    '/take',
    "I'd like to take this",
    'I’d like to work on this issue.',
    'I would love to work on this!',
    "I'm working on it",
    'I am currently working on this, PR soon',
    'I will work on this',
    "I'll submit a PR this weekend",
    'Please assign this to me',
    'assign it to me please',
    'Could you assign me?',
    'Let me take this',
    "I'm interested in working on this",
    "I'd be happy to pick this up",
    'on it!',
    'Can I be assigned?',
    'I have started working on this',
    // every kind of action after every kind of opening (the patterns share them)
    "I'd like to take a stab at this",
    'I would like to have a go at it!',
    "I'd like to give it a try",
    "I'm keen to pick it up",
    'I am planning to take this one',
    "I'm interested in picking this up",
    'Could I take a crack at the issue?',
    "I'll have a go at this",
    'Let me give this a shot',
    'let me take a stab at it',
  ])('claims: %s', (text) => {
    expect(isClaim(text)).toBe(true);
  });

  test.each([
    'Is anyone working on this?',
    "I'm not working on it anymore",
    'I will not work on this',
    "I can't work on this right now",
    'Can I take a look at the logs?',
    "I'll take this into account",
    'I will try this workaround',
    'Thanks, I can reproduce it on A100 too.',
    "Please don't assign it to me",
    '/assign @bob',
    'Would anyone like to take this?',
    '> Can I work on this?\n\nThis was asked before; see above.',
    'Does this work on ROCm?',
    '`/assign` is handled by the bot here',
    "I'd like to take a stab at this approach later",
    'Let me have a go at it with a workaround first',
    "I'll give that a try",
  ])('does not claim: %s', (text) => {
    expect(isClaim(text)).toBe(false);
  });
});

describe('release phrases', () => {
  test.each(['This is still available', 'Up for grabs!', 'Unassigned due to inactivity.', 'Anyone can take this now'])(
    'maintainer release: %s',
    (text) => {
      expect(isMaintainerRelease(text, ['bob'])).toBe(true);
    },
  );

  test('"feel free to pick this up" frees the issue when said to everyone, not when said to the claimant', () => {
    expect(isMaintainerRelease('Feel free to pick this up.', ['bob'])).toBe(true);
    expect(isMaintainerRelease('@bob feel free to pick this up!', ['bob'])).toBe(false);
  });

  test('the claimant backing out', () => {
    expect(isSelfRelease("Sorry, I'm no longer working on this.")).toBe(true);
    expect(isSelfRelease("I'm working on it")).toBe(false);
  });
});

describe('detectTaken', () => {
  test('a fresh issue is free', () => {
    expect(detectTaken(issue(), opts)).toEqual({ taken: false, stale: false, reasons: [] });
  });

  test('an assignee takes it', () => {
    const v = detectTaken(issue({ assignees: ['carol'] }), opts);
    expect(v).toEqual({ taken: true, stale: false, reasons: ['assigned to @carol'] });
  });

  test('an open PR that will close it', () => {
    expect(detectTaken(issue({ pullRequests: [pr()] }), opts).reasons).toEqual(['open PR #4300 by @alice will close it']);
  });

  test('an open PR that only mentions it ("see #123") does not take it: free, with the reason', () => {
    const v = detectTaken(issue({ pullRequests: [pr({ repo: 'neuralmagic/vllm', closesIssue: false, number: 7 })] }), opts);
    expect(v.taken).toBe(false);
    expect(v.reasons).toEqual(['mentioned by open PR neuralmagic/vllm#7']);
    expect(v.mentionedBy).toEqual([{ repo: 'neuralmagic/vllm', number: 7 }]);
  });

  test('a closing PR still takes it when another PR only mentions it', () => {
    const v = detectTaken(issue({ pullRequests: [pr({ closesIssue: false, number: 8 }), pr({ number: 9 })] }), opts);
    expect(v.taken).toBe(true);
    expect(v.reasons).toEqual(['open PR #9 by @alice will close it', 'mentioned by open PR #8']);
  });

  test('a merged PR that mentioned it is no mention now', () => {
    const v = detectTaken(issue({ pullRequests: [pr({ closesIssue: false, state: 'MERGED' })] }), opts);
    expect(v).toEqual({ taken: false, stale: false, reasons: [] });
  });

  test('merged and closed PRs do not take it', () => {
    const v = detectTaken(issue({ pullRequests: [pr({ state: 'MERGED' }), pr({ state: 'CLOSED', number: 4301 })] }), opts);
    expect(v.taken).toBe(false);
  });

  test('a recent claim takes it', () => {
    const v = detectTaken(issue({ comments: [comment('dave', 'Can I work on this?', 3)] }), opts);
    expect(v).toEqual({ taken: true, stale: false, reasons: ['claimed by @dave 3 days ago'] });
  });

  test('a claim older than the window with no PR is stale', () => {
    const v = detectTaken(issue({ comments: [comment('zed', "I'd like to take this", 45)] }), opts);
    expect(v).toEqual({ taken: false, stale: true, reasons: ['claimed by @zed 45 days ago, no PR since (stale)'] });
  });

  test('the window is configurable', () => {
    const v = detectTaken(issue({ comments: [comment('zed', "I'd like to take this", 45)] }), { ...opts, claimWindowDays: 60 });
    expect(v.taken).toBe(true);
  });

  test('a stale claim with an open PR by the claimant is taken, by the PR', () => {
    const v = detectTaken(
      issue({ comments: [comment('zed', '/assign', 45)], pullRequests: [pr({ author: 'zed' })] }),
      opts,
    );
    expect(v).toEqual({ taken: true, stale: false, reasons: ['open PR #4300 by @zed will close it'] });
  });

  test('a later maintainer comment overrides a claim', () => {
    const v = detectTaken(
      issue({
        comments: [
          comment('dave', "I'm working on it", 10),
          comment('maint', 'No activity for a while, this is still available.', 2, 'MEMBER'),
        ],
      }),
      opts,
    );
    expect(v).toEqual({ taken: false, stale: false, reasons: [] });
  });

  test('a non-maintainer saying "still available" does not override', () => {
    const v = detectTaken(
      issue({ comments: [comment('dave', "I'm working on it", 10), comment('eve', 'Is this still available?', 2)] }),
      opts,
    );
    expect(v.taken).toBe(true);
  });

  test('a maintainer go-ahead to the claimant keeps it taken', () => {
    const v = detectTaken(
      issue({
        comments: [comment('dave', 'Can I take this?', 5), comment('maint', '@dave feel free to pick this up!', 4, 'OWNER')],
      }),
      opts,
    );
    expect(v.reasons).toEqual(['claimed by @dave 5 days ago']);
  });

  test('a claim after the maintainer release counts again', () => {
    const v = detectTaken(
      issue({
        comments: [
          comment('dave', 'Can I take this?', 20),
          comment('maint', 'Up for grabs', 10, 'COLLABORATOR'),
          comment('frank', '/take', 1),
        ],
      }),
      opts,
    );
    expect(v.reasons).toEqual(['claimed by @frank 1 day ago']);
  });

  test('the claimant backing out frees it', () => {
    const v = detectTaken(
      issue({ comments: [comment('dave', 'I will work on this', 9), comment('dave', "I can't work on this after all", 2)] }),
      opts,
    );
    expect(v.taken).toBe(false);
  });

  test("the viewer's own assignment, PR and claim do not make it taken for them", () => {
    const v = detectTaken(
      issue({
        assignees: ['Me'],
        pullRequests: [pr({ author: 'me' })],
        comments: [comment('me', 'Can I work on this?', 1)],
      }),
      { ...opts, viewer: 'me' },
    );
    expect(v).toEqual({ taken: false, stale: false, reasons: [] });
  });

  test('several signals give several reasons, assignee first', () => {
    const v = detectTaken(
      issue({ assignees: ['carol'], pullRequests: [pr({ closesIssue: false, isDraft: true })], comments: [comment('dave', '/assign', 0)] }),
      opts,
    );
    expect(v.reasons).toEqual(['assigned to @carol', 'claimed by @dave today', 'mentioned by open PR #4300']);
  });
});

describe('comment bits (what the repository cache keeps per comment)', () => {
  const conversations: IssueComment[][] = [
    [comment('alice', 'Can I work on this?', 5)],
    [comment('alice', 'Can I work on this?', 50)],
    [comment('alice', "I'd like to take this one", 9), comment('alice', "Sorry, I'm no longer working on this.", 3)],
    [comment('alice', 'I will work on this', 9), comment('maint', '@alice feel free to pick this up!', 8, 'MEMBER')],
    [comment('alice', 'I will work on this', 9), comment('maint', 'Feel free to pick this up.', 8, 'MEMBER')],
    [comment('alice', '/assign', 9), comment('maint', 'Unassigned due to inactivity.', 4, 'OWNER'), comment('bob', 'on it!', 2)],
    [comment('maint', 'Up for grabs!', 9, 'COLLABORATOR'), comment('me', 'Let me take this', 1)],
    [comment('alice', 'Thanks, I can reproduce it on A100 too.', 2), comment('bob', 'Is anyone working on this?', 1)],
  ];

  test.each(conversations.map((c, i) => [i, c] as const))('conversation %i: the same verdict from remembered bits as from the bodies', (_, comments) => {
    const fromBodies = detectTaken(issue({ comments: comments.map((c) => ({ ...c })) }), { ...opts, viewer: 'me' });
    const remembered = comments.map((c) => ({ ...c }));
    for (const c of remembered) rememberCommentSignals(c, commentSignals(c.body));
    expect(detectTaken(issue({ comments: remembered }), { ...opts, viewer: 'me' })).toEqual(fromBodies);
  });

  test('remembered bits are what counts (so the cache must store them exactly, under a version)', () => {
    const c = comment('alice', 'Thanks for the report.', 2);
    rememberCommentSignals(c, commentSignals('Can I work on this?'));
    expect(detectTaken(issue({ comments: [c] }), opts).reasons).toEqual(['claimed by @alice 2 days ago']);
  });
});
