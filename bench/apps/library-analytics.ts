/**
 * Variant (a) of the analytics pair: a `StreamAnalytics` (a Managed Flink application) on
 * a `StreamingIngest`, as a team would deploy its own job: the key and the on-call topic,
 * the orders stream sized from its workload and encrypted with the key, and the job
 * reading it through its own enhanced fan-out consumer, sized from its workload, its
 * code already in a bucket (`ApplicationCode.fromBucket`, so no asset to stage), writing
 * per-window results to a new table and files under a prefix of a new bucket, started
 * after deploy by the library's custom resource, with its alarms paging the topic.
 * Without cdk-nag, like the other pairs. The stack is defined here, not in examples/:
 * the reference pipeline's `AnalyticsLayer` uploads its job as an asset.
 */
import { RemovalPolicy, Stack, StackProps, Validations } from 'aws-cdk-lib';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ANALYTICS_STACK_ID, REFERENCE_ENV } from './names';
import { synthApp } from './synth-app';
import { AnalyticsSink, ApplicationCode, StreamAnalytics, StreamingIngest, StreamReadMode } from '../../src';

/** The orders stream and a Managed Flink job that aggregates it into a table and a bucket. */
class AnalyticsPipelineStack extends Stack {
  constructor(scope: Construct, id: string, props: StackProps) {
    super(scope, id, props);

    const key = new kms.Key(this, 'StreamKey', {
      description: 'Encrypts the orders stream and the on-call topic',
      enableKeyRotation: true,
    });
    const onCall = new sns.Topic(this, 'OnCall', { masterKey: key, enforceSSL: true });
    const page = new cloudwatchActions.SnsAction(onCall);

    // The job reads through its own enhanced fan-out consumer, which the workload counts.
    const orders = new StreamingIngest(this, 'Orders', {
      workload: { ingestMibPerSecond: 2, ingestRecordsPerSecond: 1500, enhancedFanOutConsumers: 1, headroom: 0.5 },
      encryptionKey: key,
      alarmAction: page,
    });
    Validations.of(orders.stream).acknowledge({
      id: 'AwsSolutions-KDS3',
      reason: 'Orders carry customer data: a customer-managed key with rotation lets the team control and audit access.',
    });

    const windows = new dynamodb.Table(this, 'Windows', {
      partitionKey: { name: 'store_id', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'window_start', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const results = new s3.Bucket(this, 'Results', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      versioned: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The team's CI uploads the job's JAR here.
    const jobs = s3.Bucket.fromBucketName(this, 'Jobs', 'order-windows-jobs-111111111111');

    new StreamAnalytics(this, 'OrderWindows', {
      source: orders,
      readerName: 'order-windows',
      readMode: StreamReadMode.ENHANCED_FAN_OUT,
      code: ApplicationCode.fromBucket(jobs, 'order-windows/order-windows-1.0.jar'),
      // One subtask per shard: 1,500 records/s with half again as headroom, 750 per subtask.
      workload: { recordsPerSecond: 1500, recordsPerSecondPerSubtask: 750, headroom: 0.5 },
      sinks: [
        AnalyticsSink.toTable(windows, { name: 'windows' }),
        AnalyticsSink.toBucket(results, { name: 'files', prefix: 'order-windows/' }),
      ],
      alarmAction: page,
    });
  }
}

synthApp(app => new AnalyticsPipelineStack(app, ANALYTICS_STACK_ID, { env: REFERENCE_ENV }));
