// Parsing --skills / --avoid lists. Kept apart from config/profile.ts so the search command can parse its
// flags at start-up without loading zod and the profile store.
import { usageError } from '../errors.js';
import type { SkillPreference, SkillWeight } from './types.js';

/** "cuda:3,c++:2,triton" -> [{cuda,3},{c++,2},{triton,2}] (weight 1-3, default 2). */
export function parseSkillList(input: string): SkillPreference[] {
  const out: SkillPreference[] = [];
  for (const raw of input.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const m = /^(.+?)(?::([0-9]+))?$/.exec(item);
    const name = (m?.[1] ?? item).trim().toLowerCase();
    const w = m?.[2] === undefined ? 2 : Number(m[2]);
    if (w !== 1 && w !== 2 && w !== 3) throw usageError(`skill weight for "${name}" must be 1, 2 or 3, got ${m?.[2] ?? ''}`);
    if (!out.some((s) => s.name === name)) out.push({ name, weight: w as SkillWeight });
  }
  return out;
}

/** "docs, frontend" -> ["docs", "frontend"]; weights are not allowed here. */
export function parseNameList(input: string, flag = '--avoid'): string[] {
  const out: string[] = [];
  for (const raw of input.split(',')) {
    const item = raw.trim().toLowerCase();
    if (item === '') continue;
    if (/:[0-9]+$/.test(item)) throw usageError(`${flag} takes names without weights, got "${item}"`);
    if (!out.includes(item)) out.push(item);
  }
  return out;
}

