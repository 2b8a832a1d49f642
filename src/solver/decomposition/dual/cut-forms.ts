import type { Highs, Model } from 'highs';
import { SparseColumns, createHighsModel } from '../../highs-model.ts';
import { configureCutModel, createCutModel, runCutModel, stallLimit } from './cut-model.ts';

/** One cut of piece `piece`: t_piece + Σ_r a_r·λ_r ≥ value, its terms a_r given by the master's {@link CutTerms}. */
export interface CutSpec {
  piece: number;
  value: number;
}

/** Appends a cut's terms: for each row r it uses, `offset + r` to `indices` and a_r to `values`. */
export type CutTerms<Cut extends CutSpec> = (cut: Cut, offset: number, indices: number[], values: number[]) => void;

/** One solve's answer, in the terms of the cutting-plane model whichever LP was solved. */
export interface FormSolution {
  /** The multipliers (not yet clamped to the box). */
  lambda: Float64Array;
  theta: number;
  /** Each multiplier's reduced cost in the cutting-plane model. */
  reduced: Float64Array;
  /** Each cut's weight (its dual in the cutting-plane model), in the order the cuts are held. */
  weights: Float64Array;
  /** Simplex iterations of the solve's last run. */
  iterations: number;
}

/**
 * The LP behind a cutting-plane master over R multipliers and P pieces. The cuts are held in
 * the order they were added less those removed; `terms` are the multipliers' objective
 * coefficients (sign × limit of each row).
 */
export interface CutForm<Cut extends CutSpec> {
  readonly model: Model;
  add(cuts: readonly Cut[]): void;
  /** Raises cut `at`'s value (a cut with the same counts and a higher constant). */
  setValue(at: number, value: number): void;
  /** Removes the cuts at these positions (ascending). */
  remove(at: Int32Array): void;
  relimit(terms: Float64Array): void;
  solve(lower: Float64Array, upper: Float64Array, seconds: number | undefined, cuts: number): FormSolution | undefined;
}

/** What a form is built from: R multipliers, P pieces, the multipliers' terms and the cuts' terms. */
export interface FormInput<Cut extends CutSpec> {
  highs: Highs;
  R: number;
  P: number;
  terms: Float64Array;
  termsOf: CutTerms<Cut>;
}

const simplexIterations = (model: Model): number => Number(model.info.get('simplex_iteration_count'));

/**
 * The cutting-plane model as written: a column per multiplier and per piece's value, a row per
 * cut. Solved by the dual simplex, warm after each cut: cheap while the cuts are few or the
 * model not degenerate.
 */
export function rowForm<Cut extends CutSpec>({ highs, R, P, terms, termsOf }: FormInput<Cut>): CutForm<Cut> {
  const columns = new SparseColumns();
  for (let r = 0; r < R; r++) columns.close(terms[r], 0, Infinity);
  for (let p = 0; p < P; p++) columns.close(1, -Infinity, Infinity);
  const model = createCutModel(highs, columns);
  const multipliers = { kind: 'range' as const, from: 0, to: R - 1 };
  return {
    model,
    add(cuts) {
      const starts = [0];
      const indices: number[] = [];
      const values: number[] = [];
      for (const cut of cuts) {
        termsOf(cut, 0, indices, values);
        indices.push(R + cut.piece);
        values.push(1);
        starts.push(indices.length);
      }
      model.addRows({
        lower: Float64Array.from(cuts, (cut) => cut.value),
        upper: new Float64Array(cuts.length).fill(Infinity),
        matrix: {
          format: 'csr',
          numRows: cuts.length,
          numCols: R + P,
          starts: Int32Array.from(starts),
          indices: Int32Array.from(indices),
          values: Float64Array.from(values),
        },
      });
    },
    setValue: (at, value) => void model.changeRowBounds(at, value, Infinity),
    remove: (at) => void model.deleteRows({ kind: 'set', indices: at }),
    relimit: (next) => void (R > 0 && model.changeColsCost(multipliers, next)),
    solve(lower, upper, seconds, cuts) {
      if (R > 0) model.changeColsBounds(multipliers, lower, upper);
      if (!runCutModel(highs, model, seconds, stallLimit(cuts + R + P))) return undefined;
      const solution = model.getSolution();
      return {
        lambda: Float64Array.from(solution.colValue.subarray(0, R)),
        theta: model.getObjectiveValue(),
        reduced: Float64Array.from(solution.colDual.subarray(0, R)),
        weights: Float64Array.from(solution.rowDual.subarray(0, cuts)),
        iterations: simplexIterations(model),
      };
    },
  };
}

/**
 * The same model's LP dual: a column per cut (its weight), a row per piece (its cuts' weights
 * sum to 1) and per multiplier (the weighted cuts' use of the row, plus the slacks of the box's
 * two ends, equals the row's term). Its basis has R + P rows however many cuts it holds, so where
 * cuts are many and the rows' form degenerate, each primal simplex step costs far less.
 */
export function columnForm<Cut extends CutSpec>({ highs, R, P, terms, termsOf }: FormInput<Cut>): CutForm<Cut> {
  const columns = new SparseColumns();
  // Column r is the slack of λ_r's lower end (cost −lower), column R + r of its upper end (cost upper).
  for (let r = 0; r < R; r++) {
    columns.entry(P + r, 1);
    columns.close(0, 0, Infinity);
  }
  for (let r = 0; r < R; r++) {
    columns.entry(P + r, -1);
    columns.close(0, 0, 0);
  }
  const rowLower = new Float64Array(P + R);
  rowLower.fill(1, 0, P);
  rowLower.set(terms, P);
  const model = createHighsModel(highs, { sense: 'minimize', columns, rowLower, rowUpper: rowLower.slice() });
  configureCutModel(model, 'primal');
  const first = 2 * R;
  const ends = { kind: 'range' as const, from: 0, to: 2 * R - 1 };
  return {
    model,
    add(cuts) {
      const added = new SparseColumns();
      for (const cut of cuts) {
        added.entry(cut.piece, 1);
        termsOf(cut, P, added.indices, added.values);
        added.close(-cut.value, 0, Infinity);
      }
      model.addCols({
        cost: Float64Array.from(added.cost),
        lower: Float64Array.from(added.lower),
        upper: Float64Array.from(added.upper),
        matrix: {
          format: 'csc',
          numRows: P + R,
          numCols: added.count,
          starts: Int32Array.from(added.starts),
          indices: Int32Array.from(added.indices),
          values: Float64Array.from(added.values),
        },
      });
    },
    setValue: (at, value) => void model.changeColCost(first + at, -value),
    remove: (at) => void model.deleteCols({ kind: 'set', indices: at.map((x) => first + x) }),
    relimit: (next) => void (R > 0 && model.changeRowsBounds({ kind: 'range', from: P, to: P + R - 1 }, next, next)),
    solve(lower, upper, seconds, cuts) {
      if (R > 0) {
        // An end at infinity has no slack: its column is fixed at 0.
        const cost = Float64Array.from({ length: 2 * R }, (_, j) =>
          j < R ? -lower[j] : Number.isFinite(upper[j - R]) ? upper[j - R] : 0,
        );
        const top = Float64Array.from({ length: 2 * R }, (_, j) =>
          j < R || Number.isFinite(upper[j - R]) ? Infinity : 0,
        );
        model.changeColsCost(ends, cost);
        model.changeColsBounds(ends, new Float64Array(2 * R), top);
      }
      if (!runCutModel(highs, model, seconds, stallLimit(cuts + R + P))) return undefined;
      const { colValue, rowDual } = model.getSolution();
      return {
        lambda: Float64Array.from({ length: R }, (_, r) => -rowDual[P + r]),
        theta: -model.getObjectiveValue(),
        reduced: Float64Array.from({ length: R }, (_, r) => colValue[r] - colValue[R + r]),
        weights: Float64Array.from(colValue.subarray(first, first + cuts)),
        iterations: simplexIterations(model),
      };
    },
  };
}
