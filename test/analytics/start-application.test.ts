import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kda from 'aws-cdk-lib/aws-kinesisanalyticsv2';
import { StartApplication } from '../../src/analytics/start-application';
import { testStack } from '../app-fixture';
import { nagFindings, withValidationOn } from '../nag-findings';
import { getAtt, logicalId, ref } from '../template-refs';

/** A Managed Flink application as StreamAnalytics makes it (only what the template needs), checkpointing on. */
function application(stack: Stack): kda.CfnApplication {
  const role = new iam.Role(stack, 'AppRole', { assumedBy: new iam.ServicePrincipal('kinesisanalytics.amazonaws.com') });
  return new kda.CfnApplication(stack, 'App', {
    applicationName: 'orders-windows',
    runtimeEnvironment: 'FLINK-1_20',
    serviceExecutionRole: role.roleArn,
    applicationConfiguration: {
      applicationCodeConfiguration: {
        codeContentType: 'ZIPFILE',
        codeContent: { s3ContentLocation: { bucketArn: 'arn:aws:s3:::orders-code', fileKey: 'orders-windows.zip' } },
      },
      applicationSnapshotConfiguration: { snapshotsEnabled: true },
      flinkApplicationConfiguration: {
        checkpointConfiguration: {
          configurationType: 'CUSTOM', checkpointingEnabled: true, checkpointInterval: 60_000, minPauseBetweenCheckpoints: 5_000,
        },
      },
    },
  });
}

/** The one resource of `type` whose logical id starts with `prefix`. */
function only(template: Template, type: string, prefix: string): any {
  const matches = Object.entries(template.findResources(type)).filter(([id]) => id.startsWith(prefix));
  expect(matches.map(([id]) => id)).toHaveLength(1);
  return matches[0][1];
}

const APPLICATION_ARN = (name: unknown) => ({
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kinesisanalytics:us-east-1:111111111111:application/', name]],
});

describe('StartApplication', () => {
  test('one custom resource on the application\'s name, waiting for the application, with CloudFormation\'s full hour', () => {
    const stack = testStack();
    const app = application(stack);
    const start = new StartApplication(stack, 'Start', { applicationName: app.ref, application: app });

    const custom = Template.fromStack(stack).findResources('Custom::FlinkStartApplication');
    expect(Object.keys(custom)).toEqual([logicalId(start.resource)]);
    const [found] = Object.values(custom);
    expect(found.Properties).toEqual({
      ServiceToken: getAtt(start.provider.node.findChild('framework-onEvent'), 'Arn'),
      ServiceTimeout: '3600',
      ApplicationName: ref(app),
      RestoreFromLatestSnapshot: 'true',
      AllowNonRestoredState: 'false',
    });
    expect(found.DependsOn).toEqual([logicalId(app)]);
    expect(found.DeletionPolicy).toBe('Delete');
  });

  test('the run options reach the custom resource', () => {
    const stack = testStack();
    const start = new StartApplication(stack, 'Start', {
      applicationName: 'orders-windows', restoreFromLatestSnapshot: false, allowNonRestoredState: true,
    });

    const found = Template.fromStack(stack).findResources('Custom::FlinkStartApplication')[logicalId(start.resource)];
    expect(found.Properties).toMatchObject({ RestoreFromLatestSnapshot: 'false', AllowNonRestoredState: 'true' });
  });

  test('the handlers\' role: exactly the five Managed Flink actions on that application, and its own logs', () => {
    const stack = testStack();
    const app = application(stack);
    const start = new StartApplication(stack, 'Start', { applicationName: app.ref, application: app });
    const template = Template.fromStack(stack);

    const policy = only(template, 'AWS::IAM::Policy', 'StartHandlerRoleDefaultPolicy');
    expect(policy.Properties.Roles).toEqual([ref(start.role)]);
    expect(policy.Properties.PolicyDocument.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: [
          'kinesisanalytics:DescribeApplication',
          'kinesisanalytics:StartApplication',
          'kinesisanalytics:ListApplicationSnapshots',
          'kinesisanalytics:ListApplicationOperations',
          'kinesisanalytics:DescribeApplicationOperation',
        ],
        Resource: APPLICATION_ARN(ref(app)),
      },
      {
        Effect: 'Allow',
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: getAtt(start.node.findChild('HandlerLogs'), 'Arn'),
      },
    ]);
    const role = only(template, 'AWS::IAM::Role', 'StartHandlerRole');
    expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    expect(role.Properties.AssumeRolePolicyDocument.Statement).toEqual([
      { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
    ]);
  });

  test('a plain name (imported application): the role is on that name\'s ARN and the resource has no DependsOn', () => {
    const stack = testStack();
    const start = new StartApplication(stack, 'Start', { applicationName: 'orders-windows' });
    const template = Template.fromStack(stack);

    const custom = template.findResources('Custom::FlinkStartApplication')[logicalId(start.resource)];
    expect(custom.DependsOn).toBeUndefined();
    expect(custom.Properties.ApplicationName).toBe('orders-windows');
    const policy = only(template, 'AWS::IAM::Policy', 'StartHandlerRoleDefaultPolicy');
    expect(policy.Properties.PolicyDocument.Statement[0].Resource).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':kinesisanalytics:us-east-1:111111111111:application/orders-windows']],
    });
  });

  test('both handlers are the shipped bundles on Node.js 24, arm64, one minute, with the role and log group', () => {
    const stack = testStack();
    const start = new StartApplication(stack, 'Start', { applicationName: 'orders-windows' });
    const template = Template.fromStack(stack);

    for (const id of ['StartOnEvent', 'StartIsComplete']) {
      const fn = only(template, 'AWS::Lambda::Function', id);
      expect(fn.Properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Handler: 'index.handler',
        Architectures: ['arm64'],
        Timeout: 60,
        MemorySize: 256,
        Role: getAtt(start.role, 'Arn'),
        LoggingConfig: { LogGroup: ref(start.node.findChild('HandlerLogs')) },
      });
    }
    for (const name of ['start-application-on-event.lambda', 'start-application-is-complete.lambda']) {
      const bundle = fs.readFileSync(path.join(__dirname, `../../assets/analytics/${name}/index.js`), 'utf-8');
      // The SDK comes from the Lambda runtime: required, not bundled.
      expect(bundle).toContain('require("@aws-sdk/client-kinesis-analytics-v2")');
    }
  });

  test('the waiter polls every 30 s for 55 minutes and logs every state without the execution data', () => {
    const stack = testStack();
    new StartApplication(stack, 'Start', { applicationName: 'orders-windows' });

    const machine = only(Template.fromStack(stack), 'AWS::StepFunctions::StateMachine', 'StartProviderwaiterstatemachine');
    const definition = JSON.stringify(machine.Properties.DefinitionString);
    expect(definition).toContain('\\"IntervalSeconds\\":30,\\"MaxAttempts\\":110,\\"BackoffRate\\":1');
    expect(machine.Properties.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
  });

  test('log groups keep three months by default, or the retention given', () => {
    const stack = testStack();
    new StartApplication(stack, 'Start', { applicationName: 'orders-windows' });
    new StartApplication(stack, 'Other', { applicationName: 'other', logRetention: 7 });

    const groups = Template.fromStack(stack).findResources('AWS::Logs::LogGroup');
    const retention = (prefix: string) => Object.entries(groups).filter(([id]) => id.startsWith(prefix)).map(([, g]) => g.Properties.RetentionInDays);
    expect(retention('Start')).toEqual([90, 90, 90]);
    expect(retention('Other')).toEqual([7, 7, 7]);
  });
});

describe('under cdk-nag AwsSolutions and the built-in CloudFormation validation', () => {
  withValidationOn();

  test('the checks run here: an unacknowledged wildcard is reported', () => {
    expect(nagFindings(stack => new iam.Role(stack, 'Wild', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      inlinePolicies: { wild: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['kinesisanalytics:*'], resources: ['*'] })] }) },
    }))).toEqual(['AwsSolutions: AwsSolutions-IAM5[Action::kinesisanalytics:*]', 'AwsSolutions: AwsSolutions-IAM5[Resource::*]']);
  });

  test('StartApplication on a checkpointing application synthesizes with no finding', () => {
    expect(nagFindings(stack => {
      const app = application(stack);
      new StartApplication(stack, 'Start', { applicationName: app.ref, application: app });
    })).toEqual([]);
  });
});
