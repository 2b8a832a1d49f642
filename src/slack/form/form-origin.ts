import * as z from 'zod';

/**
 * Where a form's plan goes, carried through the modal in `private_metadata`: the channel and
 * the reply URL of the request that opened it (a slash command, a button on a plan message),
 * or nothing when it was opened from the Home tab or the global shortcut (the form then asks
 * for a channel and Slack gives a reply URL for it with the submission).
 */
export const formOriginSchema = z.object({
  channel_id: z
    .string()
    .regex(/^[CGD][A-Z0-9]+$/)
    .optional(),
  response_url: z
    .url({ protocol: /^https?$/ })
    .max(1000)
    .optional(),
});

export type FormOrigin = z.infer<typeof formOriginSchema>;

/** The origin as `private_metadata` (well under Slack's 3,000 characters). */
export function encodeFormOrigin(origin: FormOrigin): string {
  return JSON.stringify(origin);
}

/** Reads `private_metadata` back; an unreadable one is an empty origin (the form then needs a channel). */
export function decodeFormOrigin(text: string | undefined): FormOrigin {
  try {
    const parsed = formOriginSchema.safeParse(JSON.parse(text ?? '{}'));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** True when the form knows where to post without asking (it has both a channel and a reply URL). */
export const knowsChannel = (origin: FormOrigin): boolean =>
  origin.channel_id !== undefined && origin.response_url !== undefined;
