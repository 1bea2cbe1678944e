/** A limit that can decide how many brokers (or partitions) a Kafka workload needs. */
export enum BrokerLimit {
  /** Standard: EBS throughput per broker, from AWS's sizing model. */
  EBS_THROUGHPUT = 'EBS_THROUGHPUT',
  /** Standard: network (NIC) throughput per broker, from AWS's sizing model. */
  NETWORK_THROUGHPUT = 'NETWORK_THROUGHPUT',
  /**
   * Standard: CPU kept under 60% in normal operation, estimated as the busier of disk and
   * network traffic against the size's figures. With AWS's factors (6.5 and 5.7, both above
   * 1 ÷ 0.6 of the traffic they scale) the throughput limits always bind first, so this one
   * shows in `utilisation` and in `brokerCountBelowPlan` at a fixed broker count.
   */
  CPU = 'CPU',
  /** Partitions per broker, replicas included (1,000 to 4,000 by size). */
  PARTITIONS = 'PARTITIONS',
  /** Standard: 16,384 GiB of EBS storage per broker. */
  STORAGE = 'STORAGE',
  /** At least one broker per Availability Zone and at least as many brokers as copies of a partition. */
  AVAILABILITY_ZONES = 'AVAILABILITY_ZONES',
  /** Express: sustained ingress per broker. */
  EXPRESS_INGRESS = 'EXPRESS_INGRESS',
  /** Express: sustained egress per broker. */
  EXPRESS_EGRESS = 'EXPRESS_EGRESS',
  /** Serverless: ingress per cluster. */
  SERVERLESS_CLUSTER_INGRESS = 'SERVERLESS_CLUSTER_INGRESS',
  /** Serverless: egress per cluster. */
  SERVERLESS_CLUSTER_EGRESS = 'SERVERLESS_CLUSTER_EGRESS',
  /** Serverless: ingress per partition. */
  SERVERLESS_PARTITION_INGRESS = 'SERVERLESS_PARTITION_INGRESS',
  /** Serverless: egress per partition. */
  SERVERLESS_PARTITION_EGRESS = 'SERVERLESS_PARTITION_EGRESS',
}
