import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { KafkaClusterMetrics } from './cluster-metrics';
import { checkConsumerGroupId } from './kafka-names';
import { InputError } from '../common/input-error';
import { AlarmFactory } from '../monitoring/alarm-factory';

/**
 * The kind of MSK cluster, which decides the metrics it publishes: Standard brokers
 * publish the replication and disk metrics, Express brokers do not (storage is managed,
 * replication fixed at 3 with min ISR 2), Serverless publishes topic and consumer-lag
 * metrics only.
 */
export type KafkaClusterKind = 'STANDARD' | 'EXPRESS' | 'SERVERLESS';

/** How the cluster keeps its metadata, when known; it decides what a silent controller metric means. */
export type KafkaMetadataMode = 'ZOOKEEPER' | 'KRAFT';

/** CPU (user + system) that calls for more or bigger brokers, percent (AWS's sizing guidance). */
export const CPU_ALARM_PERCENT = 60;
/** Share of the data-log disk at which to add storage, percent. */
export const DISK_ALARM_PERCENT = 85;

/** Throttling and lag alarms fire on 3 breaching minutes out of 5: sustained, not a blip. */
const SUSTAINED = { evaluationPeriods: 5, datapointsToAlarm: 3 };
/** CPU and disk alarms fire after 5 breaching minutes in a row. */
const FIVE_MINUTES = { evaluationPeriods: 5, datapointsToAlarm: 5 };
/** Rolling broker restarts (patching, updates) leave partitions under-replicated for minutes: wait 15. */
const FIFTEEN_MINUTES = { evaluationPeriods: 15, datapointsToAlarm: 15 };
/** States that stop reads or writes: 3 minutes in a row, past a leader election. */
const THREE_MINUTES = { evaluationPeriods: 3, datapointsToAlarm: 3 };

/** What the alarms of an MSK cluster are derived from. */
export interface KafkaClusterAlarmInputs {
  /** Where the cluster is, for descriptions (e.g. `MSK cluster Stack/Bridge`). */
  readonly label: string;
  /** The cluster's name (a string or a token), never its ARN: MSK dimensions metrics by name. */
  readonly clusterName: string;
  readonly clusterKind: KafkaClusterKind;
  /**
   * Broker ids of a provisioned cluster (1..N). Undefined for an imported cluster whose
   * brokers are unknown: the alarms then use Metrics Insights queries over all brokers.
   */
  readonly brokerIds?: number[];
  /**
   * ZooKeeper or KRaft, when known. Only ZooKeeper brokers are known to report
   * ActiveControllerCount every minute, so only there does a silent metric raise the alarm.
   */
  readonly metadataMode?: KafkaMetadataMode;
}

/**
 * The alarm set of an MSK cluster. Every metric is in `AWS/Kafka`, dimensioned by
 * `Cluster Name` (and `Broker ID`), which is what MSK publishes; see `KafkaClusterMetrics`.
 *
 * - Standard: CPU per broker, data-log disk, under-replicated, under-min-ISR and offline
 *   partitions, active controller.
 * - Express: CPU per broker, under-min-ISR partitions, active controller, produce and
 *   fetch throttling (Express publishes no under-replicated, offline or disk metrics).
 * - Serverless: none here (no brokers to watch); consumer lag comes from `createConsumerLagAlarm`.
 *
 * Missing data is chosen per alarm. Health gauges (CPU, disk, partition counts) are
 * published every minute, idle or not: silence means the broker stopped reporting, which
 * must not clear an alarm, so they ignore it. Throttling appears only while it happens,
 * so missing data there is not breaching and an idle cluster stays quiet.
 *
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/bestpractices.html
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/bestpractices-express.html
 */
export function createKafkaClusterAlarms(alarms: AlarmFactory, inputs: KafkaClusterAlarmInputs): void {
  if (inputs.clusterKind === 'SERVERLESS') {
    if (inputs.brokerIds !== undefined) {
      throw new InputError('`brokerIds` does not apply to an MSK Serverless cluster, which has no brokers to alarm on');
    }
    return;
  }
  const metrics = new KafkaClusterMetrics(inputs.clusterName, inputs.brokerIds);
  const { label } = inputs;
  const ignore = cloudwatch.TreatMissingData.IGNORE;

  createCpuAlarms(alarms, metrics, inputs);

  if (inputs.clusterKind === 'STANDARD') {
    alarms.create({
      id: 'DiskUsedAlarm',
      metric: metrics.maxDataLogsDiskUsed(),
      threshold: DISK_ALARM_PERCENT,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      ...FIVE_MINUTES,
      treatMissingData: ignore,
      description: `${label}: a broker's data-log disk is at least ${DISK_ALARM_PERCENT}% full (KafkaDataLogsDiskUsed) for 5 minutes; `
        + 'a full disk stops the broker. Raise the storage per broker (storage only grows), shorten topic retention, '
        + 'or add brokers and reassign partitions.',
    });
    alarms.create({
      id: 'UnderReplicatedPartitionsAlarm',
      metric: metrics.totalUnderReplicatedPartitions(),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      ...FIFTEEN_MINUTES,
      treatMissingData: ignore,
      description: `${label}: partitions have been under-replicated (UnderReplicatedPartitions) for 15 minutes, `
        + 'longer than a rolling broker restart takes; one more broker failure may lose data or stop writes. '
        + 'Check for a broker that is down or overloaded (CPU, disk, network) and add brokers or use a bigger instance type.',
    });
  }

  alarms.create({
    id: 'UnderMinIsrPartitionsAlarm',
    metric: metrics.totalUnderMinIsrPartitions(),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    ...THREE_MINUTES,
    treatMissingData: ignore,
    description: `${label}: partitions have fewer in-sync replicas than min.insync.replicas (UnderMinIsrPartitionCount) `
      + 'for 3 minutes; producers with acks=all are refused. Find the brokers that are down or falling behind '
      + '(CPU, disk, network) and bring them back or add capacity.',
  });

  if (inputs.clusterKind === 'STANDARD') {
    alarms.create({
      id: 'OfflinePartitionsAlarm',
      metric: metrics.offlinePartitions(),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      ...THREE_MINUTES,
      treatMissingData: ignore,
      description: `${label}: partitions have had no leader (OfflinePartitionsCount) for 3 minutes; `
        + 'nothing can be written to or read from them. Check which brokers are down, and that topics use a '
        + 'replication factor of 3 with min.insync.replicas 2 so one broker loss keeps them online.',
    });
  }

  createActiveControllerAlarm(alarms, metrics, inputs);

  if (inputs.clusterKind === 'EXPRESS') {
    const notBreaching = cloudwatch.TreatMissingData.NOT_BREACHING;
    const throttled = (what: string, metricName: string) => `${label}: ${what} requests were throttled (${metricName}, `
      + 'the most throttled broker) in 3 of 5 minutes: clients exceed the throughput of their Express brokers. '
      + 'Add brokers or use a bigger Express instance type, or spread partitions over more brokers. '
      + 'The metric is published at the PER_BROKER monitoring level.';
    alarms.create({
      id: 'ProduceThrottleAlarm',
      metric: metrics.maxProduceThrottleTime(),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      ...SUSTAINED,
      treatMissingData: notBreaching,
      description: throttled('produce', 'ProduceThrottleTime'),
    });
    alarms.create({
      id: 'FetchThrottleAlarm',
      metric: metrics.maxFetchThrottleTime(),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      ...SUSTAINED,
      treatMissingData: notBreaching,
      description: throttled('fetch', 'FetchThrottleTime'),
    });
  }
}

/**
 * One CPU alarm per broker (`CpuAlarmBroker1`…) on CpuUser + CpuSystem: two metrics each,
 * since an alarm's math may use at most 10. With the ids unknown, one `CpuAlarm` on the
 * least idle broker's CpuIdle (a Metrics Insights query): idle below 40% is CPU above 60%.
 */
function createCpuAlarms(alarms: AlarmFactory, metrics: KafkaClusterMetrics, inputs: KafkaClusterAlarmInputs): void {
  const advice = 'Add brokers (and reassign partitions) or use a bigger instance type before latency and throttling rise.';
  const ids = metrics.brokerIds;
  if (ids === undefined) {
    alarms.create({
      id: 'CpuAlarm',
      metric: metrics.minCpuIdle(),
      threshold: 100 - CPU_ALARM_PERCENT,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      ...FIVE_MINUTES,
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
      description: `${inputs.label}: the busiest broker's CPU has been above ${CPU_ALARM_PERCENT}% `
        + `(CpuIdle below ${100 - CPU_ALARM_PERCENT}%) for 5 minutes. ${advice}`,
    });
    return;
  }
  for (const id of ids) {
    alarms.create({
      id: `CpuAlarmBroker${id}`,
      metric: metrics.cpu(id),
      threshold: CPU_ALARM_PERCENT,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      ...FIVE_MINUTES,
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
      description: `${inputs.label}: broker ${id}'s CPU (CpuUser + CpuSystem) has been above ${CPU_ALARM_PERCENT}% for 5 minutes. ${advice}`,
    });
  }
}

/**
 * ActiveControllerCount below 1: no broker is the controller, so no leader elections,
 * partition moves or topic changes happen.
 *
 * What silence means depends on the metadata mode. Every ZooKeeper-mode broker reports the
 * gauge each minute, so no data at all means no broker is reporting: the cluster is down,
 * and missing data is breaching. KRaft controllers are separate nodes MSK runs out of sight;
 * that it publishes this metric for KRaft clusters could not be confirmed from the MSK
 * documentation, so there (and when the mode is unknown) missing data is not breaching, and
 * the alarm fires only on a reported 0 instead of staying in ALARM on a healthy cluster.
 */
function createActiveControllerAlarm(alarms: AlarmFactory, metrics: KafkaClusterMetrics, inputs: KafkaClusterAlarmInputs): void {
  const zooKeeper = inputs.metadataMode === 'ZOOKEEPER';
  alarms.create({
    id: 'ActiveControllerAlarm',
    metric: metrics.activeControllers(),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    ...THREE_MINUTES,
    treatMissingData: zooKeeper ? cloudwatch.TreatMissingData.BREACHING : cloudwatch.TreatMissingData.NOT_BREACHING,
    description: `${inputs.label}: no broker has been the active controller (ActiveControllerCount below 1`
      + `${zooKeeper ? ', or no broker reporting at all' : ''}) for 3 minutes; leader elections and topic changes stop. `
      + 'Check the cluster state and the brokers\' health in the MSK console and contact AWS Support if it persists.',
  });
}

/** What a consumer-lag alarm watches. */
export interface ConsumerLagAlarmInputs {
  /** Construct id of the alarm; stable, part of the public contract. */
  readonly id: string;
  /** Where the consumer is, for descriptions. */
  readonly label: string;
  /** The cluster's name (a string or a token), never its ARN. */
  readonly clusterName: string;
  readonly topicName: string;
  /** The consumer group id, exactly as the consumers set `group.id`. */
  readonly consumerGroup: string;
  /** Estimated time to drain the lag above which the group is too far behind. */
  readonly threshold: Duration;
}

/**
 * An alarm on one consumer group's lag on one topic: `EstimatedMaxTimeLag` (seconds to
 * drain the largest partition lag, Maximum per minute) above the threshold in 3 of 5
 * minutes, dimensioned by `Cluster Name`, `Consumer Group` and `Topic`.
 *
 * MSK publishes the metric only while the group is STABLE or EMPTY and has committed
 * offsets, and never for a group id that contains a colon (`:`) or a non-ASCII character:
 * such an id silently stops the metrics and the alarm could never fire, so it is refused.
 * Missing data is not breaching: a group that has not committed yet, or is rebalancing,
 * does not alarm.
 *
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/consumer-lag.html
 */
export function createConsumerLagAlarm(alarms: AlarmFactory, inputs: ConsumerLagAlarmInputs): cloudwatch.Alarm {
  checkConsumerGroupId(inputs.consumerGroup, '`consumerGroup`');
  const seconds = inputs.threshold.toSeconds({ integral: false });
  if (!Token.isUnresolved(seconds) && !(seconds >= 1)) {
    throw new InputError(`\`threshold\` of the consumer lag alarm must be at least 1 second, got ${inputs.threshold.toHumanString()}`);
  }
  const metrics = new KafkaClusterMetrics(inputs.clusterName, undefined);
  return alarms.create({
    id: inputs.id,
    metric: metrics.estimatedMaxTimeLag(inputs.consumerGroup, inputs.topicName),
    threshold: seconds,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    ...SUSTAINED,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    description: `${inputs.label}: consumer group '${inputs.consumerGroup}' needs more than ${inputs.threshold.toHumanString()} `
      + `to catch up on topic '${inputs.topicName}' (EstimatedMaxTimeLag) in 3 of 5 minutes. Find the slow or failing consumer `
      + '(errors, poison records, rebalancing), then add consumers (up to the partition count) or raise the partition count '
      + 'before records expire.',
  });
}

