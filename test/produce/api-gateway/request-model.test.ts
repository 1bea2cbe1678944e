import { Template } from 'aws-cdk-lib/assertions';
import { PRODUCER, producerOfOrders } from './producer-helpers';
import { ColumnType, PartitionKey, SchemaRegistry, StreamingIngest, StreamSchema } from '../../../src';
import { ApiGatewayProducer } from '../../../src/produce';
import { testStack } from '../../app-fixture';
import { expectInputError } from '../../input-errors';
import { logicalId } from '../../template-refs';

const ORDER_PLACED = new StreamSchema({
  name: 'OrderPlaced',
  description: 'An order was placed',
  columns: [
    { name: 'order_id', type: ColumnType.STRING, nullable: false },
    { name: 'customer_id', type: ColumnType.BIGINT },
    { name: 'amount', type: ColumnType.decimal(12, 2), comment: 'in EUR' },
    { name: 'quantity', type: ColumnType.INT, nullable: false },
    { name: 'placed_at', type: ColumnType.TIMESTAMP },
    { name: 'day', type: ColumnType.DATE },
    { name: 'gift', type: ColumnType.BOOLEAN },
    { name: 'tags', type: ColumnType.array(ColumnType.STRING) },
  ],
});

/** The rendered JSON Schema of a producer's model. */
function schemaOf(template: Template, model: any): any {
  return template.toJSON().Resources[logicalId(model)].Properties.Schema;
}

describe('the request model', () => {
  test('from a StreamSchema: draft-04, each column typed, non-nullable columns and the key field required, other fields allowed', () => {
    const { producer, template } = producerOfOrders(() => ({ schema: ORDER_PLACED, partitionKey: PartitionKey.field('customer_id') }));
    expect(schemaOf(template(), producer.recordModel)).toEqual({
      $schema: 'http://json-schema.org/draft-04/schema#',
      title: 'OrderPlaced',
      description: 'An order was placed',
      type: 'object',
      properties: {
        order_id: { type: 'string' },
        customer_id: { type: 'integer' },
        amount: { type: ['number', 'null'], description: 'in EUR' },
        quantity: { type: 'integer', minimum: -2147483648, maximum: 2147483647 },
        placed_at: { type: ['integer', 'string', 'null'], pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$' },
        day: { type: ['string', 'null'], pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
        gift: { type: ['boolean', 'null'] },
        tags: { type: ['array', 'null'], items: { type: 'string' } },
      },
      required: ['order_id', 'customer_id', 'quantity'],
      additionalProperties: true,
    });
  });

  test('a string key column is 1-256 characters', () => {
    const { producer, template } = producerOfOrders(() => ({ schema: ORDER_PLACED, partitionKey: PartitionKey.field('order_id') }));
    expect(schemaOf(template(), producer.recordModel).properties.order_id).toEqual({ type: 'string', minLength: 1, maxLength: 256 });
  });

  test('the batch model: {"records": [...]}, 1-500 records of the record schema, nothing else', () => {
    const { producer, template } = producerOfOrders(() => ({ schema: ORDER_PLACED, partitionKey: PartitionKey.field('order_id') }));
    const record = schemaOf(template(), producer.recordModel);
    const { $schema, title, ...items } = record;
    expect(schemaOf(template(), producer.batchModel)).toEqual({
      $schema,
      title: 'OrderPlacedBatch',
      type: 'object',
      properties: { records: { type: 'array', minItems: 1, maxItems: 500, items } },
      required: ['records'],
      additionalProperties: false,
    });
  });

  test('the source\'s registered schema is used when no schema is given', () => {
    const stack = testStack();
    const schema = new SchemaRegistry(stack, 'Registry').addSchema('Orders', { schema: ORDER_PLACED });
    const ingest = new StreamingIngest(stack, 'Ingest', { schema });
    const producer = new ApiGatewayProducer(stack, 'Orders', { source: ingest, recordsPerSecond: 10, partitionKey: PartitionKey.field('order_id') });
    expect(schemaOf(Template.fromStack(stack), producer.recordModel).title).toBe('OrderPlaced');
  });

  test('without a schema: an object with the key field, nested along a dotted path', () => {
    const { producer, template } = producerOfOrders(() => ({ partitionKey: PartitionKey.field('customer.id') }));
    expect(schemaOf(template(), producer.recordModel)).toEqual({
      $schema: 'http://json-schema.org/draft-04/schema#',
      title: 'Record',
      type: 'object',
      properties: {
        customer: {
          type: 'object',
          properties: { id: { type: ['string', 'integer'], minLength: 1, maxLength: 256 } },
          required: ['id'],
          additionalProperties: true,
        },
      },
      required: ['customer'],
      additionalProperties: true,
    });
  });

  test('without a schema and a random key: any object', () => {
    const { producer, template } = producerOfOrders(() => ({ partitionKey: PartitionKey.random() }));
    expect(schemaOf(template(), producer.recordModel)).toEqual({
      $schema: 'http://json-schema.org/draft-04/schema#', title: 'Record', type: 'object', additionalProperties: true,
    });
  });

  test.each([
    ['customerId', 'not a column', '`partitionKey` field \'customerId\' is not a column of schema \'OrderPlaced\' (columns: order_id, customer_id, '
      + 'amount, quantity, placed_at, day, gift, tags): key by one of them, or give the `schema` that has it'],
    ['order_id.x', 'a dotted path', '`partitionKey` field \'order_id.x\' is not a column of schema \'OrderPlaced\' (columns: order_id, '
      + 'customer_id, amount, quantity, placed_at, day, gift, tags): key by one of them, or give the `schema` that has it'],
    ['amount', 'a decimal column', '`partitionKey` field \'amount\' is a decimal(12,2) column of schema \'OrderPlaced\': a partition key is '
      + 'a string of 1-256 characters, so key by a string, int or bigint column'],
  ])('a key field %j (%s) is refused', (field, _, message) => {
    expectInputError(() => producerOfOrders(() => ({ schema: ORDER_PLACED, partitionKey: PartitionKey.field(field) })), `${PRODUCER}: ${message}`);
  });
});
