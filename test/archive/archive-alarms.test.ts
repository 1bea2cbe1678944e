import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ALARM, directPutLake, LAKE, LakeFixture, lakeOfIngest, logicalId, orderPlaced, ref } from './archive-helpers';
import { ArchiveFormat, ArchiveToLake, ArchiveToLakeProps } from '../../src/archive';

const LABEL = `^Lake archive ${LAKE}: `;

/** The one alarm of the stack on `metricName`. */
function alarmOn(template: Template, metricName: string): Record<string, any> {
  const alarms = Object.values(template.findResources(ALARM, { Properties: { MetricName: metricName } }));
  expect(alarms).toHaveLength(1);
  return alarms[0].Properties;
}

/** The properties of the lake's alarm `id` (e.g. `ReadLagAlarm`). */
function lakeAlarm(lake: ArchiveToLake, template: Template, id: string): Record<string, any> {
  return template.findResources(ALARM)[logicalId(lake.node.findChild(id))].Properties;
}

describe('lake alarms', () => {
  test('DataFreshness: the oldest record waited more than twice the buffering interval plus 5 minutes, for 15 minutes', () => {
    const { lake, template } = lakeOfIngest();

    template().hasResourceProperties(ALARM, {
      Namespace: 'AWS/Firehose',
      MetricName: 'DeliveryToS3.DataFreshness',
      Dimensions: [{ Name: 'DeliveryStreamName', Value: ref(lake.deliveryStream) }],
      Statistic: 'Maximum',
      Period: 300,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 900,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
      AlarmDescription: Match.stringLikeRegexp(`${LABEL}the oldest record not yet in S3 stayed older than 15 minutes for 15 minutes `
        + '\\(DeliveryToS3.DataFreshness\\)'),
    });
  });

  test('DeliverySuccess: some S3 puts failed in each of 3 periods', () => {
    const { lake, template } = lakeOfIngest();

    template().hasResourceProperties(ALARM, {
      Namespace: 'AWS/Firehose',
      MetricName: 'DeliveryToS3.Success',
      Dimensions: [{ Name: 'DeliveryStreamName', Value: ref(lake.deliveryStream) }],
      Statistic: 'Minimum',
      Period: 300,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
      AlarmDescription: Match.stringLikeRegexp(`${LABEL}S3 puts failed in 15 minutes in a row \\(DeliveryToS3.Success below 1\\)`),
    });
  });

  test('ReadLag, the data-loss backstop: Firehose more than a quarter of the 24-hour retention (6 h) behind the stream', () => {
    const { lake, template } = lakeOfIngest();

    expect(lakeAlarm(lake, template(), 'ReadLagAlarm')).toEqual(expect.objectContaining({
      Namespace: 'AWS/Firehose',
      MetricName: 'KinesisMillisBehindLatest',
      Dimensions: [{ Name: 'DeliveryStreamName', Value: ref(lake.deliveryStream) }],
      Statistic: 'Maximum',
      Period: 300,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 21600000,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'ignore',
      AlarmDescription: expect.stringMatching(`${LABEL}data-loss backstop. Firehose stayed more than 6 hours behind the source stream `
        + 'for 15 minutes'),
    }));
  });

  test('ReadLatency: Firehose more than its 5-minute latency objective behind the stream', () => {
    const { lake, template } = lakeOfIngest();

    expect(lakeAlarm(lake, template(), 'ReadLatencyAlarm')).toEqual(expect.objectContaining({
      Namespace: 'AWS/Firehose',
      MetricName: 'KinesisMillisBehindLatest',
      Dimensions: [{ Name: 'DeliveryStreamName', Value: ref(lake.deliveryStream) }],
      Statistic: 'Maximum',
      Period: 300,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 300000,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'ignore',
      AlarmDescription: expect.stringMatching(`${LABEL}Firehose stayed more than 5 minutes \\(its latency objective\\) behind the `
        + 'source stream for 15 minutes'),
    }));
  });

  test.each<[string, ArchiveToLakeProps, number]>([
    ['latencyObjective of 30 seconds', { latencyObjective: Duration.seconds(30) }, 30000],
    ['latencyObjective of 1 hour with a 7-day retention', { latencyObjective: Duration.hours(1) }, 3600000],
  ])('the read-latency threshold with %s', (_name, props, threshold) => {
    const { lake, template } = lakeOfIngest(props, { retention: Duration.days(7) });

    expect(lakeAlarm(lake, template(), 'ReadLatencyAlarm').Threshold).toBe(threshold);
    expect(lakeAlarm(lake, template(), 'ReadLagAlarm').Threshold).toBe(151200000);
  });

  test('FailedConversion (Parquet): any record that failed conversion', () => {
    const { lake, template } = lakeOfIngest({ format: ArchiveFormat.parquet(orderPlaced()) });

    template().hasResourceProperties(ALARM, {
      Namespace: 'AWS/Firehose',
      MetricName: 'FailedConversion.Records',
      Dimensions: [{ Name: 'DeliveryStreamName', Value: ref(lake.deliveryStream) }],
      Statistic: 'Sum',
      Period: 300,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'notBreaching',
      AlarmDescription: Match.stringLikeRegexp(`${LABEL}records failed Parquet conversion \\(FailedConversion.Records\\)`),
    });
  });

  test('PartitionCountExceeded (partitionBy): the active partition quota was exceeded', () => {
    const { lake, template } = lakeOfIngest({ partitionBy: ['customerId'] });

    template().hasResourceProperties(ALARM, {
      Namespace: 'AWS/Firehose',
      MetricName: 'PartitionCountExceeded',
      Dimensions: [{ Name: 'DeliveryStreamName', Value: ref(lake.deliveryStream) }],
      Statistic: 'Maximum',
      Period: 300,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'notBreaching',
      AlarmDescription: Match.stringLikeRegexp(`${LABEL}dynamic partitioning exceeded the active partition quota \\(500 by default`),
    });
  });

  test('ThrottledRecords (direct PUT): producers throttled in 3 periods in a row', () => {
    const { lake, template } = directPutLake();

    template().hasResourceProperties(ALARM, {
      Namespace: 'AWS/Firehose',
      MetricName: 'ThrottledRecords',
      Dimensions: [{ Name: 'DeliveryStreamName', Value: ref(lake.deliveryStream) }],
      Statistic: 'Sum',
      Period: 300,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
      AlarmDescription: Match.stringLikeRegexp(`${LABEL}producers were throttled in 15 minutes in a row \\(ThrottledRecords\\)`),
    });
  });

  test('a lake with a source has no ThrottledRecords alarm (producers write to the stream), a direct-PUT lake no ReadLag alarm', () => {
    lakeOfIngest().template().resourcePropertiesCountIs(ALARM, { MetricName: 'ThrottledRecords' }, 0);
    directPutLake().template().resourcePropertiesCountIs(ALARM, { MetricName: 'KinesisMillisBehindLatest' }, 0);
  });

  test.each<[string, () => LakeFixture, string[]]>([
    ['JSON of a stream', () => lakeOfIngest(), ['DataFreshnessAlarm', 'DeliverySuccessAlarm', 'ReadLatencyAlarm', 'ReadLagAlarm']],
    ['direct PUT: throttled producers, no read lag', () => directPutLake(), ['DataFreshnessAlarm', 'DeliverySuccessAlarm', 'ThrottledRecordsAlarm']],
    ['Parquet', () => lakeOfIngest({ format: ArchiveFormat.parquet(orderPlaced()) }),
      ['DataFreshnessAlarm', 'DeliverySuccessAlarm', 'FailedConversionAlarm', 'ReadLatencyAlarm', 'ReadLagAlarm']],
    ['partitionBy', () => directPutLake({ partitionBy: ['customerId'] }),
      ['DataFreshnessAlarm', 'DeliverySuccessAlarm', 'PartitionCountExceededAlarm', 'ThrottledRecordsAlarm']],
    ['Parquet with partitionBy', () => lakeOfIngest({ format: ArchiveFormat.parquet(orderPlaced()), partitionBy: ['customerId'] }),
      ['DataFreshnessAlarm', 'DeliverySuccessAlarm', 'FailedConversionAlarm', 'PartitionCountExceededAlarm', 'ReadLatencyAlarm', 'ReadLagAlarm']],
  ])('lake.alarms: %s', (_name, fixture, ids) => {
    const { lake, template } = fixture();

    expect(lake.alarms.map(a => a.node.path)).toEqual(ids.map(id => `${LAKE}/${id}`));
    expect(Object.keys(template().findResources(ALARM, { Properties: { Namespace: 'AWS/Firehose' } })).sort()).toEqual(lake.alarms.map(a => logicalId(a)).sort());
  });

  test.each<[string, ArchiveToLakeProps, number]>([
    ['interval 0: 5 minutes', { bufferingInterval: Duration.seconds(0) }, 300],
    ['interval 60 s: 7 minutes', { bufferingInterval: Duration.seconds(60) }, 420],
    ['interval 900 s: 35 minutes', { bufferingInterval: Duration.seconds(900) }, 2100],
    ['an explicit freshnessThreshold of 1 hour', { freshnessThreshold: Duration.hours(1) }, 3600],
    ['freshnessThreshold wins over the interval', { bufferingInterval: Duration.seconds(900), freshnessThreshold: Duration.minutes(20) }, 1200],
  ])('the freshness threshold with %s', (_name, props, threshold) => {
    const { template } = directPutLake(props);

    expect(alarmOn(template(), 'DeliveryToS3.DataFreshness').Threshold).toBe(threshold);
  });

  test.each<[string, ArchiveToLakeProps, Duration | undefined, number]>([
    ['7 days retention: 42 hours', {}, Duration.days(7), 151200000],
    ['an explicit readLagThreshold of 1 hour', { readLagThreshold: Duration.hours(1) }, undefined, 3600000],
    ['readLagThreshold wins over the retention', { readLagThreshold: Duration.minutes(30) }, Duration.days(7), 1800000],
  ])('the read-lag threshold with %s', (_name, props, retention, threshold) => {
    const { lake, template } = lakeOfIngest(props, { retention });

    expect(lakeAlarm(lake, template(), 'ReadLagAlarm').Threshold).toBe(threshold);
  });

  test('the alarm action is on ALARM and OK of every alarm', () => {
    const { stack, ingest } = lakeOfIngest({ createAlarms: false });
    const topic = new sns.Topic(stack, 'Oncall');
    const lake = new ArchiveToLake(stack, 'Lake', {
      source: ingest,
      readerName: 'second-lake',
      format: ArchiveFormat.parquet(orderPlaced()),
      partitionBy: ['customerId'],
      alarmAction: new cw_actions.SnsAction(topic),
    });
    const alarms = Template.fromStack(stack).findResources(ALARM, {
      Properties: { AlarmDescription: Match.stringLikeRegexp('^Lake archive TestStack/Lake: ') },
    });

    expect(Object.keys(alarms).sort()).toEqual(lake.alarms.map(a => logicalId(a)).sort());
    expect(Object.keys(alarms)).toHaveLength(6);
    for (const alarm of Object.values(alarms)) {
      expect(alarm.Properties.AlarmActions).toEqual([ref(topic)]);
      expect(alarm.Properties.OKActions).toEqual([ref(topic)]);
    }
  });

  test('without an alarm action, none', () => {
    const { template } = lakeOfIngest();

    for (const alarm of Object.values(template().findResources(ALARM, { Properties: { Namespace: 'AWS/Firehose' } }))) {
      expect(alarm.Properties.AlarmActions).toBeUndefined();
      expect(alarm.Properties.OKActions).toBeUndefined();
    }
  });

  test('createAlarms false: none', () => {
    const { lake, template } = lakeOfIngest({ createAlarms: false, format: ArchiveFormat.parquet(orderPlaced()), partitionBy: ['customerId'] });

    expect(lake.alarms).toEqual([]);
    template().resourcePropertiesCountIs(ALARM, { Namespace: 'AWS/Firehose' }, 0);
  });

  test('two lakes in one stack keep their alarms apart', () => {
    const { stack, ingest, lake } = lakeOfIngest();
    const second = new ArchiveToLake(stack, 'Second', { source: ingest });
    const template = Template.fromStack(stack);

    template.resourcePropertiesCountIs(ALARM, { Namespace: 'AWS/Firehose' }, 8);
    template.hasResourceProperties(ALARM, {
      MetricName: 'DeliveryToS3.DataFreshness',
      Dimensions: [{ Name: 'DeliveryStreamName', Value: ref(second.deliveryStream) }],
    });
    expect(ref(second.deliveryStream)).not.toEqual(ref(lake.deliveryStream));
  });
});

describe('lake metrics', () => {
  test.each<[string, (l: ArchiveToLake) => cloudwatch.Metric, string, string]>([
    ['metricDataFreshness', l => l.metricDataFreshness(), 'DeliveryToS3.DataFreshness', 'Maximum'],
    ['metricDeliverySuccess', l => l.metricDeliverySuccess(), 'DeliveryToS3.Success', 'Minimum'],
    ['metricFailedConversionRecords', l => l.metricFailedConversionRecords(), 'FailedConversion.Records', 'Sum'],
    ['metricReadLag', l => l.metricReadLag()!, 'KinesisMillisBehindLatest', 'Maximum'],
    ['metricPartitionCountExceeded', l => l.metricPartitionCountExceeded(), 'PartitionCountExceeded', 'Maximum'],
    ['metricThrottledRecords', l => l.metricThrottledRecords(), 'ThrottledRecords', 'Sum'],
  ])('%s: the delivery stream\'s metric per 5 minutes, by DeliveryStreamName', (_name, metric, metricName, statistic) => {
    const { stack, lake } = lakeOfIngest();
    const m = metric(lake);

    expect(m.namespace).toBe('AWS/Firehose');
    expect(m.metricName).toBe(metricName);
    expect(m.statistic).toBe(statistic);
    expect(m.period.toSeconds()).toBe(300);
    expect(stack.resolve(m.dimensions)).toEqual({ DeliveryStreamName: ref(lake.deliveryStream) });
  });

  test.each<[string, (l: ArchiveToLake) => cloudwatch.Metric, string, string]>([
    ['metricPartitionCountExceeded', l => l.metricPartitionCountExceeded(), 'PartitionCountExceeded', 'Maximum'],
    ['metricThrottledRecords', l => l.metricThrottledRecords(), 'ThrottledRecords', 'Sum'],
    ['metricDataFreshness', l => l.metricDataFreshness(), 'DeliveryToS3.DataFreshness', 'Maximum'],
  ])('%s of a direct-PUT lake: the delivery stream\'s metric per 5 minutes, by DeliveryStreamName', (_name, metric, metricName, statistic) => {
    const { stack, lake } = directPutLake();
    const m = metric(lake);

    expect(m.namespace).toBe('AWS/Firehose');
    expect(m.metricName).toBe(metricName);
    expect(m.statistic).toBe(statistic);
    expect(m.period.toSeconds()).toBe(300);
    expect(stack.resolve(m.dimensions)).toEqual({ DeliveryStreamName: ref(lake.deliveryStream) });
  });

  test('metricReadLag() is undefined for a direct-PUT lake, which reads no stream', () => {
    expect(directPutLake().lake.metricReadLag()).toBeUndefined();
    expect(directPutLake().lake.metricReadLag({ period: Duration.minutes(1) })).toBeUndefined();
  });

  test('metricReadLag() of a lake with a source takes options', () => {
    const m = lakeOfIngest().lake.metricReadLag({ period: Duration.minutes(1), statistic: 'Average' });

    expect(m?.metricName).toBe('KinesisMillisBehindLatest');
    expect(m?.period.toMinutes()).toBe(1);
    expect(m?.statistic).toBe('Average');
  });

  test('options override the defaults', () => {
    const m = lakeOfIngest().lake.metricDataFreshness({ period: Duration.minutes(1), statistic: 'Average' });

    expect(m.period.toMinutes()).toBe(1);
    expect(m.statistic).toBe('Average');
  });
});
