import { Duration } from 'aws-cdk-lib';
import { IngestChoice } from './ingest-choice';
import { IngestCost } from './ingest-decision';
import { PipelineRequirements } from './pipeline-requirements';
import { KINESIS_MAX_REPLAY_HOURS, ResolvedRequirements } from './resolved-requirements';
import { priceDirectPut, resolveFirehosePrices } from '../planning/firehose/firehose-pricing';
import { KinesisLimits } from '../planning/kinesis/kinesis-limits';
import { ShardSizing } from '../planning/kinesis/shard-sizing';
import { BrokerSizing } from '../planning/msk/broker-sizing';

/**
 * Prices each applicable choice with the planners.
 *
 * Kinesis: `ShardSizing.plan()` of the workload, its independent consumers polling unless
 * the workload states its readers, retention = replay rounded up to whole hours and held
 * within 24–8,760 hours. MSK: `BrokerSizing.plan()` with one consumer group per independent
 * consumer and retention = replay (24 hours without replay, the same as the stream, so the
 * two compare like for like). Firehose: direct PUT, only when the records go to storage only.
 */
export function priceChoices(input: PipelineRequirements, r: ResolvedRequirements): IngestCost[] {
  const w = input.workload;
  const readersStated = w.pollingConsumers !== undefined || w.enhancedFanOutConsumers !== undefined;
  const kinesisHours = Math.min(Math.max(Math.ceil(r.replayHours ?? 0), KinesisLimits.MIN_RETENTION_HOURS), KINESIS_MAX_REPLAY_HOURS);
  const kinesis = ShardSizing.plan(readersStated ? w : { ...w, pollingConsumers: r.independentConsumers }, {
    retention: Duration.hours(kinesisHours),
    prices: input.kinesisPrices,
  });
  const msk = BrokerSizing.plan({
    ingestMibPerSecond: w.ingestMibPerSecond,
    consumerGroups: r.independentConsumers,
    retention: Duration.hours(r.replayHours ?? KinesisLimits.MIN_RETENTION_HOURS),
    headroom: w.headroom,
  }, { prices: input.kafkaPrices, kinesisPrices: input.kinesisPrices });
  const costs: IngestCost[] = [
    { choice: IngestChoice.KINESIS, monthlyUsd: kinesis.cost.monthlyUsd, estimate: kinesis.cost },
    { choice: IngestChoice.MSK, monthlyUsd: msk.cost.monthlyUsd, estimate: msk.cost },
  ];
  if (r.deliveryOnly && !r.kafkaProtocol) {
    const firehose = priceDirectPut(resolveFirehosePrices(input.firehosePrices), r.workload);
    costs.push({ choice: IngestChoice.FIREHOSE, monthlyUsd: firehose.monthlyUsd, estimate: firehose });
  }
  return costs;
}
