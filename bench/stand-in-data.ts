// The stand-in server's world: repositories and issues, either replayed from a snapshot or generated
// deterministically from the repository name. One internal shape; GraphQL and REST views are built from it.
import { readFileSync } from 'node:fs';
import type { IssueRecord, RepoMeta, Snapshot } from '../src/core/types.js';

export interface StandInComment {
  author: string;
  authorAssociation: string;
  body: string;
  createdAt: string;
}

export interface StandInPullRequest {
  repo: string;
  number: number;
  title: string;
  state: 'OPEN' | 'CLOSED' | 'MERGED';
  isDraft: boolean;
  author: string;
  createdAt: string;
  /** Closing reference (closedByPullRequestsReferences) rather than a mention (timeline cross-reference). */
  closesIssue: boolean;
  /** Set on a repository's own PR list (World.pullRequests); linked PRs derive these from createdAt. */
  authorAssociation?: string;
  mergedAt?: string | null;
  closedAt?: string | null;
}

export interface StandInIssue {
  repo: string;
  number: number;
  title: string;
  body: string;
  author: string;
  authorAssociation: string;
  /** Labels the issue always has. */
  labels: string[];
  /**
   * Generated issues are "beginner" issues whose beginner label is whatever the client asks for, so any
   * catalog label set finds them. Snapshot issues have real labels and this is false.
   */
  beginner: boolean;
  state: 'OPEN' | 'CLOSED';
  createdAt: string;
  updatedAt: string;
  commentCount: number;
  comments: StandInComment[];
  assignees: string[];
  pullRequests: StandInPullRequest[];
}

export interface StandInRepo {
  meta: RepoMeta;
  issues: StandInIssue[];
}

export const GENERIC_BEGINNER_LABEL = 'good first issue';

/** FNV-1a, 32 bit. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i += 1) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** mulberry32: a small seeded PRNG, so the same repository always gets the same issues. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const LANGUAGES = ['Python', 'C++', 'CUDA', 'Rust', 'Go', 'TypeScript'];
const TOPICS = ['machine-learning', 'deep-learning', 'llm', 'inference', 'gpu', 'pytorch', 'distributed'];
const SUBJECTS = [
  'CUDA kernel launch fails for bf16 inputs',
  'Add type hints to the scheduler module',
  'Docs: example for multi-GPU setup is outdated',
  'Tokenizer crashes on empty string',
  'Support Python 3.13 in CI',
  'Improve error message when the model path is missing',
  'Triton autotune cache is not invalidated',
  'Refactor config loading into a dataclass',
  'Benchmark script ignores --batch-size',
  'Rust bindings leak a file handle',
  'Add unit tests for the quantization utils',
  'Go client retries non-idempotent requests',
];
const EXTRA_LABELS = ['bug', 'documentation', 'enhancement', 'good-first-contribution', 'python', 'cuda'];
const CLAIM_COMMENTS = ["Hi, can I work on this?", '/assign', "I'd like to take this one."];
const PLAIN_COMMENTS = ['Thanks for the report.', 'I can reproduce this on main.', 'Any update here?'];

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** A generated issue with a given number, deterministic in (repo, number, epoch). */
export function generateIssue(repo: string, number: number, epochMs: number): StandInIssue {
  const r = prng(hash32(`${repo}#${number}`));
  const day = 86_400_000;
  const created = epochMs - Math.floor(r() * 300 + 1) * day;
  const updated = Math.min(epochMs - 3_600_000, created + Math.floor(r() * 60) * day);
  const subject = SUBJECTS[Math.floor(r() * SUBJECTS.length)] ?? 'An issue';
  const extra = EXTRA_LABELS[Math.floor(r() * EXTRA_LABELS.length)] ?? 'bug';
  const kind = r();
  const comments: StandInComment[] = [];
  const assignees: string[] = [];
  const pullRequests: StandInPullRequest[] = [];
  const nComments = Math.floor(r() * 4);
  for (let i = 0; i < nComments; i += 1) {
    comments.push({
      author: `user${Math.floor(r() * 1000)}`,
      authorAssociation: 'NONE',
      body: PLAIN_COMMENTS[i % PLAIN_COMMENTS.length] ?? '',
      createdAt: iso(created + (i + 1) * 3_600_000),
    });
  }
  // About a third of the issues are taken one way or another, like in the wild.
  if (kind < 0.1) assignees.push(`assignee${number % 97}`);
  else if (kind < 0.18) {
    pullRequests.push({
      repo,
      number: number + 10_000,
      title: `Fix #${number}`,
      state: 'OPEN',
      isDraft: false,
      author: `contrib${number % 89}`,
      createdAt: iso(updated),
      closesIssue: true,
    });
  } else if (kind < 0.24) {
    pullRequests.push({
      repo,
      number: number + 20_000,
      title: `Related to #${number}`,
      state: 'OPEN',
      isDraft: true,
      author: `contrib${number % 83}`,
      createdAt: iso(updated),
      closesIssue: false,
    });
  } else if (kind < 0.32) {
    comments.push({
      author: `newcomer${number % 71}`,
      authorAssociation: 'NONE',
      body: CLAIM_COMMENTS[number % CLAIM_COMMENTS.length] ?? '/assign',
      createdAt: iso(updated),
    });
  }
  return {
    repo,
    number,
    title: subject,
    body: `${subject}.\n\nSteps to reproduce: run the example in \`examples/\` with the default config.`,
    author: `reporter${number % 53}`,
    authorAssociation: 'CONTRIBUTOR',
    labels: [extra],
    beginner: true,
    state: 'OPEN',
    createdAt: iso(created),
    updatedAt: iso(updated),
    commentCount: comments.length + Math.floor(r() * 3),
    comments,
    assignees,
    pullRequests,
  };
}

export function generateRepo(repo: string, epochMs: number, issueCount: number): StandInRepo {
  const r = prng(hash32(repo));
  const lang = LANGUAGES[Math.floor(r() * LANGUAGES.length)] ?? 'Python';
  const issues: StandInIssue[] = [];
  let number = 100 + Math.floor(r() * 5000);
  for (let i = 0; i < issueCount; i += 1) {
    number += 1 + Math.floor(r() * 40);
    issues.push(generateIssue(repo, number, epochMs));
  }
  return {
    meta: {
      repo,
      description: `${repo.split('/')[1] ?? repo}: a stand-in repository for benchmarks`,
      primaryLanguage: lang,
      languages: [lang, ...LANGUAGES.filter((l) => l !== lang).slice(0, 2)],
      topics: TOPICS.filter((_, i) => (hash32(repo) >> i) & 1),
      stars: 1000 + Math.floor(r() * 60_000),
      isArchived: false,
      isPrivate: false,
      url: `https://github.com/${repo}`,
    },
    issues,
  };
}

const BOTS = ['dependabot[bot]', 'pre-commit-ci[bot]', 'github-actions[bot]'];
const PR_SUBJECTS = ['Fix', 'Add', 'Support', 'Refactor', 'Docs:', 'Test:'];

/** PRs per repository not given a count: a few to a few dozen in the ~100 days generated. */
export function defaultPullRequestCount(repo: string): number {
  return 5 + (hash32(`${repo}#pulls`) % 45);
}

/**
 * A repository's pull requests: `count` opened over the last 100 days, plus the first merged PR of each
 * regular contributor (one to two years old), so "was this the author's first merged PR?" has an answer.
 * Authors are maintainers (MEMBER, COLLABORATOR, OWNER), regulars, newcomers and a few bots; each
 * repository merges newcomers at its own rate and speed. As on GitHub, `authorAssociation` is the author's
 * as of now: anyone with a merged PR reads CONTRIBUTOR, so a newcomer whose PR was merged does too.
 * Deterministic in (repo, epoch, count).
 */
export function generatePullRequests(repo: string, epochMs: number, count: number): StandInPullRequest[] {
  const r = prng(hash32(`${repo}#pulls`));
  const day = 86_400_000;
  const short = (repo.split('/')[1] ?? 'repo').replace(/[^A-Za-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 16).toLowerCase() || 'repo';
  const newcomerMergeRate = 0.15 + r() * 0.65;
  const typicalDays = 1 + r() * 12;
  const maintainers = 3 + Math.floor(r() * 6);
  const regulars = 5 + Math.floor(count / 8);
  const roles = new Map<string, string>(); // login -> association when it is not earned by merging
  const drafts: Omit<StandInPullRequest, 'number'>[] = [];
  const pr = (author: string, created: number, outcome: 'MERGED' | 'CLOSED' | 'OPEN', delayDays: number): void => {
    const done = created + delayDays * day;
    // Not decided yet by today: still open.
    const state = outcome !== 'OPEN' && done < epochMs - 3_600_000 ? outcome : 'OPEN';
    drafts.push({
      repo,
      title: `${PR_SUBJECTS[Math.floor(r() * PR_SUBJECTS.length)] ?? 'Fix'} ${SUBJECTS[Math.floor(r() * SUBJECTS.length)] ?? 'a bug'}`,
      state,
      isDraft: state === 'OPEN' && r() < 0.1,
      author,
      createdAt: iso(created),
      closesIssue: false,
      mergedAt: state === 'MERGED' ? iso(done) : null,
      closedAt: state === 'OPEN' ? null : iso(done),
    });
  };
  const delay = (mean: number): number => -Math.log(1 - r()) * mean;
  for (let k = 0; k < regulars; k += 1) pr(`dev-${short}-${k}`, epochMs - Math.floor((150 + r() * 550) * 24) * 3_600_000, 'MERGED', 1 + r() * 5);
  for (let i = 0; i < count; i += 1) {
    const created = epochMs - Math.floor(r() * 100 * 24 + 1) * 3_600_000;
    const who = r();
    const outcome = r();
    if (who < 0.05) {
      pr(BOTS[Math.floor(r() * BOTS.length)] ?? 'dependabot[bot]', created, outcome < 0.8 ? 'MERGED' : 'CLOSED', delay(2));
    } else if (who < 0.38) {
      const k = Math.floor(r() * maintainers);
      const login = `maint-${short}-${k}`;
      roles.set(login, k === 0 ? 'OWNER' : k % 3 === 0 ? 'COLLABORATOR' : 'MEMBER');
      pr(login, created, outcome < 0.85 ? 'MERGED' : outcome < 0.95 ? 'OPEN' : 'CLOSED', delay(typicalDays / 2));
    } else if (who < 0.68) {
      pr(`dev-${short}-${Math.floor(r() * regulars)}`, created, outcome < 0.65 ? 'MERGED' : outcome < 0.85 ? 'OPEN' : 'CLOSED', delay(typicalDays));
    } else {
      const login = `new-${short}-${i}`;
      const merged = outcome < newcomerMergeRate;
      const d = delay(typicalDays * 1.5);
      pr(login, created, merged ? 'MERGED' : r() < 0.6 ? 'OPEN' : 'CLOSED', d);
      // Some newcomers come back after their first merge.
      const back = created + (d + 1 + r() * 20) * day;
      if (merged && r() < 0.25 && back < epochMs) pr(login, back, r() < 0.7 ? 'MERGED' : 'OPEN', delay(typicalDays));
    }
  }
  const mergedAuthors = new Set(drafts.filter((p) => p.state === 'MERGED').map((p) => p.author));
  const association = (login: string): string =>
    roles.get(login) ?? (mergedAuthors.has(login) ? 'CONTRIBUTOR' : login.endsWith('[bot]') ? 'NONE' : hash32(login) % 5 === 0 ? 'FIRST_TIMER' : 'FIRST_TIME_CONTRIBUTOR');
  drafts.sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  let number = 1000 + (hash32(repo) % 4000);
  return drafts.map((p) => {
    number += 1 + Math.floor(r() * 3);
    return { ...p, number, authorAssociation: association(p.author) };
  });
}

function fromRecord(rec: IssueRecord): StandInIssue {
  return {
    repo: rec.repo,
    number: rec.number,
    title: rec.title,
    body: rec.body,
    author: rec.author,
    authorAssociation: 'NONE',
    labels: [...rec.labels],
    beginner: false,
    state: rec.state,
    createdAt: rec.createdAt,
    updatedAt: rec.updatedAt,
    commentCount: rec.commentCount,
    comments: rec.comments.map((c) => ({ ...c })),
    assignees: [...rec.assignees],
    pullRequests: rec.pullRequests.map((p) => ({
      repo: p.repo,
      number: p.number,
      title: `PR #${p.number}`,
      state: p.state,
      isDraft: p.isDraft ?? false,
      author: p.author,
      createdAt: p.createdAt,
      closesIssue: p.closesIssue,
    })),
  };
}

/** Reads a snapshot file; any problem (missing, malformed) gives an empty map, never an exception. */
export function loadSnapshotRepos(snapshotPath: string | undefined): Map<string, StandInRepo> {
  const out = new Map<string, StandInRepo>();
  if (snapshotPath === undefined) return out;
  let snap: Partial<Snapshot>;
  try {
    snap = JSON.parse(readFileSync(snapshotPath, 'utf8')) as Partial<Snapshot>;
  } catch {
    return out;
  }
  if (!Array.isArray(snap.repos) || !Array.isArray(snap.issues)) return out;
  for (const meta of snap.repos) {
    if (meta && typeof meta.repo === 'string') out.set(meta.repo.toLowerCase(), { meta: { ...meta }, issues: [] });
  }
  for (const rec of snap.issues) {
    if (!rec || typeof rec.repo !== 'string' || typeof rec.number !== 'number') continue;
    const key = rec.repo.toLowerCase();
    let repo = out.get(key);
    if (!repo) {
      repo = { meta: generateRepo(rec.repo, Date.now(), 0).meta, issues: [] };
      out.set(key, repo);
    }
    try {
      repo.issues.push(fromRecord(rec));
    } catch {
      // a malformed record is skipped
    }
  }
  return out;
}

export interface WorldOptions {
  snapshotPath?: string;
  /** Generated issues per repository (default 40). */
  issuesPerRepo?: number;
  /** Repositories that answer NOT_FOUND / 404 ("owner/name", any case). */
  missingRepos?: readonly string[];
  /** Dates of generated issues are relative to this day (default: today, UTC midnight). */
  now?: Date;
  /**
   * Repositories ("owner/name") that hold this many generated open beginner issues instead of their
   * snapshot issues (their snapshot metadata is kept): the bench's large repositories.
   */
  issueCounts?: Readonly<Record<string, number>>;
  /** Pull requests opened in the last 100 days ("owner/name" -> count); others get defaultPullRequestCount. */
  pullRequestCounts?: Readonly<Record<string, number>>;
}

/** All repositories the server knows, created lazily: any name that is not missing exists. */
export class World {
  private readonly repos = new Map<string, StandInRepo>();
  private readonly missing: Set<string>;
  private readonly epochMs: number;
  private readonly issuesPerRepo: number;
  private readonly prCounts: Map<string, number>;
  private readonly prs = new Map<string, StandInPullRequest[]>();

  constructor(options: WorldOptions = {}) {
    const now = options.now ?? new Date();
    this.epochMs = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    this.issuesPerRepo = options.issuesPerRepo ?? 40;
    this.missing = new Set((options.missingRepos ?? []).map((r) => r.toLowerCase()));
    this.prCounts = new Map(Object.entries(options.pullRequestCounts ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    for (const [k, v] of loadSnapshotRepos(options.snapshotPath)) this.repos.set(k, v);
    for (const [full, count] of Object.entries(options.issueCounts ?? {})) {
      const key = full.toLowerCase();
      const generated = generateRepo(full, this.epochMs, count);
      this.repos.set(key, { meta: this.repos.get(key)?.meta ?? generated.meta, issues: generated.issues });
    }
  }

  get snapshotRepoCount(): number {
    return this.repos.size;
  }

  repo(owner: string, name: string): StandInRepo | undefined {
    const full = `${owner}/${name}`;
    const key = full.toLowerCase();
    if (this.missing.has(key) || !owner || !name) return undefined;
    let r = this.repos.get(key);
    if (!r) {
      r = generateRepo(full, this.epochMs, this.issuesPerRepo);
      this.repos.set(key, r);
    }
    return r;
  }

  /** The repository's own pull requests, oldest first (generated on first use). */
  pullRequests(repo: StandInRepo): StandInPullRequest[] {
    const key = repo.meta.repo.toLowerCase();
    let list = this.prs.get(key);
    if (!list) {
      list = generatePullRequests(repo.meta.repo, this.epochMs, this.prCounts.get(key) ?? defaultPullRequestCount(repo.meta.repo));
      this.prs.set(key, list);
    }
    return list;
  }

  /** Any issue number resolves (claims may point anywhere): known issues first, else generated on demand. */
  issue(repo: StandInRepo, number: number): StandInIssue {
    const found = repo.issues.find((i) => i.number === number);
    if (found) return found;
    const gen = generateIssue(repo.meta.repo, number, this.epochMs);
    gen.labels = [GENERIC_BEGINNER_LABEL, ...gen.labels];
    gen.beginner = false;
    return gen;
  }
}

/** The labels an issue shows, given the label filter the client asked with (generated issues adopt it). */
export function labelsFor(issue: StandInIssue, requested: readonly string[] | undefined): string[] {
  if (!issue.beginner) return issue.labels;
  const beginnerLabel =
    requested && requested.length > 0 ? (requested[issue.number % requested.length] ?? GENERIC_BEGINNER_LABEL) : GENERIC_BEGINNER_LABEL;
  return [beginnerLabel, ...issue.labels.filter((l) => l !== beginnerLabel)];
}

/** GitHub's label filter on issues(labels:) and search label:"a","b" is OR, case-insensitive. */
export function matchesLabels(issue: StandInIssue, requested: readonly string[] | undefined): boolean {
  if (!requested || requested.length === 0) return true;
  if (issue.beginner) return true;
  const want = new Set(requested.map((l) => l.toLowerCase()));
  return issue.labels.some((l) => want.has(l.toLowerCase()));
}
