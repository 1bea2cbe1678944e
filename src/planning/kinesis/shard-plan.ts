import { CapacityLimit } from './capacity-limit';
import { StreamWorkload } from './stream-workload';
import { PlanWarning } from '../plan-warning';
import { KinesisCostEstimate } from './kinesis-cost-estimate';

/**
 * How many shards a workload needs, why, how full they run, and what they cost.
 *
 * Produced by `ShardSizing.plan()`; `StreamingIngest` exposes the plan of its stream.
 */
export interface ShardPlan {
  /** The workload planned for, with every default filled in. */
  readonly workload: StreamWorkload;
  /** Shards the plan is evaluated at: the required count, or the count the user fixed. */
  readonly shardCount: number;
  /** Shards the workload needs: the largest of the three limits below, rounded up, at least 1. */
  readonly requiredShardCount: number;
  /** The limit that decides `requiredShardCount`. */
  readonly bindingLimit: CapacityLimit;

  /** Shards needed by write bytes alone (peak × (1 + headroom) ÷ 1 MiB/s), unrounded. */
  readonly shardsForWriteBytes: number;
  /**
   * Shards needed by write records alone (peak × (1 + headroom) ÷ 1,000/s), unrounded.
   * @default - unknown: the workload gives no record rate or size
   */
  readonly shardsForWriteRecords?: number;
  /** Shards needed by shared reads alone (consume × (1 + headroom) ÷ 2 MiB/s), unrounded. */
  readonly shardsForReadBytes: number;

  /** Peak write bytes as a fraction of what `shardCount` shards accept (1 = full). */
  readonly writeBytesUtilisation: number;
  /**
   * Peak write records as a fraction of what `shardCount` shards accept.
   * @default - unknown: the workload gives no record rate or size
   */
  readonly writeRecordsUtilisation?: number;
  /** Peak polling reads as a fraction of the shared read capacity of `shardCount` shards. */
  readonly readBytesUtilisation: number;

  /**
   * Monthly cost in provisioned and on-demand mode; `cost.monthlyUsd` is that of the
   * `capacityMode` planned for, or else of the cheaper mode.
   */
  readonly cost: KinesisCostEstimate;
  /**
   * Risks in the plan that need a decision, each with a stable id: too few shards
   * (`shardCountBelowPlan`), too many polling consumers (`tooManyPollingConsumers`).
   * `StreamingIngest` raises them as acknowledgeable warnings.
   */
  readonly warnings: PlanWarning[];
  /** The plan explained in a few lines, for logs and reports. */
  readonly summary: string;
}
