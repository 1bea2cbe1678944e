import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { handlerIn, testStack } from './pipeline-helpers';
import { ArchiveToLake, EventBridgeProducer, KafkaBridge, ShardConsumer, StreamingIngest, StreamingPipeline, StreamSource } from '../../src';

describe('the pipeline as a Mermaid flowchart', () => {
  test('producers write to the stream, readers read from it, one subgraph per layer in the order records flow', () => {
    const stack = testStack();
    const stream = new StreamingIngest(stack, 'Orders', { workload: { ingestMibPerSecond: 0.5, ingestRecordsPerSecond: 500 } });
    const pipeline = new StreamingPipeline(stack, 'Pipeline', { sources: [stream] });
    new ArchiveToLake(stack, 'Lake', { source: stream, readerName: 'lake' });
    new ShardConsumer(stack, 'Fraud', { source: stream, handler: handlerIn(stack, 'Fn'), readerName: 'fraud' });
    new EventBridgeProducer(stack, 'Placed', { source: stream, eventPattern: { source: ['shop.orders'] }, recordsPerSecond: 200 });

    expect(pipeline.diagram()).toBe([
      'flowchart LR',
      '  subgraph producersLayer["Producers"]',
      '    part3["Placed<br/>EventBridge rule"]',
      '  end',
      '  subgraph ingestLayer["Ingest"]',
      '    source1[("Orders<br/>Kinesis stream, 1 shard")]',
      '  end',
      '  subgraph processingLayer["Processing"]',
      '    part1["Fraud<br/>Lambda"]',
      '  end',
      '  subgraph storageLayer["Storage"]',
      '    part2["Lake<br/>Firehose to S3"]',
      '  end',
      '  source1 --> part1',
      '  source1 --> part2',
      '  part3 --> source1',
      '',
    ].join('\n'));
  });

  test('a Kafka topic is drawn with its cluster and partitions; an imported stream by its name; no empty layers', () => {
    const stack = testStack();
    const bridge = new KafkaBridge(stack, 'Kafka', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 3 }), workload: { ingestMibPerSecond: 5 } });
    const topic = bridge.addTopic('payments');
    const imported = StreamSource.fromStream(kinesis.Stream.fromStreamArn(stack, 'Clicks', 'arn:aws:kinesis:us-east-1:111111111111:stream/clicks'));
    const pipeline = new StreamingPipeline(stack, 'Pipeline', { sources: [topic, imported] });
    new ArchiveToLake(stack, 'Lake', { source: topic, readerName: 'lake' });

    expect(pipeline.diagram().split('\n')).toEqual([
      'flowchart LR',
      '  subgraph ingestLayer["Ingest"]',
      `    source1[("Kafka: payments<br/>MSK topic, ${topic.partitionCount} partitions")]`,
      '    source2[("TestStack/Clicks<br/>Kinesis stream (imported)")]',
      '  end',
      '  subgraph storageLayer["Storage"]',
      '    part1["Lake<br/>Firehose to S3"]',
      '  end',
      '  source1 --> part1',
      '',
    ]);
  });

  test('quotes and angle brackets in names cannot break the label', () => {
    const stack = testStack();
    const imported = StreamSource.fromStream(kinesis.Stream.fromStreamArn(stack, 'Say "hi" <b>&', 'arn:aws:kinesis:us-east-1:111111111111:stream/a'));
    const pipeline = new StreamingPipeline(stack, 'Pipeline', { sources: [imported] });
    expect(pipeline.diagram()).toContain('source1[("TestStack/Say #quot;hi#quot; #lt;b#gt;#amp;<br/>Kinesis stream (imported)")]');
  });
});
