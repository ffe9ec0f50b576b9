// The saved skill profile: <config>/profile.json. Validated on every load so a hand-edited file fails
// with the file and the field named, not with a ranking that silently ignores half of it.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { z } from 'zod';
import { OssScoutError } from '../errors.js';
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

function stateError(file: string, detail: string, cause?: unknown): OssScoutError {
  return new OssScoutError('state', `${file}: ${detail}`, {
    hint: 'fix the file, or rewrite it with: oss-scout profile set --skills "cuda:3,python"',
    ...(cause === undefined ? {} : { cause }),
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
  } catch (e) {
    throw stateError(file, `is not valid JSON (${e instanceof Error ? e.message : String(e)})`, e);
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

/** The saved profile, or null when none has been saved yet. */
export async function loadProfile(profileFile: string): Promise<SkillProfile | null> {
  let text: string;
  try {
    text = await readFile(profileFile, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw stateError(profileFile, `cannot be read (${(e as Error).message})`, e);
  }
  return parseProfile(text, profileFile);
}

/** Writes atomically (temp file + rename), mode 0600, creating the config directory 0700. */
export async function saveProfile(profileFile: string, profile: SkillProfile): Promise<void> {
  const data = { version: PROFILE_VERSION, skills: profile.skills, avoid: profile.avoid, customSkills: profile.customSkills };
  try {
    await mkdir(path.dirname(profileFile), { recursive: true, mode: 0o700 });
    await writeFileAtomic(profileFile, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600 });
  } catch (e) {
    throw stateError(profileFile, `cannot be written (${(e as Error).message})`, e);
  }
}

export { parseNameList, parseSkillList } from '../core/skill-list.js';
export { unknownSkillNotes as unknownSkillWarnings } from '../core/skills/resolve.js';
