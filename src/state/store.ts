// The one place that reads and writes state.json. Reads are lock-free (writes are atomic renames) and
// always run the full check (migrations + schema): no record beside the file can vouch for its content.
// Every change goes through update(): lock, read, check, change, back up, complete write, unlock.
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { OssScoutError } from '../errors.js';
import { readTextOrNull, recoveryHint } from '../io/read-text.js';
import { parseState, StateShapeError, type State } from './schema.js';
import { emptyState, STATE_VERSION } from './version.js';

export interface StateStore {
  readonly file: string;
  read(): Promise<State>;
  /** Runs fn on the current state under the lock; writes only when the result differs. Returns what is stored. */
  update(fn: (s: State) => State | Promise<State>): Promise<State>;
}

export function serializeState(state: State): string {
  return `${JSON.stringify(state, null, 2)}\n`;
}

interface Checked {
  state: State;
  migrated: boolean;
}

/** `text` (null: no file yet) as a checked state; an OssScoutError naming the file and the way out otherwise. */
async function check(file: string, text: string | null): Promise<Checked> {
  if (text === null) return { state: emptyState(), migrated: false };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw await unreadable(file, text.trim() === '' ? 'it is empty' : 'it is not valid JSON (truncated or edited?)');
  }
  if ((raw as { version?: unknown } | null)?.version === STATE_VERSION) {
    try {
      return { state: parseState(raw), migrated: false };
    } catch (e) {
      if (e instanceof StateShapeError) throw await unreadable(file, `it does not match the expected shape (${e.message})`);
      throw e;
    }
  }
  // Another version, or not a state at all: the migrations (loaded only then) say which.
  const { validateState } = await import('./validate.js');
  const v = validateState(raw);
  if (v.ok) return { state: v.state, migrated: v.migrated };
  if ('future' in v) {
    throw new OssScoutError('state', `state file ${file} has version ${v.future}, written by a newer oss-scout; this one understands up to version ${STATE_VERSION} and will not change it`, {
      hint: 'upgrade oss-scout (npm install -g oss-scout@latest)',
    });
  }
  throw await unreadable(file, v.reason);
}

async function unreadable(file: string, why: string): Promise<OssScoutError> {
  return new OssScoutError('state', `state file ${file} is unreadable: ${why}`, { hint: await recoveryHint(file) });
}

export function openStateStore(stateFile: string): StateStore {
  const file = path.resolve(stateFile);

  async function update(fn: (s: State) => State | Promise<State>): Promise<State> {
    // Loaded here: a read-only command (list --json) never loads the writing side.
    const { lockedUpdate } = await import('../io/locked-update.js');
    let stored: State | undefined;
    await lockedUpdate(file, { label: 'state file', kept: 'the previous state' }, async (text) => {
      const loaded = await check(file, text);
      // What we write is always the checked form of what fn returns (defaults filled in, unknown keys dropped).
      const next = parseState(await fn(structuredClone(loaded.state)));
      stored = next;
      const out = serializeState(next);
      return !loaded.migrated && out === serializeState(loaded.state) ? null : out;
    });
    // Earlier builds recorded a digest beside the state to skip the check; nothing reads it now.
    await unlink(`${file}.meta`).catch(() => {});
    return stored as State;
  }

  return {
    file,
    read: async () => (await check(file, await readTextOrNull(file))).state,
    update,
  };
}
