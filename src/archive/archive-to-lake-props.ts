import { Duration, Size } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ArchiveFormat } from './archive-format';
import { IStreamSource } from '../source/stream-source';

/**
 * Properties of an `ArchiveToLake` less its `source`: what `StreamingPipeline.addArchive()`
 * takes, building on the pipeline's source, and the pipeline's `deliveryOptions` (the lake
 * it builds for Firehose direct PUT, with no source).
 */
export interface ArchiveToLakeOptions {
  /**
   * Name of Firehose among the source's readers.
   * @default - a name unique in the app, derived from the construct path
   */
  readonly readerName?: string;

  /**
   * The bucket of the lake.
   * @default - a new bucket: versioned, encrypted, TLS only, public access blocked, retained, with lifecycle rules
   */
  readonly bucket?: s3.IBucket;

  /**
   * KMS key of the lake: a new bucket's default encryption, or with your `bucket`, the
   * key Firehose writes objects with (and is granted); Athena results use it too.
   * @default - S3-managed keys (SSE-S3) for a new bucket; your bucket's default encryption
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Bucket for the new bucket's server access logs.
   * @default - no access logs
   */
  readonly accessLogsBucket?: s3.IBucket;

  /**
   * How events are stored.
   * @default ArchiveFormat.json()
   */
  readonly format?: ArchiveFormat;

  /**
   * Folder of the events in the bucket, ending in `/`. The library adds the partition
   * folders under it: `<field>=…/` for each `partitionBy` field, then
   * `year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/`.
   * @default 'events/'
   */
  readonly prefix?: string;

  /**
   * Folder of records Firehose could not deliver or convert, ending in `/`; the
   * library adds `!{firehose:error-output-type}/` and the date folders.
   * @default 'errors/'
   */
  readonly errorPrefix?: string;

  /**
   * How long Firehose buffers before writing an object, 0–900 seconds (0 is zero
   * buffering, not with `partitionBy`, which needs 60 seconds at least).
   * @default Duration.minutes(5)
   */
  readonly bufferingInterval?: Duration;

  /**
   * How much Firehose buffers before writing an object, 1–128 MiB; Parquet and
   * `partitionBy` need 64 MiB at least.
   * @default Size.mebibytes(64)
   */
  readonly bufferingSize?: Size;

  /**
   * Record fields to partition the lake by (Firehose dynamic partitioning), as JSON
   * paths like `customerId` or `customer.id`: each becomes a folder level and, with
   * Parquet, a partition column. Set at creation only.
   * @default - partitioned by date only
   * @see https://docs.aws.amazon.com/firehose/latest/dev/dynamic-partitioning.html
   */
  readonly partitionBy?: string[];

  /**
   * Name of the Glue database of a Parquet lake: lower-case letters, digits and `_`.
   * @default - derived from the construct path
   */
  readonly databaseName?: string;

  /**
   * Name of the Glue table of a Parquet lake: lower-case letters, digits and `_`.
   * @default - the schema's name in snake case
   */
  readonly tableName?: string;

  /**
   * Create an Athena workgroup whose query results go to the lake bucket, encrypted.
   * @default false
   */
  readonly athenaWorkgroup?: boolean;

  /**
   * Create a Glue crawler that registers the Parquet lake's partitions in the catalog,
   * for engines without partition projection (Redshift Spectrum, EMR, Glue jobs).
   * Athena does not need it. Parquet lakes only.
   * @default false
   */
  readonly crawler?: boolean;

  /**
   * When the crawler runs, as a Glue cron expression; only with `crawler`.
   * @default 'cron(15 * * * ? *)' - every hour, a quarter past
   * @see https://docs.aws.amazon.com/glue/latest/dg/monitor-data-warehouse-schedule.html
   */
  readonly crawlerSchedule?: string;

  /**
   * Data freshness (age of the oldest record not yet in S3) at which the freshness alarm fires.
   * @default - twice the buffering interval plus 5 minutes
   */
  readonly freshnessThreshold?: Duration;

  /**
   * How far Firehose may read behind the source stream in normal operation: the read-latency
   * alarm fires beyond it. Firehose polls each shard every second, so being minutes behind
   * means other readers or the stream itself throttle it. Must be shorter than
   * `readLagThreshold`. Only with a `source`.
   * @default Duration.minutes(5)
   */
  readonly latencyObjective?: Duration;

  /**
   * The data-loss backstop: how far Firehose may fall behind the source stream before the
   * read-lag alarm fires, as records approach the end of the stream's retention.
   * @default - a quarter of the source's retention
   */
  readonly readLagThreshold?: Duration;

  /**
   * Create the alarms.
   * @default true
   */
  readonly createAlarms?: boolean;

  /**
   * Action for every alarm, on ALARM and on OK.
   * @default - no action
   */
  readonly alarmAction?: cloudwatch.IAlarmAction;
}

/** Properties of an `ArchiveToLake`. */
export interface ArchiveToLakeProps extends ArchiveToLakeOptions {
  /**
   * The stream to archive; Firehose reads it as one of its polling readers.
   * @default - none: producers write to the delivery stream directly (Firehose direct PUT), see `grantPutRecords()`
   */
  readonly source?: IStreamSource;
}
