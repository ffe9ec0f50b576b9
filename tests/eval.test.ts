import { describe, expect, it } from 'vitest';
import { dcgAtK, ndcgAtK, precisionAtK } from '../eval/metrics.js';
import { evaluate, halfOf, isHeldOut, loadEvalData, loadRealEvalData, sparseDraws } from '../eval/evaluate.js';

describe('metrics', () => {
  it('computes DCG with exponential gain and log2 discount', () => {
    // (2^2-1)/log2(2) + (2^0-1)/log2(3) + (2^1-1)/log2(4) = 3 + 0 + 0.5
    expect(dcgAtK([2, 0, 1], 3)).toBeCloseTo(3.5, 10);
    expect(dcgAtK([2, 0, 1], 1)).toBeCloseTo(3, 10);
  });

  it('computes NDCG against the ideal ordering of all judged items', () => {
    const grades = { a: 2, b: 1, c: 0 };
    expect(ndcgAtK(['a', 'b', 'c'], grades, 3)).toBeCloseTo(1, 10);
    // ranking c, b, a: DCG = 0 + 1/log2(3) + 3/2; ideal = 3 + 1/log2(3)
    const expected = (1 / Math.log2(3) + 1.5) / (3 + 1 / Math.log2(3));
    expect(ndcgAtK(['c', 'b', 'a'], grades, 3)).toBeCloseTo(expected, 10);
    // A relevant item missing from the top k still counts in the ideal.
    expect(ndcgAtK(['x', 'y'], { a: 2 }, 2)).toBe(0);
    expect(ndcgAtK(['a'], {}, 10)).toBe(0);
  });

  it('computes precision@k with grade >= 1 as relevant', () => {
    expect(precisionAtK(['a', 'b', 'c', 'd', 'e'], { a: 2, c: 1, e: 0 }, 5)).toBeCloseTo(0.4);
    expect(precisionAtK(['a', 'b'], { a: 2, b: 1 }, 2, 2)).toBeCloseTo(0.5);
  });
});

describe('eval set', () => {
  const data = loadEvalData();

  it('has at least 80 issues and 5 profiles whose judgments refer to real issues', () => {
    expect(data.issues.length).toBeGreaterThanOrEqual(80);
    expect(data.profiles.length).toBeGreaterThanOrEqual(5);
    const ids = new Set(data.issues.map((i) => `${i.repo}#${i.number}`));
    for (const p of data.profiles) {
      for (const [id, g] of Object.entries(p.judgments)) {
        expect(ids.has(id), id).toBe(true);
        expect([1, 2]).toContain(g);
      }
    }
    for (const i of data.issues) expect(data.repos.some((r) => r.repo === i.repo), i.repo).toBe(true);
  });

  // The old hand-written set holds at 0.85 or more on average (0.895 under the old scorer, which was
  // tuned on it; the scorer now generalises to real issues, see below).
  it('keeps ranking quality above the recorded floor', () => {
    const report = evaluate(data);
    const mine = report.averages['oss-scout'];
    const newest = report.averages['newest-first'];
    expect(mine?.ndcg10).toBeGreaterThanOrEqual(0.85);
    expect((mine?.ndcg10 ?? 0) - (newest?.ndcg10 ?? 0)).toBeGreaterThanOrEqual(0.25);
    expect(mine?.ndcg10).toBeGreaterThan(report.averages['repo-language']?.ndcg10 ?? 1);
    for (const row of report.rows.filter((r) => r.ranker === 'oss-scout')) expect(row.ndcg10, row.profile).toBeGreaterThanOrEqual(0.7);
  });
});

describe('set modelled on real issues', () => {
  const data = loadRealEvalData();

  it('has issues from part files, eight kinds and a split of both halves', () => {
    expect(data.parts.length).toBeGreaterThan(0);
    expect(data.issues.length).toBeGreaterThanOrEqual(100);
    expect(data.profiles.length).toBeGreaterThanOrEqual(8);
    const held = data.issues.filter((i) => isHeldOut(`${i.repo}#${i.number}`)).length;
    expect(held).toBeGreaterThan(data.issues.length * 0.3);
    expect(held).toBeLessThan(data.issues.length * 0.7);
    // The eval's own fields never reach the ranker.
    for (const i of data.issues) expect(Object.keys(i)).not.toContain('grades');
  });

  it('draws sparse subsets with at most 3 issues per repository, the same on every run, judged on their own issues', () => {
    const tuning = halfOf(data, 'tuning');
    const draws = sparseDraws(tuning);
    expect(draws).toHaveLength(4);
    for (const d of draws) {
      const perRepo = new Map<string, number>();
      for (const i of d.issues) perRepo.set(i.repo, (perRepo.get(i.repo) ?? 0) + 1);
      expect(Math.max(...perRepo.values())).toBeLessThanOrEqual(3);
      expect(perRepo.size).toBe(new Set(tuning.issues.map((i) => i.repo)).size);
      const ids = new Set(d.issues.map((i) => `${i.repo}#${i.number}`));
      for (const p of d.profiles) for (const id of Object.keys(p.judgments)) expect(ids.has(id), id).toBe(true);
    }
    expect(draws[0]?.issues.map((i) => i.number)).not.toEqual(draws[1]?.issues.map((i) => i.number));
    expect(sparseDraws(tuning)[2]?.issues).toEqual(draws[2]?.issues);
  });

  // A floor on the tuning half only (the held-out half is reported by npm run eval, never tuned on):
  // 0.905 on average over the 535 issues of seven part files when this was written (weakest profile
  // kernels-cuda-triton, 0.735: see fixtures/eval-real/README.md). Raise it when the ranking improves.
  it('keeps ranking quality on the tuning half above the recorded floor, and above every baseline', () => {
    const report = evaluate(halfOf(data, 'tuning'));
    const mine = report.averages['oss-scout']?.ndcg10 ?? 0;
    expect(mine).toBeGreaterThanOrEqual(0.89);
    for (const baseline of ['newest-first', 'repo-language', 'bm25']) expect(mine, baseline).toBeGreaterThan((report.averages[baseline]?.ndcg10 ?? 1) + 0.15);
    for (const row of report.rows.filter((r) => r.ranker === 'oss-scout' && r.relevant > 0)) expect(row.ndcg10, row.profile).toBeGreaterThanOrEqual(0.7);
  });
});
