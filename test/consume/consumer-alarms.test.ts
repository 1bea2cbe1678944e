import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { addConsumer, CONSUMER, ConsumerOptions, consumerIn, getAtt, ingestFixture, logicalId, ref } from './consumer-helpers';
import { ShardConsumer, StreamingIngestProps } from '../../src';

const ALARM = 'AWS::CloudWatch::Alarm';
const LABEL = `^Stream consumer ${CONSUMER} \\(reader TestStackConsumer[0-9A-F]{8} of TestStack/Ingest\\): `;

describe('consumer alarms', () => {
  test.each<[string, string, string, number, number, string, string]>([
    ['IteratorAge', 'Maximum', 'GreaterThanThreshold', 21600000, 5, 'ignore',
      'data-loss backstop: Lambda\'s IteratorAge stayed above 6 hours \\(records older than 18 hours go to the failure destination unprocessed\\) for 5 minutes'],
    ['IteratorAge', 'Maximum', 'GreaterThanThreshold', 300000, 3, 'ignore',
      'Lambda\'s IteratorAge stayed above the 5 minutes latency objective for 3 minutes: records are processed later than promised'],
    ['Errors', 'Sum', 'GreaterThanThreshold', 0, 3, 'notBreaching', 'the handler failed in 3 minutes in a row'],
    ['Throttles', 'Sum', 'GreaterThanThreshold', 0, 3, 'notBreaching', 'the handler was throttled in 3 minutes in a row'],
    ['DestinationDeliveryFailures', 'Sum', 'GreaterThanThreshold', 0, 1, 'ignore',
      'Lambda could not record a given-up batch in the failure destination'],
  ])('%s of the handler, %s %s %d', (metricName, statistic, operator, threshold, periods, missing, text) => {
    const { handler, template } = consumerIn();

    template().hasResourceProperties(ALARM, {
      Namespace: 'AWS/Lambda',
      MetricName: metricName,
      Dimensions: [{ Name: 'FunctionName', Value: ref(handler) }],
      Statistic: statistic,
      Period: 60,
      ComparisonOperator: operator,
      Threshold: threshold,
      EvaluationPeriods: periods,
      DatapointsToAlarm: periods,
      TreatMissingData: missing,
      AlarmDescription: Match.stringLikeRegexp(LABEL + text),
    });
  });

  test('the IteratorAge alarm says how far behind, when records are given up on, and what to do', () => {
    const { consumer, template } = consumerIn();

    template().hasResourceProperties(ALARM, {
      MetricName: 'IteratorAge',
      AlarmDescription: `Stream consumer ${CONSUMER} (reader ${consumer.readerName} of TestStack/Ingest): data-loss backstop: `
        + 'Lambda\'s IteratorAge stayed above 6 hours (records older than 18 hours go to the failure destination unprocessed) for '
        + '5 minutes. Records are close to being given up on: the handler is too slow or keeps failing: check its errors and '
        + 'duration, then speed it up, process shards in parallel or add shards.',
    });
  });

  test('FailureQueueDepth: any message waiting in the failureQueue; silence (an inactive queue) keeps the state', () => {
    const f = ingestFixture();
    const queue = new sqs.Queue(f.stack, 'MyFailures');
    const consumer = addConsumer(f, { failureQueue: queue });

    expect(consumer.failureQueue).toBe(queue);
    Template.fromStack(f.stack).hasResourceProperties(ALARM, {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: getAtt(queue, 'QueueName') }],
      Statistic: 'Maximum',
      Period: 300,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'ignore',
      AlarmDescription: Match.stringLikeRegexp(LABEL + 'batches Lambda gave up on are waiting in the failure queue.*'
        + 'The alarm stays in ALARM until the queue is seen empty\\.$'),
    });
  });

  test('GivenUpRecords: any record delivered to the failure destination, by mapping UUID; stays in ALARM until reset', () => {
    const { consumer, template } = consumerIn();

    template().hasResourceProperties(ALARM, {
      Namespace: 'AWS/Lambda',
      MetricName: 'OnFailureDestinationDeliveredEventCount',
      Dimensions: [{ Name: 'EventSourceMappingUUID', Value: ref(consumer.eventSourceMapping) }],
      Statistic: 'Sum',
      Period: 60,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      TreatMissingData: 'ignore',
    });
  });

  test('the GivenUpRecords alarm says where the records are in the failure bucket and how to clear it', () => {
    const { consumer, stack } = consumerIn();
    const alarm = consumer.alarms.find(a => a.node.id === 'GivenUpRecordsAlarm') as cloudwatch.Alarm;
    const description = stack.resolve((alarm.node.defaultChild as cloudwatch.CfnAlarm).alarmDescription);

    expect(description).toEqual({
      'Fn::Join': ['', [
        `Stream consumer ${CONSUMER} (reader ${consumer.readerName} of TestStack/Ingest): Lambda gave up on records (after the retries or `
        + 'at 18 hours old) and sent them to the failure destination (OnFailureDestinationDeliveredEventCount). Each batch is an object under s3://',
        ref(consumer.failureBucket!),
        '/aws/lambda/',
        ref(consumer.eventSourceMapping),
        '/<shard id>/YYYY/MM/DD/, its records in the payload field (the Lambda event, base64 data). Fix the cause, replay the records, '
        + 'then set this alarm back to OK (aws cloudwatch set-alarm-state --state-value OK): it stays in ALARM until then.',
      ]],
    });
  });

  test('the latency objective alarm: IteratorAge above the objective for 3 minutes in a row', () => {
    const { consumer, template } = consumerIn({ latencyObjective: Duration.seconds(30), maxBatchingWindow: Duration.seconds(0) });

    template().hasResourceProperties(ALARM, {
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: ref(consumer.handler) }],
      Statistic: 'Maximum',
      Period: 60,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 30000,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'ignore',
      AlarmDescription: `Stream consumer ${CONSUMER} (reader ${consumer.readerName} of TestStack/Ingest): Lambda's IteratorAge stayed `
        + 'above the 30 seconds latency objective for 3 minutes: records are processed later than promised. The handler is slow, '
        + 'failing and retrying, or throttled: check its errors, duration and throttles, then speed it up, process shards in '
        + 'parallel (parallelizationFactor) or add shards.',
    });
  });

  test.each<[string, ConsumerOptions, number]>([
    ['the default: 5 minutes', {}, 300000],
    ['a 300 s batching window: twice it, 10 minutes', { maxBatchingWindow: Duration.seconds(300) }, 600000],
    ['a 4-minute backstop: half of it, 2 minutes', { iteratorAgeThreshold: Duration.minutes(4) }, 120000],
  ])('the latency objective with %s', (_name, options, threshold) => {
    const { template } = consumerIn(options);

    template().hasResourceProperties(ALARM, { MetricName: 'IteratorAge', Threshold: threshold, EvaluationPeriods: 3 });
  });

  test.each<[string, ConsumerOptions, StreamingIngestProps, number]>([
    ['24 h retention: a quarter of it, 6 h', {}, {}, 21600000],
    ['maxRecordAge 1 h: half of it, 30 min', { maxRecordAge: Duration.hours(1) }, {}, 1800000],
    ['7 days retention: a quarter of it, 42 h (half the default maxRecordAge would be 63 h)', {}, { retention: Duration.days(7) }, 151200000],
    ['30 days retention: half the 7-day maxRecordAge, 3.5 days', {}, { retention: Duration.days(30) }, 302400000],
    ['maxRecordAge 60 s: half of it, 30 s (no 1-minute floor)', { maxRecordAge: Duration.seconds(60) }, {}, 30000],
    ['an explicit iteratorAgeThreshold of 10 min', { iteratorAgeThreshold: Duration.minutes(10) }, {}, 600000],
  ])('the iterator-age threshold with %s', (_name, options, ingestProps, threshold) => {
    const { template } = consumerIn(options, ingestProps);

    template().hasResourceProperties(ALARM, { MetricName: 'IteratorAge', Threshold: threshold, EvaluationPeriods: 5 });
  });

  test('the alarm action is on ALARM and OK of every alarm', () => {
    const f = ingestFixture();
    const topic = new sns.Topic(f.stack, 'Oncall');
    const consumer = addConsumer(f, { alarmAction: new cw_actions.SnsAction(topic), enhancedFanOut: true });
    const all = Template.fromStack(f.stack).findResources(ALARM);
    const alarms = consumer.alarms.map(a => all[logicalId(a)]);

    expect(alarms).toHaveLength(7);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([ref(topic)]);
      expect(alarm.Properties.OKActions).toEqual([ref(topic)]);
    }
  });

  test.each<[string, (scope: Construct) => ConsumerOptions, string[]]>([
    ['polling with the default bucket', () => ({}),
      ['LatencyObjectiveAlarm', 'IteratorAgeAlarm', 'ErrorsAlarm', 'ThrottlesAlarm', 'FailureDeliveryAlarm', 'GivenUpRecordsAlarm']],
    ['enhanced fan-out', () => ({ enhancedFanOut: true }),
      ['LatencyObjectiveAlarm', 'IteratorAgeAlarm', 'MillisBehindLatestAlarm', 'ErrorsAlarm', 'ThrottlesAlarm', 'FailureDeliveryAlarm', 'GivenUpRecordsAlarm']],
    ['failureQueue given', scope => ({ failureQueue: new sqs.Queue(scope, 'MyFailures') }),
      ['LatencyObjectiveAlarm', 'IteratorAgeAlarm', 'ErrorsAlarm', 'ThrottlesAlarm', 'FailureDeliveryAlarm', 'GivenUpRecordsAlarm', 'FailureQueueDepthAlarm']],
    ['onFailure given', scope => ({ onFailure: new sources.SqsDlq(new sqs.Queue(scope, 'MyFailures')) }),
      ['LatencyObjectiveAlarm', 'IteratorAgeAlarm', 'ErrorsAlarm', 'ThrottlesAlarm', 'FailureDeliveryAlarm', 'GivenUpRecordsAlarm']],
  ])('consumer.alarms: %s', (_name, options, ids) => {
    const f = ingestFixture();
    const consumer = addConsumer(f, options(f.stack));

    expect(consumer.alarms.map(a => a.node.path)).toEqual(ids.map(id => `${CONSUMER}/${id}`));
  });

  test('createAlarms false: none', () => {
    const { consumer, template } = consumerIn({ createAlarms: false, enhancedFanOut: true });

    expect(consumer.alarms).toEqual([]);
    template().resourcePropertiesCountIs(ALARM, { AlarmDescription: Match.stringLikeRegexp(`^Stream consumer ${CONSUMER} `) }, 0);
  });
});

describe('consumer metrics', () => {
  test.each<[string, (c: ShardConsumer) => cloudwatch.Metric, string, string]>([
    ['metricIteratorAge', c => c.metricIteratorAge(), 'IteratorAge', 'Maximum'],
    ['metricErrors', c => c.metricErrors(), 'Errors', 'Sum'],
    ['metricThrottles', c => c.metricThrottles(), 'Throttles', 'Sum'],
    ['metricDestinationDeliveryFailures', c => c.metricDestinationDeliveryFailures(), 'DestinationDeliveryFailures', 'Sum'],
  ])('%s: the handler\'s metric per minute', (_name, metric, metricName, statistic) => {
    const { stack, consumer, handler } = consumerIn();
    const m = metric(consumer);

    expect(m.namespace).toBe('AWS/Lambda');
    expect(m.metricName).toBe(metricName);
    expect(m.statistic).toBe(statistic);
    expect(m.period.toSeconds()).toBe(60);
    expect(stack.resolve(m.dimensions)).toEqual({ FunctionName: ref(handler) });
  });

  test('metricMillisBehindLatest: the enhanced fan-out consumer\'s lag by stream and consumer name, only with enhanced fan-out', () => {
    const { stack, consumer, ingest } = consumerIn({ enhancedFanOut: true, readerName: 'scorer' });
    const m = consumer.metricMillisBehindLatest() as cloudwatch.Metric;

    expect(m.namespace).toBe('AWS/Kinesis');
    expect(m.metricName).toBe('SubscribeToShardEvent.MillisBehindLatest');
    expect(m.statistic).toBe('Maximum');
    expect(stack.resolve(m.dimensions)).toEqual({
      StreamName: ref(ingest.stream),
      ConsumerName: { 'Fn::GetAtt': [logicalId(consumer.streamConsumer!), 'ConsumerName'] },
    });
    expect(consumerIn().consumer.metricMillisBehindLatest()).toBeUndefined();
  });

  test('metricGivenUpRecords: records delivered to the failure destination per minute, by the mapping\'s UUID', () => {
    const { stack, consumer } = consumerIn();
    const m = consumer.metricGivenUpRecords();

    expect(m.namespace).toBe('AWS/Lambda');
    expect(m.metricName).toBe('OnFailureDestinationDeliveredEventCount');
    expect(m.statistic).toBe('Sum');
    expect(m.period.toSeconds()).toBe(60);
    expect(stack.resolve(m.dimensions)).toEqual({ EventSourceMappingUUID: ref(consumer.eventSourceMapping) });
  });

  test('metricFailureQueueDepth: the failureQueue\'s visible messages per 5 minutes, none without one', () => {
    const f = ingestFixture();
    const consumer = addConsumer(f, { failureQueue: new sqs.Queue(f.stack, 'MyFailures') });
    const stack = f.stack;
    const m = consumer.metricFailureQueueDepth()!;

    expect(m.namespace).toBe('AWS/SQS');
    expect(m.metricName).toBe('ApproximateNumberOfMessagesVisible');
    expect(m.statistic).toBe('Maximum');
    expect(m.period.toSeconds()).toBe(300);
    expect(stack.resolve(m.dimensions)).toEqual({ QueueName: { 'Fn::GetAtt': [logicalId(consumer.failureQueue!), 'QueueName'] } });
    expect(consumerIn().consumer.metricFailureQueueDepth()).toBeUndefined();
  });

  test('options override the defaults', () => {
    const m = consumerIn().consumer.metricErrors({ period: Duration.minutes(5), statistic: 'Average' });

    expect(m.period.toMinutes()).toBe(5);
    expect(m.statistic).toBe('Average');
  });
});
