import type { Candidates } from './candidates.ts';
import type { HorizonModel } from './model.ts';

/**
 * The plan of a count solution: in each type, the heaviest customers take the options that
 * leave the least risk (options are in that order), as many as the counts say.
 * `choices[t * n + i]`, -1 for none.
 */
export function assignCounts(model: HorizonModel, candidates: Candidates, counts: readonly Int32Array[]): Int16Array {
  const { n, weeks: W } = model;
  const choices = new Int16Array(W * n).fill(-1);
  candidates.types.forEach((options, j) => {
    const customers = model.types[options.type].customers;
    let next = 0;
    options.options.forEach((option, o) => {
      for (let c = 0; c < counts[j][o]; c++, next++) {
        const i = customers[next];
        for (let t = 0; t < W; t++) choices[t * n + i] = option.actions[t];
      }
    });
  });
  return choices;
}

/** A number naming a sequence of week choices (-1 for none), the same for the same sequence. */
export function sequenceKey(actions: ArrayLike<number>, K: number): number {
  let key = 0;
  for (let t = 0; t < actions.length; t++) key = key * (K + 1) + actions[t] + 1;
  return key;
}

/** How many of each type's customers take each candidate option in `choices`; undefined when some customer's sequence is not an option. */
export function countChoices(
  model: HorizonModel,
  candidates: Candidates,
  choices: Int16Array,
): Int32Array[] | undefined {
  const { n, K, weeks: W } = model;
  const counts: Int32Array[] = [];
  const sequence = new Int16Array(W);
  for (const options of candidates.types) {
    const index = new Map<number, number>();
    options.options.forEach((option, o) => index.set(sequenceKey(option.actions, K), o));
    const tally = new Int32Array(options.options.length);
    for (const i of model.types[options.type].customers) {
      for (let t = 0; t < W; t++) sequence[t] = choices[t * n + i];
      const o = index.get(sequenceKey(sequence, K));
      if (o === undefined) return undefined;
      tally[o]++;
    }
    counts.push(tally);
  }
  return counts;
}
