// The full check of a state file's content: migrations from earlier versions, then the zod schema.
// Loaded lazily by store.ts: a state file whose bytes match the digest we recorded when we wrote it
// (state.json.meta) is known valid, so a plain `list` never pays zod's import cost.
import { FutureVersionError, migrateState } from './migrations.js';
import { stateSchema, type State } from './schema.js';

export type Validated =
  | { ok: true; state: State; migrated: boolean }
  | { ok: false; future: number }
  | { ok: false; reason: string };

export function validateState(raw: unknown): Validated {
  let migrated: { raw: unknown; migrated: boolean };
  try {
    migrated = migrateState(raw);
  } catch (e) {
    if (e instanceof FutureVersionError) return { ok: false, future: e.found };
    return { ok: false, reason: (e as Error).message };
  }
  const parsed = stateSchema.safeParse(migrated.raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') : '';
    return { ok: false, reason: `it does not match the expected shape (${where || 'root'}: ${issue?.message ?? 'invalid'})` };
  }
  return { ok: true, state: parsed.data, migrated: migrated.migrated };
}

/** What update() stores: the schema's output for `next` (defaults filled in, unknown keys dropped). */
export function parseState(next: unknown): State {
  return stateSchema.parse(next);
}
