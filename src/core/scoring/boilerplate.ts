// Template text is not evidence. Repos file beginner issues from templates whose fixed lines name tests,
// docs, Python or contributing guides whatever the work is; a line that recurs verbatim (once normalised)
// in several issues of one repository says nothing about any one of them. Only lines that hold evidence
// are counted, so this costs little.
import type { Hit } from '../skills/matcher.js';

/** A line in at least this many issues of one repository is that repository's boilerplate. */
export const BOILERPLATE_MIN_ISSUES = 3;

/** Each issue's hits without those on its repository's boilerplate lines (`repos[i]` is issue i's repo). */
export function dropBoilerplate(repos: readonly string[], hits: readonly (readonly Hit[])[]): Hit[][] {
  // Per repository, per line: in how many issues it holds evidence.
  const counts = new Map<string, Map<string, number>>();
  const linesOf = hits.map((list, i) => {
    const repo = repos[i] as string;
    let lines = counts.get(repo);
    if (lines === undefined) counts.set(repo, (lines = new Map()));
    // Hits on one line share its string, so consecutive ones are skipped by identity.
    const mine = new Set<string>();
    let previous: string | undefined;
    for (const h of list) {
      const line = h.line;
      if (line === undefined || line === previous || line.length < 3) continue;
      previous = line;
      if (mine.has(line)) continue;
      mine.add(line);
      lines.set(line, (lines.get(line) ?? 0) + 1);
    }
    return mine;
  });
  return hits.map((list, i) => {
    const lines = counts.get(repos[i] as string) as Map<string, number>;
    const template = new Set([...(linesOf[i] as Set<string>)].filter((l) => (lines.get(l) as number) >= BOILERPLATE_MIN_ISSUES));
    if (template.size === 0) return list as Hit[];
    return list.filter((h) => h.line === undefined || !template.has(h.line));
  });
}
