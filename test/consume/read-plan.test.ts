import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import { addConsumer, ConsumerFixture, INGEST, ingestFixture, newHandler, WARNING } from './consumer-helpers';
import { IStreamSource, ShardConsumer, ShardSizing, StreamSource } from '../../src';
import { testStack } from '../app-fixture';

const STREAM_ARN = 'arn:aws:kinesis:us-east-1:111111111111:stream/orders';

/** Three polling consumers `TestStack/Poll1`…`Poll3` of `source`, each with its own handler. */
function threePollingConsumers(stack: Stack, source: IStreamSource): void {
  for (const i of [1, 2, 3]) {
    new ShardConsumer(stack, `Poll${i}`, { source, handler: newHandler(stack, `PollingHandler${i}`) });
  }
}

/** The warning the third polling reader gets, on its own path. */
function expectTooManyPollingReaders(stack: Stack, streamPath: string): void {
  const annotations = Annotations.fromStack(stack);
  annotations.hasWarning('/TestStack/Poll3', `TestStack/Poll3 is polling reader number 3 of ${streamPath}: polling readers share `
    + '5 GetRecords calls/s and 2 MiB/s per shard and throttle each other beyond 2. Read with enhanced fan-out instead. '
    + `[ack: ${WARNING.tooManyPollingReaders}]`);
  annotations.hasNoWarning('/TestStack/Poll1', Match.anyValue());
  annotations.hasNoWarning('/TestStack/Poll2', Match.anyValue());
}

describe('consumers count in the StreamingIngest plan', () => {
  let f: ConsumerFixture;
  beforeEach(() => {
    f = ingestFixture({ workload: { ingestMibPerSecond: 2 } });
  });

  test('three polling consumers of 2 MiB/s read 6 MiB/s: 3 shards, in the plan and the template', () => {
    expect(f.ingest.plan!.shardCount).toBe(2);
    threePollingConsumers(f.stack, f.ingest);

    expect(f.ingest.plan!.workload).toMatchObject({ pollingConsumers: 3, consumeMibPerSecond: 6, enhancedFanOutConsumers: 0 });
    expect(f.ingest.plan!.shardCount).toBe(3);
    Template.fromStack(f.stack).hasResourceProperties('AWS::Kinesis::Stream', { ShardCount: 3 });
  });

  test('the third polling consumer is warned about', () => {
    threePollingConsumers(f.stack, f.ingest);

    expectTooManyPollingReaders(f.stack, INGEST);
  });

  test('an enhanced fan-out consumer is counted and priced, and does not count as polling', () => {
    expect(f.ingest.plan!.cost.enhancedFanOutMonthlyUsd).toBe(0);
    addConsumer(f, { enhancedFanOut: true });
    const plan = f.ingest.plan!;

    expect(plan.workload).toMatchObject({ pollingConsumers: 1, enhancedFanOutConsumers: 1 });
    expect(plan.cost.enhancedFanOutMonthlyUsd).toBeGreaterThan(0);
    expect(plan.cost).toEqual(ShardSizing.plan({ ingestMibPerSecond: 2, enhancedFanOutConsumers: 1 }).cost);
  });
});

describe('consumers count in the plan of StreamSource.fromStream()', () => {
  test('three polling consumers need 3 shards and the third is warned about', () => {
    const stack = testStack();
    const source = StreamSource.fromStream(kinesis.Stream.fromStreamArn(stack, 'Imported', STREAM_ARN), { workload: { ingestMibPerSecond: 2 } });
    threePollingConsumers(stack, source);

    expect(source.plan!.workload).toMatchObject({ pollingConsumers: 3, consumeMibPerSecond: 6 });
    expect(source.plan!.shardCount).toBe(3);
    expectTooManyPollingReaders(stack, 'TestStack/Imported');
  });

  test('an enhanced fan-out consumer is counted and priced', () => {
    const stack = testStack();
    const source = StreamSource.fromStream(kinesis.Stream.fromStreamArn(stack, 'Imported', STREAM_ARN), { workload: { ingestMibPerSecond: 2 } });
    new ShardConsumer(stack, 'Consumer', { source, handler: newHandler(stack), enhancedFanOut: true });

    expect(source.plan!.workload.enhancedFanOutConsumers).toBe(1);
    expect(source.plan!.cost.enhancedFanOutMonthlyUsd).toBeGreaterThan(0);
  });
});
