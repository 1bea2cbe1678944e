import { Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { IStreamSource, KafkaBridge, KafkaInstanceType, PartitionKey, StreamingIngest, StreamSource, StreamWriterOptions } from '../../src';
import { testStack } from '../app-fixture';
import { expectInputError } from '../input-errors';

/** A producer stand-in: binds to `source` as a writer with `options`. */
function bind(source: IStreamSource, scope: Construct, id: string, options: Partial<StreamWriterOptions> = {}) {
  return source.bindWriter(new Construct(scope, id), {
    writerName: id, recordsPerSecond: 100, partitionKey: PartitionKey.random(), ...options,
  });
}

function warnings(stack: Stack, path: string): string[] {
  return Annotations.fromStack(stack).findWarning(path, Match.anyValue()).map(w => String(w.entry.data));
}

describe('writers of a Kinesis source', () => {
  test('are recorded with their figures and key, shared by every source of the stream', () => {
    const stack = testStack();
    const stream = new kinesis.Stream(stack, 'Existing');
    const first = StreamSource.fromStream(stream);
    const second = StreamSource.fromStream(stream);
    const key = PartitionKey.field('deviceId');
    bind(first, stack, 'Iot', { recordsPerSecond: 800, averageRecordBytes: 300, partitionKey: key });

    expect(second.writers).toEqual([{
      writerName: 'Iot', path: 'TestStack/Iot', recordsPerSecond: 800, averageRecordBytes: 300, partitionKey: key,
    }]);
    expectInputError(() => bind(second, stack, 'Other', { writerName: 'Iot' }),
      'TestStack/Other: `writerName` \'Iot\' is already taken by TestStack/Iot: give each writer of a stream its own name');
  });

  test('refuse a bad name, a rate that is not positive and a record size beyond a record', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Clicks');
    expectInputError(() => bind(ingest, stack, 'A', { writerName: 'api gateway' }),
      'TestStack/A: `writerName` must be 1-128 characters of a-z, A-Z, 0-9, _, . and -, got \'api gateway\'');
    expectInputError(() => bind(ingest, stack, 'B', { recordsPerSecond: 0 }), /^TestStack\/B: `recordsPerSecond` must be .*got 0$/);
    expectInputError(() => bind(ingest, stack, 'C', { averageRecordBytes: 11 * 1024 * 1024 }),
      /^TestStack\/C: `averageRecordBytes` must be between 1 and 10485760 bytes, got 11534336$/);
  });

  test('within the declared workload leave the plan as it is, without a warning', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Clicks', { workload: { ingestMibPerSecond: 1, ingestRecordsPerSecond: 1_000 } });
    const before = ingest.plan!.shardCount;
    bind(ingest, stack, 'Api', { recordsPerSecond: 600, averageRecordBytes: 1_000 });
    bind(ingest, stack, 'Iot', { recordsPerSecond: 400 });

    expect(ingest.plan!.shardCount).toBe(before);
    expect(ingest.plan!.workload.ingestRecordsPerSecond).toBe(1_000);
    expect(warnings(stack, '/TestStack/Clicks')).toEqual([]);
  });

  test('above the declared workload grow the plan and the stream, and StreamingIngest says so', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Clicks', { workload: { ingestMibPerSecond: 0.5, ingestRecordsPerSecond: 500 } });
    bind(ingest, stack, 'Api', { recordsPerSecond: 1_800, averageRecordBytes: 500 });
    bind(ingest, stack, 'Iot', { recordsPerSecond: 700 }); // sized like the workload's records: 1,048.576 bytes

    const plan = ingest.plan!;
    expect(plan.workload.ingestRecordsPerSecond).toBe(2_500);
    expect(plan.workload.ingestMibPerSecond).toBeCloseTo((1_800 * 500 + 700 * 1_048.576) / 1_048_576, 9);
    expect(plan.shardCount).toBe(3); // 2,500 records/s
    Template.fromStack(stack).hasResourceProperties('AWS::Kinesis::Stream', { ShardCount: 3 });
    expect(warnings(stack, '/TestStack/Clicks')).toContain('The writers of TestStack/Clicks (Api 1,800 records/s, Iot 700 records/s) '
      + 'put 2,500 records/s and 1.56 MiB/s together, more than `workload` states (500 records/s and 0.5 MiB/s): the stream is sized '
      + 'for the writers. State the workload to match, or correct the writers\' `recordsPerSecond`. '
      + '[ack: cdk-streaming-pipelines:StreamingIngest:writersAboveWorkload]');
  });

  test('count against a workload that states MiB/s only: its records/s are the writers\', with no warning', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Clicks', { workload: { ingestMibPerSecond: 1 } });
    bind(ingest, stack, 'Iot', { recordsPerSecond: 5_000 });

    expect(ingest.plan!.workload.ingestRecordsPerSecond).toBe(5_000);
    expect(ingest.plan!.shardCount).toBe(5);
    expect(warnings(stack, '/TestStack/Clicks')).toEqual([]);
  });

  test('of known size count at least their bytes when another writer\'s size is unknown', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Clicks', { workload: { ingestMibPerSecond: 1 } });
    bind(ingest, stack, 'Big', { recordsPerSecond: 100, averageRecordBytes: 100 * 1024 });
    bind(ingest, stack, 'Unsized', { recordsPerSecond: 10 });
    const sized = new StreamingIngest(stack, 'Sized', { workload: { ingestMibPerSecond: 1, averageRecordBytes: 512 } });
    bind(sized, stack, 'Api', { recordsPerSecond: 3_000 });

    expect(ingest.plan!.workload.ingestMibPerSecond).toBeCloseTo(100 * 100 / 1024, 9);
    expect(ingest.plan!.shardCount).toBe(10);
    expect(warnings(stack, '/TestStack/Clicks')).toEqual([expect.stringMatching(
      /^The writers of TestStack\/Clicks \(Big 100 records\/s, Unsized 10 records\/s\) put 110 records\/s and 9\.77 MiB\/s together, more than `workload` states \(1 MiB\/s\)/)]);
    // A workload with a record size states its records/s, and the warning says so.
    expect(warnings(stack, '/TestStack/Sized')).toEqual([expect.stringContaining('more than `workload` states (2,048 records/s and 1 MiB/s)')]);
  });

  test('above a new on-demand stream\'s capacity, without a workload, are a warning', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Clicks');
    bind(ingest, stack, 'Api', { recordsPerSecond: 100_000, averageRecordBytes: 1_000 });

    expect(ingest.plan).toBeUndefined();
    expect(warnings(stack, '/TestStack/Clicks')).toEqual(['The writers of TestStack/Clicks (Api 100,000 records/s) put 100,000 records/s '
      + 'and 95.37 MiB/s together, more than a new on-demand stream, until it scales to its traffic, accepts (4,000 records/s and 4 MiB/s). '
      + 'Writes above it are throttled while on-demand scales up (producers must retry). Declare a `workload` to plan provisioned '
      + 'shards for it. [ack: cdk-streaming-pipelines:StreamingIngest:writersAboveCapacity]']);
  });

  test('above a fixed shard count, without a workload, are a warning; within it, not', () => {
    const stack = testStack();
    const fixed = new StreamingIngest(stack, 'Fixed', { shardCount: 2 });
    bind(fixed, stack, 'Api', { recordsPerSecond: 2_500, averageRecordBytes: 100 });
    const roomy = new StreamingIngest(stack, 'Roomy', { shardCount: 3 });
    bind(roomy, stack, 'Api2', { recordsPerSecond: 2_500, averageRecordBytes: 100 });

    expect(warnings(stack, '/TestStack/Fixed')).toEqual(['The writers of TestStack/Fixed (Api 2,500 records/s) put 2,500 records/s and '
      + '0.24 MiB/s together, more than 2 shards accept (2,000 records/s and 2 MiB/s). Writes above it are throttled. Declare a '
      + '`workload` to size the stream from, or raise `shardCount`. [ack: cdk-streaming-pipelines:StreamingIngest:writersAboveCapacity]']);
    expect(warnings(stack, '/TestStack/Roomy')).toEqual([]);
  });

  test('of an imported stream grow its plan too', () => {
    const stack = testStack();
    const source = StreamSource.fromStream(new kinesis.Stream(stack, 'Existing'), { workload: { ingestMibPerSecond: 1, averageRecordBytes: 1_024 } });
    bind(source, stack, 'Dms', { recordsPerSecond: 3_000 });

    expect(source.plan!.workload.ingestRecordsPerSecond).toBe(3_000);
    expect(source.plan!.shardCount).toBe(3);
  });

  test('are granted PutRecord and PutRecords on the stream and encryption with its key, nothing else', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key');
    const ingest = new StreamingIngest(stack, 'Orders', { encryptionKey: key });
    const role = new iam.Role(stack, 'Writer', { assumedBy: new iam.ServicePrincipal('iot.amazonaws.com') });
    bind(ingest, stack, 'Iot').grantWrite(role);

    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
    expect(Object.values(policies).map(p => stack.resolve(p.Properties.PolicyDocument.Statement))).toEqual([[
      { Action: ['kinesis:PutRecord', 'kinesis:PutRecords'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [stack.getLogicalId(ingest.stream.node.defaultChild as kinesis.CfnStream), 'Arn'] } },
      { Action: ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] } },
    ]]);
  });

  test('get each service\'s Kinesis target', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Orders');
    const binding = bind(ingest, stack, 'Writer');
    const arn = stack.resolve(ingest.stream.streamArn);
    const name = stack.resolve(ingest.stream.streamName);

    expect(stack.resolve(binding.apiGatewayTarget())).toEqual({
      service: 'kinesis', putRecordAction: 'PutRecord', putRecordsAction: 'PutRecords', targetFields: { StreamName: name },
    });
    expect(stack.resolve(binding.iotRuleAction({ roleArn: 'arn:aws:iam::111111111111:role/iot', partitionKeyTemplate: '${newuuid()}' }))).toEqual({
      kinesis: { streamName: name, partitionKey: '${newuuid()}', roleArn: 'arn:aws:iam::111111111111:role/iot' },
    });
    expect(stack.resolve(binding.eventBridgeTarget('$.id'))).toEqual({ arn, kinesisParameters: { partitionKeyPath: '$.id' } });
    expect(stack.resolve(binding.dmsTarget('arn:aws:iam::111111111111:role/dms'))).toEqual({
      engineName: 'kinesis', kinesisSettings: { streamArn: arn, serviceAccessRoleArn: 'arn:aws:iam::111111111111:role/dms' },
    });
  });
});

describe('writers of a Kafka topic of a KafkaBridge', () => {
  function topicWriter() {
    const stack = testStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 3, natGateways: 0, subnetConfiguration: [{ name: 'private', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    const bridge = new KafkaBridge(stack, 'Bridge', { vpc, instanceType: KafkaInstanceType.M7G_LARGE, brokerCount: 3, clusterName: 'orders' });
    const topic = bridge.addTopic('orders');
    return { topic, binding: bind(topic, stack, 'Producer', { recordsPerSecond: 50 }) };
  }
  const lead = 'TestStack/Producer: cannot write to Kafka topic orders of TestStack/Bridge: ';
  const instead = '. Write with a Kafka client that authenticates with IAM (grant it `grantWrite()`), or put the producer on a '
    + 'Kinesis stream (`StreamingIngest`) and bridge to Kafka from there.';

  test('are recorded', () => {
    const { topic } = topicWriter();
    expect(topic.writers.map(w => [w.writerName, w.path, w.recordsPerSecond])).toEqual([['Producer', 'TestStack/Producer', 50]]);
  });

  test('are checked like a stream\'s: a name taken is refused', () => {
    const { topic } = topicWriter();
    expectInputError(() => bind(topic, Stack.of(topic), 'Other', { writerName: 'Producer' }),
      'TestStack/Other: `writerName` \'Producer\' is already taken by TestStack/Producer: give each writer of a stream its own name');
  });

  test('are refused by each managed producer, with the reason', () => {
    const { binding } = topicWriter();
    expectInputError(() => binding.apiGatewayTarget(),
      `${lead}API Gateway has no Kafka integration (its AWS-service integrations call AWS APIs, and Kafka is not one)${instead}`);
    expectInputError(() => binding.iotRuleAction({ roleArn: 'r', partitionKeyTemplate: '${newuuid()}' }),
      `${lead}AWS IoT's Kafka rule action authenticates with SASL/SCRAM, PLAIN, GSSAPI or TLS, and does not support IAM, `
      + `the only client authentication a KafkaBridge cluster accepts${instead}`);
    expectInputError(() => binding.eventBridgeTarget('$.id'),
      `${lead}EventBridge has no Kafka target: neither rules nor Pipes write to Kafka (Pipes can read from it)${instead}`);
    expectInputError(() => binding.dmsTarget('r'),
      `${lead}DMS's Kafka target endpoint authenticates with SASL/SCRAM, PLAIN or TLS, not IAM, the only client authentication `
      + `a KafkaBridge cluster accepts${instead}`);
  });

  test('a Kafka client may still be granted writing to the topic', () => {
    const { topic, binding } = topicWriter();
    const stack = Stack.of(topic);
    const role = new iam.Role(stack, 'Client', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    binding.grantWrite(role);
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .flatMap(p => p.Properties.PolicyDocument.Statement).flatMap((s: any) => s.Action);
    expect(statements).toEqual(expect.arrayContaining(['kafka-cluster:WriteData', 'kafka-cluster:WriteDataIdempotently']));
  });
});
