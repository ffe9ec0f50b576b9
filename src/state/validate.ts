// The full check of a state file's content: migrations from earlier versions, then the schema.
import { FutureVersionError, migrateState } from './migrations.js';
import { parseState, StateShapeError, type State } from './schema.js';

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
  try {
    return { ok: true, state: parseState(migrated.raw), migrated: migrated.migrated };
  } catch (e) {
    if (e instanceof StateShapeError) return { ok: false, reason: `it does not match the expected shape (${e.message})` };
    throw e;
  }
}
