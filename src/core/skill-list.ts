// Parsing --skills / --avoid lists. Kept apart from config/profile.ts so the search command can parse its
// flags at start-up without loading zod and the profile store.
import { usageError } from '../errors.js';
import type { SkillPreference, SkillWeight } from './types.js';

/**
 * "cuda:3,c++:2,triton" -> [{cuda,3},{c++,2},{triton,2}] (weight 1-3, default 2). Whatever follows the
 * last ":" is the weight, so "cuda:1.5" is an error rather than a skill named "cuda:1.5" that matches nothing.
 */
export function parseSkillList(input: string): SkillPreference[] {
  const out: SkillPreference[] = [];
  for (const raw of input.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const colon = item.lastIndexOf(':');
    const name = (colon < 0 ? item : item.slice(0, colon)).trim().toLowerCase().replace(/\s+/g, ' ');
    const weight = colon < 0 ? '2' : item.slice(colon + 1).trim();
    if (name === '') throw usageError(`skill "${item}" has a weight but no name`);
    const w = /^[0-9]+$/.test(weight) ? Number(weight) : NaN;
    if (w !== 1 && w !== 2 && w !== 3) throw usageError(`skill weight for "${name}" must be 1, 2 or 3, got "${weight}"`);
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

