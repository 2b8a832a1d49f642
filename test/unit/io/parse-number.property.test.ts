import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDecimalBytes, parseDecimalText } from '../../../src/io/predictions/parse-number.ts';

/** Parses `text` from the middle of a byte array, as the reader does, and compares with the text grammar. */
function expectSameAsText(text: string): void {
  const bytes = new TextEncoder().encode(`#${text}#`);
  expect(Object.is(parseDecimalBytes(bytes, 1, bytes.length - 1), parseDecimalText(text))).toBe(true);
}

describe('parseDecimalBytes (property)', () => {
  it('gives exactly the double Number() gives for any decimal text, on the fast path or not', () => {
    const decimal = fc
      .tuple(
        fc.constantFrom('', '+', '-'),
        fc.stringMatching(/^\d{0,20}$/),
        fc.boolean(),
        fc.stringMatching(/^\d{0,20}$/),
        fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), fc.integer({ min: 0, max: 400 }))),
        fc.constantFrom('', ' ', '\t'),
      )
      .map(([sign, whole, point, fraction, exponent, pad]) => {
        const body = `${sign}${whole}${point ? '.' : ''}${fraction}${exponent ? exponent.join('') : ''}`;
        return `${pad}${body}${pad}`;
      });
    fc.assert(fc.property(decimal, expectSameAsText), { numRuns: 3000 });
  });

  it('refuses what the grammar refuses: any text that is not a decimal number gives NaN', () => {
    fc.assert(fc.property(fc.string({ maxLength: 12 }), expectSameAsText), { numRuns: 3000 });
  });

  it('reads the six-decimal probabilities of a churn model exactly as Number() does', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (micro) => {
        const text = (micro / 1e6).toFixed(6);
        expectSameAsText(text);
        expect(parseDecimalText(text)).toBe(Number(text));
      }),
    );
  });
});
