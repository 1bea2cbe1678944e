import { Duration } from 'aws-cdk-lib';
import { KafkaCostEstimate } from './kafka-cost-estimate';
import { KinesisComparison } from './kinesis-comparison';
import { ResolvedKafkaWorkload } from './resolved-kafka-workload';
import { count, usd } from '../../common/format';
import { InputError } from '../../common/input-error';
import { KinesisLimits } from '../kinesis/kinesis-limits';
import { describeLimit } from '../kinesis/plan-summary';
import { PriceList } from '../kinesis/price-list';
import { ShardSizing } from '../kinesis/shard-sizing';
import { StreamCapacityMode } from '../kinesis/stream-capacity-mode';

/**
 * Plans the same workload on Kinesis with `ShardSizing` and compares the monthly cost.
 *
 * Consumer groups read like polling consumers (each reads every record); retention is
 * rounded up to whole hours and held within 24 to 8,760 hours. A Kafka workload states
 * MiB/s, not records, so the stream is priced without what depends on records (provisioned
 * PUT payload units, on-demand's 1 KB rounding), and the reason says so: a Kinesis cost
 * priced from the records (as `ChooseIngest` does) is at least as high.
 *
 * @returns undefined when one stream cannot carry the workload (more than 10,000 shards)
 */
export function compareWithKinesis(w: ResolvedKafkaWorkload, kafkaCost: KafkaCostEstimate, kafkaWhat: string,
  prices?: PriceList): KinesisComparison | undefined {
  const hours = Math.min(Math.max(Math.ceil(w.retentionHours), KinesisLimits.MIN_RETENTION_HOURS), KinesisLimits.MAX_RETENTION_HOURS);
  let kinesisPlan;
  try {
    kinesisPlan = ShardSizing.plan({
      ingestMibPerSecond: w.ingestMibPerSecond,
      consumeMibPerSecond: w.consumeMibPerSecond,
      pollingConsumers: w.consumerGroups,
      headroom: w.headroom,
    }, { retention: Duration.hours(hours), prices });
  } catch (e) {
    if (e instanceof InputError) {
      return undefined;
    }
    throw e;
  }
  const kafkaMonthlyUsd = kafkaCost.monthlyUsd;
  const kinesisMonthlyUsd = kinesisPlan.cost.monthlyUsd;
  const kinesisIsCheaper = kinesisMonthlyUsd < kafkaMonthlyUsd;
  const onDemand = kinesisPlan.cost.capacityMode === StreamCapacityMode.ON_DEMAND;
  const mode = onDemand ? 'on-demand' : 'provisioned';
  const kinesisWhat = `${count(kinesisPlan.shardCount, 'shard')} (${mode}) ${kinesisPlan.shardCount === 1 ? 'costs' : 'cost'} ${usd(kinesisMonthlyUsd)}`;
  const withoutRecords = ` The stream is priced ${onDemand ? 'with records not rounded up to 1 KB' : 'without PUT payload units'}: `
    + 'a Kafka workload states no record rate or size.';
  const kafka = `${kafkaWhat} cost ${usd(kafkaMonthlyUsd)}`;
  const comparison = kinesisIsCheaper
    ? `Kinesis is cheaper: ${kinesisWhat} a month against ${kafka}; ${whyKafkaCosts(kafkaCost)}.`
    : `MSK is cheaper: ${kafka} a month against ${kinesisWhat}; at this load Kinesis needs `
      + `${count(kinesisPlan.shardCount, 'shard')}, bound by ${describeLimit(kinesisPlan.bindingLimit)}.`;
  return { kinesisPlan, kinesisMonthlyUsd, kafkaMonthlyUsd, kinesisIsCheaper, reason: comparison + withoutRecords };
}

/** Why the cluster costs what it does: its largest billed item. */
function whyKafkaCosts(cost: KafkaCostEstimate): string {
  const largest = cost.items.reduce((a, b) => (b.monthlyUsd > a.monthlyUsd ? b : a));
  switch (largest.name) {
    case 'storage':
      return `most of the cluster's cost is its EBS storage (${usd(largest.monthlyUsd)}), every copy of every record kept for the whole retention`;
    case 'Express data in':
      return `most of the cluster's cost is Express data in (${usd(largest.monthlyUsd)}), billed per GB written`;
    default:
      return `most of the cluster's cost is broker-hours (${usd(largest.monthlyUsd)}), billed every hour however little the brokers carry`;
  }
}
