import { describe, expect, it } from 'vitest';
import { getHighs } from '../../../../src/solver/highs-runtime.ts';
import { emptyMip, runMip, type MipData } from '../../../../src/solver/horizon/mip-model.ts';
import { expectClose } from '../../../support/expect-close.ts';
import { watchOption } from '../../../support/watch-highs-option.ts';

/** max 3a + 2b with a + b ≤ `most`, a and b in [0, 1]. */
function twoColumns(most: number, least = -Infinity): MipData {
  const data = emptyMip();
  data.numCols = 2;
  data.colCost.push(3, 2);
  data.colLower.push(0, 0);
  data.colUpper.push(1, 1);
  data.integer.push(0, 1);
  data.rows.push({ indices: [0, 1], values: [1, 1] });
  data.rowLower.push(least);
  data.rowUpper.push(most);
  return data;
}

describe('one HiGHS run of a horizon MIP (runMip)', () => {
  it('returns the MIP optimum as plan and bound', async () => {
    const run = runMip(await getHighs(), twoColumns(1.5), { integer: true, absoluteGap: 1e-9, seconds: 5 });
    expect(run.status).toBe('optimal');
    expect(Array.from(run.x ?? [])).toEqual([1, 0]);
    expectClose(run.bound, 3, { absolute: 1e-9 }, 'MIP bound');
  });

  it("returns the LP's value as the bound when the integer columns are relaxed", async () => {
    const run = runMip(await getHighs(), twoColumns(1.5), { integer: false, absoluteGap: 1e-9, seconds: 5 });
    expectClose(run.bound, 4, { absolute: 1e-9 }, 'LP value');
    expectClose(run.x?.[1] ?? NaN, 0.5, { absolute: 1e-9 }, 'fractional column');
  });

  it('says infeasible, with no plan and a bound of -Infinity', async () => {
    const run = runMip(await getHighs(), twoColumns(1, 1.5), { integer: true, absoluteGap: 1e-9, seconds: 5 });
    expect(run).toMatchObject({ status: 'infeasible', x: undefined, bound: -Infinity });
  });

  it('looks only for plans worth more than the cutoff: infeasible when none is (HiGHS reads it negated)', async () => {
    const highs = await getHighs();
    const above = runMip(highs, twoColumns(1.5), { integer: true, absoluteGap: 1e-9, seconds: 5, cutoff: 3.5 });
    const below = runMip(highs, twoColumns(1.5), { integer: true, absoluteGap: 1e-9, seconds: 5, cutoff: 2.5 });
    expect(above).toMatchObject({ status: 'infeasible', x: undefined });
    expect(below.status).toBe('optimal');
    expect(Array.from(below.x ?? [])).toEqual([1, 0]);
  });

  it('runs without root restarts (each presolved the model again and redid its cuts)', async () => {
    const { highs, seen } = watchOption(await getHighs(), 'mip_allow_restart');
    runMip(highs, twoColumns(1.5), { integer: true, absoluteGap: 1e-9, seconds: 5 });
    expect(seen).toEqual([false]);
  });

  it('presolves without probing when asked (HiGHS rule 15 off), with it by default', async () => {
    const { highs, seen } = watchOption(await getHighs(), 'presolve_rule_off');
    const settings = { integer: true, absoluteGap: 1e-9, seconds: 5 };
    const without = runMip(highs, twoColumns(1.5), { ...settings, probing: false });
    runMip(highs, twoColumns(1.5), settings);
    expect(seen).toEqual([2 ** 15, 0]);
    expect(Array.from(without.x ?? [])).toEqual([1, 0]);
  });
});
