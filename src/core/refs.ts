import { usageError } from '../errors.js';

// GitHub's own rules: owner 1-39 of [A-Za-z0-9-]; repo names [A-Za-z0-9._-], up to 100.
const OWNER = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})';
const NAME = '[A-Za-z0-9._-]{1,100}';
const REPO_RE = new RegExp(`^(${OWNER})/(${NAME})$`);
const SHORT_REF_RE = new RegExp(`^(${OWNER})/(${NAME})#([1-9][0-9]{0,9})$`);
const URL_REF_RE = new RegExp(`^https?://[^/\\s]+/(${OWNER})/(${NAME})/(?:issues|pull)/([1-9][0-9]{0,9})/?(?:[?#].*)?$`);

export interface IssueRef {
  owner: string;
  name: string;
  repo: string;
  number: number;
}

export const ISSUE_REF_FORMS = 'owner/repo#123 or https://github.com/owner/repo/issues/123';

/** Validates "owner/name"; throws a usage error naming the accepted form. */
export function parseRepoName(input: string): { owner: string; name: string; repo: string } {
  const trimmed = input.trim().replace(/\.git$/, '');
  const m = REPO_RE.exec(trimmed);
  if (!m || m[2] === '.' || m[2] === '..') {
    throw usageError(`malformed repository "${input}": expected owner/name, for example vllm-project/vllm`);
  }
  const owner = m[1] as string;
  const name = m[2] as string;
  return { owner, name, repo: `${owner}/${name}` };
}

/** Accepts owner/repo#N or an issue URL (github.com or an Enterprise host). */
export function parseIssueRef(input: string): IssueRef {
  const trimmed = input.trim();
  const m = SHORT_REF_RE.exec(trimmed) ?? URL_REF_RE.exec(trimmed);
  if (!m) {
    throw usageError(`malformed issue reference "${input}": use ${ISSUE_REF_FORMS}`);
  }
  const owner = m[1] as string;
  const name = m[2] as string;
  return { owner, name, repo: `${owner}/${name}`, number: Number(m[3]) };
}

export function formatIssueRef(repo: string, number: number): string {
  return `${repo}#${number}`;
}

/** "a, b,,c" -> ["a","b","c"] */
export function parseList(input: string | undefined): string[] {
  if (input === undefined) return [];
  return input
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** The key two references to one issue share: GitHub names are case-insensitive, numbers are not. */
export function issueKey(repo: string, number: number): string {
  return `${repo.toLowerCase()}#${number}`;
}
