import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Predictions } from '../../../../src/domain/predictions.ts';
import { PredictionsBuilder } from '../../../../src/io/predictions/predictions-builder.ts';

const COLUMNS = {
  pName: 'p',
  clvName: 'clv',
  reductions: [
    { actionId: 2, name: 'churn_reduction_2' },
    { actionId: 1, name: 'churn_reduction_1' },
  ],
};

/** One customer row: an empty CLV or reduction is NaN. */
interface Row {
  id: string;
  p: number;
  clv: number;
  segment: string;
  reductions: [number, number];
}

function start(): { builder: PredictionsBuilder; slots: number[] } {
  const builder = new PredictionsBuilder();
  const slots = builder.beginFile('week.parquet', 1, COLUMNS);
  return { builder, slots };
}

/** Adds `rows` one at a time through `add`, as the row path does; the refusal, if any. */
function addOneByOne(rows: Row[]): { predictions?: Predictions; error?: unknown } {
  const { builder, slots } = start();
  try {
    rows.forEach((row, k) => {
      builder.ids.addText(row.id);
      builder.rowValues[0] = row.p;
      builder.rowValues[1] = row.clv;
      row.reductions.forEach((r, j) => (builder.rowReductions[slots[j]] = r));
      builder.add(k + 1, builder.segment(row.segment, k + 1));
    });
    return { predictions: builder.finish('week.parquet') };
  } catch (error) {
    return { error };
  }
}

/** Adds `rows` through `addMany` when it takes them, else one at a time; whether it took them. */
function addAtOnce(rows: Row[]): { predictions?: Predictions; error?: unknown; took: boolean } {
  const { builder, slots } = start();
  const segments = Uint16Array.from(rows, (row, k) => builder.segment(row.segment, k + 1));
  for (const row of rows) builder.ids.addText(row.id);
  const reductions: Float64Array[] = [];
  slots.forEach((slot, j) => (reductions[slot] = Float64Array.from(rows, (row) => row.reductions[j])));
  const columns = {
    p: Float64Array.from(rows, (row) => row.p),
    clv: Float64Array.from(rows, (row) => row.clv),
    segments,
    reductions,
  };
  const took = builder.addMany(1, rows.length, columns);
  if (took) {
    try {
      return { predictions: builder.finish('week.parquet'), took };
    } catch (error) {
      return { error, took };
    }
  }
  expect(builder.size).toBe(0);
  builder.ids.truncate(0);
  return { ...addOneByOne(rows), took };
}

const plain = (predictions: Predictions | undefined) =>
  predictions && {
    ids: [...predictions.ids],
    p: Array.from(predictions.p),
    v: Array.from(predictions.v),
    segmentOf: Array.from(predictions.segmentOf),
    segments: predictions.segments,
    reductions: [...predictions.reductions].map(([action, column]) => [action, Array.from(column)]),
    warnings: predictions.warnings,
  };

const number = (min: number, max: number) => fc.oneof(fc.double({ min, max, noNaN: true }), fc.constant(Number.NaN));
const row: fc.Arbitrary<Row> = fc.record({
  id: fc.constantFrom('A', 'B', 'C', 'D', ''),
  p: fc.double({ min: -0.1, max: 1.1, noNaN: true }),
  clv: number(-5, 2e6),
  segment: fc.constantFrom('Free', 'Premium', 'Duo'),
  reductions: fc.tuple(number(-0.1, 1.1), number(-0.1, 1.1)),
});

describe('PredictionsBuilder.addMany', () => {
  it('adds rows exactly as add does one at a time, or adds none and leaves the refusal to add (property)', () => {
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 12 }), (rows) => {
        // Act
        const atOnce = addAtOnce(rows);
        const oneByOne = addOneByOne(rows);
        // Assess
        expect(plain(atOnce.predictions)).toEqual(plain(oneByOne.predictions));
        expect(atOnce.error).toEqual(oneByOne.error);
        if (!atOnce.took) expect(oneByOne.error).toBeDefined();
      }),
      { numRuns: 500 },
    );
  });

  it('estimates an empty CLV, counts empty reductions and keeps a reduction just above p as p', () => {
    // Prepare
    const rows: Row[] = [
      { id: 'A', p: 0.5, clv: Number.NaN, segment: 'Premium', reductions: [0.5 + 1e-12, Number.NaN] },
      { id: 'B', p: 0.2, clv: 30, segment: 'Free', reductions: [Number.NaN, Number.NaN] },
    ];
    // Act
    const { predictions, took } = addAtOnce(rows);
    // Assess
    expect(took).toBe(true);
    expect(Array.from(predictions?.reductions.get(2) ?? [])).toEqual([0.5, Number.NaN]);
    expect(predictions?.v[1]).toBe(30);
    expect(predictions?.warnings).toEqual([
      expect.stringMatching(/^1 customers have an empty clv cell \(the first at week\.parquet, row 1\)/),
      expect.stringMatching(/^churn_reduction_2 is empty for 1 customers/),
      expect.stringMatching(/^churn_reduction_1 is empty for 2 customers/),
    ]);
  });
});
