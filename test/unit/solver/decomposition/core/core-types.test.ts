import { describe, expect, it } from 'vitest';
import { drawWeek } from '../../../../../bench/families.ts';
import { groupCoreTypes, spreadOverTypes } from '../../../../../src/solver/decomposition/core/core-types.ts';
import { buildRelaxation } from '../../../../../src/solver/decomposition/lagrangian.ts';
import { buildProblem } from '../../../../../src/solver/problem.ts';

describe('the types of a core', () => {
  it('puts customers together exactly when they share class and every value, and hands counts back to them', async () => {
    // Prepare: a week of many identical customers
    const week = await drawWeek('ties', 3000, 5);
    const relax = buildRelaxation(buildProblem(week.predictions, week.catalog, week.policy));
    const { K, classOf } = relax;
    const value = relax.problem.value;
    const core = Int32Array.from({ length: relax.n }, (_, i) => i).filter((i) => i % 3 !== 0);
    const key = (i: number) => `${classOf[i]}|${Array.from(value.subarray(i * K, i * K + K)).join(',')}`;

    // Act
    const types = groupCoreTypes(relax, core);

    // Assess: as many types as distinct (class, values), each customer with its own kind
    expect(types.count).toBe(new Set(Array.from(core, key)).size);
    expect(types.count).toBeLessThan(core.length / 10);
    core.forEach((i, at) => expect(key(types.representative[types.typeOf[at]])).toBe(key(i)));
    const columnType = Int32Array.from({ length: types.count }, (_, t) => t);
    const columnAction = new Int16Array(types.count).fill(0);
    const amounts = Float64Array.from(types.size, (size) => Math.floor(size / 2));
    const choice = spreadOverTypes(types, columnType, columnAction, amounts);
    const handed = new Float64Array(types.count);
    core.forEach((_, at) => (handed[types.typeOf[at]] += choice[at] === 0 ? 1 : 0));
    expect(Array.from(handed)).toEqual(Array.from(amounts));
  });
});
