// What a search is asked to do. Lives with the code that runs the search, so src/search/ and src/report/
// never import the CLI; src/cli/search.ts only turns flags into these.
import type { SkillPreference } from '../core/types.js';

export const DEFAULT_LIMIT = 20;
export const DEFAULT_CLAIM_WINDOW_DAYS = 30;
// Every open beginner issue is a candidate; the cap only bounds a repository with hundreds of them
// (the most recently updated are kept, and a notice says so). Same value as fetch-issues.ts's default.
export const DEFAULT_PER_REPO = 300;
export const MAX_PER_REPO = 1000;

export interface SearchOptions {
  /** undefined: use the saved profile, if any. */
  skills: SkillPreference[] | undefined;
  /** undefined: the user's repository list. Normalised owner/name. */
  repos: string[] | undefined;
  /** Overrides every repository's beginner labels. */
  labels: string[] | undefined;
  limit: number;
  includeTaken: boolean;
  json: boolean;
  explain: boolean;
  snapshot: string | undefined;
  saveSnapshot: string | undefined;
  claimWindowDays: number;
  perRepo: number;
  /** Ignore cached results younger than the cache lifetime. */
  refresh: boolean;
  /** Use only cached results, of any age; never touch the network. */
  offline: boolean;
  /** Let --save-snapshot keep private repositories' issues. */
  includePrivate: boolean;
}

/** A plain `oss-scout search`: the saved profile, the user's repository list, every default. */
export function defaultSearchOptions(overrides: Partial<SearchOptions> = {}): SearchOptions {
  return {
    skills: undefined,
    repos: undefined,
    labels: undefined,
    limit: DEFAULT_LIMIT,
    includeTaken: false,
    json: false,
    explain: false,
    snapshot: undefined,
    saveSnapshot: undefined,
    claimWindowDays: DEFAULT_CLAIM_WINDOW_DAYS,
    perRepo: DEFAULT_PER_REPO,
    refresh: false,
    offline: false,
    includePrivate: false,
    ...overrides,
  };
}
