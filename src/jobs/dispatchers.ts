import type { AppLogger } from '../observability/app-logger.ts';

/** Hands a recorded job (`jobs/<job_id>.json`) to the worker without waiting for it. */
export interface JobDispatcher {
  dispatch(jobId: string): Promise<void>;
}

/** Local and test dispatch: runs the job in this process, after the acknowledgement. */
export interface InProcessDispatcher extends JobDispatcher {
  /** Resolves when every job dispatched so far has finished (the CLI and tests wait on it). */
  idle(): Promise<void>;
}

/**
 * Runs `runJob` in this process without blocking `dispatch` (like the Lambda 'Event' invoke).
 * `load` is called on the first dispatch, so a module that builds this dispatcher does not
 * load the worker (and the solver's Wasm) until a job arrives.
 */
export function createInProcessDispatcher(
  load: () => Promise<(jobId: string) => Promise<unknown>>,
  logger: AppLogger,
): InProcessDispatcher {
  const running = new Set<Promise<unknown>>();
  return {
    async dispatch(jobId) {
      const run = (async () => (await load())(jobId))().catch((error: unknown) => {
        logger.error('in-process job failed', { job_id: jobId, error: String(error) });
      });
      running.add(run);
      void run.finally(() => running.delete(run));
    },
    async idle() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}
