import { Duration, Size, Token } from 'aws-cdk-lib';
import { DeliverToRedshiftProps } from './deliver-to-redshift-props';
import { RedshiftBackupMode, RedshiftLoadMode } from './redshift-load-mode';
import { RedshiftTargetKind } from './redshift-target';
import { InputError } from '../../common/input-error';
import { checkBufferingHints } from '../../firehose/buffering-hints';
import { freshnessThreshold } from '../../firehose/delivery-alarms';
import { checkPrefixes } from '../../firehose/delivery-prefixes';
import { DestinationKind } from '../../firehose/destination-kind';
import { ReadLagSettings, readLagSettings } from '../../firehose/read-lag';
import { retryDuration } from '../../firehose/retry-duration';
import { RegistrySchema } from '../../schema/registry-schema';
import { StreamSchema } from '../../schema/stream-schema';

/** Redshift database names: 1-64 characters, a letter or `_` first. */
const DATABASE_NAME = /^[A-Za-z_][A-Za-z0-9_$]{0,63}$/;
/** Table and schema names as Redshift stores them unquoted: lower case, 1-127 characters. */
const OBJECT_NAME = /^[a-z_][a-z0-9_$]{0,126}$/;
/** `COPY` must decompress what Firehose compressed. */
const GZIP = /\bGZIP\b/i;

/** The props only `FIREHOSE_COPY` uses: with streaming ingestion they would silently do nothing. */
const COPY_ONLY: ReadonlyArray<keyof DeliverToRedshiftProps> = [
  'credentials', 'createTable', 'intermediateBucket', 'intermediatePrefix', 'encryptionKey', 'accessLogsBucket', 'copyOptions',
  'epochMillisecondTimestamps',
  'bufferingInterval', 'bufferingSize', 'retryDuration', 'backupMode', 'backupBucket', 'backupPrefix', 'freshnessThreshold',
  'latencyObjective', 'readLagThreshold', 'createAlarms', 'alarmAction',
];
/** Why a prop of the other mode does nothing in this one, when the mode's name does not say it. */
const WHY_NOT: Partial<Record<keyof DeliverToRedshiftProps, string>> = {
  createAlarms: 'streaming ingestion creates no alarms of its own: the stream\'s own alarms (its iterator age) watch Redshift\'s reads',
  alarmAction: 'streaming ingestion creates no alarms of its own: the stream\'s own alarms (its iterator age) watch Redshift\'s reads',
};
/** The props only `STREAMING_INGESTION` uses. */
const STREAMING_ONLY: ReadonlyArray<keyof DeliverToRedshiftProps> = ['redshiftRole'];

/** What `FIREHOSE_COPY` delivers with, resolved and checked. */
export interface CopySettings {
  readonly intermediatePrefix: string;
  /** The user's `COPY` options; none for the generated ones. */
  readonly copyOptions?: string;
  /** Whether the generated `COPY` options read TIMESTAMP fields as epoch milliseconds. */
  readonly epochMillisecondTimestamps: boolean;
  readonly bufferingInterval: Duration;
  readonly bufferingSize: Size;
  readonly retryDuration: Duration;
  readonly backupMode: RedshiftBackupMode;
  readonly backupPrefix: string;
  readonly freshnessThreshold: Duration;
  readonly readLag: ReadLagSettings;
}

/** The settings of a `DeliverToRedshift`, resolved and checked. */
export interface RedshiftSettings {
  readonly mode: RedshiftLoadMode;
  readonly database: string;
  readonly schemaName: string;
  readonly tableName: string;
  /** `<schemaName>.<tableName>`. */
  readonly qualifiedTableName: string;
  /** The records' fields, given or the source's. */
  readonly schema?: StreamSchema;
  /** Whether the table is created at deployment (`FIREHOSE_COPY`). */
  readonly createTable: boolean;
  /** `FIREHOSE_COPY` only. */
  readonly copy?: CopySettings;
}

/**
 * Resolves and checks a `DeliverToRedshift`'s props with no construct: the mode and the
 * props that only apply to the other one, the names, the schema and whether the table is
 * created, the credentials of each connection, and for `FIREHOSE_COPY` buffering
 * (0-900 s, 1-128 MiB), retry (0-7,200 s), the prefixes, the `COPY` options and the alarm
 * thresholds. Throws an `InputError` naming the prop, the rule and the value.
 */
export function redshiftSettings(props: DeliverToRedshiftProps): RedshiftSettings {
  const mode = props.mode ?? RedshiftLoadMode.FIREHOSE_COPY;
  const copyMode = mode === RedshiftLoadMode.FIREHOSE_COPY;
  const otherMode = copyMode ? RedshiftLoadMode.STREAMING_INGESTION : RedshiftLoadMode.FIREHOSE_COPY;
  refuseOtherModeProps(props, copyMode ? STREAMING_ONLY : COPY_ONLY, otherMode, mode);
  checkName('database', props.database, DATABASE_NAME, '1-64 letters, digits, _ or $, starting with a letter or _');
  const schemaName = props.schemaName ?? 'public';
  const lowerCase = '1-127 lower-case letters, digits, _ or $, starting with a letter or _ (Redshift folds unquoted names to lower case)';
  checkName('schemaName', schemaName, OBJECT_NAME, lowerCase);
  checkName('tableName', props.tableName, OBJECT_NAME, lowerCase);
  const schema = props.schema ?? registeredSchema(props);
  const createTable = copyMode && (props.createTable ?? schema !== undefined);
  if (createTable && !schema) {
    throw new InputError('`createTable` needs a `schema` to create the table from, and the source has no registered one: '
      + 'give `schema`, or create the table yourself and leave `createTable` unset');
  }
  const runsSql = createTable || !copyMode;
  checkSqlCredentials(props, runsSql, copyMode);
  if (copyMode && !props.credentials) {
    throw new InputError('`credentials` is required with RedshiftLoadMode.FIREHOSE_COPY: the Secrets Manager secret (username and '
      + 'password) Firehose connects to Redshift with');
  }
  return {
    mode,
    database: props.database,
    schemaName,
    tableName: props.tableName,
    qualifiedTableName: `${schemaName}.${props.tableName}`,
    schema,
    createTable,
    copy: copyMode ? copySettings(props) : undefined,
  };
}

function copySettings(props: DeliverToRedshiftProps): CopySettings {
  const bufferingInterval = props.bufferingInterval ?? Duration.minutes(5);
  const bufferingSize = props.bufferingSize ?? Size.mebibytes(5);
  checkBufferingHints(DestinationKind.REDSHIFT, { interval: bufferingInterval, size: bufferingSize });
  const retry = retryDuration(DestinationKind.REDSHIFT, props.retryDuration);
  const intermediatePrefix = props.intermediatePrefix ?? 'redshift-intermediate/';
  checkPrefixes({ name: 'intermediatePrefix', value: intermediatePrefix });
  const backupMode = props.backupMode ?? RedshiftBackupMode.DISABLED;
  const backupPrefix = props.backupPrefix ?? 'redshift-backup/';
  checkPrefixes({ name: 'backupPrefix', value: backupPrefix });
  if (backupMode === RedshiftBackupMode.DISABLED) {
    for (const prop of ['backupBucket', 'backupPrefix'] as const) {
      if (props[prop] !== undefined) {
        throw new InputError(`\`${prop}\` applies with \`backupMode\` RedshiftBackupMode.ENABLED, and the backup is disabled`);
      }
    }
  }
  const createsBucket = !props.intermediateBucket || (backupMode === RedshiftBackupMode.ENABLED && !props.backupBucket);
  if (props.accessLogsBucket && !createsBucket) {
    throw new InputError('`accessLogsBucket` applies to the buckets this construct creates, and it creates none: '
      + 'set up access logs on your `intermediateBucket` and `backupBucket`');
  }
  if (props.copyOptions !== undefined && !Token.isUnresolved(props.copyOptions) && !GZIP.test(props.copyOptions)) {
    throw new InputError(`\`copyOptions\` must include GZIP: Firehose compresses the intermediate objects with GZIP, got '${props.copyOptions}'`);
  }
  if (props.epochMillisecondTimestamps !== undefined && props.copyOptions !== undefined) {
    throw new InputError('`epochMillisecondTimestamps` applies to the generated COPY options, and `copyOptions` replaces them: put '
      + `TIMEFORMAT 'epochmillisecs' in \`copyOptions\` instead, got \`copyOptions\` '${props.copyOptions}'`);
  }
  return {
    intermediatePrefix,
    copyOptions: props.copyOptions,
    epochMillisecondTimestamps: props.epochMillisecondTimestamps ?? false,
    bufferingInterval,
    bufferingSize,
    retryDuration: retry,
    backupMode,
    backupPrefix,
    freshnessThreshold: freshnessThreshold(DestinationKind.REDSHIFT, bufferingInterval, props.freshnessThreshold),
    readLag: readLagSettings(props.source.retention, props.latencyObjective, props.readLagThreshold),
  };
}

/** The schema the source's registry schema was made from, when it has one. */
function registeredSchema(props: DeliverToRedshiftProps): StreamSchema | undefined {
  const registered = props.source.schema;
  return registered instanceof RegistrySchema ? registered.streamSchema : undefined;
}

/**
 * The Data API's credentials: one of `dataApiSecret` and `databaseUser`, only when SQL
 * runs; a cluster needs one (with `FIREHOSE_COPY`, `credentials` stands in), and a workgroup
 * takes no `databaseUser`.
 */
function checkSqlCredentials(props: DeliverToRedshiftProps, runsSql: boolean, copyMode: boolean): void {
  const given = (['dataApiSecret', 'databaseUser'] as const).filter(p => props[p] !== undefined);
  if (given.length === 2) {
    throw new InputError('give one of `dataApiSecret` and `databaseUser`, not both: the SQL run at deployment connects with one');
  }
  if (!runsSql) {
    if (given.length > 0) {
      throw new InputError(`\`${given[0]}\` applies to the SQL run at deployment, and none runs: the table is not created (\`createTable\`)`);
    }
    return;
  }
  const cluster = props.target.kind === RedshiftTargetKind.PROVISIONED_CLUSTER;
  if (cluster && given.length === 0 && !copyMode) {
    throw new InputError('a provisioned cluster needs `dataApiSecret` or `databaseUser`: the credentials the SQL run at deployment '
      + 'connects to it with through the Redshift Data API');
  }
  if (!cluster && props.databaseUser !== undefined) {
    throw new InputError('`databaseUser` applies to a provisioned cluster: a Serverless workgroup maps the deployment role to its own '
      + 'database user (give `dataApiSecret` to connect as another)');
  }
}

function refuseOtherModeProps(props: DeliverToRedshiftProps, others: ReadonlyArray<keyof DeliverToRedshiftProps>,
  otherMode: RedshiftLoadMode, mode: RedshiftLoadMode): void {
  for (const prop of others) {
    if (props[prop] !== undefined) {
      const why = WHY_NOT[prop] ? `: ${WHY_NOT[prop]}` : '';
      throw new InputError(`\`${prop}\` applies to RedshiftLoadMode.${otherMode}, and \`mode\` is RedshiftLoadMode.${mode}${why}`);
    }
  }
}

function checkName(prop: string, value: string, rule: RegExp, described: string): void {
  if (!Token.isUnresolved(value) && !rule.test(value)) {
    throw new InputError(`\`${prop}\` must be ${described}, got '${value}'`);
  }
}
