import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CATALOG, DEFAULT_BEGINNER_LABELS } from '../src/catalog/catalog.js';
import { parseRepoName } from '../src/core/refs.js';
import { type IssueRecord, type RepoCategory } from '../src/core/types.js';
import { snapshotPartSchemas, snapshotSchema as readerSnapshotSchema } from '../src/snapshot.js';

const CATEGORIES: readonly RepoCategory[] = [
  'serving',
  'training',
  'kernels-compilers',
  'distributed-platform',
  'data-eval',
  'tooling',
];

const SNAPSHOT_PATH = new URL('../snapshots/ml-infra.json', import.meta.url);

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/);

// The reader's own schema, held to a stricter bar for the data we ship: no unknown keys, real enums,
// ISO timestamps, non-empty text, valid URLs.
const parts = snapshotPartSchemas;
const commentSchema = parts.comment
  .extend({
    author: z.string().min(1),
    authorAssociation: z.enum(['OWNER', 'MEMBER', 'COLLABORATOR', 'CONTRIBUTOR', 'FIRST_TIME_CONTRIBUTOR', 'FIRST_TIMER', 'MANNEQUIN', 'NONE']),
    body: z.string().min(1),
    createdAt: isoDate,
  })
  .strict();

const pullRequestSchema = parts.pullRequest.extend({ url: z.string().url(), author: z.string().min(1), createdAt: isoDate }).strict();

const issueSchema = parts.issue
  .extend({
    title: z.string().min(5),
    url: z.string().url(),
    body: z.string().min(20),
    author: z.string().min(1),
    labels: z.array(z.string().min(1)).min(1),
    createdAt: isoDate,
    updatedAt: isoDate,
    assignees: z.array(z.string().min(1)),
    pullRequests: z.array(pullRequestSchema),
    comments: z.array(commentSchema),
  })
  .strict();

const repoSchema = parts.repoMeta.extend({ url: z.string().url() }).strict();

const snapshotSchema = readerSnapshotSchema
  .extend({
    fetchedAt: isoDate,
    apiUrl: z.string().url(),
    repos: z.array(repoSchema),
    issues: z.array(issueSchema),
    failures: z.array(parts.failure.strict()),
  })
  .strict();

type ParsedSnapshot = z.infer<typeof snapshotSchema>;

function loadSnapshot(): ParsedSnapshot {
  return snapshotSchema.parse(JSON.parse(readFileSync(SNAPSHOT_PATH, 'utf8')));
}

// A small, independent reading of the taken rules from the search issue, used only to check that
// the shipped snapshot exercises every signal. The product's own detector lives elsewhere.
const CLAIM_RE =
  /\b(can i (work on|take|pick up)|\/assign|i'?d like to (take|work on|pick)|i would like to (take|work on|pick)|i'?m working on (it|this)|if not i can take)\b|^\.take$/im;
const RELEASE_RE = /(up for grabs|unassigned|anyone can pick it up)/i;
const MAINTAINER = new Set(['OWNER', 'MEMBER', 'COLLABORATOR']);
const CLAIM_WINDOW_DAYS = 30;

interface Verdict {
  taken: boolean;
  stale: boolean;
  reasons: string[];
}

function classify(issue: IssueRecord, now: number): Verdict {
  const reasons: string[] = [];
  if (issue.assignees.length > 0) reasons.push('assigned');
  if (issue.pullRequests.some((p) => p.state === 'OPEN' && p.closesIssue)) reasons.push('open PR closes it');
  if (issue.pullRequests.some((p) => p.state === 'OPEN' && !p.closesIssue)) reasons.push('open PR mentions it');
  let lastClaim: number | null = null;
  let releasedAfter = false;
  for (const c of issue.comments) {
    const t = Date.parse(c.createdAt);
    if (!MAINTAINER.has(c.authorAssociation) && CLAIM_RE.test(c.body)) {
      lastClaim = t;
      releasedAfter = false;
    } else if (MAINTAINER.has(c.authorAssociation) && RELEASE_RE.test(c.body) && lastClaim !== null) {
      releasedAfter = true;
    }
  }
  let stale = false;
  if (lastClaim !== null && !releasedAfter) {
    if (now - lastClaim <= CLAIM_WINDOW_DAYS * 86_400_000) reasons.push('recent claim');
    else if (reasons.length === 0) stale = true;
  }
  return { taken: reasons.length > 0, stale, reasons };
}

describe('catalog', () => {
  it('has at least 40 entries with unique, well-formed repos', () => {
    expect(CATALOG.length).toBeGreaterThanOrEqual(40);
    const names = CATALOG.map((e) => e.repo);
    expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length);
    for (const e of CATALOG) {
      expect(parseRepoName(e.repo).repo).toBe(e.repo);
    }
  });

  it('uses known categories, covers each of them, and lists non-empty labels', () => {
    for (const e of CATALOG) {
      expect(CATEGORIES).toContain(e.category);
      expect(e.labels.length).toBeGreaterThan(0);
      for (const l of e.labels) expect(l.trim()).toBe(l);
      expect(new Set(e.labels).size).toBe(e.labels.length);
    }
    for (const c of CATEGORIES) expect(CATALOG.some((e) => e.category === c)).toBe(true);
  });

  it('keeps the default labels for repos outside the catalog', () => {
    expect(DEFAULT_BEGINNER_LABELS).toContain('good first issue');
    expect(DEFAULT_BEGINNER_LABELS).toContain('help wanted');
  });
});

describe('shipped snapshot', () => {
  const snap = loadSnapshot();
  const now = Date.parse(snap.fetchedAt);

  it('has the Snapshot header and asks for every catalog repo', () => {
    expect(snap.fetchedAt).toBe('2026-11-20T09:00:00Z');
    expect(snap.apiUrl).toBe('https://api.github.com');
    expect(snap.requestedRepos).toEqual(CATALOG.map((e) => e.repo));
    expect(snap.failures).toEqual([]);
  });

  it('is marked as the sample it is: no issue or pull request link points at a number', () => {
    expect(snap.sample).toBe(true);
    for (const i of snap.issues) {
      expect(i.sample).toBe(true);
      const url = new URL(i.url);
      expect(`${url.origin}${url.pathname}`).toBe(`https://github.com/${i.repo}/issues`);
      const q = url.searchParams.get('q') ?? '';
      const label = /^is:open label:"(.+)"$/.exec(q)?.[1];
      expect(label && i.labels.some((l) => l.toLowerCase() === label.toLowerCase())).toBe(true);
      for (const p of i.pullRequests) expect(p.url).toBe(`https://github.com/${i.repo}/pulls`);
    }
  });

  it('has repo metadata for every requested repo', () => {
    expect(snap.repos.map((r) => r.repo)).toEqual(snap.requestedRepos);
    for (const r of snap.repos) {
      expect(r.url).toBe(`https://github.com/${r.repo}`);
      expect(r.isArchived).toBe(false);
      expect(r.isPrivate).toBe(false);
      expect(r.languages.length).toBeGreaterThan(0);
      expect(r.primaryLanguage).not.toBeNull();
      expect(r.languages).toContain(r.primaryLanguage);
    }
  });

  it('has consistent issues: repo known, urls, numbers, dates', () => {
    const requested = new Set(snap.requestedRepos);
    const metaRepos = new Set(snap.repos.map((r) => r.repo));
    const keys = new Set<string>();
    for (const i of snap.issues) {
      expect(requested.has(i.repo)).toBe(true);
      expect(metaRepos.has(i.repo)).toBe(true);
      const key = `${i.repo}#${i.number}`;
      expect(keys.has(key)).toBe(false);
      keys.add(key);
      expect(i.state).toBe('OPEN');
      expect(i.signalsComplete).toBe(true);

      const created = Date.parse(i.createdAt);
      const updated = Date.parse(i.updatedAt);
      expect(Number.isNaN(created)).toBe(false);
      expect(created).toBeLessThanOrEqual(updated);
      expect(updated).toBeLessThanOrEqual(now);
      expect(now - created).toBeLessThan(560 * 86_400_000);

      expect(i.commentCount).toBeGreaterThanOrEqual(i.comments.length);
      let prev = created;
      for (const c of i.comments) {
        const t = Date.parse(c.createdAt);
        expect(t).toBeGreaterThanOrEqual(prev);
        expect(t).toBeLessThanOrEqual(updated);
        prev = t;
      }
      for (const p of i.pullRequests) {
        expect(p.repo).toBe(i.repo);
        expect(p.number).not.toBe(i.number);
        expect(Date.parse(p.createdAt)).toBeGreaterThanOrEqual(created);
        expect(Date.parse(p.createdAt)).toBeLessThanOrEqual(updated);
      }
    }
  });

  it('labels every issue with at least one of its repo catalog labels', () => {
    const labelsOf = new Map(CATALOG.map((e) => [e.repo, new Set(e.labels.map((l) => l.toLowerCase()))]));
    for (const i of snap.issues) {
      const wanted = labelsOf.get(i.repo);
      expect(wanted, i.repo).toBeDefined();
      expect(i.labels.some((l) => wanted?.has(l.toLowerCase())), `${i.repo}#${i.number}`).toBe(true);
    }
  });

  it('covers many repos and categories', () => {
    const withIssues = new Set(snap.issues.map((i) => i.repo));
    expect(withIssues.size).toBeGreaterThanOrEqual(30);
    expect(snap.issues.length).toBeGreaterThanOrEqual(150);
    const categoryOf = new Map(CATALOG.map((e) => [e.repo, e.category]));
    const cats = new Set(snap.issues.map((i) => categoryOf.get(i.repo)));
    expect(cats.size).toBe(CATEGORIES.length);
  });

  it('has a realistic mix of taken signals', () => {
    const verdicts = snap.issues.map((i) => ({ issue: i, v: classify(i, now) }));
    const taken = verdicts.filter((x) => x.v.taken);
    const ratio = taken.length / snap.issues.length;
    expect(ratio).toBeGreaterThanOrEqual(0.25);
    expect(ratio).toBeLessThanOrEqual(0.5);
    expect(verdicts.filter((x) => x.v.stale).length).toBeGreaterThanOrEqual(5);

    const has = (reason: string): number => verdicts.filter((x) => x.v.reasons.includes(reason)).length;
    expect(has('assigned')).toBeGreaterThanOrEqual(5);
    expect(has('open PR closes it')).toBeGreaterThanOrEqual(5);
    expect(has('open PR mentions it')).toBeGreaterThanOrEqual(2);
    expect(has('recent claim')).toBeGreaterThanOrEqual(5);

    // Signals that must NOT make an issue taken are present too.
    const released = verdicts.filter(
      (x) => !x.v.taken && x.issue.comments.some((c) => MAINTAINER.has(c.authorAssociation) && RELEASE_RE.test(c.body)),
    );
    expect(released.length).toBeGreaterThanOrEqual(3);
    const closedOrMergedOnly = verdicts.filter(
      (x) => !x.v.taken && x.issue.pullRequests.length > 0 && x.issue.pullRequests.every((p) => p.state !== 'OPEN'),
    );
    expect(closedOrMergedOnly.length).toBeGreaterThanOrEqual(3);
    expect(snap.issues.some((i) => i.pullRequests.some((p) => p.state === 'MERGED'))).toBe(true);
    expect(snap.issues.some((i) => i.pullRequests.some((p) => p.state === 'CLOSED'))).toBe(true);
    expect(snap.issues.some((i) => i.pullRequests.some((p) => p.isDraft === true))).toBe(true);
  });

  it('mixes skills so different profiles find different work', () => {
    const text = (i: IssueRecord): string => `${i.title}\n${i.labels.join(' ')}\n${i.body}`;
    const count = (re: RegExp): number => snap.issues.filter((i) => re.test(text(i))).length;
    expect(count(/\bcuda\b|\.cu\b/i)).toBeGreaterThanOrEqual(10);
    expect(count(/\brust\b|\.rs\b|cargo/i)).toBeGreaterThanOrEqual(8);
    expect(count(/\bpytest\b/i)).toBeGreaterThanOrEqual(10);
    expect(count(/\bdocs?\b|documentation/i)).toBeGreaterThanOrEqual(30);
    expect(count(/\btriton\b/i)).toBeGreaterThanOrEqual(4);
    expect(count(/typescript|react|\.tsx\b/i)).toBeGreaterThanOrEqual(5);
    expect(count(/kubernetes|helm/i)).toBeGreaterThanOrEqual(6);
    expect(count(/\bgo\b|golang|\.go\b/i)).toBeGreaterThanOrEqual(5);
    expect(count(/rocm|\bamd\b|gfx9/i)).toBeGreaterThanOrEqual(3);
    expect(count(/metal|apple silicon|\bmps\b/i)).toBeGreaterThanOrEqual(3);
    expect(count(/quantiz|fp8|int4|awq/i)).toBeGreaterThanOrEqual(5);
  });

  it('is up to date with scripts/build-snapshot.ts', async () => {
    const { buildSnapshot } = await import('../scripts/build-snapshot.js');
    const expected = `${JSON.stringify(buildSnapshot(), null, 2)}\n`;
    expect(readFileSync(SNAPSHOT_PATH, 'utf8')).toBe(expected);
  });
});
