import { CfnParameter, Duration, Lazy, Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cw_actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { escapeRegExp, expectInputError, warningMessages } from './ingest-helpers';
import { PartitionKey, StreamingIngest, StreamingIngestProps, StreamReadMode, StreamSource } from '../../src';
import { testStack } from '../app-fixture';

const PATH = 'TestStack/Ingest';
const ACK = 'cdk-streaming-pipelines:StreamingIngest:';

function ingestIn(props: StreamingIngestProps = {}): { stack: Stack; ingest: StreamingIngest } {
  const stack = testStack();
  return { stack, ingest: new StreamingIngest(stack, 'Ingest', props) };
}

/**
 * Expects exactly one warning, on the construct, acknowledgeable as `id`, whose text matches `pattern`.
 * Patterns hold the figures and the advice, not every word: the wording of plan messages is the planner's.
 */
function expectOnlyWarning(stack: Stack, id: string, pattern: string): void {
  Annotations.fromStack(stack).hasWarning(`/${PATH}`, Match.stringLikeRegexp(`${pattern}.* \\[ack: ${escapeRegExp(ACK + id)}\\]$`));
  expect(warningMessages(stack)).toHaveLength(1);
}

describe('StreamingIngest refuses invalid props', () => {
  const tooHot = (field: string, load: string) => `${PATH}: \`partitionKey\` '${field}': its busiest value carries ${load}, `
    + 'but one key maps to one shard, which accepts at most 1 MiB/s and 1,000 records/s. No shard count can fix this: '
    + `use a key with more distinct values, or add a suffix to spread the hot value (e.g. \`${field}#0\`…\`#9\`)`;

  test.each<[string, StreamingIngestProps, string]>([
    ['retention 12 h', { retention: Duration.hours(12) },
      `${PATH}: \`retention\` must be an integer between 24 and 8760 whole hours, got 12`],
    ['retention 9000 h', { retention: Duration.hours(9000) },
      `${PATH}: \`retention\` must be an integer between 24 and 8760 whole hours, got 9000`],
    ['retention 25.5 h', { retention: Duration.minutes(25 * 60 + 30) },
      `${PATH}: \`retention\` must be an integer between 24 and 8760 whole hours, got 25.5`],
    ['shardCount 0', { shardCount: 0 }, `${PATH}: \`shardCount\` must be an integer between 1 and 10000, got 0`],
    ['shardCount 1.5', { shardCount: 1.5 }, `${PATH}: \`shardCount\` must be an integer between 1 and 10000, got 1.5`],
    ['shardCount 10001', { shardCount: 10001 }, `${PATH}: \`shardCount\` must be an integer between 1 and 10000, got 10001`],
    ['shardCount with ON_DEMAND', { shardCount: 2, streamMode: kinesis.StreamMode.ON_DEMAND },
      `${PATH}: \`shardCount\` applies to PROVISIONED streams only, got 2 with streamMode ON_DEMAND: remove one of them`],
    ['PROVISIONED without workload or shardCount', { streamMode: kinesis.StreamMode.PROVISIONED },
      `${PATH}: \`streamMode\` PROVISIONED needs a \`workload\` to size the stream from, or a \`shardCount\`: neither was given`],
    ['streamName with a space', { streamName: 'orders stream' },
      `${PATH}: \`streamName\` must be 1-128 characters of a-z, A-Z, 0-9, _, . and -, got 'orders stream'`],
    ['empty streamName', { streamName: '' }, `${PATH}: \`streamName\` must be 1-128 characters of a-z, A-Z, 0-9, _, . and -, got ''`],
    ['129-character streamName', { streamName: 'a'.repeat(129) },
      `${PATH}: \`streamName\` must be 1-128 characters of a-z, A-Z, 0-9, _, . and -, got '${'a'.repeat(129)}'`],
    ['capacityAlarmFraction 0.05', { shardCount: 1, capacityAlarmFraction: 0.05 },
      `${PATH}: \`capacityAlarmFraction\` must be between 0.1 and 1 (a fraction of provisioned capacity), got 0.05`],
    ['capacityAlarmFraction 1.5', { shardCount: 1, capacityAlarmFraction: 1.5 },
      `${PATH}: \`capacityAlarmFraction\` must be between 0.1 and 1 (a fraction of provisioned capacity), got 1.5`],
    ['maxRecordSize 512 KiB', { maxRecordSize: Size.kibibytes(512) },
      `${PATH}: \`maxRecordSize\` must be an integer between 1024 and 10240 KiB, got 512`],
    ['maxRecordSize 11 MiB', { maxRecordSize: Size.mebibytes(11) },
      `${PATH}: \`maxRecordSize\` must be an integer between 1024 and 10240 KiB, got 11264`],
    ['maxRecordSize of a fractional KiB', { maxRecordSize: Size.kibibytes(2048.5) },
      `${PATH}: \`maxRecordSize\` must be an integer between 1024 and 10240 KiB, got 2048.5`],
    ['maxRecordSize 1 MiB + 512 bytes', { maxRecordSize: Size.bytes(1024 * 1024 + 512) },
      `${PATH}: \`maxRecordSize\` must be an integer between 1024 and 10240 KiB, got 1024.5`],
    ['workload.averageRecordBytes above the default 1 MiB maxRecordSize', { workload: { ingestMibPerSecond: 2, averageRecordBytes: 1024 * 1024 + 1 } },
      `${PATH}: \`workload.averageRecordBytes\` must be at most the stream's \`maxRecordSize\` (1,048,576 bytes), got 1048577: `
      + 'raise `maxRecordSize` (up to 10 MiB) or check the workload'],
    // A record size implied by the rate counts too: 2 MiB/s at 1 record/s is 2 MiB records.
    ['implied records above the default 1 MiB maxRecordSize', { workload: { ingestMibPerSecond: 2, ingestRecordsPerSecond: 1 } },
      `${PATH}: \`workload.ingestRecordsPerSecond\` 1 with \`ingestMibPerSecond\` 2 means 2,097,152-byte records, above the stream's `
      + '`maxRecordSize` (1,048,576 bytes): raise `maxRecordSize` (up to 10 MiB) or check the workload'],
    ['a token maxRecordSize', { maxRecordSize: Size.kibibytes(Lazy.number({ produce: () => 2048 })) },
      `${PATH}: \`maxRecordSize\` must be known at synth, got an unresolved token (e.g. a CfnParameter): state it as a plain size`],
    ['workload.averageRecordBytes above a 2 MiB maxRecordSize', {
      workload: { ingestMibPerSecond: 4, averageRecordBytes: 2 * 1024 * 1024 + 1 },
      maxRecordSize: Size.mebibytes(2),
    }, `${PATH}: \`workload.averageRecordBytes\` must be at most the stream's \`maxRecordSize\` (2,097,152 bytes), got 2097153: `
      + 'raise `maxRecordSize` (up to 10 MiB) or check the workload'],
    ['iteratorAgeThreshold 30 s', { iteratorAgeThreshold: Duration.seconds(30) },
      `${PATH}: \`iteratorAgeThreshold\` must be between 60 and 43200 seconds (1 minute to half the 24-hour retention), got 30`],
    ['iteratorAgeThreshold 13 h of 24 h', { iteratorAgeThreshold: Duration.hours(13) },
      `${PATH}: \`iteratorAgeThreshold\` must be between 60 and 43200 seconds (1 minute to half the 24-hour retention), got 46800`],
    ['iteratorAgeThreshold 85 h of 7 days', { retention: Duration.days(7), iteratorAgeThreshold: Duration.hours(85) },
      `${PATH}: \`iteratorAgeThreshold\` must be between 60 and 302400 seconds (1 minute to half the 168-hour retention), got 306000`],
    ['workload.ingestMibPerSecond 0', { workload: { ingestMibPerSecond: 0 } },
      `${PATH}: \`workload.ingestMibPerSecond\` must be a finite number of MiB/s greater than 0, got 0`],
    ['workload.headroom 11', { workload: { ingestMibPerSecond: 1, headroom: 11 } },
      `${PATH}: \`workload.headroom\` must be between 0 and 10 (a fraction: 0.25 plans for 25% above the peak), got 11`],
    ['workload.enhancedFanOutConsumers 21', { workload: { ingestMibPerSecond: 1, enhancedFanOutConsumers: 21 } },
      `${PATH}: \`workload.enhancedFanOutConsumers\` must be an integer between 0 and 20, got 21`],
    ['a workload needing 20,000 shards', { workload: { ingestMibPerSecond: 20000 } },
      `${PATH}: \`workload\` needs 20000 shards, above the 10000 a stream can have: split it into several streams`],
    ['one key above 1 MiB/s', { workload: { ingestMibPerSecond: 4 }, partitionKey: PartitionKey.field('customerId', { hottestKeyShare: 0.5 }) },
      tooHot('customerId', '50% of writes = 2 MiB/s')],
    ['one key above 1,000 records/s', {
      workload: { ingestMibPerSecond: 1, ingestRecordsPerSecond: 10000 },
      partitionKey: PartitionKey.field('tenantId', { distinctValues: 5 }),
    }, tooHot('tenantId', '20% of writes = 2,000 records/s')],
  ])('%s', (_name, props, message) => {
    expectInputError(() => ingestIn(props), message);
  });

  // A plan needs figures known at synth: a token in the workload or the retention is refused, with the construct's path.
  test('a token workload figure is refused', () => {
    const stack = testStack();
    const peak = new CfnParameter(stack, 'PeakMBps', { type: 'Number' }).valueAsNumber;

    expectInputError(() => new StreamingIngest(stack, 'Ingest', { workload: { ingestMibPerSecond: peak } }),
      `${PATH}: \`workload.ingestMibPerSecond\` must be a number known at synth to plan with, got an unresolved token (e.g. a CfnParameter): `
      + 'state the figure as a plain number');
  });

  test.each<[string, () => Duration]>([
    ['Duration.hours(<Lazy>)', () => Duration.hours(Lazy.number({ produce: () => 48 }))],
    ['Duration.seconds(<Lazy>)', () => Duration.seconds(Lazy.number({ produce: () => 172800 }))],
  ])('a token retention %s is refused when iteratorAgeThreshold is given', (_name, makeRetention) => {
    expectInputError(() => ingestIn({ retention: makeRetention(), iteratorAgeThreshold: Duration.hours(1) }),
      `${PATH}: \`retention\` must be known at synth to plan with, got an unresolved token (e.g. a CfnParameter): state it as a plain duration`);
  });

  // Was a bug: the default threshold was derived from the token retention before it was checked, so CDK's own
  // error (MustBeDurationSpecifiedDuration) escaped without the construct path.
  test('a token retention without iteratorAgeThreshold is refused with the InputError and the construct path', () => {
    expectInputError(() => ingestIn({ retention: Duration.hours(Lazy.number({ produce: () => 48 })) }),
      `${PATH}: \`retention\` must be known at synth to plan with, got an unresolved token (e.g. a CfnParameter): state it as a plain duration`);
  });

  test('the path is that of the construct, however deep', () => {
    const stack = testStack();
    const layer = new Construct(stack, 'IngestLayer');

    expectInputError(() => new StreamingIngest(layer, 'Orders', { workload: { ingestMibPerSecond: -1 } }),
      'TestStack/IngestLayer/Orders: `workload.ingestMibPerSecond` must be a finite number of MiB/s greater than 0, got -1');
  });

  test.each<[string, StreamingIngestProps]>([
    ['retention 24 h and 8760 h', { retention: Duration.hours(8760) }],
    ['shardCount 1', { shardCount: 1 }],
    ['shardCount 10000', { shardCount: 10000 }],
    ['capacityAlarmFraction 0.1 and 1', { shardCount: 1, capacityAlarmFraction: 1 }],
    ['capacityAlarmFraction 0.1', { shardCount: 1, capacityAlarmFraction: 0.1 }],
    ['iteratorAgeThreshold 60 s', { iteratorAgeThreshold: Duration.seconds(60) }],
    ['iteratorAgeThreshold at half the retention', { retention: Duration.days(7), iteratorAgeThreshold: Duration.hours(84) }],
    ['a 128-character streamName', { streamName: 'a'.repeat(128) }],
    ['a token streamName', { streamName: Lazy.string({ produce: () => 'not checked at synth' }) }],
    ['maxRecordSize 1 MiB', { maxRecordSize: Size.mebibytes(1) }],
    ['maxRecordSize 10 MiB', { maxRecordSize: Size.mebibytes(10) }],
    ['workload.averageRecordBytes of exactly 1 MiB by default', { workload: { ingestMibPerSecond: 2, averageRecordBytes: 1024 * 1024 } }],
    ['workload.averageRecordBytes of exactly the maxRecordSize', { workload: { ingestMibPerSecond: 20, averageRecordBytes: 10 * 1024 * 1024 }, maxRecordSize: Size.mebibytes(10) }],
  ])('accepts the limit or token: %s', (_name, props) => {
    expect(() => ingestIn(props)).not.toThrow();
  });
});

describe('StreamingIngest warnings', () => {
  test('a shardCount below the plan', () => {
    const { stack } = ingestIn({ workload: { ingestMibPerSecond: 4 }, shardCount: 2 });

    expectOnlyWarning(stack, 'shardCountBelowPlan', '^2 shards .* the 4 the workload needs \\(bound by write bytes.*Raise the shard count');
  });

  test('more than two polling consumers in the workload', () => {
    const { stack } = ingestIn({ workload: { ingestMibPerSecond: 1, pollingConsumers: 3 } });

    expectOnlyWarning(stack, 'tooManyPollingConsumers', '^3 polling consumers share 5 GetRecords calls/s and 2 MiB/s per shard.*enhanced fan-out');
  });

  test.each(['eventType', 'detail.event_type', 'REGION'])('the low-cardinality partition key %j', field => {
    const { stack } = ingestIn({ workload: { ingestMibPerSecond: 1 }, partitionKey: PartitionKey.field(field) });

    expectOnlyWarning(stack, 'partitionKeyLowCardinality', `^Partition key '${escapeRegExp(field)}' usually has only a few values.*high-cardinality key`);
  });

  test.each<[string, StreamingIngestProps]>([
    ['an on-demand stream', {}],
    ['a fixed shard count', { shardCount: 2 }],
  ])('without a workload, the key name is still judged: %s', (_name, props) => {
    const { stack } = ingestIn({ ...props, partitionKey: PartitionKey.field('eventType') });

    expectOnlyWarning(stack, 'partitionKeyLowCardinality', "^Partition key 'eventType' usually has only a few values.*high-cardinality key");
  });

  test('without a workload, a high-cardinality key raises nothing', () => {
    const { stack } = ingestIn({ partitionKey: PartitionKey.field('customerId') });

    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('a low-cardinality name is fine when distinctValues says it has many', () => {
    const { stack } = ingestIn({ workload: { ingestMibPerSecond: 1 }, partitionKey: PartitionKey.field('eventType', { distinctValues: 5000 }) });

    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('too few distinct values for the shards', () => {
    const { stack } = ingestIn({ workload: { ingestMibPerSecond: 4 }, partitionKey: PartitionKey.field('customerId', { distinctValues: 8 }) });

    expectOnlyWarning(stack, 'partitionKeyUneven',
      "^Partition key 'customerId' has too few values to spread writes evenly: it has 8 distinct values for 4 shards.*at least 40 evenly used values");
  });

  test('ON_DEMAND where provisioned is cheaper', () => {
    const { stack } = ingestIn({ workload: { ingestMibPerSecond: 1 }, streamMode: kinesis.StreamMode.ON_DEMAND });

    expectOnlyWarning(stack, 'costlierMode',
      `^${escapeRegExp('At the stated load ON_DEMAND costs $337.17 a month and PROVISIONED $10.95: consider `streamMode: PROVISIONED`.')}`);
  });

  test('PROVISIONED with far more shards than the load needs, where on-demand is cheaper', () => {
    const { stack } = ingestIn({ workload: { ingestMibPerSecond: 0.001 }, shardCount: 100 });

    Annotations.fromStack(stack).hasWarning(`/${PATH}`,
      Match.stringLikeRegexp('^At the stated load PROVISIONED costs \\$1,095\\.00 a month and ON_DEMAND .*consider `streamMode: ON_DEMAND`'));
  });

  test('no warning for a well-configured stream with its readers and alarm action', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Ingest', {
      workload: { ingestMibPerSecond: 2, averageRecordBytes: 1000, headroom: 0.25 },
      partitionKey: PartitionKey.field('customerId', { distinctValues: 100_000 }),
      retention: Duration.days(7),
      hotShardDetection: true,
      alarmAction: new cw_actions.SnsAction(new sns.Topic(stack, 'Alarms')),
    });
    ingest.bindReader(new Construct(stack, 'Lambda'), { readerName: 'enrich' });
    ingest.bindReader(new Construct(stack, 'Firehose'), { readerName: 'archive' });
    ingest.bindReader(new Construct(stack, 'Flink'), { readerName: 'fraud', readMode: StreamReadMode.ENHANCED_FAN_OUT });

    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
    Template.fromStack(stack).resourceCountIs('AWS::Kinesis::Stream', 1);
  });

  test.each<[string, StreamingIngestProps]>([
    ['no props (on-demand, no plan)', {}],
    ['a fixed shardCount without workload', { shardCount: 3 }],
  ])('no warning for %s', (_name, props) => {
    Annotations.fromStack(ingestIn(props).stack).hasNoWarning('*', Match.anyValue());
  });

  test('a 1-shard stream with few key values is not warned about', () => {
    const { stack } = ingestIn({ workload: { ingestMibPerSecond: 0.5 }, partitionKey: PartitionKey.field('tenantId', { distinctValues: 3 }) });

    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });
});

describe('StreamingIngest warnings come from the final plan, at synth', () => {
  const shardCountBelowPlan = '1 shard is fewer than the 2 the workload needs (bound by shared read bytes (2 MiB/s per shard)): '
    + 'expect throttled requests at peak. Raise the shard count or lower the workload figures.';
  const fourPolling = '4 polling consumers share 5 GetRecords calls/s and 2 MiB/s per shard and slow each other down: '
    + 'read with enhanced fan-out for all but 2.';

  /** The warnings on the StreamingIngest itself, with their acknowledgement ids. */
  function ingestWarnings(stack: Stack): string[] {
    return Annotations.fromStack(stack).findWarning(`/${PATH}`, Match.anyValue()).map(m => String(m.entry.data));
  }

  // Was a bug: warnings were computed once, in the constructor, from the plan before any reader was bound, so
  // four polling readers bound later on a fixed 1 shard raised no shardCountBelowPlan.
  test('a fixed shardCount that readers bound later push below the plan raises shardCountBelowPlan', () => {
    const { stack, ingest } = ingestIn({ workload: { ingestMibPerSecond: 1 }, shardCount: 1 });
    for (let i = 1; i <= 4; i++) {
      ingest.bindReader(new Construct(stack, `R${i}`), { readerName: `r${i}` });
    }

    // 4 readers × 1 MiB/s = 4 MiB/s of shared reads ÷ 2 MiB/s = 2 shards
    expect(ingest.plan?.warnings.map(w => w.message)).toEqual([shardCountBelowPlan, fourPolling]);
    // the polling readers are warned about on their own paths (R3, R4), not again on the stream
    expect(ingestWarnings(stack)).toEqual([`${shardCountBelowPlan} [ack: ${ACK}shardCountBelowPlan]`]);
  });

  test('the partition key is checked against the shard count that readers bound later lead to', () => {
    const { stack, ingest } = ingestIn({ workload: { ingestMibPerSecond: 1 }, partitionKey: PartitionKey.field('customerId', { distinctValues: 15 }) });
    // 1 shard alone (15 values are fine there); the readers bound next change that
    for (let i = 1; i <= 5; i++) {
      ingest.bindReader(new Construct(stack, `R${i}`), { readerName: `r${i}` });
    }

    // 5 readers × 1 MiB/s ÷ 2 MiB/s = 2.5 → 3 shards, for which 15 values (5 per shard) are too few
    expect(ingest.plan?.shardCount).toBe(3);
    expect(ingestWarnings(stack)).toEqual([
      "Partition key 'customerId' has too few values to spread writes evenly: it has 15 distinct values for 3 shards, so the busiest shard "
      + 'takes at least 33% of writes (0.33 MiB/s), 1× an even share; with so few values per shard, real hashing is usually much less even. '
      + `Use a key with at least 30 evenly used values, such as a customer, order or device id. [ack: ${ACK}partitionKeyUneven]`,
    ]);
  });

  test('costlierMode compares the costs with the readers bound later', () => {
    // 0.01 MiB/s on a fixed 3 shards: provisioned 3 × 730 × $0.015 = $32.85; on-demand $29.20 + $2.05 written + $1.03 read = $32.28
    const alone = ingestIn({ workload: { ingestMibPerSecond: 0.01 }, shardCount: 3 });
    expect(ingestWarnings(alone.stack)).toEqual([
      'At the stated load PROVISIONED costs $32.85 a month and ON_DEMAND $32.28: consider `streamMode: ON_DEMAND`. '
      + `[ack: ${ACK}costlierMode]`,
    ]);

    // two polling readers double the on-demand reads: $29.20 + $2.05 + $2.05 = $33.31, now dearer than provisioned
    const { stack, ingest } = ingestIn({ workload: { ingestMibPerSecond: 0.01 }, shardCount: 3 });
    ingest.bindReader(new Construct(stack, 'R1'), { readerName: 'r1' });
    ingest.bindReader(new Construct(stack, 'R2'), { readerName: 'r2' });
    expect(ingest.plan?.cost.onDemandMonthlyUsd).toBe(33.31);
    expect(ingestWarnings(stack)).toEqual([]);
  });

  test('readers bound through StreamSource.fromStream() of the stream count too', () => {
    const { stack, ingest } = ingestIn({ workload: { ingestMibPerSecond: 1 }, shardCount: 1 });
    const source = StreamSource.fromStream(ingest.stream);
    for (let i = 1; i <= 4; i++) {
      source.bindReader(new Construct(stack, `R${i}`), { readerName: `r${i}` });
    }

    expect(ingestWarnings(stack)).toEqual([`${shardCountBelowPlan} [ack: ${ACK}shardCountBelowPlan]`]);
    expect(warningMessages(stack).filter(m => m.endsWith('[ack: cdk-streaming-pipelines:StreamSource:tooManyPollingReaders]'))).toHaveLength(2);
  });

  test('nothing is annotated before synth, and synthesizing again does not repeat a warning', () => {
    const { stack, ingest } = ingestIn({ workload: { ingestMibPerSecond: 4 }, shardCount: 2 });

    expect(ingest.node.metadata).toEqual([]);
    Template.fromStack(stack);
    expectOnlyWarning(stack, 'shardCountBelowPlan', '^2 shards are fewer than the 4 the workload needs');
    expect(warningMessages(stack)).toHaveLength(1);
  });

  test('the hot-key error still throws in the constructor, where the key is declared', () => {
    const stack = testStack();

    expectInputError(() => new StreamingIngest(stack, 'Ingest', {
      workload: { ingestMibPerSecond: 4 },
      partitionKey: PartitionKey.field('customerId', { hottestKeyShare: 0.5, distinctValues: 100 }),
      shardCount: 8,
    }), `${PATH}: \`partitionKey\` 'customerId': its busiest value carries 50% of writes = 2 MiB/s, `
      + 'but one key maps to one shard, which accepts at most 1 MiB/s and 1,000 records/s. No shard count can fix this: '
      + 'use a key with more distinct values, or add a suffix to spread the hot value (e.g. `customerId#0`…`#9`)');
  });

  // Was a bug: the hot key was checked after the stream was created, so an app that caught the error kept a
  // half-built StreamingIngest with a stream, a reader registry and no alarms.
  test.each<[string, StreamingIngestProps]>([
    ['a hot key', { workload: { ingestMibPerSecond: 4 }, partitionKey: PartitionKey.field('customerId', { hottestKeyShare: 0.5 }) }],
    ['a workload needing 20,000 shards', { workload: { ingestMibPerSecond: 20000 } }],
    ['workload.averageRecordBytes above maxRecordSize', { workload: { ingestMibPerSecond: 2, averageRecordBytes: 2 * 1024 * 1024 } }],
    ['maxRecordSize 11 MiB', { maxRecordSize: Size.mebibytes(11) }],
  ])('nothing is created before the error: %s', (_name, props) => {
    const stack = testStack();

    expect(() => new StreamingIngest(stack, 'Ingest', props)).toThrow(/^TestStack\/Ingest: /);
    const ingest = stack.node.findChild('Ingest');
    expect(ingest.node.tryFindChild('Resource')).toBeUndefined();
    expect(ingest.node.children).toEqual([]);
    expect(Template.fromStack(stack).toJSON().Resources).toBeUndefined();
  });
});

describe('StreamingIngest: too many polling consumers is warned about once', () => {
  const threePolling = '3 polling consumers share 5 GetRecords calls/s and 2 MiB/s per shard and slow each other down: '
    + `read with enhanced fan-out for all but 2. [ack: ${ACK}tooManyPollingConsumers]`;
  const readerWarning = (reader: string, n: number) => `TestStack/${reader} is polling reader number ${n} of ${PATH}: polling readers share `
    + '5 GetRecords calls/s and 2 MiB/s per shard and throttle each other beyond 2. Read with enhanced fan-out instead. '
    + '[ack: cdk-streaming-pipelines:StreamSource:tooManyPollingReaders]';

  function bindPolling(stack: Stack, ingest: StreamingIngest, count: number): void {
    for (let i = 1; i <= count; i++) {
      ingest.bindReader(new Construct(stack, `R${i}`), { readerName: `r${i}` });
    }
  }

  test('three bound polling readers: only the third reader is warned, not the stream', () => {
    const { stack, ingest } = ingestIn({ workload: { ingestMibPerSecond: 1 } });
    bindPolling(stack, ingest, 3);

    // the plan still reports it; the construct does not raise it again
    expect(ingest.plan?.workload.pollingConsumers).toBe(3);
    expect(ingest.plan?.warnings.map(w => w.message)).toEqual([threePolling.replace(/ \[ack: .*\]$/, '')]);
    expect(warningMessages(stack)).toEqual([readerWarning('R3', 3)]);
    Annotations.fromStack(stack).hasNoWarning(`/${PATH}`, Match.anyValue());
  });

  test('a declared pollingConsumers of 5 with more than two polling readers bound is left to the readers', () => {
    const { stack, ingest } = ingestIn({ workload: { ingestMibPerSecond: 1, pollingConsumers: 5 } });
    bindPolling(stack, ingest, 3);

    expect(warningMessages(stack)).toEqual([readerWarning('R3', 3)]);
  });

  test('a declared pollingConsumers of 3 with no reader bound is warned about on the stream', () => {
    const { stack } = ingestIn({ workload: { ingestMibPerSecond: 1, pollingConsumers: 3 } });

    expect(warningMessages(stack)).toEqual([threePolling]);
    Annotations.fromStack(stack).hasWarning(`/${PATH}`, threePolling);
  });

  test('a declared pollingConsumers of 3 with only two polling readers bound is warned about on the stream', () => {
    const { stack, ingest } = ingestIn({ workload: { ingestMibPerSecond: 1, pollingConsumers: 3 } });
    bindPolling(stack, ingest, 2);

    expect(warningMessages(stack)).toEqual([threePolling]);
  });

  test('enhanced fan-out readers do not take the warning away from the stream', () => {
    const { stack, ingest } = ingestIn({ workload: { ingestMibPerSecond: 1, pollingConsumers: 3 } });
    for (let i = 1; i <= 3; i++) {
      ingest.bindReader(new Construct(stack, `E${i}`), { readerName: `e${i}`, readMode: StreamReadMode.ENHANCED_FAN_OUT });
    }

    expect(warningMessages(stack)).toEqual([threePolling]);
  });
});
