import type { LinkingRow, Problem } from '../../problem.ts';

/**
 * Every `stride`-th customer, with each row's limit scaled to the sample's share of the
 * customers. Its dual optimum is a cheap, close starting point for the whole problem's
 * multipliers (the prices of budget and rules barely depend on which customers are seen).
 */
export function sampleProblem(problem: Problem, stride: number): Problem {
  const { K } = problem;
  const n = Math.ceil(problem.n / stride);
  const share = n / problem.n;
  const value = new Float64Array(n * K);
  const reduction = new Float64Array(n * K);
  for (let s = 0; s < n; s++) {
    value.set(problem.value.subarray(s * stride * K, s * stride * K + K), s * K);
    reduction.set(problem.reduction.subarray(s * stride * K, s * stride * K + K), s * K);
  }
  const rows: LinkingRow[] = problem.rows.map((row) => ({
    ...row,
    limit: row.limit * share,
    population: undefined,
    members: row.members ? Uint8Array.from({ length: n }, (_, s) => (row.members as Uint8Array)[s * stride]) : null,
  }));
  return { ...problem, n, value, reduction, rows };
}
