import type { Highs } from 'highs';
import type { Candidates } from './candidates.ts';
import { buildCountModel, countsValue, type CountModelData, type OptionRange } from './count-model.ts';
import { firstWindows, widen, type Windows } from './count-windows.ts';
import { runMip } from './mip-model.ts';
import type { HorizonModel } from './model.ts';

export interface CountCoreResult {
  status: 'optimal' | 'stopped' | 'infeasible' | 'failed';
  /** Per type of the candidates, how many customers take each option. */
  counts: Int32Array[] | undefined;
  /** The value of those counts (the best plan with them). */
  objective: number;
  /** Proven bound on every plan over the candidate set (+Infinity when unknown). */
  bound: number;
}

/** Rounds of widened windows at most. */
const MAX_ROUNDS = 20;
/** Branch-and-bound nodes the neighbourhood search may spend: it looks for a plan, not a proof. */
const NEAR_NODES = 200;

/** Option counts as a MIP start: the other columns follow from them, so HiGHS completes the vector. */
function startOf(candidates: Candidates, data: CountModelData, counts: readonly Int32Array[]) {
  const indices: number[] = [];
  const values: number[] = [];
  candidates.types.forEach((options, j) =>
    counts[j].forEach((m, o) => {
      indices.push(data.optionColumn[j] + o);
      values.push(m);
    }),
  );
  return { indices: Int32Array.from(indices), values: Float64Array.from(values) };
}

/** True when every count lies within its column's bounds (a start outside them is refused by HiGHS). */
function startFits(candidates: Candidates, data: CountModelData, counts: readonly Int32Array[]): boolean {
  return candidates.types.every((options, j) =>
    counts[j].every((m, o) => {
      const col = data.optionColumn[j] + o;
      return m >= data.colLower[col] && m <= data.colUpper[col];
    }),
  );
}

interface RunSettings {
  integer: boolean;
  deadline: number;
  now: () => number;
  absoluteGap: number;
  target?: number;
  start?: Int32Array[];
  ranges?: readonly OptionRange[];
  /** Branch-and-bound nodes at most (a heuristic's effort). */
  maxNodes?: number;
}

/** One run of HiGHS on the count model over the current windows: each option's value, and HiGHS's bound. */
function runOnce(
  highs: Highs,
  candidates: Candidates,
  data: CountModelData,
  settings: RunSettings,
): { status: 'solved' | 'stopped' | 'infeasible' | 'failed'; values: Float64Array[] | undefined; bound: number } {
  const { integer, start } = settings;
  const run = runMip(highs, data, {
    integer,
    absoluteGap: settings.absoluteGap,
    seconds: (settings.deadline - settings.now()) / 1000,
    target: settings.target,
    maxNodes: settings.maxNodes,
    ...(integer && start && startFits(candidates, data, start) ? { start: startOf(candidates, data, start) } : {}),
  });
  if (run.status === 'infeasible') return { status: 'infeasible', values: undefined, bound: -Infinity };
  // HiGHS can stop on the target with a point that breaks the rows (and a bound above the LP's):
  // then the run goes again without the target.
  if (!run.x && run.reachedTarget && settings.target !== undefined)
    return runOnce(highs, candidates, data, { ...settings, target: undefined });
  const x = run.x;
  if (!x) return { status: 'failed', values: undefined, bound: run.bound };
  const values = candidates.types.map((options, j) =>
    Float64Array.from(options.options, (_, o) => x[data.optionColumn[j] + o]),
  );
  return { status: run.status === 'optimal' ? 'solved' : 'stopped', values, bound: run.bound };
}

/**
 * Solves the count model (see `CountModelData`) with HiGHS over windows of the levels. Where a
 * solution's level count leaves its window (valued there by an overestimating tangent), the
 * window widens and the model runs again from that solution, until it values its solution
 * exactly: then HiGHS's bound, over a model that can only overstate values, bounds every plan
 * of the model. As a linear program (`integer` false) the objective is the LP's value.
 */
function solveOverWindows(
  highs: Highs,
  model: HorizonModel,
  candidates: Candidates,
  windows: Windows,
  settings: RunSettings,
): CountCoreResult & { values?: Float64Array[] } {
  let start = settings.start;
  let best: { counts: Int32Array[]; objective: number; values: Float64Array[] } | undefined;
  let bound = Infinity;
  for (let round = 0; ; round++) {
    const data = buildCountModel(model, candidates, windows, settings.ranges);
    if (data.infeasible) return { status: 'infeasible', counts: undefined, objective: 0, bound: -Infinity };
    const run = runOnce(highs, candidates, data, { ...settings, ...(start ? { start } : {}) });
    if (run.status === 'infeasible') return { status: 'infeasible', counts: undefined, objective: 0, bound: -Infinity };
    bound = Math.min(bound, run.bound);
    if (!run.values)
      return best
        ? { status: 'stopped', ...best, bound }
        : { status: 'failed', counts: undefined, objective: 0, bound };
    const counts = run.values.map((values) => Int32Array.from(values, Math.round));
    const objective = settings.integer ? countsValue(model, candidates, counts) : run.bound;
    if (!best || objective > best.objective) best = { counts, objective, values: run.values };
    const exact = !widen(candidates, windows, run.values);
    if (exact || round >= MAX_ROUNDS || settings.now() >= settings.deadline)
      return {
        status: exact && run.status === 'solved' ? 'optimal' : 'stopped',
        ...best,
        bound: Math.max(bound, best.objective),
      };
    if (settings.integer) start = counts;
  }
}

/**
 * Solves the count MIP over the candidates exactly: its optimum, and a bound on every plan over
 * them (HiGHS's, within `absoluteGap`); `infeasible` when none keeps every row.
 */
export function solveCountCore(
  highs: Highs,
  model: HorizonModel,
  candidates: Candidates,
  settings: {
    timeLimitSeconds: number;
    absoluteGap: number;
    start?: Int32Array[];
    /** A plan at least this good may end the search (the Lagrangian bound proves it already). */
    target?: number;
    now?: () => number;
    /** Customers each level's first window holds on each side of the guess (default {@link WINDOW}). */
    window?: number;
  },
): CountCoreResult {
  const now = settings.now ?? (() => performance.now());
  const windows = firstWindows(candidates, settings.window);
  const { status, counts, objective, bound } = solveOverWindows(highs, model, candidates, windows, {
    integer: true,
    deadline: now() + 1000 * settings.timeLimitSeconds,
    now,
    absoluteGap: settings.absoluteGap,
    ...(settings.target !== undefined ? { target: settings.target } : {}),
    ...(settings.start ? { start: settings.start } : {}),
  });
  return { status, counts, objective, bound };
}

/** True when every count of a type is whole in the LP. */
const wholeType = (values: Float64Array): boolean => values.every((v) => Math.abs(v - Math.round(v)) <= 1e-9);

/** Each count's range: within `radius` of its LP value, or fixed at it in the types whose LP counts are whole when `fixWhole`. */
function rangesAround(
  candidates: Candidates,
  lp: readonly Float64Array[],
  radius: number,
  fixWhole: boolean,
): OptionRange[] {
  return candidates.types.map((options, j) => {
    const spread = fixWhole && wholeType(lp[j]) ? 0 : radius;
    return {
      lower: Int32Array.from(lp[j], (v) => Math.max(0, Math.floor(v + 1e-9) - spread)),
      upper: Int32Array.from(lp[j], (v, o) => Math.min(options.most[o], Math.ceil(v - 1e-9) + spread)),
    };
  });
}

/**
 * A plan near the count LP's optimum: the LP over the candidates, then small MIPs around it that
 * HiGHS searches fast, where the whole MIP's root alone can take seconds on large inputs: first
 * with the counts of the types whose LP counts are all whole fixed and the others within
 * `radius` (on many segments the LP is all but whole), then with every count within `radius`,
 * when the first falls short of `target`. `infeasible` when the LP is: then no plan over the
 * candidates keeps every row. A heuristic: its bounds prove nothing.
 */
export function searchNearLp(
  highs: Highs,
  model: HorizonModel,
  candidates: Candidates,
  settings: { radius: number; timeLimitSeconds: number; absoluteGap: number; target?: number; now?: () => number },
): { counts: Int32Array[] | undefined; infeasible: boolean } {
  const now = settings.now ?? (() => performance.now());
  const deadline = now() + 1000 * settings.timeLimitSeconds;
  const windows = firstWindows(candidates);
  const lp = solveOverWindows(highs, model, candidates, windows, { integer: false, deadline, now, absoluteGap: 0 });
  if (lp.status === 'infeasible') return { counts: undefined, infeasible: true };
  if (!lp.values) return { counts: undefined, infeasible: false };
  let best: { counts: Int32Array[]; objective: number } | undefined;
  // Without a whole type the first neighbourhood is the second.
  for (const fixWhole of lp.values.some(wholeType) ? [true, false] : [false]) {
    const near = solveOverWindows(highs, model, candidates, windows, {
      integer: true,
      deadline,
      now,
      absoluteGap: settings.absoluteGap,
      ranges: rangesAround(candidates, lp.values, settings.radius, fixWhole),
      maxNodes: NEAR_NODES,
      ...(settings.target !== undefined ? { target: settings.target } : {}),
    });
    if (near.counts && (!best || near.objective > best.objective))
      best = { counts: near.counts, objective: near.objective };
    if (best && settings.target !== undefined && best.objective >= settings.target) break;
  }
  return { counts: best?.counts, infeasible: false };
}
