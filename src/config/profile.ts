// The saved skill profile: <config>/profile.json. Validated on every load so a hand-edited file fails
// with the file and the field named, not with a ranking that silently ignores half of it.
import { OssScoutError } from '../errors.js';
import { readTextOrNull, recoveryHint } from '../io/read-text.js';
import type { SkillProfile, SkillWeight } from '../core/types.js';

export const PROFILE_VERSION = 1;

// Checked by hand rather than with zod: search reads the profile on every run, and loading zod costs more
// than a bare `node -e 0` (npm run bench). The messages and their order are the ones a schema would give:
// the first bad field, in file order.

/** A bad field: its path as people write it (skills[2].weight), and what is wrong with it. */
class FieldError extends Error {
  constructor(
    readonly where: string,
    readonly problem: string,
  ) {
    super(problem);
  }
}

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function objectAt(v: unknown, where: string, problem: string): Obj {
  if (!isObject(v)) throw new FieldError(where, problem);
  return v;
}

/** A list, each element checked by `each`; undefined is `fallback` when there is one. */
function listAt<T>(v: unknown, where: string, problem: string, each: (x: unknown, at: string) => T, fallback?: T[]): T[] {
  if (v === undefined && fallback !== undefined) return fallback;
  if (!Array.isArray(v)) throw new FieldError(where, problem);
  return v.map((x, i) => each(x, `${where}[${i}]`));
}

/** A skill or term name: trimmed, 1-64 characters, lower case. */
function nameAt(v: unknown, where: string): string {
  if (typeof v !== 'string') throw new FieldError(where, 'must be a string');
  const s = v.trim();
  if (s.length === 0) throw new FieldError(where, 'must not be empty');
  if (s.length > 64) throw new FieldError(where, 'must be at most 64 characters');
  return s.toLowerCase();
}

function checkProfile(raw: unknown): SkillProfile {
  const root = objectAt(raw, '', 'must be a JSON object with "skills"');
  if (root.version !== undefined && root.version !== PROFILE_VERSION) throw new FieldError('version', `must be ${PROFILE_VERSION}`);
  const skills = listAt(root.skills, 'skills', 'must be a list of skills', (x, at) => {
    const o = objectAt(x, at, 'must be an object like {"name": "cuda", "weight": 3}');
    const skill = nameAt(o.name, `${at}.name`);
    if (o.weight !== 1 && o.weight !== 2 && o.weight !== 3) throw new FieldError(`${at}.weight`, 'must be 1, 2 or 3');
    return { name: skill, weight: o.weight as SkillWeight };
  });
  const avoid = listAt(root.avoid, 'avoid', 'must be a list of skill names', nameAt, []);
  const customSkills = listAt(
    root.customSkills,
    'customSkills',
    'must be a list of custom skills',
    (x, at) => {
      const o = objectAt(x, at, 'must be an object like {"name": "...", "patterns": ["..."]}');
      const skill = nameAt(o.name, `${at}.name`);
      const aliases = listAt(o.aliases, `${at}.aliases`, 'must be a list of names', nameAt, []);
      const patterns = listAt(o.patterns, `${at}.patterns`, 'must be a list of terms', nameAt);
      if (patterns.length === 0) throw new FieldError(`${at}.patterns`, 'must list at least one term');
      return { name: skill, aliases, patterns };
    },
    [],
  );
  return { skills, avoid, customSkills };
}

function stateError(file: string, detail: string): OssScoutError {
  return new OssScoutError('state', `${file}: ${detail}`, {
    hint: `fix the file by hand, or move it aside and save a new one: mv "${file}" "${file}.broken"`,
  });
}

/**
 * Parses and validates profile JSON text. Errors are OssScoutError kind 'state' (exit 6) naming the file
 * and the first bad field, e.g. "/home/me/.config/oss-scout/profile.json: skills[2].weight must be 1, 2 or 3".
 */
export function parseProfile(text: string, file: string): SkillProfile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // JSON.parse quotes the text around the error, which may hold anything (control sequences included).
    throw stateError(file, `is not valid JSON (${jsonErrorPlace(text)})`);
  }
  try {
    return checkProfile(raw);
  } catch (e) {
    if (!(e instanceof FieldError)) throw e;
    throw stateError(file, `${e.where === '' ? 'the profile' : e.where} ${e.problem}`);
  }
}

/** Where JSON.parse gave up, as a line and column when it says: never the text itself. */
function jsonErrorPlace(text: string): string {
  if (text.trim() === '') return 'the file is empty';
  try {
    JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : '';
    const at = /at position (\d+)/.exec(message);
    if (at) {
      const before = text.slice(0, Number(at[1]));
      return `line ${before.split('\n').length}, column ${before.length - before.lastIndexOf('\n')}`;
    }
    if (/end of JSON input/.test(message)) return 'it ends too early';
  }
  return 'truncated or edited?';
}

/** The saved profile, or null when none has been saved yet. */
export async function loadProfile(profileFile: string): Promise<SkillProfile | null> {
  const text = await readTextOrNull(profileFile);
  return text === null ? null : parseProfile(text, profileFile);
}

function serializeProfile(profile: SkillProfile): string {
  const data = { version: PROFILE_VERSION, skills: profile.skills, avoid: profile.avoid, customSkills: profile.customSkills };
  return `${JSON.stringify(data, null, 2)}\n`;
}

/**
 * Read-modify-write under the file's lock, like the state: `change` gets the saved profile (null: none yet)
 * and returns the one to save. A profile that cannot be read is never replaced: exit 6, the way out in the
 * hint. The previous file is kept as profile.json.bak. Writes are complete before the rename, mode 0600.
 */
export async function updateProfile(profileFile: string, change: (current: SkillProfile | null) => SkillProfile): Promise<SkillProfile> {
  let saved: SkillProfile | undefined;
  // Loaded for a write only: a search reads this file and nothing more.
  const { lockedUpdate } = await import('../io/locked-update.js');
  await lockedUpdate(profileFile, { label: 'profile', kept: 'the previous profile' }, async (text) => {
    let current: SkillProfile | null = null;
    if (text !== null) {
      try {
        current = parseProfile(text, profileFile);
      } catch (e) {
        if (!(e instanceof OssScoutError)) throw e;
        throw new OssScoutError('state', `${e.message}; nothing was saved`, { hint: await recoveryHint(profileFile) });
      }
    }
    saved = change(current);
    return serializeProfile(saved);
  });
  return saved as SkillProfile;
}

