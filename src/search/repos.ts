// Which repositories a search asks about, with which labels: shared by the search and its early start.
import { entryFor, loadRepoList } from '../config/repos.js';
import type { CatalogEntry } from '../core/types.js';
import type { SearchOptions } from './options.js';

/** --repos replaces the list for this run; --labels replaces every repo's labels. */
export async function resolveSearchRepos(options: Pick<SearchOptions, 'repos' | 'labels'>, reposFile: string): Promise<CatalogEntry[]> {
  const entries = options.repos ? options.repos.map(entryFor) : (await loadRepoList(reposFile)).entries;
  return options.labels ? entries.map((e) => ({ ...e, labels: [...(options.labels as string[])] })) : entries;
}
