import type { CoreMipOptions, CoreMipResult } from './core-mip.ts';
import type { CountModel } from './count-model.ts';

/** What a count search (`searchCounts` in count-search.ts) is asked and what it answers. */
export interface CountSearchOptions extends CoreMipOptions {
  /** Prune also within this share of the best plan's value (default 0: `absoluteGap` alone). */
  relativeGap?: number;
  /** Nodes solved at most before the search stops with its best plan and bound. Default 2,000. */
  maxNodes?: number;
  /** Milliseconds clock, injectable for tests; default `performance.now`. */
  now?: () => number;
  /**
   * Stops the search once its best plan and bound pass this test (a caller's check that needs no
   * more than that), the answer `stopped` by `settled`.
   */
  settled?: (objective: number, bound: number) => boolean;
  /** The core's count model, already built at `limits` (kept by the caller): searched, not disposed. */
  counts?: CountModel;
  /**
   * Asked once, when a few nodes (`PLAN_AT_ROOT_NODES` in count-search.ts) have not settled the search: a plan of the
   * core (by core position) from the root LP's row duals, kept when it meets the rows and betters
   * the best. `best`: the search's best plan so far (by core position), when it has one.
   */
  planAtRoot?: (rootLambda: Float64Array, best?: Int16Array) => Int16Array | undefined;
  /**
   * With `planAtRoot`: once that plan is asked, the search stops (`root-plan`) when its best plan
   * is within this relative gap of its bound, a gap its next nodes seldom close and a caller's
   * other steps prove at less cost. Default 0: it goes on.
   */
  rootPlanStopGap?: number;
}

export interface CountSearchResult extends CoreMipResult {
  nodes: number;
  seconds: number;
  /** Why a search that is neither optimal nor infeasible stopped. */
  stoppedBy?: 'time' | 'nodes' | 'numerics' | 'settled' | 'root-plan';
  /** The root LP's multipliers of the linking rows (λ ≥ 0 in the relaxation's sign), when it was solved. */
  rootLambda?: Float64Array;
}
