import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { IConstruct } from 'constructs';
import { AggregateToTable, AggregateToTableProps, StreamingIngest, StreamingIngestProps } from '../../src';
import { ColumnType, SchemaRegistry, StreamSchema } from '../../src/schema';
import { testStack } from '../app-fixture';
import { expectInputError } from '../input-errors';
import { getAtt, logicalId, ref } from '../template-refs';

export { expectInputError, getAtt, logicalId, ref };

/** Construct path of the aggregate every fixture creates: its errors start with it. */
export const AGG = 'TestStack/Agg';
/** Construct path of its consumer: errors about the shard read options start with it. */
export const AGG_CONSUMER = `${AGG}/Consumer`;
/** How messages name the `StreamingIngest` 'Ingest'. */
export const INGEST = 'TestStack/Ingest';

/** The failure store's default key prefix. */
export const FAILURE_PREFIX = 'aggregate-failures/';

/** Warning ids, as `[ack: ...]` shows them and `acknowledgeWarning()` takes them. */
export const WARNING = {
  registryEncodedRecords: 'cdk-streaming-pipelines:AggregateToTable:registryEncodedRecords',
} as const;

/** The props every fixture passes unless told otherwise: per `customerId` over 1-minute windows. */
export const BASE_PROPS = { keyField: 'customerId', window: Duration.minutes(1) } as const;

/** Aggregate props without the source, which the fixtures supply. */
export type AggregateOptions = Partial<AggregateToTableProps>;

/** A stack and a `StreamingIngest` 'Ingest' in it. */
export interface SinkFixture {
  readonly stack: Stack;
  readonly ingest: StreamingIngest;
}

/** A fresh stack with `StreamingIngest` 'Ingest' (24 h retention, on demand unless `ingestProps` say otherwise). */
export function sinkFixture(ingestProps: StreamingIngestProps = {}): SinkFixture {
  const stack = testStack();
  return { stack, ingest: new StreamingIngest(stack, 'Ingest', ingestProps) };
}

/**
 * A fresh stack with `StreamingIngest` 'Ingest' whose events are registered: schema 'Orders'
 * (a customer and an amount) of `SchemaRegistry` 'Registry'.
 */
export function registeredSinkFixture(): SinkFixture {
  const stack = testStack();
  const schema = new SchemaRegistry(stack, 'Registry').addSchema('Orders', {
    schema: new StreamSchema({
      name: 'OrderPlaced',
      columns: [{ name: 'customerid', type: ColumnType.STRING }, { name: 'amount', type: ColumnType.DOUBLE }],
    }),
  });
  return { stack, ingest: new StreamingIngest(stack, 'Ingest', { schema }) };
}

/** An `AggregateToTable` of the fixture's stream at `TestStack/<id>`, with `BASE_PROPS` unless `options` override them. */
export function addAggregate(f: SinkFixture, options: AggregateOptions = {}, id = 'Agg'): AggregateToTable {
  return new AggregateToTable(f.stack, id, { source: f.ingest, ...BASE_PROPS, ...options });
}

/** A fixture with one aggregate `TestStack/Agg`. */
export function aggregateIn(options: AggregateOptions = {}, ingestProps: StreamingIngestProps = {}): SinkFixture & {
  readonly agg: AggregateToTable;
  readonly template: () => Template;
} {
  const fixture = sinkFixture(ingestProps);
  const agg = addAggregate(fixture, options);
  return { ...fixture, agg, template: () => Template.fromStack(fixture.stack) };
}

/** The role of the aggregate's function. */
export function functionRole(agg: AggregateToTable): iam.Role {
  return (agg.function as lambda.Function).role as iam.Role;
}

/** One statement of an IAM policy document as the template renders it. */
export interface PolicyStatement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
}

/** The statements of the default policy of the aggregate's function role. */
export function functionStatements(template: Template, agg: AggregateToTable): PolicyStatement[] {
  const policy = functionRole(agg).node.findChild('DefaultPolicy');
  const resource = template.toJSON().Resources[logicalId(policy)];
  return resource.Properties.PolicyDocument.Statement;
}

/** The actions `statements` allow on `resource` (compared as rendered, e.g. a `Fn::GetAtt`). */
export function actionsOn(statements: PolicyStatement[], resource: unknown): string[] {
  const key = JSON.stringify(resource);
  return statements
    .filter(s => s.Effect === 'Allow')
    .filter(s => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).some(r => JSON.stringify(r) === key))
    .flatMap(s => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

/** The `AGGREGATE_CONFIG` the aggregate's function receives, parsed. */
export function aggregateConfig(template: Template, agg: AggregateToTable): unknown {
  const fn = template.toJSON().Resources[logicalId(agg.function)];
  return JSON.parse(fn.Properties.Environment.Variables.AGGREGATE_CONFIG);
}

/** The rules acknowledged on a construct itself (`Validations.of(c).acknowledge()`), one entry per call. */
export function acknowledgements(construct: IConstruct): unknown[] {
  return construct.node.metadata.filter(m => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map(m => m.data);
}

/** `<bucket ARN>/<keys>` as the template renders `bucket.arnForObjects(keys)` of a bucket whose ARN renders as `bucketArn`. */
export function objectsArn(bucketArn: unknown, keys: string): unknown {
  return { 'Fn::Join': ['', [bucketArn, `/${keys}`]] };
}

/** The properties of the aggregate's alarm `id` (a child of the aggregate) as the template renders them. */
export function alarmProperties(template: Template, agg: AggregateToTable, id: string): Record<string, any> {
  return template.toJSON().Resources[logicalId(agg.node.findChild(id))].Properties;
}
