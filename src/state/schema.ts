// The current on-disk shape of state.json, and its check. Bump STATE_VERSION and add a migration in
// src/state/migrations.ts whenever this changes.
//
// Written out by hand rather than with zod: every command reads the state, and importing zod alone costs
// more than twice a bare `node -e 0` (measured: bench/results.md), far over the start-up target of
// `list --json`. This check runs on every read, so nothing that skips it can let a bad file through.
export { STATE_VERSION, emptyState } from './version.js';
import { STATE_VERSION } from './version.js';

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

export interface State {
  version: typeof STATE_VERSION;
  viewer: Viewer | null;
  claims: Claim[];
}

/** Where in the file and what is wrong: path "claims.0.number", message "expected a positive integer". */
export class StateShapeError extends Error {
  constructor(
    readonly where: string,
    readonly problem: string,
  ) {
    super(`${where || 'root'}: ${problem}`);
  }
}

type Obj = Record<string, unknown>;

function fail(where: string, problem: string): never {
  throw new StateShapeError(where, problem);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'string' ? 'a string' : typeof v === 'object' ? 'an object' : `${typeof v}`;
}

function obj(v: unknown, where: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(where, `expected an object, got ${describe(v)}`);
  return v as Obj;
}

function list(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) fail(where, `expected a list, got ${describe(v)}`);
  return v;
}

function str(v: unknown, where: string): string {
  if (typeof v !== 'string') fail(where, `expected a string, got ${describe(v)}`);
  return v;
}

function bool(v: unknown, where: string): boolean {
  if (typeof v !== 'boolean') fail(where, `expected true or false, got ${describe(v)}`);
  return v;
}

function positiveInt(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) fail(where, `expected a positive whole number, got ${JSON.stringify(v) ?? describe(v)}`);
  return v;
}

function isoDate(v: unknown, where: string): string {
  const s = str(v, where);
  if (Number.isNaN(Date.parse(s))) fail(where, 'not an ISO date');
  return s;
}

function oneOf<T extends string>(v: unknown, options: readonly T[], where: string): T {
  if (typeof v !== 'string' || !(options as readonly string[]).includes(v)) fail(where, `expected one of ${options.join(', ')}, got ${JSON.stringify(v) ?? describe(v)}`);
  return v as T;
}

/** Absent (undefined) takes the default; anything else must pass `check`. */
function withDefault<T>(v: unknown, fallback: T, check: (v: unknown) => T): T {
  return v === undefined ? fallback : check(v);
}

function nullable<T>(v: unknown, where: string, check: (v: unknown, where: string) => T): T | null {
  return v === null ? null : check(v, where);
}

function statusChange(v: unknown, where: string): StatusChange {
  const o = obj(v, where);
  const out: StatusChange = { status: oneOf(o.status, CLAIM_STATUSES, `${where}.status`), at: isoDate(o.at, `${where}.at`) };
  if (o.detail !== undefined) out.detail = str(o.detail, `${where}.detail`);
  return out;
}

function note(v: unknown, where: string): ClaimNote {
  const o = obj(v, where);
  return { at: isoDate(o.at, `${where}.at`), text: str(o.text, `${where}.text`) };
}

function pullRequest(v: unknown, where: string): ClaimPullRequest {
  const o = obj(v, where);
  return {
    repo: str(o.repo, `${where}.repo`),
    number: positiveInt(o.number, `${where}.number`),
    url: str(o.url, `${where}.url`),
    title: withDefault(o.title, '', (x) => str(x, `${where}.title`)),
    state: oneOf(o.state, ['OPEN', 'CLOSED', 'MERGED'] as const, `${where}.state`),
    merged: bool(o.merged, `${where}.merged`),
    mergedAt: nullable(o.mergedAt, `${where}.mergedAt`, isoDate),
    createdAt: isoDate(o.createdAt, `${where}.createdAt`),
    isDraft: withDefault(o.isDraft, false, (x) => bool(x, `${where}.isDraft`)),
    reviewDecision: withDefault(o.reviewDecision, null, (x) => nullable(x, `${where}.reviewDecision`, str)),
  };
}

function items<T>(v: unknown, where: string, check: (v: unknown, where: string) => T): T[] {
  return list(v, where).map((x, i) => check(x, `${where}.${i}`));
}

function claim(v: unknown, where: string): Claim {
  const o = obj(v, where);
  return {
    repo: str(o.repo, `${where}.repo`),
    number: positiveInt(o.number, `${where}.number`),
    title: str(o.title, `${where}.title`),
    url: str(o.url, `${where}.url`),
    labels: withDefault(o.labels, [], (x) => items(x, `${where}.labels`, str)),
    claimedAt: isoDate(o.claimedAt, `${where}.claimedAt`),
    status: oneOf(o.status, CLAIM_STATUSES, `${where}.status`),
    statusHistory: items(o.statusHistory, `${where}.statusHistory`, statusChange),
    notes: withDefault(o.notes, [], (x) => items(x, `${where}.notes`, note)),
    pullRequests: withDefault(o.pullRequests, [], (x) => items(x, `${where}.pullRequests`, pullRequest)),
    droppedReason: withDefault(o.droppedReason, null, (x) => nullable(x, `${where}.droppedReason`, str)),
    lastRefreshedAt: withDefault(o.lastRefreshedAt, null, (x) => nullable(x, `${where}.lastRefreshedAt`, isoDate)),
  };
}

function viewer(v: unknown, where: string): Viewer {
  const o = obj(v, where);
  return { login: str(o.login, `${where}.login`), apiUrl: str(o.apiUrl, `${where}.apiUrl`), fetchedAt: isoDate(o.fetchedAt, `${where}.fetchedAt`) };
}

/**
 * The state in `raw`, checked field by field: defaults filled in, unknown keys dropped, a fresh object that
 * shares nothing with `raw`. Throws StateShapeError naming the first bad field.
 */
export function parseState(raw: unknown): State {
  const o = obj(raw, '');
  if (o.version !== STATE_VERSION) fail('version', `expected ${STATE_VERSION}, got ${JSON.stringify(o.version) ?? describe(o.version)}`);
  return {
    version: STATE_VERSION,
    viewer: withDefault(o.viewer, null, (x) => nullable(x, 'viewer', viewer)),
    claims: items(o.claims, 'claims', claim),
  };
}

/** For callers that hold state text of unknown origin (tests, fixtures): same check as every read. */
export const stateSchema = { parse: parseState };
