// The saved skill profile: <config>/profile.json. Validated on every load so a hand-edited file fails
// with the file and the field named, not with a ranking that silently ignores half of it.
import { z } from 'zod';
import { OssScoutError } from '../errors.js';
import { lockedUpdate } from '../io/locked-update.js';
import { readTextOrNull, recoveryHint } from '../io/read-text.js';
import type { SkillProfile, SkillWeight } from '../core/types.js';

export const PROFILE_VERSION = 1;

const name = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, { error: 'must not be empty' })
  .max(64, { error: 'must be at most 64 characters' })
  .transform((s) => s.toLowerCase());

export const profileFileSchema = z.object(
  {
    version: z.literal(PROFILE_VERSION, { error: `must be ${PROFILE_VERSION}` }).default(PROFILE_VERSION),
    skills: z.array(
      z.object(
        {
          name,
          weight: z.literal([1, 2, 3], { error: 'must be 1, 2 or 3' }),
        },
        { error: 'must be an object like {"name": "cuda", "weight": 3}' },
      ),
      { error: 'must be a list of skills' },
    ),
    avoid: z.array(name, { error: 'must be a list of skill names' }).default([]),
    customSkills: z
      .array(
        z.object(
          {
            name,
            aliases: z.array(name, { error: 'must be a list of names' }).default([]),
            patterns: z.array(name, { error: 'must be a list of terms' }).min(1, { error: 'must list at least one term' }),
          },
          { error: 'must be an object like {"name": "...", "patterns": ["..."]}' },
        ),
        { error: 'must be a list of custom skills' },
      )
      .default([]),
  },
  { error: 'must be a JSON object with "skills"' },
);

/** zod's path ["skills", 2, "weight"] as people write it: skills[2].weight. */
function formatPath(p: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of p) out += typeof seg === 'number' ? `[${seg}]` : `${out === '' ? '' : '.'}${String(seg)}`;
  return out;
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
  const parsed = profileFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : formatPath(issue.path);
    throw stateError(file, `${where === '' ? 'the profile' : where} ${issue?.message ?? 'is invalid'}`);
  }
  const { skills, avoid, customSkills } = parsed.data;
  return { skills: skills.map((s) => ({ name: s.name, weight: s.weight as SkillWeight })), avoid, customSkills };
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

