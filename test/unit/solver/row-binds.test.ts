import { describe, expect, it } from 'vitest';
import { generatePredictions, scaledPolicy } from '../../../bench/generate-instance.ts';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import { reportConstraints, rowBinds, rowUsage } from '../../../src/solver/kpis.ts';
import { buildProblem, withPolicyLimits } from '../../../src/solver/problem.ts';
import { linkingRow as row } from '../../support/linking-row.ts';

describe('a rule the plan uses up', () => {
  it('binds at its limit and when less room is left than the cheapest action takes', () => {
    const budget = row('<=', 100, [2, 0.5, 0, 5]);
    expect(rowBinds(budget, 100)).toBe(true);
    expect(rowBinds(budget, 99.58)).toBe(true);
    expect(rowBinds(budget, 99.5)).toBe(false);
    expect(rowBinds(budget, 90)).toBe(false);
  });

  it('binds a floor met exactly, not one met with an action to spare', () => {
    const floor = row('>=', 12, [1, 1, 0]);
    expect(rowBinds(floor, 12)).toBe(true);
    expect(rowBinds(floor, 13)).toBe(false);
  });

  it('does not bind a broken rule or a rule no action uses, unless its limit is met', () => {
    expect(rowBinds(row('<=', 100, [2, 0.5]), 100.4)).toBe(false);
    expect(rowBinds(row('<=', 10, [0, 0]), 0)).toBe(false);
    expect(rowBinds(row('<=', 0, [0, 0]), 0)).toBe(true);
  });

  it('reports a budget with less left than the cheapest action as binding', () => {
    // Prepare: every customer gets the cheapest action (Push, $0.50); the budget leaves $0.30 over.
    const predictions = generatePredictions(200, 3);
    const base = buildProblem(predictions, DEFAULT_CATALOG, scaledPolicy(200));
    const costs = base.actions.map((a) => a.cost);
    const cheapest = costs.indexOf(Math.min(...costs));
    const choice = new Int16Array(200).fill(cheapest);
    const spend = rowUsage(base, choice)[0];
    const problem = withPolicyLimits(base, { ...scaledPolicy(200), budget: spend + 0.3 });

    // Act
    const budget = reportConstraints(problem, choice).find((c) => c.name === 'budget');

    // Assess
    expect(costs[cheapest]).toBeGreaterThan(0.3);
    expect(budget).toMatchObject({ used: spend, limit: spend + 0.3, binding: true });
  });
});
