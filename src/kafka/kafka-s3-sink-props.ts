import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ConnectorCapacity } from './connector-capacity';
import { ConnectorPlugin } from './connector-plugin';
import type { KafkaBridge } from './kafka-bridge';
import { KafkaConnectVersion } from './kafka-connect-version';
import { KafkaTopic } from './kafka-topic';

/** How the sink reads records from Kafka and writes them to S3. */
export enum S3SinkFormat {
  /** Records are JSON without an embedded schema; objects are JSON lines (`.json`). */
  JSON = 'JSON',
  /** Records are kept byte for byte, whatever they hold; objects are their concatenation (`.bin`). */
  BYTES = 'BYTES',
}

/** What `KafkaBridge.addS3Sink()` takes: the sink's topics, plugin, lake and workers. */
export interface KafkaS3SinkProps {
  /**
   * The topics to copy to S3: one or more, all of this bridge.
   */
  readonly topics: KafkaTopic[];

  /**
   * The S3 sink connector plugin MSK Connect runs: a JAR or ZIP in S3 (such as Confluent's
   * `confluentinc-kafka-connect-s3` ZIP) or a custom plugin that exists. AWS ships none.
   * @see https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect-plugins.html
   */
  readonly plugin: ConnectorPlugin;

  /**
   * The plugin's connector class.
   * @default 'io.confluent.connect.s3.S3SinkConnector'
   */
  readonly connectorClass?: string;

  /**
   * The connector's name (1-128 letters, digits and hyphens). It also names its consumer
   * group, `connect-<name>`: renaming it starts reading again from the oldest record kept.
   * @default - a name unique in the account, from the construct path
   */
  readonly connectorName?: string;

  /**
   * The bucket the records go to.
   * @default - a new bucket: versioned, encrypted (with `encryptionKey` when given), TLS only, public access blocked, retained
   */
  readonly bucket?: s3.IBucket;

  /**
   * The folder the records go under, ending in '/' and not starting with one. Objects are
   * `<prefix><topic>/year=YYYY/month=MM/day=dd/<topic>+<partition>+<start offset>.<ext>`.
   * @default 'kafka/'
   */
  readonly prefix?: string;

  /**
   * What the records are and how they are written.
   * @default S3SinkFormat.JSON
   */
  readonly format?: S3SinkFormat;

  /**
   * Records per object: an object is written when a partition has this many (1 to 1,000,000).
   * @default 1000
   */
  readonly flushSize?: number;

  /**
   * The longest an object stays open, by the workers' clock: a quiet partition is written
   * at least this often (1 minute to 24 hours; the day folders hold at most a day).
   * @default Duration.minutes(10)
   */
  readonly rotateInterval?: Duration;

  /**
   * The workers: autoscaled or provisioned.
   * @default ConnectorCapacity.autoScaled(): 1 MCU per worker, 1 to 2 workers, scaling out over 80% CPU and in under 20%
   * @see https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect-capacity.html
   */
  readonly capacity?: ConnectorCapacity;

  /**
   * The Kafka Connect runtime of the workers.
   * @default KafkaConnectVersion.V3_7_X
   * @see https://docs.aws.amazon.com/msk/latest/developerguide/msk-connect.html
   */
  readonly kafkaConnectVersion?: KafkaConnectVersion;

  /**
   * How long the workers' logs are kept.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * KMS key for the new bucket's objects and the workers' log group.
   * @default - S3-managed keys for the new bucket, CloudWatch Logs' own encryption for the logs
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Where every alarm of the sink notifies, on ALARM and on OK.
   * @default - no action: the alarms are in the console only
   */
  readonly alarmAction?: cloudwatch.IAlarmAction;

  /**
   * Whether to create the alarms: errored tasks, no running task, high CPU.
   * @default true
   */
  readonly createAlarms?: boolean;
}

/** Properties of a `KafkaS3Sink` made directly rather than through `KafkaBridge.addS3Sink()`. */
export interface KafkaS3SinkConstructProps extends KafkaS3SinkProps {
  /** The bridge whose cluster holds the topics. */
  readonly bridge: KafkaBridge;
}
