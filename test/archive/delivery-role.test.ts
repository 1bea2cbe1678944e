import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  DELIVERY_STREAM, deliveryRoleStatements, getAtt, logicalId, orderPlaced, PolicyStatementJson, ref, s3KeyStatement,
} from './archive-helpers';
import { StreamingIngest, StreamSource } from '../../src';
import { ArchiveFormat, ArchiveToLake, ArchiveToLakeProps } from '../../src/archive';
import { testStack } from '../app-fixture';

/** Exactly what Firehose's access-control guide lists for an S3 destination. */
const S3_ACTIONS = [
  's3:AbortMultipartUpload', 's3:GetBucketLocation', 's3:GetObject', 's3:ListBucket', 's3:ListBucketMultipartUploads', 's3:PutObject',
];
const OBJECT_ACTIONS = ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'];
const BUCKET_ACTIONS = ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'];

function actions(statement: PolicyStatementJson): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

function allActions(statements: PolicyStatementJson[]): string[] {
  return statements.flatMap(actions);
}

/** How a lake is set up: its source, bucket and key, format and partitions. */
interface Setup {
  readonly source: boolean;
  readonly bucket?: (stack: Stack) => s3.IBucket;
  readonly key?: (stack: Stack) => kms.IKey;
  readonly props?: ArchiveToLakeProps;
}

const SETUPS: Array<[string, Setup]> = [
  ['a stream into a new bucket, JSON', { source: true }],
  ['direct PUT into a new bucket, JSON', { source: false }],
  ['a stream into a new bucket with a key, Parquet', { source: true, key: s => new kms.Key(s, 'LakeKey'), props: { format: ArchiveFormat.parquet(orderPlaced()) } }],
  ['direct PUT, Parquet with partitionBy', { source: false, props: { format: ArchiveFormat.parquet(orderPlaced()), partitionBy: ['customerId'] } }],
  ['a stream, JSON with partitionBy on two fields', { source: true, props: { partitionBy: ['customer.id', 'region'] } }],
  ['a stream into the user\'s bucket', { source: true, bucket: s => new s3.Bucket(s, 'MyLake') }],
  ['direct PUT into the user\'s KMS bucket', {
    source: false,
    bucket: s => new s3.Bucket(s, 'MyLake', { encryption: s3.BucketEncryption.KMS, encryptionKey: new kms.Key(s, 'BucketKey') }),
  }],
  ['a stream into an imported bucket with an imported key', {
    source: true,
    bucket: s => s3.Bucket.fromBucketName(s, 'MyLake', 'my-lake'),
    key: s => kms.Key.fromKeyArn(s, 'LakeKey', 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab'),
  }],
];

function build(setup: Setup): { stack: Stack; lake: ArchiveToLake; template: Template } {
  const stack = testStack();
  const lake = new ArchiveToLake(stack, 'Archive', {
    source: setup.source ? new StreamingIngest(stack, 'Ingest') : undefined,
    bucket: setup.bucket?.(stack),
    encryptionKey: setup.key?.(stack),
    ...setup.props,
  });
  return { stack, lake, template: Template.fromStack(stack) };
}

describe.each(SETUPS)('the delivery role of %s', (_name, setup) => {
  test('grants no delete, retention, legal hold or wildcard action', () => {
    const { template } = build(setup);
    const granted = allActions(deliveryRoleStatements(template));

    expect(granted.filter(a => /^s3:(Delete|PutObjectRetention|PutObjectLegalHold|PutBucket|BypassGovernance)/.test(a))).toEqual([]);
    expect(granted.filter(a => a.includes('*'))).toEqual([]);
  });

  test('grants exactly the S3 actions Firehose documents, bucket actions on the bucket, object actions under the data and error folders', () => {
    const { stack, lake, template } = build(setup);
    const statements = deliveryRoleStatements(template);
    const s3Statements = statements.filter(st => actions(st).some(a => a.startsWith('s3:')));

    expect([...new Set(allActions(s3Statements))].sort()).toEqual(S3_ACTIONS);
    expect(s3Statements).toEqual([
      { Effect: 'Allow', Action: BUCKET_ACTIONS, Resource: stack.resolve(lake.bucket.bucketArn) },
      {
        Effect: 'Allow',
        Action: OBJECT_ACTIONS,
        Resource: [stack.resolve(lake.bucket.arnForObjects('events/*')), stack.resolve(lake.bucket.arnForObjects('errors/*'))],
      },
    ]);
  });

  test('uses a key only through S3, for the lake\'s folders and bucket key', () => {
    const { stack, lake, template } = build(setup);
    const key = setup.key ? lake.encryptionKey : lake.bucket.encryptionKey;
    const kmsStatements = deliveryRoleStatements(template).filter(st => actions(st).some(a => a.startsWith('kms:')));
    const s3KeyStatements = kmsStatements.filter(st => JSON.stringify(st.Condition).includes('s3.us-east-1'));

    expect(s3KeyStatements).toEqual(key ? [s3KeyStatement(stack, stack.resolve(key.keyArn), lake.bucket)] : []);
    for (const statement of kmsStatements) {
      expect(statement.Condition?.StringEquals?.['kms:ViaService']).toMatch(/^(s3|kinesis)\.us-east-1\.amazonaws\.com$/);
    }
  });

  test('reads the Glue table by ARN and never the schema registry', () => {
    const { template } = build(setup);
    const glueStatements = deliveryRoleStatements(template).filter(st => actions(st).some(a => a.startsWith('glue:')));

    if (!setup.props?.format) {
      expect(glueStatements).toEqual([]);
      return;
    }
    const table = Object.keys(template.findResources('AWS::Glue::Table'))[0];
    const arn = (resource: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:glue:us-east-1:111111111111:${resource}`]] });
    const database = Object.values(template.findResources('AWS::Glue::Table'))[0].Properties.DatabaseName;
    expect(glueStatements).toEqual([{
      Effect: 'Allow',
      Action: ['glue:GetTable', 'glue:GetTableVersion', 'glue:GetTableVersions'],
      Resource: [
        arn('catalog'),
        arn(`database/${database}`),
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:glue:us-east-1:111111111111:table/${database}/`, { Ref: table }]] },
      ],
    }]);
  });

  test('reads the stream (with a source) and writes delivery errors to its own log stream', () => {
    const { stack, lake, template } = build(setup);
    const statements = deliveryRoleStatements(template);
    const kinesisStatements = statements.filter(st => actions(st).some(a => a.startsWith('kinesis:')));
    const logStatements = statements.filter(st => actions(st).some(a => a.startsWith('logs:')));
    const logging = Object.values(template.findResources(DELIVERY_STREAM))[0]
      .Properties.ExtendedS3DestinationConfiguration.CloudWatchLoggingOptions;

    expect(kinesisStatements).toHaveLength(setup.source ? 1 : 0);
    expect(logging.Enabled).toBe(true);
    expect(logStatements).toEqual([{
      Effect: 'Allow',
      Action: 'logs:PutLogEvents',
      Resource: {
        'Fn::Join': ['', [
          'arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:111111111111:log-group:', logging.LogGroupName,
          ':log-stream:', logging.LogStreamName,
        ]],
      },
    }]);
    expect(stack.resolve(lake.deliveryRole.roleArn)).toEqual(getAtt(lake.deliveryRole, 'Arn'));
  });

  test('the delivery stream is created after the policy, with the one role for source and destination', () => {
    const { lake, template } = build(setup);
    const [deliveryStream] = Object.values(template.findResources(DELIVERY_STREAM));
    const policies = Object.keys(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [ref(lake.deliveryRole)] } }));

    expect(policies).toHaveLength(1);
    expect(deliveryStream.DependsOn).toContain(policies[0]);
    expect(deliveryStream.Properties.ExtendedS3DestinationConfiguration.RoleARN).toEqual(getAtt(lake.deliveryRole, 'Arn'));
    if (setup.source) {
      expect(deliveryStream.Properties.KinesisStreamSourceConfiguration.RoleARN).toEqual(getAtt(lake.deliveryRole, 'Arn'));
    }
  });

  test('no IAM policy in the template lets a role Firehose can assume delete anything', () => {
    const { template } = build(setup);
    const firehoseRoles = Object.entries(template.findResources('AWS::IAM::Role'))
      .filter(([, role]) => JSON.stringify(role.Properties.AssumeRolePolicyDocument).includes('firehose.amazonaws.com'))
      .map(([id, role]) => {
        expect(role.Properties.Policies).toBeUndefined();
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
        return id;
      });
    expect(firehoseRoles).toHaveLength(1);
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
      if (!firehoseRoles.some(id => JSON.stringify(policy.Properties.Roles).includes(`"${id}"`))) {
        continue;
      }
      const granted = (policy.Properties.PolicyDocument.Statement as PolicyStatementJson[]).flatMap(actions);
      expect(granted.filter(a => /Delete|^s3:\*$|^\*$/.test(a))).toEqual([]);
    }
  });
});

describe('the delivery role\'s folders', () => {
  test('custom folders: object actions under them only', () => {
    const { stack, lake, template } = build({ source: true, props: { prefix: 'lake/orders/', errorPrefix: 'lake/failed/' } });

    expect(deliveryRoleStatements(template)).toContainEqual({
      Effect: 'Allow',
      Action: OBJECT_ACTIONS,
      Resource: [stack.resolve(lake.bucket.arnForObjects('lake/orders/*')), stack.resolve(lake.bucket.arnForObjects('lake/failed/*'))],
    });
  });

  test('a stream encrypted with its own key: decrypt through Kinesis, for that stream only', () => {
    const stack = testStack();
    const streamKey = new kms.Key(stack, 'StreamKey');
    const stream = new kinesis.Stream(stack, 'Orders', { encryption: kinesis.StreamEncryption.KMS, encryptionKey: streamKey });
    const lake = new ArchiveToLake(stack, 'Archive', { source: StreamSource.fromStream(stream) });

    expect(deliveryRoleStatements(Template.fromStack(stack))).toContainEqual({
      Effect: 'Allow',
      Action: 'kms:Decrypt',
      Resource: getAtt(streamKey, 'Arn'),
      Condition: {
        StringEquals: {
          'kms:ViaService': 'kinesis.us-east-1.amazonaws.com',
          'kms:EncryptionContext:aws:kinesis:arn': getAtt(stream, 'Arn'),
        },
      },
    });
    expect(logicalId(lake.deliveryRole)).toMatch(/^ArchiveDeliveryRole/);
  });
});
