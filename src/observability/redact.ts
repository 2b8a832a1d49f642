/** What replaces a secret or a sensitive field in a log line. */
export const REDACTED = '[redacted]';

/**
 * Field names whose values never reach a log line, whatever they hold: credentials, signatures,
 * Slack response URLs (anyone holding one can post in the channel for 30 minutes), raw request
 * bodies and customer-level columns.
 */
const SENSITIVE_KEY =
  /secret|token|password|passwd|authori[sz]ation|cookie|signature|response_?url|^body$|raw_?body|^rows$|customer_?ids?$|^ids$/i;

/** Longest string kept in a log field; the rest is cut (a CSV pasted into an error message stays out). */
export const MAX_STRING = 1000;
/** Longest array kept in a log field; longer arrays become a count (no list of customers in a log). */
export const MAX_ARRAY = 20;
const MAX_DEPTH = 6;

export interface RedactOptions {
  /** Exact secret values (signing secret, bot token, webhook secret) to blank wherever they appear. */
  secrets: readonly string[];
}

function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 6 && out.includes(secret)) out = out.split(secret).join(REDACTED);
  out = out.replace(/xox[abposr]-[A-Za-z0-9-]+/g, REDACTED).replace(/v0=[0-9a-f]{64}/g, REDACTED);
  return out.length > MAX_STRING ? `${out.slice(0, MAX_STRING)}… (${out.length - MAX_STRING} more characters)` : out;
}

function describeError(error: Error): Record<string, unknown> {
  const code = (error as { code?: unknown }).code;
  return {
    name: error.name,
    message: error.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(error.stack ? { stack: error.stack } : {}),
  };
}

/**
 * A copy of `value` safe to log: sensitive keys blanked, known secret values and anything
 * shaped like a Slack token or signature replaced, long strings cut, long arrays counted,
 * errors reduced to name, code, message and stack, typed arrays and cycles summarised.
 */
export function redact(value: unknown, options: RedactOptions, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubText(value, options.secrets);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return `[${typeof value}]`;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  seen.add(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Error) return redact(describeError(value), options, depth + 1, seen);
  if (ArrayBuffer.isView(value))
    return `[${value.constructor.name} of ${(value as unknown as ArrayLike<unknown>).length ?? value.byteLength}]`;
  if (Array.isArray(value)) {
    if (value.length > MAX_ARRAY) return `[array of ${value.length}]`;
    return value.map((item) => redact(item, options, depth + 1, seen));
  }
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) {
    out[key] = SENSITIVE_KEY.test(key) ? REDACTED : redact(member, options, depth + 1, seen);
  }
  return out;
}
