import { ShardPlan } from '../kinesis/shard-plan';

/**
 * The same workload planned on Kinesis Data Streams, to compare with the cluster.
 *
 * Consumer groups become polling consumers, retention is held within Kinesis's 24 to
 * 8,760 hours, and the Kinesis cost is that of its cheaper capacity mode.
 */
export interface KinesisComparison {
  /** The Kinesis plan of the same workload. */
  readonly kinesisPlan: ShardPlan;
  /** Kinesis, USD per month (its cheaper capacity mode). */
  readonly kinesisMonthlyUsd: number;
  /** The MSK plan, USD per month. */
  readonly kafkaMonthlyUsd: number;
  /** Whether Kinesis costs less than the cluster (MSK wins a tie). */
  readonly kinesisIsCheaper: boolean;
  /**
   * Which is cheaper and why, then what the Kinesis figure leaves out: a Kafka workload
   * states no record rate or size, so what Kinesis bills per record is not priced.
   */
  readonly reason: string;
}
