import { FirehosePriceList } from './firehose-price-list';
import { US_EAST_1_FIREHOSE_PRICES } from './us-east-1-firehose-prices';
import { checkKnown, checkAtLeast } from '../../common/checks';
import { billedItem, BYTES_PER_GB, cents, SECONDS_PER_MONTH } from '../cost/billing';
import { CostEstimate } from '../cost/cost-estimate';
import { ResolvedWorkload } from '../kinesis/resolved-workload';
import { BYTES_PER_MIB } from '../units';

/**
 * Direct PUT bills each record rounded up to the next 5 KB.
 * @see https://aws.amazon.com/firehose/pricing/ ("a 3KB record is billed as 5KB")
 */
export const FIREHOSE_RECORD_ROUNDING_BYTES = 5 * 1024;

/** Validates price overrides and fills in the us-east-1 defaults. */
export function resolveFirehosePrices(prices: FirehosePriceList = {}): Required<FirehosePriceList> {
  for (const name of Object.keys(prices) as Array<keyof FirehosePriceList>) {
    checkKnown({ name: `firehosePrices.${name}` }, prices[name]);
    checkAtLeast({ name: `firehosePrices.${name}`, unit: 'USD' }, prices[name], 0);
  }
  return { ...US_EAST_1_FIREHOSE_PRICES, ...prices };
}

/**
 * Monthly cost of a Firehose direct PUT delivery stream ingesting the workload's stated
 * peak all month (headroom only sizes capacity, as in `CostModel`).
 *
 * Billed GB = records/s × (record size rounded up to 5 KB) × 730 h × 3,600 s ÷ 2^30. Without
 * a record size or rate the rounding cannot be applied and the raw bytes are priced, which
 * underestimates small records; a note says so.
 */
export function priceDirectPut(prices: Required<FirehosePriceList>, w: ResolvedWorkload): CostEstimate {
  const notes = [
    'Direct PUT ingestion at the first tier\'s price; format conversion, dynamic partitioning, VPC delivery '
      + 'and the destination\'s own charges (S3, Redshift, OpenSearch) are not included.',
  ];
  let bytesPerSecond: number;
  if (w.ingestRecordsPerSecond !== undefined && w.averageRecordBytes !== undefined) {
    const billedRecordBytes = Math.ceil(w.averageRecordBytes / FIREHOSE_RECORD_ROUNDING_BYTES) * FIREHOSE_RECORD_ROUNDING_BYTES;
    bytesPerSecond = w.ingestRecordsPerSecond * billedRecordBytes;
  } else {
    bytesPerSecond = w.ingestMibPerSecond * BYTES_PER_MIB;
    notes.push('The workload gives no record size or rate, so records are not rounded up to 5 KB: '
      + 'records smaller than 5 KB cost more than this.');
  }
  const gb = bytesPerSecond * SECONDS_PER_MONTH / BYTES_PER_GB;
  const item = billedItem('direct PUT data ingested', gb, 'GB', prices.directPutIngestPerGbUsd);
  return { monthlyUsd: cents(gb * prices.directPutIngestPerGbUsd), items: item.monthlyUsd > 0 ? [item] : [], notes };
}
