import type { State } from '../../src/state/schema.js';
// Shared by the claim/state tests: fixture loading, state file access, and a fake GitHub for claims
// (REST issue GET, comment POST, the ClaimActivity GraphQL query) usable from msw and from node:http.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './cli.js';

export const API = 'https://api.github.test';
export const VIEWER = 'me-the-user';

export function fixture<T = unknown>(rel: string): T {
  return JSON.parse(readFileSync(path.join(repoRoot, 'fixtures', rel), 'utf8')) as T;
}

export function fixtureText(rel: string): string {
  return readFileSync(path.join(repoRoot, 'fixtures', rel), 'utf8');
}

export function stateFile(home: string): string {
  return path.join(home, 'data', 'state.json');
}

export function writeStateText(home: string, text: string): string {
  const file = stateFile(home);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

export function readState(home: string): { version: number; viewer: unknown; claims: Record<string, unknown>[] } {
  return JSON.parse(readFileSync(stateFile(home), 'utf8'));
}

/** The REST issue fixture moved to another repo/number, with optional overrides. */
export function restIssue(repo: string, number: number, overrides: Record<string, unknown> = {}, base = 'claims-issue.json'): Record<string, unknown> {
  const f = fixture<Record<string, unknown>>(`github/${base}`);
  const r = `https://api.github.com/repos/${repo}`;
  return {
    ...f,
    number,
    url: `${r}/issues/${number}`,
    repository_url: r,
    html_url: `https://github.com/${repo}/issues/${number}`,
    title: `Issue ${number} of ${repo}`,
    ...overrides,
  };
}

export interface FakePR {
  number: number;
  author: string | null;
  state?: 'OPEN' | 'CLOSED' | 'MERGED';
  repo?: string;
  createdAt?: string;
  mergedAt?: string | null;
  isDraft?: boolean;
  reviewDecision?: string | null;
}

export interface FakeIssue {
  title?: string;
  state?: 'OPEN' | 'CLOSED';
  closedAt?: string | null;
  assignees?: string[];
  closing?: FakePR[];
  mentions?: FakePR[];
  /** Timeline cross-references from plain issues (no PR fields). */
  issueMentions?: number;
}

function prNode(p: FakePR, repo: string): Record<string, unknown> {
  const state = p.state ?? 'OPEN';
  const r = p.repo ?? repo;
  return {
    number: p.number,
    url: `https://github.com/${r}/pull/${p.number}`,
    title: `PR ${p.number}`,
    state,
    merged: state === 'MERGED',
    mergedAt: state === 'MERGED' ? (p.mergedAt ?? '2026-02-03T00:00:00Z') : null,
    createdAt: p.createdAt ?? '2026-02-01T00:00:00Z',
    isDraft: p.isDraft ?? false,
    reviewDecision: p.reviewDecision ?? null,
    author: p.author === null ? null : { login: p.author },
    repository: { nameWithOwner: r },
  };
}

export function issueNode(repo: string, i: FakeIssue): Record<string, unknown> {
  return {
    title: i.title ?? 'an issue',
    state: i.state ?? 'OPEN',
    closedAt: i.closedAt ?? (i.state === 'CLOSED' ? '2026-02-04T00:00:00Z' : null),
    assignees: { nodes: (i.assignees ?? []).map((login) => ({ login })) },
    closedByPullRequestsReferences: { nodes: (i.closing ?? []).map((p) => prNode(p, repo)) },
    timelineItems: {
      nodes: [
        ...Array.from({ length: i.issueMentions ?? 0 }, () => ({ __typename: 'CrossReferencedEvent', source: {} })),
        ...(i.mentions ?? []).map((p) => ({ __typename: 'CrossReferencedEvent', source: prNode(p, repo) })),
      ],
    },
  };
}

/** Answers the ClaimActivity query from a map "owner/repo#N" -> FakeIssue (missing -> NOT_FOUND). */
export function answerClaimActivity(
  query: string,
  variables: Record<string, unknown>,
  issues: Map<string, FakeIssue>,
  viewer = VIEWER,
): { data: Record<string, unknown>; errors?: unknown[] } {
  const data: Record<string, unknown> = { rateLimit: { cost: 1, remaining: 4999, resetAt: '2026-02-10T01:00:00Z' } };
  const errors: unknown[] = [];
  if (/\bviewer\s*\{/.test(query)) data.viewer = { login: viewer };
  for (let i = 0; `o${i}` in variables; i++) {
    const repo = `${String(variables[`o${i}`])}/${String(variables[`n${i}`])}`;
    const fake = issues.get(`${repo}#${String(variables[`i${i}`])}`);
    if (fake) data[`c${i}`] = { issue: issueNode(repo, fake) };
    else {
      data[`c${i}`] = { issue: null };
      errors.push({ type: 'NOT_FOUND', path: [`c${i}`, 'issue'], message: 'Could not resolve to an Issue' });
    }
  }
  return errors.length > 0 ? { data, errors } : { data };
}

/** A plain claim on a/b#n, as the store writes it. */
export function claimFor(n: number): State['claims'][number] {
  return {
    repo: 'a/b',
    number: n,
    title: `t${n}`,
    url: `https://github.com/a/b/issues/${n}`,
    labels: [],
    claimedAt: '2026-01-01T00:00:00.000Z',
    status: 'claimed',
    statusHistory: [{ status: 'claimed', at: '2026-01-01T00:00:00.000Z' }],
    notes: [],
    pullRequests: [],
    droppedReason: null,
    lastRefreshedAt: null,
  };
}
