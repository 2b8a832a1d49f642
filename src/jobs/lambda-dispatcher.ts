import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { PlannerError } from '../domain/errors.ts';
import type { JobDispatcher } from './dispatchers.ts';

/** Only what the dispatcher needs of a Lambda client; a `LambdaClient` fits, tests pass a fake. */
export type InvokeClient = Pick<LambdaClient, 'send'>;

/**
 * Production: an asynchronous Lambda invoke (`InvocationType: 'Event'`) of the worker with
 * `{ job_id }`. Lambda queues the event and answers 202 at once, so the slash command can
 * acknowledge within Slack's 3 seconds while the solve runs elsewhere.
 */
export function createLambdaDispatcher(client: InvokeClient, functionName: string): JobDispatcher {
  return {
    async dispatch(jobId) {
      let status: number | undefined;
      try {
        const output = await client.send(
          new InvokeCommand({
            FunctionName: functionName,
            InvocationType: 'Event',
            Payload: new TextEncoder().encode(JSON.stringify({ job_id: jobId })),
          }),
        );
        status = output.StatusCode;
      } catch (cause) {
        throw new PlannerError('CONFIG', `could not hand job ${jobId} to the worker ${functionName}`, { cause });
      }
      if (status !== 202)
        throw new PlannerError('CONFIG', `the worker ${functionName} refused job ${jobId} (status ${status})`);
    },
  };
}
