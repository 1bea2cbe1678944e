import { Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as opensearch from 'aws-cdk-lib/aws-opensearchservice';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { InStack, JobOptions, kinesisJob, propertyGroupsOf, resourceOf, roleStatements } from './analytics-fixtures';
import { AnalyticsSink, AnalyticsSinkConfig, StreamAnalytics, StreamingIngest, StreamReadMode } from '../../src';
import { SchemaRegistry } from '../../src/schema';
import { ping } from '../schema/schema-fixtures';
import { getAtt, logicalId, ref } from '../template-refs';

/** What aws-cdk-lib's `IStream.grantRead()` allows on the stream, in its order. */
const STREAM_READ_ACTIONS = [
  'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards', 'kinesis:SubscribeToShard',
  'kinesis:DescribeStream', 'kinesis:ListStreams', 'kinesis:DescribeStreamConsumer',
];
const STREAM_WRITE_ACTIONS = ['kinesis:ListShards', 'kinesis:PutRecord', 'kinesis:PutRecords'];
const KEY_ENCRYPT_ACTIONS = ['kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'];
const BUCKET_READ_WRITE_ACTIONS = [
  's3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:PutObject', 's3:PutObjectLegalHold', 's3:PutObjectRetention',
  's3:PutObjectTagging', 's3:PutObjectVersionTagging', 's3:Abort*',
];
const TABLE_WRITE_ACTIONS = ['dynamodb:BatchWriteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:DescribeTable'];
const CODE_BUCKET_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::code-bucket']] };
const CODE_OBJECT_ARN = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::code-bucket/job.jar']] };
const CODE_READ_REASON = 'aws-cdk-lib\'s grantRead on the application\'s code object only.';
const LOGS_FINDING = 'Resource::arn:<AWS::Partition>:logs:us-east-1:111111111111:log-group:*';
const LOGS_REASON = 'logs:DescribeLogGroups lists the log groups of the account and Region; it takes no single group\'s ARN. Read-only.';
/** What every application acknowledges: its log-group listing and its code read. */
const BASE_WILDCARDS = {
  [LOGS_FINDING]: LOGS_REASON,
  'Action::s3:GetObject*': CODE_READ_REASON,
  'Action::s3:GetBucket*': CODE_READ_REASON,
  'Action::s3:List*': CODE_READ_REASON,
};
const DOMAIN_ARN = 'arn:aws:es:eu-west-1:222222222222:domain/search';

/** The cdk-nag AwsSolutions-IAM5 findings acknowledged on the application's role, by what cdk-nag writes inside `[…]`. */
function acknowledgedWildcards(role: IConstruct): { [finding: string]: string } {
  return Object.fromEntries(role.node.metadata
    .filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap(m => Object.entries(m.data as { [id: string]: string }))
    .map(([id, reason]) => [/^Annotation::AwsSolutions-IAM5\[(.*)\]$/.exec(id)?.[1] ?? id, reason]));
}

/** The statements the job's sinks added: those after the code read, which every application has last before them. */
function sinkStatements(template: Template, job: StreamAnalytics): any[] {
  const statements = roleStatements(template, job.role);
  const code = statements.findIndex(s => JSON.stringify(s.Resource) === JSON.stringify([CODE_BUCKET_ARN, CODE_OBJECT_ARN]));
  expect(code).toBeGreaterThan(0);
  return statements.slice(code + 1);
}

/** A Kinesis-source job 'Job' writing to the sinks `sinks` makes in its stack. */
function sinkJob(sinks: InStack<AnalyticsSink[]>, options: JobOptions = {}) {
  return kinesisJob(stack => ({ ...options, sinks: typeof sinks === 'function' ? sinks(stack) : sinks }));
}

describe('StreamAnalytics on a Kinesis source: what the role may do', () => {
  test('read the stream, write its own log stream, describe its logs, read its code: nothing else', () => {
    const { ingest, job, template } = kinesisJob();
    const logStream = job.node.findChild('LogStream');

    expect(roleStatements(template(), job.role)).toEqual([
      { Effect: 'Allow', Action: STREAM_READ_ACTIONS, Resource: getAtt(ingest.stream, 'Arn') },
      {
        Effect: 'Allow',
        Action: 'logs:PutLogEvents',
        Resource: {
          'Fn::Join': ['', [
            'arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:111111111111:log-group:', ref(job.logGroup), ':log-stream:', ref(logStream),
          ]],
        },
      },
      { Effect: 'Allow', Action: 'logs:DescribeLogStreams', Resource: getAtt(job.logGroup, 'Arn') },
      {
        Effect: 'Allow',
        Action: 'logs:DescribeLogGroups',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:111111111111:log-group:*']] },
      },
      { Effect: 'Allow', Action: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'], Resource: [CODE_BUCKET_ARN, CODE_OBJECT_ARN] },
    ]);
  });

  test('its wildcards are acknowledged for cdk-nag, each with why, and nothing else is', () => {
    const { job } = kinesisJob();

    expect(acknowledgedWildcards(job.role)).toEqual(BASE_WILDCARDS);
  });

  test('a stream with a customer-managed key: decrypt with that key, after the read', () => {
    const { ingest, job, template } = kinesisJob({}, stack => ({ encryptionKey: new kms.Key(stack, 'Key') }));

    expect(roleStatements(template(), job.role).slice(0, 2)).toEqual([
      { Effect: 'Allow', Action: STREAM_READ_ACTIONS, Resource: getAtt(ingest.stream, 'Arn') },
      { Effect: 'Allow', Action: 'kms:Decrypt', Resource: getAtt(ingest.encryptionKey!, 'Arn') },
    ]);
    expect(JSON.stringify(roleStatements(template(), job.role).slice(2))).not.toContain('kms:');
  });

  test('a stream with a schema, readsSchema off (the default): no registry access, as for ShardConsumer', () => {
    const { job, template } = kinesisJob({}, stack => ({ schema: new SchemaRegistry(stack, 'Registry').addSchema('Orders', { schema: ping() }) }));

    expect(JSON.stringify(roleStatements(template(), job.role))).not.toContain('glue:');
    expect(acknowledgedWildcards(job.role)).toEqual(BASE_WILDCARDS);
  });

  test('a stream with a schema and readsSchema: the job may look versions up (glue:GetSchemaVersion on *), acknowledged as Glue cannot scope it', () => {
    const { job, template } = kinesisJob({ readsSchema: true }, stack => ({ schema: new SchemaRegistry(stack, 'Registry').addSchema('Orders', { schema: ping() }) }));

    expect(roleStatements(template(), job.role)).toContainEqual({ Effect: 'Allow', Action: 'glue:GetSchemaVersion', Resource: '*' });
    expect(acknowledgedWildcards(job.role)).toEqual({
      'Resource::*': 'Deserializers look schema versions up by id with glue:GetSchemaVersion, which Glue cannot scope to a schema.',
      ...BASE_WILDCARDS,
    });
  });

  test('enhanced fan-out: a stream consumer registered through the source, named after the reader, and the job subscribes through it', () => {
    const { ingest, job, template } = kinesisJob({ readMode: StreamReadMode.ENHANCED_FAN_OUT, readerName: 'order-windows' });
    const consumer = ingest.stream.node.findChild('Readers').node.findChild('order-windows');

    expect(Object.values(template().findResources('AWS::Kinesis::StreamConsumer')).map(c => c.Properties)).toEqual([
      { ConsumerName: 'order-windows', StreamARN: getAtt(ingest.stream, 'Arn') },
    ]);
    expect(logicalId(consumer)).toMatch(/^IngestReadersorderwindows/);
    expect(ingest.readers).toEqual([expect.objectContaining({ readerName: 'order-windows', readMode: StreamReadMode.ENHANCED_FAN_OUT, path: 'TestStack/Job' })]);
    expect(propertyGroupsOf(template(), job).Source).toEqual({
      'source.type': 'kinesis',
      'stream.arn': getAtt(ingest.stream, 'Arn'),
      'stream.name': ref(ingest.stream),
      'aws.region': 'us-east-1',
      'consumer.arn': getAtt(consumer, 'ConsumerARN'),
      'consumer.name': getAtt(consumer, 'ConsumerName'),
    });
    expect(roleStatements(template(), job.role)).toContainEqual({
      Effect: 'Allow', Action: ['kinesis:DescribeStreamConsumer', 'kinesis:SubscribeToShard'], Resource: getAtt(consumer, 'ConsumerARN'),
    });
  });

  test('polling: the reader is counted, and no consumer is registered', () => {
    const { ingest, template } = kinesisJob({ readerName: 'order-windows' });

    template().resourceCountIs('AWS::Kinesis::StreamConsumer', 0);
    expect(ingest.readers).toEqual([expect.objectContaining({ readerName: 'order-windows', readMode: StreamReadMode.POLLING, path: 'TestStack/Job' })]);
  });

  test('the reader\'s name defaults to the construct id', () => {
    const { ingest } = kinesisJob();

    expect(ingest.readers.map(r => r.readerName)).toEqual(['Job']);
  });
});

describe('StreamAnalytics sinks: each granted, described in Sink.<name>', () => {
  test('toIngest: write on its stream; the stream\'s own name, ARN and region', () => {
    let out!: StreamingIngest;
    const { job, template } = sinkJob(stack => [AnalyticsSink.toIngest(out = new StreamingIngest(stack, 'Out'))]);

    expect(sinkStatements(template(), job)).toEqual([{ Effect: 'Allow', Action: STREAM_WRITE_ACTIONS, Resource: getAtt(out.stream, 'Arn') }]);
    expect(propertyGroupsOf(template(), job)['Sink.stream']).toEqual({
      'sink.type': 'kinesis', 'stream.arn': getAtt(out.stream, 'Arn'), 'stream.name': ref(out.stream), 'aws.region': 'us-east-1',
    });
    expect(acknowledgedWildcards(job.role)).toEqual(BASE_WILDCARDS);
  });

  test('toIngest of a stream with a key and a schema: encrypt with the key and find the schema\'s versions; the key\'s wildcards acknowledged', () => {
    let out!: StreamingIngest;
    const { stack, job, template } = sinkJob(s => {
      const schema = new SchemaRegistry(s, 'Registry').addSchema('Windows', { schema: ping() });
      out = new StreamingIngest(s, 'Out', { encryptionKey: new kms.Key(s, 'Key'), schema });
      return [AnalyticsSink.toIngest(out, { name: 'windows' })];
    });

    const statements = sinkStatements(template(), job);
    expect(statements).toContainEqual({ Effect: 'Allow', Action: STREAM_WRITE_ACTIONS, Resource: getAtt(out.stream, 'Arn') });
    expect(statements).toContainEqual({ Effect: 'Allow', Action: KEY_ENCRYPT_ACTIONS, Resource: getAtt(out.encryptionKey!, 'Arn') });
    expect(statements).toContainEqual(expect.objectContaining({ Action: 'glue:GetSchemaByDefinition', Resource: [stack.resolve(out.schema!.registryArn), stack.resolve(out.schema!.schemaArn)] }));
    expect(Object.keys(propertyGroupsOf(template(), job))).toEqual(['Source', 'Sink.windows']);
    const reason = 'aws-cdk-lib\'s grantWrite lets the job encrypt records with the sink stream\'s one key (kms:GenerateDataKey*, kms:ReEncrypt*).';
    expect(acknowledgedWildcards(job.role)).toEqual({ ...BASE_WILDCARDS, 'Action::kms:ReEncrypt*': reason, 'Action::kms:GenerateDataKey*': reason });
  });

  test('toStream of a stream in another account and Region: write on it; aws.region is the stream\'s', () => {
    const arn = 'arn:aws:kinesis:eu-west-1:222222222222:stream/order-windows';
    const { job, template } = sinkJob(stack => [AnalyticsSink.toStream(kinesis.Stream.fromStreamArn(stack, 'Out', arn), { name: 'out' })]);

    expect(sinkStatements(template(), job)).toEqual([{ Effect: 'Allow', Action: STREAM_WRITE_ACTIONS, Resource: arn }]);
    expect(propertyGroupsOf(template(), job)['Sink.out']).toEqual({
      'sink.type': 'kinesis', 'stream.arn': arn, 'stream.name': 'order-windows', 'aws.region': 'eu-west-1',
    });
  });

  test('toBucket with a prefix: read, write and delete under the prefix only, acknowledged with the prefix', () => {
    let bucket!: s3.Bucket;
    const { stack, job, template } = sinkJob(s => [AnalyticsSink.toBucket(bucket = new s3.Bucket(s, 'Lake'), { prefix: 'windows/' })]);
    const bucketArn = getAtt(bucket, 'Arn');

    expect(sinkStatements(template(), job)).toEqual([{
      Effect: 'Allow',
      Action: BUCKET_READ_WRITE_ACTIONS,
      Resource: [bucketArn, { 'Fn::Join': ['', [bucketArn, '/windows/*']] }],
    }]);
    expect(propertyGroupsOf(template(), job)['Sink.bucket']).toEqual({
      'sink.type': 's3',
      'bucket.name': ref(bucket),
      'bucket.arn': bucketArn,
      'prefix': 'windows/',
      'path': { 'Fn::Join': ['', ['s3://', ref(bucket), '/windows/']] },
    });
    const reason = 'aws-cdk-lib\'s grantReadWrite on the sink bucket\'s objects under \'windows/\' only: Flink\'s S3 writer stages '
      + 'in-progress parts as objects it reads back on recovery and removes once committed.';
    expect(acknowledgedWildcards(job.role)).toEqual({
      ...BASE_WILDCARDS,
      'Action::s3:GetObject*': `${CODE_READ_REASON} ${reason}`,
      'Action::s3:GetBucket*': `${CODE_READ_REASON} ${reason}`,
      'Action::s3:List*': `${CODE_READ_REASON} ${reason}`,
      'Action::s3:DeleteObject*': reason,
      'Action::s3:Abort*': reason,
      [`Resource::<${logicalId(bucket)}.Arn>/windows/*`]: reason,
    });
    expect(stack.resolve(bucket.bucketArn)).toEqual(bucketArn);
  });

  test('toBucket without a prefix: the whole bucket, and no prefix property', () => {
    const { job, template } = sinkJob(stack => [AnalyticsSink.toBucket(s3.Bucket.fromBucketName(stack, 'Lake', 'order-lake'), { name: 'lake' })]);
    const bucketArn = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::order-lake']] };

    expect(sinkStatements(template(), job)).toEqual([{
      Effect: 'Allow',
      Action: BUCKET_READ_WRITE_ACTIONS,
      Resource: [bucketArn, { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::order-lake/*']] }],
    }]);
    expect(propertyGroupsOf(template(), job)['Sink.lake']).toEqual({
      'sink.type': 's3', 'bucket.name': 'order-lake', 'bucket.arn': bucketArn, 'path': 's3://order-lake/',
    });
    expect(Object.keys(acknowledgedWildcards(job.role))).toContain('Resource::arn:<AWS::Partition>:s3:::order-lake/*');
  });

  test('toTable: write items and describe the table', () => {
    let table!: dynamodb.Table;
    const { job, template } = sinkJob(stack => [AnalyticsSink.toTable(table = new dynamodb.Table(stack, 'Windows', {
      partitionKey: { name: 'store_id', type: dynamodb.AttributeType.STRING },
    }))]);

    expect(sinkStatements(template(), job)).toEqual([{ Effect: 'Allow', Action: TABLE_WRITE_ACTIONS, Resource: [getAtt(table, 'Arn')] }]);
    expect(propertyGroupsOf(template(), job)['Sink.table']).toEqual({
      'sink.type': 'dynamodb', 'table.name': ref(table), 'table.arn': getAtt(table, 'Arn'), 'aws.region': 'us-east-1',
    });
    expect(acknowledgedWildcards(job.role)).toEqual(BASE_WILDCARDS);
  });

  test('toTable of a table in another Region: aws.region is the table\'s', () => {
    const arn = 'arn:aws:dynamodb:eu-west-1:222222222222:table/windows';
    const { job, template } = sinkJob(stack => [AnalyticsSink.toTable(dynamodb.Table.fromTableArn(stack, 'Windows', arn))]);

    expect(propertyGroupsOf(template(), job)['Sink.table']).toEqual({ 'sink.type': 'dynamodb', 'table.name': 'windows', 'table.arn': arn, 'aws.region': 'eu-west-1' });
  });

  test('toTable with a customer-managed key: the key\'s wildcards acknowledged', () => {
    const { job } = sinkJob(stack => [AnalyticsSink.toTable(new dynamodb.Table(stack, 'Windows', {
      partitionKey: { name: 'store_id', type: dynamodb.AttributeType.STRING },
      encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
    }))]);

    const reason = 'aws-cdk-lib\'s grantWriteData lets the job use the sink table\'s one key.';
    expect(acknowledgedWildcards(job.role)).toEqual({ ...BASE_WILDCARDS, 'Action::kms:ReEncrypt*': reason, 'Action::kms:GenerateDataKey*': reason });
  });

  test('toDomain: HTTP POST and PUT on the index, its documents and _bulk, nothing else', () => {
    let domain!: opensearch.Domain;
    const { job, template } = sinkJob(stack => [AnalyticsSink.toDomain(domain = new opensearch.Domain(stack, 'Search', {
      version: opensearch.EngineVersion.OPENSEARCH_2_17,
    }), { index: 'order-windows' })]);
    const domainArn = getAtt(domain, 'Arn');

    expect(sinkStatements(template(), job)).toEqual([{
      Effect: 'Allow',
      Action: ['es:ESHttpPost', 'es:ESHttpPut'],
      Resource: [
        { 'Fn::Join': ['', [domainArn, '/order-windows']] },
        { 'Fn::Join': ['', [domainArn, '/order-windows/*']] },
        { 'Fn::Join': ['', [domainArn, '/_bulk']] },
      ],
    }]);
    expect(propertyGroupsOf(template(), job)['Sink.domain']).toEqual({
      'sink.type': 'opensearch',
      'domain.endpoint': { 'Fn::Join': ['', ['https://', getAtt(domain, 'DomainEndpoint')]] },
      'index': 'order-windows',
      'aws.region': 'us-east-1',
    });
    expect(acknowledgedWildcards(job.role)).toEqual({
      ...BASE_WILDCARDS,
      [`Resource::<${logicalId(domain)}.Arn>/order-windows/*`]: 'HTTP POST and PUT (es:ESHttpPost, es:ESHttpPut) on the documents of index \'order-windows\' only.',
    });
  });

  test('toDomain of a domain in another Region: its ARN as given, aws.region the domain\'s', () => {
    const { job, template } = sinkJob(stack => [AnalyticsSink.toDomain(opensearch.Domain.fromDomainAttributes(stack, 'Search', {
      domainArn: DOMAIN_ARN, domainEndpoint: 'search-abc.eu-west-1.es.amazonaws.com',
    }), { index: 'orders', name: 'search' })]);

    expect(sinkStatements(template(), job)).toEqual([{
      Effect: 'Allow',
      Action: ['es:ESHttpPost', 'es:ESHttpPut'],
      Resource: [`${DOMAIN_ARN}/orders`, `${DOMAIN_ARN}/orders/*`, `${DOMAIN_ARN}/_bulk`],
    }]);
    expect(propertyGroupsOf(template(), job)['Sink.search']).toEqual({
      'sink.type': 'opensearch', 'domain.endpoint': 'https://search-abc.eu-west-1.es.amazonaws.com', 'index': 'orders', 'aws.region': 'eu-west-1',
    });
    expect(Object.keys(acknowledgedWildcards(job.role))).toContain(`Resource::${DOMAIN_ARN}/orders/*`);
  });

  test('several sinks: one group each, in order, after Source; user groups after them, as given', () => {
    const { job, template } = sinkJob(stack => [
      AnalyticsSink.toStream(kinesis.Stream.fromStreamArn(stack, 'Out', 'arn:aws:kinesis:us-east-1:111111111111:stream/out'), { name: 'out' }),
      AnalyticsSink.toBucket(s3.Bucket.fromBucketName(stack, 'Lake', 'order-lake')),
    ], { propertyGroups: { 'Windows': { 'window.minutes': '1', 'allowed.lateness': 'PT10S' }, 'Job.Tuning': { 'buffer.size': '64' } } });

    const groups = propertyGroupsOf(template(), job);
    expect(Object.keys(groups)).toEqual(['Source', 'Sink.out', 'Sink.bucket', 'Windows', 'Job.Tuning']);
    expect(groups.Windows).toEqual({ 'window.minutes': '1', 'allowed.lateness': 'PT10S' });
    expect(groups['Job.Tuning']).toEqual({ 'buffer.size': '64' });
    expect(Object.keys(job.properties)).toEqual(['Source', 'Sink.out', 'Sink.bucket', 'Windows', 'Job.Tuning']);
    expect(job.properties.Windows).toEqual({ 'window.minutes': '1', 'allowed.lateness': 'PT10S' });
  });

  test('a sink of the user\'s own: its grant, its group, and its wildcards acknowledged with a default reason when it gives none', () => {
    class QueueSink extends AnalyticsSink {
      public readonly sinkName = 'alerts';
      public bind(job: iam.IGrantable): AnalyticsSinkConfig {
        job.grantPrincipal.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:us-east-1:111111111111:alerts*'] }));
        return {
          properties: { 'sink.type': 'sqs', 'queue.prefix': 'alerts' },
          services: ['sqs'],
          wildcardFindings: ['Resource::arn:aws:sqs:us-east-1:111111111111:alerts*'],
        };
      }
    }
    const { job, template } = sinkJob([new QueueSink()]);

    expect(sinkStatements(template(), job)).toEqual([{ Effect: 'Allow', Action: 'sqs:SendMessage', Resource: 'arn:aws:sqs:us-east-1:111111111111:alerts*' }]);
    expect(propertyGroupsOf(template(), job)['Sink.alerts']).toEqual({ 'sink.type': 'sqs', 'queue.prefix': 'alerts' });
    expect(acknowledgedWildcards(job.role)['Resource::arn:aws:sqs:us-east-1:111111111111:alerts*']).toBe('Granted for sink \'alerts\'.');
  });

  test('the application is created after every grant', () => {
    const { job, template } = sinkJob(stack => [AnalyticsSink.toBucket(s3.Bucket.fromBucketName(stack, 'Lake', 'order-lake'))]);

    expect(resourceOf(template(), job.application).DependsOn).toContain(logicalId(job.role.node.findChild('DefaultPolicy')));
  });
});
