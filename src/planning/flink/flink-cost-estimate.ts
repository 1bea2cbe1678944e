import { CostEstimate } from '../cost/cost-estimate';

/**
 * Monthly cost of a Managed Service for Apache Flink application.
 *
 * A `CostEstimate` (total, billed items, notes) with its parts alongside. Figures assume
 * the application runs all month (730 hours) at its configured parallelism; `maxMonthlyUsd`
 * is the bound when autoscaling holds it at its ceiling all month.
 *
 * Running application storage (50 GB per KPU) is always priced in
 * `runningStorageMonthlyUsd`, but enters `monthlyUsd` and `items` only when the plan was
 * told to include it: AWS's sources disagree on whether it is billed on top of the KPUs.
 *
 * @see https://aws.amazon.com/managed-service-apache-flink/pricing/
 */
export interface FlinkCostEstimate extends CostEstimate {
  /** Billed KPUs (the job's and the orchestration KPU) × 730 hours × the KPU-hour price, USD per month. */
  readonly kpuHoursMonthlyUsd: number;

  /**
   * Running application storage, 50 GB per job KPU × the GB-month price, USD per month,
   * whether or not `monthlyUsd` includes it (`runningStorageIncluded`).
   */
  readonly runningStorageMonthlyUsd: number;

  /** Whether `monthlyUsd` and `items` include the running application storage. */
  readonly runningStorageIncluded: boolean;

  /**
   * Monthly cost at the autoscaling ceiling (`FlinkPlan.maxKpusWithAutoScaling` and their
   * storage, when included), USD: the worst case if the application stays scaled up all
   * month. Equals `monthlyUsd` when autoscaling is off.
   */
  readonly maxMonthlyUsd: number;
}
