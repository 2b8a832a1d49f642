import type { Highs, Model } from 'highs';
import type { Relaxation } from '../lagrangian.ts';
import { createMaster, type CuttingPlaneMaster } from './master.ts';

/** A master lent to one dual search: `release` it when the search ends. */
export interface MasterLease {
  master: CuttingPlaneMaster;
  release(): void;
}

interface Shared {
  master: CuttingPlaneMaster;
  busy: boolean;
}

/**
 * One master per class structure. A relaxation and its re-limited copies (the levels of a
 * sweep, the re-solves of marginal values) share one `rowCoef` array, and a class cut does not
 * depend on the limits: every cut one search found holds for the next, whose model then starts
 * from them and from the last basis. A master lives as long as its `rowCoef`.
 */
const masters = new WeakMap<Float64Array, Shared>();
const disposer = new FinalizationRegistry<{ model: Model }>((held) => held.model.dispose());

/**
 * The master of `relax`'s classes, moved to its limits, with the cuts earlier searches on them
 * left (those long inactive dropped when `prune`); or a new one. While one search holds it, another gets one of its own, disposed on
 * release.
 */
export function borrowMaster(highs: Highs, relax: Relaxation, prune = false): MasterLease {
  const shared = masters.get(relax.rowCoef);
  if (shared && !shared.busy) {
    shared.busy = true;
    shared.master.relimit(relax.limit);
    if (prune) shared.master.prune();
    return { master: shared.master, release: () => (shared.busy = false) };
  }
  const master = createMaster(highs, relax);
  if (shared) return { master, release: () => master.dispose() };
  const kept: Shared = { master, busy: true };
  masters.set(relax.rowCoef, kept);
  disposer.register(relax.rowCoef, master.held);
  return { master, release: () => (kept.busy = false) };
}

/** A master of `relax`'s classes for one search alone, disposed on release: no earlier search's cuts or basis. */
export function ownMaster(highs: Highs, relax: Relaxation): MasterLease {
  const master = createMaster(highs, relax);
  return { master, release: () => master.dispose() };
}
