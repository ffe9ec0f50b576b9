// Builds the bundled sample snapshots/ml-infra.json from the compact specs in scripts/snapshot-data/.
//
// The repositories are real; the issues are invented (titles, bodies, logins, numbers), modelled on
// the kinds of beginner issues these projects file. So the file says `"sample": true`, every issue says
// `"sample": true`, and no URL points at an issue or pull request number: an issue links to the
// repository's list of open beginner issues, a pull request to the repository's pull requests.
//
//   npx tsx scripts/build-snapshot.ts          # writes the file
//   npx tsx scripts/build-snapshot.ts --check  # fails if the checked-in file is out of date
//
// Output is deterministic: the same specs always produce byte-identical JSON.

import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CATALOG } from '../src/catalog/catalog.js';
import {
  SNAPSHOT_FORMAT,
  SNAPSHOT_VERSION,
  type IssueComment,
  type IssueRecord,
  type LinkedPullRequest,
  type RepoMeta,
  type Snapshot,
} from '../src/core/types.js';
import type { IssueSpec, RepoSpec } from './snapshot-data/spec.js';
import { SERVING } from './snapshot-data/serving.js';
import { TRAINING } from './snapshot-data/training.js';
import { KERNELS } from './snapshot-data/kernels.js';
import { PLATFORM } from './snapshot-data/platform.js';
import { DATA_TOOLING } from './snapshot-data/data-tooling.js';
import { MORE_ISSUES } from './snapshot-data/more.js';

export const FETCHED_AT = '2026-11-20T09:00:00Z';
const FETCHED_MS = Date.parse(FETCHED_AT);
const DAY = 86_400_000;
const OUT = fileURLToPath(new URL('../snapshots/ml-infra.json', import.meta.url));

/** Small deterministic string hash (FNV-1a). */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** `days` before fetchedAt, minus a deterministic 0-11h jitter so times look organic. */
function at(days: number, salt: string): number {
  const jitter = (hash(salt) % 720) * 60_000;
  return FETCHED_MS - days * DAY - jitter;
}

function iso(ms: number): string {
  return new Date(Math.min(ms, FETCHED_MS)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** GitHub's list of open issues with this label, e.g. .../issues?q=is%3Aopen+label%3A%22good+first+issue%22 */
export function beginnerListUrl(repo: string, label: string): string {
  return `https://github.com/${repo}/issues?${new URLSearchParams({ q: `is:open label:"${label}"` }).toString()}`;
}

function expandIssue(repo: string, spec: IssueSpec, listUrl: string): IssueRecord {
  const key = `${repo}#${spec.n}`;
  const created = at(spec.c, key);
  const after = (ms: number, i: number): number => (ms <= created ? created + (i + 1) * 3_600_000 : ms);

  const comments: IssueComment[] = (spec.cm ?? [])
    .map(([author, assoc, days, body], i) => ({
      author,
      authorAssociation: assoc,
      body,
      ms: after(at(days, `${key}/c${i}`), i),
    }))
    .sort((a, b) => a.ms - b.ms)
    .map(({ ms, ...c }) => ({ ...c, createdAt: iso(ms) }));

  const pullRequests: LinkedPullRequest[] = (spec.pr ?? []).map(([number, state, author, days, closes, draft], i) => {
    const pr: LinkedPullRequest = {
      repo,
      number,
      url: `https://github.com/${repo}/pulls`,
      state,
      author,
      createdAt: iso(after(at(days, `${key}/p${i}`), i)),
      closesIssue: closes,
    };
    if (draft !== undefined) pr.isDraft = draft;
    return pr;
  });

  const activity = [created, ...comments.map((c) => Date.parse(c.createdAt)), ...pullRequests.map((p) => Date.parse(p.createdAt))];
  let updated = Math.max(...activity);
  if (spec.u !== undefined) updated = Math.max(updated, at(spec.u, `${key}/u`));

  return {
    repo,
    number: spec.n,
    title: spec.t,
    url: listUrl,
    body: spec.b,
    author: spec.by,
    labels: spec.l,
    state: 'OPEN',
    createdAt: iso(created),
    updatedAt: iso(updated),
    commentCount: (spec.k ?? 0) + comments.length,
    assignees: spec.a ?? [],
    pullRequests,
    comments,
    signalsComplete: true,
    sample: true,
  };
}

function repoMeta(spec: RepoSpec): RepoMeta {
  return {
    repo: spec.repo,
    description: spec.description,
    primaryLanguage: spec.primaryLanguage,
    languages: spec.languages,
    topics: spec.topics,
    stars: spec.stars,
    isArchived: false,
    isPrivate: false,
    url: `https://github.com/${spec.repo}`,
  };
}

export function buildSnapshot(): Snapshot {
  const specs = [...SERVING, ...TRAINING, ...KERNELS, ...PLATFORM, ...DATA_TOOLING];
  const byRepo = new Map<string, RepoSpec>();
  for (const s of specs) {
    if (byRepo.has(s.repo)) throw new Error(`duplicate repo spec ${s.repo}`);
    byRepo.set(s.repo, s);
  }
  const problems: string[] = [];
  for (const repo of Object.keys(MORE_ISSUES)) {
    if (!byRepo.has(repo)) problems.push(`${repo}: extra issues for a repo with no spec`);
  }
  for (const s of specs) {
    if (!CATALOG.some((e) => e.repo === s.repo)) problems.push(`${s.repo}: has data but is not in the catalog`);
  }

  const repos: RepoMeta[] = [];
  const issues: IssueRecord[] = [];
  for (const entry of CATALOG) {
    const spec = byRepo.get(entry.repo);
    if (!spec) {
      problems.push(`${entry.repo}: in the catalog but has no snapshot data`);
      continue;
    }
    repos.push(repoMeta(spec));
    const seen = new Set<number>();
    const wanted = new Set(entry.labels.map((l) => l.toLowerCase()));
    const all = [...spec.issues, ...(MORE_ISSUES[entry.repo] ?? [])];
    const expanded = all.map((i) => {
      if (seen.has(i.n)) problems.push(`${entry.repo}#${i.n}: duplicate number`);
      seen.add(i.n);
      if (!i.l.some((l) => wanted.has(l.toLowerCase()))) {
        problems.push(`${entry.repo}#${i.n}: carries none of the catalog labels (${entry.labels.join(', ')})`);
      }
      // The label this issue carries, so the link shows issues like it.
      const label = entry.labels.find((l) => i.l.some((x) => x.toLowerCase() === l.toLowerCase())) ?? entry.labels[0] ?? 'good first issue';
      return expandIssue(entry.repo, i, beginnerListUrl(entry.repo, label));
    });
    expanded.sort((a, b) => b.number - a.number);
    issues.push(...expanded);
  }
  if (problems.length > 0) throw new Error(`snapshot data problems:\n  ${problems.join('\n  ')}`);

  return {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    sample: true,
    fetchedAt: FETCHED_AT,
    apiUrl: 'https://api.github.com',
    requestedRepos: CATALOG.map((e) => e.repo),
    repos,
    issues,
    failures: [],
  };
}

function main(): void {
  const snapshot = buildSnapshot();
  const text = `${JSON.stringify(snapshot, null, 2)}\n`;
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(OUT, 'utf8');
    } catch {
      // missing file: out of date
    }
    if (current !== text) {
      console.error(`${OUT} is out of date: run npx tsx scripts/build-snapshot.ts`);
      process.exitCode = 1;
      return;
    }
    console.log(`${OUT} is up to date`);
    return;
  }
  writeFileSync(OUT, text);
  const openPr = snapshot.issues.filter((i) => i.pullRequests.some((p) => p.state === 'OPEN')).length;
  const assigned = snapshot.issues.filter((i) => i.assignees.length > 0).length;
  console.log(
    `wrote ${OUT}: ${snapshot.repos.length} repos, ${snapshot.issues.length} issues ` +
      `(${assigned} assigned, ${openPr} with an open PR)`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main();
}
