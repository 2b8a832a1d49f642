import { describe, expect, it } from 'vitest';
import { PlannerError } from '../../../src/domain/errors.ts';
import { DEFAULT_POLICY, type Policy } from '../../../src/domain/policy.ts';
import {
  checkGuardrails,
  describeMove,
  enforceGuardrails,
  needsSecondApprover,
  parseGuardrails,
} from '../../../src/approvals/governance.ts';

const policy = (changes: Partial<Policy>): Policy => ({ ...DEFAULT_POLICY, ...changes });

describe('guardrails', () => {
  const guardrails = parseGuardrails({
    budget: { min: 100, max: 300 },
    min_high_risk: { min: 0.5 },
    holdout: { max: 0.2 },
  });

  it('lets values inside the bounds (and on them) through', () => {
    expect(checkGuardrails(policy({ budget: 100 }), guardrails)).toEqual([]);
    expect(checkGuardrails(policy({ budget: 300, min_high_risk: 0.5, holdout: 0.2 }), guardrails)).toEqual([]);
  });

  it("refuses values outside them, naming the key and its bounds in the key's own units", () => {
    // Act
    const breaches = checkGuardrails(policy({ budget: 500, min_high_risk: 0.3, holdout: 0.25 }), guardrails);
    // Assess
    expect(breaches.map((b) => b.message)).toEqual([
      'budget=$500 is outside the guardrails: budget must be between $100 and $300',
      'min_high_risk=30% is outside the guardrails: min_high_risk must be at least 50%',
      'holdout=25% is outside the guardrails: holdout must be at most 20%',
    ]);
    expect(() => enforceGuardrails(policy({ budget: 50 }), guardrails)).toThrow(PlannerError);
    expect(() => enforceGuardrails(policy({ budget: 50 }), guardrails)).toThrow(
      'budget=$50 is outside the guardrails: budget must be between $100 and $300',
    );
  });

  it('refuses a config with an unknown or text key, a bound that is not a number, or min above max', () => {
    expect(() => parseGuardrails({ bugdet: { max: 1 } })).toThrow('"bugdet" is not a numeric policy key');
    expect(() => parseGuardrails({ premium_segment: { max: 1 } })).toThrow(
      '"premium_segment" is not a numeric policy key',
    );
    expect(() => parseGuardrails({ budget: { max: '300' } })).toThrow(/guardrails at budget\.max/);
    expect(() => parseGuardrails({ budget: { min: 300, max: 100 } })).toThrow('min must not exceed max');
    expect(() => parseGuardrails({ budget: { min: 1, cap: 3 } })).toThrow(/budget/);
  });
});

describe('needsSecondApprover', () => {
  it('needs no second approver within 20% and without an approved policy', () => {
    expect(needsSecondApprover(policy({ budget: 180 }), DEFAULT_POLICY)).toEqual({ required: false, moved: [] });
    expect(needsSecondApprover(policy({ budget: 120 }), DEFAULT_POLICY).required).toBe(false);
    expect(needsSecondApprover(policy({ budget: 1000 }), undefined)).toMatchObject({
      required: false,
      note: 'no approved plan yet to compare with',
    });
  });

  it('needs one when any numeric key moves more than 20%, saying which and by how much', () => {
    // Act
    const verdict = needsSecondApprover(policy({ budget: 200, min_high_risk: 0.45, email_cap: 130 }), DEFAULT_POLICY);
    // Assess
    expect(verdict.required).toBe(true);
    expect(verdict.moved.map((m) => m.key)).toEqual(['budget', 'min_high_risk']);
    expect(verdict.moved[0].change).toBeCloseTo(1 / 3, 10);
    expect(verdict.moved[1].change).toBeCloseTo(-0.25, 10);
    expect(verdict.moved.map(describeMove)).toEqual(['budget +33% ($150 → $200)', 'min_high_risk -25% (60% → 45%)']);
  });

  it('treats a move away from 0 as a move, and ignores keys an old record lacks and text keys', () => {
    const verdict = needsSecondApprover(policy({ holdout: 0.1, premium_segment: 'Family', cooldown_weeks: 5 }), {
      ...DEFAULT_POLICY,
      cooldown_weeks: undefined,
    });
    expect(verdict.moved.map((m) => [m.key, m.change])).toEqual([['holdout', Number.POSITIVE_INFINITY]]);
    expect(describeMove(verdict.moved[0])).toBe('holdout from 0 (0% → 10%)');
  });
});
