import { localLambdaContext } from '../../../src/dev/lambda-context.ts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEPLOYED_ENV_NAMES } from '../../../src/config/env.ts';
import { createLocalStore } from '../../../src/storage/local-store.ts';
import { listRuns } from '../../../src/storage/run-record.ts';
import { blockText } from '../../support/fake-slack.ts';
import { rng } from '../../support/random-instance.ts';
import { BOT_TOKEN, pathOf, startHardeningBed, type HardeningBed } from './bed.ts';
import { tempDirPerBlock } from '../../support/temp-dir.ts';

/** Customers in the generated week: large enough that a couple of seconds prove no optimum. */
const CUSTOMERS = 20_000;
/** A loose policy whose MIP is large and hard to close: a big budget, no floors. */
const HARD_WEEK = 'budget=20000 min_high_risk=0 min_premium=0 min_segment_coverage=0';

function generatedWeek(customers: number, seed: number): string {
  const random = rng(seed);
  const segments = ['Premium', 'Free', 'Family', 'Student'];
  const lines = ['customer_id,churn_probability,subscription_type,clv'];
  for (let i = 0; i < customers; i++)
    lines.push(
      `G${i},${random().toFixed(3)},${segments[Math.floor(random() * 4)]},${(50 + random() * 500).toFixed(2)}`,
    );
  return `${lines.join('\n')}\n`;
}

const root = tempDirPerBlock('hardening-deadline-');
let bed: HardeningBed;
let handler: typeof import('../../../src/handlers/worker.ts').handler;

beforeAll(async () => {
  const store = createLocalStore(root());
  await store.put('predictions/2026-11-16/week.csv', generatedWeek(CUSTOMERS, 11), 'text/csv');
  bed = await startHardeningBed({ store, seed: false, dispatch: 'queue' });
  for (const name of [...DEPLOYED_ENV_NAMES, 'HIGHS_WASM_PATH']) vi.stubEnv(name, '');
  vi.stubEnv('LOCAL_STORE_DIR', root());
  vi.stubEnv('SLACK_BOT_TOKEN', BOT_TOKEN);
  vi.stubEnv('SLACK_API_URL', bed.slack.apiUrl);
  vi.stubEnv('APPROVER_USER_IDS', 'UAPPROVER1');
  vi.stubEnv('SOLVE_TIME_LIMIT_SECONDS', '90');
  vi.stubEnv('LOG_LEVEL', 'error');
  ({ handler } = await import('../../../src/handlers/worker.ts'));
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await bed?.close();
});

/** A Lambda context whose deadline is `ms` from now. */
const contextEnding = (ms: number) => localLambdaContext('retention-planner-test-worker', ms);

describe("the worker's deadline comes before Lambda's (production worker handler, 10 s reserve)", () => {
  it(`a hard ${CUSTOMERS.toLocaleString('en-US')}-customer week with 13 s left: the solve is cut short, the best plan is posted with its gap before the deadline`, async () => {
    // Prepare
    const ack = await bed.command(HARD_WEEK);
    expect(JSON.parse(ack.body).text).toContain(`Planning for ${CUSTOMERS.toLocaleString('en-US')} customers`);
    const budgetMs = 13_000;
    const context = contextEnding(budgetMs);
    const t0 = performance.now();

    // Act
    const outcome = await handler({ job_id: bed.queue.queued.at(-1) }, context);
    const elapsed = performance.now() - t0;

    // Assess
    const posts = bed.slack.calls.filter(
      (call) => call.target === pathOf(ack.responseUrl) || call.target === 'chat.postMessage',
    );
    expect(posts).toHaveLength(1);
    expect(elapsed).toBeLessThan(budgetMs);
    const [run] = await listRuns(createLocalStore(root()), 1);
    expect(run.solver.seconds).toBeLessThan(3 + 2);
    const text = blockText(posts[0].body);
    if (outcome.status === 'feasible')
      expect(text).toMatch(/Feasible, not proven optimal\*: within \d[\d.]*% of the best possible/);
    else expect(outcome.status).toBe('optimal');
    console.info(
      `[figure] deadline: ${CUSTOMERS} customers, 13 s left: ${outcome.status}, gap ${run.solver.gap}, solver ${(run.solver.seconds ?? 0).toFixed(2)} s, posted after ${(elapsed / 1000).toFixed(2)} s`,
    );
  });

  it('with less time left than the reserve: no solve, a TIMEOUT message at once, no plan written', async () => {
    // Prepare
    const ack = await bed.command(HARD_WEEK);
    const before = (await listRuns(createLocalStore(root()), 100)).length;
    const t0 = performance.now();

    // Act
    const outcome = await handler({ job_id: bed.queue.queued.at(-1) }, contextEnding(9_000));
    const elapsed = performance.now() - t0;

    // Assess
    expect(outcome).toMatchObject({ status: 'failed', error: { code: 'TIMEOUT' } });
    const [post] = bed.slack.calls.filter((call) => call.target === pathOf(ack.responseUrl));
    expect(post.body.text).toMatch(
      /Planning failed \(TIMEOUT\): only \d+ s of this run were left, not enough to solve; nothing was planned/,
    );
    expect(elapsed).toBeLessThan(9_000);
    expect(await listRuns(createLocalStore(root()), 100)).toHaveLength(before);
  });
});
