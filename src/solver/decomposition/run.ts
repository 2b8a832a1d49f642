import { OPTIMAL_GAP, relativeGap, type ProgressListener, type SolveOutcome } from '../outcome.ts';
import type { DualMemory } from './dual/dual-memory.ts';
import type { Relaxation } from './lagrangian.ts';
import type { Ranking } from './ranking.ts';
import { keepsRows, scoreChoice, type ScoredChoice } from './scored-plan.ts';

/** The method name every decomposition answer reports. */
export const DECOMPOSITION_METHOD = 'lagrangian-core';

/** Where the progress bar stands as each phase begins (the dual moves it from 0 to its share). */
export const PROGRESS = { dualEnd: 0.5, repaired: 0.55, coreSearch: 0.7, exactCore: 0.85, done: 1 } as const;

/**
 * One solve's clock and best plan: every phase offers plans here, and {@link DecompositionRun.finish}
 * turns the best one and a bound into the answer.
 */
export class DecompositionRun {
  readonly deadline: number;
  /** The best plan that keeps every row, its objective and row usage. */
  incumbent: ScoredChoice | undefined;
  /** The dual this solve leaves for the next related one. */
  memory: DualMemory | undefined;
  /** The caller's stopping test on the best plan's objective and a proven bound (see `DecompositionOptions.settled`). */
  settled: ((objective: number, bound: number) => boolean) | undefined;
  /**
   * At a certificate, meet the master's mix before mending the relaxed choices (true) or after
   * (false), as the one that closed the last certificate; undefined until one has: the mix's
   * split decides (see `repairAt`). `solveDecomposition` sets it from the memory it starts from.
   */
  mixFirst: boolean | undefined = undefined;

  /** `started` is on `now`'s clock (milliseconds); the deadline is `timeLimitSeconds` after it. */
  constructor(
    readonly relax: Relaxation,
    readonly now: () => number,
    readonly started: number,
    readonly timeLimitSeconds: number,
    readonly progress: ProgressListener,
  ) {
    this.deadline = started + 1000 * timeLimitSeconds;
  }

  /** Seconds left before the deadline (0 once it has passed). */
  remaining(): number {
    return Math.max(0, (this.deadline - this.now()) / 1000);
  }

  /** Whether the deadline has passed: the greedy steps stop with the plan they have. */
  readonly past = (): boolean => this.now() >= this.deadline;

  /** The point `share` of the way from the start to the deadline, on the run's clock. */
  at(share: number): number {
    return this.started + share * (this.deadline - this.started);
  }

  /** Whether `objective` is within the optimality gap of `bound`. */
  static closes(objective: number, bound: number): boolean {
    return relativeGap(objective, bound) <= OPTIMAL_GAP;
  }

  /** Whether the best plan and the proven `bound` already answer the caller (its `settled` test). */
  settles(bound: number): boolean {
    return this.incumbent !== undefined && this.settled?.(this.incumbent.objective, bound) === true;
  }

  /** Keeps `plan` when it keeps every row and beats the incumbent. */
  offer(plan: ScoredChoice | undefined): void {
    if (!plan || !keepsRows(this.relax, plan.usage)) return;
    if (!this.incumbent || plan.objective > this.incumbent.objective) this.incumbent = plan;
  }

  /** Scores and offers a whole plan; a `foreign` one (from another problem) is checked for eligibility first. */
  offerChoice(choice: Int16Array | undefined, foreign = false): void {
    if (!choice || choice.length !== this.relax.n) return;
    this.offer(foreign ? this.scoreForeign(choice) : scoreChoice(this.relax, choice));
  }

  /** {@link offerChoice} for a plan near `ranking`'s best choices, scored from their values (see `bestValues`). */
  offerNear(choice: Int16Array | undefined, ranking: Ranking): void {
    if (!choice || choice.length !== this.relax.n) return;
    this.offer(scoreChoice(this.relax, choice, ranking));
  }

  /** A plan from another problem scored on this one, when every action is eligible and it keeps every row. */
  scoreForeign(choice: Int16Array): ScoredChoice | undefined {
    if (choice.length !== this.relax.n || !allEligible(this.relax, choice)) return undefined;
    const plan = scoreChoice(this.relax, choice);
    return keepsRows(this.relax, plan.usage) ? plan : undefined;
  }

  /** The answer: the incumbent and `bound`; `feasible` within the optimality gap is reported `optimal`. */
  finish(status: SolveOutcome['status'], bound: number, message?: string): SolveOutcome {
    const plan = status === 'infeasible' ? undefined : this.incumbent;
    const objective = plan?.objective ?? 0;
    const gap = plan ? relativeGap(objective, bound) : status === 'infeasible' ? 0 : Infinity;
    return {
      status: status === 'feasible' && gap <= OPTIMAL_GAP ? 'optimal' : status,
      choice: plan?.choice,
      objective,
      bound,
      gap,
      seconds: (this.now() - this.started) / 1000,
      method: DECOMPOSITION_METHOD,
      ...(message ? { message } : {}),
      ...(this.memory ? { dual: this.memory } : {}),
    };
  }
}

/** True when every customer's action in `choice` is eligible (a start plan may come from another problem). */
function allEligible(relax: Relaxation, choice: Int16Array): boolean {
  const { K } = relax;
  for (let i = 0; i < relax.n; i++)
    if (choice[i] >= 0 && (choice[i] >= K || Number.isNaN(relax.problem.value[i * K + choice[i]]))) return false;
  return true;
}
