import { IngestChoice } from './ingest-choice';
import { priceChoices } from './ingest-costs';
import { IngestCost, IngestDecision } from './ingest-decision';
import { PipelineRequirements } from './pipeline-requirements';
import { FIREHOSE_MIN_LATENCY_SECONDS, KINESIS_MAX_REPLAY_HOURS, resolveRequirements, ResolvedRequirements } from './resolved-requirements';
import { count, num, row, usd } from '../common/format';
import { PlanWarning } from '../planning/plan-warning';

/** Service names as the summary prints them. */
const NAMES: Record<IngestChoice, string> = {
  [IngestChoice.KINESIS]: 'Kinesis Data Streams',
  [IngestChoice.MSK]: 'Amazon MSK',
  [IngestChoice.FIREHOSE]: 'Firehose direct PUT',
  [IngestChoice.NOT_A_STREAM]: 'not a stream (Amazon SQS)',
};

interface Verdict {
  readonly choice: IngestChoice;
  readonly reason: string;
  readonly runnerUp: IngestChoice;
  readonly runnerUpReason: string;
}

/**
 * Chooses the ingest of a pipeline from what it needs: the reference architecture's
 * decision table, row by row.
 *
 * 1. The Kafka protocol or existing Kafka tooling: MSK.
 * 2. Tasks handled one at a time by one consumer: not a stream, use SQS (the reference
 *    architecture's first anti-pattern).
 * 3. Delivery to S3/Redshift/OpenSearch only, 60–900 s latency acceptable, no replay:
 *    Firehose direct PUT.
 * 4. Replay beyond the 365 days Kinesis keeps: MSK (configurable retention).
 * 5. Otherwise (sub-second, replay 24 h–365 d, several independent consumers): Kinesis.
 *
 * Pure, no constructs, like `ShardSizing`: every choice is priced with the planners, and
 * needs that contradict each other are refused with both named.
 *
 * @see https://docs.aws.amazon.com/streams/latest/dev/introduction.html
 * @see https://docs.aws.amazon.com/firehose/latest/dev/buffering-hints.html
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/what-is-msk.html
 */
export class ChooseIngest {
  /**
   * Chooses the ingest for the requirements, with the reason, the runner-up and the
   * monthly cost of each applicable choice.
   *
   * Throws when a figure is out of range or two needs contradict each other (delivery to
   * storage only with replay, with several consumers or with tasks; tasks handled one at
   * a time with several consumers or with replay).
   */
  public static decide(requirements: PipelineRequirements): IngestDecision {
    const r = resolveRequirements(requirements);
    const verdict = decideChoice(r);
    const { costs, unpriced } = priceChoices(requirements, r, verdict.choice);
    const warnings = [...decisionWarnings(r, verdict, costs), ...unpriced];
    const decision = { ...verdict, costs, warnings };
    return { ...decision, summary: summarise(decision) };
  }

  /** Static functions only: Java and .NET users would otherwise see a constructor that makes an object with nothing on it. */
  private constructor() {}
}

function seconds(s: number): string {
  return s < 1 ? `${num(s * 1000, 0)} ms` : `${num(s)} s`;
}

function hours(h: number): string {
  return h % 24 === 0 ? count(h / 24, 'day') : count(h, 'hour');
}

function decideChoice(r: ResolvedRequirements): Verdict {
  if (r.kafkaProtocol) {
    return {
      choice: IngestChoice.MSK,
      reason: 'The Kafka protocol or existing Kafka tooling is needed: MSK is managed Apache Kafka, sub-second, '
        + 'with Kafka consumer groups and configurable retention (reference architecture: use MSK for "Kafka migration or ecosystem")'
        + (r.deliveryOnly ? '; Firehose can still deliver a topic to S3, reading it from MSK.' : '.'),
      runnerUp: IngestChoice.KINESIS,
      runnerUpReason: 'Kinesis Data Streams speaks an AWS proprietary protocol: the Kafka producers, consumers and tooling would have to be rewritten.',
    };
  }
  if (r.oneAtATimeTasks) {
    return {
      choice: IngestChoice.NOT_A_STREAM,
      reason: 'Tasks handled one at a time by one consumer are a task queue, not a stream (reference architecture, first anti-pattern): '
        + 'Kinesis is designed for high-throughput ordered streams, and shard management, enhanced fan-out and iterator tracking '
        + 'add complexity for no benefit. Use Amazon SQS for task queue patterns.',
      runnerUp: IngestChoice.KINESIS,
      runnerUpReason: 'Kinesis Data Streams is for ordered, high-throughput streaming with multiple independent consumers reading '
        + 'the same stream at different positions, which one-at-a-time tasks do not need.',
    };
  }
  const fastSeconds = r.latencySeconds !== undefined && r.latencySeconds < FIREHOSE_MIN_LATENCY_SECONDS ? r.latencySeconds : undefined;
  if (r.deliveryOnly && fastSeconds === undefined) {
    const latency = r.latencySeconds === undefined ? '60–900 s latency acceptable' : `${seconds(r.latencySeconds)} latency acceptable, within Firehose's 60–900 s`;
    return {
      choice: IngestChoice.FIREHOSE,
      reason: `Delivery to storage only, ${latency}, no replay: Firehose direct PUT delivers to S3, Redshift or OpenSearch `
        + 'with no administration (reference architecture: use Firehose for "Delivery to S3/Redshift only").',
      runnerUp: IngestChoice.KINESIS,
      runnerUpReason: 'A Kinesis stream adds sub-second reads, 24 h–365 days of replay and several independent consumers, '
        + 'none of which delivery to storage needs, and shards to size and watch.',
    };
  }
  if (r.replayHours !== undefined && r.replayHours > KINESIS_MAX_REPLAY_HOURS) {
    return {
      choice: IngestChoice.MSK,
      reason: `Replay of ${hours(r.replayHours)} is beyond the 24 h–365 days a Kinesis stream keeps: MSK's retention is configurable.`,
      runnerUp: IngestChoice.KINESIS,
      runnerUpReason: 'Kinesis Data Streams keeps records at most 365 days (8,760 hours).',
    };
  }
  const needs: string[] = [];
  if (fastSeconds !== undefined) {
    needs.push(`${seconds(fastSeconds)} latency (Kinesis is sub-second; Firehose takes 60–900 s)`);
  }
  if (r.replayHours !== undefined) {
    needs.push(`replay of ${hours(r.replayHours)} (Kinesis keeps 24 h–365 days)`);
  }
  if (r.independentConsumers > 1) {
    needs.push(`${r.independentConsumers} independent consumers reading the same stream at different positions (shard iterators)`);
  }
  const why = needs.length > 0 ? needs.join(', ') : 'AWS-native streaming with no need for Kafka, a queue or delivery-only';
  return {
    choice: IngestChoice.KINESIS,
    reason: `Kinesis Data Streams: ${why}; the Kafka protocol is not needed (reference architecture: use Kinesis for "New AWS-native streaming").`,
    ...(r.deliveryOnly
      ? {
        runnerUp: IngestChoice.FIREHOSE,
        runnerUpReason: 'Firehose would fit delivery to storage only, but the reference architecture gives it 60–900 s of latency, '
          + `above the ${seconds(fastSeconds!)} acceptable.`,
      }
      : {
        runnerUp: IngestChoice.MSK,
        runnerUpReason: 'MSK is also sub-second with replay and consumer groups, but it is for the Kafka protocol, which is not needed, '
          + 'and needs more administration (reference architecture: "Medium" against "Minimal").',
      }),
  };
}

function costOf(costs: IngestCost[], choice: IngestChoice): number | undefined {
  return costs.find(c => c.choice === choice)?.monthlyUsd;
}

function decisionWarnings(r: ResolvedRequirements, v: Verdict, costs: IngestCost[]): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  if (v.choice === IngestChoice.KINESIS && v.runnerUp === IngestChoice.FIREHOSE) {
    warnings.push({
      id: 'latencyBelowFirehoseBuffer',
      message: `Delivery to storage only would fit Firehose, but ${seconds(r.latencySeconds!)} of latency is below the 60–900 s the `
        + 'reference architecture gives it, so a Kinesis stream was chosen. Firehose\'s buffering interval can be set below 60 s, '
        + 'down to 0 (zero buffering delivers within a few seconds, with more S3 PUT requests): if that is fast enough, '
        + `Firehose direct PUT costs ${usd(costOf(costs, IngestChoice.FIREHOSE)!)} a month against Kinesis's `
        + `${usd(costOf(costs, IngestChoice.KINESIS)!)}.`,
    });
  }
  if (r.kafkaProtocol && r.oneAtATimeTasks) {
    warnings.push({
      id: 'taskQueueOnKafka',
      message: 'Tasks handled one at a time are a task queue, for which the reference architecture points to Amazon SQS; '
        + 'MSK was chosen because the Kafka protocol is needed. If only a few producers need Kafka, a queue is simpler.',
    });
  }
  const chosen = costOf(costs, v.choice);
  const second = costOf(costs, v.runnerUp);
  if (chosen !== undefined && second !== undefined && second < chosen && v.choice !== IngestChoice.MSK) {
    warnings.push({
      id: 'runnerUpCheaper',
      message: `${NAMES[v.runnerUp]}, the runner-up, costs ${usd(second)} a month against ${usd(chosen)} for ${NAMES[v.choice]}: `
        + `the choice follows the needs stated; if one of them can be relaxed, ${NAMES[v.runnerUp]} saves ${usd(chosen - second)} a month.`,
    });
  }
  return warnings;
}

function summarise(d: Omit<IngestDecision, 'summary'>): string {
  const lines = [
    `Ingest: ${NAMES[d.choice]}`,
    row('why', d.reason),
    row('runner-up', `${NAMES[d.runnerUp]}: ${d.runnerUpReason}`),
    ...d.costs.map(c => row(`${NAMES[c.choice]}`, `${usd(c.monthlyUsd)} a month`)),
    ...d.warnings.map(w => row('warning', `${w.id}: ${w.message}`)),
  ];
  return lines.join('\n');
}
