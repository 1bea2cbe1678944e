import { Duration } from 'aws-cdk-lib';
import { PipelineRequirements } from './pipeline-requirements';
import { checkKnown, checkPositive, checkRange } from '../common/checks';
import { InputError } from '../common/input-error';
import { KinesisLimits } from '../planning/kinesis/kinesis-limits';
import { resolveWorkload, ResolvedWorkload } from '../planning/kinesis/resolved-workload';

/** Firehose's latency in the reference architecture's decision table: 60–900 seconds. */
export const FIREHOSE_MIN_LATENCY_SECONDS = 60;
/** Kinesis keeps records 24 hours to 365 days (8,760 hours). */
export const KINESIS_MAX_REPLAY_HOURS = KinesisLimits.MAX_RETENTION_HOURS;
/** Longest replay planned: MSK's retention as `BrokerSizing` plans it, ten years. */
const MAX_REPLAY_HOURS = 3650 * 24;
/** Most independent consumers accepted, as for polling consumers in `StreamWorkload`. */
const MAX_CONSUMERS = 1000;

/** Requirements validated, with every default applied. */
export interface ResolvedRequirements {
  readonly kafkaProtocol: boolean;
  readonly latency?: Duration;
  readonly latencySeconds?: number;
  readonly replay?: Duration;
  readonly replayHours?: number;
  readonly independentConsumers: number;
  readonly deliveryOnly: boolean;
  readonly oneAtATimeTasks: boolean;
  readonly workload: ResolvedWorkload;
}

function knownDuration(name: string, d: Duration | undefined): void {
  if (d !== undefined && d.isUnresolved()) {
    throw new InputError(`\`${name}\` must be known at synth to decide with, got an unresolved token (e.g. a CfnParameter): state it as a plain duration`);
  }
}

/**
 * Validates requirements and refuses needs that contradict each other, naming both.
 *
 * Combinations that are choices, not contradictions: the Kafka protocol with anything
 * (MSK; Firehose can deliver a topic to S3), delivery only with latency below 60 s (a
 * stream, with a warning), replay beyond 365 days (MSK).
 */
export function resolveRequirements(r: PipelineRequirements): ResolvedRequirements {
  if (r.workload === undefined) {
    throw new InputError('`workload` is required: the peak load, which prices every choice');
  }
  const workload = resolveWorkload(r.workload);

  knownDuration('latency', r.latency);
  const latencySeconds = r.latency?.toSeconds({ integral: false });
  checkPositive({ name: 'latency', unit: 'seconds' }, latencySeconds);

  knownDuration('replay', r.replay);
  const replayHours = r.replay?.toHours({ integral: false });
  checkPositive({ name: 'replay', unit: 'hours' }, replayHours, MAX_REPLAY_HOURS);

  checkKnown({ name: 'independentConsumers' }, r.independentConsumers);
  checkRange({ name: 'independentConsumers' }, r.independentConsumers, 1, MAX_CONSUMERS, true);
  const stated = r.workload.pollingConsumers === undefined && r.workload.enhancedFanOutConsumers === undefined
    ? undefined : (r.workload.pollingConsumers ?? 0) + (r.workload.enhancedFanOutConsumers ?? 0);
  if (r.independentConsumers !== undefined && stated !== undefined && stated !== r.independentConsumers) {
    throw new InputError('`independentConsumers` and `workload.pollingConsumers` + `workload.enhancedFanOutConsumers` disagree: '
      + `got ${r.independentConsumers} and ${stated}: state the readers once, or make both counts the same`);
  }
  const independentConsumers = r.independentConsumers ?? (stated !== undefined && stated > 0 ? stated : 1);

  const deliveryOnly = r.deliveryOnly ?? false;
  const tasks = r.oneAtATimeTasks ?? false;
  const replay = r.replay?.toHumanString();
  if (deliveryOnly && replayHours !== undefined) {
    throw new InputError('`deliveryOnly` and `replay` contradict: delivery to storage only keeps nothing to replay '
      + `(Firehose: replay "Not supported"), got \`replay\` ${replay}: re-read the delivered objects instead and drop \`replay\`, `
      + 'or drop `deliveryOnly` for a Kinesis stream that keeps 24 h–365 days');
  }
  if (deliveryOnly && independentConsumers > 1) {
    throw new InputError('`deliveryOnly` and `independentConsumers` contradict: delivery to storage only has one reader, the delivery, '
      + `got \`independentConsumers\` ${independentConsumers}: drop \`deliveryOnly\` for a stream that several consumers read`);
  }
  if (deliveryOnly && tasks) {
    throw new InputError('`deliveryOnly` and `oneAtATimeTasks` contradict: records delivered to storage only are not tasks a consumer handles: '
      + 'drop one of them');
  }
  if (tasks && independentConsumers > 1) {
    throw new InputError('`oneAtATimeTasks` and `independentConsumers` contradict: a task is handled once, by one consumer, '
      + `got \`independentConsumers\` ${independentConsumers}: for tasks fanned out to several handlers use SNS to SQS, `
      + 'for records every consumer reads drop `oneAtATimeTasks`');
  }
  if (tasks && replayHours !== undefined) {
    throw new InputError('`oneAtATimeTasks` and `replay` contradict: a task queue deletes a task once handled, '
      + `got \`replay\` ${replay}: drop \`oneAtATimeTasks\` for a Kinesis stream that keeps 24 h–365 days, or drop \`replay\``);
  }
  return {
    kafkaProtocol: r.kafkaProtocol ?? false,
    latency: r.latency,
    latencySeconds,
    replay: r.replay,
    replayHours,
    independentConsumers,
    deliveryOnly,
    oneAtATimeTasks: tasks,
    workload,
  };
}
