import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { StreamingIngest, StreamingIngestProps } from '../../src';
import { ArchiveToLake, ArchiveToLakeProps } from '../../src/archive';
import { RegistrySchema, SchemaRegistry } from '../../src/schema';
import { ColumnType } from '../../src/schema/column-type';
import { StreamSchema } from '../../src/schema/stream-schema';
import { testStack } from '../app-fixture';
import { expectInputError } from '../input-errors';
import { getAtt, logicalId, ref } from '../template-refs';

export { expectInputError, getAtt, logicalId, ref };

/** Construct path of the lake every fixture creates: errors, warnings and alarm labels start with it. */
export const LAKE = 'TestStack/Archive';
/** How reader messages name the `StreamingIngest` 'Ingest'. */
export const INGEST = 'TestStack/Ingest';

export const DELIVERY_STREAM = 'AWS::KinesisFirehose::DeliveryStream';
export const ALARM = 'AWS::CloudWatch::Alarm';

/** The date folders under every prefix, written out here so that a change in src shows. */
export const DATE_FOLDERS = 'year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/';
/** The default error prefix. */
export const ERROR_PREFIX = `errors/!{firehose:error-output-type}/${DATE_FOLDERS}`;

/** Warning ids, as `[ack: ...]` shows them. */
export const WARNING = {
  tooManyPollingReaders: 'cdk-streaming-pipelines:StreamSource:tooManyPollingReaders',
  registryEncodedRecords: 'cdk-streaming-pipelines:ArchiveToLake:registryEncodedRecords',
} as const;

/** The processor that newline-delimits records (JSON lakes). */
export const APPEND_DELIMITER = { Type: 'AppendDelimiterToRecord', Parameters: [] };

/** The processor extracting the partition values with `query` (`partitionBy`). */
export function metadataExtraction(query: string): object {
  return {
    Type: 'MetadataExtraction',
    Parameters: [
      { ParameterName: 'MetadataExtractionQuery', ParameterValue: query },
      { ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' },
    ],
  };
}

/** `OrderPlaced`: a string, a decimal(12,2), an array of strings and a timestamp. */
export function orderPlaced(): StreamSchema {
  return new StreamSchema({
    name: 'OrderPlaced',
    description: 'An order a customer placed',
    columns: [
      { name: 'order_id', type: ColumnType.STRING, nullable: false, comment: 'The order\'s id' },
      { name: 'amount', type: ColumnType.decimal(12, 2) },
      { name: 'tags', type: ColumnType.array(ColumnType.STRING) },
      { name: 'placed_at', type: ColumnType.TIMESTAMP },
    ],
  });
}

/** Schema 'Orders' (`orderPlaced()`) of a new `SchemaRegistry` 'Registry' in `stack`. */
export function registeredOrders(stack: Stack): RegistrySchema {
  return new SchemaRegistry(stack, 'Registry').addSchema('Orders', { schema: orderPlaced() });
}

/** A lake fixture: the stack, the lake at `TestStack/Archive`, and its source when it has one. */
export interface LakeFixture {
  readonly stack: Stack;
  readonly lake: ArchiveToLake;
  readonly ingest?: StreamingIngest;
  readonly template: () => Template;
}

/** A lake of `StreamingIngest` 'Ingest' (24 h retention unless `ingestProps` say otherwise). */
export function lakeOfIngest(props: Omit<ArchiveToLakeProps, 'source'> = {}, ingestProps: StreamingIngestProps = {}): LakeFixture & {
  readonly ingest: StreamingIngest;
} {
  const stack = testStack();
  const ingest = new StreamingIngest(stack, 'Ingest', ingestProps);
  const lake = new ArchiveToLake(stack, 'Archive', { source: ingest, ...props });
  return { stack, ingest, lake, template: () => Template.fromStack(stack) };
}

/** A lake of `StreamingIngest` 'Ingest' whose events are registered: schema 'Orders' of `SchemaRegistry` 'Registry'. */
export function lakeOfRegisteredIngest(props: Omit<ArchiveToLakeProps, 'source'> = {}): LakeFixture & {
  readonly ingest: StreamingIngest;
} {
  const stack = testStack();
  const ingest = new StreamingIngest(stack, 'Ingest', { schema: registeredOrders(stack) });
  const lake = new ArchiveToLake(stack, 'Archive', { source: ingest, ...props });
  return { stack, ingest, lake, template: () => Template.fromStack(stack) };
}

/** A direct-PUT lake (no source). */
export function directPutLake(props: ArchiveToLakeProps = {}): LakeFixture {
  const stack = testStack();
  const lake = new ArchiveToLake(stack, 'Archive', props);
  return { stack, lake, template: () => Template.fromStack(stack) };
}

/** Builds the lake `props(stack)` describes in a fresh stack, for `test.each` over invalid inputs. */
export function buildLake(props: (stack: Stack) => ArchiveToLakeProps): () => ArchiveToLake {
  return () => {
    const stack = testStack();
    return new ArchiveToLake(stack, 'Archive', props(stack));
  };
}

/** A statement of an IAM policy, as the template has it. */
export interface PolicyStatementJson {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** The statements of the one policy of the role the (only) delivery stream delivers with. */
export function deliveryRoleStatements(template: Template): PolicyStatementJson[] {
  const deliveryStream = Object.values(template.findResources(DELIVERY_STREAM))[0];
  const role = deliveryStream.Properties.ExtendedS3DestinationConfiguration.RoleARN['Fn::GetAtt'][0];
  const policies = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } }));
  expect(policies).toHaveLength(1);
  return policies[0].Properties.PolicyDocument.Statement;
}

/**
 * Using `keyArn` through S3 in us-east-1 for the bucket (its S3 Bucket Key) and the
 * objects under `folders`, with the actions Firehose's access-control guide lists.
 */
export function s3KeyStatement(stack: Stack, keyArn: unknown, bucket: s3.IBucket, folders = ['events/', 'errors/']): PolicyStatementJson {
  return {
    Effect: 'Allow',
    Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
    Resource: keyArn,
    Condition: {
      StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
      StringLike: {
        'kms:EncryptionContext:aws:s3:arn': [bucket.bucketArn, ...folders.map(f => bucket.arnForObjects(`${f}*`))].map(a => stack.resolve(a)),
      },
    },
  };
}
