import type { Highs } from 'highs';
import type { Problem } from '../problem.ts';
import { minimizeDual } from './dual/dual.ts';
import { recallMultipliers, type DualMemory, type recallDual } from './dual/dual-memory.ts';
import { sampleProblem } from './dual/sample.ts';
import { buildRelaxation } from './lagrangian.ts';
import { createWorkspace, type DualPoint } from './evaluation.ts';
import type { RepairedAt } from './repeated-repair.ts';
import type { DecompositionRun } from './run.ts';
import { yielder } from './yielder.ts';

/** Share of the time limit by which the sample's dual ends. */
const SAMPLE_TIME_SHARE = 0.2;
/**
 * Customers in the sample whose dual optimum seeds the whole dual: about this many, every
 * {@link MIN_SAMPLE_STRIDE}-th customer at least, and at least {@link MIN_SAMPLE_CUSTOMERS} (a
 * sample's passes cost an eighth of the whole's or less; its optimum saves most of the whole's).
 */
const SAMPLE_CUSTOMERS = 25_000;
const MIN_SAMPLE_STRIDE = 8;
const MIN_SAMPLE_CUSTOMERS = 5_000;

export interface Seeds {
  /** Multipliers to start from (a sample's optimum, a recalled one, or a guess along a sweep). */
  start?: Float64Array;
  /** Exact evaluations of this L from a previous solve on the same coefficients. */
  cuts?: DualPoint[];
  /** A sample's dual's final box: the whole dual's first box is no wider. */
  startWidthCap?: Float64Array;
  /** Where the count search's root plan was repaired (its row duals), and the best plan it left. */
  repaired?: RepairedAt;
}

/** Phase 1: where the dual starts. A previous solve's cuts and guess, its multipliers by row name, or a sample's optimum. */
export async function seedMultipliers(
  highs: Highs,
  run: DecompositionRun,
  problem: Problem,
  options: { dual?: DualMemory },
  recalled: ReturnType<typeof recallDual>,
): Promise<Seeds> {
  if (recalled && recalled.cuts.length > 0) return { start: recalled.predicted, cuts: recalled.cuts };
  const recalledStart = options.dual && recallMultipliers(options.dual, problem);
  if (recalledStart) return { start: recalledStart };
  const stride = Math.max(MIN_SAMPLE_STRIDE, Math.floor(problem.n / SAMPLE_CUSTOMERS));
  if (problem.n < stride * MIN_SAMPLE_CUSTOMERS || problem.rows.length === 0) return {};
  const relax = buildRelaxation(sampleProblem(problem, stride));
  const dual = await minimizeDual(highs, relax, createWorkspace(relax), {
    deadline: run.at(SAMPLE_TIME_SHARE),
    now: run.now,
    onIteration: yielder(),
  });
  return dual.infeasible ? {} : { start: dual.best.lambda, startWidthCap: dual.width };
}
