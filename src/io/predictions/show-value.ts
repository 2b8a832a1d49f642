/** The longest cell value quoted back in a message; longer ones are cut and their length given. */
export const SHOWN_VALUE_CHARS = 40;

/** A cell value as quoted in an error: `"abc"`, or `"abcd…" (102,400 characters)` when long. */
export function showValue(text: string): string {
  if (text.length <= SHOWN_VALUE_CHARS) return `"${text}"`;
  return `"${text.slice(0, SHOWN_VALUE_CHARS)}…" (${text.length.toLocaleString('en-US')} characters)`;
}
