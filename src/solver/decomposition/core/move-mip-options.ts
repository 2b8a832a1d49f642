/** What a run of the moves' MIP (`solveMoveMip`) is asked. */
export interface MoveMipOptions {
  timeLimitSeconds: number;
  absoluteGap: number;
  start?: Float64Array;
  heuristics?: boolean;
  /** HiGHS's node limit: a budget in work, not seconds, so the run's path does not turn on the load. */
  maxNodes?: number;
  /** HiGHS stops at a plan worth at least this (a whole plan's worth, the ranked best choices' included). */
  target?: number;
  /** From a start, first a branch-and-bound over HiGHS's LP of at most this many nodes (see `branchAndBound`). */
  branchNodes?: number;
}

/** HiGHS's primal heuristics on, lightly: the last run's, whose plans steer its tree off slow paths. */
export const HEURISTICS = {
  mip_heuristic_effort: 0.05,
  mip_heuristic_run_feasibility_jump: true,
  mip_heuristic_run_rins: true,
  mip_heuristic_run_rens: true,
  mip_heuristic_run_root_reduced_cost: true,
  mip_heuristic_run_zi_round: true,
  mip_heuristic_run_shifting: true,
};

/** HiGHS's primal heuristics off: a short run from the best plan, where they cost more than they find. */
export const NO_HEURISTICS = {
  mip_heuristic_effort: 0,
  mip_heuristic_run_feasibility_jump: false,
  mip_heuristic_run_rins: false,
  mip_heuristic_run_rens: false,
  mip_heuristic_run_root_reduced_cost: false,
  mip_heuristic_run_zi_round: false,
  mip_heuristic_run_shifting: false,
};
