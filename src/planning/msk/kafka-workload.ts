import { Duration } from 'aws-cdk-lib';

/**
 * What a Kafka cluster must carry at its peak: the numbers the broker count, storage,
 * partitions and cost are derived from.
 *
 * Throughputs are in MiB/s (1 MiB = 1,048,576 bytes), as in `StreamWorkload`, so the same
 * figures can be planned on Kinesis and on MSK and compared.
 */
export interface KafkaWorkload {
  /**
   * Peak write throughput of all producers together, in MiB/s, before replication.
   *
   * @see https://docs.aws.amazon.com/msk/latest/developerguide/bestpractices.html
   */
  readonly ingestMibPerSecond: number;

  /**
   * Number of consumer groups that each read every record.
   *
   * Each group adds its reads to the brokers' network traffic. `0` is allowed for a
   * cluster that is only written to (e.g. by a producer ahead of its readers).
   *
   * @default 1
   */
  readonly consumerGroups?: number;

  /**
   * Peak read throughput of all consumer groups together, in MiB/s.
   *
   * @default - `ingestMibPerSecond` × `consumerGroups`: every group reads every record
   */
  readonly consumeMibPerSecond?: number;

  /**
   * How long the brokers keep records (the topic's `retention.ms`). Storage per broker is
   * ingress × retention × replication factor ÷ brokers.
   *
   * @default Duration.days(7)
   */
  readonly retention?: Duration;

  /**
   * Partitions of all topics together, before replication.
   *
   * @default - planned: enough for 5 MiB/s written and 10 MiB/s read per group per partition
   *   (the Serverless per-partition quotas), at least one per broker, a multiple of the broker count
   */
  readonly partitions?: number;

  /**
   * Copies kept of every partition. Express brokers always keep 3.
   *
   * @default 3
   */
  readonly replicationFactor?: number;

  /**
   * Fraction added on top of every peak figure and of the stored bytes before sizing,
   * e.g. `0.25` plans for 25% more than stated. Between 0 and 10.
   *
   * @default 0
   */
  readonly headroom?: number;
}
