import { Annotations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IDependable } from 'constructs';
import { copyColumns, jsonCopyOptions } from './copy-options';
import { createTableSql } from './create-table-sql';
import { DeliverToRedshiftProps } from './deliver-to-redshift-props';
import { warnIfUnreachable } from './firehose-network';
import { createRedshiftAlarms } from './redshift-alarms';
import { createRedshiftDeliveryStream } from './redshift-delivery-stream';
import { RedshiftBackupMode, RedshiftLoadMode } from './redshift-load-mode';
import { CopySettings, RedshiftSettings, redshiftSettings } from './redshift-settings';
import { RedshiftSql } from './redshift-sql';
import { qualifiedTableName } from './redshift-table-name';
import { RedshiftTargetKind } from './redshift-target';
import { streamingIngestionRole } from './streaming-ingestion-role';
import { externalSchemaName, streamingIngestionSql } from './streaming-ingestion-sql';
import { createFailureBucket } from '../../common/failure-bucket';
import { fail, withPath } from '../../common/input-error';
import { DeliveryRole } from '../../firehose/delivery-role';
import { warnReadLagNotMeasured } from '../../firehose/delivery-source';
import { DeliveryStreamMetrics } from '../../firehose/delivery-stream-metrics';
import { DestinationKind } from '../../firehose/destination-kind';
import { firehosePeer } from '../../firehose/firehose-cidr';
import { AlarmFactory } from '../../monitoring/alarm-factory';
import { StreamReadMode } from '../../source/read-mode';
import { IReaderBinding } from '../../source/reader-binding';
import { defaultReaderName } from '../../source/reader-name';

/** The warning's id when `FIREHOSE_COPY` creates no table. */
const TABLE_NOT_CREATED = 'cdk-streaming-pipelines:DeliverToRedshift:tableNotCreated';
/** The warning's id when the Data API connects to a workgroup as the handler role's own database user. */
const DATA_API_USER_PRIVILEGES = 'cdk-streaming-pipelines:DeliverToRedshift:dataApiUserPrivileges';
/** The warning's id when `FIREHOSE_COPY` creates the table as another user than the one `COPY` runs as. */
const COPY_USER_NEEDS_INSERT = 'cdk-streaming-pipelines:DeliverToRedshift:copyUserNeedsInsert';

/**
 * Every record of a stream or topic loaded into a Redshift table (a provisioned cluster
 * or a Serverless workgroup), in one of two modes (`mode`):
 *
 * | | `FIREHOSE_COPY` (default) | `STREAMING_INGESTION` |
 * |---|---|---|
 * | how | Firehose reads the source, writes GZIP objects to an intermediate bucket, runs `COPY` | Redshift reads the stream into an auto-refreshing materialized view |
 * | latency | the buffering interval (5 minutes by default) plus the `COPY` | seconds |
 * | cost | Firehose per GB ingested, the intermediate bucket, `COPY` compute | Redshift compute for the refreshes only |
 * | network | Firehose connects from the Region's Firehose CIDR block: the cluster or workgroup must be publicly accessible with that block allowed on its port (cdk-nag AwsSolutions-RS8 on a cluster) | private: Redshift reads Kinesis through IAM |
 * | sources | a Kinesis stream or a Kafka topic | a Kinesis stream |
 * | needs | `credentials` (a secret Firehose connects with); the table, created from `schema` or existing | an IAM role associated with the cluster or namespace: created for a target of this app, `redshiftRole` for an imported one |
 * | failures | retried for `retryDuration`, then listed in a manifest under `errors/` in the intermediate bucket | a record that is not JSON is skipped (`CAN_JSON_PARSE`); a failing refresh retries on the next one |
 * | alarms | freshness (end to end), intermediate writes, `COPY` success, backup writes (with a backup), read lag (Kinesis) | none of its own: the stream's iterator-age alarm watches the reads |
 *
 * **`FIREHOSE_COPY`** creates the table from `schema` (or the source's registered
 * schema) through the Redshift Data API at deployment, as the user of `credentials` (the
 * one `COPY` runs as, who then owns the table and may load it; given another
 * `dataApiSecret` or `databaseUser`, the warning
 * `cdk-streaming-pipelines:DeliverToRedshift:copyUserNeedsInsert` says to grant INSERT);
 * without a schema the table must exist before the first delivery, and the warning
 * `cdk-streaming-pipelines:DeliverToRedshift:tableNotCreated` says so. Firehose has no
 * VPC delivery for Redshift: a cluster or workgroup of this app that is not publicly
 * accessible draws `cdk-streaming-pipelines:DeliverToRedshift:notPubliclyAccessible`,
 * and `firehoseAddresses` is the block to allow in its security group.
 *
 * **`STREAMING_INGESTION`** creates an external schema `kinesis_<schemaName>_<tableName>`
 * (the view's own, dropped and recreated with it: named for both, so that a view of the same
 * name in another schema keeps its own; over 127 bytes it is cut and ends in a hash of the
 * two) and the materialized view `<schemaName>.<tableName>` with the record as SUPER in `payload`
 * (and, with a schema, a typed view `<tableName>_columns`), reading with a role Redshift
 * assumes. Redshift polls every shard on each refresh: it counts as a polling reader. The SQL
 * needs CREATE on the database: give `dataApiSecret` (the admin's); on a workgroup without it,
 * the warning `cdk-streaming-pipelines:DeliverToRedshift:dataApiUserPrivileges` says why.
 *
 * **Data loss when the view is recreated (`STREAMING_INGESTION`).** Any change to the
 * ingestion SQL (the role, `redshiftRole`, the stream, `tableName`, `schemaName`) drops the
 * materialized view and creates it again (a renamed one under its new name, the old one
 * dropped). The new view's first refresh reads only what the stream still retains: rows
 * older than the stream's retention are gone from the view. Before such a deployment, copy
 * them out, e.g. `CREATE TABLE orders_copy AS SELECT * FROM orders` (a table, which the
 * deployment does not touch), then move them into a history table that collects every copy
 * with `ALTER TABLE orders_history APPEND FROM orders_copy` (which takes a table, not a view).
 * A changed `schema` replaces only the typed view, never the materialized view.
 *
 * @example
 * declare const ingest: StreamingIngest;
 * declare const workgroup: redshiftserverless.CfnWorkgroup;
 * declare const namespace: redshiftserverless.CfnNamespace;
 * new DeliverToRedshift(this, 'Warehouse', {
 *   source: ingest,
 *   target: RedshiftTarget.fromWorkgroup(workgroup, namespace),
 *   database: 'dev',
 *   tableName: 'orders',
 *   mode: RedshiftLoadMode.STREAMING_INGESTION,
 * });
 *
 * @see https://docs.aws.amazon.com/firehose/latest/dev/create-destination.html#create-destination-redshift
 * @see https://docs.aws.amazon.com/redshift/latest/dg/materialized-view-streaming-ingestion.html
 * @see https://docs.aws.amazon.com/redshift/latest/dg/r_CREATE_TABLE_AS.html
 * @see https://docs.aws.amazon.com/redshift/latest/dg/r_ALTER_TABLE_APPEND.html
 */
export class DeliverToRedshift extends Construct {
  /** How records reach Redshift. */
  public readonly mode: RedshiftLoadMode;
  /** The table (`FIREHOSE_COPY`) or materialized view (`STREAMING_INGESTION`), without its schema. */
  public readonly tableName: string;
  /** The Redshift schema of `tableName`. */
  public readonly schemaName: string;
  /** Name of the loader among the source's readers. */
  public readonly readerName: string;
  /**
   * The delivery stream's name.
   * @default - none: streaming ingestion has no delivery stream
   */
  public readonly deliveryStreamName?: string;
  /**
   * The delivery stream's ARN.
   * @default - none: streaming ingestion has no delivery stream
   */
  public readonly deliveryStreamArn?: string;
  /**
   * The role Firehose delivers with: reading the source, writing the intermediate (and
   * backup) bucket, reading the credentials secret, logging errors.
   * @default - none: streaming ingestion has no delivery stream
   */
  public readonly deliveryRole?: iam.IRole;
  /**
   * The bucket `COPY` loads from.
   * @default - none: streaming ingestion has no intermediate bucket
   */
  public readonly intermediateBucket?: s3.IBucket;
  /**
   * The bucket of every record, with `RedshiftBackupMode.ENABLED`.
   * @default - none: no backup
   */
  public readonly backupBucket?: s3.IBucket;
  /**
   * The addresses Firehose connects to Redshift from (the Region's Firehose CIDR block): allow
   * them on the port in the cluster's or workgroup's security group, e.g.
   * `group.addIngressRule(sink.firehoseAddresses!, ec2.Port.tcp(5439))`.
   * @default - none: streaming ingestion connects nothing
   */
  public readonly firehoseAddresses?: ec2.IPeer;
  /**
   * The role Redshift reads the stream with.
   * @default - none: Firehose `COPY` reads the source itself
   */
  public readonly redshiftRole?: iam.IRole;

  private readonly alarmFactory: AlarmFactory;
  private readonly metrics?: DeliveryStreamMetrics;
  private readonly readLagMetricName?: string;

  constructor(scope: Construct, id: string, props: DeliverToRedshiftProps) {
    super(scope, id);
    const settings = withPath(this, () => redshiftSettings(props));
    this.mode = settings.mode;
    this.tableName = settings.tableName;
    this.schemaName = settings.schemaName;
    this.alarmFactory = new AlarmFactory(this, props.alarmAction);

    // Firehose and streaming ingestion both poll every shard: one more polling reader in the plan.
    this.readerName = props.readerName ?? defaultReaderName(this);
    const binding = props.source.bindReader(this, {
      readerName: this.readerName,
      readMode: StreamReadMode.POLLING,
      latencyObjective: settings.copy?.readLag.latencyObjective,
      lagBackstop: settings.copy?.readLag.lagBackstop,
    });

    if (settings.copy) {
      const delivery = this.deliverByCopy(props, settings, settings.copy, binding);
      this.deliveryStreamName = delivery.deliveryStreamName;
      this.deliveryStreamArn = delivery.deliveryStreamArn;
      this.deliveryRole = delivery.deliveryRole;
      this.intermediateBucket = delivery.intermediateBucket;
      this.backupBucket = delivery.backupBucket;
      this.metrics = delivery.metrics;
      this.readLagMetricName = delivery.readLagMetricName;
      this.firehoseAddresses = firehosePeer(this);
      warnReadLagNotMeasured(this, 'DeliverToRedshift', props.source, this.readLagMetricName, props, 'the loads');
      warnIfUnreachable(this, props.target);
      if (props.createAlarms ?? true) {
        createRedshiftAlarms({ alarms: this.alarmFactory, metrics: this.metrics, label: `Redshift table ${this.node.path}` },
          settings.copy, this.readLagMetricName);
      }
    } else {
      this.redshiftRole = this.ingestFromStream(props, settings, binding);
    }
  }

  /** The loader's alarms (none with streaming ingestion: see the class docs). */
  public get alarms(): cloudwatch.IAlarm[] {
    return [...this.alarmFactory.alarms];
  }

  /**
   * Age of the oldest record not yet loaded into the table, in seconds, end to end (intermediate
   * bucket and `COPY`: `DeliveryToRedshift.DataFreshness`). Maximum over 5 minutes by default.
   * @see https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html
   * @returns undefined with streaming ingestion
   */
  public metricDataFreshness(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    return this.metrics?.dataFreshness(props);
  }

  /**
   * Share of `COPY` commands that succeeded (`DeliveryToRedshift.Success`). Minimum over 5 minutes by default.
   * @returns undefined with streaming ingestion
   */
  public metricCopySuccess(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    return this.metrics?.deliverySuccess(props);
  }

  /**
   * Records loaded by `COPY` (`DeliveryToRedshift.Records`). Sum over 5 minutes by default.
   * @returns undefined with streaming ingestion
   */
  public metricCopiedRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    return this.metrics?.deliveryRecords(props);
  }

  /**
   * Share of writes to the intermediate bucket that succeeded (`DeliveryToS3.Success`). Minimum over 5 minutes by default.
   * @returns undefined with streaming ingestion
   */
  public metricIntermediateDeliverySuccess(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    return this.metrics?.s3DeliverySuccess(props);
  }

  /**
   * Share of writes to the backup bucket that succeeded (`BackupToS3.Success`, with
   * `RedshiftBackupMode.ENABLED`). Minimum over 5 minutes by default.
   * @returns undefined without a backup, and with streaming ingestion
   * @see https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html
   */
  public metricBackupSuccess(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    return this.backupBucket ? this.metrics?.backupToS3Success(props) : undefined;
  }

  /**
   * How far behind the source Firehose reads, in ms (`KinesisMillisBehindLatest`). Maximum over 5 minutes by default.
   * @returns undefined for a source Firehose publishes no read lag for (a Kafka topic), and with streaming ingestion
   */
  public metricReadLag(props?: cloudwatch.MetricOptions): cloudwatch.Metric | undefined {
    return this.metrics?.readLag(this.readLagMetricName, props);
  }

  private deliverByCopy(props: DeliverToRedshiftProps, settings: RedshiftSettings, copy: CopySettings, binding: IReaderBinding) {
    const role = new DeliveryRole(this, 'DeliveryRole');
    const intermediateBucket = props.intermediateBucket ?? createFailureBucket(this, 'IntermediateBucket', {
      encryptionKey: props.encryptionKey,
      accessLogsBucket: props.accessLogsBucket,
      accessLogsPrefix: 'intermediate-access-logs/',
      writers: 'Firehose (the objects COPY loads, and the manifests of skipped ones)',
    });
    const backupBucket = copy.backupMode !== RedshiftBackupMode.ENABLED ? undefined : props.backupBucket ?? createFailureBucket(this, 'BackupBucket', {
      encryptionKey: props.encryptionKey,
      accessLogsBucket: props.accessLogsBucket,
      accessLogsPrefix: 'backup-access-logs/',
      writers: 'Firehose (every record it received)',
    });
    const table = { schema: settings.schemaName, table: settings.tableName };
    const { deliveryStream, readLagMetricName } = createRedshiftDeliveryStream(this, {
      source: binding,
      role,
      jdbcUrl: props.target.jdbcUrl(settings.database),
      copy: {
        tableName: withPath(this, () => qualifiedTableName(table, 'tableName')),
        columns: settings.schema ? copyColumns(settings.schema) : undefined,
        options: copy.copyOptions ?? jsonCopyOptions({ epochMillisecondTimestamps: copy.epochMillisecondTimestamps }),
      },
      settings: copy,
      credentials: props.credentials!,
      intermediateBucket,
      backupBucket,
      encryptionKey: props.encryptionKey,
    });
    if (settings.createTable) {
      // By default the table is created as the user COPY runs as (`credentials`): as its owner,
      // that user may INSERT into it, and nothing has to be granted.
      const secret = props.dataApiSecret ?? (props.databaseUser === undefined ? props.credentials : undefined);
      if (secret !== props.credentials) {
        Annotations.of(this).addWarningV2(COPY_USER_NEEDS_INSERT, `${this.node.path}: the table ${settings.qualifiedTableName} is created `
          + `as ${props.dataApiSecret ? 'the user of `dataApiSecret`' : `the database user '${props.databaseUser}'`}, and Firehose's `
          + 'COPY runs as the user of `credentials`, which needs INSERT on it: run GRANT INSERT ON '
          + `${settings.qualifiedTableName} TO <that user> once the table exists (CloudFormation cannot know that user's name: it is `
          + 'in the secret), or every COPY fails with permission denied. Or leave `dataApiSecret` and `databaseUser` unset: the '
          + 'table is then created as the COPY user, who owns it. Then acknowledge this warning.');
      }
      const tableSql = new RedshiftSql(this, 'TableSql', {
        target: props.target,
        database: settings.database,
        secret,
        databaseUser: secret ? undefined : props.databaseUser,
        createStatements: withPath(this, () => createTableSql(settings.schema!, table)),
        dependsOn: targetResource(props),
      });
      // The first COPY needs the table.
      deliveryStream.node.addDependency(tableSql.resource);
    } else {
      Annotations.of(this).addWarningV2(TABLE_NOT_CREATED, `${this.node.path}: the table ${settings.qualifiedTableName} is not created `
        + '(no `schema`, and the source has no registered one): it must exist, with columns named like the records\' fields, '
        + 'before the first delivery, or every COPY fails. Create it, or give `schema`; then acknowledge this warning.');
    }
    return {
      deliveryStreamName: deliveryStream.ref,
      deliveryStreamArn: deliveryStream.attrArn,
      deliveryRole: role.role,
      intermediateBucket,
      backupBucket,
      metrics: DeliveryStreamMetrics.ofCfn(deliveryStream, DestinationKind.REDSHIFT),
      readLagMetricName,
    };
  }

  private ingestFromStream(props: DeliverToRedshiftProps, settings: RedshiftSettings, binding: IReaderBinding): iam.IRole {
    // The binding names the stream for a Kinesis source only: Redshift's streaming ingestion
    // here reads Kinesis (it can read MSK too, but through its own cluster authentication and
    // network, which a KafkaTopic's binding does not describe).
    const streamName = binding.jobProperties()['stream.name'];
    if (!streamName) {
      fail(this, `RedshiftLoadMode.STREAMING_INGESTION reads a Kinesis stream, and ${props.source.sourceName} is not one: `
        + 'use RedshiftLoadMode.FIREHOSE_COPY, which reads a Kafka topic too');
    }
    const { role, prerequisites } = streamingIngestionRole(this, props.target, binding, props.redshiftRole);
    const view = { schema: settings.schemaName, table: settings.tableName };
    const sql = withPath(this, () => streamingIngestionSql({
      externalSchema: externalSchemaName(view),
      streamName,
      roleArn: role.roleArn,
      view,
      schema: settings.schema,
    }));
    const connection = { target: props.target, database: settings.database, secret: props.dataApiSecret, databaseUser: props.databaseUser };
    const ingestion = new RedshiftSql(this, 'IngestionSql', {
      ...connection,
      ...sql.ingestion,
      dependsOn: [...prerequisites, ...targetResource(props)],
    });
    if (sql.columnsView) {
      new RedshiftSql(this, 'ColumnsViewSql', { ...connection, ...sql.columnsView, dependsOn: [ingestion.resource] });
    }
    if (props.target.kind === RedshiftTargetKind.SERVERLESS_WORKGROUP && !props.dataApiSecret) {
      // Without a secret, Redshift Serverless maps the handler role to the database user IAMR:<role name>, created on
      // first use with no privileges beyond PUBLIC's: CREATE EXTERNAL SCHEMA needs CREATE on the database.
      Annotations.of(this).addWarningV2(DATA_API_USER_PRIVILEGES, `${this.node.path}: no \`dataApiSecret\`, so the Data API runs the `
        + 'ingestion SQL on the workgroup as IAMR:<name of its handler role, '
        + `${ingestion.role.node.path}>, an ordinary database user without CREATE on the database ${settings.database}, which CREATE `
        + 'EXTERNAL SCHEMA and CREATE SCHEMA need: the deployment would fail with permission denied. Give `dataApiSecret` (the '
        + 'secret of the namespace\'s admin), or grant that user CREATE ON DATABASE (and, in an existing schema, CREATE on it) '
        + 'before deploying; then acknowledge this warning.');
    }
    return role;
  }
}

/** The cluster or workgroup of this app, which the SQL waits for. */
function targetResource(props: DeliverToRedshiftProps): IDependable[] {
  const resource = props.target._resource();
  return resource ? [resource] : [];
}
