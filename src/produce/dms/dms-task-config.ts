import { Duration, Token } from 'aws-cdk-lib';
import { DmsMigrationType, DmsPartitionBy, DmsProducerProps, DmsTable } from './dms-producer-props';
import { checkKnown, checkPositive, checkRange } from '../../common/checks';
import { count } from '../../common/format';
import { InputError } from '../../common/input-error';
import { PartitionKey } from '../../planning/kinesis/partition-key';
import { ProducerProps } from '../producer-props';

/** What `resolveDmsTask` reads: the DMS-specific props of `DmsProducerProps`. */
export type DmsTaskInput = Omit<DmsProducerProps, keyof ProducerProps>;

/** The Kinesis settings the producer adds to the source's `dmsTarget()` (the stream and the role). */
export interface DmsMessageSettings {
  readonly messageFormat: string;
  readonly partitionIncludeSchemaTable: boolean;
  readonly includePartitionValue: boolean;
  readonly includeTransactionDetails: boolean;
  readonly includeControlDetails: boolean;
  readonly includeTableAlterOperations: boolean;
  readonly includeNullAndEmpty: boolean;
}

/** Everything the construct builds from, checked. */
export interface DmsTaskConfig {
  readonly migrationType: DmsMigrationType;
  readonly partitionBy: DmsPartitionBy;
  /** The task's `TableMappings` document. */
  readonly tableMappings: Record<string, unknown>;
  /** The task's `ReplicationTaskSettings` document. */
  readonly taskSettings: Record<string, unknown>;
  readonly messageSettings: DmsMessageSettings;
  /** The key DMS gives each record, for the source's plan and the key checks. */
  readonly partitionKey: PartitionKey;
  /** The latency alarms' threshold. */
  readonly latencyObjective: Duration;
}

/** `partition-key-type` of the object-mapping rules, per choice. */
const PARTITION_KEY_TYPE: Record<DmsPartitionBy, string> = {
  [DmsPartitionBy.PRIMARY_KEY]: 'primary-key',
  [DmsPartitionBy.SCHEMA_TABLE]: 'schema-table',
};

/** The key field names the checks and messages use for the two kinds of DMS key. */
export const PRIMARY_KEY_FIELD = 'schema.table.primaryKey';
export const SCHEMA_TABLE_FIELD = 'schema.table';

const ENDPOINT_ARN = /^arn:aws[a-z-]*:dms:[a-z0-9-]+:\d{12}:endpoint:[A-Za-z0-9-]+$/;
const INSTANCE_ARN = /^arn:aws[a-z-]*:dms:[a-z0-9-]+:\d{12}:rep:[A-Za-z0-9-]+$/;
/** CreateReplicationTask's `ReplicationTaskIdentifier` rules. */
const TASK_IDENTIFIER = /^[A-Za-z](?:[A-Za-z0-9]|-(?!-)){0,254}$/;

const MIN_LATENCY_SECONDS = 60;
const MAX_LATENCY_SECONDS = 86_400;

/**
 * Checks the DMS props and resolves what the producer builds: the table mappings (a
 * selection rule and an object-mapping rule per table), the task settings, the endpoint's
 * message settings and the partition key DMS will use. Pure: throws `InputError` naming
 * the prop, the allowed range and the value.
 *
 * @see https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Target.Kinesis.html
 */
export function resolveDmsTask(input: DmsTaskInput): DmsTaskConfig {
  checkArn('sourceEndpointArn', input.sourceEndpointArn, ENDPOINT_ARN, 'a DMS endpoint ARN (arn:<partition>:dms:<region>:<account>:endpoint:<id>)');
  checkArn('replicationInstanceArn', input.replicationInstanceArn, INSTANCE_ARN,
    'a DMS replication instance ARN (arn:<partition>:dms:<region>:<account>:rep:<id>)');
  checkTables(input.tables);
  if (input.taskIdentifier !== undefined && !Token.isUnresolved(input.taskIdentifier) && !TASK_IDENTIFIER.test(input.taskIdentifier)) {
    throw new InputError('`taskIdentifier` must be 1-255 letters, digits or hyphens, start with a letter, and neither end with '
      + `a hyphen nor contain two in a row, got ${JSON.stringify(input.taskIdentifier)}`);
  }
  const latencyObjective = input.latencyObjective ?? Duration.minutes(5);
  checkRange({ name: 'latencyObjective', unit: 'seconds' }, latencyObjective.toSeconds(), MIN_LATENCY_SECONDS, MAX_LATENCY_SECONDS);

  const partitionBy = input.partitionBy ?? DmsPartitionBy.PRIMARY_KEY;
  const includeControlDetails = input.includeControlDetails ?? false;
  return {
    migrationType: input.migrationType ?? DmsMigrationType.FULL_LOAD_AND_CDC,
    partitionBy,
    tableMappings: tableMappings(input.tables, partitionBy),
    taskSettings: TASK_SETTINGS,
    messageSettings: {
      messageFormat: 'json-unformatted',
      partitionIncludeSchemaTable: true,
      includePartitionValue: true,
      includeTransactionDetails: input.includeTransactionDetails ?? false,
      includeControlDetails,
      includeTableAlterOperations: includeControlDetails,
      includeNullAndEmpty: input.includeNullAndEmpty ?? true,
    },
    partitionKey: partitionKey(input, partitionBy),
    latencyObjective,
  };
}

/**
 * The task settings: CloudWatch logging on (the task log is where DMS says why a table or
 * the task failed), and every error that would drop changes stops the task instead:
 * record-level data and truncation errors (DMS's default `LOG_ERROR` skips the record),
 * table errors (the default `SUSPEND_TABLE` stops replicating the table while the task
 * runs on, and its latency metrics with it, so no alarm would fire), and apply errors
 * (the defaults log and skip, or ignore deletes). A change that never reaches the stream
 * is lost for every consumer; a stopped task fails the latency alarm, which treats missing
 * data as breaching. A selection that matches no table fails the task at start
 * (`FailOnNoTablesCaptured`) rather than running and writing nothing.
 *
 * @see https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.CustomizingTasks.TaskSettings.Logging.html
 * @see https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.CustomizingTasks.TaskSettings.ErrorHandling.html
 */
const TASK_SETTINGS: Record<string, unknown> = {
  Logging: { EnableLogging: true },
  ErrorBehavior: {
    DataErrorPolicy: 'STOP_TASK',
    DataTruncationErrorPolicy: 'STOP_TASK',
    TableErrorPolicy: 'STOP_TASK',
    ApplyErrorDeletePolicy: 'STOP_TASK',
    ApplyErrorInsertPolicy: 'STOP_TASK',
    ApplyErrorUpdatePolicy: 'STOP_TASK',
    FailOnNoTablesCaptured: true,
  },
};

/**
 * One `selection` rule per table (rule ids 1…n), then one `object-mapping` rule per table
 * (`map-record-to-record`, every column an attribute; ids n+1…2n) that sets the partition
 * key type. Without an object-mapping rule DMS keys records by `schema.table` (unless
 * `ParallelApply*` settings are on), which is the least even spread: the rules are always
 * written, so the key never depends on that default.
 *
 * @see https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Target.Kinesis.html#CHAP_Target.Kinesis.ObjectMapping
 */
export function tableMappings(tables: DmsTable[], partitionBy: DmsPartitionBy): Record<string, unknown> {
  const locator = (t: DmsTable) => ({ 'schema-name': t.schemaName, 'table-name': t.tableName });
  const selections = tables.map((t, i) => ({
    'rule-type': 'selection',
    'rule-id': String(i + 1),
    'rule-name': `include-${i + 1}`,
    'object-locator': locator(t),
    'rule-action': 'include',
  }));
  const objectMappings = tables.map((t, i) => ({
    'rule-type': 'object-mapping',
    'rule-id': String(tables.length + i + 1),
    'rule-name': `partition-key-${i + 1}`,
    'rule-action': 'map-record-to-record',
    'object-locator': locator(t),
    'mapping-parameters': { 'partition-key-type': PARTITION_KEY_TYPE[partitionBy] },
  }));
  return { rules: [...selections, ...objectMappings] };
}

/** Whether a selection names one table exactly (no `%`, which DMS reads as any run of characters). */
export function isPattern(table: DmsTable): boolean {
  return table.schemaName.includes('%') || table.tableName.includes('%');
}

/**
 * The key DMS writes, as the planning code models it:
 * - `PRIMARY_KEY`: a field with as many values as rows that change (`distinctKeys`);
 * - `SCHEMA_TABLE`: a field with one value per table, or, for one table, a constant.
 */
function partitionKey(input: DmsTaskInput, partitionBy: DmsPartitionBy): PartitionKey {
  const { distinctKeys, hottestKeyShare } = input;
  checkKnown({ name: 'distinctKeys' }, distinctKeys);
  checkKnown({ name: 'hottestKeyShare' }, hottestKeyShare);
  checkRange({ name: 'distinctKeys' }, distinctKeys, 1, Number.MAX_SAFE_INTEGER, true);
  checkPositive({ name: 'hottestKeyShare' }, hottestKeyShare, 1);
  if (partitionBy === DmsPartitionBy.PRIMARY_KEY) {
    checkShare(distinctKeys, hottestKeyShare);
    return PartitionKey.field(PRIMARY_KEY_FIELD, { distinctValues: distinctKeys, hottestKeyShare });
  }
  const tables = distinctKeys ?? (input.tables.some(isPattern) ? undefined : input.tables.length);
  if (tables === 1) {
    const only = input.tables.length === 1 && !isPattern(input.tables[0]) ? input.tables[0] : undefined;
    return PartitionKey.constant(only ? `${only.schemaName}.${only.tableName}` : SCHEMA_TABLE_FIELD);
  }
  checkShare(tables, hottestKeyShare);
  return PartitionKey.field(SCHEMA_TABLE_FIELD, { distinctValues: tables, hottestKeyShare });
}

function checkShare(distinct: number | undefined, share: number | undefined): void {
  if (distinct !== undefined && share !== undefined && share < 1 / distinct) {
    throw new InputError(`\`hottestKeyShare\` must be at least 1/${distinct} (the busiest of ${count(distinct, 'key')} carries `
      + `at least an even share), got ${share}`);
  }
}

function checkArn(name: string, value: string, pattern: RegExp, what: string): void {
  if (Token.isUnresolved(value)) {
    return;
  }
  if (typeof value !== 'string' || !pattern.test(value)) {
    throw new InputError(`\`${name}\` must be ${what}, got ${JSON.stringify(value)}`);
  }
}

function checkTables(tables: DmsTable[]): void {
  if (!Array.isArray(tables) || tables.length === 0) {
    throw new InputError('`tables` must list at least one table (e.g. `{ schemaName: \'sales\', tableName: \'orders\' }`), got none');
  }
  const seen = new Set<string>();
  tables.forEach((table, i) => {
    for (const field of ['schemaName', 'tableName'] as const) {
      const value = table[field];
      if (typeof value !== 'string' || (!Token.isUnresolved(value) && value.trim() === '')) {
        throw new InputError(`\`tables[${i}].${field}\` must be a name or a pattern with %, got ${JSON.stringify(value)}`);
      }
    }
    const key = `${table.schemaName}.${table.tableName}`;
    if (seen.has(key)) {
      throw new InputError(`\`tables\` lists ${key} twice (at ${i}): list each table or pattern once`);
    }
    seen.add(key);
  });
}
