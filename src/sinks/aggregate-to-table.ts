import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  AGGREGATE_CONFIG_ENV, AGGREGATE_FAILURE_BUCKET_ENV, AGGREGATE_TABLE_ENV, AggregateTableLayout,
} from './aggregate/aggregate-config';
import { createAggregateAlarms } from './aggregate-alarms';
import { AggregateFunction } from './aggregate-function';
import { AggregateMeasure } from './aggregate-measure';
import { aggregateConfig, resolveAggregateSettings } from './aggregate-settings';
import { AggregateSinkMetrics } from './aggregate-sink-metrics';
import { createAggregateTable } from './aggregate-table';
import { AggregateToTableProps } from './aggregate-to-table-props';
import { grantFailureWrites } from './failure-writes';
import { describeKey, tableKeySchema } from './table-key-schema';
import { createFailureBucket } from '../common/failure-bucket';
import { fail, InputError, withPath } from '../common/input-error';
import { warnRegistryEncoding } from '../common/registry-encoding';
import { truncate } from '../common/text';
import { MappingInputs, MappingSettings, resolveMappingSettings } from '../consume/mapping-settings';
import { ShardConsumer } from '../consume/shard-consumer';
import { ShardReadOptions } from '../consume/shard-read-options';
import { AlarmFactory } from '../monitoring/alarm-factory';

/** What the shipped handler does with the table: read an item, create it, and merge into it. */
const HANDLER_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'];
/** Lambda's limit on a function's description. */
const MAX_DESCRIPTION_LENGTH = 256;
/** Lambda allows 4 KB of environment variables in all; the table and bucket names and the keys take the rest. */
const MAX_CONFIG_BYTES = 3500;
/** Construct id marking a table as written by an aggregate. */
const TABLE_CLAIM_ID = 'AggregateToTableWriter';
/** Construct id of the consumer: its errors are reported under it, even those found before it exists. */
const CONSUMER_ID = 'Consumer';

/**
 * Real-time state: per-key aggregates over tumbling windows, kept in DynamoDB for
 * low-latency lookups (the reference architecture's "pre-aggregated state").
 *
 * A `ShardConsumer` runs a handler this library ships (bundled when the library is
 * built). Lambda carries the window's aggregates between invocations; at the window's
 * end the handler merges one item per key, so writes grow with distinct keys, not
 * records. Each shard's contribution is merged exactly once (a conditional update
 * marked per shard), so a record counts once per window even when Lambda retries.
 *
 * A malformed record (not JSON, no key, a non-numeric measure) never fails its batch:
 * it goes to the failure store (`failureBucket`, under `failurePrefix`) with its raw
 * bytes, shard, sequence number and reason, and the rest of the batch is aggregated;
 * an alarm says when that happens. Lambda's on-failure destination is left for
 * infrastructure failures (DynamoDB or S3 unavailable past the retries); unless
 * `onFailure` says otherwise it is the same bucket, under `aws/lambda/`, so that every
 * record the aggregate did not count is in one place, with its data.
 *
 * @example
 * declare const ingest: StreamingIngest;
 * new AggregateToTable(this, 'SpendPerCustomer', {
 *   source: ingest,
 *   keyField: 'customerId',
 *   window: Duration.minutes(1),
 *   measures: [AggregateMeasure.count(), AggregateMeasure.sum('amount'), AggregateMeasure.max('amount')],
 * });
 */
export class AggregateToTable extends Construct {
  /** The table holding one item per key and window. */
  public readonly table: dynamodb.ITable;
  /** The aggregating function. */
  public readonly function: lambda.IFunction;
  /** The consumer reading the source into the function. */
  public readonly consumer: ShardConsumer;
  /** The measures kept. */
  public readonly measures: AggregateMeasure[];
  /** The tumbling window each key is aggregated over. */
  public readonly window: Duration;
  /** The bucket of the failure store: records and values the aggregate could not count. */
  public readonly failureBucket: s3.IBucket;
  /** Key prefix of the failure store in `failureBucket`, ending with '/'. */
  public readonly failurePrefix: string;

  private readonly alarmFactory: AlarmFactory;
  private readonly metrics: AggregateSinkMetrics;

  constructor(scope: Construct, id: string, props: AggregateToTableProps) {
    super(scope, id);
    this.window = props.window;
    this.measures = props.measures ?? [AggregateMeasure.count()];
    const settings = withPath(this, () => resolveAggregateSettings(props, this.measures));
    const reading: MappingInputs = {
      ...readOptions(props),
      tumblingWindow: props.window,
      // The handler throws on purpose when a batch would overflow the window's state: halves go through.
      bisectBatchOnError: true,
      // It never fails a batch for its records: they go to the failure store instead.
      reportBatchItemFailures: false,
      // The handler reads JSON records, not the registry's binary encodings.
      readsSchema: false,
    };
    const mapping = this.resolveReading(reading, props);
    const config = withPath(this, () => aggregateConfig(settings, mapping));
    this.refuseIgnoredProps(props);
    if (props.table) {
      this.checkTableSchema(props.table);
    }

    const configJson = JSON.stringify(config);
    const configBytes = Buffer.byteLength(configJson, 'utf8');
    if (configBytes > MAX_CONFIG_BYTES) {
      fail(this, `\`measures\` make a handler configuration of ${configBytes} bytes, more than the ${MAX_CONFIG_BYTES} `
        + 'that fit Lambda\'s 4 KB of environment: use fewer measures or shorter attribute names');
    }
    // A given table is claimed before anything is made; a new one is this aggregate's from the start.
    this.table = props.table ?? createAggregateTable(this, 'Table');
    this.claimTable(this.table);
    this.failurePrefix = settings.failurePrefix;
    this.failureBucket = props.failureBucket ?? createFailureBucket(this, 'FailureBucket', {
      encryptionKey: props.failureEncryptionKey,
      accessLogsBucket: props.accessLogsBucket,
      accessLogsPrefix: 'aggregate-failures-access-logs/',
      writers: 'the aggregate\'s function and its event source mapping (s3:PutObject under the failure prefix and aws/lambda/)',
    });
    const environment = {
      [AGGREGATE_TABLE_ENV]: this.table.tableName,
      [AGGREGATE_FAILURE_BUCKET_ENV]: this.failureBucket.bucketName,
      [AGGREGATE_CONFIG_ENV]: configJson,
    };
    const fn = new AggregateFunction(this, 'Function', {
      description: truncate(`Aggregates ${props.source.sourceName} per ${props.keyField} over ${props.window.toHumanString()} windows`,
        MAX_DESCRIPTION_LENGTH),
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.minutes(5),
      environment,
      // Kept with the stack deleted, like the table and the failure bucket: its lines say why invocations
      // failed and carry the metrics of the flushes, which an investigation after a teardown still needs.
      logGroup: new logs.LogGroup(this, 'Logs', {
        retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
        removalPolicy: RemovalPolicy.RETAIN,
      }),
    });
    // Exactly what the handler calls, and the table's key if it has its own.
    this.table.grant(fn, ...HANDLER_TABLE_ACTIONS);
    this.table.encryptionKey?.grantEncryptDecrypt(fn);
    grantFailureWrites(fn, this.failureBucket, this.failurePrefix);
    Validations.of(fn.role!).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'AWSLambdaBasicExecutionRole only lets the function write its own logs; everything else is granted per resource.',
    });
    this.function = fn;

    if (props.source.schema) {
      warnRegistryEncoding(this, 'AggregateToTable', props.source.sourceName, 'be set aside as malformed');
    }
    try {
      this.consumer = new ShardConsumer(this, CONSUMER_ID, {
        ...reading,
        // Batches Lambda gives up on join the records the handler set aside, in one bucket.
        failureBucket: props.onFailure ? undefined : this.failureBucket,
        source: props.source,
        handler: fn,
      });
    } catch (e) {
      // The consumer names its own prop; the user gave this construct a `window` and a `source`.
      if (e instanceof InputError && e.message.includes('`tumblingWindow` does not apply')) {
        fail(this, `\`source\`: ${props.source.sourceName} offers no Lambda tumbling windows, which AggregateToTable keeps its state in `
          + '(Kinesis and DynamoDB streams only): aggregate it in a Flink job, or with a ShardConsumer whose handler writes the table');
      }
      throw e;
    }

    this.metrics = new AggregateSinkMetrics(fn, this.table);
    this.alarmFactory = new AlarmFactory(this, props.alarmAction);
    if (props.createAlarms ?? true) {
      createAggregateAlarms(this.alarmFactory, {
        label: `Aggregate ${this.node.path} of ${props.source.sourceName}`,
        metrics: this.metrics,
        failureLocation: `s3://${this.failureBucket.bucketName}/${this.failurePrefix}`,
      });
    }
  }

  /**
   * The consumer's alarms (lag, errors, throttles, the failure destination) and the
   * aggregate's: records and values set aside, table throttling, repeated merges.
   */
  public get alarms(): cloudwatch.IAlarm[] {
    return [...this.consumer.alarms, ...this.alarmFactory.alarms];
  }

  /**
   * Records the handler set aside in the failure store: malformed, or holding a value
   * DynamoDB cannot store (`FailedRecords`, namespace `CdkStreamingPipelines/AggregateToTable`,
   * by `FunctionName`). Sum over 5 minutes by default.
   */
  public metricFailedRecords(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.failedRecords(props);
  }

  /**
   * Per-key contributions DynamoDB refused to merge (number overflow or precision), set
   * aside under `<failurePrefix>aggregates/` (`UnstorableAggregates`, namespace
   * `CdkStreamingPipelines/AggregateToTable`, by `FunctionName`). Sum over 5 minutes by default.
   */
  public metricUnstorableAggregates(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.unstorableAggregates(props);
  }

  /**
   * Keys of a flush the handler found already merged into their items: a flush applied
   * again, after an invocation failed past its merge (`AlreadyMergedKeys`, namespace
   * `CdkStreamingPipelines/AggregateToTable`, by `FunctionName`). Sum over 5 minutes by default.
   */
  public metricAlreadyMergedKeys(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metrics.alreadyMergedKeys(props);
  }

  /**
   * Throttled requests to the table: DynamoDB `ReadThrottleEvents` plus `WriteThrottleEvents`
   * (by `TableName`), each Sum over 1 minute by default; `props` apply to both.
   */
  public metricTableThrottles(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metrics.tableThrottles(props);
  }

  /**
   * Permits the grantee to read the failure store's objects (and decrypt them with the
   * bucket's key), to inspect and replay them; with the default on-failure destination,
   * also the batches Lambda gave up on (`consumer.grantReadFailures()`).
   */
  public grantReadFailures(grantee: iam.IGrantable): iam.Grant {
    const grant = this.failureBucket.grantRead(grantee, `${this.failurePrefix}*`);
    return this.consumer.failureBucket ? grant.combine(this.consumer.grantReadFailures(grantee)) : grant;
  }

  /**
   * The consumer's settings, resolved now because the handler's configuration needs them;
   * the consumer resolves the same inputs again. Errors name the consumer, as they would
   * once it exists.
   */
  private resolveReading(reading: MappingInputs, props: AggregateToTableProps): MappingSettings {
    try {
      return resolveMappingSettings(reading, props.source.retention);
    } catch (e) {
      if (e instanceof InputError) {
        throw new InputError(`${this.node.path}/${CONSUMER_ID}: ${e.message}`);
      }
      throw e;
    }
  }

  /** Props for the bucket the aggregate creates: given with a bucket of the user's, they would do nothing. */
  private refuseIgnoredProps(props: AggregateToTableProps): void {
    if (!props.failureBucket) {
      return;
    }
    if (props.failureEncryptionKey) {
      fail(this, '`failureEncryptionKey` applies to the failure bucket the aggregate creates: your `failureBucket` keeps its own encryption');
    }
    if (props.accessLogsBucket) {
      fail(this, '`accessLogsBucket` applies to the failure bucket the aggregate creates: set up access logs on your `failureBucket`');
    }
  }

  /**
   * Two aggregates writing one table would mix their measures in the same items and
   * mark each other's merges: one table per aggregate.
   */
  private claimTable(table: dynamodb.ITable): void {
    const claim = table.node.tryFindChild(TABLE_CLAIM_ID);
    if (claim) {
      fail(this, `\`table\` ${table.node.path} is already written by ${(claim as TableClaim).aggregatePath}: give each AggregateToTable its own table`);
    }
    new TableClaim(table, this.node.path);
  }

  /** A table defined in this app can be checked; an imported one is taken on trust. */
  private checkTableSchema(table: dynamodb.ITable): void {
    const schema = tableKeySchema(table);
    if (!schema) {
      return;
    }
    const isString = (keys: typeof schema.partitionKeys, name: string) =>
      keys.length === 1 && keys[0].name === name && keys[0].type === dynamodb.AttributeType.STRING;
    if (!isString(schema.partitionKeys, AggregateTableLayout.PARTITION_KEY) || !isString(schema.sortKeys, AggregateTableLayout.SORT_KEY)) {
      const sortKey = schema.sortKeys.length > 0 ? `sort key ${describeKey(schema.sortKeys)}` : 'no sort key';
      fail(this, `\`table\` must have partition key '${AggregateTableLayout.PARTITION_KEY}' (S) and sort key `
        + `'${AggregateTableLayout.SORT_KEY}' (S), got partition key ${describeKey(schema.partitionKeys)} and ${sortKey}`);
    }
  }
}

/** The options the consumer takes from the props, named one by one: nothing else reaches the mapping. */
function readOptions(props: AggregateToTableProps): ShardReadOptions {
  return {
    readerName: props.readerName,
    startingPosition: props.startingPosition,
    startingPositionTimestamp: props.startingPositionTimestamp,
    batchSize: props.batchSize,
    maxBatchingWindow: props.maxBatchingWindow,
    retryAttempts: props.retryAttempts,
    maxRecordAge: props.maxRecordAge,
    enhancedFanOut: props.enhancedFanOut,
    onFailure: props.onFailure,
    iteratorAgeThreshold: props.iteratorAgeThreshold,
    latencyObjective: props.latencyObjective,
    createAlarms: props.createAlarms,
    alarmAction: props.alarmAction,
  };
}

/** Marks a table as written by an `AggregateToTable` (no resources). */
class TableClaim extends Construct {
  constructor(table: dynamodb.ITable, public readonly aggregatePath: string) {
    super(table, TABLE_CLAIM_ID);
  }
}
