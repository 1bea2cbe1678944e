/**
 * What one broker of each size can carry, as the planner sizes against.
 *
 * Figures from shared/AWS-FACTS.md (MSK section):
 * - Standard EBS / network MiB/s per broker: AWS's own sizing script (the MSK sizing and
 *   pricing spreadsheet behind "Best practices for right-sizing your Apache Kafka clusters").
 * - Express sustained in / out per broker: the Express broker documentation (MB/s, taken
 *   here as MiB/s, which errs on the safe side by under 5%).
 * - Partitions per broker, replicas included: large–xlarge 1,000, 2xlarge 2,000, 4xlarge
 *   and up 4,000 (the Express sizes are assumed to follow the same table).
 *
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/bestpractices.html
 * @see https://aws.amazon.com/blogs/big-data/best-practices-for-right-sizing-your-apache-kafka-clusters-to-optimize-performance-and-cost/
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/msk-broker-types-express.html
 */
export interface BrokerCapacity {
  /** Standard: EBS throughput, MiB/s. */
  readonly ebsMibPerSecond?: number;
  /** Standard: network throughput, MiB/s. */
  readonly networkMibPerSecond?: number;
  /** Express: sustained ingress, MiB/s. */
  readonly ingressMibPerSecond?: number;
  /** Express: sustained egress, MiB/s. */
  readonly egressMibPerSecond?: number;
  /** Partitions per broker, replicas included. */
  readonly maxPartitions: number;
}

export const BROKER_CAPACITY: Readonly<Record<string, BrokerCapacity>> = {
  'kafka.m5.large': { ebsMibPerSecond: 81, networkMibPerSecond: 96, maxPartitions: 1000 },
  'kafka.m5.xlarge': { ebsMibPerSecond: 144, networkMibPerSecond: 160, maxPartitions: 1000 },
  'kafka.m5.2xlarge': { ebsMibPerSecond: 250, networkMibPerSecond: 320, maxPartitions: 2000 },
  'kafka.m5.4xlarge': { ebsMibPerSecond: 594, networkMibPerSecond: 640, maxPartitions: 4000 },
  'kafka.m7g.large': { ebsMibPerSecond: 79, networkMibPerSecond: 117, maxPartitions: 1000 },
  'kafka.m7g.xlarge': { ebsMibPerSecond: 156, networkMibPerSecond: 234, maxPartitions: 1000 },
  'kafka.m7g.2xlarge': { ebsMibPerSecond: 312, networkMibPerSecond: 469, maxPartitions: 2000 },
  'kafka.m7g.4xlarge': { ebsMibPerSecond: 625, networkMibPerSecond: 937, maxPartitions: 4000 },
  'express.m7g.large': { ingressMibPerSecond: 15.6, egressMibPerSecond: 31.2, maxPartitions: 1000 },
  'express.m7g.xlarge': { ingressMibPerSecond: 31.2, egressMibPerSecond: 62.5, maxPartitions: 1000 },
  'express.m7g.2xlarge': { ingressMibPerSecond: 62.5, egressMibPerSecond: 125, maxPartitions: 2000 },
  'express.m7g.4xlarge': { ingressMibPerSecond: 124.9, egressMibPerSecond: 249.8, maxPartitions: 4000 },
  'express.m7g.8xlarge': { ingressMibPerSecond: 250, egressMibPerSecond: 500, maxPartitions: 4000 },
  'express.m7g.12xlarge': { ingressMibPerSecond: 375, egressMibPerSecond: 750, maxPartitions: 4000 },
  'express.m7g.16xlarge': { ingressMibPerSecond: 500, egressMibPerSecond: 1000, maxPartitions: 4000 },
};

/**
 * MSK limits and AWS's sizing-model factors.
 *
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/limits.html
 */
export const MskLimits = {
  /**
   * AWS's sizing model: cluster EBS traffic = 6.5 × ingress at replication factor 3 (every
   * replica written, lagging consumers reading from disk, rebalancing, one AZ down).
   */
  EBS_FACTOR_AT_RF3: 6.5,
  /** AWS's sizing model: cluster network traffic = 5.7 × ingress at replication factor 3 and one consumer group. */
  NETWORK_FACTOR_AT_RF3: 5.7,
  /** CPU kept under 60% in normal operation (AWS's CpuUser + CpuSystem alarm threshold). */
  MAX_CPU: 0.6,
  /** EBS storage per Standard broker, GiB. */
  MIN_STORAGE_GIB: 1,
  MAX_STORAGE_GIB: 16384,
  /** Brokers per cluster in KRaft mode; ZooKeeper-mode clusters take 30. */
  MAX_BROKERS: 60,
  MAX_BROKERS_ZOOKEEPER: 30,
  /** Express: replication factor and AZ count are fixed. */
  EXPRESS_REPLICATION_FACTOR: 3,
  EXPRESS_AVAILABILITY_ZONES: 3,
  /** Serverless quotas, MiB/s (an older quota page; current values unconfirmed). */
  SERVERLESS_CLUSTER_INGRESS_MIB_PER_SECOND: 200,
  SERVERLESS_CLUSTER_EGRESS_MIB_PER_SECOND: 400,
  SERVERLESS_PARTITION_INGRESS_MIB_PER_SECOND: 5,
  SERVERLESS_PARTITION_EGRESS_MIB_PER_SECOND: 10,
} as const;
