// Why an issue about to be claimed looks taken: the same verdict search gives, so `claim` warns exactly
// when search would have hidden the issue. Pure.
import { detectTaken } from './taken.js';
import type { IssueComment, IssueRecord, LinkedPullRequest } from './types.js';

/** What `claim` read about the issue (REST issue, recent comments, and the linked PRs when it could). */
export interface ClaimCandidate {
  repo: string;
  number: number;
  title: string;
  url: string;
  body: string;
  author: string | null;
  labels: string[];
  state: 'open' | 'closed';
  createdAt: string;
  updatedAt: string;
  commentCount: number;
  assignees: string[];
}

export interface ClaimWarningInput {
  issue: ClaimCandidate;
  comments: IssueComment[];
  /** undefined when they could not be read (no token: no GraphQL). */
  pullRequests: LinkedPullRequest[] | undefined;
  viewer: string | undefined;
  now: Date;
  claimWindowDays: number;
}

export function claimWarnings(input: ClaimWarningInput): string[] {
  const { issue } = input;
  const record: IssueRecord = {
    repo: issue.repo,
    number: issue.number,
    title: issue.title,
    url: issue.url,
    body: issue.body,
    author: issue.author ?? 'ghost',
    labels: issue.labels,
    state: issue.state === 'closed' ? 'CLOSED' : 'OPEN',
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    commentCount: issue.commentCount,
    assignees: issue.assignees,
    pullRequests: input.pullRequests ?? [],
    comments: input.comments,
    signalsComplete: input.pullRequests !== undefined,
  };
  const verdict = detectTaken(record, {
    now: input.now,
    claimWindowDays: input.claimWindowDays,
    ...(input.viewer !== undefined ? { viewer: input.viewer } : {}),
  });
  const reasons = verdict.taken ? [...verdict.reasons] : [];
  if (issue.state === 'closed') reasons.unshift('the issue is closed');
  return reasons;
}
