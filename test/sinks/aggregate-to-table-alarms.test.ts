import { Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { addAggregate, AGG, aggregateIn, alarmProperties, logicalId, ref, sinkFixture } from './sink-helpers';

const NAMESPACE = 'CdkStreamingPipelines/AggregateToTable';
const AGGREGATE_ALARMS = ['FailedRecordsAlarm', 'UnstorableAggregatesAlarm', 'TableThrottleAlarm', 'MergeRetriesAlarm'];
const LABEL = `Aggregate ${AGG} of TestStack/Ingest`;

/** The description text rendered: a string, or the parts of an `Fn::Join` around the bucket's name, joined with `<ref>`. */
function descriptionText(description: unknown): string {
  if (typeof description === 'string') {
    return description;
  }
  const [, parts] = (description as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  return parts.map(p => (typeof p === 'string' ? p : '<ref>')).join('');
}

describe('the aggregate\'s alarms', () => {
  test('FailedRecordsAlarm: any record set aside in 5 minutes, by function name', () => {
    const { agg, template } = aggregateIn();

    expect(alarmProperties(template(), agg, 'FailedRecordsAlarm')).toMatchObject({
      Namespace: NAMESPACE,
      MetricName: 'FailedRecords',
      Dimensions: [{ Name: 'FunctionName', Value: ref(agg.function) }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  test('FailedRecordsAlarm says where the records are and what to do', () => {
    const { agg, template } = aggregateIn();
    const description = alarmProperties(template(), agg, 'FailedRecordsAlarm').AlarmDescription;

    expect(descriptionText(description)).toBe(`${LABEL}: records were set aside in the failure store (s3://<ref>/aggregate-failures/) `
      + 'in the last 5 minutes, uncounted: not JSON, without the key field, or with a measure field that is not a number. Each object '
      + 'holds the records\' raw bytes, shard, sequence number and reason: inspect them, fix the producer, then replay the records if '
      + 'the aggregates must include them.');
    expect(description['Fn::Join'][1]).toContainEqual(ref(agg.failureBucket));
  });

  test('UnstorableAggregatesAlarm: any refused value in 5 minutes, by function name, pointing at <prefix>aggregates/', () => {
    const f = sinkFixture();
    const agg = addAggregate(f, { failureBucket: s3.Bucket.fromBucketName(f.stack, 'Imported', 'my-failures'), failurePrefix: 'spend/' });
    const alarm = alarmProperties(Template.fromStack(f.stack), agg, 'UnstorableAggregatesAlarm');

    expect(alarm).toMatchObject({
      Namespace: NAMESPACE,
      MetricName: 'UnstorableAggregates',
      Dimensions: [{ Name: 'FunctionName', Value: ref(agg.function) }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'notBreaching',
    });
    expect(alarm.AlarmDescription).toBe(`${LABEL}: DynamoDB refused to store some keys' aggregates in the last 5 minutes (a number `
      + 'beyond its 38 digits of precision or its range), so those items lack those contributions. They are in the failure store '
      + 'under s3://my-failures/spend/aggregates/: check the measures against the values producers send, fix the cause, then add '
      + 'them to their items by hand if needed.');
  });

  test('TableThrottleAlarm: read plus write throttle events of the table, per minute, 3 minutes in a row', () => {
    const { agg, template } = aggregateIn();
    const tableName = ref(agg.table);
    const stat = (metricName: string) => ({
      Metric: { Namespace: 'AWS/DynamoDB', MetricName: metricName, Dimensions: [{ Name: 'TableName', Value: tableName }] },
      Period: 60,
      Stat: 'Sum',
    });

    const alarm = alarmProperties(template(), agg, 'TableThrottleAlarm');
    expect(alarm).toMatchObject({
      Metrics: [
        { Expression: 'FILL(reads, 0) + FILL(writes, 0)', Label: 'Throttle events (read + write)' },
        { Id: 'reads', MetricStat: stat('ReadThrottleEvents'), ReturnData: false },
        { Id: 'writes', MetricStat: stat('WriteThrottleEvents'), ReturnData: false },
      ],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
    });
    expect(alarm.AlarmDescription).toMatch(/^Aggregate TestStack\/Agg of TestStack\/Ingest: DynamoDB throttled reads or writes of the aggregate table in 3 minutes in a row/);
  });

  test('MergeRetriesAlarm: keys found already merged, by function name, per 5 minutes, 3 periods in a row', () => {
    const { agg, template } = aggregateIn();

    const alarm = alarmProperties(template(), agg, 'MergeRetriesAlarm');
    expect(alarm).toMatchObject({
      Namespace: NAMESPACE,
      MetricName: 'AlreadyMergedKeys',
      Dimensions: [{ Name: 'FunctionName', Value: ref(agg.function) }],
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
    });
    expect(alarm.AlarmDescription).toMatch(/only when a flush is applied again/);
  });

  test('a given table is the one watched', () => {
    const f = sinkFixture();
    const table = dynamodb.Table.fromTableName(f.stack, 'Imported', 'aggregates');
    const agg = addAggregate(f, { table });
    const template = Template.fromStack(f.stack);

    expect(alarmProperties(template, agg, 'TableThrottleAlarm').Metrics[1].MetricStat.Metric.Dimensions)
      .toEqual([{ Name: 'TableName', Value: 'aggregates' }]);
  });

  test('alarmAction reaches every alarm, on ALARM and OK', () => {
    const f = sinkFixture();
    const topic = new sns.Topic(f.stack, 'Alerts');
    const agg = addAggregate(f, { alarmAction: new cw_actions.SnsAction(topic) });
    const template = Template.fromStack(f.stack);

    for (const id of AGGREGATE_ALARMS) {
      expect(alarmProperties(template, agg, id)).toMatchObject({ AlarmActions: [ref(topic)], OKActions: [ref(topic)] });
    }
    expect(agg.alarms).toHaveLength(10);
    for (const alarm of agg.alarms) {
      expect(template.toJSON().Resources[logicalId(alarm)].Properties.AlarmActions).toEqual([ref(topic)]);
    }
  });

  test('without alarmAction, the alarms have no action', () => {
    const { agg, template } = aggregateIn();

    for (const id of AGGREGATE_ALARMS) {
      expect(alarmProperties(template(), agg, id)).not.toHaveProperty('AlarmActions');
    }
  });

  test('createAlarms false creates none of them', () => {
    const { agg } = aggregateIn({ createAlarms: false });

    expect(agg.alarms).toEqual([]);
    for (const id of AGGREGATE_ALARMS) {
      expect(agg.node.tryFindChild(id)).toBeUndefined();
    }
  });

  test('every alarm describes what to do', () => {
    const { agg, template } = aggregateIn();

    for (const id of AGGREGATE_ALARMS) {
      const text = descriptionText(alarmProperties(template(), agg, id).AlarmDescription);
      expect(text.startsWith(`${LABEL}: `)).toBe(true);
      expect(text).toMatch(/: (inspect|check|look|read)|, look for/);
    }
  });
});

describe('the aggregate\'s metrics', () => {
  const resolved = (stack: Stack, metric: cloudwatch.Metric) => ({
    namespace: metric.namespace,
    metricName: metric.metricName,
    dimensions: stack.resolve(metric.dimensions),
    statistic: metric.statistic,
    period: metric.period.toSeconds(),
  });

  test.each<[string, (agg: ReturnType<typeof aggregateIn>['agg']) => cloudwatch.Metric, string]>([
    ['metricFailedRecords()', agg => agg.metricFailedRecords(), 'FailedRecords'],
    ['metricUnstorableAggregates()', agg => agg.metricUnstorableAggregates(), 'UnstorableAggregates'],
    ['metricAlreadyMergedKeys()', agg => agg.metricAlreadyMergedKeys(), 'AlreadyMergedKeys'],
  ])('%s: the handler\'s metric by function name, Sum over 5 minutes', (_name, metric, metricName) => {
    const { agg, stack } = aggregateIn();

    expect(resolved(stack, metric(agg))).toEqual({
      namespace: NAMESPACE, metricName, dimensions: { FunctionName: ref(agg.function) }, statistic: 'Sum', period: 300,
    });
  });

  test('props override the defaults', () => {
    const { agg, stack } = aggregateIn();

    expect(resolved(stack, agg.metricFailedRecords({ period: Duration.minutes(1), statistic: 'Maximum' })))
      .toMatchObject({ metricName: 'FailedRecords', period: 60, statistic: 'Maximum', dimensions: { FunctionName: ref(agg.function) } });
  });

  test('metricTableThrottles(): read plus write throttle events by table name, each Sum over 1 minute; props apply to both', () => {
    const { agg, stack } = aggregateIn();

    for (const [metric, period] of [[agg.metricTableThrottles(), 60], [agg.metricTableThrottles({ period: Duration.minutes(5) }), 300]] as const) {
      const expression = metric as cloudwatch.MathExpression;
      expect(expression).toBeInstanceOf(cloudwatch.MathExpression);
      expect(expression.expression).toBe('FILL(reads, 0) + FILL(writes, 0)');
      expect(expression.period.toSeconds()).toBe(period);
      expect(Object.fromEntries(Object.entries(expression.usingMetrics).map(([id, m]) => [id, resolved(stack, m as cloudwatch.Metric)]))).toEqual({
        reads: { namespace: 'AWS/DynamoDB', metricName: 'ReadThrottleEvents', dimensions: { TableName: ref(agg.table) }, statistic: 'Sum', period },
        writes: { namespace: 'AWS/DynamoDB', metricName: 'WriteThrottleEvents', dimensions: { TableName: ref(agg.table) }, statistic: 'Sum', period },
      });
    }
  });
});
