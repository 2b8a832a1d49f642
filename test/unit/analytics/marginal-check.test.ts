import { describe, expect, it } from 'vitest';
import {
  agreementBand,
  differenceRange,
  provesAgreement,
  provesDisagreement,
  settlingLevels,
} from '../../../src/analytics/marginal-check.ts';
import { MARGINAL_AGREEMENT } from '../../../src/analytics/marginal-values.ts';
import { expectClose } from '../../support/expect-close.ts';

describe('proving a marginal value before its check is solved to optimality', () => {
  it('accepts 10% either side of the LP value, and at least a cent', () => {
    const [low, high] = agreementBand(4.5, MARGINAL_AGREEMENT);
    expectClose(low, 4.05, { absolute: 1e-12 }, 'lower end');
    expectClose(high, 4.95, { absolute: 1e-12 }, 'upper end');
    expect(agreementBand(0.02, MARGINAL_AGREEMENT)).toEqual([0.01, 0.03]);
  });

  it("places the difference between the end plan less the base's bound and the end's bound less the base plan", () => {
    const range = differenceRange({ objective: 1000, bound: 1000.5 }, { objective: 1020.5, bound: 1024 }, 5);
    expect(range).toEqual([4, 4.8]);
  });

  it('settles a check from the plan and bound levels at which agreement starts to be proven', () => {
    const base = { objective: 1000, bound: 1000.5 };
    const band: [number, number] = [4, 5];
    const levels = settlingLevels(band, base, 5);
    expect(levels).toEqual({ objective: 1020.5, bound: 1025 });
    expect(provesAgreement(band, differenceRange(base, levels, 5))).toBe(true);
    expect(provesAgreement(band, differenceRange(base, { ...levels, objective: 1020.49 }, 5))).toBe(false);
    expect(provesAgreement(band, differenceRange(base, { ...levels, bound: 1025.01 }, 5))).toBe(false);
  });

  it('proves agreement only when every difference the solves allow is within the band', () => {
    const base = { objective: 209462.788, bound: 209462.788 };
    const band = agreementBand(4.5102, MARGINAL_AGREEMENT);
    // The end's plan and bound from a check stopped after its first moves' MIP: the optimum may lie below the band.
    expect(provesAgreement(band, differenceRange(base, { objective: 209482.171, bound: 209487.06 }, 5))).toBe(false);
    // A wrong LP value (the proven optimum's difference is 3.877 per unit) is never accepted, however close the bound.
    expect(provesAgreement(band, differenceRange(base, { objective: 209482.171, bound: 209482.171 }, 5))).toBe(false);
    // Plan and bound both within the band: the LP value is within tolerance of the optimum, whichever it is.
    expect(provesAgreement(band, differenceRange(base, { objective: 209484, bound: 209487 }, 5))).toBe(true);
  });

  it('refutes the LP value only when no difference the solves allow is within the band', () => {
    // A check of 51 customers at a million: both solves optimal within 1e-6 of $5.94M ($5.9)
    const base = { objective: 5_941_947.55, bound: 5_941_948.32 };
    const band = agreementBand(0.13, MARGINAL_AGREEMENT);
    const end = { objective: 5_941_947.55 + 0.107 * 51, bound: 5_941_947.55 + 0.107 * 51 + 5.9 };
    // The plan's difference (0.107) is outside the band, but the gaps allow 0.092-0.223: not refuted.
    expect(provesDisagreement(band, differenceRange(base, end, 51))).toBe(false);
    // At 75k the solves are exact: 3.877 per unit against an LP value of 4.5102 is refuted.
    const exact = { objective: 209462.788, bound: 209462.788 };
    const low = { objective: 209462.788 + 3.877 * 5, bound: 209462.788 + 3.877 * 5 };
    expect(provesDisagreement(agreementBand(4.5102, MARGINAL_AGREEMENT), differenceRange(exact, low, 5))).toBe(true);
  });
});
