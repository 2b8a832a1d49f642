import { CreateFunctionCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { MOTO_CREDENTIALS, MOTO_REGION, startMotoServer } from '../../support/moto-server.ts';
import { startMotoS3 } from '../storage/moto-harness.ts';
import { startS3rver, type RunningS3rver } from '../storage/s3rver-harness.ts';
import { startFakeLambda, startRecordingForwarder, type FakeServer } from './fake-aws-slack.ts';
import { startFakeSsm } from './fake-ssm-server.ts';

/** The AWS services a packaged function talks to, on loopback; `lambda.requests` holds every invoke it received. */
export interface AwsBackend {
  s3: RunningS3rver;
  ssmEndpoint: string;
  lambda: FakeServer;
  close(): Promise<void>;
}

/** s3rver, a fake SSM and a fake Lambda (which accepts any invoke). */
export async function startFakeAws(bucket: string, secrets: Record<string, string>): Promise<AwsBackend> {
  const s3 = await startS3rver([bucket]);
  const parameters = Object.fromEntries(Object.entries(secrets).map(([name, value]) => [name, { value }]));
  const [ssm, lambda] = await Promise.all([startFakeSsm(parameters), startFakeLambda()]);
  return {
    s3,
    ssmEndpoint: ssm.endpoint,
    lambda,
    async close() {
      await Promise.all([ssm.close(), lambda.close()]);
      await s3.stop();
    },
  };
}

/** An IAM role Lambda may assume, made through moto's IAM Query API (moto checks a function's role exists). */
async function createLambdaRole(endpoint: string, name: string): Promise<string> {
  const trust = {
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
  };
  const answer = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=${MOTO_CREDENTIALS.accessKeyId}/20260101/${MOTO_REGION}/iam/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams({
      Action: 'CreateRole',
      Version: '2010-05-08',
      RoleName: name,
      AssumeRolePolicyDocument: JSON.stringify(trust),
    }),
  });
  const text = await answer.text();
  const arn = /<Arn>([^<]+)<\/Arn>/.exec(text)?.[1];
  if (!answer.ok || !arn)
    throw new Error(`moto did not create the role ${name}: ${answer.status} ${text.slice(0, 300)}`);
  return arn;
}

/** An empty zip archive: enough code for moto to register a function that is never run here. */
const EMPTY_ZIP = Uint8Array.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(18).fill(0)]);

/**
 * One moto_server for all three: S3 (conditional writes enforced), SSM SecureString parameters
 * read with decryption, and the Lambda API, which refuses an invoke of a function that does
 * not exist. `workerFunction` is registered; the Lambda API sits behind a recording forwarder
 * so the tests can run the worker on each job the Slack function hands over.
 */
export async function startMotoAws(
  bucket: string,
  secrets: Record<string, string>,
  workerFunction: string,
): Promise<AwsBackend> {
  const moto = await startMotoServer();
  const config = { endpoint: moto.endpoint, region: MOTO_REGION, credentials: MOTO_CREDENTIALS };
  const ssm = new SSMClient(config);
  const lambdaClient = new LambdaClient(config);
  try {
    const s3 = await startMotoS3([bucket], moto);
    for (const [name, value] of Object.entries(secrets))
      await ssm.send(new PutParameterCommand({ Name: name, Value: value, Type: 'SecureString' }));
    const role = await createLambdaRole(moto.endpoint, `${workerFunction}-role`);
    await lambdaClient.send(
      new CreateFunctionCommand({
        FunctionName: workerFunction,
        Runtime: 'nodejs22.x',
        Role: role,
        Handler: 'worker.handler',
        Code: { ZipFile: EMPTY_ZIP },
      }),
    );
    const lambda = await startRecordingForwarder(moto.endpoint);
    return {
      s3,
      ssmEndpoint: moto.endpoint,
      lambda,
      async close() {
        await lambda.close();
        await s3.stop();
        await moto.stop();
      },
    };
  } catch (error) {
    await moto.stop();
    throw error;
  } finally {
    ssm.destroy();
    lambdaClient.destroy();
  }
}
