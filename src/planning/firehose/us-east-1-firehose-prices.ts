import { FirehosePriceList } from './firehose-price-list';

/** us-east-1 list prices (shared/AWS-FACTS.md; the per-GB figure is unconfirmed). */
export const US_EAST_1_FIREHOSE_PRICES: Required<FirehosePriceList> = {
  directPutIngestPerGbUsd: 0.029,
  formatConversionPerGbUsd: 0.018,
  dynamicPartitioningPerGbUsd: 0.020,
};
