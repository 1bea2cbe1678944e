import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { KINESIS_NEEDS, PIPELINE_WARNING, testStack } from './pipeline-helpers';
import { BrokerSizing, IngestChoice, KafkaBridge, KafkaTopic, StreamingIngest, StreamingPipeline } from '../../src';
import { expectInputError } from '../input-errors';

const PATH = 'TestStack/Pipeline';

describe('StreamingPipeline builds the ingest its requirements decide', () => {
  test('Kinesis: a stream sized from the workload, keeping records for the replay asked', () => {
    const stack = testStack();
    const pipeline = new StreamingPipeline(stack, 'Pipeline', { requirements: KINESIS_NEEDS });

    expect(pipeline.decision?.choice).toBe(IngestChoice.KINESIS);
    expect(pipeline.stream).toBeInstanceOf(StreamingIngest);
    expect(pipeline.source).toBe(pipeline.stream);
    expect(pipeline.sources).toEqual([pipeline.stream]);
    expect(pipeline.stream!.node.path).toBe(`${PATH}/Stream`);
    expect(pipeline.stream!.workload).toEqual(KINESIS_NEEDS.workload);
    Template.fromStack(stack).hasResourceProperties('AWS::Kinesis::Stream', {
      RetentionPeriodHours: 168,
      ShardCount: pipeline.stream!.plan!.shardCount,
    });
  });

  test('Kinesis: a replay shorter than a day keeps the stream\'s 24 hours', () => {
    const stack = testStack();
    new StreamingPipeline(stack, 'Pipeline', { requirements: { ...KINESIS_NEEDS, replay: Duration.hours(6) } });
    Template.fromStack(stack).hasResourceProperties('AWS::Kinesis::Stream', { RetentionPeriodHours: 24 });
  });

  test('Kinesis: a replay in part hours is kept to the next whole hour, as Kinesis counts retention', () => {
    const stack = testStack();
    new StreamingPipeline(stack, 'Pipeline', { requirements: { ...KINESIS_NEEDS, replay: Duration.minutes(36 * 60 + 30) } });
    Template.fromStack(stack).hasResourceProperties('AWS::Kinesis::Stream', { RetentionPeriodHours: 37 });
  });

  test('Kinesis: `streamOptions` override what the requirements set', () => {
    const stack = testStack();
    const pipeline = new StreamingPipeline(stack, 'Pipeline', {
      requirements: KINESIS_NEEDS,
      streamOptions: { streamName: 'clicks', retention: Duration.days(2) },
    });
    expect(pipeline.stream!.retention.toHours()).toBe(48);
    Template.fromStack(stack).hasResourceProperties('AWS::Kinesis::Stream', { Name: 'clicks', RetentionPeriodHours: 48 });
  });

  test('MSK: a cluster planned for the consumers as consumer groups and the replay as retention, with one topic', () => {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 });
    const pipeline = new StreamingPipeline(stack, 'Pipeline', {
      requirements: { kafkaProtocol: true, independentConsumers: 2, replay: Duration.days(3), workload: { ingestMibPerSecond: 10 } },
      kafkaOptions: { vpc },
      topicName: 'payments',
    });

    expect(pipeline.decision?.choice).toBe(IngestChoice.MSK);
    expect(pipeline.bridge).toBeInstanceOf(KafkaBridge);
    // The plan of the workload the requirements state, consumers as consumer groups and replay as retention.
    const planned = BrokerSizing.plan({ ingestMibPerSecond: 10, consumerGroups: 2, retention: Duration.days(3) });
    expect(pipeline.bridge!.plan!.summary).toBe(planned.summary);
    expect(BrokerSizing.plan({ ingestMibPerSecond: 10, consumerGroups: 1, retention: Duration.days(3) }).summary).not.toBe(planned.summary);
    expect((pipeline.source as KafkaTopic).topicName).toBe('payments');
    expect(pipeline.source.retention.toDays()).toBe(3);
    Template.fromStack(stack).resourceCountIs('AWS::MSK::Cluster', 1);
    Template.fromStack(stack).hasResourceProperties('AWS::MSK::Topic', { TopicName: 'payments' });
  });

  test('MSK without a VPC or a cluster: an error that says what to give', () => {
    const stack = testStack();
    expectInputError(() => new StreamingPipeline(stack, 'Pipeline', {
      requirements: { kafkaProtocol: true, workload: { ingestMibPerSecond: 10 } },
    }), /^TestStack\/Pipeline: the requirements decided Amazon MSK \(.+\): give `kafkaOptions.vpc` for the brokers, or `kafkaOptions.cluster` to use a cluster you have$/);
  });

  test('Firehose: a direct PUT delivery stream into the lake, and no stream to read', () => {
    const stack = testStack();
    const pipeline = new StreamingPipeline(stack, 'Pipeline', {
      requirements: { deliveryOnly: true, workload: { ingestMibPerSecond: 1, averageRecordBytes: 2000 } },
      deliveryOptions: { prefix: 'logs/' },
    });

    expect(pipeline.decision?.choice).toBe(IngestChoice.FIREHOSE);
    expect(pipeline.delivery?.directPut).toBe(true);
    expect(pipeline.delivery?.prefix).toMatch(/^logs\//);
    expect(pipeline.sources).toEqual([]);
    Template.fromStack(stack).hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', { DeliveryStreamType: 'DirectPut' });
    Template.fromStack(stack).resourceCountIs('AWS::Kinesis::Stream', 0);
    expectInputError(() => pipeline.source, `${PATH}: the pipeline has no stream to read: its requirements decided Firehose direct PUT, `
      + 'so producers write to `delivery.deliveryStream` and there is no `source`. Give `requirements` that need a stream, or `sources`');
  });

  test('tasks handled one at a time: refused, pointing to SQS', () => {
    const stack = testStack();
    expectInputError(() => new StreamingPipeline(stack, 'Pipeline', {
      requirements: { oneAtATimeTasks: true, workload: { ingestMibPerSecond: 0.1 } },
    }), /^TestStack\/Pipeline: the requirements describe tasks, not a stream: .+ Use an Amazon SQS queue \(aws-cdk-lib\/aws-sqs\) with a Lambda event source; StreamingPipeline builds none$/);
  });

  test('contradicting requirements are refused with the pipeline\'s path', () => {
    const stack = testStack();
    expectInputError(() => new StreamingPipeline(stack, 'Pipeline', {
      requirements: { deliveryOnly: true, replay: Duration.days(7), workload: { ingestMibPerSecond: 1 } },
    }), /^TestStack\/Pipeline: .*delivery.*replay/);
  });
});

describe('StreamingPipeline on sources you built', () => {
  test('builds no ingest, and every source is the pipeline\'s', () => {
    const stack = testStack();
    const a = new StreamingIngest(stack, 'A', { shardCount: 1 });
    const b = new StreamingIngest(stack, 'B', { shardCount: 1 });
    const pipeline = new StreamingPipeline(stack, 'Pipeline', { sources: [a] });
    pipeline.addSource(b);
    pipeline.addSource(b);

    expect(pipeline.sources).toEqual([a, b]);
    expect(pipeline.source).toBe(a);
    expect(pipeline.stream).toBeUndefined();
    expect(pipeline.decision).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::Kinesis::Stream', 2);
  });

  test('requirements that decide otherwise: a warning naming the decision', () => {
    const stack = testStack();
    const stream = new StreamingIngest(stack, 'A', { shardCount: 1 });
    new StreamingPipeline(stack, 'Pipeline', {
      sources: [stream],
      requirements: { kafkaProtocol: true, workload: { ingestMibPerSecond: 1 } },
    });
    Annotations.fromStack(stack).hasWarning(`/${PATH}`, Match.stringLikeRegexp(
      '^the requirements decided MSK \\(.+\\), but the sources given are KINESIS: check the requirements, or build what they decide '
      + 'by leaving `sources` out \\[ack: cdk-streaming-pipelines:StreamingPipeline:sourcesNotDecided\\]$'));
  });

  test('requirements that agree: no warning', () => {
    const stack = testStack();
    const stream = new StreamingIngest(stack, 'A', { shardCount: 1 });
    new StreamingPipeline(stack, 'Pipeline', { sources: [stream], requirements: KINESIS_NEEDS });
    expect(Annotations.fromStack(stack).findWarning(`/${PATH}`, Match.stringLikeRegexp(PIPELINE_WARNING))).toEqual([]);
  });

  test('neither requirements nor sources, or no sources: errors that say what to give', () => {
    expectInputError(() => new StreamingPipeline(testStack(), 'Pipeline', {}),
      `${PATH}: give \`requirements\` (the pipeline decides and builds its ingest) or \`sources\` (streams or topics you built)`);
    expectInputError(() => new StreamingPipeline(testStack(), 'Pipeline', { sources: [] }),
      `${PATH}: \`sources\` is empty: give the streams or topics the pipeline reads, or leave it out and give \`requirements\``);
  });
});
