// Constants of the state format, apart from the check itself so migrations can import them.
import type { State } from './schema.js';

// The current on-disk shape of state.json. Bump STATE_VERSION and add a migration in
// src/state/migrations.ts whenever the schema (src/state/schema.ts) changes.
export const STATE_VERSION = 2;

export function emptyState(): State {
  return { version: STATE_VERSION, viewer: null, claims: [] };
}
