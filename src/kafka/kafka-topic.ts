import { Duration, Lazy, RemovalPolicy } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as msk from 'aws-cdk-lib/aws-msk';
import { Construct } from 'constructs';
import type { KafkaBridge } from './kafka-bridge';
import { checkConsumerGroupId, checkTopicName } from './kafka-names';
import { KafkaReaderBinding } from './kafka-reader-binding';
import { KafkaTopicConstructProps } from './kafka-topic-props';
import { KafkaWriterBinding } from './kafka-writer-binding';
import { topicPartitions } from './topic-partitions';
import { checkRange } from '../common/checks';
import { fail, InputError, withPath } from '../common/input-error';
import { ShardPlan } from '../planning/kinesis/shard-plan';
import { StreamWorkload } from '../planning/kinesis/stream-workload';
import { KafkaBrokerType } from '../planning/msk/kafka-broker-type';
import { MAX_PARTITIONS } from '../planning/msk/resolved-kafka-workload';
import { IRegistrySchema } from '../schema/registry-schema';
import { StreamReadMode } from '../source/read-mode';
import { IReaderBinding } from '../source/reader-binding';
import { StreamReader, StreamReaderOptions } from '../source/stream-reader';
import { IStreamSource } from '../source/stream-source';
import { StreamWriter, StreamWriterOptions } from '../source/stream-writer';
import { IWriterBinding } from '../source/writer-binding';
import { checkWriter, recordWriter } from '../source/writer-checks';

/** MSK's default `log.retention.hours`: 168. */
const DEFAULT_RETENTION = Duration.days(7);

/**
 * A Kafka topic of a `KafkaBridge`: a source that `ShardConsumer`, `ArchiveToLake` and
 * every other reader read like a Kinesis stream. Each reader is its own consumer group,
 * named after the reader.
 *
 * Made by `KafkaBridge.addTopic()` (created with `AWS::MSK::Topic`) or
 * `KafkaBridge.topic()` (a topic that exists).
 */
export class KafkaTopic extends Construct implements IStreamSource {
  /** The topic's name. */
  public readonly topicName: string;
  /** ARN of the topic, as IAM access control names it. */
  public readonly topicArn: string;
  /** The bridge whose cluster holds the topic. */
  public readonly bridge: KafkaBridge;
  /** How long the topic keeps records. */
  public readonly retention: Duration;
  /** Copies of each partition. */
  public readonly replicationFactor: number;
  /**
   * The topic's registered schema.
   * @default - none
   */
  public readonly schema?: IRegistrySchema;
  /** A name for the source in messages and plans. */
  public readonly sourceName: string;
  /**
   * A Kinesis workload: none for a Kafka topic, whose throughput the bridge's `KafkaWorkload` states.
   * @default - none
   */
  public readonly workload?: StreamWorkload;
  /**
   * A Kinesis shard plan: none for a Kafka topic; see `KafkaBridge.plan`.
   * @default - none
   */
  public readonly plan?: ShardPlan;
  /**
   * The `AWS::MSK::Topic` resource.
   * @default - none: the topic exists
   */
  public readonly resource?: msk.CfnTopic;

  private readonly readerList: StreamReader[] = [];
  private readonly writerList: StreamWriter[] = [];
  private readonly basePartitions?: number;

  constructor(scope: Construct, id: string, init: KafkaTopicConstructProps) {
    super(scope, id);
    const { bridge } = init;
    this.bridge = bridge;
    this.topicName = init.topicName;
    withPath(this, () => checkTopicName(this.topicName));
    bridge._registerTopic(this, !init.existing);
    this.sourceName = `Kafka topic ${this.topicName} of ${bridge.node.path}`;
    this.retention = init.retention ?? init.workload?.retention ?? bridge.plan?.workload.retention ?? DEFAULT_RETENTION;
    this.schema = init.schema;
    this.replicationFactor = withPath(this, () => replicationFactorOf(bridge, init.replicationFactor));
    this.topicArn = bridge._arns.topic(this.topicName);
    if (init.existing) {
      this.basePartitions = init.partitions;
      return;
    }
    this.basePartitions = withPath(this, () => topicPartitions(init, bridge));
    const configs: { [key: string]: string } = { 'retention.ms': String(this.retention.toMilliseconds()), ...init.configs };
    const topic = new msk.CfnTopic(this, 'Resource', {
      clusterArn: bridge.clusterArn,
      topicName: this.topicName,
      partitionCount: Lazy.number({ produce: () => this.partitionCount }),
      replicationFactor: this.replicationFactor,
      // Kafka's properties format, base64 (MSK's DescribeTopic shows `compression.type=producer\nretention.ms=…`).
      configs: Buffer.from(Object.entries(configs).map(([k, v]) => `${k}=${v}`).join('\n')).toString('base64'),
    });
    topic.applyRemovalPolicy(init.removalPolicy ?? RemovalPolicy.RETAIN);
    this.resource = topic;
  }

  /** The readers bound so far. */
  public get readers(): StreamReader[] {
    return [...this.readerList];
  }

  /** The writers (producers) bound so far. */
  public get writers(): StreamWriter[] {
    return [...this.writerList];
  }

  /**
   * Registers a writer. None of the library's managed producers can write to a bridge's
   * topic (its cluster accepts IAM clients only); each says why and what to do instead
   * when it asks for its target.
   */
  public bindWriter(scope: Construct, options: StreamWriterOptions): IWriterBinding {
    checkWriter(scope, options, this.writerList);
    this.writerList.push(recordWriter(scope, options));
    return new KafkaWriterBinding(this, scope);
  }

  /**
   * Partitions of the topic: the count given or planned, and at least the largest
   * parallelism of its readers (a partition is read by one member of a group at a time).
   * 0 for an existing topic whose count was not given.
   */
  public get partitionCount(): number {
    const parallelism = Math.max(0, ...this.readerList.map(r => r.parallelism ?? 0));
    return Math.max(this.basePartitions ?? 0, parallelism);
  }

  /**
   * Registers a reader, as its own consumer group (named after the reader), and returns
   * what it reads through. Kafka has no enhanced fan-out: every group reads every partition.
   */
  public bindReader(scope: Construct, options: StreamReaderOptions): IReaderBinding {
    const readMode = options.readMode ?? StreamReadMode.POLLING;
    if (readMode === StreamReadMode.ENHANCED_FAN_OUT) {
      fail(scope, `enhanced fan-out (\`enhancedFanOut\`, or \`readMode\` ENHANCED_FAN_OUT) is a Kinesis feature, and ${this.sourceName} `
        + 'has none: each reader is its own consumer group and reads every partition at the brokers\' full rate. Read by polling (leave out `enhancedFanOut`)');
    }
    const groupId = options.readerName;
    withPath(scope, () => checkConsumerGroupId(groupId, '`readerName` (the reader\'s consumer group id on a Kafka topic)'));
    withPath(scope, () => checkRange({ name: 'parallelism' }, options.parallelism, 1, MAX_PARTITIONS, true));
    this.readerList.push({
      readerName: groupId,
      readMode,
      path: scope.node.path,
      latencyObjective: options.latencyObjective,
      lagBackstop: options.lagBackstop,
      maxRecordAge: options.maxRecordAge,
      parallelism: options.parallelism,
    });
    return new KafkaReaderBinding(this, groupId, scope);
  }

  /**
   * Permits reading the topic's records in any consumer group of the cluster, and the
   * registered schema. Use `grantReadAs()` to name the group.
   */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this._grantRead(grantee, '*', true);
  }

  /**
   * Permits reading the topic's records as `consumerGroup`, and the registered schema:
   * `kafka-cluster:Connect` and `DescribeCluster` on the cluster, `DescribeTopic` and
   * `ReadData` on the topic, `DescribeGroup` and `AlterGroup` (committing offsets) on the group.
   */
  public grantReadAs(grantee: iam.IGrantable, consumerGroup: string): iam.Grant {
    withPath(this, () => checkConsumerGroupId(consumerGroup, '`consumerGroup`'));
    return this._grantRead(grantee, consumerGroup, true);
  }

  /**
   * Reading as `consumerGroup` (`*`: any), with the schema first when asked for.
   * @internal
   */
  public _grantRead(grantee: iam.IGrantable, consumerGroup: string, includeSchema: boolean): iam.Grant {
    const arns = this.bridge._arns;
    const grant = this.bridge.grantConnect(grantee)
      .combine(iam.Grant.addToPrincipal({ grantee, actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:ReadData'], resourceArns: [this.topicArn] }))
      .combine(iam.Grant.addToPrincipal({
        grantee, actions: ['kafka-cluster:DescribeGroup', 'kafka-cluster:AlterGroup'], resourceArns: [arns.group(consumerGroup)],
      }));
    const schemaGrant = includeSchema ? this.schema?.grantRead(grantee) : undefined;
    return schemaGrant ? schemaGrant.combine(grant) : grant;
  }

  /**
   * Permits writing records to the topic, idempotently (Kafka producers are idempotent by
   * default since 3.0), and serializing them with the registered schema.
   */
  public grantWrite(grantee: iam.IGrantable): iam.Grant {
    const grant = this.bridge.grantConnect(grantee)
      .combine(iam.Grant.addToPrincipal({ grantee, actions: ['kafka-cluster:WriteDataIdempotently'], resourceArns: [this.bridge.clusterArn] }))
      .combine(iam.Grant.addToPrincipal({
        grantee, actions: ['kafka-cluster:DescribeTopic', 'kafka-cluster:WriteData'], resourceArns: [this.topicArn],
      }));
    const schemaGrant = this.schema?.grantWrite(grantee);
    return schemaGrant ? schemaGrant.combine(grant) : grant;
  }
}

/** 3, or the broker count when smaller; Express brokers take exactly 3. */
function replicationFactorOf(bridge: KafkaBridge, given: number | undefined): number {
  const brokers = bridge.brokerCount;
  const factor = given ?? Math.min(3, brokers ?? 3);
  if (bridge.brokerType === KafkaBrokerType.EXPRESS && factor !== 3) {
    throw new InputError(`\`replicationFactor\` must be 3 on Express brokers, got ${factor}`);
  }
  if (brokers !== undefined && (factor < 1 || factor > brokers || !Number.isInteger(factor))) {
    throw new InputError(`\`replicationFactor\` must be an integer between 1 and the ${brokers} brokers, got ${factor}`);
  }
  return factor;
}
