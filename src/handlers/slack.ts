import { loadEnv } from '../config/env.ts';
import { cacheSecrets } from '../config/secrets.ts';
import { createSlackApp, type AwsHandler } from '../slack/app.ts';
import { slackDepsLoader } from './production-deps.ts';

const env = loadEnv(process.env, 'slack');
const loadDeps = slackDepsLoader(env);
const loadHandler = cacheSecrets(async () => createSlackApp(await loadDeps()).handler);

/**
 * API Gateway (HTTP API, payload 2.0) -> Bolt: `/retention` (plans, sweep, compare, uplift,
 * calibrate, history, status, help), Approve & send and Accept catalog.
 * Configuration (guardrails included) is checked at cold start; secrets are fetched once, on
 * the first request. This module never loads the solver: plans, sweeps, comparisons and
 * measurements are handed to the worker.
 */
export const handler: AwsHandler = async (event, context) => (await loadHandler())(event, context);
