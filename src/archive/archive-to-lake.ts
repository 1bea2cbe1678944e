import { Duration, Names, Size, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { createArchiveAlarms } from './archive-alarms';
import { ArchiveFormat } from './archive-format';
import { ArchiveToLakeProps } from './archive-to-lake-props';
import { createAthenaWorkgroup } from './athena-workgroup';
import { createLakeBucket } from './lake-bucket';
import { createLakeCatalog } from './lake-catalog';
import { createLakeCrawler } from './lake-crawler';
import { createLakeDeliveryStream } from './lake-delivery-stream';
import { DATE_PARTITIONS, LakeLayout, lakeLayout } from './lake-layout';
import { fail, InputError, withPath } from '../common/input-error';
import { warnRegistryEncoding } from '../common/registry-encoding';
import {
  BufferingHints, BufferingRestriction, checkBufferingHints, dynamicPartitioning, recordFormatConversion,
} from '../firehose/buffering-hints';
import { freshnessThreshold } from '../firehose/delivery-alarms';
import { warnReadLagNotMeasured } from '../firehose/delivery-source';
import { DeliveryStreamMetrics } from '../firehose/delivery-stream-metrics';
import { DestinationKind } from '../firehose/destination-kind';
import { ReadLagSettings, readLagSettings } from '../firehose/read-lag';
import { AlarmFactory } from '../monitoring/alarm-factory';
import { StreamReadMode } from '../source/read-mode';
import { IReaderBinding } from '../source/reader-binding';
import { defaultReaderName } from '../source/reader-name';

/** Glue database and table names: lower case, as Athena folds them. */
const CATALOG_NAME = /^[a-z0-9_]{1,255}$/;
/** The crawler runs hourly by default: partitions appear within the hour. */
const DEFAULT_CRAWLER_SCHEDULE = 'cron(15 * * * ? *)';
/** Glue schedules: `cron(minutes hours day-of-month month day-of-week year)`. */
const CRON = /^cron\(\S+( \S+){5}\)$/;

/**
 * Every event in a queryable, partitioned lake: Firehose from a stream (or direct PUT)
 * into S3 under `year=/month=/day=` folders, as JSON or as Parquet with a Glue table
 * that Athena queries at once through partition projection.
 *
 * @example
 * declare const ingest: StreamingIngest;
 * new ArchiveToLake(this, 'Archive', { source: ingest });
 */
export class ArchiveToLake extends Construct {
  /** The Firehose delivery stream. */
  public readonly deliveryStream: firehose.IDeliveryStream;
  /**
   * The role Firehose delivers with. Its one policy allows exactly what the delivery does:
   * put, get and abort uploads of objects under the data and error folders, list the
   * bucket, use the lake's key through S3 for those objects, read the source stream, read
   * the Glue table of a Parquet lake, and write delivery errors to its log stream.
   */
  public readonly deliveryRole: iam.IRole;
  /** The lake bucket. */
  public readonly bucket: s3.IBucket;
  /** How events are stored. */
  public readonly format: ArchiveFormat;
  /**
   * The KMS key the lake's objects are written with.
   * @default - S3-managed keys, or your bucket's default encryption
   */
  public readonly encryptionKey?: kms.IKey;
  /** Firehose's `dataOutputPrefix`, with the partition folders. */
  public readonly prefix: string;
  /** Firehose's `errorOutputPrefix`. */
  public readonly errorPrefix: string;
  /**
   * Name of Firehose among the source's readers.
   * @default - no source: direct PUT
   */
  public readonly readerName?: string;
  /**
   * The Glue database of a Parquet lake.
   * @default - none: JSON lake
   */
  public readonly databaseName?: string;
  /**
   * The Glue table of a Parquet lake.
   * @default - none: JSON lake
   */
  public readonly tableName?: string;
  /**
   * The Glue crawler registering the lake's partitions.
   * @default - none: `crawler` was not set
   */
  public readonly crawlerName?: string;
  /**
   * The Athena workgroup for the lake.
   * @default - none: `athenaWorkgroup` was not set
   */
  public readonly workgroupName?: string;
  /**
   * The record fields the lake is partitioned by after the date, with Firehose dynamic
   * partitioning (billed per GB on top of ingestion); empty when partitioned by date only.
   */
  public readonly partitionBy: string[];
  /** Whether producers write to the delivery stream directly (direct PUT): no source was given. */
  public readonly directPut: boolean;

  private readonly alarmFactory: AlarmFactory;
  private readonly metrics: DeliveryStreamMetrics;
  /** The Firehose metric of how far behind the source it reads, when it publishes one. */
  private readonly readLagMetricName?: string;

  constructor(scope: Construct, id: string, props: ArchiveToLakeProps = {}) {
    super(scope, id);
    this.format = props.format ?? ArchiveFormat.json();
    this.encryptionKey = props.encryptionKey;
    this.partitionBy = [...props.partitionBy ?? []];
    const partitioned = this.partitionBy.length > 0;
    const { interval, size } = withPath(this, () => checkBuffering(props, this.format._converts, partitioned));
    const layout = withPath(this, () => lakeLayout(props.prefix ?? 'events/', props.errorPrefix ?? 'errors/', props.partitionBy));
    this.prefix = layout.prefix;
    this.errorPrefix = layout.errorPrefix;
    const catalogNames = this.format.schema ? withPath(this, () => this.catalogNames(props)) : undefined;
    this.refuseIgnoredProps(props);
    this.checkPartitionColumns(layout);
    const freshness = withPath(this, () => freshnessThreshold(DestinationKind.S3, interval, props.freshnessThreshold));
    const readLag: ReadLagSettings | undefined = props.source
      ? withPath(this, () => readLagSettings(props.source!.retention, props.latencyObjective, props.readLagThreshold))
      : undefined;
    const schedule = props.crawlerSchedule;
    if (schedule !== undefined && !Token.isUnresolved(schedule) && !CRON.test(schedule)) {
      fail(this, `\`crawlerSchedule\` must be a Glue cron expression of six fields, like 'cron(15 * * * ? *)', got '${schedule}'`);
    }
    const dateColumn = this.format.schema?.columns.find(c => DATE_PARTITIONS.includes(c.name));
    if (dateColumn) {
      fail(this, `\`format\`: column '${dateColumn.name}' of \`StreamSchema\` '${this.format.schema!.name}' is also a date `
        + 'partition of the lake (year, month, day): rename the column');
    }

    this.bucket = props.bucket ?? createLakeBucket(this, 'Bucket', {
      encryptionKey: props.encryptionKey,
      accessLogsBucket: props.accessLogsBucket,
      athenaResults: props.athenaWorkgroup ?? false,
    });

    // Firehose is one more polling reader of the stream: the plan and the warnings count it.
    let binding: IReaderBinding | undefined;
    if (props.source) {
      this.readerName = props.readerName ?? defaultReaderName(this);
      binding = props.source.bindReader(this, {
        readerName: this.readerName,
        readMode: StreamReadMode.POLLING,
        latencyObjective: readLag?.latencyObjective,
        lagBackstop: readLag?.lagBackstop,
      });
      if (props.source.schema) {
        warnRegistryEncoding(this, 'ArchiveToLake', props.source.sourceName,
          this.format._converts ? 'fail Parquet conversion' : 'be stored as unreadable binary');
      }
    }
    this.directPut = !binding;

    const catalog = this.format.schema && catalogNames
      ? createLakeCatalog(this, { schema: this.format.schema, bucket: this.bucket, layout, ...catalogNames })
      : undefined;
    this.databaseName = catalogNames?.databaseName;
    this.tableName = catalogNames?.tableName;

    const { deliveryStream, role, readLagMetricName } = createLakeDeliveryStream(this, {
      source: binding,
      bucket: this.bucket,
      encryptionKey: props.encryptionKey,
      layout,
      format: this.format,
      table: catalog?.table,
      bufferingInterval: interval,
      bufferingSize: size,
    });
    this.deliveryStream = deliveryStream;
    this.readLagMetricName = readLagMetricName;
    warnReadLagNotMeasured(this, 'ArchiveToLake', props.source, readLagMetricName, props, 'the lake');
    this.deliveryRole = role.role;
    if (props.crawler && catalogNames) {
      const crawler = createLakeCrawler(this, {
        bucket: this.bucket,
        basePrefix: layout.basePrefix,
        ...catalogNames,
        encryptionKey: props.encryptionKey,
        schedule: props.crawlerSchedule ?? DEFAULT_CRAWLER_SCHEDULE,
      });
      crawler.addResourceDependency(catalog!.table, 'the crawler updates the table');
      this.crawlerName = crawler.ref;
    }
    if (props.athenaWorkgroup) {
      this.workgroupName = Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });
      // Results are encrypted with the bucket's own key when it has one, so a policy requiring it holds.
      createAthenaWorkgroup(this, 'Workgroup', this.workgroupName, this.bucket, props.encryptionKey ?? this.bucket.encryptionKey);
    }

    this.metrics = DeliveryStreamMetrics.of(deliveryStream, DestinationKind.S3);
    this.alarmFactory = new AlarmFactory(this, props.alarmAction);
    if (props.createAlarms ?? true) {
      createArchiveAlarms({ alarms: this.alarmFactory, metrics: this.metrics, label: `Lake archive ${this.node.path}` }, {
        freshnessThreshold: freshness,
        converts: this.format._converts,
        partitions: partitioned,
        // Firehose publishes no read lag for some sources (Kafka): the freshness alarm still covers them.
        readLag,
        readLagMetricName,
        directPut: this.directPut,
      });
    }
  }

  /** The lake's alarms. */
  public get alarms(): cloudwatch.IAlarm[] {
    return [...this.alarmFactory.alarms];
  }

  /**
   * Permits writing records to the delivery stream (Firehose direct PUT). Only for a
   * lake without a source: with one, producers write to the stream.
   */
  public grantPutRecords(grantee: iam.IGrantable): iam.Grant {
    if (!this.directPut) {
      fail(this, '`grantPutRecords()` is for a lake without a `source`: this one reads a stream, so grant producers write access to the stream');
    }
    return this.deliveryStream.grantPutRecords(grantee);
  }

  /**
   * Permits reading the lake's objects (and decrypting them). Querying with Athena also
   * needs Glue read on the catalog and the workgroup's permissions.
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    const grant = this.bucket.grantRead(grantee);
    // Firehose writes with the lake's key even into a bucket whose own key differs.
    const key = this.encryptionKey;
    return key && key !== this.bucket.encryptionKey ? grant.combine(key.grantDecrypt(grantee)) : grant;
  }

  /** Age of the oldest record not yet in S3, in seconds (`DeliveryToS3.DataFreshness`). Maximum over 5 minutes by default. */
  public metricDataFreshness(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.dataFreshness(props);
  }

  /** Share of S3 puts that succeeded (`DeliveryToS3.Success`). Minimum over 5 minutes by default. */
  public metricDeliverySuccess(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.deliverySuccess(props);
  }

  /** Records that failed Parquet conversion (`FailedConversion.Records`). Sum over 5 minutes by default. */
  public metricFailedConversionRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.failedConversionRecords(props);
  }

  /**
   * How far behind the source stream Firehose reads, in ms (`KinesisMillisBehindLatest`).
   * Maximum over 5 minutes by default.
   * @returns undefined for a lake without a source, or with a source Firehose publishes no read lag for (a Kafka topic)
   */
  public metricReadLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    return this.metrics.readLag(this.readLagMetricName, props);
  }

  /** 1 when dynamic partitioning exceeded the active partition quota (`PartitionCountExceeded`). Maximum over 5 minutes by default. */
  public metricPartitionCountExceeded(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.partitionCountExceeded(props);
  }

  /** Records producers sent beyond the delivery stream's quota (`ThrottledRecords`, direct PUT). Sum over 5 minutes by default. */
  public metricThrottledRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.throttledRecords(props);
  }

  /**
   * A partition named like a column must be that column (its value then lives in the
   * folder name, and the table drops the column); a different field would show its
   * values under the column's name.
   */
  private checkPartitionColumns(layout: LakeLayout): void {
    for (const field of layout.partitionFields) {
      const column = this.format.schema?.columns.find(c => c.name === field.name);
      if (column && field.path.join('.') !== column.name) {
        fail(this, `\`partitionBy\` field '${field.path.join('.')}' becomes the partition '${field.name}', which is also a `
          + 'column of the schema: partition by the column itself, or rename one of them');
      }
      if (column && column.type.typeName !== 'string') {
        fail(this, `\`partitionBy\` field '${field.path.join('.')}' is the ${column.type.glueType} column of the schema; partition `
          + 'values are folder names, typed string in the table: partition by a string column');
      }
    }
  }

  /** Props that only apply in some setups: given elsewhere, they would silently do nothing. */
  private refuseIgnoredProps(props: ArchiveToLakeProps): void {
    const ignored: Array<[boolean, string, string]> = [
      [!!props.bucket && !!props.accessLogsBucket, 'accessLogsBucket', 'applies to the bucket the lake creates: set up access logs on your `bucket`'],
      [!props.source && props.readerName !== undefined, 'readerName', 'names the lake among its source\'s readers, and there is no `source`'],
      [!props.source && props.readLagThreshold !== undefined, 'readLagThreshold', 'applies to reading a `source`, and there is none'],
      [!props.source && props.latencyObjective !== undefined, 'latencyObjective', 'applies to reading a `source`, and there is none'],
      [!this.format.schema && props.databaseName !== undefined, 'databaseName', 'names the Glue database of a Parquet lake; this one stores JSON'],
      [!this.format.schema && props.tableName !== undefined, 'tableName', 'names the Glue table of a Parquet lake; this one stores JSON'],
      [!this.format.schema && !!props.crawler, 'crawler', 'registers the partitions of a Parquet lake\'s table; this one stores JSON'],
      [!props.crawler && props.crawlerSchedule !== undefined, 'crawlerSchedule', 'applies to the crawler, and `crawler` is not set'],
    ];
    for (const [given, prop, why] of ignored) {
      if (given) {
        fail(this, `\`${prop}\` ${why}`);
      }
    }
  }

  private catalogNames(props: ArchiveToLakeProps): { databaseName: string; tableName: string } {
    const databaseName = props.databaseName
      ?? Names.uniqueResourceName(this, { maxLength: 255, separator: '_' }).toLowerCase().replace(/[^a-z0-9_]/g, '_');
    const tableName = props.tableName ?? snakeCase(this.format.schema!.name);
    for (const [prop, name] of [['databaseName', databaseName], ['tableName', tableName]]) {
      if (!Token.isUnresolved(name) && !CATALOG_NAME.test(name)) {
        throw new InputError(`\`${prop}\` must be 1-255 lower-case letters, digits and _ (Athena folds names to lower case), got '${name}'`);
      }
    }
    return { databaseName, tableName };
  }
}

/**
 * The lake's buffering hints with their defaults (5 minutes or 64 MiB, the minimum of
 * Parquet and partitioned lakes), checked against Firehose's S3 ranges as narrowed by
 * Parquet conversion and dynamic partitioning.
 */
function checkBuffering(props: ArchiveToLakeProps, converts: boolean, partitioned: boolean): BufferingHints {
  const hints = { interval: props.bufferingInterval ?? Duration.minutes(5), size: props.bufferingSize ?? Size.mebibytes(64) };
  const restrictions: BufferingRestriction[] = [];
  if (converts) {
    restrictions.push(recordFormatConversion('Parquet conversion'));
  }
  if (partitioned) {
    restrictions.push(dynamicPartitioning('dynamic partitioning (`partitionBy`)'));
  }
  checkBufferingHints(DestinationKind.S3, hints, restrictions);
  return hints;
}

function snakeCase(name: string): string {
  return name.replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}
