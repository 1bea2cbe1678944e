import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { KafkaBridge } from './kafka-bridge';
import { KafkaWorkload } from '../planning/msk/kafka-workload';
import { IRegistrySchema } from '../schema/registry-schema';

/** How a topic that already exists is described to `KafkaBridge.topic()`. */
export interface ExistingTopicProps {
  /**
   * How long the topic keeps records (`retention.ms`): readers derive their lag alarms
   * and `maxRecordAge` from it.
   * @default Duration.days(7) - MSK's default `log.retention.hours` of 168
   */
  readonly retention?: Duration;

  /**
   * The topic's registered schema: `grantRead()` and `grantWrite()` include it.
   * @default - none
   */
  readonly schema?: IRegistrySchema;

  /**
   * The topic's partition count: created with it (`addTopic()`; it can only grow), or
   * as it exists (`topic()`), for the bridge's partitions-per-broker check.
   * @default - `addTopic()`: planned from `workload` and the readers' parallelism; `topic()`: unknown, not counted
   */
  readonly partitions?: number;

  /**
   * Copies of each partition, on as many brokers (3 for Express); changing it replaces the topic.
   * @default - 3, or the broker count when smaller
   */
  readonly replicationFactor?: number;
}

/** Properties of a topic created by `KafkaBridge.addTopic()`. */
export interface KafkaTopicProps extends ExistingTopicProps {
  /**
   * The throughput of this topic alone: its partitions are planned from it (enough for
   * 5 MiB/s in and 10 MiB/s out per partition per consumer group, a multiple of the broker count).
   * @default - the bridge's workload, which counts all topics together
   */
  readonly workload?: KafkaWorkload;

  /**
   * Topic-level Kafka settings besides `retention.ms`, e.g. `{ 'cleanup.policy': 'compact' }`.
   * @default - the cluster's settings
   */
  readonly configs?: { [key: string]: string };

  /**
   * What happens to the topic, and every record in it, when it is removed from the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/** Properties of a `KafkaTopic` made directly rather than through `KafkaBridge.addTopic()` or `topic()`. */
export interface KafkaTopicConstructProps extends KafkaTopicProps {
  /** The bridge whose cluster holds the topic. */
  readonly bridge: KafkaBridge;

  /** The topic's name. */
  readonly topicName: string;

  /**
   * The topic exists already: name it, do not create it (`workload`, `configs` and `removalPolicy` do not apply).
   * @default false
   */
  readonly existing?: boolean;
}
