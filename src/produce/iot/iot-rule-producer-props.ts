import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { PartitionKey } from '../../planning/kinesis/partition-key';
import { ProducerOptions, ProducerProps } from '../producer-props';

/**
 * The version of the AWS IoT SQL rules engine a rule's query runs on.
 *
 * @see https://docs.aws.amazon.com/iot/latest/developerguide/iot-rule-sql-version.html
 */
export enum IotSqlVersion {
  /** The original version, 2015-10-08. */
  V2015_10_08 = '2015-10-08',
  /** The current version, 2016-03-23 (nested objects in SELECT, arrays as top-level objects). */
  V2016_03_23 = '2016-03-23',
  /** The rolling beta version, which may change without notice. */
  BETA = 'beta',
}

/**
 * Properties of an `IotRuleProducer` less its `source`: what
 * `StreamingPipeline.addIotRuleProducer()` takes, building on the pipeline's source.
 */
export interface IotRuleProducerOptions extends ProducerOptions {
  /**
   * The rule's query, e.g. `SELECT *, timestamp() AS receivedAt FROM 'devices/+/telemetry'`.
   * Its result is the record put on the source. Give `sql` or `topicFilter`, not both.
   *
   * The partition key's template is evaluated against the original message, not against
   * this query's result, so an `AS` alias cannot be the key (warned as
   * `partitionKeyIsSqlAlias`).
   *
   * @default - `SELECT * FROM '<topicFilter>'`
   * @see https://docs.aws.amazon.com/iot/latest/developerguide/iot-sql-reference.html
   */
  readonly sql?: string;

  /**
   * The MQTT topic filter whose messages go to the source whole, e.g.
   * `devices/+/telemetry`: the rule's query becomes `SELECT * FROM '<topicFilter>'`.
   * `+` matches one topic level, `#` (last) any number. Give `sql` or `topicFilter`, not both.
   *
   * @default - none: `sql` is the query
   * @see https://docs.aws.amazon.com/iot/latest/developerguide/topics.html
   */
  readonly topicFilter?: string;

  /**
   * The SQL version the rules engine runs the query with.
   * @default IotSqlVersion.V2016_03_23
   */
  readonly sqlVersion?: IotSqlVersion;

  /**
   * How each message's partition key is chosen, as an AWS IoT substitution template:
   * `PartitionKey.field('deviceId')` becomes `${deviceId}` (a field of the message
   * payload, nested fields as `device.id`), `PartitionKey.random()` becomes
   * `${newuuid()}`. A constant is refused: every message would go to one shard.
   *
   * A message without the field gets an empty key (the field is `Undefined`, which AWS IoT
   * serializes alone as an empty string), and Kinesis refuses a key shorter than 1
   * character: the message goes to the error action. AWS does not document this case for
   * the Kinesis action; it is the least favourable reading, under which nothing is lost.
   *
   * @see https://docs.aws.amazon.com/iot/latest/developerguide/iot-substitution-templates.html
   * @see https://docs.aws.amazon.com/iot/latest/developerguide/iot-sql-data-types.html
   * @see https://docs.aws.amazon.com/kinesis/latest/APIReference/API_PutRecord.html
   */
  readonly partitionKey: PartitionKey;

  /**
   * The topic rule's name: letters, digits and underscores, at most 128 characters. It is
   * the `RuleName` of the rule's metrics.
   *
   * @default - a name made from the construct's path
   */
  readonly ruleName?: string;

  /**
   * A description of the rule.
   * @default - none
   */
  readonly description?: string;

  /**
   * A bucket of yours for the messages the rule fails to put on the source: AWS IoT's
   * error action writes one JSON document per message (`base64OriginalPayload` and the
   * failure) under `iot-errors/<topic>/`. Give at most one of `failureBucket` and
   * `failureQueue`.
   *
   * @default - a new bucket: versioned, encrypted, TLS only, retained
   * @see https://docs.aws.amazon.com/iot/latest/developerguide/rule-error-handling.html
   */
  readonly failureBucket?: s3.IBucket;

  /**
   * An SQS standard queue for the messages the rule fails to put on the source, one error
   * document per message (the original payload base64-encoded inside). AWS IoT's SQS
   * action cannot send to a FIFO queue. The queue keeps messages 4 days unless you set its
   * retention (up to 14 days): read them before then.
   *
   * @default - none: a bucket keeps them (`failureBucket`, or a new one)
   */
  readonly failureQueue?: sqs.IQueue;

  /**
   * The KMS key of the new failure bucket.
   * @default - S3-managed keys
   */
  readonly failureEncryptionKey?: kms.IKey;

  /**
   * Where the new failure bucket's server access logs go.
   * @default - no access logs
   */
  readonly accessLogsBucket?: s3.IBucket;
}

/** What an `IotRuleProducer` takes: the rule's query, the key, and where failed messages go. */
export interface IotRuleProducerProps extends IotRuleProducerOptions, ProducerProps {}
