import { Duration, Size } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { RedshiftBackupMode, RedshiftLoadMode } from './redshift-load-mode';
import { RedshiftTarget } from './redshift-target';
import { StreamSchema } from '../../schema/stream-schema';
import { IStreamSource } from '../../source/stream-source';

/**
 * Properties of a `DeliverToRedshift` less its `source`: what `StreamingPipeline.addWarehouse()`
 * takes, building on the pipeline's source.
 */
export interface DeliverToRedshiftOptions {
  /** The provisioned cluster or Serverless workgroup to load into. */
  readonly target: RedshiftTarget;

  /**
   * How records reach Redshift: Firehose `COPY` through an intermediate bucket, or
   * Redshift's own streaming ingestion. See `DeliverToRedshift` for the two side by side.
   * @default RedshiftLoadMode.FIREHOSE_COPY
   */
  readonly mode?: RedshiftLoadMode;

  /**
   * The database: 1-64 letters, digits, `_` or `$`, starting with a letter or `_`.
   * @see https://docs.aws.amazon.com/redshift/latest/dg/r_names.html
   */
  readonly database: string;

  /**
   * What the records land in: the table `COPY` loads (`FIREHOSE_COPY`), or the
   * materialized view streaming ingestion refreshes. 1-127 lower-case letters, digits,
   * `_` or `$`, starting with a letter or `_`: Redshift folds unquoted names to lower case.
   *
   * With `STREAMING_INGESTION`, changing it drops the old view and creates a new one, which
   * holds only what the stream still retains: older rows are lost unless copied out first
   * (`CREATE TABLE … AS SELECT`, `ALTER TABLE … APPEND`; see `DeliverToRedshift`).
   * @see https://docs.aws.amazon.com/redshift/latest/dg/materialized-view-streaming-ingestion.html
   */
  readonly tableName: string;

  /**
   * The Redshift schema (namespace) of `tableName`, same rules.
   *
   * With `STREAMING_INGESTION`, changing it drops the old view and creates a new one, which
   * holds only what the stream still retains: older rows are lost unless copied out first
   * (`CREATE TABLE … AS SELECT`, `ALTER TABLE … APPEND`; see `DeliverToRedshift`).
   * @default 'public'
   */
  readonly schemaName?: string;

  /**
   * The records' fields, from which the table is created and `COPY` lists its columns.
   * @default - the source's registered schema (a `RegistrySchema` made from a `StreamSchema`), if any
   */
  readonly schema?: StreamSchema;

  /**
   * Create the table from `schema` when the stack is deployed (`FIREHOSE_COPY`; the
   * materialized view of streaming ingestion is always created). Without it, the table
   * must exist before the first delivery, or every `COPY` fails.
   * @default - true when a schema is known
   */
  readonly createTable?: boolean;

  /**
   * Name of the loader among the source's readers.
   * @default - a name unique in the app, derived from the construct path
   */
  readonly readerName?: string;

  /**
   * The credentials the SQL run at deployment (the table, the materialized view) connects
   * with through the Redshift Data API: a secret with `username` and `password`.
   *
   * With `FIREHOSE_COPY` it defaults to `credentials`, so that the table is created by (and
   * owned by) the user `COPY` runs as, who may then load it; that user needs CREATE in the
   * table's schema (every user has it in `public`; another schema is created if missing, which
   * needs CREATE on the database). Another secret (or `databaseUser`) creates the table as
   * another user: the `credentials`' user then needs `GRANT INSERT ON <schema>.<table> TO <user>`,
   * which CloudFormation cannot run for you (the user's name is in the secret), and the warning
   * `cdk-streaming-pipelines:DeliverToRedshift:copyUserNeedsInsert` says so.
   *
   * With `STREAMING_INGESTION` on a workgroup, give the admin's secret: without one the Data
   * API connects as `IAMR:<the handler role's name>`, a user with no CREATE on the database,
   * which `CREATE EXTERNAL SCHEMA` needs (warning `cdk-streaming-pipelines:DeliverToRedshift:dataApiUserPrivileges`).
   * @default - `credentials` with `FIREHOSE_COPY` (unless `databaseUser` is given); with
   * `STREAMING_INGESTION`, temporary credentials: `databaseUser` on a cluster, the handler role's
   * IAM identity on a workgroup
   * @see https://docs.aws.amazon.com/redshift/latest/mgmt/data-api.html
   * @see https://docs.aws.amazon.com/redshift/latest/dg/r_Schemas_and_tables.html
   */
  readonly dataApiSecret?: secretsmanager.ISecret;

  /**
   * The database user the SQL run at deployment connects as on a provisioned cluster,
   * with temporary credentials (`redshift:GetClusterCredentials`). With `STREAMING_INGESTION`
   * a cluster needs it or `dataApiSecret`; with `FIREHOSE_COPY` it replaces the default
   * `credentials`, and the warning `cdk-streaming-pipelines:DeliverToRedshift:copyUserNeedsInsert`
   * says to grant the `credentials`' user INSERT on the table.
   * @default - none: `dataApiSecret` (or its default) connects
   */
  readonly databaseUser?: string;

  // ---- FIREHOSE_COPY ----

  /**
   * The secret Firehose connects to Redshift with (`FIREHOSE_COPY`, required there): JSON
   * with `username` and `password` of a user who may `INSERT` into the table. By default the
   * table is created as this user too (see `dataApiSecret`). There is no password prop: a
   * literal password would sit in the template.
   * @default - none; required with `FIREHOSE_COPY`
   * @see https://docs.aws.amazon.com/firehose/latest/dev/using-secrets-manager.html
   */
  readonly credentials?: secretsmanager.ISecret;

  /**
   * The bucket Firehose writes records to before `COPY` loads them.
   * @default - a new bucket: versioned, encrypted, TLS only, public access blocked, retained, objects never expire
   */
  readonly intermediateBucket?: s3.IBucket;

  /**
   * Folder of the records in the intermediate bucket, without expressions.
   * @default 'redshift-intermediate/'
   */
  readonly intermediatePrefix?: string;

  /**
   * KMS key of the intermediate (and backup) objects: a new bucket's default encryption, or
   * with your buckets, the key Firehose writes objects with (and is granted).
   * @default - S3-managed keys (SSE-S3) for a new bucket; your bucket's default encryption
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Bucket for the server access logs of the buckets this construct creates.
   * @default - no access logs
   */
  readonly accessLogsBucket?: s3.IBucket;

  /**
   * The `COPY` options, replacing the generated ones for JSON records compressed with GZIP
   * (the intermediate objects are GZIP: keep `GZIP` among your options).
   * @default - the generated JSON options
   * @see https://docs.aws.amazon.com/redshift/latest/dg/r_COPY.html
   */
  readonly copyOptions?: string;

  /**
   * Whether the records' TIMESTAMP fields are epoch milliseconds (`1764338700000`) rather than
   * ISO-8601 strings (`2025-11-28T14:05:00Z`): the generated `COPY` options then say
   * `TIMEFORMAT 'epochmillisecs'` instead of `TIMEFORMAT 'auto'`. `COPY` takes one time format
   * for every column of a load, so all of a stream's timestamps must be one or the other; with
   * the wrong one every `COPY` fails. `FIREHOSE_COPY` only, and not with `copyOptions`, which
   * replaces the generated options (write the TIMEFORMAT there).
   * @default false
   * @see https://docs.aws.amazon.com/redshift/latest/dg/r_DATEFORMAT_and_TIMEFORMAT_strings.html
   */
  readonly epochMillisecondTimestamps?: boolean;

  /**
   * How long Firehose buffers before writing an intermediate object and running `COPY`, 0-900 seconds.
   * @default Duration.minutes(5)
   */
  readonly bufferingInterval?: Duration;

  /**
   * How much Firehose buffers before writing an intermediate object, 1-128 MiB.
   * @default Size.mebibytes(5)
   */
  readonly bufferingSize?: Size;

  /**
   * How long Firehose retries a failed `COPY` before it skips the objects (listing them
   * in a manifest under `errors/` in the intermediate bucket), 0-7,200 seconds.
   * @default Duration.hours(1)
   * @see https://docs.aws.amazon.com/firehose/latest/dev/retry.html
   */
  readonly retryDuration?: Duration;

  /**
   * Whether Firehose also keeps every record in a backup bucket.
   * @default RedshiftBackupMode.DISABLED
   */
  readonly backupMode?: RedshiftBackupMode;

  /**
   * The backup bucket, with `RedshiftBackupMode.ENABLED`.
   * @default - a new bucket like the intermediate one
   */
  readonly backupBucket?: s3.IBucket;

  /**
   * Folder of the backup in the bucket, without expressions.
   * @default 'redshift-backup/'
   */
  readonly backupPrefix?: string;

  /**
   * Age of the oldest record not yet loaded into the table (`DeliveryToRedshift.DataFreshness`,
   * end to end: the intermediate bucket and `COPY`) at which the freshness alarm fires.
   * @default - twice the buffering interval plus 5 minutes
   * @see https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html
   */
  readonly freshnessThreshold?: Duration;

  /**
   * How far Firehose may read behind a Kinesis source in normal operation: the
   * read-latency alarm fires beyond it. Shorter than `readLagThreshold`.
   * @default Duration.minutes(5)
   */
  readonly latencyObjective?: Duration;

  /**
   * The data-loss backstop: how far Firehose may fall behind a Kinesis source before the
   * read-lag alarm fires.
   * @default - a quarter of the source's retention
   */
  readonly readLagThreshold?: Duration;

  // ---- STREAMING_INGESTION ----

  /**
   * The role Redshift assumes to read the stream (`STREAMING_INGESTION`), already associated
   * with the cluster or namespace. Required when the target is imported (only its owner
   * can associate roles), and when the cluster or namespace is in another stack than this
   * sink (associating a role of this stack there would make the two stacks reference each
   * other: create the role in the warehouse's stack and associate it there); it is granted
   * read on the stream.
   *
   * Changing the role (giving one, or another one) recreates the external schema and the
   * materialized view, which then holds only what the stream still retains: older rows are
   * lost unless copied out first (`CREATE TABLE … AS SELECT`, `ALTER TABLE … APPEND`; see `DeliverToRedshift`).
   * @default - a new role, associated with the cluster or namespace of this app (same stack)
   */
  readonly redshiftRole?: iam.IRole;

  /**
   * Create the alarms (`FIREHOSE_COPY`). Refused with `STREAMING_INGESTION`, which has no
   * delivery stream to alarm on: the stream's own alarms (its iterator age) watch Redshift's reads.
   * @default true
   */
  readonly createAlarms?: boolean;

  /**
   * Action for every alarm, on ALARM and on OK (`FIREHOSE_COPY`; refused with
   * `STREAMING_INGESTION`, which creates no alarms).
   * @default - no action
   */
  readonly alarmAction?: cloudwatch.IAlarmAction;
}

/** Properties of a `DeliverToRedshift`. */
export interface DeliverToRedshiftProps extends DeliverToRedshiftOptions {
  /**
   * The stream or topic to load. Firehose (`FIREHOSE_COPY`) reads either; streaming
   * ingestion reads a Kinesis stream only. Either way the loader is one more polling reader.
   */
  readonly source: IStreamSource;
}
