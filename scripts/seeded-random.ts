/**
 * mulberry32: a small, fast, seeded PRNG with uniform output in [0, 1). The sample generator,
 * the benchmark's instances and the tests' random instances all draw from it, so the same seed
 * gives the same data on every machine.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
