import { PipelinePriceList } from './pipeline-price-list';
import { US_EAST_1_LAMBDA_PRICES, US_EAST_1_STORAGE_PRICES } from './us-east-1-service-prices';
import { checkListField, resolvePriceList } from '../../planning/cost/resolve-price-list';
import { resolveFirehosePrices } from '../../planning/firehose/firehose-pricing';
import { resolvePrices } from '../../planning/kinesis/stream-pricing';
import { resolveKafkaPrices } from '../../planning/msk/broker-pricing';

/** The lists of a `PipelinePriceList`. */
const PIPELINE_PRICE_LISTS = ['kinesis', 'kafka', 'firehose', 'lambda', 'storage'];

/**
 * Checks every list of a pipeline's `prices` when the pipeline is built, under the name the
 * user wrote (`prices.kinesis.shardHourUsd`), before the decision and the planners check
 * them again under theirs (`kinesisPrices`, `prices`).
 */
export function checkPipelinePrices(prices: PipelinePriceList): void {
  for (const field of Object.keys(prices)) {
    checkListField('prices', field, PIPELINE_PRICE_LISTS);
  }
  resolvePrices(prices.kinesis, 'prices.kinesis');
  resolveKafkaPrices(prices.kafka, 'prices.kafka');
  resolveFirehosePrices(prices.firehose, 'prices.firehose');
  resolvePriceList('prices.lambda', US_EAST_1_LAMBDA_PRICES, prices.lambda);
  resolvePriceList('prices.storage', US_EAST_1_STORAGE_PRICES, prices.storage);
}
