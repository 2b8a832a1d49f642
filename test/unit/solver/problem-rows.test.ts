import { describe, expect, it } from 'vitest';
import { generatePredictions, scaledPolicy } from '../../../bench/generate-instance.ts';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import { buildProblem, withRowLimit, withRows } from '../../../src/solver/problem.ts';

const customers = 300;
const problem = buildProblem(generatePredictions(customers, 3), DEFAULT_CATALOG, scaledPolicy(customers));

describe('a problem with other rows', () => {
  it('keeps every other property, shared, in the order a build gives them', () => {
    // Prepare
    const rows = problem.rows.map((row, r) => (r === 0 ? withRowLimit(row, row.limit + 10) : row));

    // Act
    const moved = withRows(problem, rows);

    // Assess
    expect(Object.keys(moved)).toEqual(Object.keys(problem));
    expect(moved.rows).toBe(rows);
    expect(moved.value).toBe(problem.value);
    expect(moved.reduction).toBe(problem.reduction);
    expect(moved.actions).toBe(problem.actions);
    expect(problem.rows[0].limit).not.toBe(moved.rows[0].limit);
  });

  it('keeps the contact history`s exclusions and resting customers', () => {
    // Prepare
    const rested = { ...problem, historyExclusions: [], restingCustomers: 2, resting: new Uint8Array(customers) };

    // Act
    const moved = withRows(rested, rested.rows);

    // Assess
    expect(moved.historyExclusions).toBe(rested.historyExclusions);
    expect(moved.restingCustomers).toBe(2);
    expect(moved.resting).toBe(rested.resting);
  });
});

describe('a row with another limit', () => {
  it('changes the limit alone, with the properties in the order a build gives them', () => {
    // Prepare
    const row = problem.rows[1];

    // Act
    const moved = withRowLimit(row, row.limit + 3);

    // Assess
    expect(Object.keys(moved)).toEqual(Object.keys(row));
    expect(moved).toEqual({ ...row, limit: row.limit + 3 });
    expect(moved.actionCoef).toBe(row.actionCoef);
  });
});
