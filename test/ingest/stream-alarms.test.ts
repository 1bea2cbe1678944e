import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { streamDimensions, streamRef } from './ingest-helpers';
import { StreamingIngest, StreamingIngestProps } from '../../src';
import { testStack } from '../app-fixture';

const MIB = 1048576;

function ingestIn(props: StreamingIngestProps = {}): { stack: Stack; ingest: StreamingIngest; template: () => Template } {
  const stack = testStack();
  const ingest = new StreamingIngest(stack, 'Ingest', props);
  return { stack, ingest, template: () => Template.fromStack(stack) };
}

/** The Metrics array of a math-expression alarm over one stream metric. */
function capacityMetrics(ingest: StreamingIngest, expression: unknown, id: string, metricName: string) {
  return [
    Match.objectLike({ Expression: expression, ReturnData: true }),
    {
      Id: id,
      MetricStat: {
        Metric: { MetricName: metricName, Namespace: 'AWS/Kinesis', Dimensions: streamDimensions(ingest) },
        Period: 60,
        Stat: 'Sum',
      },
      ReturnData: false,
    },
  ];
}

/** The Metrics Insights query of a hot-shard alarm. */
function hotShardQuery(ingest: StreamingIngest, metricName: string) {
  return {
    'Fn::Join': ['', [
      `SELECT SUM(${metricName}) FROM SCHEMA("AWS/Kinesis", ShardId, StreamName) WHERE StreamName = '`,
      streamRef(ingest),
      "' GROUP BY ShardId ORDER BY SUM() DESC LIMIT 1",
    ]],
  };
}

describe('stream alarms: throttling and iterator age', () => {
  test.each<[string, string, number, string, number, string, RegExp]>([
    ['WriteProvisionedThroughputExceeded', 'Average', 0.01, 'GreaterThanOrEqualToThreshold', 3, 'notBreaching',
      /writes were throttled.*spread the partition key.*raise the shard count/],
    ['PutRecords.ThrottledRecords', 'Sum', 0, 'GreaterThanThreshold', 3, 'notBreaching',
      /throttled records.*producers retry failed records.*raise the shard count/],
    ['ReadProvisionedThroughputExceeded', 'Average', 0.01, 'GreaterThanOrEqualToThreshold', 3, 'notBreaching',
      /GetRecords calls were throttled.*enhanced fan-out or raise the shard count/],
    ['GetRecords.IteratorAgeMilliseconds', 'Maximum', 21_600_000, 'GreaterThanThreshold', 5, 'ignore',
      /over 6 hours old.*expire after 24 hours.*Find the slow or failing consumer/],
  ])('%s alarm', (metricName, statistic, threshold, operator, datapoints, missing, advice) => {
    const { ingest, template } = ingestIn({ workload: { ingestMibPerSecond: 1 } });

    template().hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: metricName,
      Namespace: 'AWS/Kinesis',
      Dimensions: streamDimensions(ingest),
      Statistic: statistic,
      Period: 60,
      Threshold: threshold,
      ComparisonOperator: operator,
      EvaluationPeriods: 5,
      DatapointsToAlarm: datapoints,
      TreatMissingData: missing,
      AlarmDescription: Match.stringLikeRegexp(`^Kinesis stream TestStack/Ingest: .*${advice.source}`),
    });
  });

  test.each<[string, StreamingIngestProps, number, string]>([
    ['24 h retention → 6 h', {}, 21_600_000, 'over 6 hours old .* expire after 24 hours'],
    ['7 days retention → 42 h', { retention: Duration.days(7) }, 151_200_000, 'over 42 hours old .* expire after 168 hours'],
    ['a custom 2 h threshold', { iteratorAgeThreshold: Duration.hours(2) }, 7_200_000, 'over 2 hours old .* expire after 24 hours'],
    ['half the retention, the largest allowed', { iteratorAgeThreshold: Duration.hours(12) }, 43_200_000, 'over 12 hours old'],
  ])('iterator-age threshold: %s', (_name, props, threshold, description) => {
    ingestIn(props).template().hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'GetRecords.IteratorAgeMilliseconds',
      Threshold: threshold,
      AlarmDescription: Match.stringLikeRegexp(description),
    });
  });
});

describe('stream alarms: capacity', () => {
  test.each<[string, () => { ingest: StreamingIngest; template: () => Template }, unknown, unknown]>([
    ['the planned count', () => ingestIn({ workload: { ingestMibPerSecond: 2, consumeMibPerSecond: 4 } }),
      `100 * bytes / (60 * ${MIB} * 2)`, '100 * records / (60 * 1000 * 2)'],
    ['an explicit count', () => ingestIn({ shardCount: 7 }),
      `100 * bytes / (60 * ${MIB} * 7)`, '100 * records / (60 * 1000 * 7)'],
    ['a parameter', () => {
      const stack = testStack();
      const shards = new CfnParameter(stack, 'Shards', { type: 'Number' });
      const ingest = new StreamingIngest(stack, 'Ingest', { shardCount: shards.valueAsNumber });
      return { ingest, template: () => Template.fromStack(stack) };
    },
    { 'Fn::Join': ['', [`100 * bytes / (60 * ${MIB} * `, { Ref: 'Shards' }, ')']] },
    { 'Fn::Join': ['', ['100 * records / (60 * 1000 * ', { Ref: 'Shards' }, ')']] }],
  ])('expressions divide by %s', (_name, build, bytesExpression, recordsExpression) => {
    const { ingest, template } = build();
    const common = {
      Threshold: 80,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 5,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
    };

    template().hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...common,
      Metrics: capacityMetrics(ingest, bytesExpression, 'bytes', 'IncomingBytes'),
      AlarmDescription: Match.stringLikeRegexp('incoming bytes reached 80% of the provisioned 1 MiB/s per shard.*Raise the shard count'),
    });
    template().hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...common,
      Metrics: capacityMetrics(ingest, recordsExpression, 'records', 'IncomingRecords'),
      AlarmDescription: Match.stringLikeRegexp('incoming records reached 80% of the provisioned 1,000 records/s.*Raise the shard count'),
    });
  });

  test('the expression follows the plan as polling readers are bound', () => {
    const { stack, ingest, template } = ingestIn({ workload: { ingestMibPerSecond: 2 } });
    // 3 readers read 3 × 2 MiB/s = 6 MiB/s of shared reads: 3 shards
    ['A', 'B', 'C'].forEach(id => ingest.bindReader(new Construct(stack, id), { readerName: id }));

    template().hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: capacityMetrics(ingest, `100 * bytes / (60 * ${MIB} * 3)`, 'bytes', 'IncomingBytes'),
    });
  });

  test('capacityAlarmFraction 0.5 → threshold 50 on capacity and hot-shard alarms', () => {
    const { template } = ingestIn({ workload: { ingestMibPerSecond: 1 }, capacityAlarmFraction: 0.5, hotShardDetection: true });

    template().hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 50,
      Metrics: Match.arrayWith([Match.objectLike({ Id: 'bytes' })]),
      AlarmDescription: Match.stringLikeRegexp('reached 50% of'),
    });
    template().hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 50, Metrics: Match.arrayWith([Match.objectLike({ Id: 'records' })]) });
    template().hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 0.5 * 60 * MIB, AlarmDescription: Match.stringLikeRegexp('received at least 50% of its 1 MiB/s write limit') });
    template().hasResourceProperties('AWS::CloudWatch::Alarm', { Threshold: 0.5 * 60 * 1000, AlarmDescription: Match.stringLikeRegexp('received at least 50% of its 1,000 records/s write limit') });
  });

  test('an on-demand stream has no capacity alarms', () => {
    const { ingest, template } = ingestIn({ workload: { ingestMibPerSecond: 1 }, streamMode: kinesis.StreamMode.ON_DEMAND });

    template().resourceCountIs('AWS::CloudWatch::Alarm', 4);
    expect(template().findResources('AWS::CloudWatch::Alarm', { Properties: { Metrics: Match.anyValue() } })).toEqual({});
    expect(ingest.alarms).toHaveLength(4);
  });
});

describe('stream alarms: hot shard', () => {
  test.each<[string, number, string]>([
    ['IncomingBytes', 0.8 * 60 * MIB, '1 MiB/s write limit'],
    ['IncomingRecords', 0.8 * 60 * 1000, '1,000 records/s write limit'],
  ])('%s of the hottest shard, by a Metrics Insights query on the stream', (metricName, threshold, limit) => {
    const { ingest, template } = ingestIn({ workload: { ingestMibPerSecond: 1 }, hotShardDetection: true });

    template().hasResourceProperties('AWS::CloudWatch::Alarm', {
      Metrics: [Match.objectLike({ Expression: hotShardQuery(ingest, metricName), Period: 60, ReturnData: true })],
      Threshold: threshold,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 5,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
      // "at least": the alarm fires at the threshold (GreaterThanOrEqualToThreshold)
      AlarmDescription: `Kinesis stream TestStack/Ingest: one shard received at least 80% of its ${limit} in 3 of 5 minutes `
        + 'while the stream as a whole may be far from full: the partition key is skewed. Use a higher-cardinality key '
        + '(customer, order or device id) or split the hot key with a suffix.',
    });
  });

  test('no hot-shard alarm without hotShardDetection', () => {
    const { ingest, template } = ingestIn({ workload: { ingestMibPerSecond: 1 } });

    for (const metricName of ['IncomingBytes', 'IncomingRecords']) {
      expect(template().findResources('AWS::CloudWatch::Alarm', {
        Properties: { Metrics: [Match.objectLike({ Expression: hotShardQuery(ingest, metricName) })] },
      })).toEqual({});
    }
  });
});

describe('stream alarms: actions and count', () => {
  test('alarmAction is on ALARM and OK of every alarm', () => {
    const stack = testStack();
    const topic = new sns.Topic(stack, 'Topic');
    new StreamingIngest(stack, 'Ingest', { workload: { ingestMibPerSecond: 1 }, hotShardDetection: true, alarmAction: new cw_actions.SnsAction(topic) });
    const topicRef = { Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) };
    const alarms = Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm');

    expect(Object.keys(alarms)).toHaveLength(8);
    for (const alarm of Object.values(alarms)) {
      expect(alarm.Properties).toMatchObject({ AlarmActions: [topicRef], OKActions: [topicRef] });
    }
  });

  test('without alarmAction the alarms have no actions', () => {
    const { template } = ingestIn({ workload: { ingestMibPerSecond: 1 } });

    template().allResourcesProperties('AWS::CloudWatch::Alarm', { AlarmActions: Match.absent(), OKActions: Match.absent() });
  });

  test('createAlarms: false creates no alarm', () => {
    const { ingest, template } = ingestIn({ workload: { ingestMibPerSecond: 1 }, hotShardDetection: true, createAlarms: false });

    template().resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(ingest.alarms).toEqual([]);
  });

  test.each<[string, StreamingIngestProps, number]>([
    ['provisioned', { workload: { ingestMibPerSecond: 1 } }, 6],
    ['provisioned with hot-shard detection', { shardCount: 2, hotShardDetection: true }, 8],
    ['on-demand', {}, 4],
    ['on-demand with hot-shard detection', { hotShardDetection: true }, 6],
  ])('%s: alarms lists every alarm resource', (_name, props, count) => {
    const { ingest, template } = ingestIn(props);

    template().resourceCountIs('AWS::CloudWatch::Alarm', count);
    expect(ingest.alarms).toHaveLength(count);
  });

  test('every alarm is tied to the stream by a StreamName dimension or query', () => {
    const { ingest, template } = ingestIn({ workload: { ingestMibPerSecond: 1 }, hotShardDetection: true });
    const ref = JSON.stringify(streamRef(ingest));
    const alarms = Object.values(template().findResources('AWS::CloudWatch::Alarm'));

    expect(alarms).toHaveLength(8);
    for (const alarm of alarms) {
      const props = alarm.Properties;
      if (props.Dimensions) {
        expect(props.Dimensions).toEqual(streamDimensions(ingest));
      } else {
        expect(JSON.stringify(props.Metrics)).toContain(ref);
      }
    }
  });
});
