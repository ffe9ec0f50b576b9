// Compact source form of the shipped snapshot (snapshots/ml-infra.json).
// scripts/build-snapshot.ts expands these specs into the exact Snapshot type.
//
// Times are given as "days before fetchedAt" (2026-11-20T09:00:00Z) so the mix of fresh claims,
// stale claims and old issues stays right relative to the snapshot date. Every login used for a
// contributor or a claim is fictional.

export type Assoc = 'OWNER' | 'MEMBER' | 'COLLABORATOR' | 'CONTRIBUTOR' | 'FIRST_TIME_CONTRIBUTOR' | 'NONE';

/** A comment: [author, authorAssociation, days ago, body]. */
export type CommentSpec = [author: string, assoc: Assoc, daysAgo: number, body: string];

/** A linked pull request: [number, state, author, days ago (created), closesIssue, isDraft?]. */
export type PrSpec = [
  number: number,
  state: 'OPEN' | 'CLOSED' | 'MERGED',
  author: string,
  daysAgo: number,
  closesIssue: boolean,
  isDraft?: boolean,
];

export interface IssueSpec {
  /** Issue number. */
  n: number;
  /** Title. */
  t: string;
  /** Body (markdown). */
  b: string;
  /** Labels. */
  l: string[];
  /** Author login. */
  by: string;
  /** Created, days before fetchedAt. */
  c: number;
  /** Updated, days before fetchedAt; defaults to the latest comment / PR / creation. */
  u?: number;
  /** Older comments not included in `cm` (adds to commentCount). */
  k?: number;
  /** Assignees. */
  a?: string[];
  /** Linked pull requests. */
  pr?: PrSpec[];
  /** Most recent comments, oldest first. */
  cm?: CommentSpec[];
}

export interface RepoSpec {
  repo: string;
  description: string;
  primaryLanguage: string;
  languages: string[];
  topics: string[];
  stars: number;
  issues: IssueSpec[];
}

// ---- comment helpers ---------------------------------------------------------------------------

const CLAIMS = [
  'Hi, can I work on this?',
  "I'd like to take this one if nobody else is on it.",
  '/assign',
  "I'm working on it, will open a PR this week.",
  'Can I work on this issue? I have a fix mostly ready locally.',
  'Hi! I would like to pick this up. Is it still available?',
  "I'd like to take this. Planning to start with the test first.",
];

let claimIdx = 0;

/** A claim comment from a would-be contributor. */
export function claim(who: string, daysAgo: number, text?: string, assoc: Assoc = 'NONE'): CommentSpec {
  const body = text ?? (CLAIMS[claimIdx++ % CLAIMS.length] as string);
  return [who, assoc, daysAgo, body];
}

/** A maintainer comment (MEMBER). */
export function maint(who: string, daysAgo: number, body: string): CommentSpec {
  return [who, 'MEMBER', daysAgo, body];
}

/** A maintainer saying a previous claim lapsed. */
export function released(who: string, daysAgo: number, extra = ''): CommentSpec {
  return [
    who,
    'MEMBER',
    daysAgo,
    `This is still up for grabs, the previous PR was abandoned.${extra ? ' ' + extra : ''}`,
  ];
}

/** A plain comment from a user or contributor. */
export function user(who: string, daysAgo: number, body: string, assoc: Assoc = 'NONE'): CommentSpec {
  return [who, assoc, daysAgo, body];
}
