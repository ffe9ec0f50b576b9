import type { SkillProfile } from '../core/types.js';

// First cut: no saved profile yet. The skill-profile issue stores it in <config>/profile.json.
export async function loadProfile(_profileFile: string): Promise<SkillProfile | null> {
  return null;
}
