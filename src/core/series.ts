// Series: repos file runs of near-identical beginner issues from one template, differing in one word
// (an operator, a file, a model): "Support aten.histc for Arm", "Support aten.index_put for Arm". A list
// that shows each of them takes ten rows to say one thing, so the table shows a series as one row.
import type { IssueRecord } from './types.js';

export interface Series<T> {
  /** The first of the series in the given order (the best ranked). */
  lead: T;
  /** The others, in the given order. */
  similar: T[];
}

/** Titles of at least this many words can form a series (shorter ones differ in too large a share). */
export const SERIES_MIN_WORDS = 3;

const words = (title: string): string[] => title.toLowerCase().split(/\s+/).filter((w) => w !== '');

/**
 * Groups items into series, keeping their order: two issues are of one series when they are in the same
 * repository and their titles have the same number of words (at least SERIES_MIN_WORDS) and differ in
 * at most one of them, and `kind` (e.g. taken or free) is the same for both. Pure; every item is in
 * exactly one group.
 */
export function groupSeries<T extends { issue: Pick<IssueRecord, 'repo' | 'title'> }>(items: readonly T[], kind: (item: T) => string = () => ''): Series<T>[] {
  const groups: Series<T>[] = [];
  // "repo \n words with one of them blanked" -> the group that has such a title.
  const byPattern = new Map<string, Series<T>>();
  for (const item of items) {
    const w = words(item.issue.title);
    const patterns =
      w.length < SERIES_MIN_WORDS ? [] : w.map((_, k) => `${item.issue.repo.toLowerCase()}\n${kind(item)}\n${k}\n${[...w.slice(0, k), ...w.slice(k + 1)].join(' ')}`);
    const group = patterns.map((p) => byPattern.get(p)).find((g) => g !== undefined);
    if (group !== undefined) group.similar.push(item);
    else groups.push({ lead: item, similar: [] });
    const target = group ?? (groups[groups.length - 1] as Series<T>);
    for (const p of patterns) if (!byPattern.has(p)) byPattern.set(p, target);
  }
  return groups;
}
