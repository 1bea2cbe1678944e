import { CfnParameter, Duration, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import { streamDimensions, streamLogicalId, streamRef } from './ingest-helpers';
import { CapacityLimit, StreamingIngest, StreamingIngestProps } from '../../src';
import { testStack } from '../app-fixture';

const KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** A stack with one `StreamingIngest` called `Ingest`. */
function ingestIn(props: StreamingIngestProps = {}): { stack: Stack; ingest: StreamingIngest } {
  const stack = testStack();
  return { stack, ingest: new StreamingIngest(stack, 'Ingest', props) };
}

function templateOf(props: StreamingIngestProps): Template {
  return Template.fromStack(ingestIn(props).stack);
}

describe('StreamingIngest: shard count', () => {
  test.each<[string, StreamingIngestProps['workload'], number, CapacityLimit]>([
    // max(2 ÷ 1, 4 ÷ 2) = 2, the reference document's example
    ['ingest 2, consume 4', { ingestMibPerSecond: 2, consumeMibPerSecond: 4 }, 2, CapacityLimit.WRITE_BYTES],
    // 0.5 MiB/s needs half a shard, 3,000 records/s need 3
    ['records-bound', { ingestMibPerSecond: 0.5, ingestRecordsPerSecond: 3000 }, 3, CapacityLimit.WRITE_RECORDS],
    // 10 ÷ 2 = 5 beats 1 ÷ 1
    ['read-bound', { ingestMibPerSecond: 1, consumeMibPerSecond: 10 }, 5, CapacityLimit.READ_BYTES],
    // 2 × 1.25 = 2.5 → 3
    ['headroom', { ingestMibPerSecond: 2, headroom: 0.25 }, 3, CapacityLimit.WRITE_BYTES],
  ])('%s → ShardCount from the plan', (_name, workload, shards, limit) => {
    const { stack, ingest } = ingestIn({ workload });

    expect(ingest.plan?.shardCount).toBe(shards);
    expect(ingest.plan?.bindingLimit).toBe(limit);
    expect(ingest.streamMode).toBe(kinesis.StreamMode.PROVISIONED);
    Template.fromStack(stack).hasResourceProperties('AWS::Kinesis::Stream', {
      ShardCount: shards,
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
    });
  });

  test('an explicit shardCount wins over the plan, which is evaluated at it', () => {
    const { stack, ingest } = ingestIn({ workload: { ingestMibPerSecond: 2 }, shardCount: 5 });

    expect(ingest.plan?.shardCount).toBe(5);
    expect(ingest.plan?.requiredShardCount).toBe(2);
    Template.fromStack(stack).hasResourceProperties('AWS::Kinesis::Stream', { ShardCount: 5 });
  });

  test('a shardCount without a workload gives a provisioned stream and no plan', () => {
    const { stack, ingest } = ingestIn({ shardCount: 4 });

    expect(ingest.plan).toBeUndefined();
    expect(ingest.streamMode).toBe(kinesis.StreamMode.PROVISIONED);
    Template.fromStack(stack).hasResourceProperties('AWS::Kinesis::Stream', {
      ShardCount: 4,
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
    });
  });

  test('a CfnParameter shardCount renders as a Ref and the plan keeps the required count', () => {
    const stack = testStack();
    const shards = new CfnParameter(stack, 'Shards', { type: 'Number' });
    const ingest = new StreamingIngest(stack, 'Ingest', { shardCount: shards.valueAsNumber, workload: { ingestMibPerSecond: 3 } });

    expect(ingest.plan?.shardCount).toBe(3);
    Template.fromStack(stack).hasResourceProperties('AWS::Kinesis::Stream', { ShardCount: { Ref: 'Shards' } });
  });
});

describe('StreamingIngest: capacity mode', () => {
  test('ON_DEMAND has StreamModeDetails ON_DEMAND and no ShardCount, but keeps the plan', () => {
    const { stack, ingest } = ingestIn({ workload: { ingestMibPerSecond: 2 }, streamMode: kinesis.StreamMode.ON_DEMAND });

    expect(ingest.plan?.shardCount).toBe(2);
    Template.fromStack(stack).hasResourceProperties('AWS::Kinesis::Stream', {
      StreamModeDetails: { StreamMode: 'ON_DEMAND' },
      ShardCount: Match.absent(),
    });
  });

  test.each<[string, StreamingIngestProps, kinesis.StreamMode]>([
    ['no workload and no shardCount → ON_DEMAND', {}, kinesis.StreamMode.ON_DEMAND],
    ['a workload → PROVISIONED', { workload: { ingestMibPerSecond: 1 } }, kinesis.StreamMode.PROVISIONED],
    ['a shardCount → PROVISIONED', { shardCount: 1 }, kinesis.StreamMode.PROVISIONED],
  ])('default mode with %s', (_name, props, mode) => {
    const { stack, ingest } = ingestIn(props);

    expect(ingest.streamMode).toBe(mode);
    Template.fromStack(stack).hasResourceProperties('AWS::Kinesis::Stream', {
      StreamModeDetails: { StreamMode: mode },
      ShardCount: mode === kinesis.StreamMode.ON_DEMAND ? Match.absent() : Match.anyValue(),
    });
  });

  test('without a workload there is no plan', () => {
    expect(ingestIn().ingest.plan).toBeUndefined();
  });
});

describe('StreamingIngest: retention', () => {
  test.each<[string, Duration | undefined, number]>([
    ['default → 24', undefined, 24],
    ['7 days → 168', Duration.days(7), 168],
    ['365 days, the maximum → 8760', Duration.hours(8760), 8760],
  ])('retention %s RetentionPeriodHours', (_name, retention, hours) => {
    const { stack, ingest } = ingestIn({ retention });

    expect(ingest.retention.toHours()).toBe(hours);
    Template.fromStack(stack).hasResourceProperties('AWS::Kinesis::Stream', { RetentionPeriodHours: hours });
  });
});

describe('StreamingIngest: encryption', () => {
  test('uses the AWS-managed key alias/aws/kinesis by default', () => {
    const { stack, ingest } = ingestIn();

    expect(ingest.encryptionKey).toBeUndefined();
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Kinesis::Stream', {
      StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
    });
    template.resourceCountIs('AWS::KMS::Key', 0);
  });

  test('uses a new customer-managed key', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key');
    const ingest = new StreamingIngest(stack, 'Ingest', { encryptionKey: key });

    expect(ingest.encryptionKey).toBe(key);
    Template.fromStack(stack).hasResourceProperties('AWS::Kinesis::Stream', {
      StreamEncryption: {
        EncryptionType: 'KMS',
        KeyId: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] },
      },
    });
  });

  test('uses an imported key by its ARN', () => {
    const stack = testStack();
    const key = kms.Key.fromKeyArn(stack, 'Key', KEY_ARN);
    new StreamingIngest(stack, 'Ingest', { encryptionKey: key });

    Template.fromStack(stack).hasResourceProperties('AWS::Kinesis::Stream', {
      StreamEncryption: { EncryptionType: 'KMS', KeyId: KEY_ARN },
    });
  });
});

describe('StreamingIngest: name, removal policy, shard-level metrics', () => {
  test('streamName sets Name; without it CloudFormation names the stream', () => {
    templateOf({ streamName: 'orders.v1_raw-events' }).hasResourceProperties('AWS::Kinesis::Stream', { Name: 'orders.v1_raw-events' });
    templateOf({}).hasResourceProperties('AWS::Kinesis::Stream', { Name: Match.absent() });
  });

  test('the stream is retained by default', () => {
    templateOf({}).hasResource('AWS::Kinesis::Stream', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('removalPolicy DESTROY deletes the stream', () => {
    templateOf({ removalPolicy: RemovalPolicy.DESTROY })
      .hasResource('AWS::Kinesis::Stream', { DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete' });
  });

  test('shard-level metrics are off by default', () => {
    templateOf({ workload: { ingestMibPerSecond: 1 } }).hasResourceProperties('AWS::Kinesis::Stream', { DesiredShardLevelMetrics: Match.absent() });
  });

  // Shard-level metrics are billed per shard and metric: only the two the hot-shard alarms query, not
  // WriteProvisionedThroughputExceeded (no alarm reads it per shard).
  test('hotShardDetection turns on exactly the shard-level metrics the hot-shard alarms query', () => {
    templateOf({ workload: { ingestMibPerSecond: 1 }, hotShardDetection: true }).hasResourceProperties('AWS::Kinesis::Stream', {
      DesiredShardLevelMetrics: ['IncomingBytes', 'IncomingRecords'],
    });
  });
});

describe('StreamingIngest: maxRecordSize', () => {
  test('is not set by default', () => {
    templateOf({ workload: { ingestMibPerSecond: 1 } }).hasResourceProperties('AWS::Kinesis::Stream', { MaxRecordSizeInKiB: Match.absent() });
  });

  test.each<[string, Size, number]>([
    ['Size.mebibytes(10)', Size.mebibytes(10), 10240],
    ['Size.mebibytes(1)', Size.mebibytes(1), 1024],
    ['Size.kibibytes(1536)', Size.kibibytes(1536), 1536],
    ['Size.mebibytes(1.5)', Size.mebibytes(1.5), 1536],
  ])('%s sets MaxRecordSizeInKiB %d', (_name, maxRecordSize, kib) => {
    templateOf({ maxRecordSize }).hasResourceProperties('AWS::Kinesis::Stream', { MaxRecordSizeInKiB: kib });
  });

  test('lets the workload declare records above 1 MiB', () => {
    // 20 MiB/s of 5 MiB records: 4 records/s; 20 shards for the bytes
    const workload = { ingestMibPerSecond: 20, averageRecordBytes: 5 * 1024 * 1024 };
    const { stack, ingest } = ingestIn({ workload, maxRecordSize: Size.mebibytes(10) });

    expect(ingest.plan?.shardCount).toBe(20);
    Template.fromStack(stack).hasResourceProperties('AWS::Kinesis::Stream', { ShardCount: 20, MaxRecordSizeInKiB: 10240 });
  });
});

describe('StreamingIngest: two in one stack', () => {
  test('each has its own stream and alarms dimensioned by it', () => {
    const stack = testStack();
    const orders = new StreamingIngest(stack, 'Orders', { workload: { ingestMibPerSecond: 1 } });
    const clicks = new StreamingIngest(stack, 'Clicks', { workload: { ingestMibPerSecond: 3 } });
    const template = Template.fromStack(stack);

    expect(streamLogicalId(orders)).not.toBe(streamLogicalId(clicks));
    template.resourceCountIs('AWS::Kinesis::Stream', 2);
    template.resourceCountIs('AWS::CloudWatch::Alarm', orders.alarms.length + clicks.alarms.length);
    for (const ingest of [orders, clicks]) {
      for (const metricName of ['WriteProvisionedThroughputExceeded', 'PutRecords.ThrottledRecords',
        'ReadProvisionedThroughputExceeded', 'GetRecords.IteratorAgeMilliseconds']) {
        template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: metricName, Dimensions: streamDimensions(ingest) });
      }
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Metrics: Match.arrayWith([Match.objectLike({
          MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'IncomingBytes', Dimensions: streamDimensions(ingest) }) }),
        })]),
      });
    }
    expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { Dimensions: streamDimensions(orders) },
    }))).toHaveLength(4);
  });
});

describe('StreamingIngest: metric methods', () => {
  test.each<[string, (i: StreamingIngest) => cloudwatch.Metric, string, string]>([
    ['metricIncomingBytes', i => i.metricIncomingBytes(), 'IncomingBytes', 'Sum'],
    ['metricIncomingRecords', i => i.metricIncomingRecords(), 'IncomingRecords', 'Sum'],
    ['metricWriteThrottled', i => i.metricWriteThrottled(), 'WriteProvisionedThroughputExceeded', 'Average'],
    ['metricPutRecordsThrottledRecords', i => i.metricPutRecordsThrottledRecords(), 'PutRecords.ThrottledRecords', 'Sum'],
    ['metricReadThrottled', i => i.metricReadThrottled(), 'ReadProvisionedThroughputExceeded', 'Average'],
    ['metricIteratorAge', i => i.metricIteratorAge(), 'GetRecords.IteratorAgeMilliseconds', 'Maximum'],
  ])('%s is dimensioned by the stream, 1 minute', (_name, metricOf, metricName, statistic) => {
    const { stack, ingest } = ingestIn();
    const metric = metricOf(ingest);

    expect(metric.namespace).toBe('AWS/Kinesis');
    expect(metric.metricName).toBe(metricName);
    expect(metric.statistic).toBe(statistic);
    expect(metric.period.toSeconds()).toBe(60);
    expect(stack.resolve(metric.dimensions)).toEqual({ StreamName: streamRef(ingest) });
  });

  test('options override the defaults', () => {
    const metric = ingestIn().ingest.metricIncomingBytes({ statistic: 'Maximum', period: Duration.minutes(5) });

    expect(metric.statistic).toBe('Maximum');
    expect(metric.period.toMinutes()).toBe(5);
  });
});

describe('StreamingIngest: prices', () => {
  test('the plan is priced with the prices given', () => {
    // 1 shard × 730 h × $0.02 = $14.60 instead of the us-east-1 $10.95
    const { ingest } = ingestIn({ workload: { ingestMibPerSecond: 1 }, prices: { shardHourUsd: 0.02 } });

    expect(ingest.plan!.cost.shardHoursMonthlyUsd).toBe(14.6);
  });

  test('without prices, us-east-1 list prices', () => {
    expect(ingestIn({ workload: { ingestMibPerSecond: 1 } }).ingest.plan!.cost.shardHoursMonthlyUsd).toBe(10.95);
  });
});
