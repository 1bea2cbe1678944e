import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IStreamSource, StreamingIngest, StreamingIngestProps } from '../../src';
import { RegistrySchema, SchemaRegistry } from '../../src/schema';
import { testStack } from '../app-fixture';
import { ping } from '../schema/schema-fixtures';
import { getAtt, ref } from '../template-refs';

// In the order aws-cdk-lib writes them (Match.arrayWith keeps order).
const READ_ACTIONS = ['kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards'];
const WRITE_ACTIONS = ['kinesis:ListShards', 'kinesis:PutRecord', 'kinesis:PutRecords'];
/** What a deserializer is granted: version lookups by id, which Glue cannot scope. */
const SCHEMA_READ = { Effect: 'Allow', Action: 'glue:GetSchemaVersion', Resource: '*' };

interface SchemaFixture {
  readonly stack: Stack;
  readonly registry: SchemaRegistry;
  readonly schema: RegistrySchema;
  readonly ingest: StreamingIngest;
  readonly role: iam.Role;
}

/** A registry with schema 'Orders', `StreamingIngest` 'Ingest' of it, and a role to grant to. */
function schemaFixture(ingestProps: StreamingIngestProps = {}, stack = testStack()): SchemaFixture {
  const registry = new SchemaRegistry(stack, 'Registry');
  const schema = registry.addSchema('Orders', { schema: ping() });
  const ingest = new StreamingIngest(stack, 'Ingest', { schema, ...ingestProps });
  const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  return { stack, registry, schema, ingest, role };
}

/** The statements of the role's default policy. */
function expectStatements(stack: Stack, role: iam.Role, statements: object[]): void {
  Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
    Roles: [ref(role)],
    PolicyDocument: { Statement: statements },
  });
}

/** Every glue action in the stack's IAM policies. */
function glueActions(stack: Stack): string[] {
  return Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .flatMap(policy => policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>)
    .flatMap(statement => (Array.isArray(statement.Action) ? statement.Action : [statement.Action]))
    .filter(action => action.startsWith('glue:'));
}

describe('a StreamingIngest with a schema', () => {
  test('exposes it', () => {
    const { ingest, schema } = schemaFixture();

    expect(ingest.schema).toBe(schema);
    expect((ingest as IStreamSource).schema).toBe(schema);
  });

  test('grantRead(): the stream, and glue:GetSchemaVersion on * to deserialize, nothing to serialize', () => {
    const { stack, ingest, role } = schemaFixture();

    expect(ingest.grantRead(role).success).toBe(true);
    expectStatements(stack, role, [
      SCHEMA_READ,
      Match.objectLike({ Effect: 'Allow', Action: Match.arrayWith(READ_ACTIONS), Resource: getAtt(ingest.stream, 'Arn') }),
    ]);
    expect(glueActions(stack)).toEqual(['glue:GetSchemaVersion']);
  });

  test('grantWrite(): the stream, and glue:GetSchemaByDefinition on the registry and the schema, nothing to read versions', () => {
    const { stack, registry, schema, ingest, role } = schemaFixture();

    expect(ingest.grantWrite(role).success).toBe(true);
    expectStatements(stack, role, [
      { Effect: 'Allow', Action: 'glue:GetSchemaByDefinition', Resource: [getAtt(registry, 'Arn'), getAtt(schema, 'Arn')] },
      Match.objectLike({ Effect: 'Allow', Action: Match.arrayWith(WRITE_ACTIONS), Resource: getAtt(ingest.stream, 'Arn') }),
    ]);
    expect(glueActions(stack)).toEqual(['glue:GetSchemaByDefinition']);
  });

  test('grantRead() and grantWrite() through IStreamSource: both schema grants, once each', () => {
    const { stack, ingest, role } = schemaFixture();
    const source: IStreamSource = ingest;
    source.grantRead(role);
    source.grantWrite(role);

    expect(glueActions(stack).sort()).toEqual(['glue:GetSchemaByDefinition', 'glue:GetSchemaVersion']);
  });

  test('with a customer-managed key: the key and the schema', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key');
    const { ingest, role } = schemaFixture({ encryptionKey: key }, stack);
    ingest.grantRead(role);

    expectStatements(stack, role, [
      SCHEMA_READ,
      Match.objectLike({ Action: Match.arrayWith(READ_ACTIONS), Resource: getAtt(ingest.stream, 'Arn') }),
      Match.objectLike({ Action: 'kms:Decrypt', Resource: getAtt(key, 'Arn') }),
    ]);
  });

  test('two streams of one schema grant their readers separately', () => {
    const { stack, schema, ingest, role } = schemaFixture();
    const clicks = new StreamingIngest(stack, 'Clicks', { schema });
    const other = new iam.Role(stack, 'Other', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    ingest.grantRead(role);
    clicks.grantWrite(other);

    expectStatements(stack, role, [SCHEMA_READ, Match.objectLike({ Resource: getAtt(ingest.stream, 'Arn') })]);
    expectStatements(stack, other, [
      Match.objectLike({ Action: 'glue:GetSchemaByDefinition' }),
      Match.objectLike({ Resource: getAtt(clicks.stream, 'Arn') }),
    ]);
  });
});

describe('a StreamingIngest without a schema', () => {
  test('has none, and grants no glue action', () => {
    const stack = testStack();
    const ingest = new StreamingIngest(stack, 'Ingest');
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    ingest.grantRead(role);
    ingest.grantWrite(role);

    expect(ingest.schema).toBeUndefined();
    expectStatements(stack, role, [
      Match.objectLike({ Action: Match.arrayWith(READ_ACTIONS) }),
      Match.objectLike({ Action: Match.arrayWith(WRITE_ACTIONS) }),
    ]);
    expect(glueActions(stack)).toEqual([]);
  });
});
