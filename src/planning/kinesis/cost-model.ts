import { Duration } from 'aws-cdk-lib';
import { KinesisCostEstimate } from './kinesis-cost-estimate';
import { KinesisLimits } from './kinesis-limits';
import { PriceList } from './price-list';
import { resolveWorkload } from './resolved-workload';
import { retentionHours } from './retention';
import { priceStream, resolvePrices } from './stream-pricing';
import { StreamWorkload } from './stream-workload';
import { checkKnown, checkRange } from '../../common/checks';

/**
 * Prices a Kinesis data stream's workload in provisioned and on-demand mode.
 *
 * It fills a `KinesisCostEstimate`, the service-neutral `CostEstimate` (a total and its
 * billed items) plus both modes' totals and the cheaper mode. `ShardSizing.plan()` uses
 * it for `ShardPlan.cost`; use it directly to price a shard count with other prices.
 *
 * @see https://aws.amazon.com/kinesis/data-streams/pricing/
 */
export class CostModel {
  private readonly prices: Required<PriceList>;

  /**
   * @param prices overrides of the us-east-1 list prices
   */
  constructor(prices: PriceList = {}) {
    this.prices = resolvePrices(prices);
  }

  /**
   * Monthly cost of a stream with `shardCount` shards carrying `workload` at its peak.
   *
   * `monthlyUsd` and `items` price the cheaper mode, `recommendedMode`.
   *
   * @param workload the load; volumes are its stated peaks (headroom only sizes shards)
   * @param shardCount shards in provisioned mode
   * @param retention how long records are kept; beyond 24 hours adds extended retention
   */
  public estimate(workload: StreamWorkload, shardCount: number, retention?: Duration): KinesisCostEstimate {
    checkKnown({ name: 'shardCount' }, shardCount);
    checkRange({ name: 'shardCount' }, shardCount, 1, KinesisLimits.MAX_SHARDS, true);
    return priceStream(this.prices, resolveWorkload(workload), shardCount, retentionHours(retention));
  }
}
