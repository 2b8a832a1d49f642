import { InvokeCommand } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { createInProcessDispatcher } from '../../../src/jobs/dispatchers.ts';
import { createLambdaDispatcher } from '../../../src/jobs/lambda-dispatcher.ts';
import { silentLogger } from '../../../src/observability/app-logger.ts';

function fakeLambda(statusCode: number) {
  const sent: InvokeCommand[] = [];
  const client = {
    send: async (command: InvokeCommand) => (sent.push(command), { StatusCode: statusCode }),
  };
  return { client, sent };
}

describe('createLambdaDispatcher', () => {
  it('invokes the worker asynchronously (Event) with only the job id', async () => {
    // Prepare
    const lambda = fakeLambda(202);

    // Act
    await createLambdaDispatcher(lambda.client, 'retention-planner-prod-worker').dispatch('20261116083000-abcd1234');

    // Assess
    const [command] = lambda.sent;
    expect(command).toBeInstanceOf(InvokeCommand);
    expect(command.input.FunctionName).toBe('retention-planner-prod-worker');
    expect(command.input.InvocationType).toBe('Event');
    expect(JSON.parse(new TextDecoder().decode(command.input.Payload as Uint8Array))).toEqual({
      job_id: '20261116083000-abcd1234',
    });
  });

  it('fails when Lambda does not queue the event', async () => {
    const lambda = fakeLambda(200);
    await expect(createLambdaDispatcher(lambda.client, 'w').dispatch('20261116083000-abcd1234')).rejects.toMatchObject({
      code: 'CONFIG',
    });
  });
});

describe('createInProcessDispatcher', () => {
  it('returns before the job runs, loads the worker on first use, and idle() waits for every job', async () => {
    // Prepare
    const ran: string[] = [];
    let loads = 0;
    const dispatcher = createInProcessDispatcher(async () => {
      loads += 1;
      return async (jobId) => {
        await new Promise((resolve) => setImmediate(resolve));
        ran.push(jobId);
      };
    }, silentLogger);

    // Act
    await dispatcher.dispatch('job-a-000001');
    await dispatcher.dispatch('job-b-000002');
    const before = [...ran];
    await dispatcher.idle();

    // Assess
    expect(before).toEqual([]);
    expect(ran.sort()).toEqual(['job-a-000001', 'job-b-000002']);
    expect(loads).toBe(2);
  });
});
