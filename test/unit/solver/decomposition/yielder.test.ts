import { describe, expect, it } from 'vitest';
import { YIELD_AFTER_MS, yielder } from '../../../../src/solver/decomposition/index.ts';

describe('yielding to the event loop during a solve', () => {
  it('returns at once until the interval has passed, then yields once to the event loop and starts the interval again', async () => {
    // Prepare: a clock that only moves when told, and an event-loop task that records when it ran
    let time = 0;
    const pause = yielder(() => time);
    const ran: string[] = [];

    // Act and assess
    time = YIELD_AFTER_MS - 1;
    expect(pause()).toBeUndefined();
    time = YIELD_AFTER_MS;
    setImmediate(() => ran.push('task'));
    const yielded = pause();
    expect(yielded).toBeInstanceOf(Promise);
    await yielded;
    expect(ran).toEqual(['task']);
    time += YIELD_AFTER_MS - 1;
    expect(pause()).toBeUndefined();
    time += 1;
    expect(pause()).toBeInstanceOf(Promise);
  });
});
