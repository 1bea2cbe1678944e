import { Duration } from 'aws-cdk-lib';
import { StreamMode } from 'aws-cdk-lib/aws-kinesis';
import { BYTES_PER_MIB, KinesisLimits } from './kinesis-limits';
import { PriceList } from './price-list';
import { ResolvedWorkload, resolveWorkload } from './resolved-workload';
import { retentionHours } from './retention';
import { StreamWorkload } from './stream-workload';
import { US_EAST_1_PRICES } from './us-east-1-prices';
import { checkAtLeast, checkKnown, checkRange } from '../../common/checks';
import { CostEstimate } from '../cost/cost-estimate';

/** AWS bills a month as 730 hours. */
const HOURS_PER_MONTH = 730;
const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
const BYTES_PER_GB = 1024 * 1024 * 1024;
/** One PUT payload unit is each 25 KB chunk of a record. */
const PUT_PAYLOAD_UNIT_BYTES = 25 * 1024;
/** On-demand bills each record rounded up to 1 KB. */
const ON_DEMAND_RECORD_ROUNDING_BYTES = 1024;
/** Extended retention (per shard-hour) covers up to 7 days; beyond is long-term storage per GB-month. */
const EXTENDED_RETENTION_MAX_HOURS = 168;

/**
 * Prices a stream's workload in provisioned and on-demand mode.
 *
 * @see https://aws.amazon.com/kinesis/data-streams/pricing/
 */
export class CostModel {
  private readonly prices: Required<PriceList>;

  /**
   * @param prices overrides of the us-east-1 list prices
   */
  constructor(prices: PriceList = {}) {
    for (const [name, value] of Object.entries(prices)) {
      checkKnown({ name: `prices.${name}` }, value as number | undefined);
      checkAtLeast({ name: `prices.${name}`, unit: 'USD' }, value as number | undefined, 0);
    }
    this.prices = { ...US_EAST_1_PRICES, ...definedOnly(prices) };
  }

  /**
   * Monthly cost of a stream with `shardCount` shards carrying `workload` at its peak.
   *
   * @param workload the load; volumes are its stated peaks (headroom only sizes shards)
   * @param shardCount shards in provisioned mode
   * @param retention how long records are kept; beyond 24 hours adds extended retention
   */
  public estimate(workload: StreamWorkload, shardCount: number, retention?: Duration): CostEstimate {
    checkKnown({ name: 'shardCount' }, shardCount);
    checkRange({ name: 'shardCount' }, shardCount, 1, KinesisLimits.MAX_SHARDS, true);
    return this._estimateResolved(resolveWorkload(workload), shardCount, retentionHours(retention));
  }

  /**
   * `estimate()` for a workload the planner has already validated and completed, so
   * that derived figures are not checked again as if the user had given them.
   * @internal
   */
  public _estimateResolved(w: ResolvedWorkload, shardCount: number, retainedHours: number): CostEstimate {
    const p = this.prices;
    const notes: string[] = [];
    const ingestGbPerMonth = w.ingestMibPerSecond * BYTES_PER_MIB * SECONDS_PER_MONTH / BYTES_PER_GB;
    const consumeGbPerMonth = w.consumeMibPerSecond * BYTES_PER_MIB * SECONDS_PER_MONTH / BYTES_PER_GB;

    const shardHours = shardCount * HOURS_PER_MONTH * p.shardHourUsd;
    let putUnits: number | undefined;
    let onDemandIngestGb = ingestGbPerMonth;
    if (w.ingestRecordsPerSecond !== undefined && w.averageRecordBytes !== undefined) {
      const recordsPerMonth = w.ingestRecordsPerSecond * SECONDS_PER_MONTH;
      const unitsPerRecord = Math.ceil(w.averageRecordBytes / PUT_PAYLOAD_UNIT_BYTES);
      putUnits = recordsPerMonth * unitsPerRecord / 1e6 * p.putPayloadUnitsPerMillionUsd;
      const billedBytes = Math.ceil(w.averageRecordBytes / ON_DEMAND_RECORD_ROUNDING_BYTES) * ON_DEMAND_RECORD_ROUNDING_BYTES;
      onDemandIngestGb = recordsPerMonth * billedBytes / BYTES_PER_GB;
    } else {
      notes.push('PUT payload units are not priced: give `averageRecordBytes` or `ingestRecordsPerSecond`.');
    }
    const extendedRetention = retainedHours > KinesisLimits.MIN_RETENTION_HOURS
      ? shardCount * HOURS_PER_MONTH * p.extendedRetentionShardHourUsd : 0;
    if (retainedHours > EXTENDED_RETENTION_MAX_HOURS) {
      notes.push(`Retention beyond ${EXTENDED_RETENTION_MAX_HOURS} hours is billed as long-term storage per GB-month, not included.`);
    }
    if (retainedHours > KinesisLimits.MIN_RETENTION_HOURS) {
      notes.push('On-demand retention beyond 24 hours is billed per GB-month, not included: on-demand looks cheaper than it is.');
    }
    // Every enhanced fan-out consumer receives every byte; provisioned streams also pay per consumer-shard-hour.
    const efoData = w.enhancedFanOutConsumers * ingestGbPerMonth * p.enhancedFanOutRetrievalPerGbUsd;
    const efo = efoData + w.enhancedFanOutConsumers * shardCount * HOURS_PER_MONTH * p.enhancedFanOutConsumerShardHourUsd;
    if (w.enhancedFanOutConsumers > 0) {
      notes.push('On-demand enhanced fan-out is priced per GB at the provisioned enhanced fan-out GB price.');
    }

    const onDemandStreamHours = HOURS_PER_MONTH * p.onDemandStreamHourUsd;
    const onDemandIngest = onDemandIngestGb * p.onDemandIngestPerGbUsd;
    const onDemandRetrieval = consumeGbPerMonth * p.onDemandRetrievalPerGbUsd;

    const provisioned = shardHours + (putUnits ?? 0) + extendedRetention + efo;
    const onDemand = onDemandStreamHours + onDemandIngest + onDemandRetrieval + efoData;
    return {
      provisionedMonthlyUsd: cents(provisioned),
      onDemandMonthlyUsd: cents(onDemand),
      recommendedMode: provisioned <= onDemand ? StreamMode.PROVISIONED : StreamMode.ON_DEMAND,
      shardHoursMonthlyUsd: cents(shardHours),
      putPayloadUnitsMonthlyUsd: putUnits === undefined ? undefined : cents(putUnits),
      extendedRetentionMonthlyUsd: cents(extendedRetention),
      onDemandStreamHoursMonthlyUsd: cents(onDemandStreamHours),
      onDemandIngestMonthlyUsd: cents(onDemandIngest),
      onDemandRetrievalMonthlyUsd: cents(onDemandRetrieval),
      enhancedFanOutMonthlyUsd: cents(efo),
      onDemandEnhancedFanOutMonthlyUsd: cents(efoData),
      notes,
    };
  }
}

function cents(usd: number): number {
  return Math.round(usd * 100) / 100;
}

function definedOnly(prices: PriceList): PriceList {
  return Object.fromEntries(Object.entries(prices).filter(([, v]) => v !== undefined));
}
