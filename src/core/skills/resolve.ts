// Turns the names in a profile ("pytest", "cuda", "my-custom-thing") into skill definitions the matcher
// can compile: custom skills first, then the built-in vocabulary, then a free-text term.
import type { CustomSkill, SkillProfile, SkillWeight } from '../types.js';
import { findSkill, suggestSkills, VOCABULARY, type SkillDefinition } from './vocabulary.js';

export interface ResolvedSkill {
  /** The name as the user wrote it, which is what explanations and --json show. */
  name: string;
  weight: SkillWeight;
  definition: SkillDefinition;
  /** false when the name matched nothing and is used as a plain search term. */
  known: boolean;
  /** Every name the user typed that resolved to this skill ("distributed,nccl" -> both): literal evidence. */
  typed: string[];
}

function customDefinition(c: CustomSkill, base: SkillDefinition | undefined): SkillDefinition {
  if (base !== undefined) {
    // A custom skill named like a built-in one extends it rather than hiding its terms.
    return { ...base, aliases: [...base.aliases, ...c.aliases], terms: [...base.terms, ...c.patterns] };
  }
  return { name: c.name, description: 'custom skill', aliases: c.aliases, terms: [c.name, ...c.patterns] };
}

export function resolveSkillName(
  name: string,
  customSkills: readonly CustomSkill[] = [],
  vocabulary: readonly SkillDefinition[] = VOCABULARY,
): { definition: SkillDefinition; known: boolean } {
  const n = name.trim().toLowerCase();
  const custom = customSkills.find((c) => c.name.toLowerCase() === n || c.aliases.some((a) => a.toLowerCase() === n));
  if (custom !== undefined) return { definition: customDefinition(custom, findSkill(custom.name, vocabulary)), known: true };
  const builtIn = findSkill(n, vocabulary);
  if (builtIn !== undefined) return { definition: builtIn, known: true };
  // Free text: the words as typed, together; each word alone is weaker evidence.
  const words = n.split(/\s+/).filter((w) => w !== '');
  return { definition: { name: n, description: 'free-text term', aliases: [], terms: [n], related: words.length > 1 ? words : [] }, known: false };
}

/** Wanted and avoided skills, one entry per distinct definition (the highest weight wins). */
export function resolveProfile(
  profile: SkillProfile | null,
  vocabulary: readonly SkillDefinition[] = VOCABULARY,
): { wanted: ResolvedSkill[]; avoided: ResolvedSkill[] } {
  const custom = profile?.customSkills ?? [];
  const wanted: ResolvedSkill[] = [];
  for (const pref of profile?.skills ?? []) {
    const { definition, known } = resolveSkillName(pref.name, custom, vocabulary);
    const same = wanted.find((w) => w.definition.name === definition.name);
    if (same === undefined) wanted.push({ name: pref.name, weight: pref.weight, definition, known, typed: [pref.name] });
    else {
      if (pref.weight > same.weight) same.weight = pref.weight;
      same.typed.push(pref.name);
    }
  }
  const avoided: ResolvedSkill[] = [];
  for (const name of profile?.avoid ?? []) {
    const { definition, known } = resolveSkillName(name, custom, vocabulary);
    const same = avoided.find((a) => a.definition.name === definition.name);
    if (same === undefined) avoided.push({ name, weight: 2, definition, known, typed: [name] });
    else same.typed.push(name);
  }
  return { wanted, avoided };
}

/**
 * One line per name that is neither a built-in skill, an alias, nor a custom skill: such a name is matched
 * as free text (its words as written), and the line says so, with close skill names when there are any.
 */
export function unknownSkillNotes(names: readonly string[], customSkills: readonly CustomSkill[] = []): string[] {
  const notes: string[] = [];
  for (const n of names) {
    if (resolveSkillName(n, customSkills).known) continue;
    const words = n.split(' ');
    const close = words.length > 1 ? words.filter((w) => resolveSkillName(w, customSkills).known) : suggestSkills(n);
    const hint = close.length === 0 ? '' : words.length > 1 ? `; for separate skills write "${close.join(',')}"` : `; did you mean ${close.join(', ')}?`;
    notes.push(`"${n}" is not a skill name: matched as free text${hint} (see \`oss-scout profile skills\`)`);
  }
  return notes;
}
