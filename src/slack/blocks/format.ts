import { formatDollarAmount, formatNumber } from '../../domain/format-number.ts';

/** Dollars for people: `$1,234.56`, or `$1,235` when `whole`; negative amounts as `-$12.00`. */
export function formatDollars(amount: number, options: { whole?: boolean } = {}): string {
  return formatDollarAmount(amount, options.whole ? 0 : 2);
}

/** A percentage already in percent units: `12.3%`. */
export function formatPercent(percent: number, digits = 1): string {
  if (!Number.isFinite(percent)) return 'n/a';
  return `${formatNumber(percent, digits)}%`;
}

/** A share in [0, 1] as a percentage. */
export function formatShare(share: number, digits = 1): string {
  return formatPercent(share * 100, digits);
}

/** A count with thousands separators. */
export function formatCount(count: number): string {
  return formatNumber(Math.round(count));
}

/** A signed change, e.g. `+$120.00` or `-3`, for week-over-week comparisons. */
export function formatChange(delta: number, format: (value: number) => string): string {
  if (Math.abs(delta) < 1e-9) return 'no change';
  return `${delta > 0 ? '+' : '-'}${format(Math.abs(delta))}`;
}

/** A byte size for people: `12 KB`, `3.4 MB`. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${formatNumber(value, value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Escapes the three characters Slack's mrkdwn treats as control characters. */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** `<@U123>` for a Slack user id (a mention Slack renders as the person's name); anything else escaped as text. */
export function mentionUser(id: string): string {
  return /^[UW][A-Z0-9]+$/.test(id) ? `<@${id}>` : escapeMrkdwn(id);
}

/** A Slack date token that each reader sees in their own time zone, with a plain fallback. */
export function formatSlackTime(at: Date): string {
  const seconds = Math.floor(at.getTime() / 1000);
  return `<!date^${seconds}^{date_short_pretty} at {time}|${at.toISOString().replace('T', ' ').slice(0, 16)} UTC>`;
}

/**
 * The calendar date (YYYY-MM-DD) of an instant in a time zone; UTC's read off the ISO form,
 * as the first Intl date format of a process loads the locale and time-zone data.
 */
export function localDate(at: Date, timeZone: string): string {
  if (timeZone === 'UTC') return at.toISOString().slice(0, 10);
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
