/**
 * The raw variant's Kinesis consumer, as a team would factor it by hand once it has two:
 * a Lambda event source mapping on the stream (or on an enhanced fan-out consumer) that
 * writes the batches it gives up on, records included, to an S3 failure bucket, and the
 * consumer's alarms. aws-cdk-lib only; the retry, age and alarm settings are the
 * library's defaults for the orders stream written out as numbers.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { addFailureBucket } from './raw-failure-bucket';

const MINUTE = Duration.minutes(1);
const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
const NOT_BREACHING = cloudwatch.TreatMissingData.NOT_BREACHING;
/** Published only when something happened: ignored, so that a failure stays in ALARM until handled. */
const IGNORE = cloudwatch.TreatMissingData.IGNORE;
/** Errors, throttles and the latency objective: 3 breaching minutes in a row. */
const PERSISTENT = { evaluationPeriods: 3, datapointsToAlarm: 3 };
/** Lag: 5 minutes in a row. */
const LAGGING = { evaluationPeriods: 5, datapointsToAlarm: 5 };
/** Failures: at once. */
const AT_ONCE = { evaluationPeriods: 1, datapointsToAlarm: 1 };
/**
 * Give up on a record at three quarters of the orders stream's 7-day retention, leaving
 * 42 hours to replay it from the stream (the failure bucket keeps it anyway)...
 */
const MAX_RECORD_AGE = Duration.hours(126);
/** ...and page, as a data-loss backstop, at a quarter of the retention. */
const LAG_THRESHOLD = Duration.hours(42);
const LAG_TEXT = '42 hours (records older than 126 hours go to the failure destination unprocessed)';
const CATCH_UP = 'check its errors and duration, then speed it up, process shards in parallel or add shards.';
/** Where Lambda writes a given-up batch in an S3 failure destination. */
const GIVEN_UP_PREFIX = 'aws/lambda/';
const SET_BACK_TO_OK = 'set this alarm back to OK (aws cloudwatch set-alarm-state --state-value OK)';

/** One consumer of a Kinesis stream. */
export interface KinesisConsumerOptions {
  readonly stream: kinesis.IStream;
  /** Read through this enhanced fan-out consumer instead of polling the stream. */
  readonly fanOut?: kinesis.IStreamConsumer;
  readonly handler: lambda.IFunction;
  /** Names the consumer in alarm descriptions. */
  readonly readerName: string;
  readonly startingPosition: lambda.StartingPosition;
  /** How long Lambda may gather records before invoking. Default 5 seconds. */
  readonly maxBatchingWindow?: Duration;
  /** How far behind the records may be processed before it pages (IteratorAge)... */
  readonly latencyObjective: Duration;
  /** ...and that objective in words, for the alarm's description. */
  readonly latencyObjectiveText: string;
  /** Aggregate over tumbling windows of this length. */
  readonly tumblingWindow?: Duration;
  /**
   * The handler reports the records it failed (`batchItemFailures`). Default true; the
   * aggregate handler sets bad records aside itself and never does.
   */
  readonly reportBatchItemFailures?: boolean;
  /** Write given-up batches into this bucket (under `aws/lambda/`). Default: a bucket of the consumer's own. */
  readonly failureBucket?: s3.IBucket;
  /** Every alarm's action, for ALARM and OK. */
  readonly action: cloudwatch.IAlarmAction;
}

/**
 * What Lambda needs to write a given-up batch into `failureBucket` (aws-cdk-lib's
 * S3OnFailureDestination would grant read/write on the whole bucket), in the bucket's
 * account only, into the handler's role. Shared with the Kafka pair (raw-kafka-consumer.ts).
 */
export function grantGivenUpWrites(handler: lambda.IFunction, failureBucket: s3.IBucket): void {
  const givenUpObjects = failureBucket.arnForObjects(`${GIVEN_UP_PREFIX}*`);
  const inAccount = { StringEquals: { 's3:ResourceAccount': Stack.of(failureBucket).account } };
  handler.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [failureBucket.bucketArn], conditions: inAccount }));
  handler.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: [givenUpObjects], conditions: inAccount }));
  const cfnBucket = failureBucket.node.defaultChild as s3.CfnBucket;
  Validations.of(handler.role!).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${Stack.of(cfnBucket).getLogicalId(cfnBucket)}.Arn>/${GIVEN_UP_PREFIX}*]`,
    reason: 'Lambda names each failure object after the event source mapping, shard, date and a random id: '
      + 's3:PutObject (and s3:ListBucket on the bucket) under aws/lambda/ only, in the bucket\'s account.',
  });
}

/**
 * Adds the consumer as construct `id` under `scope`: failure bucket (unless given), event
 * source mapping (`Resource`, so it takes the consumer's logical id) and alarms.
 */
export function addKinesisConsumer(scope: Construct, id: string, o: KinesisConsumerOptions): void {
  const consumer = new Construct(scope, id);
  const readGrant = o.fanOut ? o.fanOut.grantRead(o.handler) : o.stream.grantRead(o.handler);

  const failureBucket = o.failureBucket ?? addFailureBucket(consumer, 'FailureBucket',
    'Lambda (s3:PutObject under aws/lambda/, for the consumer\'s event source mapping)');
  grantGivenUpWrites(o.handler, failureBucket);

  const mapping = new lambda.EventSourceMapping(consumer, 'Resource', {
    target: o.handler,
    eventSourceArn: o.fanOut?.streamConsumerArn ?? o.stream.streamArn,
    startingPosition: o.startingPosition,
    batchSize: 100,
    maxBatchingWindow: o.maxBatchingWindow ?? Duration.seconds(5),
    retryAttempts: 3,
    maxRecordAge: MAX_RECORD_AGE,
    bisectBatchOnError: true,
    reportBatchItemFailures: o.reportBatchItemFailures ?? true,
    parallelizationFactor: 1,
    tumblingWindow: o.tumblingWindow,
    onFailure: { bind: () => ({ destination: failureBucket.bucketArn }) },
    supportS3OnFailureDestination: true,
    // Publishes OnFailureDestinationDeliveredEventCount, which the given-up records alarm watches.
    metricsConfig: { metrics: [lambda.MetricType.EVENT_COUNT] },
  });
  // Lambda checks its read and write permissions when the mapping is created.
  readGrant.applyBefore(mapping);

  const label = `Stream consumer ${consumer.node.path} (reader ${o.readerName} of ${o.stream.node.path})`;
  const alarm = (alarmId: string, props: cloudwatch.AlarmProps) => {
    const a = new cloudwatch.Alarm(consumer, alarmId, props);
    a.addAlarmAction(o.action);
    a.addOkAction(o.action);
  };
  const fn = o.handler;
  const iteratorAge = fn.metric('IteratorAge', { statistic: 'Maximum', period: MINUTE });

  alarm('LatencyObjectiveAlarm', {
    metric: iteratorAge,
    threshold: o.latencyObjective.toMilliseconds(),
    comparisonOperator: GT,
    ...PERSISTENT,
    treatMissingData: IGNORE,
    alarmDescription: `${label}: Lambda's IteratorAge stayed above the ${o.latencyObjectiveText} latency objective for 3 minutes: `
      + 'records are processed later than promised. The handler is slow, failing and retrying, or throttled: check its errors, '
      + 'duration and throttles, then speed it up, process shards in parallel (parallelizationFactor) or add shards.',
  });
  alarm('IteratorAgeAlarm', {
    metric: iteratorAge,
    threshold: LAG_THRESHOLD.toMilliseconds(),
    comparisonOperator: GT,
    ...LAGGING,
    treatMissingData: IGNORE,
    alarmDescription: `${label}: data-loss backstop: Lambda's IteratorAge stayed above ${LAG_TEXT} for 5 minutes. `
      + `Records are close to being given up on: the handler is too slow or keeps failing: ${CATCH_UP}`,
  });
  if (o.fanOut) {
    alarm('MillisBehindLatestAlarm', {
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Kinesis',
        metricName: 'SubscribeToShardEvent.MillisBehindLatest',
        dimensionsMap: { StreamName: o.stream.streamName, ConsumerName: o.fanOut.streamConsumerName },
        statistic: 'Maximum',
        period: MINUTE,
      }),
      threshold: LAG_THRESHOLD.toMilliseconds(),
      comparisonOperator: GT,
      ...LAGGING,
      treatMissingData: IGNORE,
      alarmDescription: `${label}: data-loss backstop: the enhanced fan-out consumer stayed more than ${LAG_TEXT} behind the stream `
        + '(SubscribeToShardEvent.MillisBehindLatest) for 5 minutes. The handler cannot keep up with its dedicated read: '
        + CATCH_UP,
    });
  }
  alarm('ErrorsAlarm', {
    metric: fn.metricErrors({ statistic: 'Sum', period: MINUTE }),
    threshold: 0,
    comparisonOperator: GT,
    ...PERSISTENT,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: the handler failed in 3 minutes in a row. Each failed batch is retried and holds its shard; `
      + 'read the function\'s logs. Records given up on go to the failure destination.',
  });
  alarm('ThrottlesAlarm', {
    metric: fn.metricThrottles({ statistic: 'Sum', period: MINUTE }),
    threshold: 0,
    comparisonOperator: GT,
    ...PERSISTENT,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: the handler was throttled in 3 minutes in a row, so shards wait. `
      + 'Each shard needs up to `parallelizationFactor` concurrent executions: raise the function\'s or the account\'s concurrency.',
  });
  alarm('FailureDeliveryAlarm', {
    metric: fn.metric('DestinationDeliveryFailures', { statistic: 'Sum', period: MINUTE }),
    threshold: 0,
    comparisonOperator: GT,
    ...AT_ONCE,
    treatMissingData: IGNORE,
    alarmDescription: `${label}: Lambda could not record a given-up batch in the failure destination (DestinationDeliveryFailures), `
      + 'so its records are skipped without a trace. Check the destination exists and the function may write to it (and its key), '
      + `replay the records from the stream if it still has them, then ${SET_BACK_TO_OK}.`,
  });
  alarm('GivenUpRecordsAlarm', {
    metric: new cloudwatch.Metric({
      namespace: 'AWS/Lambda',
      metricName: 'OnFailureDestinationDeliveredEventCount',
      dimensionsMap: { EventSourceMappingUUID: mapping.eventSourceMappingId },
      statistic: 'Sum',
      period: MINUTE,
    }),
    threshold: 0,
    comparisonOperator: GT,
    ...AT_ONCE,
    treatMissingData: IGNORE,
    alarmDescription: `${label}: Lambda gave up on records (after the retries or at 126 hours old) and sent them to the `
      + 'failure destination (OnFailureDestinationDeliveredEventCount). Each batch is an object under '
      + `s3://${failureBucket.bucketName}/${GIVEN_UP_PREFIX}${mapping.eventSourceMappingId}/<shard id>/YYYY/MM/DD/, its records `
      + `in the payload field (the Lambda event, base64 data). Fix the cause, replay the records, then ${SET_BACK_TO_OK}: `
      + 'it stays in ALARM until then.',
  });
}
