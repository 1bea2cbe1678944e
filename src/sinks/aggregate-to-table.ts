import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { AGGREGATE_CONFIG_ENV, AGGREGATE_TABLE_ENV, AggregateConfig, AggregateTableLayout } from './aggregate/aggregate-config';
import { AggregateFunction } from './aggregate-function';
import { AggregateMeasure } from './aggregate-measure';
import { createAggregateTable } from './aggregate-table';
import { AggregateToTableProps } from './aggregate-to-table-props';
import { describeKey, tableKeySchema } from './table-key-schema';
import { checkRange } from '../common/checks';
import { parseFieldPath } from '../common/field-path';
import { fail, InputError, withPath } from '../common/input-error';
import { warnRegistryEncoding } from '../common/registry-encoding';
import { truncate } from '../common/text';
import { EventSourceLimits } from '../consume/event-source-limits';
import { ShardConsumer } from '../consume/shard-consumer';
import { ShardReadOptions } from '../consume/shard-read-options';

/** What the shipped handler does with the table: read an item, write it back conditionally. */
const HANDLER_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:PutItem'];
/** Attribute names: a conservative 255 characters (DynamoDB allows far more); the layout's own names are taken. */
const MAX_ATTRIBUTE_LENGTH = 255;
const RESERVED_ATTRIBUTES: string[] = Object.values(AggregateTableLayout);
/** The shortest expiry: DynamoDB's TTL works in minutes at best (deletion takes up to days). */
const MIN_EXPIRY_SECONDS = 60;
/** Lambda's limit on a function's description. */
const MAX_DESCRIPTION_LENGTH = 256;
/** Lambda allows 4 KB of environment variables in all; the table name and keys take the rest. */
const MAX_CONFIG_BYTES = 3500;
/** Construct id marking a table as written by an aggregate. */
const TABLE_CLAIM_ID = 'AggregateToTableWriter';

/**
 * Real-time state: per-key aggregates over tumbling windows, kept in DynamoDB for
 * low-latency lookups (the reference architecture's "pre-aggregated state").
 *
 * A `ShardConsumer` runs a handler this library ships (bundled when the library is
 * built). Lambda carries the window's aggregates between invocations; at the window's
 * end the handler writes one item per key, so writes grow with distinct keys, not
 * records. Each shard's contribution is merged idempotently, so a record counts
 * exactly once per window even when Lambda retries. A malformed record (not JSON, no
 * key, a non-numeric measure) fails its batch, which Lambda halves until the record is
 * alone; it then ends in the failure destination and the records around it count.
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

  constructor(scope: Construct, id: string, props: AggregateToTableProps) {
    super(scope, id);
    this.measures = props.measures ?? [AggregateMeasure.count()];
    const config = withPath(this, () => this.configFrom(props));
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
    const environment = {
      [AGGREGATE_TABLE_ENV]: this.table.tableName,
      [AGGREGATE_CONFIG_ENV]: configJson,
    };
    const fn = new AggregateFunction(this, 'Function', {
      description: truncate(`Aggregates ${props.source.sourceName} per ${props.keyField} over ${props.window.toHumanString()} windows`,
        MAX_DESCRIPTION_LENGTH),
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.minutes(5),
      environment,
      logGroup: new logs.LogGroup(this, 'Logs', {
        retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    // Exactly what the handler calls, and the table's key if it has its own.
    this.table.grant(fn, ...HANDLER_TABLE_ACTIONS);
    this.table.encryptionKey?.grantEncryptDecrypt(fn);
    Validations.of(fn.role!).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'AWSLambdaBasicExecutionRole only lets the function write its own logs; everything else is granted per resource.',
    });
    this.function = fn;

    if (props.source.schema) {
      warnRegistryEncoding(this, 'AggregateToTable', props.source.sourceName, 'be reported as malformed');
    }
    this.consumer = new ShardConsumer(this, 'Consumer', {
      ...readOptions(props),
      source: props.source,
      handler: fn,
      tumblingWindow: props.window,
      bisectBatchOnError: true,
      reportBatchItemFailures: true,
      parallelizationFactor: 1,
      // The handler reads JSON records, not the registry's binary encodings.
      readsSchema: false,
    });
  }

  /** The consumer's alarms: lag, errors, throttles and the failure destination. */
  public get alarms(): cloudwatch.IAlarm[] {
    return this.consumer.alarms;
  }

  private configFrom(props: AggregateToTableProps): AggregateConfig {
    // The window and the expiry go into the handler's configuration and the description: no tokens.
    const windowSeconds = knownSeconds('window', props.window);
    checkRange({ name: 'window', unit: 'seconds' }, windowSeconds, 1, EventSourceLimits.MAX_TUMBLING_WINDOW_SECONDS, true);
    checkRange({ name: 'memorySize', unit: 'MiB' }, props.memorySize, 128, 10240, true);
    checkRange({ name: 'timeout', unit: 'seconds' }, props.timeout?.toSeconds({ integral: false }), 1, 900, true);
    const expireAfterSeconds = knownSeconds('expireAfter', props.expireAfter ?? Duration.days(30));
    if (!Number.isInteger(expireAfterSeconds) || expireAfterSeconds < MIN_EXPIRY_SECONDS) {
      throw new InputError(`\`expireAfter\` must be a whole number of seconds, at least ${MIN_EXPIRY_SECONDS} (1 minute), got ${expireAfterSeconds}`);
    }
    const keyPath = parseFieldPath('`keyField`', props.keyField);
    return { keyPath, measures: this.measureConfigs(), expireAfterSeconds };
  }

  private measureConfigs() {
    if (this.measures.length === 0) {
      throw new InputError('`measures` must hold at least one measure, got none: add AggregateMeasure.count()');
    }
    const seen = new Set<string>();
    return this.measures.map(measure => {
      const attribute = measure.attribute;
      if (RESERVED_ATTRIBUTES.includes(attribute)) {
        throw new InputError(`\`measures\` attribute '${attribute}' is one of the table's own attributes `
          + `(${RESERVED_ATTRIBUTES.join(', ')}): give the measure another attribute name`);
      }
      if (attribute.length === 0 || attribute.length > MAX_ATTRIBUTE_LENGTH) {
        throw new InputError(`\`measures\` attribute names must be 1-${MAX_ATTRIBUTE_LENGTH} characters, got '${attribute}'`);
      }
      if (seen.has(attribute)) {
        throw new InputError(`\`measures\` attribute '${attribute}' is used by two measures: give each its own attribute name`);
      }
      seen.add(attribute);
      return measure._config();
    });
  }

  /**
   * Two aggregates writing one table would mix their measures in the same items and
   * skip each other's segments: one table per aggregate.
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
    createAlarms: props.createAlarms,
    alarmAction: props.alarmAction,
  };
}

/** Seconds of a duration that must be known at synth. */
function knownSeconds(prop: string, duration: Duration): number {
  if (duration.isUnresolved()) {
    throw new InputError(`\`${prop}\` must be known at synth, got an unresolved token (e.g. a CfnParameter): state it as a plain duration`);
  }
  return duration.toSeconds({ integral: false });
}


/** Marks a table as written by an `AggregateToTable` (no resources). */
class TableClaim extends Construct {
  constructor(table: dynamodb.ITable, public readonly aggregatePath: string) {
    super(table, TABLE_CLAIM_ID);
  }
}
