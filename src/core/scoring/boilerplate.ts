// Template text is not evidence. Repos file beginner issues from templates whose fixed lines name tests,
// docs, Python or contributing guides whatever the work is; a line that recurs verbatim (once normalised)
// in several issues of one repository says nothing about any one of them. Only lines that hold evidence
// are counted, so this costs little.
import type { Hit } from '../skills/matcher.js';

/** A line in at least this many issues of one repository is that repository's boilerplate. */
export const BOILERPLATE_MIN_ISSUES = 3;

/**
 * Each issue's hits without those on its repository's boilerplate lines (`repos[i]` is issue i's repo;
 * `lines[h.line]` is the normalised text of a hit's line, as SkillMatcher.lines has it).
 */
export function dropBoilerplate(repos: readonly string[], hits: readonly (readonly Hit[])[], lines: readonly string[]): Hit[][] {
  const byRepo = new Map<string, number[]>();
  repos.forEach((repo, i) => {
    const issues = byRepo.get(repo);
    if (issues === undefined) byRepo.set(repo, [i]);
    else issues.push(i);
  });
  // One repository at a time, the counts are arrays by line number: in how many of its issues the line
  // holds evidence, and the last issue counted (issues are numbered across repositories, so that one
  // needs no reset).
  const issuesWith = new Int32Array(lines.length);
  const lastCounted = new Int32Array(lines.length).fill(-1);
  // (Indexed loops: this runs once per ranking, often before it is optimised, and for...of then allocates.)
  const out = new Array<Hit[]>(hits.length);
  for (const issues of byRepo.values()) {
    for (let k = 0; k < issues.length; k++) {
      const i = issues[k] as number;
      const list = hits[i] as readonly Hit[];
      for (let j = 0; j < list.length; j++) {
        const l = (list[j] as Hit).line;
        if (l === undefined || lastCounted[l] === i || (lines[l] as string).length < 3) continue;
        lastCounted[l] = i;
        issuesWith[l] = (issuesWith[l] as number) + 1;
      }
    }
    for (let k = 0; k < issues.length; k++) {
      const i = issues[k] as number;
      out[i] = withoutTemplateHits(hits[i] as readonly Hit[], issuesWith);
    }
    for (let k = 0; k < issues.length; k++) {
      const list = hits[issues[k] as number] as readonly Hit[];
      for (let j = 0; j < list.length; j++) {
        const l = (list[j] as Hit).line;
        if (l !== undefined) issuesWith[l] = 0;
      }
    }
  }
  return out;
}

/** One pass, copying only when a template hit is found (most issues have none). */
function withoutTemplateHits(list: readonly Hit[], issuesWith: Int32Array): Hit[] {
  let kept: Hit[] | undefined;
  for (let k = 0; k < list.length; k++) {
    const h = list[k] as Hit;
    const drop = h.line !== undefined && (issuesWith[h.line] as number) >= BOILERPLATE_MIN_ISSUES;
    if (drop && kept === undefined) kept = list.slice(0, k);
    else if (!drop && kept !== undefined) kept.push(h);
  }
  return kept ?? (list as Hit[]);
}
