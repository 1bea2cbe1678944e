import { IngestChoice } from './ingest-choice';
import { CostEstimate } from '../planning/cost/cost-estimate';
import { PlanWarning } from '../planning/plan-warning';

/** One choice priced for the workload, as the planners price it. */
export interface IngestCost {
  /** The choice priced. */
  readonly choice: IngestChoice;
  /** Its monthly cost at the stated peak, USD (`estimate.monthlyUsd`). */
  readonly monthlyUsd: number;
  /**
   * The estimate: Kinesis from `ShardSizing.plan()` (its cheaper capacity mode), MSK from
   * `BrokerSizing.plan()` (its cheapest broker size), Firehose direct PUT per GB ingested.
   */
  readonly estimate: CostEstimate;
}

/**
 * What `ChooseIngest.decide()` chose, why, what came second, and what each costs.
 */
export interface IngestDecision {
  /** The ingest to build. */
  readonly choice: IngestChoice;
  /** Why, in the reference architecture's words and numbers. */
  readonly reason: string;
  /** The next best choice. */
  readonly runnerUp: IngestChoice;
  /** Why not the runner-up, in a sentence. */
  readonly runnerUpReason: string;
  /**
   * Each applicable choice priced for the workload: Kinesis and MSK always, Firehose
   * direct PUT when the records go to storage only (without the Kafka protocol). SQS, the
   * answer for `NOT_A_STREAM`, is not priced.
   */
  readonly costs: IngestCost[];
  /**
   * Risks in the decision, each with a stable id: `latencyBelowFirehoseBuffer`,
   * `taskQueueOnKafka`, `runnerUpCheaper`.
   */
  readonly warnings: PlanWarning[];
  /** The decision explained in a few lines, for logs and reports. */
  readonly summary: string;
}
