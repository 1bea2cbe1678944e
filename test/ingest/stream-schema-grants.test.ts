import { Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IStreamSource, ShardConsumer, StreamingIngest, StreamingIngestProps, StreamSource } from '../../src';
import { RegistrySchema, SchemaRegistry } from '../../src/schema';
import { testStack } from '../app-fixture';
import { newHandler } from '../consume/consumer-helpers';
import { ping } from '../schema/schema-fixtures';
import { getAtt, ref } from '../template-refs';

const STREAM_ARN = 'arn:aws:kinesis:us-east-1:111111111111:stream/orders';
const KEY_ARN = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
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

interface ImportedSchemaFixture {
  readonly stack: Stack;
  readonly registry: SchemaRegistry;
  readonly schema: RegistrySchema;
  readonly source: IStreamSource;
  readonly role: iam.Role;
}

/** A registry with schema 'Orders', a stream from elsewhere ('Imported') given it through `fromStream()`, and a role. */
function importedSchemaFixture(stream?: (stack: Stack) => kinesis.IStream): ImportedSchemaFixture {
  const stack = testStack();
  const registry = new SchemaRegistry(stack, 'Registry');
  const schema = registry.addSchema('Orders', { schema: ping() });
  const imported = stream ? stream(stack) : kinesis.Stream.fromStreamArn(stack, 'Imported', STREAM_ARN);
  const source = StreamSource.fromStream(imported, { schema });
  const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  return { stack, registry, schema, source, role };
}

describe('StreamSource.fromStream() with a schema', () => {
  test('exposes it', () => {
    const { schema, source } = importedSchemaFixture();

    expect(source.schema).toBe(schema);
  });

  test('grantRead(): the stream, and glue:GetSchemaVersion on * to deserialize, as StreamingIngest grants', () => {
    const { stack, source, role } = importedSchemaFixture();

    expect(source.grantRead(role).success).toBe(true);
    expectStatements(stack, role, [
      SCHEMA_READ,
      Match.objectLike({ Effect: 'Allow', Action: Match.arrayWith(READ_ACTIONS), Resource: STREAM_ARN }),
    ]);
    expect(glueActions(stack)).toEqual(['glue:GetSchemaVersion']);
  });

  test('grantWrite(): the stream, and glue:GetSchemaByDefinition on the registry and the schema', () => {
    const { stack, registry, schema, source, role } = importedSchemaFixture();

    expect(source.grantWrite(role).success).toBe(true);
    expectStatements(stack, role, [
      { Effect: 'Allow', Action: 'glue:GetSchemaByDefinition', Resource: [getAtt(registry, 'Arn'), getAtt(schema, 'Arn')] },
      Match.objectLike({ Effect: 'Allow', Action: Match.arrayWith(WRITE_ACTIONS), Resource: STREAM_ARN }),
    ]);
    expect(glueActions(stack)).toEqual(['glue:GetSchemaByDefinition']);
  });

  test('with the stream\'s key: the stream, the key and the schema', () => {
    const { stack, source, role } = importedSchemaFixture(scope => kinesis.Stream.fromStreamAttributes(scope, 'Imported', {
      streamArn: STREAM_ARN, encryptionKey: kms.Key.fromKeyArn(scope, 'Key', KEY_ARN),
    }));
    source.grantRead(role);

    expectStatements(stack, role, [
      SCHEMA_READ,
      Match.objectLike({ Action: Match.arrayWith(READ_ACTIONS), Resource: STREAM_ARN }),
      Match.objectLike({ Action: 'kms:Decrypt', Resource: KEY_ARN }),
    ]);
  });

  test.each<[string, boolean]>([
    ['polling', false],
    ['enhanced fan-out', true],
  ])('a %s ShardConsumer of it that reads the schema grants its handler glue:GetSchemaVersion', (_name, enhancedFanOut) => {
    const { stack, source } = importedSchemaFixture();
    const handler = newHandler(stack);
    new ShardConsumer(stack, 'Consumer', { source, handler, enhancedFanOut, readsSchema: true });

    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(handler.role!)],
      PolicyDocument: { Statement: Match.arrayWith([SCHEMA_READ]) },
    });
    expect(glueActions(stack)).toEqual(['glue:GetSchemaVersion']);
  });

  test.each<[string, boolean | undefined]>([
    ['by default', undefined],
    ['with readsSchema false', false],
  ])('a ShardConsumer %s is granted no glue action', (_name, readsSchema) => {
    const { stack, source } = importedSchemaFixture();
    new ShardConsumer(stack, 'Consumer', { source, handler: newHandler(stack), readsSchema });

    expect(glueActions(stack)).toEqual([]);
  });

  test('each fromStream() of one stream carries its own schema, or none', () => {
    const { stack, schema, source } = importedSchemaFixture();
    const plain = StreamSource.fromStream(kinesis.Stream.fromStreamArn(stack, 'Again', STREAM_ARN));
    const handler = newHandler(stack);
    new ShardConsumer(stack, 'Consumer', { source: plain, handler });

    expect(source.schema).toBe(schema);
    expect(plain.schema).toBeUndefined();
    expect(glueActions(stack)).toEqual([]);
  });
});

describe('StreamSource.fromStream() without a schema', () => {
  test('has none, and grants no glue action', () => {
    const stack = testStack();
    const source = StreamSource.fromStream(kinesis.Stream.fromStreamArn(stack, 'Imported', STREAM_ARN));
    const role = new iam.Role(stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    source.grantRead(role);
    source.grantWrite(role);
    new ShardConsumer(stack, 'Consumer', { source, handler: newHandler(stack) });

    expect(source.schema).toBeUndefined();
    expect(glueActions(stack)).toEqual([]);
  });
});
