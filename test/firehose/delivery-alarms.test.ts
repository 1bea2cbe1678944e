import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import {
  createDeliverySuccessAlarm, createFreshnessAlarm, createReadLagAlarms, createThrottledRecordsAlarm, DeliveryAlarmScope,
  freshnessThreshold,
} from '../../src/firehose/delivery-alarms';
import { DeliveryStreamMetrics } from '../../src/firehose/delivery-stream-metrics';
import { DestinationKind } from '../../src/firehose/destination-kind';
import { AlarmFactory } from '../../src/monitoring/alarm-factory';
import { testStack } from '../app-fixture';
import { expectInputError } from '../input-errors';
import { logicalId, ref } from '../template-refs';

const ALARM = 'AWS::CloudWatch::Alarm';
const LABEL = 'Index TestStack/Sink';

/** A sink 'Sink' with an L1 delivery stream to `kind`, as IndexToOpenSearch and DeliverToRedshift will have. */
function sink(kind: DestinationKind, action?: (stack: Stack) => cw_actions.SnsAction) {
  const stack = testStack();
  const construct = new Construct(stack, 'Sink');
  const deliveryStream = new firehose.CfnDeliveryStream(construct, 'Resource', {});
  const scope: DeliveryAlarmScope = {
    alarms: new AlarmFactory(construct, action?.(stack)),
    metrics: DeliveryStreamMetrics.ofCfn(deliveryStream, kind),
    label: LABEL,
  };
  const alarm = (id: string) => Template.fromStack(stack).findResources(ALARM)[logicalId(construct.node.findChild(id))].Properties;
  return { stack, construct, deliveryStream, scope, alarm };
}

describe('createFreshnessAlarm', () => {
  test.each<[DestinationKind, string, string]>([
    [DestinationKind.S3, 'DeliveryToS3.DataFreshness', 'S3'],
    [DestinationKind.OPENSEARCH, 'DeliveryToAmazonOpenSearchService.DataFreshness', 'OpenSearch'],
    [DestinationKind.OPENSEARCH_SERVERLESS, 'DeliveryToAmazonOpenSearchServerless.DataFreshness', 'OpenSearch Serverless'],
    [DestinationKind.REDSHIFT, 'DeliveryToRedshift.DataFreshness', 'Redshift'],
  ])('%s: %s above the threshold for 15 minutes, by DeliveryStreamName', (kind, metricName, destination) => {
    const { scope, deliveryStream, alarm } = sink(kind);
    createFreshnessAlarm(scope, Duration.minutes(15), 'check the backup bucket.');

    expect(alarm('DataFreshnessAlarm')).toEqual({
      Namespace: 'AWS/Firehose',
      MetricName: metricName,
      Dimensions: [{ Name: 'DeliveryStreamName', Value: ref(deliveryStream) }],
      Statistic: 'Maximum',
      Period: 300,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 900,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
      AlarmDescription: `${LABEL}: the oldest record not yet in ${destination} stayed older than 15 minutes for 15 minutes `
        + `(${metricName}). Deliveries are failing or throttled: check the backup bucket.`,
    });
  });
});

describe('createDeliverySuccessAlarm', () => {
  test.each<[DestinationKind, string, string]>([
    [DestinationKind.S3, 'DeliveryToS3.Success', 'S3 puts'],
    [DestinationKind.OPENSEARCH, 'DeliveryToAmazonOpenSearchService.Success', 'indexing requests'],
    [DestinationKind.OPENSEARCH_SERVERLESS, 'DeliveryToAmazonOpenSearchServerless.Success', 'indexing requests'],
    [DestinationKind.REDSHIFT, 'DeliveryToRedshift.Success', 'COPY commands'],
  ])('%s: %s below 1 for 15 minutes', (kind, metricName, deliveries) => {
    const { scope, deliveryStream, alarm } = sink(kind);
    createDeliverySuccessAlarm(scope, 'Firehose retries, then backs the documents up to S3.');

    expect(alarm('DeliverySuccessAlarm')).toEqual({
      Namespace: 'AWS/Firehose',
      MetricName: metricName,
      Dimensions: [{ Name: 'DeliveryStreamName', Value: ref(deliveryStream) }],
      Statistic: 'Minimum',
      Period: 300,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
      AlarmDescription: `${LABEL}: ${deliveries} failed in 15 minutes in a row (${metricName} below 1). `
        + 'Firehose retries, then backs the documents up to S3.',
    });
  });
});

test('createThrottledRecordsAlarm: any throttled record in 3 periods in a row', () => {
  const { scope, deliveryStream, alarm } = sink(DestinationKind.OPENSEARCH);
  createThrottledRecordsAlarm(scope);

  expect(alarm('ThrottledRecordsAlarm')).toEqual(expect.objectContaining({
    MetricName: 'ThrottledRecords',
    Dimensions: [{ Name: 'DeliveryStreamName', Value: ref(deliveryStream) }],
    Statistic: 'Sum',
    Period: 300,
    ComparisonOperator: 'GreaterThanThreshold',
    Threshold: 0,
    EvaluationPeriods: 3,
    DatapointsToAlarm: 3,
    TreatMissingData: 'notBreaching',
    AlarmDescription: expect.stringMatching(`^${LABEL}: producers were throttled in 15 minutes in a row \\(ThrottledRecords\\)`),
  }));
});

test('createReadLagAlarms: the latency objective and the data-loss backstop, missing data ignored', () => {
  const { scope, deliveryStream, alarm } = sink(DestinationKind.REDSHIFT);
  const alarms = createReadLagAlarms(scope, { latencyObjective: Duration.seconds(30), lagBackstop: Duration.hours(6) }, 'the warehouse', 'KinesisMillisBehindLatest');
  const common = {
    Namespace: 'AWS/Firehose',
    MetricName: 'KinesisMillisBehindLatest',
    Dimensions: [{ Name: 'DeliveryStreamName', Value: ref(deliveryStream) }],
    Statistic: 'Maximum',
    Period: 300,
    ComparisonOperator: 'GreaterThanThreshold',
    EvaluationPeriods: 3,
    DatapointsToAlarm: 3,
    TreatMissingData: 'ignore',
  };

  expect(alarms.map(a => a.node.id)).toEqual(['ReadLatencyAlarm', 'ReadLagAlarm']);
  expect(alarm('ReadLatencyAlarm')).toEqual(expect.objectContaining({
    ...common,
    Threshold: 30000,
    AlarmDescription: expect.stringMatching(`^${LABEL}: Firehose stayed more than 30 seconds \\(its latency objective\\) behind`),
  }));
  expect(alarm('ReadLagAlarm')).toEqual(expect.objectContaining({
    ...common,
    Threshold: 21600000,
    AlarmDescription: expect.stringMatching(`^${LABEL}: data-loss backstop. Firehose stayed more than 6 hours behind the source stream `
      + 'for 15 minutes \\(KinesisMillisBehindLatest\\). Records expire from the stream at the end of its retention and are then lost '
      + 'to the warehouse: '),
  }));
});

test('every alarm goes to the factory: its list and its one action', () => {
  const { stack, scope, construct } = sink(DestinationKind.OPENSEARCH, s => new cw_actions.SnsAction(new sns.Topic(s, 'Oncall')));
  createFreshnessAlarm(scope, Duration.minutes(15), 'fix it.');
  createDeliverySuccessAlarm(scope, 'fix it.');
  createThrottledRecordsAlarm(scope);
  createReadLagAlarms(scope, { latencyObjective: Duration.minutes(5), lagBackstop: Duration.hours(6) }, 'the index', 'KinesisMillisBehindLatest');

  expect(scope.alarms.alarms.map(a => a.node.path)).toEqual(
    ['DataFreshnessAlarm', 'DeliverySuccessAlarm', 'ThrottledRecordsAlarm', 'ReadLatencyAlarm', 'ReadLagAlarm'].map(id => `${construct.node.path}/${id}`));
  for (const alarm of Object.values(Template.fromStack(stack).findResources(ALARM))) {
    expect(alarm.Properties.AlarmActions).toEqual([ref(stack.node.findChild('Oncall') as sns.Topic)]);
  }
});

describe('freshnessThreshold', () => {
  test.each<[string, DestinationKind, Duration, Duration | undefined, number]>([
    ['default: twice the 300 s interval plus 5 minutes', DestinationKind.S3, Duration.seconds(300), undefined, 900],
    ['default with zero buffering: 5 minutes', DestinationKind.OPENSEARCH, Duration.seconds(0), undefined, 300],
    ['given: as given', DestinationKind.REDSHIFT, Duration.seconds(900), Duration.seconds(901), 901],
  ])('%s', (_name, kind, interval, given, seconds) => {
    expect(freshnessThreshold(kind, interval, given).toSeconds()).toBe(seconds);
  });

  test('a token interval: twice the destination\'s longest interval plus 5 minutes', () => {
    const figure = new CfnParameter(new Stack(), 'Figure', { type: 'Number' }).valueAsNumber;

    expect(freshnessThreshold(DestinationKind.OPENSEARCH, Duration.seconds(figure)).toSeconds()).toBe(2100);
  });

  test.each<[Duration, Duration, string]>([
    [Duration.seconds(300), Duration.seconds(300), '`freshnessThreshold` must be longer than the 300-second `bufferingInterval`, got 300 seconds'],
    [Duration.seconds(0), Duration.seconds(0), '`freshnessThreshold` must be longer than the 0-second `bufferingInterval`, got 0 seconds'],
  ])('refuses a threshold the buffer always reaches: interval %s, threshold %s', (interval, given, message) => {
    expectInputError(() => freshnessThreshold(DestinationKind.S3, interval, given),
      `${message}: records wait that long in the buffer on every delivery, so the alarm would always fire`);
  });
});
