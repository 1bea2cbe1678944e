/**
 * One billed dimension of a `CostEstimate`, e.g. shard-hours or GB written.
 *
 * The same shape serves every service a plan prices (stream shards, brokers and their
 * storage, Flink KPUs), so one cost report can list the items of every part.
 */
export interface CostItem {
  /** What is billed, in words, e.g. `shard-hours` or `on-demand data written`. */
  readonly name: string;

  /** Cost of this item per month, USD, rounded to the cent. */
  readonly monthlyUsd: number;

  /**
   * How many billed units the month takes, e.g. 1,460 shard-hours.
   * @default - not stated: the item is not billed per unit
   */
  readonly quantity?: number;

  /**
   * The billed unit `quantity` counts, in the singular, e.g. `shard-hour` or `GB`.
   * @default - not stated: the item is not billed per unit
   */
  readonly unit?: string;

  /**
   * Price of one `unit`, USD, from the price list the estimate used.
   * @default - not stated: the item is not billed per unit
   */
  readonly unitPriceUsd?: number;
}
