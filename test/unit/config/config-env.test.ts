import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../../src/config/env.ts';

const base = {
  DATA_BUCKET: 'retention-data',
  WORKER_FUNCTION_NAME: 'retention-planner-prod-worker',
  APPROVER_USER_IDS: 'U012ABCDEF, U034GHIJKL',
};

describe('loadEnv', () => {
  it('reads a production configuration with its defaults', () => {
    // Act
    const env = loadEnv(base, 'slack');

    // Assess
    expect(env.APPROVER_USER_IDS).toEqual(['U012ABCDEF', 'U034GHIJKL']);
    expect(env.TIME_ZONE).toBe('UTC');
    expect(env.PREDICTIONS_PREFIX).toBe('predictions/');
    expect(env.SOLVE_TIME_LIMIT_SECONDS).toBe(60);
    expect(env.WEBHOOK_URL).toBeUndefined();
  });

  it.each([
    [
      { ...base, APPROVER_USER_IDS: undefined },
      /APPROVER_USER_IDS is not set: expected a comma-separated list of Slack user ids/,
    ],
    [{ ...base, APPROVER_USER_IDS: 'alice' }, /APPROVER_USER_IDS is invalid \("alice"\)/],
    [{ ...base, TIME_ZONE: 'Mars/Olympus' }, /TIME_ZONE is invalid \("Mars\/Olympus"\): expected an IANA time zone/],
    [{ ...base, SOLVE_TIME_LIMIT_SECONDS: '10m' }, /SOLVE_TIME_LIMIT_SECONDS is invalid \("10m"\)/],
    [{ ...base, WORKER_FUNCTION_NAME: '' }, /WORKER_FUNCTION_NAME is required with DATA_BUCKET/],
    [{ ...base, LOCAL_STORE_DIR: '/tmp/x' }, /set exactly one of DATA_BUCKET \(S3\) and LOCAL_STORE_DIR/],
    [{ ...base, WEBHOOK_URL: 'ftp://campaigns.example' }, /WEBHOOK_URL is invalid/],
    [
      { ...base, WEBHOOK_URL: 'https://campaigns.example/hook' },
      /WEBHOOK_URL is set but neither WEBHOOK_SECRET_PARAM nor WEBHOOK_SECRET is/,
    ],
  ])('fails fast with a CONFIG error naming the variable (%#)', (source, message) => {
    expect(() => loadEnv(source, 'worker')).toThrow(message);
    expect(() => loadEnv(source, 'worker')).toThrow(expect.objectContaining({ code: 'CONFIG' }));
  });

  it('requires SUMMARY_CHANNEL_ID for the Monday function only', () => {
    expect(() => loadEnv(base, 'monday')).toThrow(/SUMMARY_CHANNEL_ID is not set/);
    expect(loadEnv({ ...base, SUMMARY_CHANNEL_ID: 'C012ABCDEF' }, 'monday').SUMMARY_CHANNEL_ID).toBe('C012ABCDEF');
  });

  it('reads POLICY_GUARDRAILS as bounds per numeric policy key', () => {
    // Act
    const env = loadEnv(
      { ...base, POLICY_GUARDRAILS: '{"budget":{"min":100,"max":300},"holdout":{"max":0.2}}' },
      'slack',
    );

    // Assess
    expect(env.POLICY_GUARDRAILS).toEqual({ budget: { min: 100, max: 300 }, holdout: { max: 0.2 } });
    expect(loadEnv(base, 'slack').POLICY_GUARDRAILS).toEqual({});
  });

  it.each([
    ['{budget: 100}', /POLICY_GUARDRAILS is invalid \(not JSON\): expected JSON bounds per numeric policy key/],
    ['{"bugdet":{"max":300}}', /POLICY_GUARDRAILS is invalid \(Unrecognized key: "bugdet"\).*keys: budget, email_cap/],
    ['{"premium_segment":{"max":3}}', /POLICY_GUARDRAILS is invalid \(Unrecognized key: "premium_segment"\)/],
    ['{"budget":{"min":300,"max":100}}', /POLICY_GUARDRAILS is invalid at budget \(min must not exceed max\)/],
    ['{"budget":{"max":"300"}}', /POLICY_GUARDRAILS is invalid at budget\.max/],
    ['{"budget":{}}', /POLICY_GUARDRAILS is invalid at budget \(give min, max or both\)/],
  ])('refuses POLICY_GUARDRAILS=%s with a CONFIG error naming the variable', (raw, message) => {
    expect(() => loadEnv({ ...base, POLICY_GUARDRAILS: raw }, 'slack')).toThrow(message);
    expect(() => loadEnv({ ...base, POLICY_GUARDRAILS: raw }, 'slack')).toThrow(
      expect.objectContaining({ code: 'CONFIG' }),
    );
  });

  it('takes the chart renderer paths together or not at all', () => {
    expect(() => loadEnv({ ...base, CHART_WASM_PATH: '/opt/resvg.wasm' }, 'worker')).toThrow(
      'CHART_WASM_PATH and CHART_FONT_PATHS go together',
    );
    const env = loadEnv(
      {
        ...base,
        CHART_WASM_PATH: '/opt/resvg.wasm',
        CHART_FONT_PATHS: '/opt/DejaVuSans.ttf, /opt/DejaVuSans-Bold.ttf',
      },
      'worker',
    );
    expect(env.CHART_FONT_PATHS).toEqual(['/opt/DejaVuSans.ttf', '/opt/DejaVuSans-Bold.ttf']);
  });
});
