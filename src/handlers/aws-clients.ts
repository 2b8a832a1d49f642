import { LambdaClient } from '@aws-sdk/client-lambda';
import { SSMClient } from '@aws-sdk/client-ssm';
import type { ParameterClient } from '../config/secrets.ts';
import type { JobDispatcher } from '../jobs/dispatchers.ts';
import { createLambdaDispatcher } from '../jobs/lambda-dispatcher.ts';
import type { ObjectStore } from '../storage/object-store.ts';
import { createS3ClientFromEnv } from '../storage/s3-client.ts';
import { createS3Store } from '../storage/s3-store.ts';

/**
 * Every dependency built on the AWS SDK, in one module that `production-deps.ts` imports only
 * when the environment points at AWS: a local run (the simulator) never loads the SDK.
 */

/** The bucket's store through an S3 client configured from the environment. */
export function createBucketStore(bucket: string): ObjectStore {
  return createS3Store({ client: createS3ClientFromEnv(), bucket });
}

/** Hands jobs to the worker function by an asynchronous Lambda invoke. */
export function createWorkerDispatcher(functionName: string): JobDispatcher {
  return createLambdaDispatcher(new LambdaClient({}), functionName);
}

/** The SSM client the secrets are read with. */
export function createParameterClient(): ParameterClient {
  return new SSMClient({});
}
