import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * How a Lambda function reads a stream's shards (or a Kafka topic's partitions): options
 * shared by `ShardConsumer` and the sinks built on it (`AggregateToTable`).
 *
 * The defaults never block a shard behind a poison record: retries and record age are
 * finite, and what Lambda gives up on goes to a failure destination with an alarm.
 */
export interface ShardReadOptions {
  /**
   * Name of this reader of the source, unique per stream. With enhanced fan-out it is
   * also the stream consumer's name: 1–128 characters of `a-z A-Z 0-9 _ . -`. On a Kafka
   * topic it is the consumer group id: 1–200 characters of `a-z A-Z 0-9 - / * _ + = . @`,
   * no `:` (MSK publishes no consumer lag for such a group).
   * @default - a name unique in the app, derived from the construct path
   */
  readonly readerName?: string;

  /**
   * Where a new mapping starts reading each shard (or partition).
   * Changing it replaces the mapping, which then starts again from this position.
   * @default lambda.StartingPosition.TRIM_HORIZON - the oldest record kept, so records written before the mapping are read too
   */
  readonly startingPosition?: lambda.StartingPosition;

  /**
   * The time to start reading from, in Unix seconds; only with `startingPosition`
   * `AT_TIMESTAMP`, which requires it.
   * @default - none
   */
  readonly startingPositionTimestamp?: number;

  /**
   * Records per batch, 1–10,000.
   * @default 100
   * @see https://docs.aws.amazon.com/lambda/latest/dg/with-kinesis.html
   */
  readonly batchSize?: number;

  /**
   * How long Lambda gathers records before invoking, 0–300 seconds.
   * @default Duration.seconds(5)
   */
  readonly maxBatchingWindow?: Duration;

  /**
   * Retries of a failing batch before its records go to the failure destination:
   * 0–10,000, or -1 to retry until the records are older than `maxRecordAge`
   * (which holds the shard that long, and warns).
   * @default 3
   */
  readonly retryAttempts?: number;

  /**
   * Records older than this when Lambda reads them are not processed but sent to the
   * failure destination: 60 seconds to 7 days, and shorter than the source's retention,
   * so that records are given up on (and recorded) before the stream deletes them. The
   * rest of the retention is the replay window: how long a record given up on stays on
   * the stream. A mapping starting at `TRIM_HORIZON` gives up on the retained records
   * older than this straight away (the default S3 failure bucket keeps them whole).
   * @default - three quarters of the source's retention, at most 7 days: at least a quarter of it (6 hours on a 24-hour stream) is left to replay from the stream
   */
  readonly maxRecordAge?: Duration;

  /**
   * Read through a dedicated enhanced fan-out consumer (2 MiB/s per shard for this
   * reader alone, about 70 ms latency, billed per consumer-shard-hour) instead of
   * polling the shards' shared 2 MiB/s and 5 calls/s. Changing it replaces the mapping,
   * which then starts again from `startingPosition`. Kinesis only: refused on a Kafka
   * topic, where every consumer group reads every partition at the brokers' full rate.
   * @default false
   */
  readonly enhancedFanOut?: boolean;

  /**
   * Where Lambda records batches it gives up on (after `retryAttempts` or
   * `maxRecordAge`), instead of the failure bucket the consumer would create. SQS and
   * SNS destinations (`SqsDlq`, `SnsDlq`) receive only the batch's shard and sequence
   * numbers (on a Kafka topic: partition and offsets): the records must be replayed from
   * the source within its retention less `maxRecordAge`, so they warn. On a Kafka topic
   * the destination is reached from the cluster's VPC: the bridge creates an endpoint
   * there for an SQS, SNS or S3 destination. An `S3OnFailureDestination` also receives the records
   * (but grants the handler read, write and delete on the whole bucket).
   * @default - a new S3 failure bucket that keeps the records themselves (see `ShardConsumer.failureBucket`)
   */
  readonly onFailure?: lambda.IEventSourceDlq;

  /**
   * Lag at which the backstop alarm (`IteratorAgeAlarm`) fires: records are getting close
   * to `maxRecordAge`, at which Lambda gives up on them. Less than `maxRecordAge`. A
   * data-loss backstop, not an operational alarm: `latencyObjective` is that. On a source
   * Lambda publishes no IteratorAge for (a Kafka topic) the alarm watches the source's own
   * lag measure (MSK `EstimatedMaxTimeLag` of the consumer group) at this threshold.
   * @default - a quarter of the source's retention or half of `maxRecordAge`, whichever is shorter
   */
  readonly iteratorAgeThreshold?: Duration;

  /**
   * How far behind the stream this reader may fall in normal operation: the
   * `LatencyObjectiveAlarm` fires when Lambda's IteratorAge (the age of the newest record
   * of each batch when Lambda hands it over, Maximum per minute) stays above it for 3
   * minutes. More than `maxBatchingWindow` (Lambda may wait that long before invoking)
   * and less than `iteratorAgeThreshold`. Stated in the source's plan. On a Kafka topic,
   * for which Lambda publishes no IteratorAge, the alarm watches MSK's `EstimatedMaxTimeLag`
   * of the consumer group (how far behind the newest record it is) instead.
   * @default - 5 minutes (or twice a longer `maxBatchingWindow`; half of a shorter `iteratorAgeThreshold`)
   * @see https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html#performance-metrics
   */
  readonly latencyObjective?: Duration;

  /**
   * Create the consumer's alarms.
   * @default true
   */
  readonly createAlarms?: boolean;

  /**
   * Action for every alarm, on ALARM and on OK (typically an SNS topic).
   * @default - no action: the alarms change state without notifying anyone
   */
  readonly alarmAction?: cloudwatch.IAlarmAction;
}
