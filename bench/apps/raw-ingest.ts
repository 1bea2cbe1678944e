/**
 * The raw variant's ingest layer: the resources of the library's ingest layer
 * (examples/reference-pipeline.ts) written by hand with aws-cdk-lib only, as a team
 * would without the library: same key, topic, streams (shard counts, retention,
 * encryption, shard-level metrics), the same alarms (metrics, math expressions,
 * thresholds, descriptions, actions) and the same validation acknowledgement.
 *
 * It deliberately imports nothing from src/: the shard counts and thresholds the library
 * computes are written out as numbers. bench/check-equivalence.ts fails the benchmark
 * if the raw and library templates drift apart, so the comparison stays like for like.
 */
import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { NamedAlarm } from './raw-watch';

const MINUTE = Duration.minutes(1);
const SUSTAINED = { evaluationPeriods: 5, datapointsToAlarm: 3 };
const GTE = cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD;
const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
const NOT_BREACHING = cloudwatch.TreatMissingData.NOT_BREACHING;

/** What differs between the streams' alarms. */
export interface StreamAlarmOptions {
  /** Construct id of the stream, prefix of its alarms' ids. */
  readonly id: string;
  readonly stream: kinesis.Stream;
  readonly shards: number;
  readonly retentionHours: number;
  /** 25% of the retention, in hours. */
  readonly iteratorAgeHours: number;
  readonly hotShardAlarms: boolean;
  readonly action: cloudwatch.IAlarmAction;
}

/** What the processing and storage layers need from the ingest layer. */
export interface RawIngestLayer {
  /** The clickstream, archived by the storage layer. */
  readonly clickstream: kinesis.Stream;
  /** The orders stream, read by the processing layer and archived as Parquet. */
  readonly orders: kinesis.Stream;
  /** Pages the on-call topic; every alarm's action, for ALARM and OK. */
  readonly page: cloudwatch.IAlarmAction;
  /** Each stream's alarms, for the pipeline's dashboard (raw-watch.ts). */
  readonly clickstreamAlarms: NamedAlarm[];
  readonly ordersAlarms: NamedAlarm[];
}

/** Adds the key, the on-call topic and both streams with their alarms to `stack`. */
export function addIngestLayer(stack: Stack): RawIngestLayer {
  const key = new kms.Key(stack, 'StreamKey', {
    description: 'Encrypts the orders stream and the on-call topic',
    enableKeyRotation: true,
  });
  const onCall = new sns.Topic(stack, 'OnCall', { masterKey: key, enforceSSL: true });
  allowAlarmsToPublish(onCall, key);
  const page = new cloudwatchActions.SnsAction(onCall);

  const clickstream = new kinesis.Stream(stack, 'Clickstream', {
    streamMode: kinesis.StreamMode.PROVISIONED,
    shardCount: 8,
    retentionPeriod: Duration.hours(24),
    encryption: kinesis.StreamEncryption.MANAGED,
    removalPolicy: RemovalPolicy.RETAIN,
    shardLevelMetrics: [
      kinesis.ShardLevelMetrics.INCOMING_BYTES,
      kinesis.ShardLevelMetrics.INCOMING_RECORDS,
    ],
  });
  const clickstreamAlarms = addStreamAlarms(stack, {
    id: 'Clickstream',
    stream: clickstream,
    shards: 8,
    retentionHours: 24,
    iteratorAgeHours: 6,
    hotShardAlarms: true,
    action: page,
  });

  // 2 shards: three polling readers (the aggregate, the Parquet lake, the warehouse's
  // streaming ingestion) read 3 × 0.5 MiB/s, with half again as headroom 2.25 MiB/s, over one
  // shard's shared 2 MiB/s of reads.
  const orders = new kinesis.Stream(stack, 'Orders', {
    streamMode: kinesis.StreamMode.PROVISIONED,
    shardCount: 2,
    retentionPeriod: Duration.days(7),
    encryption: kinesis.StreamEncryption.KMS,
    encryptionKey: key,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // cdk-nag (KDS3) prefers the AWS-managed key; the example keeps its customer-managed one.
  Validations.of(orders).acknowledge({
    id: 'AwsSolutions-KDS3',
    reason: 'Orders carry customer data: a customer-managed key with rotation lets the team control and audit access.',
  });
  const ordersAlarms = addStreamAlarms(stack, {
    id: 'Orders',
    stream: orders,
    shards: 2,
    retentionHours: 168,
    iteratorAgeHours: 42,
    hotShardAlarms: false,
    action: page,
  });

  return { clickstream, orders, page, clickstreamAlarms, ordersAlarms };
}

/**
 * The topic's policy replaces SNS's default: it must let the alarms of this account and
 * region publish, and the key must let CloudWatch use it (what the library adds to a topic
 * it pages). Shared with the Kafka pair (raw-kafka.ts).
 */
export function allowAlarmsToPublish(onCall: sns.Topic, key: kms.Key): void {
  const stack = Stack.of(onCall);
  const alarms = {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'cloudwatch', resource: 'alarm', resourceName: '*', arnFormat: ArnFormat.COLON_RESOURCE_NAME }) },
  };
  onCall.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchAlarmsToPublish',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['sns:Publish'],
    resources: [onCall.topicArn],
    conditions: alarms,
  }));
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowCloudWatchAlarmsToUseTheTopicKey',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
    conditions: alarms,
  }));
}

/**
 * A stream's alarms, as construct `<id><Name>Alarm` under `scope` (the stack), returned
 * in order with their names (`<Name>Alarm`, as the library's ids are). Shared with the
 * analytics pair (raw-analytics.ts).
 */
export function addStreamAlarms(scope: Construct, o: StreamAlarmOptions): NamedAlarm[] {
  const label = `Kinesis stream ${scope.node.path}/${o.id}`;
  const alarms: NamedAlarm[] = [];
  const alarm = (name: string, props: cloudwatch.AlarmProps) => {
    const a = new cloudwatch.Alarm(scope, `${o.id}${name}`, props);
    a.addAlarmAction(o.action);
    a.addOkAction(o.action);
    alarms.push({ name, alarm: a });
  };
  const s = o.stream;

  alarm('WriteThrottlingAlarm', {
    metric: s.metricWriteProvisionedThroughputExceeded({ statistic: 'Average', period: MINUTE }),
    threshold: 0.01,
    comparisonOperator: GTE,
    ...SUSTAINED,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: at least 1% of writes were throttled (WriteProvisionedThroughputExceeded) in 3 of 5 minutes; `
      + 'producers retry or drop records. If one shard is hot, spread the partition key; if all are busy, raise the shard count.',
  });
  alarm('PutRecordsThrottledAlarm', {
    metric: s.metricPutRecordsThrottledRecords({ statistic: 'Sum', period: MINUTE }),
    threshold: 0,
    comparisonOperator: GT,
    ...SUSTAINED,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: PutRecords calls had throttled records (PutRecords.ThrottledRecords) in 3 of 5 minutes. `
      + 'Make sure producers retry failed records, then spread the partition key or raise the shard count.',
  });
  alarm('ReadThrottlingAlarm', {
    metric: s.metricReadProvisionedThroughputExceeded({ statistic: 'Average', period: MINUTE }),
    threshold: 0.01,
    comparisonOperator: GTE,
    ...SUSTAINED,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: at least 1% of GetRecords calls were throttled (ReadProvisionedThroughputExceeded) in 3 of 5 minutes. `
      + 'Polling consumers share 5 calls/s and 2 MiB/s per shard: move consumers to enhanced fan-out or raise the shard count.',
  });
  alarm('IteratorAgeAlarm', {
    metric: s.metricGetRecordsIteratorAgeMilliseconds({ statistic: 'Maximum', period: MINUTE }),
    threshold: Duration.hours(o.iteratorAgeHours).toMilliseconds(),
    comparisonOperator: GT,
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    alarmDescription: `${label}: the oldest unread record is over ${o.iteratorAgeHours} hours old (GetRecords.IteratorAgeMilliseconds) `
      + `for 5 minutes; records expire after ${o.retentionHours} hours. `
      + 'Find the slow or failing consumer (errors, throttles, poison records) and scale it before data is lost.',
  });
  alarm('WriteBytesCapacityAlarm', {
    metric: new cloudwatch.MathExpression({
      expression: `100 * bytes / (60 * 1048576 * ${o.shards})`,
      usingMetrics: { bytes: s.metricIncomingBytes({ statistic: 'Sum', period: MINUTE }) },
      period: MINUTE,
      label: 'Write bytes, % of provisioned',
    }),
    threshold: 80,
    comparisonOperator: GTE,
    ...SUSTAINED,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: incoming bytes reached 80% of the provisioned 1 MiB/s per shard in 3 of 5 minutes. `
      + 'Raise the shard count (or the workload\'s ingestMibPerSecond) before writes are throttled.',
  });
  alarm('WriteRecordsCapacityAlarm', {
    metric: new cloudwatch.MathExpression({
      expression: `100 * records / (60 * 1000 * ${o.shards})`,
      usingMetrics: { records: s.metricIncomingRecords({ statistic: 'Sum', period: MINUTE }) },
      period: MINUTE,
      label: 'Write records, % of provisioned',
    }),
    threshold: 80,
    comparisonOperator: GTE,
    ...SUSTAINED,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: incoming records reached 80% of the provisioned 1,000 records/s per shard in 3 of 5 minutes. `
      + 'Raise the shard count (or the workload\'s ingestRecordsPerSecond), or batch small records, before writes are throttled.',
  });

  if (!o.hotShardAlarms) {
    return alarms;
  }
  // The busiest shard, from shard-level metrics, through a Metrics Insights query.
  const hottestShard = (metricName: string) => new cloudwatch.MathExpression({
    expression: `SELECT SUM(${metricName}) FROM SCHEMA("AWS/Kinesis", ShardId, StreamName) `
      + `WHERE StreamName = '${s.streamName}' GROUP BY ShardId ORDER BY SUM() DESC LIMIT 1`,
    period: MINUTE,
    label: `${metricName} of the hottest shard`,
  });
  const skewed = (limit: string) => `${label}: one shard received at least 80% of its ${limit} in 3 of 5 minutes `
    + 'while the stream as a whole may be far from full: the partition key is skewed. Use a higher-cardinality key '
    + '(customer, order or device id) or split the hot key with a suffix.';
  alarm('HotShardBytesAlarm', {
    metric: hottestShard('IncomingBytes'),
    // 80% of 1 MiB/s for 60 s.
    threshold: 50_331_648,
    comparisonOperator: GTE,
    ...SUSTAINED,
    treatMissingData: NOT_BREACHING,
    alarmDescription: skewed('1 MiB/s write limit'),
  });
  alarm('HotShardRecordsAlarm', {
    metric: hottestShard('IncomingRecords'),
    // 80% of 1,000 records/s for 60 s.
    threshold: 48_000,
    comparisonOperator: GTE,
    ...SUSTAINED,
    treatMissingData: NOT_BREACHING,
    alarmDescription: skewed('1,000 records/s write limit'),
  });
  return alarms;
}
