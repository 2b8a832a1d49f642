import { formatNumber } from './format-number.ts';

/** Longest piece of typed or read text a message repeats back. */
export const QUOTE_MAX_CHARS = 60;

/** The first `max` code points of `text` (never half a surrogate pair). */
function head(text: string, max: number): string {
  return Array.from(text.slice(0, 2 * max))
    .slice(0, max)
    .join('');
}

const length = (text: string): string => `(${formatNumber(text.length)} characters)`;

/** `text` cut to `max` characters, its length named when it was longer: `aaaa… (102,400 characters)`. */
export function cutText(text: string, max: number): string {
  return text.length <= max ? text : `${head(text, max)}… ${length(text)}`;
}

/**
 * `text` in double quotes for a message, cut to `max` characters with its length named when
 * longer: `"budget=aaaa…" (102,400 characters)`. A pasted file or a 100 KB value typed by
 * mistake is then named, not echoed whole.
 */
export function quoteInput(text: string, max: number = QUOTE_MAX_CHARS): string {
  return text.length <= max ? `"${text}"` : `"${head(text, max)}…" ${length(text)}`;
}
