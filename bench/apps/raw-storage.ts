/**
 * The raw variant's storage layer: the resources of the library's storage layer
 * (examples/storage-layer.ts, two `ArchiveToLake` and an `IndexToOpenSearch`) written
 * by hand with aws-cdk-lib only, as a team would without the library:
 *
 * - an access-logs bucket for the lakes' and the backup's server access logs;
 * - the clickstream archive: Firehose reading the stream into a new versioned,
 *   encrypted, TLS-only lake bucket under `year=/month=/day=` prefixes, as GZIP JSON,
 *   with a least-privilege delivery role (raw-lake-delivery.ts);
 * - the orders lake: the same, converted to Parquet (Snappy) against a Glue table
 *   written out column by column, with partition projection so that Athena sees new
 *   days at once, and an Athena workgroup writing its results to the lake;
 * - the clickstream search: Firehose indexing the stream into a new secure OpenSearch
 *   domain, one index a day, with a backup bucket for refused documents (raw-search.ts);
 *
 * each lake and the index with its alarms (freshness, delivery, conversion, and the read
 * latency against its objective and its data-loss backstop) and the validation
 * acknowledgements the library adds.
 *
 * Construct ids and nesting follow the library's, so the logical ids and the names
 * derived from construct paths match: the equivalence check compares them. The
 * thresholds the library derives (freshness, read lag from each stream's retention,
 * the 5-minute read-latency objective, the domain's sizes) are written out. Nothing is
 * imported from src/ or examples/.
 */
import { Duration, Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as glue from 'aws-cdk-lib/aws-glue';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { RawIngestLayer } from './raw-ingest';
import { addLakeDelivery } from './raw-lake-delivery';
import { addSearch } from './raw-search';

const FIVE_MINUTES = Duration.minutes(5);
const EVENTS = 'events/';
const ATHENA_RESULTS = 'athena-results/';
const NOT_BREACHING = cloudwatch.TreatMissingData.NOT_BREACHING;
const GT = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
const FIFTEEN_MINUTES = { evaluationPeriods: 3, datapointsToAlarm: 3 };
/** Firehose polls each shard every second: minutes behind means it is throttled. */
const READ_LATENCY_OBJECTIVE = Duration.minutes(5);

/** The Parquet side of a lake: the Glue database and table Firehose converts against. */
interface ParquetCatalog {
  readonly databaseName: string;
  readonly tableName: string;
  /** What the events are, for the database and the table. */
  readonly eventName: string;
  readonly description: string;
  readonly columns: glue.CfnTable.ColumnProperty[];
}

/** What differs between the two lakes. */
interface LakeOptions {
  readonly stream: kinesis.IStream;
  /** A quarter of the stream's retention: how far Firehose may fall behind before records are lost. */
  readonly readLag: Duration;
  readonly readLagText: string;
  readonly accessLogs: s3.IBucket;
  readonly action: cloudwatch.IAlarmAction;
  /** Convert to Parquet against this catalog; GZIP JSON without. */
  readonly parquet?: ParquetCatalog;
  /** Create an Athena workgroup for querying the lake. */
  readonly athenaWorkgroup?: boolean;
}

/** Adds the storage layer as construct `Storage` under `scope`. */
export function addStorageLayer(scope: Construct, ingest: RawIngestLayer): void {
  const storage = new Construct(scope, 'Storage');

  const accessLogs = new s3.Bucket(storage, 'AccessLogs', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    versioned: true,
  });
  Validations.of(accessLogs).acknowledge({
    id: 'AwsSolutions-S1',
    reason: 'This bucket receives the lakes\' server access logs; logging it to itself would loop.',
  });

  addLake(storage, 'ClickstreamArchive', {
    stream: ingest.clickstream,
    readLag: Duration.hours(6),
    readLagText: '6 hours',
    accessLogs,
    action: ingest.page,
  });
  addLake(storage, 'OrdersLake', {
    stream: ingest.orders,
    readLag: Duration.hours(42),
    readLagText: '1 day 18 hours',
    accessLogs,
    action: ingest.page,
    parquet: {
      databaseName: 'orders',
      tableName: 'order_placed',
      eventName: 'OrderPlaced',
      description: 'A customer placed an order',
      columns: [
        { name: 'order_id', type: 'string' },
        { name: 'customer_id', type: 'string' },
        { name: 'amount', type: 'decimal(12,2)', comment: 'Order total in the currency below' },
        { name: 'currency', type: 'string' },
        { name: 'items', type: 'array<string>', comment: 'SKUs' },
        { name: 'placed_at', type: 'timestamp' },
      ],
    },
    athenaWorkgroup: true,
  });
  addSearch(storage, 'ClickstreamSearch', { stream: ingest.clickstream, indexName: 'clickstream', accessLogs, action: ingest.page });
}

/** Adds one lake (bucket, catalog, delivery stream, workgroup, alarms) as construct `id` under `scope`. */
function addLake(scope: Construct, id: string, o: LakeOptions): void {
  const lake = new Construct(scope, id);
  const bucket = addLakeBucket(lake, o.accessLogs, o.athenaWorkgroup ?? false);
  const table = o.parquet && addCatalog(lake, bucket, o.parquet);

  const deliveryStream = addLakeDelivery(lake, { stream: o.stream, bucket, table });

  if (o.athenaWorkgroup) {
    new athena.CfnWorkGroup(lake, 'Workgroup', {
      name: Names.uniqueResourceName(lake, { maxLength: 128, separator: '-' }),
      description: `Queries the lake in ${bucket.bucketName}`,
      state: 'ENABLED',
      // Saved queries and history would otherwise make deleting the stack fail.
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        resultConfiguration: {
          outputLocation: `s3://${bucket.bucketName}/${ATHENA_RESULTS}`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
    });
  }

  addLakeAlarms(lake, deliveryStream, o, table !== undefined);
}

/**
 * The lake's bucket (`Bucket` under `lake`): versioned, encrypted, TLS-only, private,
 * kept on stack deletion, logging its access to `accessLogs`, old objects to Intelligent
 * Tiering; with `athenaResults`, Athena's query results expire after a month. Shared with
 * the Kafka pair (raw-kafka.ts).
 */
export function addLakeBucket(lake: Construct, accessLogs: s3.IBucket, athenaResults: boolean): s3.Bucket {
  return new s3.Bucket(lake, 'Bucket', {
    versioned: true,
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    removalPolicy: RemovalPolicy.RETAIN,
    serverAccessLogsBucket: accessLogs,
    serverAccessLogsPrefix: 'lake-access-logs/',
    lifecycleRules: [{
      id: 'OldAndNoncurrentObjects',
      transitions: [{ storageClass: s3.StorageClass.INTELLIGENT_TIERING, transitionAfter: Duration.days(30) }],
      noncurrentVersionExpiration: Duration.days(30),
      abortIncompleteMultipartUploadAfter: Duration.days(7),
    }, ...(athenaResults ? [{
      // Athena's query results can be re-created: kept a month.
      id: 'AthenaResults',
      prefix: ATHENA_RESULTS,
      expiration: Duration.days(30),
    }] : [])],
  });
}

/**
 * The Glue database and the Parquet table over the lake's date folders, with partition
 * projection: Athena computes the partitions, no crawler or `MSCK REPAIR` needed.
 */
function addCatalog(lake: Construct, bucket: s3.IBucket, c: ParquetCatalog): glue.CfnTable {
  const catalogId = Stack.of(lake).account;
  const database = new glue.CfnDatabase(lake, 'Database', {
    catalogId,
    databaseInput: { name: c.databaseName, description: `Lake of ${c.eventName} events` },
  });
  const location = `s3://${bucket.bucketName}/${EVENTS}`;
  const table = new glue.CfnTable(lake, 'Table', {
    catalogId,
    databaseName: c.databaseName,
    tableInput: {
      name: c.tableName,
      description: c.description,
      tableType: 'EXTERNAL_TABLE',
      partitionKeys: [
        { name: 'year', type: 'int' },
        { name: 'month', type: 'int' },
        { name: 'day', type: 'int' },
      ],
      parameters: {
        'classification': 'parquet',
        'parquet.compression': 'SNAPPY',
        'projection.enabled': 'true',
        'projection.year.type': 'integer',
        'projection.year.range': '2020,2099',
        'projection.month.type': 'integer',
        'projection.month.range': '1,12',
        'projection.month.digits': '2',
        'projection.day.type': 'integer',
        'projection.day.range': '1,31',
        'projection.day.digits': '2',
        'storage.location.template': `${location}year=\${year}/month=\${month}/day=\${day}/`,
      },
      storageDescriptor: {
        columns: c.columns,
        location,
        inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
        outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
        serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
      },
    },
  });
  // The table names its database by name only: CloudFormation must create the database first.
  table.addResourceDependency(database);
  return table;
}

/**
 * Freshness, delivery success, failed conversions (Parquet), read latency and the read-lag
 * backstop; missing data is an idle stream.
 */
function addLakeAlarms(lake: Construct, deliveryStream: firehose.DeliveryStream, o: LakeOptions, parquet: boolean): void {
  const { label, metric, alarm } = addDeliveryAlarms(lake, deliveryStream, o.action);
  if (parquet) {
    alarm('FailedConversionAlarm', {
      metric: metric('FailedConversion.Records', 'Sum'),
      threshold: 0,
      comparisonOperator: GT,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: NOT_BREACHING,
      alarmDescription: `${label}: records failed Parquet conversion (FailedConversion.Records) and went to the error prefix `
        + 'as JSON. The records do not match the table\'s schema: fix the producer or evolve the schema.',
    });
  }
  alarm('ReadLatencyAlarm', {
    metric: metric('KinesisMillisBehindLatest', 'Maximum'),
    threshold: READ_LATENCY_OBJECTIVE.toMilliseconds(),
    comparisonOperator: GT,
    ...FIFTEEN_MINUTES,
    treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    alarmDescription: `${label}: Firehose stayed more than 5 minutes (its latency objective) behind the source stream for `
      + '15 minutes (KinesisMillisBehindLatest). It polls each shard every second, so it is being throttled: check read '
      + 'throttling on the stream (too many polling readers, or a hot shard) and delivery errors.',
  });
  alarm('ReadLagAlarm', {
    metric: metric('KinesisMillisBehindLatest', 'Maximum'),
    threshold: o.readLag.toMilliseconds(),
    comparisonOperator: GT,
    ...FIFTEEN_MINUTES,
    treatMissingData: cloudwatch.TreatMissingData.IGNORE,
    alarmDescription: `${label}: data-loss backstop. Firehose stayed more than ${o.readLagText} behind the source stream for `
      + '15 minutes (KinesisMillisBehindLatest). Records expire from the stream at the end of its retention and are then lost '
      + 'to the lake: relieve read throttling on the stream (too many polling readers) and fix delivery errors now.',
  });
}

/** What a lake's further alarms are made with. */
interface LakeAlarmKit {
  /** Starts every description. */
  readonly label: string;
  /** A metric of the delivery stream, over 5 minutes. */
  readonly metric: (name: string, statistic: string) => cloudwatch.IMetric;
  /** Adds an alarm under the lake, paging for ALARM and OK. */
  readonly alarm: (alarmId: string, props: cloudwatch.AlarmProps) => void;
}

/**
 * The alarms of every lake, whatever its source: freshness and delivery success.
 * Shared with the Kafka pair (raw-kafka.ts).
 */
export function addDeliveryAlarms(lake: Construct, deliveryStream: firehose.DeliveryStream, action: cloudwatch.IAlarmAction): LakeAlarmKit {
  const label = `Lake archive ${lake.node.path}`;
  const metric = (name: string, statistic: string) => deliveryStream.metric(name, { statistic, period: FIVE_MINUTES });
  const alarm = (alarmId: string, props: cloudwatch.AlarmProps) => {
    const a = new cloudwatch.Alarm(lake, alarmId, props);
    a.addAlarmAction(action);
    a.addOkAction(action);
  };

  alarm('DataFreshnessAlarm', {
    metric: metric('DeliveryToS3.DataFreshness', 'Maximum'),
    // Twice the buffering interval, plus 5 minutes.
    threshold: Duration.minutes(15).toSeconds(),
    comparisonOperator: GT,
    ...FIFTEEN_MINUTES,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: the oldest record not yet in S3 stayed older than 15 minutes for 15 minutes `
      + '(DeliveryToS3.DataFreshness). Deliveries are failing or throttled: check the delivery errors in the error prefix '
      + 'and the delivery stream\'s log group, and the bucket\'s policy and key.',
  });
  alarm('DeliverySuccessAlarm', {
    metric: metric('DeliveryToS3.Success', 'Minimum'),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    ...FIFTEEN_MINUTES,
    treatMissingData: NOT_BREACHING,
    alarmDescription: `${label}: S3 puts failed in 15 minutes in a row (DeliveryToS3.Success below 1). Firehose retries for `
      + '24 hours, then drops the records: fix the bucket\'s permissions or key now.',
  });
  return { label, metric, alarm };
}
