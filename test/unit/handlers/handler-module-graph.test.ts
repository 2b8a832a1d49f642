import { localLambdaContext } from '../../../src/dev/lambda-context.ts';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEPLOYED_ENV_NAMES } from '../../../src/config/env.ts';
import { buildSlackEvent, slashCommandBody } from '../../../src/slack/signed-request.ts';
import { tempDirForTest } from '../../support/temp-dir.ts';

const loaded: string[] = [];

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

describe('the Slack handler module', () => {
  it('answers a signed command without loading the solver or HiGHS', async () => {
    // Prepare
    const root = await tempDirForTest('graph-');
    for (const name of DEPLOYED_ENV_NAMES) vi.stubEnv(name, '');
    vi.stubEnv('LOCAL_STORE_DIR', root);
    vi.stubEnv('APPROVER_USER_IDS', 'U012ABCDEF');
    vi.stubEnv('SLACK_SIGNING_SECRET', 'graph-secret');
    vi.stubEnv('SLACK_BOT_TOKEN', 'xoxb-graph');
    vi.doMock('highs', () => (loaded.push('highs'), {}));
    vi.doMock('../../../src/solver/highs-runtime.ts', () => (loaded.push('highs-runtime'), {}));
    vi.doMock('../../../src/solver/plan-week.ts', () => (loaded.push('plan-week'), {}));
    vi.doMock('../../../src/solver/problem.ts', () => (loaded.push('problem'), {}));

    // Act
    const { handler } = await import('../../../src/handlers/slack.ts');
    const body = slashCommandBody({
      text: 'help',
      userId: 'U1',
      channelId: 'C1',
      responseUrl: 'http://127.0.0.1:9/response/1',
    });
    const answer = await handler(
      buildSlackEvent({ body, signingSecret: 'graph-secret', timestamp: Math.floor(Date.now() / 1000) }),
      localLambdaContext(),
    );

    // Assess
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('budget');
    expect(loaded).toEqual([]);
  });

  it('imports nothing under src/solver statically (the bundled cold start evaluates none of it)', async () => {
    // Prepare
    const entry = fileURLToPath(new URL('../../../src/handlers/slack.ts', import.meta.url));

    // Act
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      metafile: true,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
    });
    const inputs = result.metafile.inputs;
    const reached = new Set<string>();
    const visit = (path: string) => {
      if (reached.has(path) || !inputs[path]) return;
      reached.add(path);
      for (const edge of inputs[path].imports) if (edge.kind !== 'dynamic-import') visit(edge.path);
    };
    visit(Object.keys(inputs).find((path) => path.endsWith('src/handlers/slack.ts')) ?? '');

    // Assess
    expect(reached.size).toBeGreaterThan(10);
    expect([...reached].filter((path) => path.includes('src/solver/') || path.includes('node_modules/highs/'))).toEqual(
      [],
    );
    expect(Object.keys(inputs).some((path) => path.includes('src/solver/plan-week.ts'))).toBe(true);
  });
});
