import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * How a Lambda function reads a stream's shards: options shared by `ShardConsumer`
 * and the sinks built on it (`AggregateToTable`).
 *
 * The defaults never block a shard behind a poison record: retries and record age are
 * finite, and what Lambda gives up on goes to a failure destination with an alarm.
 */
export interface ShardReadOptions {
  /**
   * Name of this reader of the source, unique per stream. With enhanced fan-out it is
   * also the stream consumer's name: 1–128 characters of `a-z A-Z 0-9 _ . -`.
   * @default - a name unique in the app, derived from the construct path
   */
  readonly readerName?: string;

  /**
   * Where a new mapping starts reading each shard.
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
   * so that records are given up on (and recorded) before the stream deletes them. A
   * mapping starting at `TRIM_HORIZON` gives up on the retained records older than this.
   * @default - an hour less than the source's retention, at most 7 days
   */
  readonly maxRecordAge?: Duration;

  /**
   * Read through a dedicated enhanced fan-out consumer (2 MiB/s per shard for this
   * reader alone, about 70 ms latency, billed per consumer-shard-hour) instead of
   * polling the shards' shared 2 MiB/s and 5 calls/s. Changing it replaces the mapping,
   * which then starts again from `startingPosition`.
   * @default false
   */
  readonly enhancedFanOut?: boolean;

  /**
   * Where Lambda records batches it gives up on (after `retryAttempts` or
   * `maxRecordAge`). SQS and SNS destinations receive the batch's shard and sequence
   * numbers, so reprocess from the stream before its retention ends; an S3
   * destination (`S3OnFailureDestination`) also receives the records.
   * @default - a new SQS queue (encrypted, TLS only, 14 days retention) with a depth alarm
   */
  readonly onFailure?: lambda.IEventSourceDlq;

  /**
   * Lag at which the iterator-age alarm fires; less than `maxRecordAge`, at which Lambda gives up on records.
   * @default - a quarter of the source's retention or half of `maxRecordAge`, whichever is shorter
   */
  readonly iteratorAgeThreshold?: Duration;

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
