import { expect } from 'vitest';
import { PlannerError } from '../../src/domain/errors.ts';

/** The PlannerError `attempt` rejects with; fails the test when it resolves or throws anything else. */
export async function refusalOf(attempt: Promise<unknown>): Promise<PlannerError> {
  const error = await attempt.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(PlannerError);
  return error as PlannerError;
}
