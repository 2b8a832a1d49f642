import type { GetParametersCommand, GetParametersCommandOutput } from '@aws-sdk/client-ssm';
import * as z from 'zod';
import { PlannerError } from '../domain/errors.ts';

/** The secrets the Slack app and the export webhook need at run time. */
export interface Secrets {
  slackSigningSecret: string;
  slackBotToken: string;
  /** Signs the export sent to the campaign system; absent when no webhook is configured. */
  webhookSecret: string | undefined;
}

export type SecretKey = keyof Secrets;

const ALL_KEYS: readonly SecretKey[] = ['slackSigningSecret', 'slackBotToken', 'webhookSecret'];

/**
 * Each secret, the environment variable that names its SSM parameter (`<ENV>_PARAM`, used in
 * AWS) and the variable that may hold it in plain text (`<ENV>`, local development only).
 */
export const SECRET_VARIABLES: readonly { key: SecretKey; env: string; what: string; required: boolean }[] = [
  { key: 'slackSigningSecret', env: 'SLACK_SIGNING_SECRET', what: 'the Slack signing secret', required: true },
  { key: 'slackBotToken', env: 'SLACK_BOT_TOKEN', what: 'the Slack bot token (xoxb-...)', required: true },
  { key: 'webhookSecret', env: 'WEBHOOK_SECRET', what: 'the export webhook secret', required: false },
];

/** Where one secret comes from: an SSM parameter name, or a plain value (local development). */
export type SecretSource = { param: string; envVar: string } | { value: string; envVar: string };

export type SecretSources = Partial<Record<SecretKey, SecretSource>>;

/** SSM parameter names: letters, digits, `_.-/`, at most 2048 characters. */
const parameterNameSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.\-/]{1,2048}$/, 'an SSM parameter name such as /retention-planner/prod/slack-signing-secret');

/** Only what the loader needs of an SSM client; an `SSMClient` fits, tests pass a fake. */
export interface ParameterClient {
  send(command: GetParametersCommand): Promise<Pick<GetParametersCommandOutput, 'Parameters' | 'InvalidParameters'>>;
}

/**
 * Reads where each secret comes from, failing with the variable's name. A `<ENV>_PARAM`
 * variable wins over a plain `<ENV>` one; a required secret with neither is a CONFIG error.
 * Only `keys` are read, so a function that needs only the bot token neither needs nor may
 * read the signing secret (its IAM role grants only the parameters it uses).
 */
export function readSecretSources(
  env: Readonly<Record<string, string | undefined>>,
  keys: readonly SecretKey[] = ALL_KEYS,
): SecretSources {
  const sources: SecretSources = {};
  for (const variable of SECRET_VARIABLES.filter((candidate) => keys.includes(candidate.key))) {
    const paramVar = `${variable.env}_PARAM`;
    const param = env[paramVar];
    const value = env[variable.env];
    if (param !== undefined && param.trim() !== '') {
      const parsed = parameterNameSchema.safeParse(param);
      if (!parsed.success) {
        throw new PlannerError('CONFIG', `${paramVar} must be ${parsed.error.issues[0]?.message}; got "${param}"`, {
          cause: parsed.error,
        });
      }
      sources[variable.key] = { param: parsed.data, envVar: paramVar };
    } else if (value !== undefined && value.trim() !== '') {
      sources[variable.key] = { value: value.trim(), envVar: variable.env };
    } else if (variable.required) {
      throw new PlannerError(
        'CONFIG',
        `${paramVar} is not set: give the name of the SSM SecureString parameter that holds ${variable.what}` +
          ` (or set ${variable.env} itself, for local development only)`,
      );
    }
  }
  return sources;
}

/**
 * Resolves every secret: one `GetParameters` call (WithDecryption) for those kept in SSM.
 * A parameter that does not exist, is empty or is not a SecureString is a CONFIG error that
 * names the parameter and the variable that points at it.
 */
export async function fetchSecrets(sources: SecretSources, client: ParameterClient): Promise<Partial<Secrets>> {
  const wanted = Object.values(sources).flatMap((source) => ('param' in source ? [source.param] : []));
  const found = new Map<string, { value: string | undefined; type: string | undefined }>();
  if (wanted.length > 0) {
    // Imported here, so a run whose secrets are all plain text (the simulator) never loads the SDK.
    const { GetParametersCommand } = await import('@aws-sdk/client-ssm');
    let output: Awaited<ReturnType<ParameterClient['send']>>;
    try {
      output = await client.send(new GetParametersCommand({ Names: [...new Set(wanted)], WithDecryption: true }));
    } catch (error) {
      throw new PlannerError('CONFIG', `could not read the SSM parameters ${wanted.join(', ')}: ${describe(error)}`, {
        cause: error,
      });
    }
    for (const parameter of output.Parameters ?? []) {
      if (parameter.Name) found.set(parameter.Name, { value: parameter.Value, type: parameter.Type });
    }
  }
  const resolved: Partial<Secrets> = {};
  for (const variable of SECRET_VARIABLES) {
    const source = sources[variable.key];
    if (!source) continue;
    resolved[variable.key] =
      'param' in source ? checkParameter(source, found.get(source.param), variable.what) : source.value;
  }
  return resolved;
}

function checkParameter(
  source: { param: string; envVar: string },
  parameter: { value: string | undefined; type: string | undefined } | undefined,
  what: string,
): string {
  const where = `SSM parameter ${source.param} (named by ${source.envVar})`;
  if (!parameter) {
    throw new PlannerError('CONFIG', `${where} does not exist or cannot be read; it should hold ${what}`);
  }
  if (parameter.type !== 'SecureString') {
    throw new PlannerError(
      'CONFIG',
      `${where} is a ${parameter.type ?? 'parameter of unknown type'}; store ${what} as a SecureString`,
    );
  }
  const value = parameter.value?.trim() ?? '';
  if (value === '') throw new PlannerError('CONFIG', `${where} is empty; it should hold ${what}`);
  return value;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/**
 * Wraps a loader so the secrets are fetched once per cold start and shared by every
 * invocation of the container; a failed fetch is not cached, so the next invocation retries.
 */
export function cacheSecrets<T>(load: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    if (!pending) {
      const loading = load();
      pending = loading;
      loading.catch(() => {
        if (pending === loading) pending = undefined;
      });
    }
    return pending;
  };
}

/** True when some of `sources` lives in SSM: reading them needs an SSM client. */
export function anyInSsm(sources: SecretSources): boolean {
  return Object.values(sources).some((source) => 'param' in source);
}

/**
 * The composition roots' entry point: reads the sources from `env` (failing fast, before any
 * network call) and returns a cached loader. `createClient` is only called when some secret
 * lives in SSM, so local development needs no AWS configuration. `keys` limits the loader to
 * the secrets this function uses (default: all three).
 */
export function createSecretsLoader(
  env: Readonly<Record<string, string | undefined>>,
  createClient: () => ParameterClient,
): () => Promise<Secrets>;
export function createSecretsLoader<K extends SecretKey>(
  env: Readonly<Record<string, string | undefined>>,
  createClient: () => ParameterClient,
  keys: readonly K[],
): () => Promise<Pick<Secrets, K>>;
export function createSecretsLoader(
  env: Readonly<Record<string, string | undefined>>,
  createClient: () => ParameterClient,
  keys: readonly SecretKey[] = ALL_KEYS,
): () => Promise<Partial<Secrets>> {
  const sources = readSecretSources(env, keys);
  const needsClient = anyInSsm(sources);
  let client: ParameterClient | undefined;
  return cacheSecrets(() => {
    if (needsClient) client ??= createClient();
    return fetchSecrets(sources, client ?? noClient);
  });
}

const noClient: ParameterClient = {
  send: () => Promise.reject(new PlannerError('CONFIG', 'no SSM client: every secret is given in plain text')),
};
