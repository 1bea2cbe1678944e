import { Duration, Token } from 'aws-cdk-lib';
import { ConnectorCapacity } from './connector-capacity';
import { KafkaConnectVersion } from './kafka-connect-version';
import { S3SinkFormat } from './kafka-s3-sink-props';
import { checkRange } from '../common/checks';
import { InputError } from '../common/input-error';

/** Confluent's S3 sink: what the reference document runs on MSK Connect. */
export const DEFAULT_CONNECTOR_CLASS = 'io.confluent.connect.s3.S3SinkConnector';
const DEFAULT_PREFIX = 'kafka/';
const DEFAULT_FLUSH_SIZE = 1000;
const FLUSH_SIZE = { min: 1, max: 1_000_000 };
const DEFAULT_ROTATE = Duration.minutes(10);
/** A quiet partition is written at least every minute at most, at least once a day (the folders are daily). */
const ROTATE_MINUTES = { min: 1, max: 24 * 60 };
/** S3 keys the library writes: S3-safe characters, each folder ending in '/'. */
const PREFIX = /^([A-Za-z0-9_.=-]+\/)+$/;
/** Connector names: they become ARNs, a consumer group and topic names. */
const CONNECTOR_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,127}$/;
/** Objects go in day folders, as the lake's Firehose path lays them out (`year=…/month=…/day=…/`). */
const PATH_FORMAT = "'year'=YYYY/'month'=MM/'day'=dd";
const ONE_DAY_MS = 24 * 60 * 60 * 1000;

/** What each format reads with and writes as. */
const FORMATS: Record<S3SinkFormat, { keyConverter: string; valueConverter: string; formatClass: string; schemasEnable?: string }> = {
  [S3SinkFormat.JSON]: {
    keyConverter: 'org.apache.kafka.connect.storage.StringConverter',
    valueConverter: 'org.apache.kafka.connect.json.JsonConverter',
    // Plain JSON records: no {"schema": …, "payload": …} envelope.
    schemasEnable: 'false',
    formatClass: 'io.confluent.connect.s3.format.json.JsonFormat',
  },
  [S3SinkFormat.BYTES]: {
    keyConverter: 'org.apache.kafka.connect.converters.ByteArrayConverter',
    valueConverter: 'org.apache.kafka.connect.converters.ByteArrayConverter',
    formatClass: 'io.confluent.connect.s3.format.bytearray.ByteArrayFormat',
  },
};

/** What the sink was given, before it is checked. */
export interface S3SinkInput {
  readonly connectorName: string;
  readonly connectorClass?: string;
  readonly prefix?: string;
  readonly format?: S3SinkFormat;
  readonly flushSize?: number;
  readonly rotateInterval?: Duration;
  readonly capacity?: ConnectorCapacity;
  readonly kafkaConnectVersion?: KafkaConnectVersion;
}

/** The sink's settings, checked and completed. */
export interface S3SinkSettings {
  readonly connectorName: string;
  /** Kafka Connect names a sink's consumer group `connect-<connector name>`. */
  readonly consumerGroup: string;
  readonly connectorClass: string;
  readonly prefix: string;
  readonly format: S3SinkFormat;
  readonly flushSize: number;
  readonly rotateInterval: Duration;
  readonly capacity: ConnectorCapacity;
  readonly kafkaConnectVersion: KafkaConnectVersion;
}

/** Checks and completes what the sink was given; pure, no constructs. */
export function s3SinkSettings(input: S3SinkInput): S3SinkSettings {
  const connectorName = input.connectorName;
  if (!Token.isUnresolved(connectorName) && !CONNECTOR_NAME.test(connectorName)) {
    throw new InputError(`\`connectorName\` must be 1-128 letters, digits and hyphens, starting with a letter or digit, got '${connectorName}'`);
  }
  const prefix = input.prefix ?? DEFAULT_PREFIX;
  if (!Token.isUnresolved(prefix) && !PREFIX.test(prefix)) {
    throw new InputError('`prefix` must be folders of letters, digits and _ . = -, each ending in \'/\', with no leading \'/\' '
      + `(e.g. 'kafka/' or 'lake/raw/'), got '${prefix}'`);
  }
  const flushSize = input.flushSize ?? DEFAULT_FLUSH_SIZE;
  checkRange({ name: 'flushSize', unit: 'records' }, flushSize, FLUSH_SIZE.min, FLUSH_SIZE.max, true);
  const rotateInterval = input.rotateInterval ?? DEFAULT_ROTATE;
  if (!rotateInterval.isUnresolved()) {
    const minutes = rotateInterval.toMilliseconds() / 60_000;
    if (minutes < ROTATE_MINUTES.min || minutes > ROTATE_MINUTES.max) {
      throw new InputError(`\`rotateInterval\` must be between 1 minute and 24 hours, got ${rotateInterval.toHumanString()}`);
    }
  }
  const kafkaConnectVersion = input.kafkaConnectVersion ?? KafkaConnectVersion.V3_7_X;
  if (!kafkaConnectVersion.isWellFormed) {
    throw new InputError(`\`kafkaConnectVersion\` must be an MSK Connect version such as '3.7.x' or '2.7.1', got '${kafkaConnectVersion.version}'`);
  }
  return {
    connectorName,
    consumerGroup: `connect-${connectorName}`,
    connectorClass: input.connectorClass ?? DEFAULT_CONNECTOR_CLASS,
    prefix,
    format: input.format ?? S3SinkFormat.JSON,
    flushSize,
    rotateInterval,
    capacity: input.capacity ?? ConnectorCapacity.autoScaled(),
    kafkaConnectVersion,
  };
}

/** The connector's configuration for Confluent's S3 sink (`topics.dir` is the prefix without its last '/'). */
export function s3SinkConnectorConfiguration(
  settings: S3SinkSettings, topicNames: string[], bucketName: string, region: string): Record<string, string> {
  const format = FORMATS[settings.format];
  return {
    'connector.class': settings.connectorClass,
    // Autoscaled connectors have tasks.max overridden by MSK Connect (workers × MCUs); provisioned ones use this.
    'tasks.max': String(settings.capacity.maxWorkerCount * settings.capacity.mcuCount),
    'topics': topicNames.join(','),
    's3.region': region,
    's3.bucket.name': bucketName,
    'topics.dir': settings.prefix.slice(0, -1),
    'storage.class': 'io.confluent.connect.s3.storage.S3Storage',
    'format.class': format.formatClass,
    'flush.size': String(settings.flushSize),
    // Wall-clock rotation: a quiet partition is still written, so the lake lags by at most this.
    'rotate.schedule.interval.ms': String(settings.rotateInterval.toMilliseconds()),
    'partitioner.class': 'io.confluent.connect.storage.partitioner.TimeBasedPartitioner',
    'path.format': PATH_FORMAT,
    'partition.duration.ms': String(ONE_DAY_MS),
    'timestamp.extractor': 'Record',
    'locale': 'en-US',
    'timezone': 'UTC',
    // A tombstone (null value) has nothing to write: skip it rather than stop the task on it.
    'behavior.on.null.values': 'ignore',
  };
}

/** The workers' properties: the converters of the format (Kafka's properties format). */
export function s3SinkWorkerProperties(format: S3SinkFormat): string {
  const f = FORMATS[format];
  const lines = [
    `key.converter=${f.keyConverter}`,
    `value.converter=${f.valueConverter}`,
    ...(f.schemasEnable ? [`value.converter.schemas.enable=${f.schemasEnable}`] : []),
  ];
  return lines.join('\n') + '\n';
}
