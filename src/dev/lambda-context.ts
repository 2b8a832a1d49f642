import type { Context } from 'aws-lambda';

/**
 * A Lambda `Context` for running a handler outside Lambda (the simulator, `npm run dev`,
 * tests): the function's name and a deadline `timeoutMs` after this call, as Lambda gives one.
 */
export function localLambdaContext(functionName = 'retention-planner-local', timeoutMs = 10_000): Context {
  const deadline = Date.now() + timeoutMs;
  const unsupported = () => {
    throw new Error('callback-style completion is not supported; return a promise');
  };
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: `local-${Date.now()}`,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: unsupported,
    fail: unsupported,
    succeed: unsupported,
  };
}
