import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { addConsumer, consumerIn, defaultPolicyId, expectInputError, getAtt, INGEST, ingestFixture, logicalId, ref } from './consumer-helpers';
import { ShardConsumer, StreamReadMode, StreamSource } from '../../src';

const STREAM_ARN = 'arn:aws:kinesis:us-east-1:111111111111:stream/orders';
const CONSUMER_ACTIONS = ['kinesis:DescribeStreamConsumer', 'kinesis:SubscribeToShard'];
// In the order aws-cdk-lib writes them (Match.arrayWith keeps order).
const STREAM_READ_ACTIONS = ['kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards'];

describe('ShardConsumer with enhanced fan-out', () => {
  test('registers a stream consumer named after the reader, under the stream\'s readers', () => {
    const { consumer, ingest, template } = consumerIn({ enhancedFanOut: true, readerName: 'fraud-check' });

    expect(consumer.streamConsumer).toBeInstanceOf(kinesis.StreamConsumer);
    expect(consumer.streamConsumer!.node.path).toBe(`${INGEST}/Resource/Readers/fraud-check`);
    template().resourceCountIs('AWS::Kinesis::StreamConsumer', 1);
    template().hasResourceProperties('AWS::Kinesis::StreamConsumer', { ConsumerName: 'fraud-check', StreamARN: getAtt(ingest.stream, 'Arn') });
    expect(ingest.readers).toEqual([expect.objectContaining({ readerName: 'fraud-check', readMode: StreamReadMode.ENHANCED_FAN_OUT, path: 'TestStack/Consumer' })]);
  });

  test('the mapping reads through the consumer, after the role may subscribe', () => {
    const { consumer, handler, template } = consumerIn({ enhancedFanOut: true });

    template().hasResource('AWS::Lambda::EventSourceMapping', {
      Properties: { EventSourceArn: getAtt(consumer.streamConsumer!, 'ConsumerARN') },
      DependsOn: [defaultPolicyId(handler)],
    });
  });

  test('the handler may subscribe through its consumer and read the stream', () => {
    const { consumer, ingest, handler, template } = consumerIn({ enhancedFanOut: true });

    template().hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(handler.role!)],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Allow', Action: Match.arrayWith(STREAM_READ_ACTIONS), Resource: getAtt(ingest.stream, 'Arn') }),
          Match.objectLike({ Effect: 'Allow', Action: CONSUMER_ACTIONS, Resource: getAtt(consumer.streamConsumer!, 'ConsumerARN') }),
        ]),
      },
    });
  });

  test('a MillisBehindLatest alarm watches the consumer', () => {
    const { consumer, ingest, template } = consumerIn({ enhancedFanOut: true });

    template().hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Kinesis',
      MetricName: 'SubscribeToShardEvent.MillisBehindLatest',
      Dimensions: Match.arrayWith([
        { Name: 'ConsumerName', Value: getAtt(consumer.streamConsumer!, 'ConsumerName') },
        { Name: 'StreamName', Value: ref(ingest.stream) },
      ]),
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 21600000, // the iterator-age threshold: 6 hours for 24 hours retention
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 5,
      DatapointsToAlarm: 5,
      TreatMissingData: 'ignore',
      AlarmDescription: Match.stringLikeRegexp('^Stream consumer TestStack/Consumer \\(reader .+ of TestStack/Ingest\\): data-loss backstop: '
        + 'the enhanced fan-out consumer stayed more than 6 hours \\(records older than 18 hours go to the failure destination unprocessed\\) '
        + 'behind the stream'),
    });
    expect(consumer.alarms).toHaveLength(7);
  });

  test('a stream from StreamSource.fromStream() gets its consumer under the imported stream', () => {
    const f = ingestFixture();
    const stream = kinesis.Stream.fromStreamArn(f.stack, 'Imported', STREAM_ARN);
    const consumer = new ShardConsumer(f.stack, 'Consumer', {
      source: StreamSource.fromStream(stream), handler: f.handler, enhancedFanOut: true, readerName: 'audit',
    });
    const template = Template.fromStack(f.stack);

    expect(consumer.streamConsumer!.node.path).toBe('TestStack/Imported/Readers/audit');
    template.hasResourceProperties('AWS::Kinesis::StreamConsumer', { ConsumerName: 'audit', StreamARN: STREAM_ARN });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: getAtt(consumer.streamConsumer!, 'ConsumerARN') });
  });

  test('Kinesis registers 5 consumers at a time: each consumer from the 6th waits for the one 5 places before it', () => {
    const f = ingestFixture();
    const consumers = [1, 2, 3, 4, 5, 6, 7].map(i => addConsumer(f, { enhancedFanOut: true }, `Efo${i}`));
    const resources = Template.fromStack(f.stack).findResources('AWS::Kinesis::StreamConsumer');
    const dependsOn = consumers.map(c => resources[logicalId(c.streamConsumer!)].DependsOn);

    expect(dependsOn).toEqual([
      undefined, undefined, undefined, undefined, undefined,
      [logicalId(consumers[0].streamConsumer!)],
      [logicalId(consumers[1].streamConsumer!)],
    ]);
  });

  test('the 21st enhanced fan-out consumer of a stream is refused; polling still works', () => {
    const f = ingestFixture();
    for (let i = 1; i <= 20; i++) {
      addConsumer(f, { enhancedFanOut: true }, `Efo${i}`);
    }

    expectInputError(() => addConsumer(f, { enhancedFanOut: true }, 'Efo21'),
      `TestStack/Efo21: \`readMode\` ENHANCED_FAN_OUT: enhanced fan-out readers of ${INGEST} must be at most 20, got 21: `
      + 'read by polling, or fan out to a second stream');
    addConsumer(f, {}, 'Polling');
    const template = Template.fromStack(f.stack);
    template.resourceCountIs('AWS::Kinesis::StreamConsumer', 20);
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', 21);
  });
});
