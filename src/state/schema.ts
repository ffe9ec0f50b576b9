// The current on-disk shape of state.json, and its check. Bump STATE_VERSION and add a migration in
// src/state/migrations.ts whenever this changes.
//
// Written out by hand rather than with zod: every command reads the state, and importing zod alone costs
// more than twice a bare `node -e 0` (measured: bench/results.md), far over the start-up target of
// `list --json`. This check runs on every read, so nothing that skips it can let a bad file through.
import { STATE_VERSION } from './version.js';
import { CLAIM_STATUSES, type Claim, type ClaimNote, type ClaimPullRequest, type ClaimsState, type StatusChange } from '../core/types.js';

/** The state file: the claims and viewer (core/types.ts) under a format version. */
export interface State extends ClaimsState {
  version: typeof STATE_VERSION;
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

// The path to the value being checked, as keys from the root; a failure joins it with the bad key. Kept as
// a stack rather than strings built per field: this runs on every read, mostly before the JIT warms up.
const at: (string | number)[] = [];

function fail(key: string | number | undefined, problem: string): never {
  const where = key === undefined ? at : [...at, key];
  at.length = 0;
  throw new StateShapeError(where.join('.'), problem);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'string' ? 'a string' : typeof v === 'object' ? 'an object' : `${typeof v}`;
}

function shown(v: unknown): string {
  return typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' ? JSON.stringify(v) : describe(v);
}

function asObj(v: unknown, key?: string | number): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(key, `expected an object, got ${describe(v)}`);
  return v as Obj;
}

function asList(v: unknown, key: string): unknown[] {
  if (!Array.isArray(v)) fail(key, `expected a list, got ${describe(v)}`);
  return v;
}

function str(o: Obj, key: string): string {
  const v = o[key];
  if (typeof v !== 'string') fail(key, `expected a string, got ${describe(v)}`);
  return v;
}

function strOrNull(o: Obj, key: string): string | null {
  return o[key] === null || o[key] === undefined ? null : str(o, key);
}

function bool(o: Obj, key: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') fail(key, `expected true or false, got ${describe(v)}`);
  return v;
}

function positiveInt(o: Obj, key: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v <= 0) fail(key, `expected a positive whole number, got ${shown(v)}`);
  return v;
}

// What we write (Date#toISOString, GitHub's timestamps); a regex test is several times cheaper than
// Date.parse, which still decides anything else.
const ISO_DATE_TIME = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,9})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

function isoDate(o: Obj, key: string): string {
  const v = str(o, key);
  if (!ISO_DATE_TIME.test(v) && Number.isNaN(Date.parse(v))) fail(key, 'not an ISO date');
  return v;
}

function isoDateOrNull(o: Obj, key: string): string | null {
  return o[key] === null || o[key] === undefined ? null : isoDate(o, key);
}

function oneOf<T extends string>(o: Obj, key: string, options: readonly T[]): T {
  const v = o[key];
  if (typeof v !== 'string' || !(options as readonly string[]).includes(v)) fail(key, `expected one of ${options.join(', ')}, got ${shown(v)}`);
  return v as T;
}

/** o[key] as a list (absent: []), each item checked by `item` with the path pointing at it. */
function listOf<T>(o: Obj, key: string, item: (v: unknown, index: number) => T, required = false): T[] {
  const v = o[key];
  if (v === undefined && !required) return [];
  const items = asList(v, key);
  at.push(key);
  const out = items.map(item);
  at.pop();
  return out;
}

function strItem(v: unknown, index: number): string {
  if (typeof v !== 'string') fail(index, `expected a string, got ${describe(v)}`);
  return v;
}

function nested<T>(v: unknown, key: string | number, check: (o: Obj) => T): T {
  const o = asObj(v, key);
  at.push(key);
  const out = check(o);
  at.pop();
  return out;
}

function statusChange(v: unknown, index: number): StatusChange {
  return nested(v, index, (o) => {
    const out: StatusChange = { status: oneOf(o, 'status', CLAIM_STATUSES), at: isoDate(o, 'at') };
    if (o.detail !== undefined) out.detail = str(o, 'detail');
    return out;
  });
}

function note(v: unknown, index: number): ClaimNote {
  return nested(v, index, (o) => ({ at: isoDate(o, 'at'), text: str(o, 'text') }));
}

const PR_STATES = ['OPEN', 'CLOSED', 'MERGED'] as const;

function pullRequest(v: unknown, index: number): ClaimPullRequest {
  return nested(v, index, (o) => ({
    repo: str(o, 'repo'),
    number: positiveInt(o, 'number'),
    url: str(o, 'url'),
    title: o.title === undefined ? '' : str(o, 'title'),
    state: oneOf(o, 'state', PR_STATES),
    merged: bool(o, 'merged'),
    mergedAt: o.mergedAt === null ? null : isoDate(o, 'mergedAt'),
    createdAt: isoDate(o, 'createdAt'),
    isDraft: o.isDraft === undefined ? false : bool(o, 'isDraft'),
    reviewDecision: strOrNull(o, 'reviewDecision'),
  }));
}

function claim(v: unknown, index: number): Claim {
  return nested(v, index, (o) => ({
    repo: str(o, 'repo'),
    number: positiveInt(o, 'number'),
    title: str(o, 'title'),
    url: str(o, 'url'),
    labels: listOf(o, 'labels', strItem),
    claimedAt: isoDate(o, 'claimedAt'),
    status: oneOf(o, 'status', CLAIM_STATUSES),
    statusHistory: listOf(o, 'statusHistory', statusChange, true),
    notes: listOf(o, 'notes', note),
    pullRequests: listOf(o, 'pullRequests', pullRequest),
    droppedReason: strOrNull(o, 'droppedReason'),
    lastRefreshedAt: isoDateOrNull(o, 'lastRefreshedAt'),
  }));
}

// The common case, checked with plain property reads: a claim exactly in the form we write (every field
// present, no other keys). Such a claim is already what claim() would build, so it is kept as it is. It
// accepts only what claim() accepts (tests/state-check.test.ts holds the two together); anything else,
// including every error, takes claim(), which fills defaults and names the bad field.
const STATUS_SET: ReadonlySet<unknown> = new Set(CLAIM_STATUSES);
const PR_STATE_SET: ReadonlySet<unknown> = new Set(PR_STATES);

function isDate(v: unknown): boolean {
  return typeof v === 'string' && (ISO_DATE_TIME.test(v) || !Number.isNaN(Date.parse(v)));
}

function isPositiveInt(v: unknown): boolean {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

function isPlain(v: unknown, keys: number): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === keys;
}

function isExactPullRequest(p: unknown): boolean {
  if (!isPlain(p, 10)) return false;
  return (
    typeof p.repo === 'string' && isPositiveInt(p.number) && typeof p.url === 'string' && typeof p.title === 'string' &&
    PR_STATE_SET.has(p.state) && typeof p.merged === 'boolean' && (p.mergedAt === null || isDate(p.mergedAt)) &&
    isDate(p.createdAt) && typeof p.isDraft === 'boolean' && (p.reviewDecision === null || typeof p.reviewDecision === 'string')
  );
}

function isExactClaim(c: unknown): c is Claim {
  if (!isPlain(c, 12)) return false;
  if (
    typeof c.repo !== 'string' || !isPositiveInt(c.number) || typeof c.title !== 'string' || typeof c.url !== 'string' ||
    !isDate(c.claimedAt) || !STATUS_SET.has(c.status) || !(c.droppedReason === null || typeof c.droppedReason === 'string') ||
    !(c.lastRefreshedAt === null || isDate(c.lastRefreshedAt))
  ) {
    return false;
  }
  const { labels, statusHistory, notes, pullRequests } = c;
  if (!Array.isArray(labels) || !Array.isArray(statusHistory) || !Array.isArray(notes) || !Array.isArray(pullRequests)) return false;
  for (const l of labels) if (typeof l !== 'string') return false;
  for (const h of statusHistory as unknown[]) {
    const o = h as Obj;
    const detail = isPlain(h, 3) && typeof o.detail === 'string';
    if (!(detail || isPlain(h, 2)) || !STATUS_SET.has(o.status) || !isDate(o.at)) return false;
  }
  for (const n of notes as unknown[]) if (!isPlain(n, 2) || !isDate(n.at) || typeof n.text !== 'string') return false;
  for (const p of pullRequests as unknown[]) if (!isExactPullRequest(p)) return false;
  return true;
}

/**
 * The state in `raw`, checked field by field: defaults filled in, unknown keys dropped. Claims already in
 * exactly that form are kept (raw comes from JSON.parse: nothing else holds it). Throws StateShapeError
 * naming the first bad field.
 */
export function parseState(raw: unknown): State {
  at.length = 0;
  const o = asObj(raw);
  if (o.version !== STATE_VERSION) fail('version', `expected ${STATE_VERSION}, got ${shown(o.version)}`);
  const viewer = o.viewer === undefined || o.viewer === null ? null : nested(o.viewer, 'viewer', (v) => ({ login: str(v, 'login'), apiUrl: str(v, 'apiUrl'), fetchedAt: isoDate(v, 'fetchedAt') }));
  const claims = asList(o.claims, 'claims');
  at.push('claims');
  const checked = claims.map((c, i) => (isExactClaim(c) ? c : claim(c, i)));
  at.pop();
  return { version: STATE_VERSION, viewer, claims: checked };
}

/** claim() alone, for the test that holds isExactClaim to it. */
export function parseClaimInFull(raw: unknown): Claim {
  at.length = 0;
  return claim(raw, 0);
}

export { isExactClaim };
