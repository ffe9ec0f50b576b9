// Ranking metrics for graded relevance (0/1/2). Pure functions, unit-tested in tests/eval.test.ts.

/** Discounted cumulative gain of the first k grades, with exponential gain 2^g - 1. */
export function dcgAtK(grades: readonly number[], k: number): number {
  let sum = 0;
  for (let i = 0; i < Math.min(k, grades.length); i++) {
    sum += (Math.pow(2, grades[i] as number) - 1) / Math.log2(i + 2);
  }
  return sum;
}

/**
 * NDCG@k: DCG of the ranking divided by the DCG of the best possible ranking of every judged item.
 * Items missing from `grades` count as 0. Returns 0 when nothing is relevant (nothing to find).
 */
export function ndcgAtK(ranked: readonly string[], grades: Readonly<Record<string, number>>, k: number): number {
  const ideal = dcgAtK(
    Object.values(grades)
      .filter((g) => g > 0)
      .sort((a, b) => b - a),
    k,
  );
  if (ideal === 0) return 0;
  return dcgAtK(
    ranked.map((id) => grades[id] ?? 0),
    k,
  ) / ideal;
}

/** Share of the first k items with grade >= minGrade (1 by default: "would consider it"). */
export function precisionAtK(ranked: readonly string[], grades: Readonly<Record<string, number>>, k: number, minGrade = 1): number {
  if (k <= 0) return 0;
  let hits = 0;
  for (const id of ranked.slice(0, k)) if ((grades[id] ?? 0) >= minGrade) hits++;
  return hits / k;
}

export function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}
