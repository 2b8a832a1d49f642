/**
 * `value` as `value.toLocaleString('en-US', { minimumFractionDigits, maximumFractionDigits })`
 * writes it: thousands commas, halves rounded away from zero on the number's shortest decimal
 * form, a `-` kept on a negative that rounds to 0. Plain string arithmetic: the first Intl
 * number format of a process loads the locale data, which a short command then mostly waits on.
 */
export function formatNumber(value: number, maxFraction = 3, minFraction = 0): string {
  if (!Number.isFinite(value)) return value.toLocaleString('en-US');
  const negative = value < 0 || Object.is(value, -0);
  const [mantissa, exponent = '0'] = Math.abs(value).toString().split('e');
  const [whole, fraction = ''] = mantissa.split('.');
  const digits = whole + fraction;
  // Digits kept: those before the point and `maxFraction` after it.
  const keep = whole.length + Number(exponent) + maxFraction;
  let scaled = keep > 0 ? BigInt(digits.slice(0, keep).padEnd(keep, '0')) : 0n;
  if (keep >= 0 && Number(digits[keep] ?? '0') >= 5) scaled += 1n;
  const text = scaled.toString().padStart(maxFraction + 1, '0');
  const integer = text.slice(0, text.length - maxFraction).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  let decimals = text.slice(text.length - maxFraction);
  while (decimals.length > minFraction && decimals.endsWith('0')) decimals = decimals.slice(0, -1);
  return `${negative ? '-' : ''}${integer}${decimals ? `.${decimals}` : ''}`;
}

/**
 * Dollars with `minFraction` to `maxFraction` decimals and an optional unit after them (`$1.2k`): a negative amount
 * as `-$3.10`, one that rounds to zero without a sign, so Slack and the CLI print alike.
 */
export function formatDollarAmount(value: number, maxFraction: number, minFraction = maxFraction, suffix = ''): string {
  const text = formatNumber(Math.abs(value), maxFraction, minFraction);
  const sign = value < 0 && /[1-9]/.test(text) ? '-' : '';
  return `${sign}$${text}${suffix}`;
}
