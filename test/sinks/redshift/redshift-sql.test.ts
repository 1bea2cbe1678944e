import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as redshift from 'aws-cdk-lib/aws-redshift';
import * as redshiftserverless from 'aws-cdk-lib/aws-redshiftserverless';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { RedshiftSql } from '../../../src/sinks/redshift/redshift-sql';
import { RedshiftSqlProps } from '../../../src/sinks/redshift/redshift-sql-props';
import { RedshiftTarget } from '../../../src/sinks/redshift/redshift-target';
import { testStack } from '../../app-fixture';
import { nagFindings, withValidationOn } from '../../nag-findings';
import { getAtt, logicalId, ref } from '../../template-refs';

const TABLE = ['CREATE TABLE IF NOT EXISTS "public"."orders" ("order_id" VARCHAR(65535))'];
const CLUSTER = RedshiftTarget.fromClusterAttributes({ clusterIdentifier: 'analytics', endpointAddress: 'analytics.abc.us-east-1.redshift.amazonaws.com' });
const WORKGROUP = RedshiftTarget.fromWorkgroupAttributes({
  workgroupName: 'analytics-wg',
  workgroupArn: 'arn:aws:redshift-serverless:us-east-1:111111111111:workgroup/0a1b2c3d-0000-1111-2222-333344445555',
  endpointAddress: 'analytics-wg.111111111111.us-east-1.redshift-serverless.amazonaws.com',
});

/** The one resource of `type` whose logical id starts with `prefix`. */
function only(template: Template, type: string, prefix: string): any {
  const matches = Object.entries(template.findResources(type)).filter(([id]) => id.startsWith(prefix));
  expect(matches.map(([id]) => id)).toHaveLength(1);
  return matches[0][1];
}

function handlerStatements(stack: Stack): unknown[] {
  return only(Template.fromStack(stack), 'AWS::IAM::Policy', 'SqlHandlerRoleDefaultPolicy').Properties.PolicyDocument.Statement;
}

/**
 * DescribeStatement of the statements of any session of the handlers' role: onEvent submits and
 * isComplete describes, each as its own session (`<role id>:<function name>`), so `${aws:userid}`
 * would refuse isComplete.
 */
function describeOwn(sql: RedshiftSql) {
  return {
    Effect: 'Allow',
    Action: 'redshift-data:DescribeStatement',
    Resource: '*',
    Condition: { StringLike: { 'redshift-data:statement-owner-iam-userid': { 'Fn::Join': ['', [getAtt(sql.role, 'RoleId'), ':*']] } } },
  };
}
const arn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:redshift:us-east-1:111111111111:${rest}`]] });

describe('RedshiftSql', () => {
  test('a Custom::RedshiftSql with the target, database, credentials and both lists, waiting for what it depends on', () => {
    const stack = testStack();
    const cluster = new redshift.CfnCluster(stack, 'Cluster', {
      clusterType: 'single-node', nodeType: 'ra3.large', dbName: 'dev', masterUsername: 'admin', manageMasterPassword: true,
    });
    const sql = new RedshiftSql(stack, 'Sql', {
      target: RedshiftTarget.fromCluster(cluster),
      database: 'dev',
      databaseUser: 'loader',
      createStatements: TABLE,
      deleteStatements: ['DROP TABLE IF EXISTS "public"."orders"'],
      dependsOn: [cluster],
    });

    const found = Template.fromStack(stack).findResources('Custom::RedshiftSql')[logicalId(sql.resource)];
    expect(found.Properties).toEqual({
      ServiceToken: getAtt(sql.provider.node.findChild('framework-onEvent'), 'Arn'),
      ServiceTimeout: '3600',
      ClusterIdentifier: ref(cluster),
      Database: 'dev',
      DbUser: 'loader',
      CreateStatements: TABLE,
      DeleteStatements: ['DROP TABLE IF EXISTS "public"."orders"'],
    });
    expect(found.DependsOn).toEqual([logicalId(cluster)]);
  });

  test('cluster and database user: exactly BatchExecuteStatement on the cluster, DescribeStatement of its own statements, '
    + 'GetClusterCredentials on that user and database, and its logs', () => {
    const stack = testStack();
    const sql = new RedshiftSql(stack, 'Sql', { target: CLUSTER, database: 'dev', databaseUser: 'loader', createStatements: TABLE });

    expect(handlerStatements(stack)).toEqual([
      { Effect: 'Allow', Action: 'redshift-data:BatchExecuteStatement', Resource: arn('cluster:analytics') },
      describeOwn(sql),
      { Effect: 'Allow', Action: 'redshift:GetClusterCredentials', Resource: [arn('dbuser:analytics/loader'), arn('dbname:analytics/dev')] },
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: getAtt(sql.node.findChild('HandlerLogs'), 'Arn') },
    ]);
    const custom = Template.fromStack(stack).findResources('Custom::RedshiftSql')[logicalId(sql.resource)];
    expect(custom.Properties).toMatchObject({ ClusterIdentifier: 'analytics', DbUser: 'loader', DeleteStatements: [] });
    expect(custom.Properties.SecretArn).toBeUndefined();
  });

  test('a workgroup without a secret: GetCredentials on the workgroup, no database user', () => {
    const stack = testStack();
    const sql = new RedshiftSql(stack, 'Sql', { target: WORKGROUP, database: 'dev', createStatements: TABLE });

    expect(handlerStatements(stack)).toEqual([
      { Effect: 'Allow', Action: 'redshift-data:BatchExecuteStatement', Resource: WORKGROUP.arn(stack) },
      describeOwn(sql),
      { Effect: 'Allow', Action: 'redshift-serverless:GetCredentials', Resource: WORKGROUP.arn(stack) },
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: getAtt(sql.node.findChild('HandlerLogs'), 'Arn') },
    ]);
    const custom = Template.fromStack(stack).findResources('Custom::RedshiftSql')[logicalId(sql.resource)];
    expect(custom.Properties).toMatchObject({ WorkgroupName: 'analytics-wg', Database: 'dev' });
    expect(custom.Properties.DbUser).toBeUndefined();
  });

  test('a secret: SecretArn, the secret\'s read grant, and no temporary credentials', () => {
    const stack = testStack();
    const secret = new secretsmanager.Secret(stack, 'Admin');
    const workgroup = new redshiftserverless.CfnWorkgroup(stack, 'Workgroup', { workgroupName: 'analytics-wg', namespaceName: 'analytics' });
    const sql = new RedshiftSql(stack, 'Sql', { target: RedshiftTarget.fromWorkgroup(workgroup), database: 'dev', secret, createStatements: TABLE });

    expect(handlerStatements(stack)).toEqual([
      { Effect: 'Allow', Action: 'redshift-data:BatchExecuteStatement', Resource: getAtt(workgroup, 'Workgroup.WorkgroupArn') },
      describeOwn(sql),
      { Effect: 'Allow', Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'], Resource: ref(secret) },
      { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: getAtt(sql.node.findChild('HandlerLogs'), 'Arn') },
    ]);
    const custom = Template.fromStack(stack).findResources('Custom::RedshiftSql')[logicalId(sql.resource)];
    expect(custom.Properties).toMatchObject({ WorkgroupName: getAtt(workgroup, 'Workgroup.WorkgroupName'), SecretArn: ref(secret) });
  });

  test('both handlers are the shipped bundles, with their own SDK (ExecutionMode), not the runtime\'s; the waiter polls every 10 s for 55 minutes', () => {
    const stack = testStack();
    const sql = new RedshiftSql(stack, 'Sql', { target: WORKGROUP, database: 'dev', createStatements: TABLE });
    const template = Template.fromStack(stack);

    for (const id of ['SqlOnEvent', 'SqlIsComplete']) {
      expect(only(template, 'AWS::Lambda::Function', id).Properties).toMatchObject({
        Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 60, Role: getAtt(sql.role, 'Arn'),
      });
    }
    for (const name of ['redshift-sql-on-event.lambda', 'redshift-sql-is-complete.lambda']) {
      const bundle = fs.readFileSync(path.join(__dirname, `../../../assets/sinks/redshift/${name}/index.js`), 'utf-8');
      // Bundled, not required from the runtime, whose older SDK could drop BatchExecuteStatement's ExecutionMode.
      expect(bundle).not.toContain('require("@aws-sdk/client-redshift-data")');
      expect(bundle).toContain('ExecutionMode');
    }
    const machine = only(template, 'AWS::StepFunctions::StateMachine', 'SqlProviderwaiterstatemachine');
    expect(JSON.stringify(machine.Properties.DefinitionString)).toContain('\\"IntervalSeconds\\":10,\\"MaxAttempts\\":330,\\"BackoffRate\\":1');
  });

  const base: RedshiftSqlProps = { target: WORKGROUP, database: 'dev', createStatements: TABLE };
  test.each<[string, Partial<RedshiftSqlProps>, string]>([
    ['a cluster without credentials', { target: CLUSTER },
      'TestStack/Sql: a provisioned cluster needs `secret` or `databaseUser`: the Data API connects with a secret\'s credentials, '
      + 'or with temporary credentials of a database user (redshift:GetClusterCredentials); got neither'],
    ['a database user on a workgroup', { databaseUser: 'loader' },
      'TestStack/Sql: `databaseUser` applies to a provisioned cluster only: on a Serverless workgroup the Data API\'s temporary '
      + 'credentials are those of the handler\'s role; got \'loader\''],
    ['no create statements', { createStatements: [] }, 'TestStack/Sql: `createStatements` must hold at least one SQL statement, got none'],
    ['41 statements', { createStatements: Array(41).fill('SELECT 1') },
      'TestStack/Sql: `createStatements` must hold at most 40 statements (one BatchExecuteStatement), got 41'],
    ['an empty delete statement', { deleteStatements: ['DROP TABLE t', ' '] }, 'TestStack/Sql: `deleteStatements` statement 2 is empty'],
    ['an empty database', { database: '' }, 'TestStack/Sql: `database` must name the database the SQL runs in, got \'\''],
  ])('%s is refused at synth', (_, change, message) => {
    expect(() => new RedshiftSql(testStack(), 'Sql', { ...base, ...change })).toThrow(message);
  });
});

describe('under cdk-nag AwsSolutions and the built-in CloudFormation validation', () => {
  withValidationOn();

  test('RedshiftSql on a cluster with a database user, and on a workgroup with a secret, synthesize with no finding of their own (SMG4, no rotation, is the test\'s secret)', () => {
    expect(nagFindings(stack => {
      new RedshiftSql(stack, 'Cluster', { target: CLUSTER, database: 'dev', databaseUser: 'loader', createStatements: TABLE });
      const secret = new secretsmanager.Secret(stack, 'Admin');
      new RedshiftSql(stack, 'Workgroup', { target: WORKGROUP, database: 'dev', secret, createStatements: TABLE });
    })).toEqual(['AwsSolutions: AwsSolutions-SMG4']);
  });
});
