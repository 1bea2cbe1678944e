import { Duration } from 'aws-cdk-lib';
import { ProducerOptions, ProducerProps } from '../producer-props';

/**
 * A table (or, with wildcards, a set of tables) that DMS replicates to the stream.
 *
 * Names are matched by DMS's table-mapping selection rules: `%` matches any run of
 * characters and `_` any single character, so `{ schemaName: 'sales', tableName: '%' }`
 * selects every table of the `sales` schema.
 *
 * @see https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.CustomizingTasks.TableMapping.SelectionTransformation.Wildcards.html
 */
export interface DmsTable {
  /** The schema (or, for MySQL, the database) as the source engine names it; DMS compares it case-sensitively. */
  readonly schemaName: string;
  /** The table, or a pattern with `%` and `_`. */
  readonly tableName: string;
}

/**
 * What the replication task replicates. A stream is fed by change data capture, so a
 * full load alone (a one-off copy that then stops) is not offered.
 *
 * @see https://docs.aws.amazon.com/dms/latest/APIReference/API_CreateReplicationTask.html#DMS-CreateReplicationTask-request-MigrationType
 */
export enum DmsMigrationType {
  /** Every existing row first (as `load` records), then every change. */
  FULL_LOAD_AND_CDC = 'full-load-and-cdc',
  /** Changes only, from the moment the task starts. */
  CDC = 'cdc',
}

/** What DMS puts in each record's Kinesis partition key, which decides its shard. */
export enum DmsPartitionBy {
  /**
   * `schema.table.<primary key value>` (object mapping `partition-key-type: primary-key`
   * with the endpoint's `PartitionIncludeSchemaTable`): the rows of one table spread over
   * every shard, and the changes of one row stay in order.
   */
  PRIMARY_KEY = 'PRIMARY_KEY',
  /**
   * `schema.table` (object mapping `partition-key-type: schema-table`): one key per table,
   * so each table's changes keep one order but go to one shard, which caps the table at
   * 1 MiB/s and 1,000 records/s. Warned at synth.
   */
  SCHEMA_TABLE = 'SCHEMA_TABLE',
}

/**
 * Properties of a `DmsProducer` less its `source`: what `StreamingPipeline.addDmsProducer()`
 * takes, building on the pipeline's source.
 */
export interface DmsProducerOptions extends ProducerOptions {
  /**
   * ARN of the DMS source endpoint (the user's database), e.g.
   * `arn:aws:dms:us-east-1:111111111111:endpoint:ABCDEFGHIJKLMNOPQRSTUVWXYZ`. The producer
   * never creates or changes it.
   */
  readonly sourceEndpointArn: string;

  /**
   * ARN of the DMS replication instance that runs the task (the user's), e.g.
   * `arn:aws:dms:us-east-1:111111111111:rep:ABCDEFGHIJKLMNOPQRSTUVWXYZ`. It must reach the
   * source database and the Kinesis API, and run a DMS engine of version 3.4.7 or later
   * (the service access role's `aws:SourceAccount` condition).
   */
  readonly replicationInstanceArn: string;

  /**
   * The tables to replicate: one selection rule each, and one object-mapping rule each
   * that sets the partition key.
   */
  readonly tables: DmsTable[];

  /**
   * Whether the task first loads every existing row, or only captures changes.
   *
   * @default DmsMigrationType.FULL_LOAD_AND_CDC
   */
  readonly migrationType?: DmsMigrationType;

  /**
   * The records' partition key.
   *
   * @default DmsPartitionBy.PRIMARY_KEY
   */
  readonly partitionBy?: DmsPartitionBy;

  /**
   * Distinct partition keys written at peak: rows that change (`PRIMARY_KEY`), or tables
   * (`SCHEMA_TABLE`). The key check uses it to predict the busiest shard.
   *
   * @default - `PRIMARY_KEY`: unknown (only an overflowing `hottestKeyShare` is caught);
   * `SCHEMA_TABLE`: the number of `tables` when no name has a `%`, otherwise unknown
   */
  readonly distinctKeys?: number;

  /**
   * Share of all changes carried by the busiest key, between 0 and 1: the busiest row
   * (`PRIMARY_KEY`, e.g. a counter row updated on every order) or the busiest table
   * (`SCHEMA_TABLE`). A key whose share of `recordsPerSecond` is more than one shard
   * accepts is an error.
   *
   * @default - 1 ÷ `distinctKeys` (an even spread), or unknown
   */
  readonly hottestKeyShare?: number;

  /**
   * Whether each record carries its transaction's details (commit timestamp, log position,
   * transaction id and the record's offset in it), e.g. to rebuild transactions downstream.
   *
   * @default false
   * @see https://docs.aws.amazon.com/dms/latest/APIReference/API_KinesisSettings.html
   */
  readonly includeTransactionDetails?: boolean;

  /**
   * Whether DMS also writes control records (table and column definitions) and the DDL
   * that changes a table (rename, drop, add or drop a column) to the stream. Consumers
   * must then tell control records from data records by `metadata.record-type`.
   *
   * @default false
   * @see https://docs.aws.amazon.com/dms/latest/APIReference/API_KinesisSettings.html
   */
  readonly includeControlDetails?: boolean;

  /**
   * Whether columns that are NULL or empty appear in the record (as `null` or `""`).
   * Without it a column set to NULL by an update is simply missing, which a consumer
   * cannot tell from a column it was not sent.
   *
   * @default true
   * @see https://docs.aws.amazon.com/dms/latest/APIReference/API_KinesisSettings.html
   */
  readonly includeNullAndEmpty?: boolean;

  /**
   * The replication task's identifier: 1-255 letters, digits or hyphens, starting with a
   * letter, not ending with a hyphen nor containing two in a row.
   *
   * @default - CloudFormation generates one
   */
  readonly taskIdentifier?: string;

  /**
   * Whether to start the replication task after every deployment, and hold the deployment
   * until it runs: CloudFormation creates a task stopped (`ready`) and never starts it.
   * A custom resource starts a new task, resumes a stopped one, fails the deployment with
   * DMS's reason when the start fails, and stops the task before CloudFormation deletes it
   * (DMS refuses to delete a running task).
   *
   * DMS refuses to change a running task, so change `tables` or the message settings in
   * two deployments: first with `startAfterDeploy: false` (which stops the task), then
   * with the change and `startAfterDeploy: true` (which resumes it).
   *
   * @default true
   * @see https://docs.aws.amazon.com/dms/latest/APIReference/API_StartReplicationTask.html
   */
  readonly startAfterDeploy?: boolean;

  /**
   * How far behind the source database the stream may fall: the latency alarms fire when
   * DMS's capture (`CDCLatencySource`) or apply (`CDCLatencyTarget`) latency stays above
   * it for 10 minutes. Between 1 minute and 1 day.
   *
   * @default Duration.minutes(5)
   */
  readonly latencyObjective?: Duration;
}

/** Props of `DmsProducer`. */
export interface DmsProducerProps extends DmsProducerOptions, ProducerProps {}
