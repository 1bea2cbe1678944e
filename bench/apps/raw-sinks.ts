/**
 * Variant (b) of the sinks pair: library-sinks.ts's stack written by hand with aws-cdk-lib
 * only, in one stack:
 *
 * - the key and the on-call topic, which the alarms may publish to (raw-ingest.ts);
 * - the orders stream (5 shards: three polling readers of 2 MiB/s with half again as
 *   headroom read 9 MiB/s, over 2 MiB/s of reads per shard; a day's retention, encrypted
 *   with the key) and its alarms (raw-ingest.ts);
 * - the orders index in a new secure OpenSearch domain, rotated daily (raw-search.ts);
 * - a public OpenSearch Serverless collection (raw-collection.ts) and the orders index in it
 *   (raw-search.ts, with its data-access policy);
 * - the loader's secret, the publicly accessible cluster taking it as dynamic references,
 *   and the Firehose `COPY` into its orders table, created by a custom resource
 *   (raw-redshift-copy.ts).
 *
 * It deliberately imports nothing from src/: what the library computes (shard count, names,
 * thresholds, the table's columns) is written out. bench/check-equivalence.ts fails the
 * benchmark if the two templates drift apart.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as redshift from 'aws-cdk-lib/aws-redshift';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { REFERENCE_ENV, SINKS_STACK_ID } from './names';
import { addCollection } from './raw-collection';
import { addStreamAlarms, allowAlarmsToPublish } from './raw-ingest';
import { addRedshiftCopy } from './raw-redshift-copy';
import { addSearch } from './raw-search';
import { synthApp } from './synth-app';

synthApp(app => {
  const stack = new Stack(app, SINKS_STACK_ID, { env: REFERENCE_ENV });
  const key = new kms.Key(stack, 'StreamKey', {
    description: 'Encrypts the orders stream and the on-call topic',
    enableKeyRotation: true,
  });
  const onCall = new sns.Topic(stack, 'OnCall', { masterKey: key, enforceSSL: true });
  const page = new cloudwatchActions.SnsAction(onCall);

  const orders = new kinesis.Stream(stack, 'Orders', {
    streamMode: kinesis.StreamMode.PROVISIONED,
    shardCount: 5,
    retentionPeriod: Duration.hours(24),
    encryption: kinesis.StreamEncryption.KMS,
    encryptionKey: key,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  Validations.of(orders).acknowledge({
    id: 'AwsSolutions-KDS3',
    reason: 'Orders carry customer data: a customer-managed key with rotation lets the team control and audit access.',
  });
  addStreamAlarms(stack, {
    id: 'Orders',
    stream: orders,
    shards: 5,
    retentionHours: 24,
    iteratorAgeHours: 6,
    hotShardAlarms: false,
    action: page,
  });

  addSearch(stack, 'OrderSearch', { stream: orders, streamKey: key, indexName: 'orders', action: page });
  const collection = addCollection(stack, 'Support');
  addSearch(stack, 'SupportSearch', { stream: orders, streamKey: key, indexName: 'orders', collection, action: page });

  const loader = new secretsmanager.Secret(stack, 'Loader', {
    description: 'Admin user of the orders cluster, whom Firehose COPY connects as',
    generateSecretString: {
      secretStringTemplate: JSON.stringify({ username: 'loader' }),
      generateStringKey: 'password',
      excludePunctuation: true,
      passwordLength: 32,
    },
  });
  const cluster = new redshift.CfnCluster(stack, 'Cluster', {
    clusterType: 'multi-node',
    numberOfNodes: 2,
    nodeType: 'ra3.large',
    dbName: 'analytics',
    masterUsername: loader.secretValueFromJson('username').unsafeUnwrap(),
    masterUserPassword: loader.secretValueFromJson('password').unsafeUnwrap(),
    encrypted: true,
    publiclyAccessible: true,
  });
  addRedshiftCopy(stack, 'Load', { stream: orders, streamKey: key, cluster, credentials: loader, action: page });

  // Last, as the library's aspect adds them: once the topic's policy is complete.
  allowAlarmsToPublish(onCall, key);
});
