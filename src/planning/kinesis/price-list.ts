/**
 * Kinesis Data Streams list prices in USD, used by `CostModel`.
 *
 * Every field defaults to the us-east-1 list price; override the ones that differ in
 * your region or contract. Prices change: check the pricing page before budgeting.
 *
 * @see https://aws.amazon.com/kinesis/data-streams/pricing/
 */
export interface PriceList {
  /**
   * Provisioned mode: price of one shard for one hour.
   * @default 0.015
   */
  readonly shardHourUsd?: number;

  /**
   * Provisioned mode: price of one million PUT payload units (each 25 KB chunk of a record is one unit).
   * @default 0.014
   */
  readonly putPayloadUnitsPerMillionUsd?: number;

  /**
   * Provisioned mode: price of one shard-hour of retention beyond 24 hours
   * (extended retention, up to 7 days).
   * @default 0.02
   */
  readonly extendedRetentionShardHourUsd?: number;

  /**
   * On-demand mode: price of one stream for one hour.
   * @default 0.04
   */
  readonly onDemandStreamHourUsd?: number;

  /**
   * On-demand mode: price of one GB written (each record rounded up to 1 KB).
   * @default 0.08
   */
  readonly onDemandIngestPerGbUsd?: number;

  /**
   * On-demand mode: price of one GB read by polling consumers.
   * @default 0.04
   */
  readonly onDemandRetrievalPerGbUsd?: number;

  /**
   * Enhanced fan-out: price of one consumer on one shard for one hour.
   * @default 0.015
   */
  readonly enhancedFanOutConsumerShardHourUsd?: number;

  /**
   * Enhanced fan-out: price of one GB delivered to a consumer.
   * @default 0.013
   */
  readonly enhancedFanOutRetrievalPerGbUsd?: number;
}
