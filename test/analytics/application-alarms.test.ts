import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { JOB, jobAlarms, kinesisJob } from './analytics-fixtures';
import { FlinkRuntime, StreamReadMode } from '../../src';
import { ref } from '../template-refs';

const LABEL = `Managed Flink application ${JOB}`;
const NOT_RUNNING = ' It also fires when the application stops publishing metrics (not RUNNING).';

/** A metric of the application as an alarm's `MetricStat` has it. */
function metricStat(metricName: string, period: number, application: unknown) {
  return {
    Metric: { Namespace: 'AWS/KinesisAnalytics', MetricName: metricName, Dimensions: [{ Name: 'Application', Value: application }] },
    Period: period,
    Stat: 'Maximum',
  };
}

/** A single-metric alarm's metric fields: Maximum of the application's metric over 1 minute. */
function singleMetric(metricName: string, application: unknown) {
  return {
    Namespace: 'AWS/KinesisAnalytics',
    MetricName: metricName,
    Dimensions: [{ Name: 'Application', Value: application }],
    Statistic: 'Maximum',
    Period: 60,
  };
}

describe('the application\'s alarms on Flink 1.x', () => {
  test('downtime, failed checkpoints, checkpoint duration, CPU, heap and lag: nothing else', () => {
    const { job, template } = kinesisJob();

    expect(Object.keys(jobAlarms(template()))).toEqual(['Downtime', 'FailedCheckpoints', 'CheckpointDuration', 'Cpu', 'Heap', 'Lag']);
    template().resourceCountIs('AWS::CloudWatch::Alarm', 6 + 4); // and the stream's own four
    expect(job.alarms).toHaveLength(6);
  });

  test('DowntimeAlarm: downtime above 0 for 10 minutes in a row; no metrics means the job is not running', () => {
    const { job, template } = kinesisJob();
    const application = ref(job.application);

    expect(jobAlarms(template()).Downtime.Properties).toEqual({
      ...singleMetric('downtime', application),
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 10,
      DatapointsToAlarm: 10,
      TreatMissingData: 'breaching',
      AlarmDescription: `${LABEL}: the job has been down (downtime above 0) for 10 minutes in a row, so nothing is processed: it keeps `
        + 'failing and restarting. Read the application\'s log group for the exception that fails it.' + NOT_RUNNING,
    });
  });

  test('startAfterDeploy false: a stopped application stays quiet', () => {
    const { template } = kinesisJob({ startAfterDeploy: false });
    const downtime = jobAlarms(template()).Downtime.Properties;

    expect(downtime.TreatMissingData).toBe('notBreaching');
    expect(downtime.AlarmDescription).toBe(`${LABEL}: the job has been down (downtime above 0) for 10 minutes in a row, so nothing is processed: `
      + 'it keeps failing and restarting. Read the application\'s log group for the exception that fails it.');
  });

  test('FailedCheckpointsAlarm: numberOfFailedCheckpoints grew (DIFF) in 2 of 3 periods of 5 minutes', () => {
    const { job, template } = kinesisJob();

    expect(jobAlarms(template()).FailedCheckpoints.Properties).toEqual({
      Metrics: [
        { Id: 'expr_1', Expression: 'DIFF(failed)', Label: 'Checkpoints failed in the period', ReturnData: true },
        { Id: 'failed', MetricStat: metricStat('numberOfFailedCheckpoints', 300, ref(job.application)), ReturnData: false },
      ],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
      AlarmDescription: `${LABEL}: checkpoints failed in 2 of the last 3 periods of 5 minutes (numberOfFailedCheckpoints grew). A restart now `
        + 'replays from an older checkpoint, and state that cannot be checkpointed makes the job fail. Look for backpressure, a slow sink or '
        + 'state that grows without bound.',
    });
  });

  test.each<[string, Duration | undefined, number]>([
    ['the default 1-minute interval', undefined, 60000],
    ['a 2-minute interval', Duration.minutes(2), 120000],
    ['a 30-second interval', Duration.seconds(30), 30000],
  ])('CheckpointDurationAlarm at %s: lastCheckpointDuration above the interval for 3 minutes', (_name, checkpointInterval, threshold) => {
    const { job, template } = kinesisJob({ checkpointInterval });

    expect(jobAlarms(template()).CheckpointDuration.Properties).toEqual({
      ...singleMetric('lastCheckpointDuration', ref(job.application)),
      Threshold: threshold,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
      AlarmDescription: `${LABEL}: checkpoints took longer than the ${threshold / 1000}-second checkpoint interval for 3 minutes in a row `
        + '(lastCheckpointDuration), so the next one starts late and a restart replays more. Look for backpressure or large state; raise the '
        + 'interval only if that much replay is acceptable.',
    });
  });

  test('CpuAlarm with autoscaling (the default): cpuUtilization above 80% for 30 minutes, past autoscaling\'s trigger and restart', () => {
    const { job, template } = kinesisJob();

    expect(jobAlarms(template()).Cpu.Properties).toEqual({
      ...singleMetric('cpuUtilization', ref(job.application)),
      Threshold: 80,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 30,
      DatapointsToAlarm: 30,
      TreatMissingData: 'notBreaching',
      AlarmDescription: `${LABEL}: a task manager's CPU stayed above 80% for 30 minutes (cpuUtilization), longer than autoscaling takes to `
        + 'double the parallelism and restart: it is at its ceiling (maxKpus), or one operator is hot. Raise maxKpus or parallelismPerKpu, '
        + 'or find the hot operator.',
    });
  });

  test('CpuAlarm without autoscaling: 15 minutes', () => {
    const { template } = kinesisJob({ autoScaling: false });
    const cpu = jobAlarms(template()).Cpu.Properties;

    expect([cpu.EvaluationPeriods, cpu.DatapointsToAlarm]).toEqual([15, 15]);
    expect(cpu.AlarmDescription).toBe(`${LABEL}: a task manager's CPU stayed above 80% for 15 minutes (cpuUtilization), and autoscaling is off. `
      + 'Raise parallelism, or find the hot operator.');
  });

  test('HeapAlarm: heapMemoryUtilization above 90% for 5 minutes', () => {
    const { job, template } = kinesisJob();

    expect(jobAlarms(template()).Heap.Properties).toEqual({
      ...singleMetric('heapMemoryUtilization', ref(job.application)),
      Threshold: 90,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 5,
      DatapointsToAlarm: 5,
      TreatMissingData: 'notBreaching',
      AlarmDescription: `${LABEL}: a task manager's heap stayed above 90% for 5 minutes (heapMemoryUtilization): garbage collection slows `
        + 'the job and an OutOfMemoryError restarts it. Lower parallelismPerKpu (more memory per subtask) or shrink the state on the heap.',
    });
  });

  test.each<[string, Duration | undefined, number]>([
    ['the default 1-minute objective', undefined, 60000],
    ['a 30-second objective', Duration.seconds(30), 30000],
  ])('LagAlarm on a Kinesis source at %s: the largest millisBehindLatest of the application, by Metrics Insights', (_name, latencyObjective, threshold) => {
    const { job, template } = kinesisJob({ latencyObjective });

    expect(jobAlarms(template()).Lag.Properties).toEqual({
      Metrics: [{
        Id: 'expr_1',
        Expression: { 'Fn::Join': ['', ['SELECT MAX(millisBehindLatest) FROM "AWS/KinesisAnalytics" WHERE Application = \'', ref(job.application), '\'']] },
        Label: 'millisBehindLatest (ms)',
        Period: 60,
        ReturnData: true,
      }],
      Threshold: threshold,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 5,
      DatapointsToAlarm: 5,
      TreatMissingData: 'notBreaching',
      AlarmDescription: `${LABEL}: the job stayed behind its source for 5 minutes: millisBehindLatest above the ${threshold / 1000}-second `
        + 'latency objective. It does not keep up: raise parallelism (and the source\'s shards or partitions to match), or look for '
        + 'backpressure from a sink.',
    });
  });

  test('with enhanced fan-out too: the connector\'s own millisBehindLatest', () => {
    const { template } = kinesisJob({ readMode: StreamReadMode.ENHANCED_FAN_OUT });

    expect(JSON.stringify(jobAlarms(template()).Lag.Properties.Metrics)).toContain('SELECT MAX(millisBehindLatest)');
  });
});

describe('the application\'s alarms on Flink 2.x', () => {
  test('RestartingAlarm: the larger of restartingTime and failingTime above 0 for 10 minutes; no downtime alarm', () => {
    const { job, template } = kinesisJob({ runtime: FlinkRuntime.of('FLINK-2_2') });
    const alarms = jobAlarms(template());

    expect(Object.keys(alarms)).toEqual(['Restarting', 'FailedCheckpoints', 'CheckpointDuration', 'Cpu', 'Heap', 'Lag']);
    expect(alarms.Restarting.Properties).toEqual({
      Metrics: [
        { Id: 'expr_1', Expression: 'MAX([restarting, failing])', Label: 'Time restarting or failing (ms)', ReturnData: true },
        { Id: 'restarting', MetricStat: metricStat('restartingTime', 60, ref(job.application)), ReturnData: false },
        { Id: 'failing', MetricStat: metricStat('failingTime', 60, ref(job.application)), ReturnData: false },
      ],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 10,
      DatapointsToAlarm: 10,
      TreatMissingData: 'breaching',
      AlarmDescription: `${LABEL}: the job has been restarting or failing (restartingTime, failingTime) for 10 minutes in a row, so nothing is `
        + 'processed. Read the application\'s log group for the exception that fails it.' + NOT_RUNNING,
    });
    expect(JSON.stringify(template().findResources('AWS::CloudWatch::Alarm'))).not.toContain('"downtime"');
  });

  test('startAfterDeploy false: missing data does not breach', () => {
    const { template } = kinesisJob({ runtime: FlinkRuntime.of('FLINK-2_2'), startAfterDeploy: false });

    expect(jobAlarms(template()).Restarting.Properties.TreatMissingData).toBe('notBreaching');
  });
});

describe('alarm actions and switching alarms off', () => {
  test('alarmAction is notified on ALARM and on OK, by every alarm of the application', () => {
    let topic!: sns.Topic;
    const { template } = kinesisJob(stack => ({ alarmAction: new cw_actions.SnsAction(topic = new sns.Topic(stack, 'OnCall')) }));

    const alarms = jobAlarms(template());
    expect(Object.keys(alarms)).toHaveLength(6);
    for (const alarm of Object.values(alarms)) {
      expect([alarm.Properties.AlarmActions, alarm.Properties.OKActions]).toEqual([[ref(topic)], [ref(topic)]]);
    }
  });

  test('no alarmAction: no actions', () => {
    const { template } = kinesisJob();

    for (const alarm of Object.values(jobAlarms(template()))) {
      expect([alarm.Properties.AlarmActions, alarm.Properties.OKActions]).toEqual([undefined, undefined]);
    }
  });

  test('createAlarms false: none', () => {
    const { job, template } = kinesisJob({ createAlarms: false });

    expect(job.alarms).toEqual([]);
    expect(jobAlarms(template())).toEqual({});
  });
});

describe('the application\'s metrics', () => {
  test.each<[string, string]>([
    ['metricDowntime', 'downtime'],
    ['metricRestartingTime', 'restartingTime'],
    ['metricFailingTime', 'failingTime'],
    ['metricNumberOfFailedCheckpoints', 'numberOfFailedCheckpoints'],
    ['metricLastCheckpointDuration', 'lastCheckpointDuration'],
    ['metricCpuUtilization', 'cpuUtilization'],
    ['metricHeapMemoryUtilization', 'heapMemoryUtilization'],
  ])('%s(): %s of AWS/KinesisAnalytics by Application, Maximum over 1 minute', (method, metricName) => {
    const { stack, job } = kinesisJob();
    const metric = (job as any)[method]() as cloudwatch.Metric;

    expect(metric.namespace).toBe('AWS/KinesisAnalytics');
    expect(metric.metricName).toBe(metricName);
    expect(stack.resolve(metric.dimensions)).toEqual({ Application: ref(job.application) });
    expect(metric.statistic).toBe('Maximum');
    expect(metric.period.toSeconds()).toBe(60);
  });

  test('options override the statistic and period', () => {
    const { job } = kinesisJob();
    const metric = job.metricCpuUtilization({ statistic: 'Average', period: Duration.minutes(5) });

    expect([metric.metricName, metric.statistic, metric.period.toSeconds()]).toEqual(['cpuUtilization', 'Average', 300]);
  });

  test('metric(): any metric of the application', () => {
    const { stack, job } = kinesisJob();
    const metric = job.metric('numRecordsInPerSecond', { statistic: 'Sum' });

    expect([metric.namespace, metric.metricName, metric.statistic]).toEqual(['AWS/KinesisAnalytics', 'numRecordsInPerSecond', 'Sum']);
    expect(stack.resolve(metric.dimensions)).toEqual({ Application: ref(job.application) });
  });

  test.each<[string, string, string]>([
    ['metricMillisBehindLatest', 'millisBehindLatest', 'millisBehindLatest (ms)'],
    ['metricRecordsLagMax', 'records_lag_max', 'records_lag_max (records)'],
  ])('%s(): the largest %s over every dimension, a Metrics Insights query', (method, metricName, label) => {
    const { stack, job } = kinesisJob();
    const byDefault = (job as any)[method]() as cloudwatch.MathExpression;
    const fiveMinutes = (job as any)[method]({ period: Duration.minutes(5) }) as cloudwatch.MathExpression;

    expect(stack.resolve(byDefault.expression)).toEqual({
      'Fn::Join': ['', [`SELECT MAX(${metricName}) FROM "AWS/KinesisAnalytics" WHERE Application = '`, ref(job.application), '\'']],
    });
    expect(byDefault.usingMetrics).toEqual({});
    expect([byDefault.label, byDefault.period.toSeconds(), fiveMinutes.period.toSeconds()]).toEqual([label, 60, 300]);
  });
});
