import { describe, expect, it } from 'vitest';
import { MoveHeap } from '../../../../../src/solver/decomposition/primal/move-heap.ts';
import { rng } from '../../../../support/random-instance.ts';

/** Pops every entry: the keys in the order the heap gives them. */
function drain(heap: MoveHeap): number[] {
  const keys: number[] = [];
  while (heap.size > 0) {
    keys.push(heap.topKey());
    heap.pop();
  }
  return keys;
}

describe('MoveHeap', () => {
  it('gives its keys least first, past many doublings, with pops between pushes', () => {
    for (let seed = 1; seed <= 10; seed++) {
      // Prepare
      const random = rng(seed);
      const heap = new MoveHeap();
      const kept: number[] = [];

      // Act
      for (let step = 0; step < 3000; step++) {
        const key = Math.floor(random() * (seed % 2 === 0 ? 7 : 1e6));
        heap.push(key, step);
        kept.push(key);
        if (step % 5 === 4) {
          kept.sort((a, b) => a - b);
          expect(heap.topKey()).toBe(kept.shift());
          heap.pop();
        }
      }

      // Assess
      expect(heap.size).toBe(kept.length);
      expect(drain(heap)).toEqual(kept.sort((a, b) => a - b));
      expect(heap.topKey()).toBe(Infinity);
    }
  });

  it('keeps each key with its item, and starts empty again after clear', () => {
    // Prepare
    const heap = new MoveHeap();
    for (let i = 0; i < 100; i++) heap.push((i * 37) % 101, i);

    // Act
    heap.clear();
    heap.push(2.5, 7);
    heap.push(-1, 9);
    heap.push(4, 3);

    // Assess
    expect(heap.size).toBe(3);
    expect([heap.topKey(), heap.topItem()]).toEqual([-1, 9]);
    heap.pop();
    expect([heap.topKey(), heap.topItem()]).toEqual([2.5, 7]);
    heap.pop();
    heap.pop();
    heap.pop();
    expect(heap.size).toBe(0);
  });
});
