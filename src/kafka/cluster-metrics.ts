import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { InputError } from '../common/input-error';

/** The namespace every MSK metric is published in. */
export const KAFKA_NAMESPACE = 'AWS/Kafka';

/** One minute: MSK pushes provisioned and Serverless metrics to CloudWatch every minute. */
export const KAFKA_METRIC_PERIOD = Duration.minutes(1);

/**
 * The dimension names MSK publishes under, spaces included. A metric dimensioned by
 * `ClusterName`, `BrokerId` or by the cluster ARN matches nothing, so an alarm on it never fires.
 */
export const KafkaDimension = {
  CLUSTER_NAME: 'Cluster Name',
  BROKER_ID: 'Broker ID',
  TOPIC: 'Topic',
  CONSUMER_GROUP: 'Consumer Group',
} as const;

/**
 * Metrics an alarm's metric math may use at most. Beyond this many brokers, the
 * cluster-wide metrics use a Metrics Insights query instead of one metric per broker.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_alarm_on_metric_math_expression.html
 */
export const MAX_METRICS_PER_ALARM = 10;

/** How per-broker values combine into one cluster-wide series. */
type AcrossBrokers = 'MAX' | 'SUM' | 'MIN';

/**
 * The CloudWatch metrics of one MSK cluster with the statistic each is read with,
 * defined once for the cluster alarms and the readers' lag.
 *
 * Every metric is in `AWS/Kafka` and dimensioned by `Cluster Name` (the cluster's name,
 * not its ARN), plus `Broker ID` for broker metrics and `Consumer Group` and `Topic` for
 * consumer lag. Provisioned broker ids run from 1 to the broker count. Where the ids are
 * unknown (an imported cluster) or too many for one alarm, cluster-wide values come from
 * a Metrics Insights query over the `("Broker ID", "Cluster Name")` schema, one series
 * whatever the broker count (such queries see the last 3 hours only, and an account has
 * a quota of Metrics Insights alarms).
 *
 * Standard brokers, `DEFAULT` (free) level, dimensions `Cluster Name, Broker ID`: CpuUser,
 * CpuSystem, CpuIdle, KafkaDataLogsDiskUsed, UnderReplicatedPartitions,
 * UnderMinIsrPartitionCount; `Cluster Name` only: OfflinePartitionsCount,
 * ActiveControllerCount. ProduceThrottleTime and FetchThrottleTime (average ms) are
 * `PER_BROKER` (paid) metrics, dimensions `Cluster Name, Broker ID`.
 *
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/metrics-details.html
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/metrics-details-express.html
 * @see https://docs.aws.amazon.com/msk/latest/developerguide/consumer-lag.html
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-querylanguage.html
 */
export class KafkaClusterMetrics {
  /** Broker ids, when known: 1..N for a provisioned cluster the library created. */
  public readonly brokerIds: number[] | undefined;

  /**
   * @param clusterName the cluster's name (a string or a token), not its ARN.
   * @param brokerIds the brokers' ids, or undefined when they are not known.
   */
  constructor(private readonly clusterName: string, brokerIds: number[] | undefined) {
    if (!Token.isUnresolved(clusterName) && clusterName.trim() === '') {
      throw new InputError('`clusterName` must name the MSK cluster, got an empty string');
    }
    if (brokerIds !== undefined) {
      checkBrokerIds(brokerIds);
    }
    this.brokerIds = brokerIds === undefined ? undefined : [...brokerIds];
  }

  /** CPU in user space, percent: Average per minute, per broker. */
  public cpuUser(brokerId: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.brokerMetric('CpuUser', brokerId, 'Average', props);
  }

  /** CPU in kernel space, percent: Average per minute, per broker. */
  public cpuSystem(brokerId: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.brokerMetric('CpuSystem', brokerId, 'Average', props);
  }

  /**
   * CPU used by the broker, percent: CpuUser + CpuSystem (the sum AWS sizes brokers by),
   * per minute. Two metrics, so one alarm per broker.
   */
  public cpu(brokerId: number): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      expression: 'user + system',
      usingMetrics: { user: this.cpuUser(brokerId), system: this.cpuSystem(brokerId) },
      period: KAFKA_METRIC_PERIOD,
      label: `CPU (user + system) of broker ${brokerId}`,
    });
  }

  /**
   * Idle CPU of the least idle broker, percent, per minute: a Metrics Insights query,
   * for when the broker ids are unknown. 100 minus it is the busiest broker's CPU
   * including I/O wait, so it reads slightly higher than CpuUser + CpuSystem.
   */
  public minCpuIdle(): cloudwatch.MathExpression {
    return this.insights('CpuIdle', 'MIN');
  }

  /** Share of the data-log disk used, percent: Maximum per minute, per broker. */
  public dataLogsDiskUsed(brokerId: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.brokerMetric('KafkaDataLogsDiskUsed', brokerId, 'Maximum', props);
  }

  /** Share of the data-log disk used on the fullest broker, percent, per minute. */
  public maxDataLogsDiskUsed(): cloudwatch.IMetric {
    return this.acrossBrokers('KafkaDataLogsDiskUsed', 'MAX', id => this.dataLogsDiskUsed(id));
  }

  /** Partitions led by the broker whose followers lag: Maximum per minute, per broker. */
  public underReplicatedPartitions(brokerId: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.brokerMetric('UnderReplicatedPartitions', brokerId, 'Maximum', props);
  }

  /** Under-replicated partitions of the cluster: the brokers' counts summed, per minute. */
  public totalUnderReplicatedPartitions(): cloudwatch.IMetric {
    return this.acrossBrokers('UnderReplicatedPartitions', 'SUM', id => this.underReplicatedPartitions(id));
  }

  /** Partitions with fewer in-sync replicas than `min.insync.replicas`: Maximum per minute, per broker. */
  public underMinIsrPartitions(brokerId: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.brokerMetric('UnderMinIsrPartitionCount', brokerId, 'Maximum', props);
  }

  /** Partitions under min ISR in the cluster: the brokers' counts summed, per minute. */
  public totalUnderMinIsrPartitions(): cloudwatch.IMetric {
    return this.acrossBrokers('UnderMinIsrPartitionCount', 'SUM', id => this.underMinIsrPartitions(id));
  }

  /** Partitions without a leader in the cluster: Maximum per minute, `Cluster Name` only. */
  public offlinePartitions(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.clusterMetric('OfflinePartitionsCount', 'Maximum', props);
  }

  /**
   * Active controllers: each broker reports 1 if it is the controller, else 0, under
   * `Cluster Name` only. Maximum per minute: 1 while some broker is the controller.
   */
  public activeControllers(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.clusterMetric('ActiveControllerCount', 'Maximum', props);
  }

  /** Average time produce requests were throttled, ms: Average per minute, per broker. */
  public produceThrottleTime(brokerId: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.brokerMetric('ProduceThrottleTime', brokerId, 'Average', props);
  }

  /** Produce throttle time of the most throttled broker, ms, per minute. */
  public maxProduceThrottleTime(): cloudwatch.IMetric {
    return this.acrossBrokers('ProduceThrottleTime', 'MAX', id => this.produceThrottleTime(id));
  }

  /** Average time fetch requests were throttled, ms: Average per minute, per broker. */
  public fetchThrottleTime(brokerId: number, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.brokerMetric('FetchThrottleTime', brokerId, 'Average', props);
  }

  /** Fetch throttle time of the most throttled broker, ms, per minute. */
  public maxFetchThrottleTime(): cloudwatch.IMetric {
    return this.acrossBrokers('FetchThrottleTime', 'MAX', id => this.fetchThrottleTime(id));
  }

  /**
   * Estimated seconds the group needs to drain its largest partition lag on the topic
   * (`EstimatedMaxTimeLag`): Maximum per minute, dimensions `Cluster Name`,
   * `Consumer Group`, `Topic`. Published only while the group is STABLE or EMPTY and has
   * committed offsets, and never for a group id with a `:` or non-ASCII characters.
   *
   * @see https://docs.aws.amazon.com/msk/latest/developerguide/consumer-lag.html
   */
  public estimatedMaxTimeLag(consumerGroup: string, topicName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.consumerMetric('EstimatedMaxTimeLag', consumerGroup, topicName, props);
  }

  /** The group's largest offset lag over the topic's partitions (`MaxOffsetLag`): Maximum per minute. */
  public maxOffsetLag(consumerGroup: string, topicName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.consumerMetric('MaxOffsetLag', consumerGroup, topicName, props);
  }

  private brokerMetric(metricName: string, brokerId: number, statistic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: KAFKA_NAMESPACE,
      metricName,
      dimensionsMap: {
        [KafkaDimension.CLUSTER_NAME]: this.clusterName,
        [KafkaDimension.BROKER_ID]: String(brokerId),
      },
      statistic,
      period: KAFKA_METRIC_PERIOD,
      ...props,
    });
  }

  private clusterMetric(metricName: string, statistic: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: KAFKA_NAMESPACE,
      metricName,
      dimensionsMap: { [KafkaDimension.CLUSTER_NAME]: this.clusterName },
      statistic,
      period: KAFKA_METRIC_PERIOD,
      ...props,
    });
  }

  private consumerMetric(metricName: string, consumerGroup: string, topicName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: KAFKA_NAMESPACE,
      metricName,
      dimensionsMap: {
        [KafkaDimension.CLUSTER_NAME]: this.clusterName,
        [KafkaDimension.CONSUMER_GROUP]: consumerGroup,
        [KafkaDimension.TOPIC]: topicName,
      },
      statistic: 'Maximum',
      period: KAFKA_METRIC_PERIOD,
      ...props,
    });
  }

  /**
   * One series over all brokers: metric math over each broker's metric when the ids are
   * known and fit in one alarm, else a Metrics Insights query.
   */
  private acrossBrokers(metricName: string, fn: AcrossBrokers, perBroker: (id: number) => cloudwatch.Metric): cloudwatch.IMetric {
    const ids = this.brokerIds;
    if (ids === undefined || ids.length > MAX_METRICS_PER_ALARM) {
      return this.insights(metricName, fn);
    }
    const usingMetrics: Record<string, cloudwatch.IMetric> = {};
    for (const id of ids) {
      usingMetrics[`broker${id}`] = perBroker(id);
    }
    return new cloudwatch.MathExpression({
      expression: `${fn}([${ids.map(id => `broker${id}`).join(', ')}])`,
      usingMetrics,
      period: KAFKA_METRIC_PERIOD,
      label: `${metricName}, ${describe(fn)} over brokers`,
    });
  }

  private insights(metricName: string, fn: AcrossBrokers): cloudwatch.MathExpression {
    return new cloudwatch.MathExpression({
      expression: `SELECT ${fn}(${metricName}) FROM SCHEMA("${KAFKA_NAMESPACE}", "${KafkaDimension.BROKER_ID}", "${KafkaDimension.CLUSTER_NAME}") `
        + `WHERE "${KafkaDimension.CLUSTER_NAME}" = '${this.clusterName}'`,
      period: KAFKA_METRIC_PERIOD,
      label: `${metricName}, ${describe(fn)} over brokers`,
    });
  }
}

function describe(fn: AcrossBrokers): string {
  switch (fn) {
    case 'MAX': return 'highest';
    case 'MIN': return 'lowest';
    case 'SUM': return 'sum';
  }
}

function checkBrokerIds(brokerIds: number[]): void {
  if (brokerIds.length === 0) {
    throw new InputError('`brokerIds` must list at least one broker id (leave it undefined when the ids are unknown), got []');
  }
  const bad = brokerIds.filter(id => !Number.isInteger(id) || id < 1);
  if (bad.length > 0) {
    throw new InputError(`\`brokerIds\` must be whole numbers from 1 (MSK numbers brokers 1..N), got ${bad.join(', ')}`);
  }
  const repeated = brokerIds.filter((id, i) => brokerIds.indexOf(id) !== i);
  if (repeated.length > 0) {
    throw new InputError(`\`brokerIds\` must not repeat an id, got ${[...new Set(repeated)].join(', ')} more than once`);
  }
}
