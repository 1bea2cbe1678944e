import { Duration } from 'aws-cdk-lib';
import { CapacityLimit } from './capacity-limit';
import { KinesisLimits } from './kinesis-limits';
import { summarisePlan } from './plan-summary';
import { PriceList } from './price-list';
import { resolveWorkload } from './resolved-workload';
import { retentionHours } from './retention';
import { ShardPlan } from './shard-plan';
import { planWarnings } from './shard-plan-warnings';
import { StreamCapacityMode } from './stream-capacity-mode';
import { priceStream, resolvePrices } from './stream-pricing';
import { StreamWorkload } from './stream-workload';
import { checkKnown, checkRange } from '../../common/checks';
import { InputError } from '../../common/input-error';

/** Options for `ShardSizing.plan()`. */
export interface ShardPlanOptions {
  /**
   * Evaluate the plan at this shard count instead of the required one (utilisation,
   * cost, and a warning when it is too low).
   * @default - the required shard count
   */
  readonly shardCount?: number;

  /**
   * How long the stream keeps records; retention beyond 24 hours is priced.
   * @default Duration.hours(24)
   */
  readonly retention?: Duration;

  /**
   * Prices to estimate the cost with.
   * @default - us-east-1 list prices
   */
  readonly prices?: PriceList;

  /**
   * The capacity mode the stream is created in, which `cost.monthlyUsd` and
   * `cost.items` then price. The shard count and the other figures do not depend on it.
   * @default - the cheaper mode at the stated load (`cost.recommendedMode`)
   */
  readonly capacityMode?: StreamCapacityMode;
}

/** Rounding slack so that e.g. 3 × 0.1 MiB/s does not need a 4th shard. */
const EPSILON = 1e-9;

/**
 * Sizes a Kinesis stream from its workload.
 *
 * `shards = ceil(max(ingest·(1+h) ÷ 1 MiB/s, records·(1+h) ÷ 1,000/s, consume·(1+h) ÷ 2 MiB/s))`,
 * at least 1: the reference architecture's `max(ingest MB/s, consume MB/s ÷ 2)` extended
 * with the records limit and headroom.
 *
 * @see https://docs.aws.amazon.com/streams/latest/dev/service-sizes-and-limits.html
 */
export class ShardSizing {
  /**
   * Plans the shard count, utilisation and cost of a workload.
   *
   * Throws when a figure is not a finite number in its allowed range.
   */
  public static plan(workload: StreamWorkload, options: ShardPlanOptions = {}): ShardPlan {
    const w = resolveWorkload(workload);
    const grow = 1 + w.headroom;
    const shardsForWriteBytes = w.ingestMibPerSecond * grow / KinesisLimits.WRITE_MIB_PER_SHARD;
    const shardsForWriteRecords = w.ingestRecordsPerSecond === undefined
      ? undefined : w.ingestRecordsPerSecond * grow / KinesisLimits.WRITE_RECORDS_PER_SHARD;
    const shardsForReadBytes = w.consumeMibPerSecond * grow / KinesisLimits.SHARED_READ_MIB_PER_SHARD;

    const candidates: Array<[CapacityLimit, number]> = [
      [CapacityLimit.WRITE_BYTES, shardsForWriteBytes],
      [CapacityLimit.WRITE_RECORDS, shardsForWriteRecords ?? 0],
      [CapacityLimit.READ_BYTES, shardsForReadBytes],
    ];
    // The first limit wins a tie, so a plain ingest-bound stream reports write bytes.
    const [bindingLimit, needed] = candidates.reduce((a, b) => (b[1] > a[1] ? b : a));
    const requiredShardCount = Math.max(1, Math.ceil(needed - EPSILON));
    if (requiredShardCount > KinesisLimits.MAX_SHARDS) {
      throw new InputError(`\`workload\` needs ${requiredShardCount} shards, above the ${KinesisLimits.MAX_SHARDS} a stream can have: split it into several streams`);
    }
    checkKnown({ name: 'shardCount' }, options.shardCount);
    checkRange({ name: 'shardCount' }, options.shardCount, 1, KinesisLimits.MAX_SHARDS, true);
    const retainedHours = retentionHours(options.retention);
    const shardCount = options.shardCount ?? requiredShardCount;

    const plan = {
      workload: w,
      shardCount,
      requiredShardCount,
      bindingLimit,
      shardsForWriteBytes,
      shardsForWriteRecords,
      shardsForReadBytes,
      writeBytesUtilisation: w.ingestMibPerSecond / (shardCount * KinesisLimits.WRITE_MIB_PER_SHARD),
      writeRecordsUtilisation: w.ingestRecordsPerSecond === undefined
        ? undefined : w.ingestRecordsPerSecond / (shardCount * KinesisLimits.WRITE_RECORDS_PER_SHARD),
      readBytesUtilisation: w.consumeMibPerSecond / (shardCount * KinesisLimits.SHARED_READ_MIB_PER_SHARD),
      cost: priceStream(resolvePrices(options.prices), w, shardCount, retainedHours, options.capacityMode),
      warnings: planWarnings({ shardCount, requiredShardCount, bindingLimit, pollingConsumers: w.pollingConsumers }),
    };
    return { ...plan, summary: summarisePlan(plan) };
  }

  /** Static functions only: Java and .NET users would otherwise see a constructor that makes an object with nothing on it. */
  private constructor() {}
}
