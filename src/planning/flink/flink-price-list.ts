/**
 * Managed Service for Apache Flink list prices in USD, used by `FlinkSizing`.
 *
 * Every field defaults to the us-east-1 list price; override the ones that differ in your
 * Region or contract, as with the Kinesis `PriceList` and `KafkaPriceList`. Prices change:
 * check the pricing page before budgeting.
 *
 * @see https://aws.amazon.com/managed-service-apache-flink/pricing/
 */
export interface FlinkPriceList {
  /**
   * Price of one Kinesis Processing Unit (1 vCPU, 4 GB) for one hour, the orchestration
   * KPU included.
   *
   * Source: the pricing page's us-east-1 examples ($0.11 per KPU-hour).
   *
   * @default 0.11
   */
  readonly kpuHourUsd?: number;

  /**
   * Price of one GB of running application storage for one month (50 GB come with each KPU).
   *
   * Source: the pricing page's us-east-1 examples ($0.10 per GB-month). Whether it is billed
   * on top of the KPU-hours is disputed: see `FlinkPlanOptions.includeRunningStorage`.
   *
   * @default 0.10
   */
  readonly runningStorageGbMonthUsd?: number;
}
