/**
 * The margin screen (screen.ts) until its passes have read as many values as setting up the
 * line screen (line-screen.ts) costs, then the line screen. The lines' set-up, a check of every
 * value and a sort of the scores, costs several plain passes: a week whose customers mostly keep
 * their choice from pass to pass never earns it back, one whose customers sit near changing
 * earns it in a few passes. Rent until the rent has paid the price, then buy; lines already set
 * up for the value array (a sweep's levels, a value's checks) serve at once, and so do lines
 * bought `atOnce` (many solves on these values will follow, as a sweep's levels).
 */

import { linesVerified } from './line-groups.ts';
import { createLineScreen } from './line-screen.ts';
import type { ScreenInput } from './plain-pass.ts';
import { createScreen } from './screen.ts';
import type { PassResult, Screen } from './screen-contract.ts';

/** The lines' set-up costs about this many plain passes (n · K values read each). */
export const LINE_SETUP_PASSES = 4;

/**
 * A screen for `input`: the line screen where its lines are set up (or may be, `atOnce`), else
 * the margin screen, which may turn into it.
 */
export function createRentedScreen(input: ScreenInput, atOnce = false): Screen {
  const verified = linesVerified(input.value);
  const lines = verified === true || (atOnce && verified === undefined) ? createLineScreen(input) : undefined;
  if (lines) return lines;
  const margins = createScreen(input);
  return verified === undefined ? new RentedScreen(input, margins) : margins;
}

class RentedScreen implements Screen {
  private readonly input: ScreenInput;
  private current: Screen;
  /** Values the margin screen has read; undefined once the lines were tried. */
  private read: number | undefined = 0;

  constructor(input: ScreenInput, margins: Screen) {
    this.input = input;
    this.current = margins;
  }

  pass(penalty: Float64Array, counts: Float64Array, classTotals: Float64Array): PassResult {
    const result = this.current.pass(penalty, counts, classTotals);
    if (this.read !== undefined) {
      this.read += result.reads;
      const { n, K } = this.input;
      if (this.read >= LINE_SETUP_PASSES * n * K) {
        this.read = undefined;
        this.current = createLineScreen(this.input) ?? this.current;
      }
    }
    return result;
  }

  rank(...args: Parameters<Screen['rank']>): number | undefined {
    return this.current.rank(...args);
  }
}
