/**
 * Variant (b) of the analytics pair: library-analytics.ts's stack written by hand with
 * aws-cdk-lib only, in one stack:
 *
 * - the key and the on-call topic, which the alarms may publish to (raw-ingest.ts);
 * - the orders stream (3 shards for 2 MiB/s and 1,500 records/s with half again as
 *   headroom, a day's retention, encrypted with the key) and its alarms (raw-ingest.ts);
 * - the job's table and results bucket, and the bucket its code is already in;
 * - the Managed Flink application (raw-stream-analytics.ts): its enhanced fan-out
 *   consumer, role, logs, the application with 3 subtasks (1,500 records/s with half
 *   again as headroom, 750 per subtask), its start through a custom resource running the
 *   library's shipped handlers, and its alarms.
 *
 * It deliberately imports nothing from src/: what the library computes (shard count,
 * parallelism, thresholds, property groups) is written out. bench/check-equivalence.ts
 * fails the benchmark if the two templates drift apart.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ANALYTICS_STACK_ID, REFERENCE_ENV } from './names';
import { addStreamAlarms, allowAlarmsToPublish } from './raw-ingest';
import { addStreamAnalytics, bucketSink, tableSink } from './raw-stream-analytics';
import { synthApp } from './synth-app';

synthApp(app => {
  const stack = new Stack(app, ANALYTICS_STACK_ID, { env: REFERENCE_ENV });
  const key = new kms.Key(stack, 'StreamKey', {
    description: 'Encrypts the orders stream and the on-call topic',
    enableKeyRotation: true,
  });
  const onCall = new sns.Topic(stack, 'OnCall', { masterKey: key, enforceSSL: true });
  const page = new cloudwatchActions.SnsAction(onCall);

  const orders = new kinesis.Stream(stack, 'Orders', {
    streamMode: kinesis.StreamMode.PROVISIONED,
    shardCount: 3,
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
    shards: 3,
    retentionHours: 24,
    iteratorAgeHours: 6,
    hotShardAlarms: false,
    action: page,
  });

  const windows = new dynamodb.Table(stack, 'Windows', {
    partitionKey: { name: 'store_id', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'window_start', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: dynamodb.TableEncryption.AWS_MANAGED,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const results = new s3.Bucket(stack, 'Results', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    versioned: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  const jobs = s3.Bucket.fromBucketName(stack, 'Jobs', 'order-windows-jobs-111111111111');

  addStreamAnalytics(stack, 'OrderWindows', {
    stream: orders,
    readerName: 'order-windows',
    readsSchema: false,
    code: { bucket: jobs, fileKey: 'order-windows/order-windows-1.0.jar' },
    parallelism: 3,
    sinks: [tableSink('windows', windows), bucketSink('files', results, 'order-windows/')],
    action: page,
  });

  // Last, as the library's aspect adds them: once the topic's policy is complete.
  allowAlarmsToPublish(onCall, key);
});
