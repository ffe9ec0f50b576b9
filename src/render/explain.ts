// `search --explain`: per issue, which skills matched (the text and where it was found) and what each
// factor added. Everything that came from GitHub goes through sanitizeLine before reaching the terminal.
import type { RankedIssue, SkillMatch } from '../core/types.js';
import { newcomerOdds } from '../core/health.js';
import { SCORING_PARTS } from '../core/scoring/parts.js';
import { sanitizeLine } from './sanitize.js';
import { displayRef } from './search-table.js';
import { displayWidth } from './width.js';

/** What each scoreParts key means, in the order they are printed (the ranker's own list). Unknown keys follow, as they are. */
const FACTOR_NAMES: Readonly<Record<string, string>> = Object.fromEntries(SCORING_PARTS.map((p) => [p.key, p.label]));

const MAX_EVIDENCE_SHOWN = 4;
const MAX_EVIDENCE_CHARS = 60;

function signed(x: number): string {
  return `${x >= 0 ? '+' : '-'}${Math.abs(x).toFixed(2)}`;
}

function clip(text: string, max: number): string {
  const t = sanitizeLine(text);
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function evidenceLine(m: SkillMatch): string {
  const shown = m.evidence.slice(0, MAX_EVIDENCE_SHOWN).map((e) => `${e.where} "${clip(e.text, MAX_EVIDENCE_CHARS)}"`);
  const more = m.evidence.length > MAX_EVIDENCE_SHOWN ? `, +${m.evidence.length - MAX_EVIDENCE_SHOWN} more` : '';
  return `${shown.join(', ')}${more}`;
}

/** The ranker may also report which avoided skills matched; RankedIssue does not require it. */
type Explainable = RankedIssue & { avoidedSkills?: readonly SkillMatch[] };

/** `width`: the terminal's; a longer line breaks between words, continued under its text. */
export function formatExplanation(items: readonly Explainable[], width?: number): string {
  const fit = (line: string): string[] => {
    if (width === undefined || width < 40) return [line];
    // The aligned start of the line is kept as it is; a break goes at the last space that fits.
    const indent = ' '.repeat(Math.min(12, line.length - line.trimStart().length + 3));
    const out: string[] = [];
    let rest = line;
    while (displayWidth(out.length === 0 ? rest : indent + rest) > width) {
      const room = width - (out.length === 0 ? 0 : indent.length);
      const cut = rest.lastIndexOf(' ', room);
      if (cut <= rest.length - rest.trimStart().length) break;
      out.push((out.length === 0 ? '' : indent) + rest.slice(0, cut).trimEnd());
      rest = rest.slice(cut + 1).trimStart();
    }
    out.push((out.length === 0 ? '' : indent) + rest);
    return out;
  };
  return items
    .map((r, i) => {
      const lines: string[] = [];
      lines.push(`${i + 1}. ${displayRef(r.issue)}  ${clip(r.issue.title, 80)}`);
      const keys = [...Object.keys(FACTOR_NAMES).filter((k) => k in r.scoreParts), ...Object.keys(r.scoreParts).filter((k) => !(k in FACTOR_NAMES))];
      // Parts that add nothing are left out (the sum is the same); the skills part is always shown.
      const shown = keys.filter((k) => k === 'skills' || Math.abs(r.scoreParts[k] ?? 0) >= 0.005);
      const factors = shown.map((k) => `${FACTOR_NAMES[k] ?? sanitizeLine(k)} ${signed(r.scoreParts[k] ?? 0)}`);
      lines.push(`   score ${r.score.toFixed(2)} = ${factors.join(', ')}`);
      const width = Math.max(8, ...r.matchedSkills.map((m) => m.skill.length), ...(r.avoidedSkills ?? []).map((m) => m.skill.length + 6));
      if (r.matchedSkills.length === 0) lines.push('   skills: no match');
      for (const m of r.matchedSkills) {
        lines.push(`   ${sanitizeLine(m.skill).padEnd(width)} ${signed(m.contribution)}  ${evidenceLine(m)}`);
      }
      for (const m of r.avoidedSkills ?? []) {
        lines.push(`   ${`avoid ${sanitizeLine(m.skill)}`.padEnd(width)} ${signed(m.contribution)}  ${evidenceLine(m)}`);
      }
      const odds = newcomerOdds(r.repo?.newcomerHealth);
      if (odds) lines.push(`   newcomer odds ${signed(odds.points)}  ${sanitizeLine(odds.explanation)}`);
      return lines.flatMap(fit).join('\n');
    })
    .join('\n\n');
}
