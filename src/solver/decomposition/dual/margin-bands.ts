/**
 * Margins in bands of powers of two, for the screened passes (see screen.ts): a margin's band
 * comes from its exponent and the top two bits of its mantissa, with no logarithm.
 */

/**
 * Margin bands, four per power of two: band 0 holds margins below 2 units, band
 * 4(e − 1) + m + 1 those in [2^e (1 + m/4), 2^e (1 + (m + 1)/4)) for e ≥ 1 and m = 0..3. A
 * screened pass evaluates again the bands below the one holding its bound, and at most a
 * quarter of an octave more than it strictly needs.
 */
export const BANDS = 256;
const TOP_BAND = BANDS - 2;
/** Customers with no eligible action: they never take any. */
const NEVER = BANDS - 1;
/** The margin unit, as a share of the largest |value|: margins below two units (ties among them) share band 0. */
export const UNIT_SHARE = 2 ** -40;
const exponentView = new Float64Array(1);
const exponentWords = new Uint32Array(exponentView.buffer);
const HIGH_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** The band of a margin of `units` margin units (≥ 0): the exponent and the top two bits of the mantissa. */
export function bandOf(units: number): number {
  if (!(units >= 2)) return 0;
  if (units === Number.POSITIVE_INFINITY) return NEVER;
  exponentView[0] = units;
  // Bits 18-30 of the high word: 4 × (e + 1023) + m.
  const band = ((exponentWords[HIGH_WORD] >>> 18) & 0x1fff) - 4095;
  return band < TOP_BAND ? band : TOP_BAND;
}
