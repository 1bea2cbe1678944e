import { KinesisCostEstimate } from './kinesis-cost-estimate';
import { KinesisLimits } from './kinesis-limits';
import { PriceList } from './price-list';
import { ResolvedWorkload } from './resolved-workload';
import { StreamCapacityMode } from './stream-capacity-mode';
import { US_EAST_1_PRICES } from './us-east-1-prices';
import { billedItem, BYTES_PER_GB, cents, HOURS_PER_MONTH, SECONDS_PER_MONTH } from '../cost/billing';
import { CostItem } from '../cost/cost-item';
import { resolvePriceList } from '../cost/resolve-price-list';
import { BYTES_PER_MIB } from '../units';

/** One PUT payload unit is each 25 KB chunk of a record. */
const PUT_PAYLOAD_UNIT_BYTES = 25 * 1024;
/** On-demand bills each record rounded up to 1 KB. */
const ON_DEMAND_RECORD_ROUNDING_BYTES = 1024;
/** Extended retention (per shard-hour) covers up to 7 days; beyond is long-term storage per GB-month. */
const EXTENDED_RETENTION_MAX_HOURS = 168;

/**
 * Checks price overrides (known, at least 0) and fills in the us-east-1 list prices.
 *
 * @param name the list as the user wrote it: `prices` in the planners' options, `kinesisPrices` in requirements
 */
export function resolvePrices(prices?: PriceList, name = 'prices'): Required<PriceList> {
  return resolvePriceList(name, US_EAST_1_PRICES, prices);
}

/**
 * `CostModel.estimate()` for a workload the planner has already validated and
 * completed, so that derived figures are not checked again as if the user had given them.
 *
 * @param mode the mode `monthlyUsd` and `items` price; the cheaper one when omitted
 */
export function priceStream(p: Required<PriceList>, w: ResolvedWorkload, shardCount: number, retainedHours: number,
  mode?: StreamCapacityMode): KinesisCostEstimate {
  const notes: string[] = [];
  const ingestGbPerMonth = w.ingestMibPerSecond * BYTES_PER_MIB * SECONDS_PER_MONTH / BYTES_PER_GB;
  const consumeGbPerMonth = w.consumeMibPerSecond * BYTES_PER_MIB * SECONDS_PER_MONTH / BYTES_PER_GB;

  const shardHours = shardCount * HOURS_PER_MONTH;
  let putUnitMillions: number | undefined;
  let onDemandIngestGb = ingestGbPerMonth;
  if (w.ingestRecordsPerSecond !== undefined && w.averageRecordBytes !== undefined) {
    const recordsPerMonth = w.ingestRecordsPerSecond * SECONDS_PER_MONTH;
    const unitsPerRecord = Math.ceil(w.averageRecordBytes / PUT_PAYLOAD_UNIT_BYTES);
    putUnitMillions = recordsPerMonth * unitsPerRecord / 1e6;
    const billedBytes = Math.ceil(w.averageRecordBytes / ON_DEMAND_RECORD_ROUNDING_BYTES) * ON_DEMAND_RECORD_ROUNDING_BYTES;
    onDemandIngestGb = recordsPerMonth * billedBytes / BYTES_PER_GB;
  } else {
    notes.push('PUT payload units are not priced: give `averageRecordBytes` or `ingestRecordsPerSecond`.');
  }
  const extendedRetentionShardHours = retainedHours > KinesisLimits.MIN_RETENTION_HOURS ? shardHours : 0;
  if (retainedHours > EXTENDED_RETENTION_MAX_HOURS) {
    notes.push(`Retention beyond ${EXTENDED_RETENTION_MAX_HOURS} hours is billed as long-term storage per GB-month, not included.`);
  }
  if (retainedHours > KinesisLimits.MIN_RETENTION_HOURS) {
    notes.push('On-demand retention beyond 24 hours is billed per GB-month, not included: on-demand looks cheaper than it is.');
  }
  // Every enhanced fan-out consumer receives every byte; provisioned streams also pay per consumer-shard-hour.
  const efoGb = w.enhancedFanOutConsumers * ingestGbPerMonth;
  const efoConsumerShardHours = w.enhancedFanOutConsumers * shardCount * HOURS_PER_MONTH;
  if (w.enhancedFanOutConsumers > 0) {
    notes.push('On-demand enhanced fan-out is priced per GB at the provisioned enhanced fan-out GB price.');
  }

  const shardHoursUsd = shardHours * p.shardHourUsd;
  const putUnitsUsd = putUnitMillions === undefined ? undefined : putUnitMillions * p.putPayloadUnitsPerMillionUsd;
  const extendedRetentionUsd = extendedRetentionShardHours * p.extendedRetentionShardHourUsd;
  const efoDataUsd = efoGb * p.enhancedFanOutRetrievalPerGbUsd;
  const efoUsd = efoDataUsd + efoConsumerShardHours * p.enhancedFanOutConsumerShardHourUsd;
  const onDemandStreamHoursUsd = HOURS_PER_MONTH * p.onDemandStreamHourUsd;
  const onDemandIngestUsd = onDemandIngestGb * p.onDemandIngestPerGbUsd;
  const onDemandRetrievalUsd = consumeGbPerMonth * p.onDemandRetrievalPerGbUsd;

  const provisioned = shardHoursUsd + (putUnitsUsd ?? 0) + extendedRetentionUsd + efoUsd;
  const onDemand = onDemandStreamHoursUsd + onDemandIngestUsd + onDemandRetrievalUsd + efoDataUsd;
  const recommendedMode = provisioned <= onDemand ? StreamCapacityMode.PROVISIONED : StreamCapacityMode.ON_DEMAND;
  const capacityMode = mode ?? recommendedMode;

  const efoData = billedItem('enhanced fan-out data', efoGb, 'GB', p.enhancedFanOutRetrievalPerGbUsd);
  const items: CostItem[] = capacityMode === StreamCapacityMode.PROVISIONED
    ? [
      billedItem('shard-hours', shardHours, 'shard-hour', p.shardHourUsd),
      ...(putUnitMillions === undefined ? [] : [billedItem('PUT payload units', putUnitMillions, 'million PUT payload units', p.putPayloadUnitsPerMillionUsd)]),
      billedItem('extended retention', extendedRetentionShardHours, 'shard-hour', p.extendedRetentionShardHourUsd),
      billedItem('enhanced fan-out consumer-shard-hours', efoConsumerShardHours, 'consumer-shard-hour', p.enhancedFanOutConsumerShardHourUsd),
      efoData,
    ]
    : [
      billedItem('stream-hours', HOURS_PER_MONTH, 'stream-hour', p.onDemandStreamHourUsd),
      billedItem('data written', onDemandIngestGb, 'GB', p.onDemandIngestPerGbUsd),
      billedItem('data read by polling consumers', consumeGbPerMonth, 'GB', p.onDemandRetrievalPerGbUsd),
      efoData,
    ];
  return {
    monthlyUsd: cents(capacityMode === StreamCapacityMode.PROVISIONED ? provisioned : onDemand),
    items: items.filter(item => item.quantity !== 0),
    notes,
    capacityMode,
    provisionedMonthlyUsd: cents(provisioned),
    onDemandMonthlyUsd: cents(onDemand),
    recommendedMode,
    shardHoursMonthlyUsd: cents(shardHoursUsd),
    putPayloadUnitsMonthlyUsd: putUnitsUsd === undefined ? undefined : cents(putUnitsUsd),
    extendedRetentionMonthlyUsd: cents(extendedRetentionUsd),
    onDemandStreamHoursMonthlyUsd: cents(onDemandStreamHoursUsd),
    onDemandIngestMonthlyUsd: cents(onDemandIngestUsd),
    onDemandRetrievalMonthlyUsd: cents(onDemandRetrievalUsd),
    enhancedFanOutMonthlyUsd: cents(efoUsd),
    onDemandEnhancedFanOutMonthlyUsd: cents(efoDataUsd),
  };
}
