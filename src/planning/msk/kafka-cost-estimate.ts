import { CostEstimate } from '../cost/cost-estimate';

/**
 * Monthly cost of an MSK provisioned cluster at its stated peak load.
 *
 * A `CostEstimate` (total, billed items, notes) with its parts alongside: broker-hours,
 * Standard EBS storage, Express data in. Figures assume the brokers run all month
 * (730 hours); storage is what the plan provisions, headroom included.
 *
 * @see https://aws.amazon.com/msk/pricing/
 */
export interface KafkaCostEstimate extends CostEstimate {
  /** Brokers × 730 hours × the instance type's hourly price, USD per month. */
  readonly brokerHoursMonthlyUsd: number;
  /** Standard: provisioned EBS storage, GB-months × price, USD per month (0 for Express). */
  readonly storageMonthlyUsd: number;
  /** Express: data written to the cluster, GB × price, USD per month (0 for Standard). */
  readonly dataInMonthlyUsd: number;
}
