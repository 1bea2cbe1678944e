/**
 * The raw variant's Kinesis consumer, as a team would factor it by hand once it has two:
 * a Lambda event source mapping on the stream (or on an enhanced fan-out consumer), an
 * SQS queue for the batches given up on, and the consumer's alarms. aws-cdk-lib only;
 * the retry, age and alarm settings are the library's defaults for the orders stream
 * written out as numbers.
 */
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

const MINUTE = Duration.minutes(1);
const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
const NOT_BREACHING = cloudwatch.TreatMissingData.NOT_BREACHING;
/** Errors and throttles: 3 breaching minutes in a row. */
const PERSISTENT = { evaluationPeriods: 3, datapointsToAlarm: 3 };
/** Lag: 5 minutes in a row. */
const LAGGING = { evaluationPeriods: 5, datapointsToAlarm: 5 };
/**
 * Give up on a record an hour before the orders stream's 7-day retention ends: late
 * enough that a mapping starting at TRIM_HORIZON reads everything, early enough that the
 * record reaches the failure queue before the stream deletes it...
 */
const MAX_RECORD_AGE = Duration.hours(167);
/** ...and page at a quarter of the retention. */
const LAG_THRESHOLD = Duration.hours(42);
const LAG_TEXT = '42 hours (records older than 167 hours go to the failure destination unprocessed)';
const CATCH_UP = 'check its errors and duration, then speed it up, process shards in parallel or add shards.';

/** One consumer of a Kinesis stream. */
export interface KinesisConsumerOptions {
  readonly stream: kinesis.IStream;
  /** Read through this enhanced fan-out consumer instead of polling the stream. */
  readonly fanOut?: kinesis.IStreamConsumer;
  readonly handler: lambda.IFunction;
  /** Names the consumer in alarm descriptions. */
  readonly readerName: string;
  readonly startingPosition: lambda.StartingPosition;
  /** Aggregate over tumbling windows of this length. */
  readonly tumblingWindow?: Duration;
  /**
   * The handler reports the records it failed (`batchItemFailures`). Default true; the
   * aggregate handler sets bad records aside itself and never does.
   */
  readonly reportBatchItemFailures?: boolean;
  /**
   * The handler deserializes records with the Glue Schema Registry: it may fetch schema
   * versions (`glue:GetSchemaVersion`, on `*`: looked up by version id, it cannot be scoped).
   */
  readonly readsRegistrySchemas?: boolean;
  /** Every alarm's action, for ALARM and OK. */
  readonly action: cloudwatch.IAlarmAction;
}

/**
 * Adds the consumer as construct `id` under `scope`: failure queue, event source
 * mapping (`Resource`, so it takes the consumer's logical id) and alarms.
 */
export function addKinesisConsumer(scope: Construct, id: string, o: KinesisConsumerOptions): void {
  const consumer = new Construct(scope, id);
  const readGrant = o.fanOut ? o.fanOut.grantRead(o.handler) : o.stream.grantRead(o.handler);
  if (o.readsRegistrySchemas) {
    o.handler.addToRolePolicy(new iam.PolicyStatement({ actions: ['glue:GetSchemaVersion'], resources: ['*'] }));
  }

  // Kept as long as SQS allows, and on stack deletion: the only record of skipped batches.
  const failureQueue = new sqs.Queue(consumer, 'FailureQueue', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // cdk-nag only recognises queues named in another queue's redrive policy as DLQs.
  Validations.of(failureQueue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: 'This queue is the dead-letter destination of a Lambda event source mapping: it holds the batches the consumer gave up on.',
  });
  const mapping = new lambda.EventSourceMapping(consumer, 'Resource', {
    target: o.handler,
    eventSourceArn: o.fanOut?.streamConsumerArn ?? o.stream.streamArn,
    startingPosition: o.startingPosition,
    batchSize: 100,
    maxBatchingWindow: Duration.seconds(5),
    retryAttempts: 3,
    maxRecordAge: MAX_RECORD_AGE,
    bisectBatchOnError: true,
    reportBatchItemFailures: o.reportBatchItemFailures ?? true,
    parallelizationFactor: 1,
    tumblingWindow: o.tumblingWindow,
    onFailure: new sources.SqsDlq(failureQueue),
  });
  // Lambda checks its read permissions when the mapping is created.
  readGrant.applyBefore(mapping);

  const label = `Stream consumer ${consumer.node.path} (reader ${o.readerName} of ${o.stream.node.path})`;
  const alarm = (alarmId: string, props: cloudwatch.AlarmProps) => {
    const a = new cloudwatch.Alarm(consumer, alarmId, props);
    a.addAlarmAction(o.action);
    a.addOkAction(o.action);
  };
  const fn = o.handler;

  alarm('IteratorAgeAlarm', {
    metric: fn.metric('IteratorAge', { statistic: 'Maximum', period: MINUTE }),
    threshold: LAG_THRESHOLD.toMilliseconds(),
    comparisonOperator: GT,
    ...LAGGING,
    treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    alarmDescription: `${label}: Lambda's IteratorAge stayed above ${LAG_TEXT} for 5 minutes. `
      + `The handler is too slow or keeps failing: ${CATCH_UP}`,
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
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
      alarmDescription: `${label}: the enhanced fan-out consumer stayed more than ${LAG_TEXT} behind the stream `
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
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: Lambda could not record a given-up batch in the failure destination (DestinationDeliveryFailures), `
      + 'so its records are skipped without a trace. Check the destination exists and the function may write to it (and its key).',
  });
  alarm('FailureQueueDepthAlarm', {
    metric: failureQueue.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: Duration.minutes(5) }),
    threshold: 0,
    comparisonOperator: GT,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: batches Lambda gave up on are waiting in the failure queue. Each message names the shard and `
      + 'sequence numbers of the records skipped: fix the cause, reprocess them from the stream before its retention ends, then delete the message.',
  });
}
