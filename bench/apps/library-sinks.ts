/**
 * Variant (a) of the sinks pair: the issue-12 sinks on one `StreamingIngest`, as a team
 * would deploy them: the key and the on-call topic, the orders stream sized from its
 * workload (three polling readers: the two indexes' Firehose streams and the warehouse's)
 * and encrypted with the key, and on it
 *
 * - an `IndexToOpenSearch` into a new `SecureSearchDomain` (the default);
 * - an `IndexToOpenSearch` into a new `ServerlessCollection`;
 * - a `DeliverToRedshift` in `FIREHOSE_COPY` mode into a provisioned cluster
 *   (`redshift.CfnCluster`, publicly accessible as `COPY` needs), connecting with a
 *   Secrets Manager secret, the table created from the orders' `StreamSchema`;
 *
 * every alarm paging the topic, and the warnings acknowledged with the team's reasons.
 * Without cdk-nag, like the other pairs. The stack is defined here, not in examples/: the
 * reference pipeline's storage and warehouse layers use the default domain and Redshift
 * Serverless streaming ingestion only.
 */
import { Annotations, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as redshift from 'aws-cdk-lib/aws-redshift';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { REFERENCE_ENV, SINKS_STACK_ID } from './names';
import { synthApp } from './synth-app';
import {
  CollectionType, ColumnType, DeliverToRedshift, IndexRotation, IndexToOpenSearch, RedshiftTarget, ServerlessCollection,
  StreamingIngest, StreamSchema,
} from '../../src';

/** The orders as the warehouse's table declares them. */
const ORDER_PLACED = new StreamSchema({
  name: 'OrderPlaced',
  columns: [
    { name: 'order_id', type: ColumnType.STRING, nullable: false },
    { name: 'customer_id', type: ColumnType.STRING, nullable: false },
    { name: 'amount', type: ColumnType.decimal(12, 2), nullable: false },
    { name: 'currency', type: ColumnType.STRING, nullable: false },
    { name: 'placed_at', type: ColumnType.TIMESTAMP, nullable: false },
  ],
});

/** The orders stream, indexed into a domain and a collection and loaded into a cluster. */
class SinksPipelineStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);

    const key = new kms.Key(this, 'StreamKey', {
      description: 'Encrypts the orders stream and the on-call topic',
      enableKeyRotation: true,
    });
    const onCall = new sns.Topic(this, 'OnCall', { masterKey: key, enforceSSL: true });
    const page = new cloudwatchActions.SnsAction(onCall);

    // Three polling readers: the two Firehose indexes and the Firehose COPY.
    const orders = new StreamingIngest(this, 'Orders', {
      workload: { ingestMibPerSecond: 2, ingestRecordsPerSecond: 1500, pollingConsumers: 3, headroom: 0.5 },
      encryptionKey: key,
      alarmAction: page,
    });
    Validations.of(orders.stream).acknowledge({
      id: 'AwsSolutions-KDS3',
      reason: 'Orders carry customer data: a customer-managed key with rotation lets the team control and audit access.',
    });

    const search = new IndexToOpenSearch(this, 'OrderSearch', {
      source: orders,
      indexName: 'orders',
      indexRotation: IndexRotation.ONE_DAY,
      alarmAction: page,
    });
    Annotations.of(search).acknowledgeWarning('cdk-streaming-pipelines:IndexToOpenSearch:deliveryRoleNeedsMapping',
      'The search team maps the delivery role to its orders_writer role as the domain\'s master user after the first deploy (runbook SEARCH-2).');

    const collection = new ServerlessCollection(this, 'Support', { collectionType: CollectionType.SEARCH });
    new IndexToOpenSearch(this, 'SupportSearch', {
      source: orders,
      collection,
      indexName: 'orders',
      alarmAction: page,
    });

    const loader = new secretsmanager.Secret(this, 'Loader', {
      description: 'Admin user of the orders cluster, whom Firehose COPY connects as',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ username: 'loader' }),
        generateStringKey: 'password',
        excludePunctuation: true,
        passwordLength: 32,
      },
    });
    const cluster = new redshift.CfnCluster(this, 'Cluster', {
      clusterType: 'multi-node',
      numberOfNodes: 2,
      nodeType: 'ra3.large',
      dbName: 'analytics',
      masterUsername: loader.secretValueFromJson('username').unsafeUnwrap(),
      masterUserPassword: loader.secretValueFromJson('password').unsafeUnwrap(),
      encrypted: true,
      publiclyAccessible: true,
    });
    const load = new DeliverToRedshift(this, 'Load', {
      source: orders,
      target: RedshiftTarget.fromCluster(cluster),
      database: 'analytics',
      tableName: 'orders',
      schema: ORDER_PLACED,
      credentials: loader,
      alarmAction: page,
    });
    Annotations.of(load).acknowledgeWarning('cdk-streaming-pipelines:StreamSource:tooManyPollingReaders',
      'Firehose cannot read with enhanced fan-out. The orders workload declares the three Firehose readers, so the stream is '
      + 'sized for their shared 2 MiB/s per shard; each polls once a second, 3 of the 5 reads/s per shard.');
  }
}

synthApp(app => new SinksPipelineStack(app, SINKS_STACK_ID, { env: REFERENCE_ENV }));
