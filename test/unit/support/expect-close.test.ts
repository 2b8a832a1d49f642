import { describe, expect, it } from 'vitest';
import { expectClose, isClose } from '../../support/expect-close.ts';

describe('expectClose', () => {
  it('passes within the tolerance and names both numbers when it fails', () => {
    expectClose(100.00001, 100, { relative: 1e-6 });
    expect(() => expectClose(3478.8, 3478.9, { absolute: 0.01 }, 'net value')).toThrow(
      /net value: 3478\.8 is not within 0\.01 of 3478\.9/,
    );
  });

  it('never calls NaN close', () => {
    expect(isClose(Number.NaN, 1)).toBe(false);
    expect(() => expectClose(Number.NaN, Number.NaN)).toThrow(/NaN is not within/);
  });
});
