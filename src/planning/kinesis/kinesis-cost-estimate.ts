import { StreamCapacityMode } from './stream-capacity-mode';
import { CostEstimate } from '../cost/cost-estimate';

/**
 * Monthly cost of a stream at its stated peak load, in both capacity modes.
 *
 * A `CostEstimate` whose `monthlyUsd` and `items` price one mode (`capacityMode`), with
 * the totals and parts of both modes alongside, so the cheaper one can be chosen.
 * Produced by `CostModel.estimate()` and in `ShardPlan.cost`.
 *
 * Figures assume the peak load runs all month (730 hours), so they are an upper bound
 * for a workload with quiet hours.
 */
export interface KinesisCostEstimate extends CostEstimate {
  /**
   * The capacity mode `monthlyUsd` and `items` price: the mode the plan was told the
   * stream uses, or else `recommendedMode`.
   */
  readonly capacityMode: StreamCapacityMode;

  /** Total monthly cost in provisioned mode, USD. */
  readonly provisionedMonthlyUsd: number;
  /** Total monthly cost in on-demand mode, USD. */
  readonly onDemandMonthlyUsd: number;
  /** The cheaper capacity mode at the stated load (provisioned when both cost the same). */
  readonly recommendedMode: StreamCapacityMode;

  /** Provisioned: shard-hours, USD per month. */
  readonly shardHoursMonthlyUsd: number;
  /**
   * Provisioned: PUT payload units (25 KB each), USD per month.
   * @default - not priced: the workload gives neither `averageRecordBytes` nor `ingestRecordsPerSecond`
   */
  readonly putPayloadUnitsMonthlyUsd?: number;
  /** Provisioned: retention beyond 24 hours, USD per month. */
  readonly extendedRetentionMonthlyUsd: number;
  /** On-demand: stream-hours, USD per month. */
  readonly onDemandStreamHoursMonthlyUsd: number;
  /** On-demand: data written, USD per month. */
  readonly onDemandIngestMonthlyUsd: number;
  /** On-demand: data read by polling consumers, USD per month. */
  readonly onDemandRetrievalMonthlyUsd: number;
  /** Provisioned: enhanced fan-out consumer-shard-hours and data, USD per month. */
  readonly enhancedFanOutMonthlyUsd: number;
  /** On-demand: enhanced fan-out data, USD per month. */
  readonly onDemandEnhancedFanOutMonthlyUsd: number;
}
