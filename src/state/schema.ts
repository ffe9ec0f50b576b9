import { z } from 'zod';
import { STATE_VERSION } from './version.js';

// The current on-disk shape of state.json. Bump STATE_VERSION and add a migration in
// src/state/migrations.ts whenever this changes, and change STATE_SCHEMA_ID (src/state/version.ts) on any change.
export { STATE_VERSION, emptyState } from './version.js';

export const claimStatusSchema = z.enum(['claimed', 'pr-open', 'merged', 'closed', 'taken-by-other', 'dropped']);
export type ClaimStatus = z.infer<typeof claimStatusSchema>;

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'not an ISO date' });

export const statusChangeSchema = z.object({
  status: claimStatusSchema,
  at: isoDate,
  /** Why it changed, e.g. "PR #123 merged" or "assigned to someone-else". */
  detail: z.string().optional(),
});
export type StatusChange = z.infer<typeof statusChangeSchema>;

export const claimNoteSchema = z.object({ at: isoDate, text: z.string() });
export type ClaimNote = z.infer<typeof claimNoteSchema>;

export const claimPullRequestSchema = z.object({
  repo: z.string(),
  number: z.number().int().positive(),
  url: z.string(),
  title: z.string().default(''),
  state: z.enum(['OPEN', 'CLOSED', 'MERGED']),
  merged: z.boolean(),
  mergedAt: isoDate.nullable(),
  createdAt: isoDate,
  isDraft: z.boolean().default(false),
  /** GitHub's reviewDecision: APPROVED, CHANGES_REQUESTED, REVIEW_REQUIRED, or null. */
  reviewDecision: z.string().nullable().default(null),
});
export type ClaimPullRequest = z.infer<typeof claimPullRequestSchema>;

export const claimSchema = z.object({
  repo: z.string(),
  number: z.number().int().positive(),
  title: z.string(),
  url: z.string(),
  labels: z.array(z.string()).default([]),
  claimedAt: isoDate,
  status: claimStatusSchema,
  statusHistory: z.array(statusChangeSchema),
  notes: z.array(claimNoteSchema).default([]),
  pullRequests: z.array(claimPullRequestSchema).default([]),
  droppedReason: z.string().nullable().default(null),
  lastRefreshedAt: isoDate.nullable().default(null),
});
export type Claim = z.infer<typeof claimSchema>;

export const viewerSchema = z.object({
  login: z.string(),
  /** The API base the login belongs to: a github.com login means nothing on an Enterprise host. */
  apiUrl: z.string(),
  fetchedAt: isoDate,
});
export type Viewer = z.infer<typeof viewerSchema>;

export const stateSchema = z.object({
  version: z.literal(STATE_VERSION),
  viewer: viewerSchema.nullable().default(null),
  claims: z.array(claimSchema),
});
export type State = z.infer<typeof stateSchema>;
