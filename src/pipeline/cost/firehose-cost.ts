import { sumItems } from './cost-sum';
import { PipelinePriceList } from './pipeline-price-list';
import { billedItem } from '../../planning/cost/billing';
import { CostEstimate } from '../../planning/cost/cost-estimate';
import { firehoseMonthlyGb, resolveFirehosePrices } from '../../planning/firehose/firehose-pricing';
import { ResolvedWorkload } from '../../planning/kinesis/resolved-workload';

/**
 * A delivery stream's ingestion (records rounded up to 5 KB, as for direct PUT; the same
 * rate is assumed for a stream or topic as source), and conversion and partitioning per GB.
 */
export function firehoseCost(volume: ResolvedWorkload, prices: PipelinePriceList, converts: boolean, partitions: boolean): CostEstimate {
  const p = resolveFirehosePrices(prices.firehose, 'prices.firehose');
  const gb = firehoseMonthlyGb(volume);
  const notes = ['Firehose ingestion at the first tier\'s direct PUT price, each record rounded up to 5 KB.'];
  if (!gb.rounded) {
    notes.push('The workload gives no record size, so records are not rounded up to 5 KB: small records cost more than this.');
  }
  const items = [billedItem('Firehose data ingested', gb.billed, 'GB', p.directPutIngestPerGbUsd)];
  if (converts) {
    items.push(billedItem('Firehose format conversion', gb.raw, 'GB', p.formatConversionPerGbUsd));
  }
  if (partitions) {
    items.push(billedItem('Firehose dynamic partitioning', gb.raw, 'GB', p.dynamicPartitioningPerGbUsd));
    notes.push('Dynamic partitioning\'s per-object and JQ-hour charges are not priced.');
  }
  return sumItems(items, notes);
}
