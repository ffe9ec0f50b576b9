import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { webUrlFor } from '../src/core/hosts.js';
import { buildReport } from '../src/core/report.js';
import type { UserPullRequest } from '../src/core/types.js';
import { isoWeekKey, parseDateOption, resolvePeriod, startOfIsoWeek } from '../src/core/report-period.js';
import { parseState, type State } from '../src/state/schema.js';
import { emptyState } from '../src/state/version.js';
import { repoRoot } from './helpers/cli.js';

// Wednesday of ISO week 2026-W03 (Mon 2026-01-12 .. Sun 2026-01-18).
const NOW = new Date('2026-01-14T12:00:00Z');

function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(path.join(repoRoot, 'fixtures', 'report', name), 'utf8')) as T;
}
const busyState = (): State => parseState(fixture('busy-week.json'));
const busySearch = (): { pullRequests: UserPullRequest[] } => fixture('busy-week-search.json');

const refs = (xs: { repo: string; number: number }[]): string[] => xs.map((x) => `${x.repo}#${x.number}`);

function pr(repo: string, number: number, createdAt: string, mergedAt: string | null = null): UserPullRequest {
  return {
    repo,
    number,
    url: `https://github.com/${repo}/pull/${number}`,
    title: `PR ${number}`,
    state: mergedAt ? 'MERGED' : 'OPEN',
    merged: mergedAt !== null,
    mergedAt,
    createdAt,
    isDraft: false,
    reviewDecision: null,
  };
}

describe('report periods', () => {
  it('defaults to the 7 days ending now', () => {
    const p = resolvePeriod({}, NOW);
    expect(p.kind).toBe('last-7-days');
    expect(p.since.toISOString()).toBe('2026-01-07T12:00:00.000Z');
    expect(p.until).toEqual(NOW);
  });

  it('--week starts on Monday 00:00 UTC of the current ISO week', () => {
    expect(resolvePeriod({ week: true }, NOW).since.toISOString()).toBe('2026-01-12T00:00:00.000Z');
    // A Sunday belongs to the week that started six days earlier.
    expect(startOfIsoWeek(new Date('2026-01-18T23:59:00Z')).toISOString()).toBe('2026-01-12T00:00:00.000Z');
  });

  it('numbers ISO weeks across the year boundary', () => {
    expect(isoWeekKey(new Date('2025-12-29T00:00:00Z'))).toBe('2026-W01');
    expect(isoWeekKey(new Date('2026-01-04T23:00:00Z'))).toBe('2026-W01');
    expect(isoWeekKey(new Date('2026-01-05T00:00:00Z'))).toBe('2026-W02');
    expect(isoWeekKey(new Date('2021-01-03T00:00:00Z'))).toBe('2020-W53');
  });

  it('includes the whole --until day and accepts ISO date-times', () => {
    const p = resolvePeriod({ since: '2026-01-05', until: '2026-01-11' }, NOW);
    expect(p.since.toISOString()).toBe('2026-01-05T00:00:00.000Z');
    expect(p.until.toISOString()).toBe('2026-01-12T00:00:00.000Z');
    expect(parseDateOption('--since', '2026-01-05T09:30:00+02:00').date.toISOString()).toBe('2026-01-05T07:30:00.000Z');
  });

  it('rejects bad dates naming the accepted forms', () => {
    for (const bad of ['yesterday', '2026-13-01', '2026-02-30', '5', '01/05/2026']) {
      expect(() => resolvePeriod({ since: bad }, NOW)).toThrow(/YYYY-MM-DD.*ISO/);
    }
    expect(() => resolvePeriod({ since: '2026-01-10', until: '2026-01-05' }, NOW)).toThrow(/empty/);
    expect(() => resolvePeriod({ week: true, since: '2026-01-10' }, NOW)).toThrow(/--week/);
    expect(() => resolvePeriod({ until: '2026-01-10' }, NOW)).toThrow(/--until needs --since/);
  });
});

describe('buildReport', () => {
  it('an empty state gives an empty report with zero totals and no streak', () => {
    const r = buildReport({ state: emptyState(), activity: null, nextUp: null, period: resolvePeriod({}, NOW), now: NOW });
    expect(r.claimsMade).toEqual([]);
    expect(r.pullRequestsOpened).toEqual([]);
    expect(r.pullRequestsMerged).toEqual([]);
    expect(r.staleClaims).toEqual([]);
    expect(r.totals.allTime).toEqual({
      claimsMade: 0,
      pullRequestsOpened: 0,
      pullRequestsMerged: 0,
      mergedByRepo: [],
      medianDaysClaimToPr: null,
      medianDaysPrToMerge: null,
    });
    expect(r.streak).toEqual({ weeks: 0, currentWeek: '2026-W03', activeThisWeek: false, lastActiveWeek: null });
    expect(r.sources.githubSearch).toBe(false);
    expect(r.viewer).toBeNull();
    expect(r.nextUp).toBeNull();
  });

  it('an empty week in a state with history still reports all-time totals and stale claims', () => {
    // Three weeks later nothing happened in the period, but the history is still there.
    const later = new Date('2026-02-05T12:00:00Z');
    const r = buildReport({ state: busyState(), activity: null, nextUp: null, period: resolvePeriod({}, later), now: later });
    expect(r.claimsMade).toEqual([]);
    expect(r.pullRequestsOpened).toEqual([]);
    expect(r.pullRequestsMerged).toEqual([]);
    expect(r.closedByOthers).toEqual([]);
    expect(r.droppedClaims).toEqual([]);
    expect(r.totals.period.pullRequestsMerged).toBe(0);
    expect(r.totals.allTime.pullRequestsMerged).toBe(2);
    // #106 (claimed 2026-01-13) is now 23 days old with no PR; #103 has been waiting since December.
    expect(refs(r.staleClaims)).toEqual(['vllm-project/vllm#103', 'pytorch/pytorch#106']);
    expect(r.streak.weeks).toBe(0);
    expect(r.streak.lastActiveWeek).toBe('2026-W03');
  });

  it('a busy ISO week: every section, de-duplicated PRs from claims and search', () => {
    const r = buildReport({
      state: busyState(),
      activity: { pullRequests: busySearch().pullRequests, searchedSince: new Date('2025-01-14T12:00:00Z') },
      nextUp: [{ repo: 'vllm-project/vllm', number: 999, title: 'Next', url: 'https://github.com/vllm-project/vllm/issues/999', matchedSkills: ['cuda'] }],
      period: resolvePeriod({ week: true }, NOW),
      now: NOW,
    });
    expect(r.viewer).toBe('alice');
    expect(r.webUrl).toBe('https://github.com');
    expect(refs(r.claimsMade)).toEqual(['vllm-project/vllm#101', 'pytorch/pytorch#106']);
    expect(refs(r.pullRequestsOpened)).toEqual(['ggml-org/llama.cpp#300', 'vllm-project/vllm#201']);
    // #202 was opened last week and merged on Monday: merged this week, not opened this week.
    expect(refs(r.pullRequestsMerged)).toEqual(['pytorch/pytorch#202', 'ggml-org/llama.cpp#300']);
    // The search copy (fresher, has a title and review state) wins over the claim's copy.
    const p201 = r.pullRequestsOpened.find((p) => p.number === 201);
    expect(p201?.title).toBe('[Kernel] CUDA graph capture for fused MoE');
    expect(p201?.issue).toEqual({ repo: 'vllm-project/vllm', number: 101, url: 'https://github.com/vllm-project/vllm/issues/101' });
    expect(r.pullRequestsOpened.find((p) => p.number === 300)?.issue).toBeNull();

    expect(r.awaitingReview.map((p) => [p.number, p.waitingDays])).toEqual([[201, 1.1]]);
    expect(refs(r.staleClaims)).toEqual(['vllm-project/vllm#103']);
    expect(r.staleClaims[0]?.daysSinceClaim).toBe(25);
    expect(r.closedByOthers).toEqual([
      expect.objectContaining({ repo: 'sgl-project/sglang', number: 104, status: 'taken-by-other', detail: 'assigned to bob' }),
    ]);
    expect(r.droppedClaims).toEqual([
      expect.objectContaining({ number: 105, droppedAt: '2026-01-13T00:00:00Z', reason: 'too big for a first PR' }),
    ]);

    expect(r.totals.period).toEqual({
      claimsMade: 2,
      pullRequestsOpened: 2,
      pullRequestsMerged: 2,
      mergedByRepo: [
        { repo: 'ggml-org/llama.cpp', merged: 1 },
        { repo: 'pytorch/pytorch', merged: 1 },
      ],
      medianDaysClaimToPr: 1,
      // #202: 2.92 days, #300: 1 day.
      medianDaysPrToMerge: 2,
    });
    expect(r.totals.allTime).toMatchObject({
      claimsMade: 7,
      // 201, 202, 207 from claims plus 300 from search, each once.
      pullRequestsOpened: 4,
      pullRequestsMerged: 3,
      // Claim to PR: 1.04, 7 and 28 days.
      medianDaysClaimToPr: 7,
      // PR to merge: 2.92, 5 and 1 days.
      medianDaysPrToMerge: 2.9,
    });
    expect(r.streak).toEqual({ weeks: 3, currentWeek: '2026-W03', activeThisWeek: true, lastActiveWeek: '2026-W03' });
    expect(r.sources).toEqual({ githubSearch: true, searchedSince: '2025-01-14T12:00:00.000Z' });
    expect(r.nextUp).toHaveLength(1);
  });

  it('a PR merged across the week boundary counts as opened in one week and merged in the next', () => {
    const state = busyState();
    const lastWeek = buildReport({
      state,
      activity: null,
      nextUp: null,
      period: resolvePeriod({ since: '2026-01-05', until: '2026-01-11' }, NOW),
      now: NOW,
    });
    expect(refs(lastWeek.pullRequestsOpened)).toEqual(['pytorch/pytorch#202']);
    expect(lastWeek.pullRequestsMerged).toEqual([]);
    const thisWeek = buildReport({ state, activity: null, nextUp: null, period: resolvePeriod({ week: true }, NOW), now: NOW });
    expect(refs(thisWeek.pullRequestsMerged)).toEqual(['pytorch/pytorch#202']);
    expect(refs(thisWeek.pullRequestsOpened)).toEqual(['vllm-project/vllm#201']);
  });

  it('the streak runs through consecutive weeks and stops at a gap', () => {
    const state = emptyState();
    const period = resolvePeriod({}, NOW);
    const build = (prs: UserPullRequest[]) =>
      buildReport({ state, activity: { pullRequests: prs }, nextUp: null, period, now: NOW }).streak;
    // W03, W02, W01 (opened) and 2025-W52 (merged) make four weeks.
    expect(
      build([
        pr('a/b', 1, '2026-01-13T00:00:00Z'),
        pr('a/b', 2, '2026-01-06T00:00:00Z'),
        pr('a/b', 3, '2025-12-10T00:00:00Z', '2025-12-30T00:00:00Z'),
        pr('a/b', 4, '2025-12-01T00:00:00Z', '2025-12-24T00:00:00Z'),
      ]).weeks,
    ).toBe(4);
    // Nothing in W02: the streak is just this week.
    expect(build([pr('a/b', 1, '2026-01-13T00:00:00Z'), pr('a/b', 3, '2025-12-30T00:00:00Z')]).weeks).toBe(1);
    // Nothing yet this week: a streak ending last week still counts.
    expect(build([pr('a/b', 2, '2026-01-06T00:00:00Z'), pr('a/b', 3, '2025-12-30T00:00:00Z')])).toEqual({
      weeks: 2,
      currentWeek: '2026-W03',
      activeThisWeek: false,
      lastActiveWeek: '2026-W02',
    });
    // Last activity two weeks ago: the streak is broken.
    expect(build([pr('a/b', 3, '2025-12-30T00:00:00Z')]).weeks).toBe(0);
  });

  it('stale means claimed, no PR, and at least 14 days old', () => {
    const state = emptyState();
    const claim = (number: number, claimedAt: string, status: State['claims'][number]['status'], prs: UserPullRequest[] = []) =>
      ({
        repo: 'a/b',
        number,
        title: `issue ${number}`,
        url: `https://github.com/a/b/issues/${number}`,
        labels: [],
        claimedAt,
        status,
        statusHistory: [{ status, at: claimedAt }],
        notes: [],
        pullRequests: prs,
        droppedReason: null,
        lastRefreshedAt: null,
      }) satisfies State['claims'][number];
    state.claims.push(
      claim(1, '2025-12-31T12:00:00Z', 'claimed'), // exactly 14 days
      claim(2, '2026-01-01T12:00:01Z', 'claimed'), // a second short
      claim(3, '2025-12-01T00:00:00Z', 'pr-open', [pr('a/b', 9, '2025-12-02T00:00:00Z')]),
      claim(4, '2025-12-01T00:00:00Z', 'dropped'),
    );
    const r = buildReport({ state, activity: null, nextUp: null, period: resolvePeriod({}, NOW), now: NOW });
    expect(refs(r.staleClaims)).toEqual(['a/b#1']);
    expect(r.staleClaims[0]?.daysSinceClaim).toBe(14);
  });

  it('de-duplicates PRs case-insensitively by repo and keeps the claim title when search has none', () => {
    const state = busyState();
    const fromSearch = { ...pr('PyTorch/PyTorch', 202, '2026-01-09T10:00:00Z', '2026-01-12T08:00:00Z'), title: '' };
    const r = buildReport({ state, activity: { pullRequests: [fromSearch] }, nextUp: null, period: resolvePeriod({ week: true }, NOW), now: NOW });
    expect(r.pullRequestsMerged).toHaveLength(1);
    expect(r.pullRequestsMerged[0]?.title).toBe('docs: fix typo');
  });

  it('derives the web URL from the API URL', () => {
    expect(webUrlFor('https://api.github.com')).toBe('https://github.com');
    expect(webUrlFor('https://ghe.example.com/api/v3')).toBe('https://ghe.example.com');
    expect(webUrlFor('https://api.github.test')).toBe('https://github.test');
  });
});
