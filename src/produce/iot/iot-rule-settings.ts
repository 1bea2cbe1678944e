import { Token } from 'aws-cdk-lib';
import { IotRuleProducerProps, IotSqlVersion } from './iot-rule-producer-props';
import { InputError } from '../../common/input-error';
import { PlanWarning } from '../../planning/plan-warning';

/** What an `IotRuleProducer`'s props resolve to, checked. */
export interface IotRuleSettings {
  /** The rule's query. */
  readonly sql: string;
  /** The SQL version. */
  readonly sqlVersion: IotSqlVersion;
  /** The Kinesis action's partition key, as a substitution template. */
  readonly partitionKeyTemplate: string;
  /** Advice about the key that the user may acknowledge. */
  readonly warnings: PlanWarning[];
}

/** A payload field an IoT substitution template can name: an identifier of the rules engine's SQL. */
const FIELD_SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Rule names: letters, digits and underscores (CreateTopicRule's `ruleName` pattern). */
const RULE_NAME = /^[a-zA-Z0-9_]{1,128}$/;
/** An MQTT topic is at most 256 bytes of UTF-8 in AWS IoT Core. */
const MAX_TOPIC_BYTES = 256;
/** `... AS name` in a SELECT clause. */
const ALIAS = /\bAS\s+([A-Za-z_][A-Za-z0-9_]*)/gi;

/** The substitution template of a random key per message. */
export const RANDOM_KEY_TEMPLATE = '${newuuid()}';

/**
 * Resolves and checks an `IotRuleProducer`'s props: the query (from `sql` or
 * `topicFilter`), the SQL version and the partition key's substitution template. Throws
 * `InputError`s naming the prop, what is allowed and what was given.
 */
export function iotRuleSettings(props: IotRuleProducerProps): IotRuleSettings {
  const sql = ruleSql(props);
  const sqlVersion = props.sqlVersion ?? IotSqlVersion.V2016_03_23;
  if (!Object.values(IotSqlVersion).includes(sqlVersion)) {
    throw new InputError(`\`sqlVersion\` must be one of ${Object.values(IotSqlVersion).map(v => `'${v}'`).join(', ')}, got '${sqlVersion}'`);
  }
  checkRuleName(props.ruleName);
  const { template, field } = partitionKeyTemplate(props);
  return { sql, sqlVersion, partitionKeyTemplate: template, warnings: field ? aliasWarnings(field, props.sql) : [] };
}

/** Throws unless `name` (when given and known) is a valid topic rule name. */
export function checkRuleName(name: string | undefined): void {
  if (name !== undefined && !Token.isUnresolved(name) && !RULE_NAME.test(name)) {
    throw new InputError(`\`ruleName\` must be 1-128 letters, digits and underscores, got '${name}'`);
  }
}

function ruleSql(props: IotRuleProducerProps): string {
  if ((props.sql === undefined) === (props.topicFilter === undefined)) {
    throw new InputError('`sql` and `topicFilter` each give the rule\'s query: give exactly one, got '
      + (props.sql === undefined ? 'neither' : 'both'));
  }
  if (props.sql !== undefined) {
    if (!Token.isUnresolved(props.sql) && props.sql.trim() === '') {
      throw new InputError('`sql` must be a SELECT statement, e.g. "SELECT * FROM \'devices/+/telemetry\'", got an empty string');
    }
    return props.sql;
  }
  const filter = props.topicFilter!;
  if (!Token.isUnresolved(filter)) {
    checkTopicFilter(filter);
  }
  return `SELECT * FROM '${filter}'`;
}

/**
 * An MQTT topic filter: levels separated by `/`, `+` alone in a level, `#` alone in the
 * last level, no quote (it is put between quotes in the query), at most 256 bytes.
 */
function checkTopicFilter(filter: string): void {
  const levels = filter.split('/');
  const problem = filter === '' ? 'it is empty'
    : Buffer.byteLength(filter, 'utf-8') > MAX_TOPIC_BYTES ? `it is ${Buffer.byteLength(filter, 'utf-8')} bytes`
      : filter.includes('\'') ? 'it contains a quote (\')'
        : levels.some(l => l.includes('+') && l !== '+') ? '`+` must fill a whole level'
          : levels.some((l, i) => l.includes('#') && (l !== '#' || i !== levels.length - 1)) ? '`#` must be the whole last level'
            : undefined;
  if (problem) {
    throw new InputError(`\`topicFilter\` must be an MQTT topic filter of at most ${MAX_TOPIC_BYTES} bytes, like 'devices/+/telemetry' `
      + `or 'devices/#', but ${problem}: got '${filter}'`);
  }
}

function partitionKeyTemplate(props: IotRuleProducerProps): { template: string; field?: string } {
  const key = props.partitionKey;
  if (key.constantValue !== undefined) {
    throw new InputError(`\`partitionKey\` must vary per message, got the constant '${key.constantValue}': the rule would put every `
      + 'message on one shard, which caps the feed at 1 MiB/s and 1,000 records/s. Use PartitionKey.field() with a field of the payload '
      + `(e.g. 'deviceId') to keep each device's messages in order, or PartitionKey.random() (${RANDOM_KEY_TEMPLATE}) when order does not matter`);
  }
  if (key.fieldName === undefined) {
    return { template: RANDOM_KEY_TEMPLATE };
  }
  const field = key.fieldName;
  if (!field.split('.').every(segment => FIELD_SEGMENT.test(segment))) {
    throw new InputError('`partitionKey` must be a payload field an AWS IoT substitution template can name: letters, digits and '
      + `underscores, not starting with a digit, nested fields joined by dots, like 'deviceId' or 'device.id', got '${field}'`);
  }
  return { template: `\${${field}}`, field };
}

/**
 * A key named like an alias of the query's SELECT: AWS IoT evaluates substitution
 * templates against the original message, where the alias does not exist.
 */
function aliasWarnings(field: string, sql: string | undefined): PlanWarning[] {
  if (sql === undefined || Token.isUnresolved(sql)) {
    return [];
  }
  const root = field.split('.')[0];
  const aliases = [...sql.matchAll(ALIAS)].map(m => m[1]);
  if (!aliases.includes(root)) {
    return [];
  }
  return [{
    id: 'partitionKeyIsSqlAlias',
    message: `Partition key '${field}' names an alias of the rule's SELECT (AS ${root}), but AWS IoT evaluates the key's substitution `
      + 'template against the original message, not the SELECT result: unless the payload itself has that field, every key is empty, '
      + 'Kinesis refuses every message and they all go to the error action. Key by a field the devices put in the payload, or '
      + 'acknowledge this warning if the payload has the field too.',
  }];
}
