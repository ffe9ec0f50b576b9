// Snapshot files: one fetch written to disk (--save-snapshot) and replayed with no network (--snapshot).
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { usageError } from './errors.js';
import { writeUserFile } from './io/user-file.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type FetchResult, type RepoName, type Snapshot } from './core/types.js';

const isoDate = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'not an ISO date' });

const commentSchema = z.object({
  author: z.string(),
  authorAssociation: z.string(),
  body: z.string(),
  createdAt: isoDate,
});

const pullRequestSchema = z.object({
  repo: z.string(),
  number: z.number().int().positive(),
  url: z.string(),
  state: z.enum(['OPEN', 'CLOSED', 'MERGED']),
  author: z.string(),
  createdAt: isoDate,
  closesIssue: z.boolean(),
  isDraft: z.boolean().optional(),
});

const issueSchema = z.object({
  repo: z.string(),
  number: z.number().int().positive(),
  title: z.string(),
  url: z.string(),
  body: z.string(),
  author: z.string(),
  labels: z.array(z.string()),
  state: z.enum(['OPEN', 'CLOSED']),
  createdAt: isoDate,
  updatedAt: isoDate,
  commentCount: z.number().int().nonnegative(),
  assignees: z.array(z.string()),
  pullRequests: z.array(pullRequestSchema),
  comments: z.array(commentSchema),
  signalsComplete: z.boolean(),
  signalsPending: z.boolean().optional(),
  sample: z.literal(true).optional(),
});

const repoMetaSchema = z.object({
  repo: z.string(),
  description: z.string().nullable(),
  primaryLanguage: z.string().nullable(),
  languages: z.array(z.string()),
  topics: z.array(z.string()),
  stars: z.number().int().nonnegative(),
  isArchived: z.boolean(),
  isPrivate: z.boolean(),
  url: z.string(),
});

const failureSchema = z.object({
  repo: z.string(),
  kind: z.enum(['not-found', 'forbidden', 'rate-limited', 'error']),
  message: z.string(),
});

export const snapshotSchema = z.object({
  format: z.literal(SNAPSHOT_FORMAT),
  version: z.literal(SNAPSHOT_VERSION),
  apiUrl: z.string(),
  requestedRepos: z.array(z.string()),
  fetchedAt: isoDate,
  repos: z.array(repoMetaSchema),
  issues: z.array(issueSchema),
  failures: z.array(failureSchema),
  /** The bundled sample (invented issues): every output made from it says so. */
  sample: z.literal(true).optional(),
});

/** The parts, for tests that hold the shipped snapshot to a stricter bar than the reader needs. */
export const snapshotPartSchemas = { comment: commentSchema, pullRequest: pullRequestSchema, issue: issueSchema, repoMeta: repoMetaSchema, failure: failureSchema };

// Compile-time check that the schema and the hand-written type describe the same thing.
const _schemaMatchesType: (s: z.infer<typeof snapshotSchema>) => Snapshot = (s) => s;
void _schemaMatchesType;

const NOT_A_SNAPSHOT_HINT = 'pass a file written by `oss-scout search --save-snapshot <file>`, e.g. snapshots/ml-infra.json';

export async function readSnapshot(file: string): Promise<Snapshot> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    throw usageError(`cannot read snapshot ${file}: ${code === 'ENOENT' ? 'no such file' : code}`, NOT_A_SNAPSHOT_HINT);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw usageError(`${file} is not an oss-scout snapshot (not valid JSON)`, NOT_A_SNAPSHOT_HINT);
  }
  const header = data as { format?: unknown; version?: unknown } | null;
  if (typeof header !== 'object' || header === null || header.format !== SNAPSHOT_FORMAT) {
    throw usageError(`${file} is not an oss-scout snapshot (no "format": "${SNAPSHOT_FORMAT}")`, NOT_A_SNAPSHOT_HINT);
  }
  if (header.version !== SNAPSHOT_VERSION) {
    throw usageError(
      `${file} is snapshot version ${String(header.version)}; this oss-scout reads version ${SNAPSHOT_VERSION}`,
      'save a new one with --save-snapshot',
    );
  }
  const parsed = snapshotSchema.safeParse(data);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? first.path.join('.') : '';
    throw usageError(`${file} is not a valid oss-scout snapshot: ${where ? `${where}: ` : ''}${first?.message ?? 'invalid'}`, NOT_A_SNAPSHOT_HINT);
  }
  return parsed.data;
}

export interface SnapshotOptions {
  apiUrl: string;
  requestedRepos: RepoName[];
  /** Private repositories and their issues are left out unless asked for: snapshots get shared. */
  includePrivate?: boolean;
}

/** Credentials in a URL (https://user:token@host) must never reach a file. */
export function stripCredentials(apiUrl: string): string {
  try {
    const u = new URL(apiUrl);
    u.username = '';
    u.password = '';
    u.search = '';
    u.hash = '';
    return u.toString().replace(/\/+$/, '');
  } catch {
    return '';
  }
}

export function toSnapshot(fetch: FetchResult, options: SnapshotOptions): Snapshot {
  const privateRepos = new Set(
    options.includePrivate ? [] : fetch.repos.filter((r) => r.isPrivate).map((r) => r.repo.toLowerCase()),
  );
  const keep = (repo: string): boolean => !privateRepos.has(repo.toLowerCase());
  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    apiUrl: stripCredentials(options.apiUrl),
    requestedRepos: options.requestedRepos.filter(keep),
    fetchedAt: fetch.fetchedAt,
    repos: fetch.repos.filter((r) => keep(r.repo)),
    issues: fetch.issues.filter((i) => keep(i.repo)),
    failures: fetch.failures.filter((f) => keep(f.repo)),
  };
}

export async function writeSnapshot(file: string, fetch: FetchResult, options: SnapshotOptions): Promise<Snapshot> {
  const snapshot = toSnapshot(fetch, options);
  await writeUserFile(file, `${JSON.stringify(snapshot, null, 2)}\n`, 'snapshot');
  return snapshot;
}
