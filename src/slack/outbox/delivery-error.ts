/** A message Slack did not take (response_url expired or used up, rate limit, bad blocks, a refused Web API call). */
export class SlackDeliveryError extends Error {
  override readonly name = 'SlackDeliveryError';
  /** True when the response URL can no longer be used (expired, used five times, unknown). */
  readonly expired: boolean;
  /** Slack's error code for a refused Web API call (`not_in_channel`, `invalid_blocks`, …), when it gave one. */
  readonly slackError?: string;

  constructor(message: string, options: { expired?: boolean; slackError?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.expired = options.expired ?? false;
    if (options.slackError) this.slackError = options.slackError;
  }
}

/** Slack's error code carried by a WebClient failure (`error.data.error`), else the error's message. */
export function slackErrorCode(error: unknown): string {
  const data = (error as { data?: { error?: unknown } } | null)?.data;
  if (typeof data?.error === 'string') return data.error;
  return error instanceof Error ? error.message : String(error);
}

/** Runs one Web API call; a refusal becomes a {@link SlackDeliveryError} naming the method and Slack's code. */
export async function callSlack<T extends { ok?: boolean; error?: string }>(
  method: string,
  call: () => Promise<T>,
): Promise<T> {
  let result: T;
  try {
    result = await call();
  } catch (cause) {
    const code = slackErrorCode(cause);
    throw new SlackDeliveryError(`${method} failed: ${code}`, { slackError: code, cause });
  }
  if (result.ok === false)
    throw new SlackDeliveryError(`${method} failed: ${result.error ?? 'unknown'}`, { slackError: result.error });
  return result;
}
