import { BrokerLimit } from './broker-limit';
import { KafkaWorkload } from './kafka-workload';
import { LimitUtilisation } from './limit-utilisation';
import { PlanWarning } from '../plan-warning';

/**
 * How a workload fits MSK Serverless's quotas. Produced by `BrokerSizing.planServerless()`.
 *
 * Serverless quotas (about 200 MiB/s in and 400 out per cluster, 5 and 10 MiB/s per
 * partition) come from an older quota page; current values are unconfirmed.
 *
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/limits.html
 */
export interface ServerlessPlan {
  /** The workload planned for, with every default filled in (`partitions` as planned). */
  readonly workload: KafkaWorkload;
  /** Partitions of all topics: the workload's, or enough for the per-partition quotas. */
  readonly partitions: number;
  /** Partitions the workload needs for the per-partition quotas (with headroom). */
  readonly requiredPartitions: number;
  /** The quota the workload comes closest to (or exceeds most). */
  readonly bindingLimit: BrokerLimit;
  /** Each quota's use at the stated peak. */
  readonly utilisation: LimitUtilisation[];
  /** Whether the workload, with headroom, fits every quota. */
  readonly fits: boolean;
  /** Risks: `serverlessQuotaExceeded`, `partitionsBelowPlan`. */
  readonly warnings: PlanWarning[];
  /** The plan explained in a few lines. */
  readonly summary: string;
}
