// The user's own repository list, <config>/repos.json. It starts as the built-in catalog; `repos add`,
// `remove` and `reset` edit it, and `search` reads it when --repos is not given.
import { CATALOG, DEFAULT_BEGINNER_LABELS } from '../catalog/catalog.js';
import { parseRepoName } from '../core/refs.js';
import type { CatalogEntry, RepoCategory } from '../core/types.js';
import { OssScoutError, usageError } from '../errors.js';
import { readTextOrNull, recoveryHint } from '../io/read-text.js';

export const REPOS_FILE_VERSION = 1;

export const REPO_CATEGORIES = [
  'serving',
  'training',
  'kernels-compilers',
  'distributed-platform',
  'data-eval',
  'tooling',
] as const satisfies readonly RepoCategory[];

export interface RepoList {
  entries: CatalogEntry[];
  /** false while the user has not changed anything (the list is the catalog). */
  customised: boolean;
}

function copyCatalog(): CatalogEntry[] {
  return CATALOG.map((e) => ({ repo: e.repo, category: e.category, labels: [...e.labels] }));
}

export function findCatalogEntry(repo: string): CatalogEntry | undefined {
  const key = repo.toLowerCase();
  return CATALOG.find((e) => e.repo.toLowerCase() === key);
}

/** A repo given on the command line: the catalog's labels when we know it, else the common ones. */
export function entryFor(repo: string): CatalogEntry {
  const known = findCatalogEntry(repo);
  if (known) return { repo: known.repo, category: known.category, labels: [...known.labels] };
  return { repo, category: 'tooling', labels: [...DEFAULT_BEGINNER_LABELS] };
}

export async function loadRepoList(file: string): Promise<RepoList> {
  return parseRepoList(await readTextOrNull(file), file);
}

function parseRepoList(text: string | null, file: string): RepoList {
  if (text === null) return { entries: copyCatalog(), customised: false };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw badFile(file, 'not valid JSON');
  }
  const problem = checkRepoList(data);
  if (typeof problem === 'string') throw badFile(file, problem);
  return { entries: problem, customised: true };
}

/** The type name zod-like messages give: "received null", "received array". */
function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

// Checked by hand rather than with zod: search reads this file on every run, and loading zod costs more
// than a bare `node -e 0` (npm run bench). Returns the entries, or "path: what is wrong" for the first bad
// field in file order.
function checkRepoList(data: unknown): CatalogEntry[] | string {
  const expected = (where: string, type: string, v: unknown): string => `${where}: Invalid input: expected ${type}, received ${kindOf(v)}`;
  if (kindOf(data) !== 'object') return `Invalid input: expected object, received ${kindOf(data)}`;
  const root = data as Record<string, unknown>;
  if (root.version !== REPOS_FILE_VERSION) return `version: Invalid input: expected ${REPOS_FILE_VERSION}`;
  if (!Array.isArray(root.repos)) return expected('repos', 'array', root.repos);
  const entries: CatalogEntry[] = [];
  for (const [i, e] of (root.repos as unknown[]).entries()) {
    const at = `repos.${i}`;
    if (kindOf(e) !== 'object') return expected(at, 'object', e);
    const { repo, category, labels } = e as Record<string, unknown>;
    if (typeof repo !== 'string') return expected(`${at}.repo`, 'string', repo);
    if (!/^[^/\s]+\/[^/\s]+$/.test(repo)) return `${at}.repo: expected owner/name`;
    if (typeof category !== 'string' || !(REPO_CATEGORIES as readonly string[]).includes(category)) {
      return `${at}.category: Invalid option: expected one of ${REPO_CATEGORIES.map((c) => `"${c}"`).join('|')}`;
    }
    if (!Array.isArray(labels)) return expected(`${at}.labels`, 'array', labels);
    for (const [j, l] of (labels as unknown[]).entries()) {
      if (typeof l !== 'string') return expected(`${at}.labels.${j}`, 'string', l);
      if (l.length === 0) return `${at}.labels.${j}: Too small: expected string to have >=1 characters`;
    }
    if (labels.length === 0) return `${at}.labels: Too small: expected array to have >=1 items`;
    entries.push({ repo, category: category as RepoCategory, labels: [...(labels as string[])] });
  }
  return entries;
}

function badFile(file: string, why: string): OssScoutError {
  return new OssScoutError('state', `${file} is not an oss-scout repository list (${why})`, {
    hint: `fix it by hand, or move it aside to start again from the catalog: mv "${file}" "${file}.broken"`,
  });
}

function serializeRepoList(entries: readonly CatalogEntry[]): string {
  return `${JSON.stringify({ version: REPOS_FILE_VERSION, repos: entries }, null, 2)}\n`;
}

/**
 * Read-modify-write under the file's lock, like the state: `change` gets the current list and returns the
 * entries to save, or null to leave the file alone. A list that cannot be read is never replaced (exit 6,
 * the way out in the hint); the list replaced is kept as repos.json.bak. Writes are complete, mode 0600.
 */
export async function updateRepoList(file: string, change: (current: RepoList) => CatalogEntry[] | null): Promise<RepoList> {
  let result: RepoList | undefined;
  // Loaded for a write only: a search reads this file and nothing more.
  const { lockedUpdate } = await import('../io/locked-update.js');
  await lockedUpdate(file, { label: 'repository list', kept: 'the previous list' }, async (text) => {
    let current: RepoList;
    try {
      current = parseRepoList(text, file);
    } catch (e) {
      if (!(e instanceof OssScoutError)) throw e;
      throw new OssScoutError('state', `${e.message}; nothing was saved`, { hint: await recoveryHint(file) });
    }
    const next = change(current);
    result = next === null ? current : { entries: next, customised: true };
    return next === null ? null : serializeRepoList(next);
  });
  return result as RepoList;
}

/** Replaces the list (under the lock, refusing an unreadable file like updateRepoList). */
export async function saveRepoList(file: string, entries: readonly CatalogEntry[]): Promise<void> {
  await updateRepoList(file, () => [...entries]);
}

export function parseCategory(input: string): RepoCategory {
  const c = input.trim().toLowerCase();
  if ((REPO_CATEGORIES as readonly string[]).includes(c)) return c as RepoCategory;
  throw usageError(`unknown category "${input}": use one of ${REPO_CATEGORIES.join(', ')}`);
}

export interface AddResult {
  entries: CatalogEntry[];
  entry: CatalogEntry;
  action: 'added' | 'updated' | 'unchanged';
}

/** Pure: the list with `repo` added, or its labels/category updated when it is already there. */
export function addRepo(
  entries: readonly CatalogEntry[],
  repoInput: string,
  options: { labels?: string[]; category?: RepoCategory } = {},
): AddResult {
  const { repo } = parseRepoName(repoInput);
  const index = entries.findIndex((e) => e.repo.toLowerCase() === repo.toLowerCase());
  const labels = options.labels && options.labels.length > 0 ? options.labels : undefined;
  if (index >= 0) {
    const old = entries[index] as CatalogEntry;
    const entry: CatalogEntry = { repo: old.repo, category: options.category ?? old.category, labels: labels ?? old.labels };
    const same = entry.category === old.category && entry.labels.join('\u0000') === old.labels.join('\u0000');
    const next = [...entries];
    next[index] = entry;
    return { entries: next, entry, action: same ? 'unchanged' : 'updated' };
  }
  const base = entryFor(repo);
  const entry: CatalogEntry = { repo: base.repo, category: options.category ?? base.category, labels: labels ?? base.labels };
  return { entries: [...entries, entry], entry, action: 'added' };
}

/** Pure: the list without `repo`; a usage error when it is not there. */
export function removeRepo(entries: readonly CatalogEntry[], repoInput: string): CatalogEntry[] {
  const { repo } = parseRepoName(repoInput);
  const next = entries.filter((e) => e.repo.toLowerCase() !== repo.toLowerCase());
  if (next.length === entries.length) {
    throw usageError(`${repo} is not in your repository list`, 'see it with `oss-scout repos list`');
  }
  return next;
}

export function catalogEntries(): CatalogEntry[] {
  return copyCatalog();
}
