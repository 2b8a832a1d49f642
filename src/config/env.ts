import * as z from 'zod';
import { PlannerError } from '../domain/errors.ts';
import { POLICY_KEYS, type PolicyKey } from '../domain/policy.ts';

const SLACK_USER_ID = /^[UW][A-Z0-9]+$/;
const SLACK_CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;

/** Whether Intl knows `zone`; UTC, the default, without loading Intl's time-zone data. */
function isTimeZone(zone: string): boolean {
  if (zone === 'UTC') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const optionalText = z
  .string()
  .trim()
  .transform((text) => (text === '' ? undefined : text))
  .optional();

/** Policy keys with a number for value: the only ones guardrails may bound. */
const NUMERIC_KEYS = (Object.keys(POLICY_KEYS) as PolicyKey[]).filter(
  (key) => POLICY_KEYS[key].kind !== 'text' && POLICY_KEYS[key].kind !== 'objective',
);

const boundsSchema = z
  .object({ min: z.number().finite().optional(), max: z.number().finite().optional() })
  .strict()
  .refine((bounds) => bounds.min !== undefined || bounds.max !== undefined, 'give min, max or both')
  .refine(
    (bounds) => bounds.min === undefined || bounds.max === undefined || bounds.min <= bounds.max,
    'min must not exceed max',
  );

/**
 * POLICY_GUARDRAILS: JSON such as `{"budget":{"min":100,"max":300},"holdout":{"max":0.2}}`,
 * bounds in each key's own units (dollars, counts, shares as fractions). Empty means none.
 */
const guardrailsSchema = optionalText
  .transform((text, ctx) => {
    if (text === undefined) return {};
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.partialRecord(z.enum(NUMERIC_KEYS as [PolicyKey, ...PolicyKey[]]), boundsSchema));

const USER_IDS = 'a comma-separated list of Slack user ids such as U012ABCDEF';

const userIds = z.string().transform((text) =>
  text
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== ''),
);

const seconds = (fallback: number, max: number) =>
  z.preprocess((raw) => (raw === undefined || raw === '' ? fallback : Number(raw)), z.number().int().min(1).max(max));

/**
 * The non-secret configuration of the Slack app, the worker and the Monday summary.
 * Secrets (signing secret, bot token, webhook secret) are loaded by `src/config/secrets.ts`.
 */
const envSchema = z
  .object({
    DATA_BUCKET: optionalText.describe('an S3 bucket name'),
    LOCAL_STORE_DIR: optionalText.describe('a local folder holding the SPEC 6 layout'),
    PREDICTIONS_PREFIX: z.string().trim().default('predictions/').describe('a key prefix such as predictions/'),
    WORKER_FUNCTION_NAME: optionalText.describe('the name or ARN of the worker Lambda'),
    APPROVER_USER_IDS: userIds.pipe(z.array(z.string().regex(SLACK_USER_ID)).min(1)).describe(USER_IDS),
    PLAN_VIEWER_USER_IDS: userIds
      .optional()
      .pipe(z.array(z.string().regex(SLACK_USER_ID)).optional())
      .describe(`${USER_IDS} (who may download plans; empty: anyone in the workspace)`),
    SUMMARY_CHANNEL_ID: optionalText
      .pipe(z.string().regex(SLACK_CHANNEL_ID).optional())
      .describe('a Slack channel id such as C012ABCDEF'),
    TIME_ZONE: z.string().trim().default('UTC').refine(isTimeZone).describe('an IANA time zone such as Europe/Paris'),
    WEBHOOK_URL: optionalText.pipe(z.url({ protocol: /^https?$/ }).optional()).describe('an http(s) URL'),
    SLACK_API_URL: optionalText
      .pipe(z.url({ protocol: /^https?$/ }).optional())
      .describe('an http(s) URL ending in /api/'),
    SOLVE_TIME_LIMIT_SECONDS: seconds(60, 840).describe('whole seconds, 1 to 840'),
    PLAN_LINK_TTL_SECONDS: seconds(15 * 60, 15 * 60).describe(
      'whole seconds, 1 to 900 (the life of a Download CSV link)',
    ),
    HIGHS_WASM_PATH: optionalText.describe('a path to highs.wasm'),
    CHART_WASM_PATH: optionalText.describe('a path to resvg index_bg.wasm (the chart renderer of /retention sweep)'),
    CHART_FONT_PATHS: optionalText
      .transform((text) =>
        text
          ?.split(',')
          .map((path) => path.trim())
          .filter((path) => path !== ''),
      )
      .describe('comma-separated paths to DejaVuSans.ttf and DejaVuSans-Bold.ttf'),
    POLICY_GUARDRAILS: guardrailsSchema.describe(
      `JSON bounds per numeric policy key in the key's own units, e.g. {"budget":{"min":100,"max":300},"holdout":{"max":0.2}}; keys: ${NUMERIC_KEYS.join(', ')}`,
    ),
  })
  .superRefine((env, ctx) => {
    if ((env.DATA_BUCKET === undefined) === (env.LOCAL_STORE_DIR === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['DATA_BUCKET'],
        message: 'set exactly one of DATA_BUCKET (S3) and LOCAL_STORE_DIR (local folder)',
      });
    }
    if ((env.CHART_WASM_PATH === undefined) !== (env.CHART_FONT_PATHS === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['CHART_WASM_PATH'],
        message: 'and CHART_FONT_PATHS go together: set both or neither',
      });
    }
    if (env.DATA_BUCKET !== undefined && env.WORKER_FUNCTION_NAME === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['WORKER_FUNCTION_NAME'],
        message: 'is required with DATA_BUCKET: the slash command hands its job to the worker Lambda',
      });
    }
  });

/** The validated configuration. */
export type Env = z.infer<typeof envSchema>;

/** The variables that point a function at AWS (bucket, worker, parameters, webhook): a local run clears them. */
export const DEPLOYED_ENV_NAMES = [
  'DATA_BUCKET',
  'WORKER_FUNCTION_NAME',
  'WEBHOOK_URL',
  'SLACK_SIGNING_SECRET_PARAM',
  'SLACK_BOT_TOKEN_PARAM',
  'WEBHOOK_SECRET_PARAM',
] as const;

/** Which function is starting; some variables are required only by one of them. */
export type FunctionRole = 'slack' | 'worker' | 'monday' | 'cli';

const shape: Record<string, z.ZodType> = envSchema.shape;

function describeIssue(issue: z.core.$ZodIssue, source: Readonly<Record<string, string | undefined>>): string {
  const variable = String(issue.path[0] ?? 'environment');
  if (issue.code === 'custom' && issue.message.startsWith('set exactly')) return issue.message;
  if (issue.code === 'custom' && (variable === 'WORKER_FUNCTION_NAME' || variable === 'CHART_WASM_PATH'))
    return `${variable} ${issue.message}`;
  if (variable === 'POLICY_GUARDRAILS' && source[variable]?.trim()) {
    const where = issue.path.length > 1 ? ` at ${issue.path.slice(1).join('.')}` : '';
    return `${variable} is invalid${where} (${issue.message}): expected ${shape[variable]?.description ?? ''}`;
  }
  const accepted = shape[variable]?.description;
  const raw = source[variable];
  const got = raw === undefined || raw.trim() === '' ? 'is not set' : `is invalid (${JSON.stringify(raw)})`;
  return `${variable} ${got}${accepted ? `: expected ${accepted}` : ''}`;
}

/**
 * Validates the environment once (at cold start) and fails fast with a CONFIG error that
 * names the variable and what it accepts. `role` adds what only that function needs.
 */
export function loadEnv(source: Readonly<Record<string, string | undefined>>, role: FunctionRole): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const messages = [...new Set(parsed.error.issues.map((issue) => describeIssue(issue, source)))];
    throw new PlannerError('CONFIG', `bad configuration: ${messages.join('; ')}`, { cause: parsed.error });
  }
  const env = parsed.data;
  if (role === 'monday' && env.SUMMARY_CHANNEL_ID === undefined) {
    throw new PlannerError(
      'CONFIG',
      'bad configuration: SUMMARY_CHANNEL_ID is not set: expected a Slack channel id such as C012ABCDEF',
    );
  }
  if (env.WEBHOOK_URL !== undefined && !source.WEBHOOK_SECRET && !source.WEBHOOK_SECRET_PARAM) {
    throw new PlannerError(
      'CONFIG',
      'bad configuration: WEBHOOK_URL is set but neither WEBHOOK_SECRET_PARAM nor WEBHOOK_SECRET is: the export must be signed',
    );
  }
  return env;
}
