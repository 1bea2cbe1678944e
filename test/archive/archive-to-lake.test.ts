import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  DATE_FOLDERS, DELIVERY_STREAM, directPutLake, ERROR_PREFIX, expectInputError, getAtt, INGEST, LAKE, lakeOfIngest, ref, WARNING,
} from './archive-helpers';
import {
  IStreamSource, ShardConsumer, StreamingIngest, StreamReader, StreamReaderOptions, StreamReadMode, StreamSource, StreamSourceBinding,
} from '../../src';
import { ArchiveToLake } from '../../src/archive';
import { testStack } from '../app-fixture';
import { newHandler } from '../consume/consumer-helpers';

const BUCKET = 'AWS::S3::Bucket';
const STREAM_ARN = 'arn:aws:kinesis:us-east-1:111111111111:stream/orders';
// In the order aws-cdk-lib writes them (Match.arrayWith keeps order).
const BUCKET_READ_ACTIONS = ['s3:GetObject*', 's3:GetBucket*', 's3:List*'];

/** The bucket's ARN and its objects' ARNs, as grants name them. */
function bucketResources(bucket: s3.IBucket): object[] {
  const arn = getAtt(bucket, 'Arn');
  return [arn, { 'Fn::Join': ['', [arn, '/*']] }];
}

/** A role any test can grant to. */
function newRole(scope: Construct, id: string): iam.Role {
  return new iam.Role(scope, id, { assumedBy: new iam.AccountRootPrincipal() });
}

describe('ArchiveToLake of a StreamingIngest, by default', () => {
  test('Firehose reads the stream and writes GZIP JSON under date folders, buffering 5 minutes or 64 MiB', () => {
    const { ingest, lake, template } = lakeOfIngest();

    template().hasResourceProperties(DELIVERY_STREAM, {
      DeliveryStreamType: 'KinesisStreamAsSource',
      KinesisStreamSourceConfiguration: { KinesisStreamARN: getAtt(ingest.stream, 'Arn') },
      // Firehose may not encrypt records of a Kinesis source: the stream does.
      DeliveryStreamEncryptionConfigurationInput: Match.absent(),
      ExtendedS3DestinationConfiguration: {
        BucketARN: getAtt(lake.bucket, 'Arn'),
        Prefix: `events/${DATE_FOLDERS}`,
        ErrorOutputPrefix: ERROR_PREFIX,
        BufferingHints: { IntervalInSeconds: 300, SizeInMBs: 64 },
        CompressionFormat: 'GZIP',
        DataFormatConversionConfiguration: Match.absent(),
        DynamicPartitioningConfiguration: Match.absent(),
        ProcessingConfiguration: Match.absent(),
      },
    });
    expect(lake.prefix).toBe('events/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/');
    expect(lake.errorPrefix).toBe('errors/!{firehose:error-output-type}/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/');
    expect(lake.format.formatName).toBe('JSON');
    expect(lake.databaseName).toBeUndefined();
    expect(lake.tableName).toBeUndefined();
    expect(lake.workgroupName).toBeUndefined();
    template().resourceCountIs('AWS::Glue::Database', 0);
    template().resourceCountIs('AWS::Glue::Table', 0);
    template().resourceCountIs('AWS::Athena::WorkGroup', 0);
  });

  test('Firehose\'s source role may read the stream', () => {
    const { ingest, template } = lakeOfIngest();
    const deliveryStream = Object.values(template().findResources(DELIVERY_STREAM))[0];
    const sourceRole = deliveryStream.Properties.KinesisStreamSourceConfiguration.RoleARN['Fn::GetAtt'][0];

    template().hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: sourceRole }],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Allow',
          Action: Match.arrayWith(['kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards']),
          Resource: getAtt(ingest.stream, 'Arn'),
        })]),
      },
    });
  });

  test('the bucket is versioned, SSE-S3 encrypted, private, TLS only, retained, tiered after 30 days, without access logs', () => {
    const { lake, template } = lakeOfIngest();

    template().resourceCountIs(BUCKET, 1);
    template().hasResource(BUCKET, {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        VersioningConfiguration: { Status: 'Enabled' },
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true,
        },
        LifecycleConfiguration: {
          Rules: [{
            Id: 'OldAndNoncurrentObjects',
            Status: 'Enabled',
            Transitions: [{ StorageClass: 'INTELLIGENT_TIERING', TransitionInDays: 30 }],
            NoncurrentVersionExpiration: { NoncurrentDays: 30 },
            AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
          }],
        },
        LoggingConfiguration: Match.absent(),
      },
    });
    template().hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: ref(lake.bucket),
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Action: 's3:*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          Effect: 'Deny',
          Principal: { AWS: '*' },
          Resource: bucketResources(lake.bucket),
        }]),
      },
    });
  });

  test('encryptionKey: SSE-KMS with a bucket key, and Firehose may use the key', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'LakeKey');
    const lake = new ArchiveToLake(stack, 'Archive', { source: new StreamingIngest(stack, 'Ingest'), encryptionKey: key });
    const template = Template.fromStack(stack);

    template.hasResourceProperties(BUCKET, {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{
          BucketKeyEnabled: true,
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: getAtt(key, 'Arn') },
        }],
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['s3:PutObject']), Resource: bucketResources(lake.bucket) }),
          Match.objectLike({ Action: Match.arrayWith(['kms:Encrypt', 'kms:GenerateDataKey*']), Resource: getAtt(key, 'Arn') }),
        ]),
      },
    });
  });

  test('accessLogsBucket: server access logs go to it under lake-access-logs/', () => {
    const stack = testStack();
    const logs = new s3.Bucket(stack, 'AccessLogs');
    new ArchiveToLake(stack, 'Archive', { accessLogsBucket: logs });

    Template.fromStack(stack).hasResourceProperties(BUCKET, {
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: { DestinationBucketName: ref(logs), LogFilePrefix: 'lake-access-logs/' },
    });
  });
});

describe('Firehose is a polling reader of its source', () => {
  test('it is recorded among the readers under a name unique in the app', () => {
    const { ingest, lake } = lakeOfIngest();

    expect(lake.readerName).toMatch(/^TestStackArchive[0-9A-F]{8}$/);
    expect(ingest.readers).toEqual([{ readerName: lake.readerName, readMode: StreamReadMode.POLLING, path: LAKE }]);
  });

  test('readerName names it', () => {
    const { ingest, lake } = lakeOfIngest({ readerName: 'lake-archive' });

    expect(lake.readerName).toBe('lake-archive');
    expect(ingest.readers.map(r => r.readerName)).toEqual(['lake-archive']);
  });

  test('a readerName another reader has is refused', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Ingest');
    new ShardConsumer(stack, 'Consumer', { source: ingest, handler: newHandler(stack), readerName: 'audit' });

    expectInputError(() => new ArchiveToLake(stack, 'Archive', { source: ingest, readerName: 'audit' }),
      `${LAKE}: \`readerName\` 'audit' is already taken by TestStack/Consumer on ${INGEST}: give each reader of a stream its own name`);
  });

  test('the plan counts it: a consumer and the lake are two polling readers of 2 MiB/s each', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Ingest', { workload: { ingestMBps: 2 } });
    new ShardConsumer(stack, 'Consumer', { source: ingest, handler: newHandler(stack) });
    expect(ingest.plan!.workload).toMatchObject({ pollingConsumers: 1, consumeMBps: 2 });

    new ArchiveToLake(stack, 'Archive', { source: ingest });

    expect(ingest.plan!.workload).toMatchObject({ pollingConsumers: 2, consumeMBps: 4, enhancedFanOutConsumers: 0 });
  });

  test('as the third polling reader it is warned about, on its own path', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Ingest');
    new ShardConsumer(stack, 'Poll1', { source: ingest, handler: newHandler(stack, 'Handler1') });
    new ShardConsumer(stack, 'Poll2', { source: ingest, handler: newHandler(stack, 'Handler2') });
    new ArchiveToLake(stack, 'Archive', { source: ingest });
    const annotations = Annotations.fromStack(stack);

    annotations.hasWarning(`/${LAKE}`, `${LAKE} is polling reader number 3 of ${INGEST}: polling readers share `
      + '5 GetRecords calls/s and 2 MiB/s per shard and throttle each other beyond 2. Read with enhanced fan-out instead. '
      + `[ack: ${WARNING.tooManyPollingReaders}]`);
    annotations.hasNoWarning('/TestStack/Poll1', Match.anyValue());
    annotations.hasNoWarning('/TestStack/Poll2', Match.anyValue());
  });

  test('as the second polling reader (next to an enhanced fan-out consumer) it is not warned about', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Ingest');
    new ShardConsumer(stack, 'Poll1', { source: ingest, handler: newHandler(stack, 'Handler1') });
    new ShardConsumer(stack, 'Fanned', { source: ingest, handler: newHandler(stack, 'Handler2'), enhancedFanOut: true });
    new ArchiveToLake(stack, 'Archive', { source: ingest });

    Annotations.fromStack(stack).hasNoWarning(`/${LAKE}`, Match.anyValue());
  });

  test('a stream from elsewhere, through StreamSource.fromStream()', () => {
    const stack = testStack();
    const stream = kinesis.Stream.fromStreamArn(stack, 'Imported', STREAM_ARN);
    const source = StreamSource.fromStream(stream);
    const lake = new ArchiveToLake(stack, 'Archive', { source });

    Template.fromStack(stack).hasResourceProperties(DELIVERY_STREAM, {
      DeliveryStreamType: 'KinesisStreamAsSource',
      KinesisStreamSourceConfiguration: { KinesisStreamARN: STREAM_ARN },
    });
    expect(source.readers).toEqual([{ readerName: lake.readerName, readMode: StreamReadMode.POLLING, path: LAKE }]);
  });

  test('a source that is not a Kinesis stream is refused', () => {
    const stack = testStack();
    const readers: StreamReader[] = [];
    const queue: IStreamSource = {
      sourceName: 'TestStack/Queue',
      retention: Duration.hours(24),
      readers,
      bindReader: (scope: Construct, options: StreamReaderOptions): StreamSourceBinding => {
        readers.push({ readerName: options.readerName, readMode: options.readMode ?? StreamReadMode.POLLING, path: scope.node.path });
        return {};
      },
      grantRead: grantee => iam.Grant.drop(grantee, 'read'),
      grantWrite: grantee => iam.Grant.drop(grantee, 'write'),
    };

    expectInputError(() => new ArchiveToLake(stack, 'Archive', { source: queue }),
      `${LAKE}: \`source\` TestStack/Queue is not a Kinesis stream: Firehose reads Kinesis sources (or none, for direct PUT)`);
  });
});

describe('direct PUT (no source)', () => {
  test('producers write to the delivery stream, which encrypts with an AWS-owned key', () => {
    const { lake, template } = directPutLake();

    template().hasResourceProperties(DELIVERY_STREAM, {
      DeliveryStreamType: 'DirectPut',
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'AWS_OWNED_CMK' },
      KinesisStreamSourceConfiguration: Match.absent(),
      ExtendedS3DestinationConfiguration: Match.objectLike({
        Prefix: `events/${DATE_FOLDERS}`,
        ErrorOutputPrefix: ERROR_PREFIX,
        CompressionFormat: 'GZIP',
      }),
    });
    expect(lake.readerName).toBeUndefined();
  });

  test('grantPutRecords() permits PutRecord and PutRecordBatch on the delivery stream', () => {
    const { stack, lake, template } = directPutLake();
    const producer = newRole(stack, 'Producer');
    const grant = lake.grantPutRecords(producer);

    expect(grant.success).toBe(true);
    template().hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(producer)],
      PolicyDocument: {
        Statement: [{
          Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
          Effect: 'Allow',
          Resource: getAtt(lake.deliveryStream, 'Arn'),
        }],
      },
    });
  });

  test('grantPutRecords() on a lake with a source is refused: producers write to the stream', () => {
    const { stack, lake } = lakeOfIngest();

    expectInputError(() => lake.grantPutRecords(newRole(stack, 'Producer')),
      `${LAKE}: \`grantPutRecords()\` is for a lake without a \`source\`: this one reads a stream, so grant producers write access to the stream`);
  });
});

describe('a bucket of the user', () => {
  test('an s3.Bucket is written to, and no bucket is created', () => {
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'MyLake');
    const lake = new ArchiveToLake(stack, 'Archive', { bucket });
    const template = Template.fromStack(stack);

    expect(lake.bucket).toBe(bucket);
    expect(Object.keys(template.findResources(BUCKET))).toEqual([stack.getLogicalId(bucket.node.defaultChild as s3.CfnBucket)]);
    template.hasResourceProperties(DELIVERY_STREAM, {
      ExtendedS3DestinationConfiguration: Match.objectLike({ BucketARN: getAtt(bucket, 'Arn') }),
    });
  });

  test('a bucket imported by ARN is written to, and no bucket is created', () => {
    const stack = testStack();
    const bucket = s3.Bucket.fromBucketArn(stack, 'MyLake', 'arn:aws:s3:::my-lake');
    new ArchiveToLake(stack, 'Archive', { bucket });
    const template = Template.fromStack(stack);

    template.resourceCountIs(BUCKET, 0);
    template.hasResourceProperties(DELIVERY_STREAM, {
      ExtendedS3DestinationConfiguration: Match.objectLike({ BucketARN: 'arn:aws:s3:::my-lake' }),
    });
  });

  test('a bucket imported by name is written to, and no bucket is created', () => {
    const stack = testStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'MyLake', 'my-lake');
    new ArchiveToLake(stack, 'Archive', { bucket });
    const template = Template.fromStack(stack);

    template.resourceCountIs(BUCKET, 0);
    template.hasResourceProperties(DELIVERY_STREAM, {
      ExtendedS3DestinationConfiguration: Match.objectLike({
        BucketARN: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::my-lake']] },
      }),
    });
  });
});

describe('grantRead()', () => {
  test('permits reading the lake\'s objects', () => {
    const { stack, lake, template } = directPutLake();
    const analyst = newRole(stack, 'Analyst');
    lake.grantRead(analyst);

    template().hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(analyst)],
      PolicyDocument: { Statement: [{ Action: BUCKET_READ_ACTIONS, Effect: 'Allow', Resource: bucketResources(lake.bucket) }] },
    });
  });

  test('and decrypting them with the lake\'s key', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'LakeKey');
    const lake = new ArchiveToLake(stack, 'Archive', { encryptionKey: key });
    const analyst = newRole(stack, 'Analyst');
    lake.grantRead(analyst);

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(analyst)],
      PolicyDocument: {
        Statement: [
          { Action: BUCKET_READ_ACTIONS, Effect: 'Allow', Resource: bucketResources(lake.bucket) },
          { Action: ['kms:Decrypt', 'kms:DescribeKey'], Effect: 'Allow', Resource: getAtt(key, 'Arn') },
        ],
      },
    });
  });
});
