/**
 * Amazon Data Firehose list prices in USD, used to price delivery to storage when
 * `ChooseIngest` weighs Firehose direct PUT against a stream.
 *
 * Every field defaults to the us-east-1 list price; override the ones that differ in
 * your region or contract, as with the Kinesis `PriceList`. Prices change: check the
 * pricing page before budgeting.
 *
 * @see https://aws.amazon.com/firehose/pricing/
 */
export interface FirehosePriceList {
  /**
   * Direct PUT ingestion: price of one GB ingested, each record rounded up to the next
   * 5 KB (a 3 KB record is billed as 5 KB, a 12 KB record as 15 KB, per the pricing page).
   *
   * The pricing page bills ingestion in tiers falling with monthly volume; this is the
   * first tier's price, so volumes beyond it are overestimated.
   *
   * @default 0.029 (us-east-1, first tier; a third-party transcription recorded in the
   *   project's AWS facts, not confirmed against the pricing page)
   */
  readonly directPutIngestPerGbUsd?: number;

  /**
   * Price of one GB converted to Parquet or ORC (record format conversion), billed on the
   * GB ingested.
   *
   * @default 0.018 (us-east-1; recorded in the project's AWS facts, unconfirmed)
   */
  readonly formatConversionPerGbUsd?: number;

  /**
   * Price of one GB processed by dynamic partitioning. Dynamic partitioning also bills each
   * S3 object delivered and each hour of JQ processing, which are not priced here.
   *
   * @default 0.020 (us-east-1; recorded in the project's AWS facts, unconfirmed)
   */
  readonly dynamicPartitioningPerGbUsd?: number;
}
