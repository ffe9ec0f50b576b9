// Template text is not evidence. Repos file beginner issues from templates whose fixed lines name tests,
// docs, Python or contributing guides whatever the work is; a line that recurs verbatim (once normalised)
// in several issues of one repository says nothing about any one of them. Only lines that hold evidence
// are counted, so this costs little.
import type { Hit } from '../skills/matcher.js';

/** A line in at least this many issues of one repository is that repository's boilerplate. */
export const BOILERPLATE_MIN_ISSUES = 3;

/** Each issue's hits without those on its repository's boilerplate lines (`repos[i]` is issue i's repo). */
export function dropBoilerplate(repos: readonly string[], hits: readonly (readonly Hit[])[]): Hit[][] {
  // Per repository, per line: in how many issues it holds evidence (`last`: the last issue counted).
  const counts = new Map<string, Map<string, { n: number; last: number }>>();
  const linesOf = (repo: string): Map<string, { n: number; last: number }> => {
    let lines = counts.get(repo);
    if (lines === undefined) counts.set(repo, (lines = new Map()));
    return lines;
  };
  hits.forEach((list, i) => {
    const lines = linesOf(repos[i] as string);
    let previous: string | undefined;
    for (const h of list) {
      // Hits of one line come together and share its string: one look-up per run of them.
      if (h.line === undefined || h.line === previous || h.line.length < 3) continue;
      previous = h.line;
      const c = lines.get(h.line);
      if (c === undefined) lines.set(h.line, { n: 1, last: i });
      else if (c.last !== i) {
        c.n++;
        c.last = i;
      }
    }
  });
  // One pass per issue, copying only when a template hit is found (most issues have none).
  return hits.map((list, i) => {
    const lines = counts.get(repos[i] as string) as Map<string, { n: number }>;
    let kept: Hit[] | undefined;
    let previous: string | undefined;
    let template = false;
    for (let k = 0; k < list.length; k++) {
      const h = list[k] as Hit;
      if (h.line !== undefined && h.line !== previous) {
        previous = h.line;
        template = (lines.get(h.line)?.n ?? 0) >= BOILERPLATE_MIN_ISSUES;
      }
      const drop = h.line !== undefined && template;
      if (drop && kept === undefined) kept = list.slice(0, k);
      else if (!drop && kept !== undefined) kept.push(h);
    }
    return kept ?? (list as Hit[]);
  });
}
