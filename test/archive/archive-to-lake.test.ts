import { Annotations as CoreAnnotations, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  APPEND_DELIMITER, DATE_FOLDERS, DELIVERY_STREAM, deliveryRoleStatements, directPutLake, ERROR_PREFIX, expectInputError, getAtt, INGEST,
  LAKE, lakeOfIngest, lakeOfRegisteredIngest, orderPlaced, ref, registeredOrders, s3KeyStatement, WARNING,
} from './archive-helpers';
import { ShardConsumer, StreamingIngest, StreamReadMode, StreamSource } from '../../src';
import { ArchiveFormat, ArchiveToLake } from '../../src/archive';
import { testStack } from '../app-fixture';
import { newHandler } from '../consume/consumer-helpers';

const BUCKET = 'AWS::S3::Bucket';
const STREAM_ARN = 'arn:aws:kinesis:us-east-1:111111111111:stream/orders';
const KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
// In the order aws-cdk-lib writes them for a key's encryptDecrypt grant.
// In the order aws-cdk-lib writes them (Match.arrayWith keeps order).
const BUCKET_READ_ACTIONS = ['s3:GetObject*', 's3:GetBucket*', 's3:List*'];

/** The bucket's ARN and its objects' ARNs, as grants name them. */
function bucketResources(bucket: s3.IBucket): object[] {
  const arn = getAtt(bucket, 'Arn');
  return [arn, { 'Fn::Join': ['', [arn, '/*']] }];
}

/** The lake as its 24-hour source records it: a poller, 5 minutes' objective, backstop at a quarter of the retention. */
const LAKE_READER = {
  readMode: StreamReadMode.POLLING,
  path: LAKE,
  latencyObjective: Duration.minutes(5),
  lagBackstop: Duration.seconds(6 * 3600),
};

/** Every kms action of `statements`. */
function kmsActions(statements: Array<{ Action: string | string[] }>): string[] {
  return statements.flatMap(st => (Array.isArray(st.Action) ? st.Action : [st.Action])).filter(a => a.startsWith('kms:'));
}

/** The messages of the stack's registry-encoding warnings (found by the id `[ack: ...]` shows). */
function registryWarnings(stack: Stack): string[] {
  return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp(`\\[ack: ${WARNING.registryEncodedRecords}\\]`))
    .map(m => String(m.entry.data));
}

/** The warning a lake at `path` reading `source` gets, where registry-encoded records would `consequence`. */
function registryWarning(source: string, consequence: string, path = LAKE): string {
  return `${path} reads ${source} as plain JSON, and the source has a registered schema: records written with the Glue Schema `
    + `Registry's serializers start with a binary header and would ${consequence}. Acknowledge this warning if producers write `
    + `plain JSON, checked against the registered definition. [ack: ${WARNING.registryEncodedRecords}]`;
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
        // JSON lines: Athena's JSON SerDes read one record per line.
        ProcessingConfiguration: { Enabled: true, Processors: [APPEND_DELIMITER] },
        // The new bucket's default encryption (SSE-S3) applies.
        EncryptionConfiguration: Match.absent(),
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

  test('Firehose reads the stream with the delivery role, which may read it', () => {
    const { ingest, lake, template } = lakeOfIngest();
    const deliveryStream = Object.values(template().findResources(DELIVERY_STREAM))[0];

    expect(deliveryStream.Properties.KinesisStreamSourceConfiguration.RoleARN).toEqual(getAtt(lake.deliveryRole, 'Arn'));
    expect(deliveryRoleStatements(template())).toContainEqual({
      Effect: 'Allow',
      Action: ['kinesis:DescribeStream', 'kinesis:GetShardIterator', 'kinesis:GetRecords', 'kinesis:ListShards'],
      Resource: getAtt(ingest.stream, 'Arn'),
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
    expect(deliveryRoleStatements(template)).toContainEqual(s3KeyStatement(stack, getAtt(key, 'Arn'), lake.bucket));
    template.hasResourceProperties(DELIVERY_STREAM, {
      ExtendedS3DestinationConfiguration: Match.objectLike({
        EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: getAtt(key, 'Arn') } },
      }),
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
    expect(ingest.readers).toEqual([{ ...LAKE_READER, readerName: lake.readerName }]);
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
    const ingest = new StreamingIngest(stack, 'Ingest', { workload: { ingestMibPerSecond: 2 } });
    new ShardConsumer(stack, 'Consumer', { source: ingest, handler: newHandler(stack) });
    expect(ingest.plan!.workload).toMatchObject({ pollingConsumers: 1, consumeMibPerSecond: 2 });

    new ArchiveToLake(stack, 'Archive', { source: ingest });

    expect(ingest.plan!.workload).toMatchObject({ pollingConsumers: 2, consumeMibPerSecond: 4, enhancedFanOutConsumers: 0 });
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
    expect(source.readers).toEqual([{ ...LAKE_READER, readerName: lake.readerName }]);
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

describe('encryptionKey with a bucket of the user', () => {
  test.each<[string, (stack: Stack) => s3.IBucket]>([
    ['an s3.Bucket', stack => new s3.Bucket(stack, 'MyLake')],
    ['a bucket imported by ARN', stack => s3.Bucket.fromBucketArn(stack, 'MyLake', 'arn:aws:s3:::my-lake')],
  ])('%s: Firehose writes the objects with the key, and its destination role may use it', (_name, bucket) => {
    const stack = testStack();
    const key = new kms.Key(stack, 'LakeKey');
    const lake = new ArchiveToLake(stack, 'Archive', { source: new StreamingIngest(stack, 'Ingest'), bucket: bucket(stack), encryptionKey: key });
    const template = Template.fromStack(stack);

    template.hasResourceProperties(DELIVERY_STREAM, {
      ExtendedS3DestinationConfiguration: Match.objectLike({
        BucketARN: stack.resolve(lake.bucket.bucketArn),
        EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: getAtt(key, 'Arn') } },
      }),
    });
    expect(deliveryRoleStatements(template)).toContainEqual(s3KeyStatement(stack, getAtt(key, 'Arn'), lake.bucket));
  });

  test('the user\'s bucket is left as it is: no bucket is created, its encryption is not changed', () => {
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'MyLake');
    new ArchiveToLake(stack, 'Archive', { bucket, encryptionKey: new kms.Key(stack, 'LakeKey') });
    const template = Template.fromStack(stack);

    template.resourceCountIs(BUCKET, 1);
    template.hasResourceProperties(BUCKET, { BucketEncryption: Match.absent() });
  });

  test('a key imported by ARN is named by its ARN', () => {
    const stack = testStack();
    const lake = new ArchiveToLake(stack, 'Archive', {
      bucket: s3.Bucket.fromBucketName(stack, 'MyLake', 'my-lake'),
      encryptionKey: kms.Key.fromKeyArn(stack, 'LakeKey', KEY_ARN),
    });
    const template = Template.fromStack(stack);

    template.hasResourceProperties(DELIVERY_STREAM, {
      ExtendedS3DestinationConfiguration: Match.objectLike({ EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: KEY_ARN } } }),
    });
    expect(deliveryRoleStatements(template)).toContainEqual(s3KeyStatement(stack, KEY_ARN, lake.bucket));
  });

  test('a key other than the bucket\'s own: Firehose writes with the lake\'s key', () => {
    const stack = testStack();
    const bucketKey = new kms.Key(stack, 'BucketKey');
    const lakeKey = new kms.Key(stack, 'LakeKey');
    const bucket = new s3.Bucket(stack, 'MyLake', { encryption: s3.BucketEncryption.KMS, encryptionKey: bucketKey });
    new ArchiveToLake(stack, 'Archive', { bucket, encryptionKey: lakeKey });

    Template.fromStack(stack).hasResourceProperties(DELIVERY_STREAM, {
      ExtendedS3DestinationConfiguration: Match.objectLike({
        EncryptionConfiguration: { KMSEncryptionConfig: { AWSKMSKeyARN: getAtt(lakeKey, 'Arn') } },
      }),
    });
  });

  test('without encryptionKey: the bucket\'s default encryption, and Firehose is granted no key', () => {
    const stack = testStack();
    new ArchiveToLake(stack, 'Archive', { source: new StreamingIngest(stack, 'Ingest'), bucket: new s3.Bucket(stack, 'MyLake') });
    const template = Template.fromStack(stack);

    template.hasResourceProperties(DELIVERY_STREAM, {
      ExtendedS3DestinationConfiguration: Match.objectLike({ EncryptionConfiguration: Match.absent() }),
    });
    expect(kmsActions(deliveryRoleStatements(template))).toEqual([]);
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

  // The objects Firehose writes into a user bucket with `encryptionKey` are encrypted with that key: reading them needs it.
  test('and decrypting them with the lake\'s key when the bucket is the user\'s', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'LakeKey');
    const bucket = new s3.Bucket(stack, 'MyLake');
    const lake = new ArchiveToLake(stack, 'Archive', { bucket, encryptionKey: key });
    const analyst = newRole(stack, 'Analyst');
    lake.grantRead(analyst);
    const policies = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy', { Properties: { Roles: [ref(analyst)] } }));
    const statements: Array<{ Action: string | string[]; Effect: string; Resource: unknown }> = policies
      .flatMap(policy => policy.Properties.PolicyDocument.Statement);

    expect(statements).toContainEqual({ Action: BUCKET_READ_ACTIONS, Effect: 'Allow', Resource: bucketResources(bucket) });
    expect(statements
      .filter(st => st.Effect === 'Allow' && JSON.stringify(st.Resource) === JSON.stringify(getAtt(key, 'Arn')))
      .flatMap(st => (Array.isArray(st.Action) ? st.Action : [st.Action]))).toContain('kms:Decrypt');
  });
});

describe('a source with a registered schema', () => {
  test('a JSON lake is warned that registry-encoded records would be stored as unreadable binary', () => {
    const { stack } = lakeOfRegisteredIngest();

    Annotations.fromStack(stack).hasWarning(`/${LAKE}`, registryWarning(INGEST, 'be stored as unreadable binary'));
    expect(registryWarnings(stack)).toHaveLength(1);
  });

  test('a Parquet lake is warned that they would fail Parquet conversion', () => {
    const { stack } = lakeOfRegisteredIngest({ format: ArchiveFormat.parquet(orderPlaced()) });

    Annotations.fromStack(stack).hasWarning(`/${LAKE}`, registryWarning(INGEST, 'fail Parquet conversion'));
    expect(registryWarnings(stack)).toHaveLength(1);
  });

  test('a stream from elsewhere with a schema, through StreamSource.fromStream(), is named by its path', () => {
    const stack = testStack();
    const stream = kinesis.Stream.fromStreamArn(stack, 'Imported', STREAM_ARN);
    new ArchiveToLake(stack, 'Archive', { source: StreamSource.fromStream(stream, { schema: registeredOrders(stack) }) });

    Annotations.fromStack(stack).hasWarning(`/${LAKE}`, registryWarning('TestStack/Imported', 'be stored as unreadable binary'));
  });

  test.each<[string, (stack: Stack) => ArchiveToLake]>([
    ['a StreamingIngest without a schema', stack => new ArchiveToLake(stack, 'Archive', { source: new StreamingIngest(stack, 'Ingest') })],
    ['a Parquet lake of a StreamingIngest without a schema', stack => new ArchiveToLake(stack, 'Archive', {
      source: new StreamingIngest(stack, 'Ingest'), format: ArchiveFormat.parquet(orderPlaced()),
    })],
    ['StreamSource.fromStream() without a schema', stack => new ArchiveToLake(stack, 'Archive', {
      source: StreamSource.fromStream(kinesis.Stream.fromStreamArn(stack, 'Imported', STREAM_ARN)),
    })],
    ['direct PUT', stack => new ArchiveToLake(stack, 'Archive')],
  ])('no warning for %s', (_name, lake) => {
    const stack = testStack();
    lake(stack);

    expect(registryWarnings(stack)).toEqual([]);
    Annotations.fromStack(stack).hasNoWarning(`/${LAKE}`, Match.anyValue());
  });

  test('acknowledging the warning silences it', () => {
    const { stack, lake } = lakeOfRegisteredIngest();
    CoreAnnotations.of(lake).acknowledgeWarning(WARNING.registryEncodedRecords, 'Producers write plain JSON, checked against the schema.');

    expect(registryWarnings(stack)).toEqual([]);
    Annotations.fromStack(stack).hasNoWarning(`/${LAKE}`, Match.anyValue());
  });

  test('acknowledging it on one lake leaves the other lake\'s', () => {
    const { stack, ingest, lake } = lakeOfRegisteredIngest();
    new ArchiveToLake(stack, 'Second', { source: ingest });
    CoreAnnotations.of(lake).acknowledgeWarning(WARNING.registryEncodedRecords, 'reviewed');

    Annotations.fromStack(stack).hasNoWarning(`/${LAKE}`, Match.anyValue());
    expect(registryWarnings(stack)).toEqual([registryWarning(INGEST, 'be stored as unreadable binary', 'TestStack/Second')]);
  });
});
