import { beforeAll, describe, expect, it } from 'vitest';
import { packagedArtifacts, readTemplate, TEST_STAGE as STAGE } from './packaged-artifacts.ts';
import { listPrefixes, rolePermissions, type Template } from './template-policy.ts';

/**
 * What `serverless package` would deploy, read from the packaged CloudFormation template:
 * least privilege per function, no secret in the environment, the route, the schedule, and a
 * solver deadline that leaves the worker time to answer. (That these grants are *enough* is
 * shown by s3-permissions.test.ts, which runs the bundles against S3.)
 */

let template: Template;
const FUNCTIONS = ['Slack', 'Worker', 'Monday'];
const arn = (service: string, rest: string) => `${service}:\${AWS::Region}:\${AWS::AccountId}:${rest}`;

beforeAll(async () => {
  template = readTemplate(await packagedArtifacts());
}, 300_000);

describe('the packaged CloudFormation template', () => {
  it('gives each function its own role and no wildcard action or whole-bucket resource', () => {
    // Act
    const roles = FUNCTIONS.map(
      (name) =>
        (template.Resources[`${name}LambdaFunction`].Properties.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0],
    );
    const grants = roles.flatMap((role) => [...rolePermissions(template, role).entries()]);

    // Assess
    expect(roles).toEqual(['SlackFunctionRole', 'WorkerFunctionRole', 'MondayFunctionRole']);
    expect(template.Resources.IamRoleLambdaExecution).toBeUndefined();
    expect(grants.filter(([action]) => action.includes('*'))).toEqual([]);
    expect(
      grants.filter(([, resources]) =>
        resources.some((resource) => resource === '*' || resource.endsWith(':::${Bucket}/*')),
      ),
    ).toEqual([]);
    expect(
      roles.map((role) => listPrefixes(template, role)?.filter((prefix) => prefix === '' || prefix === '*')),
    ).not.toContainEqual(['*']);
  });

  it('lets the Slack function invoke only the worker and read only its two secrets', () => {
    // Act
    const slack = rolePermissions(template, 'SlackFunctionRole');

    // Assess
    expect(slack.get('lambda:InvokeFunction')).toEqual([arn('lambda', `function:retention-planner-${STAGE}-worker`)]);
    expect(slack.get('ssm:GetParameters')).toEqual([
      arn('ssm', `parameter/retention-planner/${STAGE}/slack-signing-secret`),
      arn('ssm', `parameter/retention-planner/${STAGE}/slack-bot-token`),
    ]);
    expect(
      slack.get('s3:PutObject')?.some((resource) => resource.includes('/exports/') || resource.endsWith('/plans/*')),
    ).toBe(false);
  });

  it('lets the worker and the Monday function read only the bot token and invoke no other function', () => {
    // Act
    const worker = rolePermissions(template, 'WorkerFunctionRole');
    const monday = rolePermissions(template, 'MondayFunctionRole');

    // Assess
    expect(worker.get('ssm:GetParameters')).toEqual([
      arn('ssm', `parameter/retention-planner/${STAGE}/slack-bot-token`),
    ]);
    expect(monday.get('ssm:GetParameters')).toEqual([
      arn('ssm', `parameter/retention-planner/${STAGE}/slack-bot-token`),
    ]);
    expect(worker.has('lambda:InvokeFunction')).toBe(false);
    expect(monday.get('lambda:InvokeFunction')).toEqual([arn('lambda', `function:retention-planner-${STAGE}-monday`)]);
    expect(worker.has('kms:Decrypt')).toBe(false);
  });

  it('keeps secrets out: only parameter names in the environment', () => {
    // Act
    const names = FUNCTIONS.flatMap((name) =>
      Object.keys(
        (template.Resources[`${name}LambdaFunction`].Properties.Environment as { Variables: Record<string, unknown> })
          .Variables,
      ),
    );

    // Assess
    expect(names.filter((name) => /SECRET|TOKEN/.test(name) && !name.endsWith('_PARAM'))).toEqual([]);
    expect(names).toContain('SLACK_SIGNING_SECRET_PARAM');
  });

  it('routes POST /slack/events, runs Monday 09:00 in the time zone, and stops the solver before the worker is killed', () => {
    // Prepare
    const resources = Object.values(template.Resources);
    const worker = template.Resources.WorkerLambdaFunction.Properties;
    const workerEnv = (worker.Environment as { Variables: Record<string, string> }).Variables;

    // Act
    const routes = resources
      .filter((resource) => resource.Type === 'AWS::ApiGatewayV2::Route')
      .map((resource) => resource.Properties.RouteKey);
    const schedules = resources
      .filter((resource) => resource.Type === 'AWS::Scheduler::Schedule')
      .map((resource) => resource.Properties);
    const retries = resources.find(
      (resource) =>
        resource.Type === 'AWS::Lambda::EventInvokeConfig' &&
        JSON.stringify(resource.Properties.FunctionName).includes('Worker'),
    );

    // Assess
    expect(routes).toEqual(['POST /slack/events']);
    expect(schedules).toHaveLength(1);
    expect(schedules[0]).toMatchObject({
      ScheduleExpression: 'cron(0 9 ? * MON *)',
      ScheduleExpressionTimezone: 'UTC',
    });
    expect(Number(workerEnv.SOLVE_TIME_LIMIT_SECONDS) + 20).toBeLessThanOrEqual(Number(worker.Timeout));
    expect(retries?.Properties.MaximumRetryAttempts).toBe(0);
    expect(worker).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], MemorySize: 2048 });
  });
});
