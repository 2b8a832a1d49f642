import type { Highs } from 'highs';
import { PlannerError } from '../domain/errors.ts';
import type { ContactHistory } from '../domain/history.ts';
import type { MarginalValue, MarginalValuesReport, PlanOutcome } from '../domain/plan.ts';
import { getHighs } from '../solver/highs-runtime.ts';
import { planObjective } from '../solver/kpis.ts';
import { solvedProblemOf } from '../solver/plan-week.ts';
import { buildProblem, withRowLimit, withRows, type Problem } from '../solver/problem.ts';
import { createLagrangianRelaxation } from './lagrangian-sensitivity.ts';
import { createLpRelaxation } from './lp-relaxation.ts';
import { relaxingDerivative, relaxingDirection, slopeAt, validDistance } from './marginal-range.ts';
import { relaxingReach } from './relaxing-reach.ts';
import {
  agreementBand,
  differenceRange,
  provesAgreement,
  provesDisagreement,
  settlingLevels,
} from './marginal-check.ts';
import { solveWithStart } from './solve-scenario.ts';
import { createStartScore } from '../solver/decomposition/index.ts';

export interface MarginalOptions {
  /** Above this many customer-action pairs the duals come from the Lagrangian multipliers instead of the simplex. */
  maxPairs?: number;
  /** The range ends where one more unit is worth less than (1 - rangeTolerance) of the first unit. */
  rangeTolerance?: number;
  /** LP and MIP agree when they differ by at most max(absolute, relative * LP) per unit. */
  agreement?: { relative: number; absolute: number };
  /**
   * Wall-clock allowance for the whole analysis (LP, ranges and MIP checks). A check started
   * when little is left is reported unchecked; rules not reached in time are counted in the note.
   */
  timeLimitSeconds?: number;
  /** Milliseconds clock, injectable for tests; default `performance.now`. */
  now?: () => number;
  loadRuntime?: () => Promise<Highs>;
  /** The contact history the plan was made with, if any, so that the re-built model is the same. */
  history?: ContactHistory;
  /** Only the rules of these constraint names (e.g. `budget`); by default every binding rule. */
  rules?: readonly string[];
}

/**
 * Customer-action pairs above which the duals come from the decomposition's Lagrangian
 * multipliers (see `createLagrangianRelaxation`): a simplex over every pair grows far faster
 * than the customers, and past a few thousand pairs its checks, started cold, cost more too.
 */
export const MARGINAL_MAX_PAIRS = 5_000;
export const MARGINAL_AGREEMENT = { relative: 0.1, absolute: 0.01 };
const RANGE_TOLERANCE = 0.05;

function withLimit(problem: Problem, r: number, limit: number): Problem {
  return withRows(
    problem,
    problem.rows.map((row, j) => (j === r ? withRowLimit(row, limit) : row)),
  );
}

/** A MIP check is started only with at least this many seconds of the allowance left. */
const MIN_CHECK_SECONDS = 0.5;

/** The note's sentence for binding rules the allowance left no time to examine. */
function unexaminedNote(count: number, allowance: number): string {
  const rules = count === 1 ? '1 more binding rule was' : `${count.toLocaleString('en-US')} more binding rules were`;
  return `${rules} not examined: the ${allowance} s for marginal values ran out`;
}

/**
 * The marginal value of every rule that binds the plan (budget, channel caps, action shares,
 * coverage floors): the LP relaxation's dual at the current limit, the range over which it
 * holds (see `validDistance`), then CHECKED by re-solving the plan at the far end of that range
 * with the current plan as a start. When the integer plan's finite difference and the LP dual
 * disagree beyond {@link MARGINAL_AGREEMENT}, every difference the two solves' plans and bounds
 * allow (`provesDisagreement`), the difference is reported: it is what the plan
 * really gains (customers are not divisible); the LP dual stays in `lp_per_unit`. A re-solve
 * stops as soon as its plan and bound prove agreement (`provesAgreement`), before the plan at
 * the range end is proven optimal: `mip_per_unit` is then that plan's difference.
 *
 * Above `maxPairs` pairs the LP is the decomposition's Lagrangian dual, started from the dual
 * the plan's own solve left (see `solvedProblemOf`). A rule's LP value is read from a solve that
 * starts from that dual alone, so it does not depend on the rules asked before; its range
 * re-solves and check start from the last one's cutting planes. Cost per binding rule: a few
 * warm LP re-solves and one warm plan re-solve. All of it shares `timeLimitSeconds`: rules are
 * taken in the model's order (budget, channels, floors, shares, segments), a range search stops
 * at what it has proven, a check not started in time leaves the value `lp_unchecked`, and the
 * rules not reached are counted in the note.
 */
export async function computeMarginalValues(
  outcome: PlanOutcome,
  options: MarginalOptions = {},
): Promise<MarginalValuesReport> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const seconds = () => (now() - started) / 1000;
  const choice = outcome.assignment?.choice;
  if (!choice || (outcome.status !== 'optimal' && outcome.status !== 'feasible')) {
    return { values: [], note: 'no plan, so no marginal values', seconds: 0 };
  }
  const solved = solvedProblemOf(outcome);
  const problem =
    solved?.problem ?? buildProblem(outcome.predictions, outcome.catalog, outcome.policy, options.history);
  const unknown = options.rules?.filter((name) => !problem.rows.some((row) => row.name === name)) ?? [];
  if (unknown.length > 0)
    throw new PlannerError(
      'BAD_POLICY',
      `no rule named ${unknown.join(', ')} in this plan; its rules: ${problem.rows.map((row) => row.name).join(', ')}`,
    );
  const maxPairs = options.maxPairs ?? MARGINAL_MAX_PAIRS;
  const highs = await (options.loadRuntime ?? getHighs)();
  const agreement = options.agreement ?? MARGINAL_AGREEMENT;
  const allowance = options.timeLimitSeconds ?? 30;
  const deadline = started + 1000 * allowance;
  const left = () => (deadline - now()) / 1000;
  const past = () => left() <= 0;
  const large = problem.n * problem.K > maxPairs;
  const lagrangian = large
    ? createLagrangianRelaxation(highs, problem, { deadline, now, memory: solved?.dual })
    : undefined;
  const lp = lagrangian ?? createLpRelaxation(highs, problem, { timeLeft: left });
  const values: MarginalValue[] = [];
  const notes = new Set<string>();
  if (large)
    notes.add(
      `LP duals read from the Lagrangian multipliers, as ${problem.n.toLocaleString('en-US')} customers is past the simplex's reach; each checked by re-solving`,
    );
  let unexamined = 0;
  // Every check starts from the plan, on the same values: its objective and score are read once.
  let startObjective: number | undefined;
  const startScore = createStartScore();
  try {
    const base = await lp.solve();
    if (base.status === 'stopped')
      return {
        values: [],
        note: `the LP relaxation did not finish within the ${allowance} s for marginal values`,
        seconds: seconds(),
      };
    if (base.status !== 'optimal') return { values: [], note: 'the LP relaxation is infeasible', seconds: seconds() };
    // Where a slope's fall moves the value less than a re-solve's tolerance, tighter solves decide.
    const resolution = lagrangian ? lagrangian.tolerance * Math.max(1, Math.abs(base.objective)) : 0;
    for (const [r, row] of problem.rows.entries()) {
      if (options.rules && !options.rules.includes(row.name)) continue;
      const binding = outcome.constraints.find((c) => c.name === row.name)?.binding === true;
      if (past()) {
        if (binding && row.limit > 0) unexamined++;
        continue;
      }
      const dir = relaxingDirection(row);
      const dual = dir * base.rows[r].perUnitRaise;
      if (dual <= 0 && !(binding && row.limit > 0)) continue;
      const reach = relaxingReach(problem, row);
      if (reach <= 0) continue;
      // The Lagrangian has no ranging: its slope one unit on is the relaxing derivative.
      const exact = dir > 0 ? base.rows[r].to - row.limit : row.limit - base.rows[r].from;
      const first = lagrangian
        ? await slopeAt(lagrangian.fromPlan, row, r, Math.min(1, reach))
        : await relaxingDerivative(lp, row, r, dual, exact);
      const known = large ? Math.min(1, reach) : exact;
      const tolerance = options.rangeTolerance ?? RANGE_TOLERANCE;
      const distance =
        first > 0
          ? await validDistance(lp, row, r, {
              first,
              known,
              reach,
              tolerance,
              floor: outcome.solver.objective,
              past,
              ...(lagrangian
                ? { precise: { lp: lagrangian.tight(), resolution }, end: (slope) => lagrangian.reach(r, slope) }
                : {}),
            })
          : 0;
      const units = Math.min(
        reach,
        Math.max(1, row.rule === 'budget' ? Math.floor(distance) : Math.floor(distance + 1e-9)),
      );
      const end = row.limit + dir * units;
      let mip: number | null = null;
      let proven = false;
      let refuted = false;
      const band = agreementBand(first, agreement);
      if (left() >= MIN_CHECK_SECONDS && outcome.status === 'optimal') {
        // The re-solve stops as soon as its plan and bound prove agreement (see `provesAgreement`).
        const settled = (objective: number, bound: number) =>
          provesAgreement(band, differenceRange(outcome.solver, { objective, bound }, units));
        const checked = await solveWithStart(withLimit(problem, r, end), {
          start: choice,
          startObjective: (startObjective ??= planObjective(problem, choice)),
          timeLimitSeconds: left(),
          dual: lagrangian?.memory(),
          settleAtRecall: lagrangian?.walksFar() === true,
          settled,
          settledAt: settlingLevels(band, outcome.solver, units),
          startScore,
        });
        proven = checked.choice !== undefined && settled(checked.objective, checked.bound);
        if (checked.status === 'optimal' || proven) {
          mip = (checked.objective - outcome.solver.objective) / units;
          refuted = provesDisagreement(band, differenceRange(outcome.solver, checked, units));
        }
      }
      if (mip === null)
        notes.add('some marginal values are the LP estimate alone (no time left, or the plan is not proven optimal)');
      const agree = mip !== null && !refuted;
      values.push({
        constraint: row.name,
        label: row.label,
        rule: row.rule,
        direction: dir > 0 ? 'raise' : 'lower',
        unit: row.rule === 'budget' ? 'dollar' : 'customer',
        per_unit: mip === null || agree ? first : mip,
        source: mip === null ? 'lp_unchecked' : agree ? 'lp_dual' : 'mip_difference',
        lp_per_unit: first,
        mip_per_unit: mip,
        valid_from: Math.min(row.limit, end),
        valid_to: Math.max(row.limit, end),
        objective: outcome.policy.objective,
      });
    }
  } finally {
    lp.dispose();
  }
  if (unexamined > 0) notes.add(unexaminedNote(unexamined, allowance));
  const note = [...notes].join('; ');
  return { values, ...(note ? { note } : {}), seconds: seconds() };
}
