// Zod-free constants of the state format, so the read path can check a state file without loading zod.
import type { State } from './schema.js';

// The current on-disk shape of state.json. Bump STATE_VERSION and add a migration in
// src/state/migrations.ts whenever the schema (src/state/schema.ts) changes.
export const STATE_VERSION = 2;

/**
 * Names the exact schema a state file was validated against; recorded beside every file we write
 * (state.json.meta) so a later read may skip zod. Change it on ANY change to src/state/schema.ts, even one
 * that keeps STATE_VERSION (a new default, a tighter check): tests/state-fastpath.test.ts fails until you do.
 */
export const STATE_SCHEMA_ID = `${STATE_VERSION}.1`;

export function emptyState(): State {
  return { version: STATE_VERSION, viewer: null, claims: [] };
}
