import { PriceList } from './price-list';

/** us-east-1 list prices (shared/AWS-FACTS.md; on-demand and EFO GB prices are third-party transcriptions). */
export const US_EAST_1_PRICES: Required<PriceList> = {
  shardHourUsd: 0.015,
  putPayloadUnitsPerMillionUsd: 0.014,
  extendedRetentionShardHourUsd: 0.02,
  onDemandStreamHourUsd: 0.04,
  onDemandIngestPerGbUsd: 0.08,
  onDemandRetrievalPerGbUsd: 0.04,
  enhancedFanOutConsumerShardHourUsd: 0.015,
  enhancedFanOutRetrievalPerGbUsd: 0.013,
};
