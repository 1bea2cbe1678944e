import { Stack } from 'aws-cdk-lib';
import { ColumnType, SchemaRegistry, StreamSchema } from '../../src/schema';
import { testStack } from '../app-fixture';

export { expectInputError } from '../input-errors';
export { getAtt, logicalId, ref } from '../template-refs';

/** Construct paths errors start with. */
export const REGISTRY = 'TestStack/Registry';
export const SCHEMA = 'TestStack/Registry/Orders';

/**
 * An event with every column type: nullable and not, with and without comments, a
 * multi-line comment with quotes, a decimal, an array and an array of arrays.
 */
export function orderPlaced(): StreamSchema {
  return new StreamSchema({
    name: 'OrderPlaced',
    description: 'An order was placed.',
    columns: [
      { name: 'order_id', type: ColumnType.STRING, nullable: false, comment: 'The order\'s id.' },
      { name: 'quantity', type: ColumnType.INT, nullable: false },
      { name: 'customer_seq', type: ColumnType.BIGINT },
      { name: 'weight_kg', type: ColumnType.DOUBLE },
      { name: 'gift', type: ColumnType.BOOLEAN },
      { name: 'placed_at', type: ColumnType.TIMESTAMP, nullable: false, comment: 'When the "order" was placed.\nIn UTC.' },
      { name: 'ship_on', type: ColumnType.DATE },
      { name: 'amount', type: ColumnType.decimal(12, 2), comment: 'Total, tax included.' },
      { name: 'tags', type: ColumnType.array(ColumnType.STRING) },
      { name: 'line_prices', type: ColumnType.array(ColumnType.array(ColumnType.decimal(9, 2))), nullable: false },
    ],
  });
}

/** The smallest event: one nullable string, no description. */
export function ping(): StreamSchema {
  return new StreamSchema({ name: 'Ping', columns: [{ name: 'id', type: ColumnType.STRING }] });
}

/** A fresh stack with a `SchemaRegistry` 'Registry'. */
export function registryIn(): { stack: Stack; registry: SchemaRegistry } {
  const stack = testStack();
  return { stack, registry: new SchemaRegistry(stack, 'Registry') };
}
