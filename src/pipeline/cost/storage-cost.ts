import { sumItems } from './cost-sum';
import { PipelinePriceList } from './pipeline-price-list';
import { shardsOf } from './source-volume';
import { US_EAST_1_STORAGE_PRICES } from './us-east-1-service-prices';
import { billedItem, gbPerMonth, SECONDS_PER_MONTH } from '../../planning/cost/billing';
import { CostEstimate } from '../../planning/cost/cost-estimate';
import { resolvePriceList } from '../../planning/cost/resolve-price-list';
import { ResolvedWorkload } from '../../planning/kinesis/resolved-workload';
import { AggregateToTable } from '../../sinks/aggregate-to-table';

/**
 * Writes of the aggregate handler per shard and window besides one per key: the flush's log,
 * the claim on the shard's progress item and its completion (src/sinks/aggregate/handler.ts).
 */
const FLUSH_WRITES_PER_WINDOW = 3;

/**
 * DynamoDB write request units of an aggregate, at most. The handler writes when a window
 * closes, per shard: one UpdateItem per key seen in the window (at most one per record: a
 * key repeated within the window merges into one write), plus the flush's log, claim and
 * completion. Items of 1 KB or less.
 */
export function dynamoDbWrites(aggregate: AggregateToTable, volume: ResolvedWorkload, prices: PipelinePriceList): CostEstimate {
  const p = resolvePriceList('prices.storage', US_EAST_1_STORAGE_PRICES, prices.storage);
  const windows = SECONDS_PER_MONTH / aggregate.window.toSeconds({ integral: false });
  const writes = volume.ingestRecordsPerSecond! * SECONDS_PER_MONTH + shardsOf(aggregate.consumer.source) * windows * FLUSH_WRITES_PER_WINDOW;
  return sumItems([billedItem('DynamoDB writes', writes / 1e6, 'million write request units', p.dynamoDbWriteRequestUnitsPerMillionUsd)],
    ['DynamoDB writes are an upper bound: one write per record and three per shard and window, items of 1 KB or less; '
      + 'keys repeated within a window merge into one write and cost less.']);
}

/** What a month of records adds to the S3 bill, stored as written (compression makes it less). */
export function s3Growth(volume: ResolvedWorkload, prices: PipelinePriceList): CostEstimate {
  const p = resolvePriceList('prices.storage', US_EAST_1_STORAGE_PRICES, prices.storage);
  return sumItems([billedItem('S3 storage added each month', gbPerMonth(volume.ingestMibPerSecond), 'GB-month', p.s3StandardPerGbMonthUsd)],
    ['S3 storage grows by this much every month the data is kept, priced uncompressed at S3 Standard; GZIP or Parquet store less.']);
}
