import { loadEnv } from '../config/env.ts';
import { runMondaySummary } from '../slack/monday-summary.ts';
import { mondayDepsLoader } from './production-deps.ts';

const env = loadEnv(process.env, 'monday');
const loadDeps = mondayDepsLoader(env);

/**
 * Scheduled (EventBridge Scheduler): posts the Monday plan when local time in TIME_ZONE is
 * Monday 09:xx, once per Monday; any other invocation returns without doing anything.
 */
export async function handler(): Promise<{ posted: boolean; reason: string; planId?: string }> {
  return runMondaySummary(await loadDeps(), new Date());
}
