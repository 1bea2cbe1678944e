import { Duration } from 'aws-cdk-lib';
import { IngestChoice } from './ingest-choice';
import { IngestCost } from './ingest-decision';
import { PipelineRequirements } from './pipeline-requirements';
import { KINESIS_MAX_REPLAY_HOURS, ResolvedRequirements } from './resolved-requirements';
import { InputError } from '../common/input-error';
import { CostEstimate } from '../planning/cost/cost-estimate';
import { priceDirectPut, resolveFirehosePrices } from '../planning/firehose/firehose-pricing';
import { KinesisLimits } from '../planning/kinesis/kinesis-limits';
import { ShardPlan } from '../planning/kinesis/shard-plan';
import { ShardSizing } from '../planning/kinesis/shard-sizing';
import { resolvePrices } from '../planning/kinesis/stream-pricing';
import { BrokerPlan } from '../planning/msk/broker-plan';
import { resolveKafkaPrices } from '../planning/msk/broker-pricing';
import { BrokerSizing } from '../planning/msk/broker-sizing';
import { PlanWarning } from '../planning/plan-warning';

/**
 * Prices each applicable choice with the planners.
 *
 * Kinesis: `ShardSizing.plan()` of the workload, its independent consumers polling unless
 * the workload states its readers, retention = replay rounded up to whole hours and held
 * within 24–8,760 hours. MSK: `BrokerSizing.plan()` with one consumer group per independent
 * consumer and retention = replay (24 hours without replay, the same as the stream, so the
 * two compare like for like). Firehose: direct PUT, only when the records go to storage only.
 */
export function priceChoices(input: PipelineRequirements, r: ResolvedRequirements, chosen: IngestChoice): PricedChoices {
  // Each price list checked under its name in the requirements, and whatever is chosen: a
  // bad price is the user's error, not a reason to leave a choice unpriced.
  resolvePrices(input.kinesisPrices, 'kinesisPrices');
  resolveKafkaPrices(input.kafkaPrices, 'kafkaPrices');
  resolveFirehosePrices(input.firehosePrices);
  const costs: IngestCost[] = [];
  const unpriced: PlanWarning[] = [];
  // A service only compared with the choice may not fit the workload at all (more than a
  // stream's 10,000 shards, a cluster's brokers): said, not thrown. The choice must fit.
  const price = (choice: IngestChoice, plan: () => CostEstimate) => {
    try {
      const estimate = plan();
      costs.push({ choice, monthlyUsd: estimate.monthlyUsd, estimate });
    } catch (e) {
      if (!(e instanceof InputError) || choice === chosen) {
        throw e;
      }
      unpriced.push({ id: 'choiceNotPriced', message: `${choice} is not priced for comparison: ${e.message}` });
    }
  };
  price(IngestChoice.KINESIS, () => streamPlanFor(input, r).cost);
  price(IngestChoice.MSK, () => clusterPlanFor(input, r).cost);
  if (r.deliveryOnly && !r.kafkaProtocol) {
    price(IngestChoice.FIREHOSE, () => priceDirectPut(resolveFirehosePrices(input.firehosePrices), r.workload));
  }
  return { costs, unpriced };
}

/** The stream a Kinesis choice means: its independent consumers polling unless the workload states its readers. */
export function streamPlanFor(input: PipelineRequirements, r: ResolvedRequirements): ShardPlan {
  const w = input.workload;
  const readersStated = w.pollingConsumers !== undefined || w.enhancedFanOutConsumers !== undefined;
  const kinesisHours = Math.min(Math.max(Math.ceil(r.replayHours ?? 0), KinesisLimits.MIN_RETENTION_HOURS), KINESIS_MAX_REPLAY_HOURS);
  return ShardSizing.plan(readersStated ? w : { ...w, pollingConsumers: r.independentConsumers }, {
    retention: Duration.hours(kinesisHours),
    prices: input.kinesisPrices,
  });
}

/** The cluster an MSK choice means: a consumer group per independent consumer, the replay as retention. */
export function clusterPlanFor(input: PipelineRequirements, r: ResolvedRequirements): BrokerPlan {
  const w = input.workload;
  return BrokerSizing.plan({
    ingestMibPerSecond: w.ingestMibPerSecond,
    consumerGroups: r.independentConsumers,
    retention: Duration.hours(r.replayHours ?? KinesisLimits.MIN_RETENTION_HOURS),
    headroom: w.headroom,
  }, { prices: input.kafkaPrices, kinesisPrices: input.kinesisPrices });
}

/** The choices priced, and why any was not. */
export interface PricedChoices {
  readonly costs: IngestCost[];
  readonly unpriced: PlanWarning[];
}
