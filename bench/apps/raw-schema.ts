/**
 * The raw variant's governance layer: the Glue Schema Registry of the library's
 * reference pipeline (examples/reference-pipeline.ts, `SchemaRegistry` 'Schemas' with
 * the `OrderPlaced` schema of examples/order-events.ts) written by hand with
 * aws-cdk-lib's L1 constructs, as there are no L2 ones.
 *
 * The JSON Schema the library renders from its `StreamSchema` is written out here as a
 * literal. Nothing is imported from src/ or examples/.
 */
import { Names } from 'aws-cdk-lib';
import * as glue from 'aws-cdk-lib/aws-glue';
import { Construct } from 'constructs';

/**
 * The orders' event as a JSON Schema (draft-07): non-null fields required, the optional
 * one nullable, timestamps as epoch milliseconds or UTC ISO-8601 strings.
 */
const ORDER_PLACED_JSON_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'OrderPlaced',
  description: 'A customer placed an order',
  type: 'object',
  properties: {
    order_id: { type: 'string' },
    customer_id: { type: 'string' },
    amount: { type: 'number', description: 'Order total in the currency below' },
    currency: { type: 'string' },
    items: { type: ['array', 'null'], items: { type: 'string' }, description: 'SKUs' },
    // Epoch milliseconds or UTC ISO-8601, the forms Firehose's Parquet conversion reads.
    placed_at: { type: ['integer', 'string'], pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$' },
  },
  required: ['order_id', 'customer_id', 'amount', 'currency', 'placed_at'],
  additionalProperties: true,
};

/** Adds the registry and the orders' schema as construct `Schemas` under `scope`. */
export function addSchemaRegistry(scope: Construct): void {
  const schemas = new Construct(scope, 'Schemas');
  const registry = new glue.CfnRegistry(schemas, 'Resource', {
    // Registry names are unique per account and region: derived from the construct path.
    name: Names.uniqueResourceName(schemas, { maxLength: 255, allowedSpecialCharacters: '-_.' }),
    description: 'Event formats of the reference pipeline',
  });
  new glue.CfnSchema(schemas, 'OrderPlaced', {
    name: 'OrderPlaced',
    registry: { arn: registry.attrArn },
    dataFormat: 'JSON',
    compatibility: 'BACKWARD',
    schemaDefinition: JSON.stringify(ORDER_PLACED_JSON_SCHEMA),
    description: 'A customer placed an order',
  });
}
