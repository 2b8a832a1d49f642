import type { CustomerIds } from '../domain/customer-ids.ts';

function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A seeded 53-bit hash of `seed` and `key`, uniform enough to draw a control group: the same
 * inputs give the same number on every machine and Node version (no Math.random, no clock).
 */
export function seededHash(seed: string, key: string): number {
  const text = `${seed}\u0000${key}`;
  let a = 0x811c9dc5 ^ text.length;
  let b = 0x9e3779b9;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  const high = mix32(a ^ Math.imul(b, 0x27d4eb2f));
  const low = mix32(b ^ high);
  return high * 2 ** 21 + (low >>> 11);
}

export interface HoldoutInput {
  ids: CustomerIds;
  /** Segment index per customer. */
  segmentOf: ArrayLike<number>;
  /** Action index per customer, -1 for none. */
  choice: Int16Array;
  /** Share of the assigned customers to hold out, in [0, 1). */
  share: number;
  /** The plan id (or any seed): the same seed draws the same holdout. */
  seed: string;
}

/**
 * Draws the control group after solving. Of the assigned customers, round(share x assigned)
 * are held out, stratified by (action, segment): each stratum gets floor(share x its size),
 * and the leftover units go to the strata with the largest remainders (ties broken by a seeded
 * hash of the stratum). Within a stratum the customers with the smallest seeded hash of their
 * id are held out, so the draw is reproducible for a plan id and independent of row order.
 *
 * @returns 1 for each held-out customer.
 */
export function selectHoldout(input: HoldoutInput): Uint8Array {
  const { ids, segmentOf, choice, share, seed } = input;
  const holdout = new Uint8Array(ids.length);
  if (!(share > 0)) return holdout;
  const strata = new Map<string, number[]>();
  let assigned = 0;
  for (let i = 0; i < ids.length; i++) {
    if (choice[i] < 0) continue;
    assigned++;
    const key = `${choice[i]}:${segmentOf[i]}`;
    let members = strata.get(key);
    if (!members) strata.set(key, (members = []));
    members.push(i);
  }
  const total = Math.floor(share * assigned + 0.5 + 1e-9);
  const quotas = [...strata].map(([key, members]) => {
    const exact = share * members.length;
    const base = Math.floor(exact + 1e-9);
    return { key, members, take: base, remainder: exact - base, tie: seededHash(seed, `stratum:${key}`) };
  });
  let left = total - quotas.reduce((sum, q) => sum + q.take, 0);
  const byRemainder = [...quotas].sort((x, y) => y.remainder - x.remainder || x.tie - y.tie);
  for (const quota of byRemainder) {
    if (left <= 0) break;
    if (quota.take < quota.members.length) {
      quota.take++;
      left--;
    }
  }
  for (const { members, take } of quotas) {
    if (take === 0) continue;
    const ranked = members.map((i) => ({ i, h: seededHash(seed, ids.at(i)) })).sort((x, y) => x.h - y.h || x.i - y.i);
    for (let j = 0; j < take; j++) holdout[ranked[j].i] = 1;
  }
  return holdout;
}
