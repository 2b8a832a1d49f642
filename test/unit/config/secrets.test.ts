import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { describe, expect, it } from 'vitest';
import { PlannerError } from '../../../src/domain/errors.ts';
import {
  createSecretsLoader,
  fetchSecrets,
  readSecretSources,
  type ParameterClient,
} from '../../../src/config/secrets.ts';
import { startFakeSsm } from '../../integration/deploy/fake-ssm-server.ts';

interface StoredParameter {
  value: string;
  type?: 'String' | 'SecureString' | 'StringList';
}

/** An in-memory SSM that answers GetParameters as the service does, and records each call. */
function createFakeSsm(parameters: Record<string, StoredParameter>) {
  const calls: GetParametersCommand['input'][] = [];
  const client: ParameterClient = {
    async send(command) {
      calls.push(command.input);
      const names = command.input.Names ?? [];
      return {
        Parameters: names
          .filter((name) => name in parameters)
          .map((name) => ({
            Name: name,
            Type: parameters[name].type ?? 'SecureString',
            Value: command.input.WithDecryption ? parameters[name].value : 'AQICAH-encrypted',
          })),
        InvalidParameters: names.filter((name) => !(name in parameters)),
      };
    },
  };
  return { client, calls };
}

const AWS_ENV = {
  SLACK_SIGNING_SECRET_PARAM: '/retention/test/slack-signing-secret',
  SLACK_BOT_TOKEN_PARAM: '/retention/test/slack-bot-token',
};

async function captureError(run: () => unknown): Promise<PlannerError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof PlannerError) return error;
    throw error;
  }
  throw new Error('expected a PlannerError');
}

describe('readSecretSources', () => {
  it('fails with the variable name when the signing secret has no source', async () => {
    // Prepare
    const env = { SLACK_BOT_TOKEN_PARAM: '/retention/test/slack-bot-token' };

    // Act
    const error = await captureError(() => readSecretSources(env));

    // Assess
    expect(error.code).toBe('CONFIG');
    expect(error.message).toContain('SLACK_SIGNING_SECRET_PARAM');
  });

  it('refuses a parameter name SSM would not accept, naming the variable', async () => {
    // Prepare
    const env = { ...AWS_ENV, SLACK_BOT_TOKEN_PARAM: 'my token!' };

    // Act
    const error = await captureError(() => readSecretSources(env));

    // Assess
    expect(error.code).toBe('CONFIG');
    expect(error.message).toMatch(/^SLACK_BOT_TOKEN_PARAM must be an SSM parameter name/);
  });

  it('prefers the SSM parameter over a plain value and leaves the webhook secret optional', () => {
    // Prepare
    const env = { ...AWS_ENV, SLACK_SIGNING_SECRET: 'plain-dev-secret' };

    // Act
    const sources = readSecretSources(env);

    // Assess
    expect(sources.slackSigningSecret).toEqual({
      param: AWS_ENV.SLACK_SIGNING_SECRET_PARAM,
      envVar: 'SLACK_SIGNING_SECRET_PARAM',
    });
    expect(sources.webhookSecret).toBeUndefined();
  });
});

describe('fetchSecrets', () => {
  it('reads every parameter in one decrypted GetParameters call', async () => {
    // Prepare
    const ssm = createFakeSsm({
      '/retention/test/slack-signing-secret': { value: 'signing-123' },
      '/retention/test/slack-bot-token': { value: 'xoxb-1-2-3\n' },
      '/retention/test/webhook': { value: 'hook-456' },
    });
    const sources = readSecretSources({ ...AWS_ENV, WEBHOOK_SECRET_PARAM: '/retention/test/webhook' });

    // Act
    const secrets = await fetchSecrets(sources, ssm.client);

    // Assess
    expect(secrets).toEqual({
      slackSigningSecret: 'signing-123',
      slackBotToken: 'xoxb-1-2-3',
      webhookSecret: 'hook-456',
    });
    expect(ssm.calls).toHaveLength(1);
    expect(ssm.calls[0].WithDecryption).toBe(true);
    expect(ssm.calls[0].Names).toHaveLength(3);
  });

  it('names the missing parameter and the variable that points at it', async () => {
    // Prepare
    const ssm = createFakeSsm({ '/retention/test/slack-signing-secret': { value: 'signing-123' } });

    // Act
    const error = await captureError(() => fetchSecrets(readSecretSources(AWS_ENV), ssm.client));

    // Assess
    expect(error.code).toBe('CONFIG');
    expect(error.message).toContain('/retention/test/slack-bot-token');
    expect(error.message).toContain('SLACK_BOT_TOKEN_PARAM');
    expect(error.message).toContain('does not exist');
  });

  it('refuses a secret stored as a plain String parameter', async () => {
    // Prepare
    const ssm = createFakeSsm({
      '/retention/test/slack-signing-secret': { value: 'signing-123', type: 'String' },
      '/retention/test/slack-bot-token': { value: 'xoxb-1' },
    });

    // Act
    const error = await captureError(() => fetchSecrets(readSecretSources(AWS_ENV), ssm.client));

    // Assess
    expect(error.message).toContain('/retention/test/slack-signing-secret');
    expect(error.message).toContain('SecureString');
  });

  it('refuses an empty parameter', async () => {
    // Prepare
    const ssm = createFakeSsm({
      '/retention/test/slack-signing-secret': { value: 'signing-123' },
      '/retention/test/slack-bot-token': { value: '  ' },
    });

    // Act
    const error = await captureError(() => fetchSecrets(readSecretSources(AWS_ENV), ssm.client));

    // Assess
    expect(error.message).toMatch(/slack-bot-token .* is empty/);
  });

  it('turns an SSM failure (e.g. access denied) into a CONFIG error that keeps the cause', async () => {
    // Prepare
    const denied = Object.assign(new Error('not authorized to perform ssm:GetParameters'), {
      name: 'AccessDeniedException',
    });
    const client: ParameterClient = { send: () => Promise.reject(denied) };

    // Act
    const error = await captureError(() => fetchSecrets(readSecretSources(AWS_ENV), client));

    // Assess
    expect(error.code).toBe('CONFIG');
    expect(error.message).toContain('AccessDeniedException');
    expect(error.cause).toBe(denied);
  });
});

describe('createSecretsLoader', () => {
  it('fetches once per cold start and serves later invocations from the cache', async () => {
    // Prepare
    const ssm = createFakeSsm({
      '/retention/test/slack-signing-secret': { value: 'signing-123' },
      '/retention/test/slack-bot-token': { value: 'xoxb-1' },
    });
    const loadSecrets = createSecretsLoader(AWS_ENV, () => ssm.client);

    // Act
    const [first, second] = await Promise.all([loadSecrets(), loadSecrets()]);
    const third = await loadSecrets();

    // Assess
    expect(ssm.calls).toHaveLength(1);
    expect(third).toBe(first);
    expect(second.slackBotToken).toBe('xoxb-1');
  });

  it('retries after a failed fetch instead of caching the failure', async () => {
    // Prepare
    let attempts = 0;
    const ssm = createFakeSsm({
      '/retention/test/slack-signing-secret': { value: 'signing-123' },
      '/retention/test/slack-bot-token': { value: 'xoxb-1' },
    });
    const flaky: ParameterClient = {
      send: (command) => (++attempts === 1 ? Promise.reject(new Error('throttled')) : ssm.client.send(command)),
    };
    const loadSecrets = createSecretsLoader(AWS_ENV, () => flaky);

    // Act
    const firstError = await captureError(() => loadSecrets());
    const secrets = await loadSecrets();

    // Assess
    expect(firstError.code).toBe('CONFIG');
    expect(secrets.slackSigningSecret).toBe('signing-123');
    expect(attempts).toBe(2);
  });

  it('reads only the requested secrets, so the worker never asks for the signing secret', async () => {
    // Prepare
    const ssm = createFakeSsm({ '/retention/test/slack-bot-token': { value: 'xoxb-1' } });
    const env = { SLACK_BOT_TOKEN_PARAM: '/retention/test/slack-bot-token' };

    // Act
    const secrets = await createSecretsLoader(env, () => ssm.client, ['slackBotToken'])();

    // Assess
    expect(secrets).toEqual({ slackBotToken: 'xoxb-1' });
    expect(ssm.calls[0].Names).toEqual(['/retention/test/slack-bot-token']);
  });

  it('needs no SSM client when every secret is given in plain text (local development)', async () => {
    // Prepare
    let clientsCreated = 0;
    const loadSecrets = createSecretsLoader({ SLACK_SIGNING_SECRET: 'dev-secret', SLACK_BOT_TOKEN: 'xoxb-dev' }, () => {
      clientsCreated += 1;
      return createFakeSsm({}).client;
    });

    // Act
    const secrets = await loadSecrets();

    // Assess
    expect(secrets).toEqual({ slackSigningSecret: 'dev-secret', slackBotToken: 'xoxb-dev', webhookSecret: undefined });
    expect(clientsCreated).toBe(0);
  });

  it('works with the real SSMClient over the wire (fake SSM endpoint on loopback)', async () => {
    // Prepare
    const server = await startFakeSsm({
      '/retention/test/slack-signing-secret': { value: 'signing-wire' },
      '/retention/test/slack-bot-token': { value: 'xoxb-wire' },
    });
    const client = new SSMClient({
      region: 'eu-west-1',
      endpoint: server.endpoint,
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
    });

    try {
      // Act
      const secrets = await createSecretsLoader(AWS_ENV, () => client)();

      // Assess
      expect(secrets.slackSigningSecret).toBe('signing-wire');
      expect(secrets.slackBotToken).toBe('xoxb-wire');
      expect(server.requests).toEqual([
        { Names: [AWS_ENV.SLACK_SIGNING_SECRET_PARAM, AWS_ENV.SLACK_BOT_TOKEN_PARAM], WithDecryption: true },
      ]);
    } finally {
      client.destroy();
      await server.close();
    }
  });
});
