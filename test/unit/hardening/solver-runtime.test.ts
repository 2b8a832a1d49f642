import type { Highs } from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CATALOG } from '../../../src/domain/catalog.ts';
import { DEFAULT_POLICY } from '../../../src/domain/policy.ts';
import type { Predictions } from '../../../src/domain/predictions.ts';
import { PlannerError } from '../../../src/domain/errors.ts';
import { getHighs } from '../../../src/solver/highs-runtime.ts';
import { buildProblem, type Problem } from '../../../src/solver/problem.ts';
import { solveProblem } from '../../../src/solver/solve.ts';
import { loadSample } from '../../support/sample.ts';
import { expectClose } from '../../support/expect-close.ts';

/** Node's WebAssembly error classes (the compiler's lib has the namespace's types only). */
const { RuntimeError, CompileError } = (
  globalThis as unknown as { WebAssembly: { RuntimeError: ErrorConstructor; CompileError: ErrorConstructor } }
).WebAssembly;

/** A runtime that behaves like HiGHS except that `createModel` traps as a corrupted Wasm module does. */
function trappingRuntime(real: Highs): Highs {
  return new Proxy(real, {
    get(target, property, receiver) {
      if (property === 'createModel') {
        return () => {
          throw new RuntimeError('memory access out of bounds');
        };
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}

/** A loader that hands out `traps` trapping runtimes, then the real one; counts its calls. */
function flakyLoader(real: Highs, traps: number): { load: () => Promise<Highs>; calls: () => number } {
  let calls = 0;
  return {
    load: async () => {
      calls += 1;
      return calls <= traps ? trappingRuntime(real) : real;
    },
    calls: () => calls,
  };
}

let sample: Predictions;
let problem: Problem;
let real: Highs;

beforeAll(async () => {
  sample = await loadSample();
  problem = buildProblem(sample, DEFAULT_CATALOG, DEFAULT_POLICY);
  real = await getHighs();
});

describe('a HiGHS Wasm runtime error', () => {
  it.each(['mip', 'decomposition'] as const)(
    'once: the %s solve reloads the module, retries, and returns the same optimal plan',
    async (method) => {
      // Prepare
      const reference = await solveProblem(problem, { method });
      const loader = flakyLoader(real, 1);

      // Act
      const solved = await solveProblem(problem, { method }, loader.load);

      // Assess
      expect(loader.calls()).toBe(2);
      expect(solved.status).toBe('optimal');
      expectClose(
        solved.objective,
        reference.objective,
        { absolute: 1e-6 * Math.max(1, Math.abs(reference.objective)) },
        'objective after the runtime was reloaded',
      );
    },
  );

  it('twice: a SOLVER error that says the solver failed twice and what to do, never the raw trap', async () => {
    // Prepare
    const loader = flakyLoader(real, 2);

    // Act
    const attempt = solveProblem(problem, { method: 'mip' }, loader.load);

    // Assess
    const error = await attempt.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PlannerError);
    expect(error).toMatchObject({
      code: 'SOLVER',
      message: expect.stringMatching(/^the solver failed twice \(memory access out of bounds\); try again/),
    });
    expect((error as PlannerError).cause).toBeInstanceOf(RuntimeError);
    expect(loader.calls()).toBe(2);
  });

  it('a loader that cannot instantiate the module at all: SOLVER after two tries', async () => {
    // Prepare
    let calls = 0;
    const broken = async (): Promise<Highs> => {
      calls += 1;
      throw new CompileError('wasm validation error: at offset 8: bad magic');
    };

    // Act
    const attempt = solveProblem(problem, { method: 'mip' }, broken);

    // Assess
    await expect(attempt).rejects.toMatchObject({ code: 'SOLVER', message: expect.stringContaining('bad magic') });
    expect(calls).toBe(2);
  });
});
