import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as redshift from 'aws-cdk-lib/aws-redshift';
import * as redshiftserverless from 'aws-cdk-lib/aws-redshiftserverless';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { IStreamSource, StreamingIngest } from '../../../src';
import { ColumnType, SchemaRegistry, StreamSchema } from '../../../src/schema';
import { DeliverToRedshift, DeliverToRedshiftProps, RedshiftTarget } from '../../../src/sinks';
import { testStack } from '../../app-fixture';

/** Construct path of the sink every fixture creates: its errors and warnings start with it. */
export const SINK = 'TestStack/Warehouse';
export const DELIVERY_STREAM = 'AWS::KinesisFirehose::DeliveryStream';
export const ALARM = 'AWS::CloudWatch::Alarm';
/** The secret Firehose connects with, by its complete ARN. */
export const CREDENTIALS_ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:firehose-redshift-AbCdEf';
/** An imported workgroup's endpoint. */
export const WORKGROUP_ENDPOINT = 'analytics.111111111111.us-east-1.redshift-serverless.amazonaws.com';
export const WORKGROUP_ARN = 'arn:aws:redshift-serverless:us-east-1:111111111111:workgroup/0b1c2d3e-aaaa-bbbb-cccc-0123456789ab';
/** An imported cluster's endpoint. */
export const CLUSTER_ENDPOINT = 'warehouse.abc123xyz.us-east-1.redshift.amazonaws.com';

/** The events of the registered fixtures: a customer and an amount. */
export const ORDER_PLACED = new StreamSchema({
  name: 'OrderPlaced',
  columns: [{ name: 'customerid', type: ColumnType.STRING, nullable: false }, { name: 'amount', type: ColumnType.DOUBLE }],
});

export const WARNING = {
  tableNotCreated: 'cdk-streaming-pipelines:DeliverToRedshift:tableNotCreated',
  notPubliclyAccessible: 'cdk-streaming-pipelines:DeliverToRedshift:notPubliclyAccessible',
  readLagNotMeasured: 'cdk-streaming-pipelines:DeliverToRedshift:readLagNotMeasured',
  copyUserNeedsInsert: 'cdk-streaming-pipelines:DeliverToRedshift:copyUserNeedsInsert',
  dataApiUserPrivileges: 'cdk-streaming-pipelines:DeliverToRedshift:dataApiUserPrivileges',
} as const;

/** An imported workgroup 'analytics'. */
export function importedWorkgroup(): RedshiftTarget {
  return RedshiftTarget.fromWorkgroupAttributes({ workgroupName: 'analytics', workgroupArn: WORKGROUP_ARN, endpointAddress: WORKGROUP_ENDPOINT });
}

/** An imported cluster 'warehouse'. */
export function importedCluster(): RedshiftTarget {
  return RedshiftTarget.fromClusterAttributes({ clusterIdentifier: 'warehouse', endpointAddress: CLUSTER_ENDPOINT, endpointPort: '5440' });
}

/** A namespace and a workgroup of the stack, the workgroup public or not. */
export function appWorkgroup(stack: Stack, publiclyAccessible?: boolean) {
  const namespace = new redshiftserverless.CfnNamespace(stack, 'Namespace', { namespaceName: 'analytics' });
  const workgroup = new redshiftserverless.CfnWorkgroup(stack, 'Workgroup', {
    workgroupName: 'analytics', namespaceName: namespace.ref, publiclyAccessible,
  });
  return { namespace, workgroup };
}

/** A single-node cluster of the stack, public or not. */
export function appCluster(stack: Stack, publiclyAccessible?: boolean): redshift.CfnCluster {
  return new redshift.CfnCluster(stack, 'Cluster', {
    clusterType: 'single-node',
    nodeType: 'ra3.large',
    dbName: 'dev',
    masterUsername: 'admin',
    manageMasterPassword: true,
    encrypted: true,
    publiclyAccessible,
  });
}

/** The Firehose credentials secret, imported once per stack. */
export function credentials(stack: Stack): secretsmanager.ISecret {
  return (stack.node.tryFindChild('Credentials') as secretsmanager.ISecret | undefined)
    ?? secretsmanager.Secret.fromSecretCompleteArn(stack, 'Credentials', CREDENTIALS_ARN);
}

/** Props made in the fixture's stack. */
export type PropsIn = (stack: Stack) => Partial<DeliverToRedshiftProps>;

/**
 * `DeliverToRedshift` 'Warehouse' of `StreamingIngest` 'Ingest' (with the `ORDER_PLACED`
 * schema registered when `registered`) into the imported workgroup, table 'orders' of
 * database 'dev', with the credentials secret, unless `props` say otherwise.
 */
export function warehouseOf(props: PropsIn = () => ({}), options: { registered?: boolean; source?: (stack: Stack) => IStreamSource } = {}) {
  const stack = testStack();
  const schema = options.registered
    ? new SchemaRegistry(stack, 'Registry').addSchema('Orders', { schema: ORDER_PLACED })
    : undefined;
  const ingest = new StreamingIngest(stack, 'Ingest', { schema });
  const source = options.source ? options.source(stack) : ingest;
  const sink = new DeliverToRedshift(stack, 'Warehouse', {
    source,
    target: importedWorkgroup(),
    database: 'dev',
    tableName: 'orders',
    credentials: credentials(stack),
    ...props(stack),
  });
  return { stack, ingest, sink, template: () => Template.fromStack(stack) };
}

/** The statements of the one policy of the delivery role. */
export function deliveryStatements(template: Template): any[] {
  const stream = Object.values(template.findResources(DELIVERY_STREAM))[0];
  const role = stream.Properties.RedshiftDestinationConfiguration.RoleARN['Fn::GetAtt'][0];
  const policies = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } }));
  expect(policies).toHaveLength(1);
  return policies[0].Properties.PolicyDocument.Statement;
}

/** The Redshift destination of the one delivery stream. */
export function destination(template: Template): any {
  return Object.values(template.findResources(DELIVERY_STREAM))[0].Properties.RedshiftDestinationConfiguration;
}
