import { STATE_VERSION } from './version.js';

// Version 1 (oss-scout 0.0.x) kept claims in an object keyed by "owner/repo#N", with no status history:
// a claim was either active or dropped. Checked by hand, like the current schema (no zod on the read path).
interface V1Claim {
  title: string;
  url: string;
  claimedAt: string;
  labels?: string[];
  note?: string;
  dropped?: boolean;
  droppedAt?: string;
}

function v1Claims(raw: unknown): Record<string, V1Claim> {
  const claims = (raw as { claims?: unknown }).claims;
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new InvalidStateError('not a valid version 1 state: "claims" is not an object');
  for (const [key, c] of Object.entries(claims as Record<string, unknown>)) {
    const bad = (what: string): never => {
      throw new InvalidStateError(`not a valid version 1 state: claim "${key}" ${what}`);
    };
    if (typeof c !== 'object' || c === null || Array.isArray(c)) bad('is not an object');
    const o = c as Record<string, unknown>;
    for (const f of ['title', 'url', 'claimedAt']) if (typeof o[f] !== 'string') bad(`has no string "${f}"`);
    for (const f of ['note', 'droppedAt']) if (o[f] !== undefined && typeof o[f] !== 'string') bad(`has a "${f}" that is not a string`);
    if (o.dropped !== undefined && typeof o.dropped !== 'boolean') bad('has a "dropped" that is not true or false');
    if (o.labels !== undefined && !(Array.isArray(o.labels) && o.labels.every((l) => typeof l === 'string'))) bad('has "labels" that are not a list of strings');
  }
  return claims as Record<string, V1Claim>;
}

const V1_KEY = /^([^/#\s]+\/[^/#\s]+)#([1-9][0-9]*)$/;

export class FutureVersionError extends Error {
  constructor(readonly found: number) {
    super(`state version ${found} is newer than this oss-scout understands (${STATE_VERSION})`);
  }
}

/** Thrown for content that is JSON but not any known state shape; the caller names the file. */
export class InvalidStateError extends Error {}

function fromV1(raw: unknown): unknown {
  const claims = Object.entries(v1Claims(raw)).map(([key, c]) => {
    const m = V1_KEY.exec(key);
    if (!m) throw new InvalidStateError(`version 1 claim key "${key}" is not owner/repo#N`);
    const history: { status: string; at: string; detail?: string }[] = [{ status: 'claimed', at: c.claimedAt }];
    if (c.dropped) history.push({ status: 'dropped', at: c.droppedAt ?? c.claimedAt, detail: 'migrated from version 1' });
    return {
      repo: m[1],
      number: Number(m[2]),
      title: c.title,
      url: c.url,
      labels: c.labels ?? [],
      claimedAt: c.claimedAt,
      status: c.dropped ? 'dropped' : 'claimed',
      statusHistory: history,
      // v1 had one undated note; the claim date is the best date we have for it.
      notes: c.note ? [{ at: c.claimedAt, text: c.note }] : [],
      pullRequests: [],
    };
  });
  return { version: 2, viewer: null, claims };
}

const steps: Record<number, (raw: unknown) => unknown> = { 1: fromV1 };

/**
 * Brings any earlier state shape up to STATE_VERSION (still unchecked: the caller runs the schema check).
 * `migrated` says whether anything changed, so a plain read never rewrites the file.
 */
export function migrateState(raw: unknown): { raw: unknown; migrated: boolean } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InvalidStateError('not a JSON object');
  let version = (raw as { version?: unknown }).version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new InvalidStateError(`missing or invalid "version" field`);
  }
  if (version > STATE_VERSION) throw new FutureVersionError(version);
  let current: unknown = raw;
  const migrated = version < STATE_VERSION;
  while (version < STATE_VERSION) {
    const step = steps[version];
    if (!step) throw new InvalidStateError(`no migration from version ${version}`);
    current = step(current);
    version += 1;
  }
  return { raw: current, migrated };
}
