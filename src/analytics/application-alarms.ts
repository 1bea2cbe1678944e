import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { AlarmFactory } from '../monitoring/alarm-factory';

/** What the application's alarms are derived from. */
export interface ApplicationAlarmInputs {
  /** Where the application is, for descriptions. */
  readonly label: string;
  /** The Flink major version: 2.x replaces `downtime` with `restartingTime` and `failingTime`. */
  readonly flinkMajorVersion: number;
  /**
   * Whether the library starts the application: then metrics that stop arriving mean the
   * job is not running, which breaches; otherwise a stopped application stays quiet.
   */
  readonly expectRunning: boolean;
  /** Whether Managed Flink's autoscaling is on: the CPU alarm then waits for it to act. */
  readonly autoScaling: boolean;
  readonly downtime: cloudwatch.IMetric;
  readonly restartingTime: cloudwatch.IMetric;
  readonly failingTime: cloudwatch.IMetric;
  readonly failedCheckpoints: cloudwatch.IMetric;
  readonly lastCheckpointDuration: cloudwatch.IMetric;
  readonly checkpointInterval: Duration;
  readonly cpuUtilization: cloudwatch.IMetric;
  readonly heapMemoryUtilization: cloudwatch.IMetric;
  /** The source lag metric, its threshold and what they mean. */
  readonly lag: { metric: cloudwatch.IMetric; threshold: number; what: string };
}

/**
 * A job down, restarting or failing for 10 minutes in a row: a restart loop, not one restart
 * (an update or an autoscaling change restores the state from a snapshot, which can take
 * minutes for a large state).
 */
const TEN_MINUTES = { evaluationPeriods: 10, datapointsToAlarm: 10 };
/**
 * CPU above the threshold this long: 15 minutes without autoscaling; with it, 30, autoscaling's
 * own 15-minute trigger (75% CPU doubles the parallelism) plus the restart from a snapshot.
 */
const CPU_MINUTES = { withoutAutoScaling: 15, withAutoScaling: 30 };

/**
 * The alarm set of a Managed Flink application. Quiet when idle: none depends on records
 * arriving, and the checkpoint, CPU and lag alarms treat missing data as not breaching.
 */
export function createApplicationAlarms(alarms: AlarmFactory, inputs: ApplicationAlarmInputs): void {
  const { label } = inputs;
  const above = cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD;
  const notBreaching = cloudwatch.TreatMissingData.NOT_BREACHING;
  const whenMissing = inputs.expectRunning ? cloudwatch.TreatMissingData.BREACHING : notBreaching;
  const missingText = inputs.expectRunning ? ' It also fires when the application stops publishing metrics (not RUNNING).' : '';

  if (inputs.flinkMajorVersion >= 2) {
    alarms.create({
      id: 'RestartingAlarm',
      metric: new cloudwatch.MathExpression({
        expression: 'MAX([restarting, failing])',
        usingMetrics: { restarting: inputs.restartingTime, failing: inputs.failingTime },
        label: 'Time restarting or failing (ms)',
        period: Duration.minutes(1),
      }),
      threshold: 0,
      comparisonOperator: above,
      ...TEN_MINUTES,
      treatMissingData: whenMissing,
      description: `${label}: the job has been restarting or failing (restartingTime, failingTime) for 10 minutes in a row, so `
        + 'nothing is processed. Read the application\'s log group for the exception that fails it.' + missingText,
    });
  } else {
    alarms.create({
      id: 'DowntimeAlarm',
      metric: inputs.downtime,
      threshold: 0,
      comparisonOperator: above,
      ...TEN_MINUTES,
      treatMissingData: whenMissing,
      description: `${label}: the job has been down (downtime above 0) for 10 minutes in a row, so nothing is processed: `
        + 'it keeps failing and restarting. Read the application\'s log group for the exception that fails it.' + missingText,
    });
  }

  alarms.create({
    id: 'FailedCheckpointsAlarm',
    metric: new cloudwatch.MathExpression({
      expression: 'DIFF(failed)',
      usingMetrics: { failed: inputs.failedCheckpoints },
      label: 'Checkpoints failed in the period',
      period: Duration.minutes(5),
    }),
    threshold: 0,
    comparisonOperator: above,
    evaluationPeriods: 3,
    datapointsToAlarm: 2,
    treatMissingData: notBreaching,
    description: `${label}: checkpoints failed in 2 of the last 3 periods of 5 minutes (numberOfFailedCheckpoints grew). `
      + 'A restart now replays from an older checkpoint, and state that cannot be checkpointed makes the job fail. Look for '
      + 'backpressure, a slow sink or state that grows without bound.',
  });

  const interval = inputs.checkpointInterval.toMilliseconds();
  alarms.create({
    id: 'CheckpointDurationAlarm',
    metric: inputs.lastCheckpointDuration,
    threshold: interval,
    comparisonOperator: above,
    evaluationPeriods: 3,
    datapointsToAlarm: 3,
    treatMissingData: notBreaching,
    description: `${label}: checkpoints took longer than the ${interval / 1000}-second checkpoint interval for 3 minutes in a `
      + 'row (lastCheckpointDuration), so the next one starts late and a restart replays more. Look for backpressure or '
      + 'large state; raise the interval only if that much replay is acceptable.',
  });

  const cpuMinutes = inputs.autoScaling ? CPU_MINUTES.withAutoScaling : CPU_MINUTES.withoutAutoScaling;
  alarms.create({
    id: 'CpuAlarm',
    metric: inputs.cpuUtilization,
    threshold: 80,
    comparisonOperator: above,
    evaluationPeriods: cpuMinutes,
    datapointsToAlarm: cpuMinutes,
    treatMissingData: notBreaching,
    description: inputs.autoScaling
      ? `${label}: a task manager's CPU stayed above 80% for ${cpuMinutes} minutes (cpuUtilization), longer than autoscaling takes `
        + 'to double the parallelism and restart: it is at its ceiling (maxKpus), or one operator is hot. Raise maxKpus or '
        + 'parallelismPerKpu, or find the hot operator.'
      : `${label}: a task manager's CPU stayed above 80% for ${cpuMinutes} minutes (cpuUtilization), and autoscaling is off. `
        + 'Raise parallelism, or find the hot operator.',
  });

  alarms.create({
    id: 'HeapAlarm',
    metric: inputs.heapMemoryUtilization,
    threshold: 90,
    comparisonOperator: above,
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    treatMissingData: notBreaching,
    description: `${label}: a task manager's heap stayed above 90% for 5 minutes (heapMemoryUtilization): garbage collection `
      + 'slows the job and an OutOfMemoryError restarts it. Lower parallelismPerKpu (more memory per subtask) or shrink the state on the heap.',
  });

  alarms.create({
    id: 'LagAlarm',
    metric: inputs.lag.metric,
    threshold: inputs.lag.threshold,
    comparisonOperator: above,
    evaluationPeriods: 5,
    datapointsToAlarm: 5,
    treatMissingData: notBreaching,
    description: `${label}: the job stayed behind its source for 5 minutes: ${inputs.lag.what}. It does not keep up: `
      + 'raise parallelism (and the source\'s shards or partitions to match), or look for backpressure from a sink.',
  });
}
