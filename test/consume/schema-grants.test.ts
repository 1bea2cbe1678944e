import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import {
  addConsumer, ConsumerFixture, ConsumerOptions, defaultPolicyId, getAtt, ingestFixture, logicalId, newHandler, ref,
} from './consumer-helpers';
import { AggregateToTable, ShardConsumer, StreamingIngest } from '../../src';
import { SchemaRegistry } from '../../src/schema';
import { testStack } from '../app-fixture';
import { ping } from '../schema/schema-fixtures';

const ROLE_ARN = 'arn:aws:iam::111111111111:role/orders-handler';
const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:111111111111:function:orders-handler';
/** What a deserializer is granted: version lookups by id, which Glue cannot scope. */
const SCHEMA_READ = { Effect: 'Allow', Action: 'glue:GetSchemaVersion', Resource: '*' };

/** A consumer fixture whose `StreamingIngest` 'Ingest' carries schema 'Orders' of `SchemaRegistry` 'Registry'. */
function schemaIngestFixture(): ConsumerFixture {
  const stack = testStack();
  const schema = new SchemaRegistry(stack, 'Registry').addSchema('Orders', { schema: ping() });
  return { stack, ingest: new StreamingIngest(stack, 'Ingest', { schema }), handler: newHandler(stack) };
}

/** The statements of the default policy of a function's role. */
function handlerStatements(template: Template, handler: lambda.Function): Array<{ Action: string | string[] }> {
  return template.toJSON().Resources[defaultPolicyId(handler)].Properties.PolicyDocument.Statement;
}

/** Every action of `statements`. */
function actionsOf(statements: Array<{ Action: string | string[] }>): string[] {
  return statements.flatMap(s => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

/** Every glue action in the stack's IAM policies. */
function glueActions(stack: Stack): string[] {
  return Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .flatMap(policy => actionsOf(policy.Properties.PolicyDocument.Statement))
    .filter(action => action.startsWith('glue:'));
}

describe('a ShardConsumer of a stream with a schema', () => {
  test.each<[string, ConsumerOptions]>([
    ['polling', { readsSchema: true }],
    ['enhanced fan-out', { readsSchema: true, enhancedFanOut: true }],
  ])('%s with readsSchema: the handler may fetch schema versions (glue:GetSchemaVersion on *), before its mapping is created', (_name, options) => {
    const f = schemaIngestFixture();
    const consumer = addConsumer(f, options);
    const template = Template.fromStack(f.stack);

    expect(consumer.streamConsumer !== undefined).toBe(options.enhancedFanOut === true);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(f.handler.role!)],
      PolicyDocument: { Statement: Match.arrayWith([SCHEMA_READ]) },
    });
    template.hasResource('AWS::Lambda::EventSourceMapping', {
      Properties: { FunctionName: ref(f.handler) },
      DependsOn: Match.arrayWith([defaultPolicyId(f.handler)]),
    });
    expect(actionsOf(handlerStatements(template, f.handler)).filter(a => a.startsWith('glue:'))).toEqual(['glue:GetSchemaVersion']);
    expect(glueActions(f.stack)).toEqual(['glue:GetSchemaVersion']);
  });

  test.each<[string, ConsumerOptions]>([
    ['polling by default', {}],
    ['enhanced fan-out by default', { enhancedFanOut: true }],
    ['polling with readsSchema false', { readsSchema: false }],
    ['enhanced fan-out with readsSchema false', { readsSchema: false, enhancedFanOut: true }],
  ])('%s: no glue action, the stream read still granted', (_name, options) => {
    const f = schemaIngestFixture();
    addConsumer(f, options);
    const template = Template.fromStack(f.stack);

    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(f.handler.role!)],
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['kinesis:GetRecords']), Resource: getAtt(f.ingest.stream, 'Arn') })]),
      },
    });
    expect(glueActions(f.stack)).toEqual([]);
  });

  test('each consumer\'s handler is granted, and only those that read the schema', () => {
    const f = schemaIngestFixture();
    addConsumer(f, { readsSchema: true });
    const efo = addConsumer(f, { readsSchema: true, enhancedFanOut: true }, 'Fanned');
    const raw = addConsumer(f, {}, 'Raw');
    const template = Template.fromStack(f.stack);
    const glueOf = (c: ShardConsumer) => {
      const handler = c.node.scope!.node.findChild(`${c.node.id}Handler`) as lambda.Function;
      return actionsOf(handlerStatements(template, handler)).filter(a => a.startsWith('glue:'));
    };

    expect(actionsOf(handlerStatements(template, f.handler)).filter(a => a.startsWith('glue:'))).toEqual(['glue:GetSchemaVersion']);
    expect(glueOf(efo)).toEqual(['glue:GetSchemaVersion']);
    expect(glueOf(raw)).toEqual([]);
  });

  test('an imported handler\'s role is granted', () => {
    const f = schemaIngestFixture();
    const handler = lambda.Function.fromFunctionAttributes(f.stack, 'Imported', {
      functionArn: FUNCTION_ARN, role: iam.Role.fromRoleArn(f.stack, 'ImportedRole', ROLE_ARN),
    });
    new ShardConsumer(f.stack, 'Consumer', { source: f.ingest, handler, readsSchema: true });

    Template.fromStack(f.stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: ['orders-handler'],
      PolicyDocument: { Statement: Match.arrayWith([SCHEMA_READ]) },
    });
  });
});

describe('an AggregateToTable of a stream with a schema', () => {
  test('its function is granted no glue action: it reads JSON records', () => {
    const f = schemaIngestFixture();
    const agg = new AggregateToTable(f.stack, 'Agg', { source: f.ingest, keyField: 'customerId', window: Duration.minutes(1) });
    const template = Template.fromStack(f.stack);
    const role = (agg.function as lambda.Function).role as iam.Role;
    const statements = template.toJSON().Resources[logicalId(role.node.findChild('DefaultPolicy'))].Properties.PolicyDocument.Statement;

    expect(actionsOf(statements)).toEqual(expect.arrayContaining(['kinesis:GetRecords']));
    expect(actionsOf(statements).filter(a => a.startsWith('glue:'))).toEqual([]);
    expect(glueActions(f.stack)).toEqual([]);
  });
});

describe('without a schema', () => {
  test('no glue action anywhere: consumers (readsSchema true or not), an aggregate, the stream\'s grants', () => {
    const f = ingestFixture();
    addConsumer(f);
    addConsumer(f, { enhancedFanOut: true }, 'Fanned');
    addConsumer(f, { readsSchema: true }, 'Explicit');
    new AggregateToTable(f.stack, 'Agg', { source: f.ingest, keyField: 'customerId', window: Duration.minutes(1) });
    const role = new iam.Role(f.stack, 'App', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    f.ingest.grantRead(role);
    f.ingest.grantWrite(role);

    expect(f.ingest.schema).toBeUndefined();
    expect(Object.keys(Template.fromStack(f.stack).findResources('AWS::Lambda::EventSourceMapping'))).toHaveLength(4);
    expect(glueActions(f.stack)).toEqual([]);
  });
});
