import type { Highs } from 'highs';
import type { Relaxation } from '../lagrangian.ts';
import { rowSlackTolerance } from '../scored-plan.ts';
import { spreadOverTypes } from './core-types.ts';
import { buildCountModel, type CountModel } from './count-model.ts';

export interface CoreMipOptions {
  /** Row limits left for the core once fixed customers are counted. */
  limits: Float64Array;
  timeLimitSeconds: number;
  /** Absolute gap (objective units) at which HiGHS may stop: the whole plan's tolerance, not the core's. */
  absoluteGap: number;
  /** Start: an action per core customer (-1 = none). */
  start?: Int16Array;
}

export interface CoreMipResult {
  status: 'optimal' | 'stopped' | 'infeasible' | 'failed';
  /** Action per core customer (-1 = none), when HiGHS has a plan. */
  choice: Int16Array | undefined;
  objective: number;
  /** HiGHS's proven bound on the core's objective (+Infinity when unknown). */
  bound: number;
  message?: string;
}

/** A core in which nobody can be treated: the empty plan, if the rows' remaining limits allow it. */
export function solveEmptyCore(relax: Relaxation, limits: Float64Array, size: number): CoreMipResult {
  const holds = limits.every((limit, r) =>
    relax.sign[r] > 0 ? limit >= -rowSlackTolerance(relax.limit[r]) : limit <= rowSlackTolerance(relax.limit[r]),
  );
  return holds
    ? { status: 'optimal', choice: new Int16Array(size).fill(-1), objective: 0, bound: 0 }
    : { status: 'infeasible', choice: undefined, objective: 0, bound: -Infinity };
}

/**
 * Nodes HiGHS's MIP gets without presolve: most count models close at its root so, where
 * presolve would cost more than the whole solve; one that does not is solved again with
 * presolve on, whose restarts from the root's reductions close in a node what the plain
 * tree can take thousands for (counts of types whose customers are worth the same).
 */
export const PLAIN_MIP_NODES = 8;

/**
 * A core's count model (see `buildCountModel`) solved by HiGHS's MIP with the counts integer:
 * a vertex with whole counts is a whole plan, so the counts are the only integers, and HiGHS's
 * cuts on them close in a few nodes what branching alone on counts may need hundreds for (a
 * tight cap that the LP spreads over fractions of customers). First without presolve for
 * {@link PLAIN_MIP_NODES} nodes, then with it for the time left, the types' columns integer too:
 * on cores of customers no two alike under many floors, HiGHS's presolve and cuts on those
 * near-binary columns prove in seconds what its tree over the counts alone could not in a
 * minute. The better plan and the tighter bound of the two runs are kept. The count search's
 * fallback, started from no plan (see `solveCoreExactly`).
 */
export function solveCoreMip(
  highs: Highs,
  relax: Relaxation,
  core: Int32Array,
  options: Omit<CoreMipOptions, 'start'> & { plainNodes?: number; now?: () => number },
): CoreMipResult {
  const now = options.now ?? (() => performance.now());
  const deadline = now() + 1000 * options.timeLimitSeconds;
  const counts = buildCountModel(highs, relax, core, options.limits);
  try {
    const integer = highs.constants.variableType.integer;
    for (let a = 0; a < counts.counts; a++) counts.model.changeColIntegrality(counts.pairs + a, integer);
    counts.model.options.set({
      output_flag: false,
      mip_rel_gap: 1e-9,
      mip_abs_gap: Math.max(1e-9, options.absoluteGap),
    });
    const plainNodes = options.plainNodes ?? PLAIN_MIP_NODES;
    const plain = runCoreMip(highs, relax, core, counts, {
      presolve: 'off',
      mip_max_nodes: plainNodes,
      time_limit: Math.max(0.05, options.timeLimitSeconds),
    });
    const left = (deadline - now()) / 1000;
    if (plain.status === 'optimal' || plain.status === 'infeasible' || left <= 0) return plain;
    for (let j = 0; j < counts.pairs; j++) counts.model.changeColIntegrality(j, integer);
    const presolved = runCoreMip(highs, relax, core, counts, {
      presolve: 'on',
      mip_max_nodes: MAX_NODES,
      time_limit: Math.max(0.05, left),
    });
    if (presolved.status === 'infeasible' || presolved.status === 'optimal') return presolved;
    const better = !plain.choice || (presolved.choice && presolved.objective > plain.objective) ? presolved : plain;
    return { ...better, bound: Math.min(plain.bound, presolved.bound) };
  } finally {
    counts.model.dispose();
  }
}

/** HiGHS's default node limit (none). */
const MAX_NODES = 2_147_483_647;

/** One run of HiGHS's MIP on the count model with `options`: its plan spread over the core's customers. */
function runCoreMip(
  highs: Highs,
  relax: Relaxation,
  core: Int32Array,
  counts: CountModel,
  options: { presolve: 'on' | 'off'; mip_max_nodes: number; time_limit: number },
): CoreMipResult {
  const { model, pairs, pairType, pairAction, types } = counts;
  model.options.set(options);
  model.run();
  const statuses = highs.constants.modelStatus;
  const status = model.getModelStatus();
  if (status === statuses.infeasible)
    return { status: 'infeasible', choice: undefined, objective: 0, bound: -Infinity };
  const hasPlan = Number(model.info.get('primal_solution_status')) === highs.constants.solutionStatus.feasible;
  if (!hasPlan)
    return {
      status: 'failed',
      choice: undefined,
      objective: 0,
      bound: Infinity,
      message: `HiGHS stopped on the core without a plan (model status ${status})`,
    };
  const x = model.getSolution().colValue;
  const choice = spreadOverTypes(types, pairType, pairAction, x.subarray(0, pairs));
  let objective = 0;
  core.forEach((i, position) => {
    if (choice[position] >= 0) objective += relax.problem.value[i * relax.K + choice[position]];
  });
  const proven = status === statuses.optimal;
  const reported = Number(model.info.get('mip_dual_bound'));
  const bound = Number.isFinite(reported) ? Math.max(objective, reported) : proven ? objective : Infinity;
  return { status: proven ? 'optimal' : 'stopped', choice, objective, bound };
}
