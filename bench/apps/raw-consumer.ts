/**
 * The raw variant's Kinesis consumer, as a team would factor it by hand once it has two:
 * a Lambda event source mapping on the stream (or on an enhanced fan-out consumer), an
 * SQS queue for the batches given up on, and the consumer's alarms. aws-cdk-lib only;
 * the retry, age and alarm settings are the library's defaults for the orders stream
 * written out as numbers.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
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
/** Give up on a record at half the orders stream's 7-day retention... */
const MAX_RECORD_AGE = Duration.hours(84);
/** ...and page at a quarter of it. */
const LAG_THRESHOLD = Duration.hours(42);
const LAG_TEXT = '42 hours (records older than 84 hours go to the failure destination unprocessed)';

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

  // Kept as long as SQS allows, and on stack deletion: the only record of skipped batches.
  const failureQueue = new sqs.Queue(consumer, 'FailureQueue', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
    removalPolicy: RemovalPolicy.RETAIN,
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
    reportBatchItemFailures: true,
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
      + 'The handler is too slow or keeps failing: check its errors and duration, raise `parallelizationFactor` or the shard count.',
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
        + 'check its errors and duration, raise `parallelizationFactor` or the shard count.',
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
