import { Duration, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { Construct } from 'constructs';
import { expectInputError, streamLogicalId } from './ingest-helpers';
import { IStreamSource, StreamingIngest, StreamReadMode, StreamSource, StreamWorkload } from '../../src';
import { testStack } from '../app-fixture';

/** What a Kinesis mapping is: Lambda reports IteratorAge, takes every setting and needs no more than the read grant. */
const KINESIS_MAPPING = { lambdaReportsRecordAge: true, lambdaReportsOffsetLag: false, unsupportedSettings: [], mappingStatements: [] };

const STREAM_ARN = 'arn:aws:kinesis:us-east-1:111111111111:stream/orders';
/** The Kinesis stream construct of `StreamingIngest` 'Ingest': reader messages name the stream, not the construct owning it. */
/** The StreamingIngest, as reader messages name its stream. */
const INGEST = 'TestStack/Ingest';
/** Its Kinesis stream construct, under which the readers live. */
const INGEST_STREAM = `${INGEST}/Resource`;
const EFO = StreamReadMode.ENHANCED_FAN_OUT;

function ingestIn(workload: StreamWorkload | undefined = { ingestMibPerSecond: 1 }): { stack: Stack; ingest: StreamingIngest } {
  const stack = testStack();
  return { stack, ingest: new StreamingIngest(stack, 'Ingest', { workload }) };
}

function importedIn(workload?: StreamWorkload, retention?: Duration): { stack: Stack; stream: kinesis.IStream; source: IStreamSource } {
  const stack = testStack();
  const stream = kinesis.Stream.fromStreamArn(stack, 'Imported', STREAM_ARN);
  return { stack, stream, source: StreamSource.fromStream(stream, { workload, retention }) };
}

/** Binds `count` readers named `<prefix>1`…, each in its own construct under the stack. */
function bindReaders(source: IStreamSource, stack: Stack, prefix: string, count: number, readMode = StreamReadMode.POLLING): void {
  for (let i = 1; i <= count; i++) {
    source.bindReader(new Construct(stack, `${prefix}${i}`), { readerName: `${prefix}${i}`, readMode });
  }
}

describe('bindReader on StreamingIngest', () => {
  test('a polling reader gets the stream and no consumer, and is recorded', () => {
    const { stack, ingest } = ingestIn();
    const binding = ingest.bindReader(new Construct(stack, 'Reader'), { readerName: 'audit' });

    expect(binding.resource).toBe(ingest.stream);
    expect(binding.lambdaSource()).toEqual({ eventSourceArn: ingest.stream.streamArn, ...KINESIS_MAPPING });
    expect(binding.streamConsumer).toBeUndefined();
    expect(ingest.readers).toEqual([{ readerName: 'audit', readMode: StreamReadMode.POLLING, path: 'TestStack/Reader' }]);
    Template.fromStack(stack).resourceCountIs('AWS::Kinesis::StreamConsumer', 0);
  });

  test('an enhanced fan-out reader gets a stream consumer named after it, under the stream\'s reader registry', () => {
    const { stack, ingest } = ingestIn();
    const reader = new Construct(stack, 'Reader');
    const binding = ingest.bindReader(reader, { readerName: 'fraud-detector.v2', readMode: EFO });

    expect(binding.resource).toBe(ingest.stream);
    expect(binding.lambdaSource()).toEqual({ eventSourceArn: binding.streamConsumer!.streamConsumerArn, ...KINESIS_MAPPING });
    expect(binding.streamConsumer?.node.path).toBe(`${INGEST_STREAM}/Readers/fraud-detector.v2`);
    expect(binding.streamConsumer).toBeInstanceOf(kinesis.StreamConsumer);
    expect(reader.node.children).toEqual([]);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Kinesis::StreamConsumer', 1);
    template.hasResourceProperties('AWS::Kinesis::StreamConsumer', {
      ConsumerName: 'fraud-detector.v2',
      StreamARN: { 'Fn::GetAtt': [streamLogicalId(ingest), 'Arn'] },
    });
  });

  test('the third polling reader is warned about, on its own path', () => {
    const { stack, ingest } = ingestIn();
    bindReaders(ingest, stack, 'R', 3);
    const annotations = Annotations.fromStack(stack);

    annotations.hasWarning('/TestStack/R3', Match.stringLikeRegexp(
      `^TestStack/R3 is polling reader number 3 of ${INGEST}: polling readers share`
      + ' 5 GetRecords calls/s and 2 MiB/s per shard and throttle each other beyond 2\\. '
      + 'Read with enhanced fan-out instead\\. \\[ack: cdk-streaming-pipelines:StreamSource:tooManyPollingReaders\\]$'));
    annotations.hasNoWarning('/TestStack/R1', Match.anyValue());
    annotations.hasNoWarning('/TestStack/R2', Match.anyValue());
  });

  test('enhanced fan-out readers do not count as polling readers', () => {
    const { stack, ingest } = ingestIn();
    bindReaders(ingest, stack, 'P', 2);
    bindReaders(ingest, stack, 'E', 3, EFO);

    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('a name already taken is refused, whatever the read mode', () => {
    const { stack, ingest } = ingestIn();
    ingest.bindReader(new Construct(stack, 'First'), { readerName: 'archive' });

    expectInputError(() => ingest.bindReader(new Construct(stack, 'Second'), { readerName: 'archive', readMode: EFO }),
      `TestStack/Second: \`readerName\` 'archive' is already taken by TestStack/First on ${INGEST}: give each reader of a stream its own name`);
    expect(ingest.readers).toEqual([{ readerName: 'archive', readMode: StreamReadMode.POLLING, path: 'TestStack/First' }]);
    Template.fromStack(stack).resourceCountIs('AWS::Kinesis::StreamConsumer', 0);
  });

  // Reader names name enhanced fan-out consumers (and their construct ids), so every reader name follows the consumer rule.
  test.each<[string, StreamReadMode]>([
    ['bad name', EFO],
    ['', EFO],
    ['a'.repeat(129), EFO],
    ['orders/consumer', EFO],
    ['nightly export', StreamReadMode.POLLING],
    ['orders/consumer', StreamReadMode.POLLING],
    ['', StreamReadMode.POLLING],
  ])('reader name %j is refused (%s)', (name, readMode) => {
    const { stack, ingest } = ingestIn();

    expectInputError(() => ingest.bindReader(new Construct(stack, 'Reader'), { readerName: name, readMode }),
      `TestStack/Reader: \`readerName\` must be 1-128 characters of a-z, A-Z, 0-9, _, . and -, got '${name}'`);
    expect(ingest.readers).toEqual([]);
  });

  test('a missing reader name (e.g. None from Python) is refused', () => {
    const { stack, ingest } = ingestIn();

    expectInputError(() => ingest.bindReader(new Construct(stack, 'Reader'), { readerName: undefined as unknown as string }),
      "TestStack/Reader: `readerName` must be 1-128 characters of a-z, A-Z, 0-9, _, . and -, got 'undefined'");
  });

  test.each(['a', 'a'.repeat(128), 'Orders_v2.fraud-scoring'])('reader name %j is accepted in both modes', name => {
    const { stack, ingest } = ingestIn();
    ingest.bindReader(new Construct(stack, 'Polling'), { readerName: `${name.slice(0, 127)}p` });
    ingest.bindReader(new Construct(stack, 'Efo'), { readerName: name, readMode: EFO });

    expect(ingest.readers.map(r => r.readerName)).toEqual([`${name.slice(0, 127)}p`, name]);
  });

  test('the 21st enhanced fan-out reader is refused; 20 are fine', () => {
    const { stack, ingest } = ingestIn();
    bindReaders(ingest, stack, 'E', 20, EFO);

    expectInputError(() => ingest.bindReader(new Construct(stack, 'E21'), { readerName: 'E21', readMode: EFO }),
      `TestStack/E21: \`readMode\` ENHANCED_FAN_OUT: enhanced fan-out readers of ${INGEST} must be at most 20, got 21: `
      + 'read by polling, or fan out to a second stream');
    expect(ingest.readers).toHaveLength(20);
    Template.fromStack(stack).resourceCountIs('AWS::Kinesis::StreamConsumer', 20);
  });

  // Was doubtful: the consumer's id was fixed ('EnhancedFanOutConsumer' under the reader), so one construct could not read
  // two streams with enhanced fan-out (construct id collision).
  test('one reader construct binding enhanced fan-out to two streams gets two consumers', () => {
    const stack = testStack();
    const orders = new StreamingIngest(stack, 'Orders', { workload: { ingestMibPerSecond: 1 } });
    const clicks = new StreamingIngest(stack, 'Clicks', { workload: { ingestMibPerSecond: 1 } });
    const reader = new Construct(stack, 'Joiner');

    const fromOrders = orders.bindReader(reader, { readerName: 'joiner', readMode: EFO });
    const fromClicks = clicks.bindReader(reader, { readerName: 'joiner', readMode: EFO });

    expect(fromOrders.streamConsumer?.node.path).toBe('TestStack/Orders/Resource/Readers/joiner');
    expect(fromClicks.streamConsumer?.node.path).toBe('TestStack/Clicks/Resource/Readers/joiner');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Kinesis::StreamConsumer', 2);
    for (const ingest of [orders, clicks]) {
      template.hasResourceProperties('AWS::Kinesis::StreamConsumer', {
        ConsumerName: 'joiner',
        StreamARN: { 'Fn::GetAtt': [streamLogicalId(ingest), 'Arn'] },
      });
      expect(ingest.readers).toEqual([{ readerName: 'joiner', readMode: EFO, path: 'TestStack/Joiner' }]);
    }
  });
});

describe('the plan counts the readers', () => {
  test('polling readers beyond 2 MiB/s per shard raise the shard count', () => {
    const { stack, ingest } = ingestIn({ ingestMibPerSecond: 1 });
    const before = ingest.plan!;
    bindReaders(ingest, stack, 'R', 5);
    const after = ingest.plan!;

    // 5 readers × 1 MiB/s = 5 MiB/s of shared reads ÷ 2 MiB/s = 2.5 → 3 shards
    expect(before.shardCount).toBe(1);
    expect(after.workload.pollingConsumers).toBe(5);
    expect(after.workload.consumeMibPerSecond).toBe(5);
    expect(after.shardCount).toBe(3);
    expect(after.cost.provisionedMonthlyUsd).toBeGreaterThan(before.cost.provisionedMonthlyUsd);
    Template.fromStack(stack).hasResourceProperties('AWS::Kinesis::Stream', { ShardCount: 3 });
  });

  test('two polling readers of a 1 MiB/s stream still fit one shard', () => {
    const { stack, ingest } = ingestIn({ ingestMibPerSecond: 1 });
    bindReaders(ingest, stack, 'R', 2);

    expect(ingest.plan?.shardCount).toBe(1);
    Template.fromStack(stack).hasResourceProperties('AWS::Kinesis::Stream', { ShardCount: 1 });
  });

  test('enhanced fan-out readers are counted and priced, without more shards', () => {
    const { stack, ingest } = ingestIn({ ingestMibPerSecond: 2 });
    const before = ingest.plan!;
    bindReaders(ingest, stack, 'E', 3, EFO);
    const after = ingest.plan!;

    expect(before.workload.enhancedFanOutConsumers).toBe(0);
    expect(after.workload.enhancedFanOutConsumers).toBe(3);
    expect(after.shardCount).toBe(2);
    expect(before.cost.enhancedFanOutMonthlyUsd).toBe(0);
    expect(after.cost.enhancedFanOutMonthlyUsd).toBeGreaterThan(0);
    expect(after.cost.provisionedMonthlyUsd).toBeGreaterThan(before.cost.provisionedMonthlyUsd);
  });

  test('declared consumers are kept when fewer readers are bound', () => {
    const { stack, ingest } = ingestIn({ ingestMibPerSecond: 1, pollingConsumers: 2, enhancedFanOutConsumers: 4 });
    ingest.bindReader(new Construct(stack, 'P'), { readerName: 'p' });
    ingest.bindReader(new Construct(stack, 'E'), { readerName: 'e', readMode: EFO });

    expect(ingest.plan?.workload).toMatchObject({ pollingConsumers: 2, enhancedFanOutConsumers: 4, consumeMibPerSecond: 2 });
  });
});

describe('StreamSource.fromStream', () => {
  test('without a workload: no plan, 24 h retention, named by the stream path', () => {
    const { source } = importedIn();

    expect(source.plan).toBeUndefined();
    expect(source.workload).toBeUndefined();
    expect(source.retention.toHours()).toBe(24);
    expect(source.sourceName).toBe('TestStack/Imported');
    expect(source.readers).toEqual([]);
  });

  test('with a workload and a retention: a plan at that retention', () => {
    const { source } = importedIn({ ingestMibPerSecond: 3 }, Duration.days(7));

    expect(source.retention.toHours()).toBe(168);
    expect(source.plan?.shardCount).toBe(3);
    expect(source.plan?.cost.extendedRetentionMonthlyUsd).toBeGreaterThan(0);
  });

  test('a polling reader gets the imported stream and counts in the plan', () => {
    const { stack, stream, source } = importedIn({ ingestMibPerSecond: 1 });
    const binding = source.bindReader(new Construct(stack, 'Reader'), { readerName: 'audit' });
    bindReaders(source, stack, 'R', 4);

    expect(binding.resource).toBe(stream);
    expect(binding.streamConsumer).toBeUndefined();
    expect(source.readers.map(r => r.readerName)).toEqual(['audit', 'R1', 'R2', 'R3', 'R4']);
    expect(source.plan?.shardCount).toBe(3);
    Annotations.fromStack(stack).hasWarning('/TestStack/R2', Match.stringLikeRegexp('polling reader number 3 of TestStack/Imported'));
  });

  test('an enhanced fan-out reader registers a consumer on the imported stream ARN', () => {
    const { stack, source } = importedIn({ ingestMibPerSecond: 1 });
    const binding = source.bindReader(new Construct(stack, 'Reader'), { readerName: 'efo', readMode: EFO });

    expect(binding.streamConsumer?.node.path).toBe('TestStack/Imported/Readers/efo');
    expect(source.plan?.workload.enhancedFanOutConsumers).toBe(1);
    Template.fromStack(stack).hasResourceProperties('AWS::Kinesis::StreamConsumer', { ConsumerName: 'efo', StreamARN: STREAM_ARN });
  });

  test('reader errors name the imported stream', () => {
    const { stack, source } = importedIn();
    source.bindReader(new Construct(stack, 'First'), { readerName: 'dup' });

    expectInputError(() => source.bindReader(new Construct(stack, 'Second'), { readerName: 'dup' }),
      "TestStack/Second: `readerName` 'dup' is already taken by TestStack/First on TestStack/Imported: give each reader of a stream its own name");
  });

  // Was doubtful: an invalid workload passed fromStream() and only threw when `plan` was read, without the stream's path.
  test.each<[string, StreamWorkload | undefined, Duration | undefined, string]>([
    ['an invalid workload', { ingestMibPerSecond: -1 }, undefined,
      'TestStack/Imported: `workload.ingestMibPerSecond` must be a finite number of MiB/s greater than 0, got -1'],
    ['a workload needing 20,000 shards', { ingestMibPerSecond: 20000 }, undefined,
      'TestStack/Imported: `workload` needs 20000 shards, above the 10000 a stream can have: split it into several streams'],
    ['a token workload figure', { ingestMibPerSecond: 1, headroom: Lazy.number({ produce: () => 0.1 }) }, undefined,
      'TestStack/Imported: `workload.headroom` must be a number known at synth to plan with, got an unresolved token (e.g. a CfnParameter): '
      + 'state the figure as a plain number'],
    ['a retention of 12 hours', { ingestMibPerSecond: 1 }, Duration.hours(12),
      'TestStack/Imported: `retention` must be an integer between 24 and 8760 whole hours, got 12'],
    ['a retention of 12 hours without a workload', undefined, Duration.hours(12),
      'TestStack/Imported: `retention` must be an integer between 24 and 8760 whole hours, got 12'],
    ['a token retention', undefined, Duration.hours(Lazy.number({ produce: () => 48 })),
      'TestStack/Imported: `retention` must be known at synth to plan with, got an unresolved token (e.g. a CfnParameter): state it as a plain duration'],
  ])('fromStream validates %s up front, with the stream path in the message', (_name, workload, retention, message) => {
    const stack = testStack();
    const stream = kinesis.Stream.fromStreamArn(stack, 'Imported', STREAM_ARN);

    expectInputError(() => StreamSource.fromStream(stream, { workload, retention }), message);
  });

  test('the retention is checked before the workload', () => {
    const stack = testStack();
    const stream = kinesis.Stream.fromStreamArn(stack, 'Imported', STREAM_ARN);

    expectInputError(() => StreamSource.fromStream(stream, { workload: { ingestMibPerSecond: -1 }, retention: Duration.hours(12) }),
      'TestStack/Imported: `retention` must be an integer between 24 and 8760 whole hours, got 12');
  });
});

describe('one stream, many sources: the readers are shared', () => {
  // Was doubtful: two fromStream() calls on one stream kept separate reader lists, so a duplicate consumer name (refused
  // by Kinesis at deploy) and a 21st enhanced fan-out consumer passed synth.
  test('a name taken through one fromStream() is refused through another', () => {
    const { stack, stream, source } = importedIn({ ingestMibPerSecond: 1 });
    const other = StreamSource.fromStream(stream);
    source.bindReader(new Construct(stack, 'First'), { readerName: 'dup', readMode: EFO });

    expectInputError(() => other.bindReader(new Construct(stack, 'Second'), { readerName: 'dup' }),
      "TestStack/Second: `readerName` 'dup' is already taken by TestStack/First on TestStack/Imported: give each reader of a stream its own name");
    expect(other.readers).toEqual([{ readerName: 'dup', readMode: EFO, path: 'TestStack/First' }]);
  });

  test('readers of one imported stream are counted across fromStream() calls: the 21st enhanced fan-out reader is refused', () => {
    const { stack, stream, source } = importedIn({ ingestMibPerSecond: 1 });
    const other = StreamSource.fromStream(stream, { workload: { ingestMibPerSecond: 1 } });
    bindReaders(source, stack, 'A', 10, EFO);
    bindReaders(other, stack, 'B', 10, EFO);

    expectInputError(() => other.bindReader(new Construct(stack, 'B11'), { readerName: 'B11', readMode: EFO }),
      'TestStack/B11: `readMode` ENHANCED_FAN_OUT: enhanced fan-out readers of TestStack/Imported must be at most 20, got 21: '
      + 'read by polling, or fan out to a second stream');
    expect(source.readers).toHaveLength(20);
    expect(source.plan?.workload.enhancedFanOutConsumers).toBe(20);
    expect(other.plan?.workload.enhancedFanOutConsumers).toBe(20);
    Template.fromStack(stack).resourceCountIs('AWS::Kinesis::StreamConsumer', 20);
  });

  test('polling readers bound through any source count toward the third-reader warning and every plan', () => {
    const { stack, stream, source } = importedIn({ ingestMibPerSecond: 1 });
    const other = StreamSource.fromStream(stream, { workload: { ingestMibPerSecond: 1 } });
    bindReaders(source, stack, 'A', 2);
    bindReaders(other, stack, 'B', 1);

    // 3 readers × 1 MiB/s = 3 MiB/s of shared reads ÷ 2 MiB/s = 1.5 → 2 shards, for both sources
    expect(source.plan?.shardCount).toBe(2);
    expect(other.plan?.workload.pollingConsumers).toBe(3);
    Annotations.fromStack(stack).hasWarning('/TestStack/B1', Match.stringLikeRegexp('^TestStack/B1 is polling reader number 3 of TestStack/Imported: '));
  });

  test('StreamingIngest and fromStream() of its stream share the readers, and its plan counts both', () => {
    const { stack, ingest } = ingestIn({ ingestMibPerSecond: 1 });
    const source = StreamSource.fromStream(ingest.stream, { workload: { ingestMibPerSecond: 1 } });
    ingest.bindReader(new Construct(stack, 'First'), { readerName: 'scoring', readMode: EFO });

    expectInputError(() => source.bindReader(new Construct(stack, 'Second'), { readerName: 'scoring' }),
      `TestStack/Second: \`readerName\` 'scoring' is already taken by TestStack/First on ${INGEST}: give each reader of a stream its own name`);
    bindReaders(source, stack, 'R', 3);

    expect(ingest.readers.map(r => r.readerName)).toEqual(['scoring', 'R1', 'R2', 'R3']);
    expect(source.readers).toEqual(ingest.readers);
    // 3 polling × 1 MiB/s ÷ 2 MiB/s = 1.5 → 2 shards; 1 enhanced fan-out consumer
    expect(ingest.plan?.workload).toMatchObject({ pollingConsumers: 3, consumeMibPerSecond: 3, enhancedFanOutConsumers: 1 });
    expect(ingest.plan?.shardCount).toBe(2);
    Template.fromStack(stack).hasResourceProperties('AWS::Kinesis::Stream', { ShardCount: 2 });
  });

  test('the registry is one construct, \'Readers\', under the stream', () => {
    const { stack, ingest } = ingestIn({ ingestMibPerSecond: 1 });
    StreamSource.fromStream(ingest.stream);
    StreamSource.fromStream(ingest.stream);
    ingest.bindReader(new Construct(stack, 'Reader'), { readerName: 'fraud-scoring', readMode: EFO });

    expect(ingest.stream.node.children.filter(c => c.node.id === 'Readers')).toHaveLength(1);
    expect(ingest.stream.node.findChild('Readers').node.children.map(c => c.node.path)).toEqual([`${INGEST_STREAM}/Readers/fraud-scoring`]);
  });
});
