import { describe, expect, it } from 'vitest';
import { startsFromPlan } from '../../../../src/solver/horizon/round-start.ts';

describe('startsFromPlan', () => {
  // Prepare: a plan worth 265.529, the round at the gap to it with its floor a hair above
  const gap = { planValue: 265.529, gapFloor: 265.5291, hair: 1e-9 };

  it('starts the first round from the plan, whichever found it', () => {
    // Act / Assess
    expect(startsFromPlan({ ...gap, floor: 265.529, fromRound: true })).toBe(true);
    expect(startsFromPlan({ ...gap, floor: 265.529, fromRound: false })).toBe(true);
  });

  it('gives the round at the gap a floor row when a direct round found the plan (regression: 10 customers x 8 weeks, seed 3)', () => {
    // Act / Assess
    expect(startsFromPlan({ ...gap, floor: 265.5291, fromRound: true })).toBe(false);
  });

  it('starts the round at the gap from a repaired plan', () => {
    // Act / Assess
    expect(startsFromPlan({ ...gap, floor: 265.5291, fromRound: false })).toBe(true);
  });

  it('never starts a round below the gap from the plan', () => {
    // Act / Assess
    expect(startsFromPlan({ ...gap, floor: 265.8, fromRound: false })).toBe(false);
  });
});
