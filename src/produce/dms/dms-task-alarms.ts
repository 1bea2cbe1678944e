import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AlarmFactory } from '../../monitoring/alarm-factory';

/** The CloudWatch namespace of DMS. */
export const DMS_NAMESPACE = 'AWS/DMS';

/**
 * The period of the latency metrics and alarms. DMS documents no publishing interval for
 * its task metrics; five minutes keeps a slower cadence from leaving empty periods that a
 * breaching-on-missing alarm would count.
 */
export const DMS_METRIC_PERIOD = Duration.minutes(5);

/** Two 5-minute periods in a row: a sustained lag, not one slow batch. */
const SUSTAINED = { evaluationPeriods: 2, datapointsToAlarm: 2 };

/**
 * A DMS task metric, selected by the task alone.
 *
 * DMS publishes task metrics with two dimensions, `ReplicationInstanceIdentifier` (the
 * instance's name, which its ARN does not contain) and `ReplicationTaskIdentifier` (the
 * task's resource id: the last part of its ARN, not its name). The producer is given the
 * instance's ARN only, so the metric is a CloudWatch Metrics Insights query on the task's
 * resource id, which needs no instance name; statistic Maximum.
 *
 * @param metricName e.g. `CDCLatencySource`
 * @param taskResourceId the last part of the task's ARN (a token is fine)
 * @see https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Monitoring.html#CHAP_Monitoring.Metrics.Task
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch-metrics-insights-querylanguage.html
 */
export function dmsTaskMetric(metricName: string, taskResourceId: string, options: cloudwatch.MathExpressionOptions = {}): cloudwatch.IMetric {
  return new cloudwatch.MathExpression({
    expression: `SELECT MAX(${metricName}) FROM SCHEMA("${DMS_NAMESPACE}", ReplicationInstanceIdentifier, ReplicationTaskIdentifier) `
      + `WHERE ReplicationTaskIdentifier = '${taskResourceId}'`,
    period: DMS_METRIC_PERIOD,
    label: `${metricName} (s)`,
    ...options,
  });
}

/** What the producer's alarms are derived from. */
export interface DmsTaskAlarmInputs {
  /** Where the producer is, for descriptions. */
  readonly label: string;
  readonly sourceLatency: cloudwatch.IMetric;
  readonly targetLatency: cloudwatch.IMetric;
  /** The threshold, in seconds. */
  readonly latencyObjectiveSeconds: number;
  /**
   * Whether the library starts the task: then a target latency that stops arriving means
   * the task stopped or failed, which breaches; otherwise a stopped task stays quiet.
   */
  readonly expectRunning: boolean;
}

/**
 * Two alarms on the change-data-capture latency, at the producer's latency objective:
 * - `SourceLatencyAlarm` (`CDCLatencySource`): DMS reads the source's log late. Quiet when
 *   missing: DMS reports it only while capturing.
 * - `TargetLatencyAlarm` (`CDCLatencyTarget`): changes reach the stream late. When the
 *   library starts the task, missing data breaches: a running task reports it, so its
 *   absence means the task stopped or failed.
 */
export function createDmsTaskAlarms(alarms: AlarmFactory, inputs: DmsTaskAlarmInputs): void {
  const objective = inputs.latencyObjectiveSeconds;
  alarms.create({
    id: 'SourceLatencyAlarm',
    metric: inputs.sourceLatency,
    threshold: objective,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    ...SUSTAINED,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    description: `${inputs.label}: DMS has read the source database's changes more than ${objective} s late for 10 minutes `
      + '(CDCLatencySource). The replication instance cannot keep up with the source\'s log, or cannot reach it: check the '
      + 'task log, the source\'s log retention and load, and the instance\'s CPU and memory.',
  });
  alarms.create({
    id: 'TargetLatencyAlarm',
    metric: inputs.targetLatency,
    threshold: objective,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    ...SUSTAINED,
    treatMissingData: inputs.expectRunning ? cloudwatch.TreatMissingData.BREACHING : cloudwatch.TreatMissingData.NOT_BREACHING,
    description: `${inputs.label}: changes have reached the stream more than ${objective} s after DMS read them for 10 minutes `
      + '(CDCLatencyTarget). If CDCLatencySource is high too, look at the source first; otherwise the stream throttles '
      + '(WriteProvisionedThroughputExceeded: more shards, or a key that spreads) or the task applies too slowly.'
      + (inputs.expectRunning ? ' It also fires when the task stops reporting (stopped or failed): see its status and log in DMS.' : ''),
  });
}
