import { FirehosePriceList } from './firehose-price-list';
import { US_EAST_1_FIREHOSE_PRICES } from './us-east-1-firehose-prices';
import { billedItem, BYTES_PER_GB, cents, gbPerMonth, SECONDS_PER_MONTH } from '../cost/billing';
import { CostEstimate } from '../cost/cost-estimate';
import { resolvePriceList } from '../cost/resolve-price-list';
import { ResolvedWorkload } from '../kinesis/resolved-workload';

/**
 * Direct PUT bills each record rounded up to the next 5 KB.
 * @see https://aws.amazon.com/firehose/pricing/ ("a 3KB record is billed as 5KB")
 */
const FIREHOSE_RECORD_ROUNDING_BYTES = 5 * 1024;

/**
 * Checks price overrides and fills in the us-east-1 defaults.
 *
 * @param name how the user wrote the list: `firehosePrices` in requirements, `prices.firehose` on a pipeline
 */
export function resolveFirehosePrices(prices?: FirehosePriceList, name = 'firehosePrices'): Required<FirehosePriceList> {
  return resolvePriceList(name, US_EAST_1_FIREHOSE_PRICES, prices);
}

/** A month of a workload's data, in GB. */
export interface FirehoseMonthlyGb {
  /** As written. */
  readonly raw: number;
  /** As Firehose bills ingestion: each record rounded up to 5 KB when the records' rate and size are known, else raw. */
  readonly billed: number;
  /** Whether `billed` is rounded: false when the workload gives no record size or rate. */
  readonly rounded: boolean;
}

/**
 * The GB a month Firehose ingests at the workload's stated peak, raw and billed:
 * records/s × (record size rounded up to 5 KB) × 730 h × 3,600 s ÷ 2^30.
 */
export function firehoseMonthlyGb(w: ResolvedWorkload): FirehoseMonthlyGb {
  const raw = gbPerMonth(w.ingestMibPerSecond);
  if (w.ingestRecordsPerSecond === undefined || w.averageRecordBytes === undefined) {
    return { raw, billed: raw, rounded: false };
  }
  const billedRecordBytes = Math.ceil(w.averageRecordBytes / FIREHOSE_RECORD_ROUNDING_BYTES) * FIREHOSE_RECORD_ROUNDING_BYTES;
  return { raw, billed: w.ingestRecordsPerSecond * billedRecordBytes * SECONDS_PER_MONTH / BYTES_PER_GB, rounded: true };
}

/**
 * Monthly cost of a Firehose direct PUT delivery stream ingesting the workload's stated
 * peak all month (headroom only sizes capacity, as in `CostModel`).
 *
 * Billed GB as `firehoseMonthlyGb`. Without a record size or rate the rounding cannot be
 * applied and the raw bytes are priced, which underestimates small records; a note says so.
 */
export function priceDirectPut(prices: Required<FirehosePriceList>, w: ResolvedWorkload): CostEstimate {
  const notes = [
    'Direct PUT ingestion at the first tier\'s price; format conversion, dynamic partitioning, VPC delivery '
      + 'and the destination\'s own charges (S3, Redshift, OpenSearch) are not included.',
  ];
  const gb = firehoseMonthlyGb(w);
  if (!gb.rounded) {
    notes.push('The workload gives no record size or rate, so records are not rounded up to 5 KB: '
      + 'records smaller than 5 KB cost more than this.');
  }
  const item = billedItem('direct PUT data ingested', gb.billed, 'GB', prices.directPutIngestPerGbUsd);
  return { monthlyUsd: cents(gb.billed * prices.directPutIngestPerGbUsd), items: item.monthlyUsd > 0 ? [item] : [], notes };
}
