import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll } from 'vitest';
import { createS3Store } from '../../src/storage/s3-store.ts';
import { startMotoS3, type RunningS3 } from '../integration/storage/moto-harness.ts';
import { SAMPLE_KEY, startSlackTestbed, type SlackTestbed, type TestbedOptions } from './fake-slack.ts';
import { describeWithMoto } from './moto-server.ts';
import { SAMPLE_CSV } from './sample.ts';

/** Starts a Slack testbed; the cases of a suite take one so that they run on any store. */
export type StartBed = (options?: TestbedOptions) => Promise<SlackTestbed>;

/** What cases on moto get: a testbed factory whose store is S3 in moto, and the running moto. */
export interface MotoBeds {
  startBed: StartBed;
  s3(): RunningS3;
  bucket: string;
}

const BUCKET = 'retention-slack';

/**
 * `describeWithMoto` with one moto_server for the suite: `startBed` gives each testbed its own
 * prefix of a bucket in moto, seeded with the sample predictions as the local testbed is.
 */
export function describeOnMotoS3(name: string, cases: (beds: MotoBeds) => void): void {
  describeWithMoto(name, () => {
    let s3: RunningS3 | undefined;
    let beds = 0;
    beforeAll(async () => {
      s3 = await startMotoS3([BUCKET]);
    }, 90_000);
    afterAll(async () => {
      await s3?.stop();
    });
    const running = (): RunningS3 => {
      if (!s3) throw new Error('moto_server is not running');
      return s3;
    };
    cases({
      bucket: BUCKET,
      s3: running,
      async startBed(options = {}) {
        const store = createS3Store({ client: running().client, bucket: BUCKET, prefix: `bed-${++beds}` });
        await store.put(SAMPLE_KEY, await readFile(SAMPLE_CSV), 'text/csv');
        return startSlackTestbed({ ...options, seed: false, wrapStore: () => store });
      },
    });
  });
}
