import { describe, expect, it } from 'vitest';
import { applyClaimActivity } from '../src/core/claim-status.js';
import type { ActivityPullRequest, ClaimActivity, IssueActivity } from '../src/core/types.js';
import type { State } from '../src/state/schema.js';
import type { Claim, ClaimStatus } from '../src/core/types.js';

const now = new Date('2026-03-01T00:00:00.000Z');
const at = now.toISOString();

function claim(number: number, status: ClaimStatus = 'claimed'): Claim {
  return {
    repo: 'Org/Repo', number, title: 't', url: 'u', labels: [], claimedAt: '2026-01-01T00:00:00.000Z', status,
    statusHistory: [{ status, at: '2026-01-01T00:00:00.000Z' }], notes: [], pullRequests: [], droppedReason: null, lastRefreshedAt: null,
  };
}

function pr(number: number, author: string | null, state: 'OPEN' | 'CLOSED' | 'MERGED' = 'OPEN', closesIssue = true): ActivityPullRequest {
  return {
    repo: 'org/repo', number, url: `https://github.com/org/repo/pull/${number}`, title: 'p', state, merged: state === 'MERGED',
    mergedAt: state === 'MERGED' ? '2026-02-01T00:00:00Z' : null, createdAt: '2026-01-15T00:00:00Z', isDraft: false,
    reviewDecision: null, author, closesIssue,
  };
}

function issue(number: number, a: Partial<IssueActivity> = {}): IssueActivity {
  return { repo: 'org/repo', number, found: true, title: 't', state: 'OPEN', closedAt: null, assignees: [], pullRequests: [], ...a };
}

function apply(claims: Claim[], issues: IssueActivity[], viewerFetched = true) {
  const state: State = { version: 2, viewer: null, claims };
  const activity: ClaimActivity = { viewer: { login: 'Me', apiUrl: 'https://api.github.com' }, viewerFetched, issues };
  return applyClaimActivity(state, activity, now);
}

describe('applyClaimActivity', () => {
  it('the user’s merged PR wins over everything, matching logins and repos case-insensitively', () => {
    const r = apply([claim(1)], [issue(1, { state: 'CLOSED', assignees: ['rival'], pullRequests: [pr(5, 'rival'), pr(6, 'me', 'MERGED')] })]);
    expect(r.state.claims[0]?.status).toBe('merged');
    expect(r.changes).toEqual([{ repo: 'Org/Repo', number: 1, from: 'claimed', to: 'merged', detail: 'PR org/repo#6 merged' }]);
    expect(r.state.claims[0]?.pullRequests.map((p) => p.number)).toEqual([6]);
    expect(r.state.claims[0]?.statusHistory.at(-1)).toEqual({ status: 'merged', at, detail: 'PR org/repo#6 merged' });
  });

  it('an open PR by the user beats someone else’s assignment', () => {
    const r = apply([claim(1)], [issue(1, { assignees: ['rival'], pullRequests: [pr(6, 'Me', 'OPEN', false)] })]);
    expect(r.state.claims[0]?.status).toBe('pr-open');
  });

  it('closed without the user’s merged PR is closed; someone else’s assignment or open PR is taken-by-other', () => {
    const r = apply(
      [claim(1), claim(2), claim(3), claim(4)],
      [
        issue(1, { state: 'CLOSED', pullRequests: [pr(9, 'me', 'CLOSED')] }),
        issue(2, { assignees: ['rival'] }),
        issue(3, { pullRequests: [pr(7, null)] }),
        issue(4, { assignees: ['me', 'rival'] }),
      ],
    );
    expect(r.state.claims.map((c) => c.status)).toEqual(['closed', 'taken-by-other', 'taken-by-other', 'claimed']);
    expect(r.changes.map((c) => c.detail)).toEqual(['issue closed', 'assigned to rival', 'someone opened PR org/repo#7']);
  });

  it('dropped stays dropped, unknown issues stay as they were, and unchanged status adds no history', () => {
    const r = apply(
      [claim(1, 'dropped'), claim(2, 'pr-open'), claim(3, 'taken-by-other')],
      [issue(1, { pullRequests: [pr(6, 'me', 'MERGED')] }), issue(2, { found: false }), issue(3, { assignees: ['rival'] })],
    );
    expect(r.changes).toEqual([]);
    expect(r.state.claims.map((c) => c.status)).toEqual(['dropped', 'pr-open', 'taken-by-other']);
    expect(r.state.claims.map((c) => c.statusHistory.length)).toEqual([1, 1, 1]);
    expect(r.state.claims[0]?.pullRequests).toHaveLength(1);
    expect(r.state.claims[1]?.lastRefreshedAt).toBeNull();
  });

  it('goes back to claimed when the reason for another status is gone', () => {
    const r = apply(
      [claim(1, 'taken-by-other'), claim(2, 'closed'), claim(3, 'pr-open')],
      [issue(1), issue(2), issue(3, { pullRequests: [pr(6, 'me', 'CLOSED')] })],
    );
    expect(r.changes.map((c) => [c.to, c.detail])).toEqual([
      ['claimed', 'no longer taken by someone else'],
      ['claimed', 'issue reopened'],
      ['claimed', 'own PR closed without merging'],
    ]);
  });

  it('caches the viewer only when it was fetched (or none is cached)', () => {
    expect(apply([], []).state.viewer).toEqual({ login: 'Me', apiUrl: 'https://api.github.com', fetchedAt: at });
    const cached: State = { version: 2, viewer: { login: 'Me', apiUrl: 'https://api.github.com', fetchedAt: '2026-01-01T00:00:00Z' }, claims: [] };
    const r = applyClaimActivity(cached, { viewer: { login: 'Me', apiUrl: 'https://api.github.com' }, viewerFetched: false, issues: [] }, now);
    expect(r.state.viewer?.fetchedAt).toBe('2026-01-01T00:00:00Z');
  });
});
