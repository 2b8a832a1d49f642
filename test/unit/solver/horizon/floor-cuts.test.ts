import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../../src/domain/catalog.ts';
import { DEFAULT_POLICY } from '../../../../src/domain/policy.ts';
import { ceilShare } from '../../../../src/solver/linking-rows.ts';
import { floorCuts, tightestFloor } from '../../../../src/solver/horizon/floor-cuts.ts';
import { buildHorizonModel } from '../../../../src/solver/horizon/index.ts';
import { generatePredictions } from '../../../../bench/generate-instance.ts';
import { expectClose } from '../../../support/expect-close.ts';

/** The contacts a line asks of whole customers when `resting` members rest. */
const asked = (line: { restCoef: number; limit: number }, resting: number) =>
  Math.max(0, Math.ceil(line.limit - line.restCoef * resting - 1e-9));

describe('the tightest row of a coverage floor customers can rest out of', () => {
  it('three members and a share of 0.15: one contact until all three rest, as treated + resting / 3 ≥ 1', () => {
    // Act
    const line = tightestFloor(0.15, 3, 3);

    // Assess: the rule's row, treated + 0.15 · resting ≥ 0.45, lets the LP contact 0.45 customers
    expectClose(line!.restCoef, 1 / 3, { absolute: 1e-12 }, 'resting coefficient');
    expectClose(line!.limit, 1, { absolute: 1e-12 }, 'limit');
  });

  it.each([0.05, 0.15, 0.4, 0.6, 0.75])(
    'share %f: every tightened row asks exactly the whole contacts the rule asks, at every resting count',
    (share) => {
      for (let population = 1; population <= 40; population++)
        for (let most = 1; most <= population; most++) {
          // Act
          const line = tightestFloor(share, population, most);
          if (!line) continue;

          // Assess: the same plans, and never looser than the rule's row
          for (let resting = 0; resting <= most; resting++) {
            const where = `${population} members, ${resting} resting`;
            expect(asked(line, resting), where).toBe(ceilShare(share, population - resting));
            const rule = share * (population - resting);
            expect(line.limit - line.restCoef * resting, where).toBeGreaterThanOrEqual(rule - 1e-9);
          }
        }
    },
  );

  it('no member can rest: the row is left as the rule writes it', () => {
    expect(tightestFloor(0.15, 3, 0)).toBeUndefined();
  });
});

describe('the small floors of a multi-week model', () => {
  // Ten generated customers over four weeks: three of them Free, whose coverage floor binds
  const predictions = generatePredictions(10, 3);
  const policy = { ...DEFAULT_POLICY, weeks: 4 };
  const model = buildHorizonModel(predictions, [...DEFAULT_CATALOG], policy);
  const free = model.rows.findIndex((row) => row.name === 'week2:min_segment_coverage:Free');

  it('the Free floor of a week after the first reads treated + resting / 3 ≥ 1', () => {
    // Assess
    const { R, C, limit } = model.relax;
    const coefs = Array.from({ length: C }, (_, c) => model.restCoef[c * R + free]).filter((a) => a > 0);
    expect(coefs.length).toBeGreaterThan(0);
    for (const a of coefs) expectClose(a, 1 / 3, { absolute: 1e-12 }, 'resting coefficient');
    expectClose(limit[free], 1, { absolute: 1e-9 }, 'limit');
    expect(floorCuts(model).some((cut) => cut.row === free)).toBe(true);
  });
});
