import { usageError } from '../errors.js';

// GitHub's own rules: owner 1-39 of [A-Za-z0-9-]; repo names [A-Za-z0-9._-], up to 100.
const OWNER = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})';
const NAME = '[A-Za-z0-9._-]{1,100}';
const REPO_RE = new RegExp(`^(${OWNER})/(${NAME})$`);
const SHORT_REF_RE = new RegExp(`^(${OWNER})/(${NAME})#([1-9][0-9]{0,9})$`);
const URL_REF_RE = new RegExp(`^https?://([^/\\s]+)/(${OWNER})/(${NAME})/(issues|pull|pulls)/([1-9][0-9]{0,9})(?:/[a-z]*)?/?(?:[?#].*)?$`);
const REPO_URL_RE = new RegExp(`^https?://([^/\\s]+)/(${OWNER})/(${NAME}?)(?:\\.git)?/?(?:[?#].*)?$`);
// A host known to be something else, so "not a GitHub URL" can be said instead of "malformed".
const OTHER_FORGES = /(^|\.)(gitlab\.com|bitbucket\.org|codeberg\.org|sr\.ht|gitee\.com|huggingface\.co)$/i;

/** "github.com/o/r/issues/1" and "www.github.com/..." typed without the scheme. */
function withScheme(input: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : /^(www\.)?[a-z0-9-]+(\.[a-z0-9-]+)+\//i.test(input) ? `https://${input}` : input;
}

export interface IssueRef {
  owner: string;
  name: string;
  repo: string;
  number: number;
}

export const ISSUE_REF_FORMS = 'owner/repo#123 or https://github.com/owner/repo/issues/123';

/** Validates "owner/name" (or the repository's URL); throws a usage error naming the accepted form. */
export function parseRepoName(input: string): { owner: string; name: string; repo: string } {
  let trimmed = input.trim().replace(/\.git$/, '');
  const url = REPO_URL_RE.exec(withScheme(trimmed));
  if (url) {
    if (OTHER_FORGES.test(url[1] ?? '')) throw usageError(`"${input}" is not a GitHub repository URL: oss-scout works with GitHub (and GitHub Enterprise) only`);
    trimmed = `${url[2]}/${url[3]}`;
  }
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
  const short = SHORT_REF_RE.exec(trimmed);
  if (short) return ref(short[1] as string, short[2] as string, short[3] as string);
  const url = withScheme(trimmed);
  const m = URL_REF_RE.exec(url);
  const host = /^https?:\/\/([^/\s]+)/i.exec(url)?.[1];
  if (host !== undefined && OTHER_FORGES.test(host)) {
    throw usageError(`"${input}" is not a GitHub URL (${host}): oss-scout tracks GitHub issues only`, `use ${ISSUE_REF_FORMS}`);
  }
  if (!m && host !== undefined) throw usageError(`"${input}" is not a GitHub issue URL: expected ${ISSUE_REF_FORMS}`, 'copy the link of the issue itself');
  if (!m) throw usageError(`malformed issue reference "${input}": expected ${ISSUE_REF_FORMS}`, 'see the command\'s --help for examples');
  if (m[4] !== 'issues') {
    throw usageError(`${m[2]}/${m[3]}#${m[5]} is a pull request, not an issue`, 'claim the issue it fixes instead (owner/repo#N)');
  }
  return ref(m[2] as string, m[3] as string, m[5] as string);
}

function ref(owner: string, name: string, number: string): IssueRef {
  return { owner, name, repo: `${owner}/${name}`, number: Number(number) };
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
