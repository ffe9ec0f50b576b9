import { z } from 'zod';
import { STATE_VERSION } from './schema.js';

// Version 1 (oss-scout 0.0.x) kept claims in an object keyed by "owner/repo#N", with no status history:
// a claim was either active or dropped.
const v1ClaimSchema = z.object({
  title: z.string(),
  url: z.string(),
  claimedAt: z.string(),
  labels: z.array(z.string()).optional(),
  note: z.string().optional(),
  dropped: z.boolean().optional(),
  droppedAt: z.string().optional(),
});

const v1StateSchema = z.object({
  version: z.literal(1),
  claims: z.record(z.string(), v1ClaimSchema),
});

const V1_KEY = /^([^/#\s]+\/[^/#\s]+)#([1-9][0-9]*)$/;

export class FutureVersionError extends Error {
  constructor(readonly found: number) {
    super(`state version ${found} is newer than this oss-scout understands (${STATE_VERSION})`);
  }
}

/** Thrown for content that is JSON but not any known state shape; the caller names the file. */
export class InvalidStateError extends Error {}

function fromV1(raw: unknown): unknown {
  const parsed = v1StateSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidStateError(`not a valid version 1 state: ${parsed.error.issues[0]?.message ?? ''}`);
  const claims = Object.entries(parsed.data.claims).map(([key, c]) => {
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
 * Brings any earlier state shape up to STATE_VERSION (still unvalidated: the caller runs the zod schema).
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
