// Pure: what GitHub says about each claimed issue -> each claim's status, with every change dated.
import type { ActivityPullRequest, Claim, ClaimActivity, ClaimPullRequest, ClaimsState, ClaimStatus, IssueActivity } from './types.js';
import { issueKey } from './refs.js';

export interface ClaimStatusChange {
  repo: string;
  number: number;
  from: ClaimStatus;
  to: ClaimStatus;
  detail: string;
}

const same = (a: string | null, b: string): boolean => a !== null && a.toLowerCase() === b.toLowerCase();

function verdict(activity: IssueActivity, viewer: string): { status: ClaimStatus; detail: string } {
  const mine = activity.pullRequests.filter((p) => same(p.author, viewer));
  const merged = mine.find((p) => p.merged);
  if (merged) return { status: 'merged', detail: `PR ${merged.repo}#${merged.number} merged` };
  const open = mine.find((p) => p.state === 'OPEN');
  if (open) return { status: 'pr-open', detail: `PR ${open.repo}#${open.number} open${open.isDraft ? ' (draft)' : ''}` };
  if (activity.state === 'CLOSED') {
    const closer = activity.pullRequests.find((p) => p.merged && p.closesIssue);
    const by = closer ? ` by ${closer.author ?? 'someone'}'s PR ${closer.repo}#${closer.number}` : '';
    return { status: 'closed', detail: `issue closed${by}` };
  }
  const assignee = activity.assignees.find((a) => !same(a, viewer));
  if (assignee && !activity.assignees.some((a) => same(a, viewer))) {
    return { status: 'taken-by-other', detail: `assigned to ${assignee}` };
  }
  const theirs = activity.pullRequests.find((p: ActivityPullRequest) => p.state === 'OPEN' && !same(p.author, viewer));
  if (theirs) return { status: 'taken-by-other', detail: `${theirs.author ?? 'someone'} opened PR ${theirs.repo}#${theirs.number}` };
  return { status: 'claimed', detail: '' };
}

const backToClaimed: Partial<Record<ClaimStatus, string>> = {
  'pr-open': 'own PR closed without merging',
  closed: 'issue reopened',
  'taken-by-other': 'no longer taken by someone else',
  merged: 'own PR no longer shown as merged',
};

function toClaimPR(p: ActivityPullRequest): ClaimPullRequest {
  // Stored claims keep the PR itself; who opened it and how it links are only needed to classify it.
  const { author: _author, closesIssue: _closesIssue, ...pr } = p;
  return pr;
}

function applyOne(claim: Claim, activity: IssueActivity, viewer: string, at: string): { claim: Claim; change?: ClaimStatusChange } {
  if (!activity.found) return { claim };
  const mine = activity.pullRequests.filter((p) => same(p.author, viewer)).map(toClaimPR);
  mine.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.number - b.number);
  const next: Claim = {
    ...claim,
    title: activity.title ?? claim.title,
    pullRequests: mine,
    lastRefreshedAt: at,
  };
  // A claim the user dropped stays dropped: the report still wants to show it as given up.
  if (claim.status === 'dropped') return { claim: next };
  const v = verdict(activity, viewer);
  if (v.status === claim.status) return { claim: next };
  if (v.status === 'claimed') v.detail = backToClaimed[claim.status] ?? 'claimed';
  next.status = v.status;
  next.statusHistory = [...claim.statusHistory, { status: v.status, at, detail: v.detail }];
  return { claim: next, change: { repo: claim.repo, number: claim.number, from: claim.status, to: v.status, detail: v.detail } };
}

export function applyClaimActivity<S extends ClaimsState>(state: S, activity: ClaimActivity, now: Date): { state: S; changes: ClaimStatusChange[] } {
  const at = now.toISOString();
  const byKey = new Map(activity.issues.map((i) => [issueKey(i.repo, i.number), i]));
  const changes: ClaimStatusChange[] = [];
  const claims = state.claims.map((c) => {
    const a = byKey.get(issueKey(c.repo, c.number));
    if (!a) return c;
    const r = applyOne(c, a, activity.viewer.login, at);
    if (r.change) changes.push(r.change);
    return r.claim;
  });
  const viewer = activity.viewerFetched || state.viewer === null
    ? { login: activity.viewer.login, apiUrl: activity.viewer.apiUrl, fetchedAt: at }
    : state.viewer;
  return { state: { ...state, viewer, claims }, changes };
}
