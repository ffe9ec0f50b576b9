// Domain types shared by every layer. Nothing here knows about Octokit or the file system.
import type { RepoHealth } from './health.js';

/** "owner/name", exactly as GitHub spells it. */
export type RepoName = string;

export type RepoCategory =
  | 'serving'
  | 'training'
  | 'kernels-compilers'
  | 'distributed-platform'
  | 'data-eval'
  | 'tooling';

export interface CatalogEntry {
  repo: RepoName;
  category: RepoCategory;
  /** Label names this repo really uses for beginner / help-wanted work, strongest first. */
  labels: string[];
}

export interface IssueComment {
  author: string;
  /** GitHub's authorAssociation: OWNER, MEMBER, COLLABORATOR, CONTRIBUTOR, FIRST_TIME_CONTRIBUTOR, NONE... */
  authorAssociation: string;
  body: string;
  createdAt: string;
}

export type PullRequestState = 'OPEN' | 'CLOSED' | 'MERGED';

/** A pull request connected to an issue: one that will close it, or one that only mentions it. */
export interface LinkedPullRequest {
  repo: RepoName;
  number: number;
  url: string;
  state: PullRequestState;
  author: string;
  createdAt: string;
  /** true when the PR will close the issue (closing keyword or manual link), false for a mention. */
  closesIssue: boolean;
  isDraft?: boolean | undefined;
}

export interface IssueRecord {
  repo: RepoName;
  number: number;
  title: string;
  url: string;
  body: string;
  author: string;
  labels: string[];
  state: 'OPEN' | 'CLOSED';
  createdAt: string;
  updatedAt: string;
  /** Total number of comments on the issue. */
  commentCount: number;
  assignees: string[];
  pullRequests: LinkedPullRequest[];
  /** The most recent comments (not necessarily all of them). */
  comments: IssueComment[];
  /** An invented example from the bundled sample: not a real issue, and its url is the repository's beginner-issue list. */
  sample?: true | undefined;
  /**
   * false when the issue came from a source that cannot see every taken signal
   * (REST search fallback without a token: no mention-only PRs, no comments).
   */
  signalsComplete: boolean;
  /**
   * true while only the light first pass is known (title, labels, body, dates): comments, assignees and
   * pull requests were not asked for yet, so the empty lists above say nothing. Absent once they were.
   */
  signalsPending?: boolean | undefined;
}

export interface RepoMeta {
  repo: RepoName;
  /** Newcomer figures from `repos health`, attached from the cache at ranking time; never stored with the repo. */
  newcomerHealth?: RepoHealth;
  description: string | null;
  primaryLanguage: string | null;
  languages: string[];
  topics: string[];
  stars: number;
  isArchived: boolean;
  isPrivate: boolean;
  url: string;
}

export type RepoFailureKind = 'not-found' | 'forbidden' | 'rate-limited' | 'error';

export interface RepoFailure {
  repo: RepoName;
  kind: RepoFailureKind;
  message: string;
}

/** Everything one fetch produced; also what a snapshot file stores. */
export interface FetchResult {
  fetchedAt: string;
  repos: RepoMeta[];
  issues: IssueRecord[];
  failures: RepoFailure[];
}

export interface TakenVerdict {
  taken: boolean;
  /** A claim was found but it is older than the claim window and no PR followed. */
  stale: boolean;
  reasons: string[];
  /** Open PRs that mention the issue without closing it: not a claim, but somebody is near it. */
  mentionedBy?: { repo: RepoName; number: number }[];
}

export type SkillWeight = 1 | 2 | 3;

export interface SkillPreference {
  name: string;
  weight: SkillWeight;
}

/** A user-defined skill, added in the profile next to the built-in vocabulary. */
export interface CustomSkill {
  name: string;
  aliases: string[];
  patterns: string[];
}

export interface SkillProfile {
  skills: SkillPreference[];
  avoid: string[];
  customSkills: CustomSkill[];
}

export interface SkillMatch {
  skill: string;
  /** Where the evidence was found and the text that matched, e.g. { where: 'title', text: 'CUDA' }. */
  evidence: { where: 'title' | 'label' | 'body' | 'code' | 'path' | 'repo'; text: string }[];
  contribution: number;
}

export interface RankedIssue {
  issue: IssueRecord;
  repo: RepoMeta | undefined;
  score: number;
  matchedSkills: SkillMatch[];
  /** Named contributions that add up to score, e.g. { skills: 4.2, labels: 1, freshness: 0.6, avoid: -2 }. */
  scoreParts: Record<string, number>;
  taken: TakenVerdict;
}

export const SNAPSHOT_FORMAT = 'oss-scout-snapshot';
export const SNAPSHOT_VERSION = 1;

/** What --save-snapshot writes and --snapshot reads: one fetch, replayable with no network. */
export interface Snapshot extends FetchResult {
  format: typeof SNAPSHOT_FORMAT;
  version: typeof SNAPSHOT_VERSION;
  /** The API base it came from (never a token). */
  apiUrl: string;
  /** The repositories that were asked for, in order. */
  requestedRepos: RepoName[];
  /** Only the bundled sample of invented issues carries it; snapshots saved with --save-snapshot are real. */
  sample?: true | undefined;
}

export const CLAIM_STATUSES = ['claimed', 'pr-open', 'merged', 'closed', 'taken-by-other', 'dropped'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

export interface StatusChange {
  status: ClaimStatus;
  at: string;
  /** Why it changed, e.g. "PR #123 merged" or "assigned to someone-else". */
  detail?: string;
}

export interface ClaimNote {
  at: string;
  text: string;
}

export interface ClaimPullRequest {
  repo: string;
  number: number;
  url: string;
  title: string;
  state: 'OPEN' | 'CLOSED' | 'MERGED';
  merged: boolean;
  mergedAt: string | null;
  createdAt: string;
  isDraft: boolean;
  /** GitHub's reviewDecision: APPROVED, CHANGES_REQUESTED, REVIEW_REQUIRED, or null. */
  reviewDecision: string | null;
}

export interface Claim {
  repo: string;
  number: number;
  title: string;
  url: string;
  labels: string[];
  claimedAt: string;
  status: ClaimStatus;
  statusHistory: StatusChange[];
  notes: ClaimNote[];
  pullRequests: ClaimPullRequest[];
  droppedReason: string | null;
  lastRefreshedAt: string | null;
}

export interface Viewer {
  login: string;
  /** The API base the login belongs to: a github.com login means nothing on an Enterprise host. */
  apiUrl: string;
  fetchedAt: string;
}

/** The claims and who the token belongs to: what the state file holds, less its format version. */
export interface ClaimsState {
  viewer: Viewer | null;
  claims: Claim[];
}

/** A pull request by the user, from a claim refresh or from GitHub search: the shape a claim records. */
export type UserPullRequest = ClaimPullRequest;

/** A pull request seen on a claimed issue: the report's shape plus who opened it and how it is linked. */
export interface ActivityPullRequest extends UserPullRequest {
  /** null for a deleted ("ghost") account. */
  author: string | null;
  /** true when GitHub lists it as closing the issue; false when it only mentions it. */
  closesIssue: boolean;
}

export interface IssueActivity {
  repo: string;
  number: number;
  /** false when GitHub no longer returns the issue (deleted, transferred, repo gone or private). */
  found: boolean;
  title: string | null;
  state: 'OPEN' | 'CLOSED' | null;
  closedAt: string | null;
  assignees: string[];
  pullRequests: ActivityPullRequest[];
}

export interface ClaimActivity {
  /** Who the token belongs to; the caller caches it in the state. */
  viewer: { login: string; apiUrl: string };
  /** true when the login came from this fetch rather than the cache. */
  viewerFetched: boolean;
  issues: IssueActivity[];
}
