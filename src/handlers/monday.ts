import type { Context, ScheduledEvent } from 'aws-lambda';
import { loadEnv } from '../config/env.ts';
import { DEFAULT_RESERVE_MS } from '../jobs/deadline.ts';
import { runMondaySummary } from '../jobs/monday-summary.ts';
import { mondayDepsLoader } from './production-deps.ts';

const env = loadEnv(process.env, 'monday');
const loadDeps = mondayDepsLoader(env);

/**
 * Scheduled (EventBridge Scheduler): posts the Monday plan when local time in TIME_ZONE is
 * Monday 09:xx, once per Monday; any other invocation returns without doing anything.
 * Like the worker, its solve is cut to end before Lambda's deadline (from `context`).
 */
export async function handler(
  _event?: ScheduledEvent,
  context?: Context,
): Promise<{ posted: boolean; reason: string; planId?: string }> {
  const deps = await loadDeps();
  const deadline = context
    ? { remainingMs: () => context.getRemainingTimeInMillis(), reserveMs: DEFAULT_RESERVE_MS }
    : undefined;
  return runMondaySummary(deadline ? { ...deps, deadline } : deps, new Date());
}
