import { orderPlaced, ping } from './schema-fixtures';
import { ColumnType, StreamSchema } from '../../src/schema';
import { jsonSchemaDefinition } from '../../src/schema/json-schema-definition';

describe('jsonSchemaDefinition', () => {
  test('renders every column type as draft-07, non-nullable columns required', () => {
    expect(jsonSchemaDefinition(orderPlaced())).toBe(JSON.stringify({
      $schema: 'http://json-schema.org/draft-07/schema#',
      title: 'OrderPlaced',
      description: 'An order was placed.',
      type: 'object',
      properties: {
        order_id: { type: 'string', description: 'The order\'s id.' },
        quantity: { type: 'integer', minimum: -2147483648, maximum: 2147483647 },
        customer_seq: { type: ['integer', 'null'] },
        weight_kg: { type: ['number', 'null'] },
        gift: { type: ['boolean', 'null'] },
        // Epoch milliseconds or an ISO-8601 string, as ColumnType.TIMESTAMP promises.
        placed_at: { type: ['integer', 'string'], format: 'date-time', description: 'When the "order" was placed.\nIn UTC.' },
        ship_on: { type: ['string', 'null'], format: 'date' },
        amount: { type: ['number', 'null'], description: 'Total, tax included.' },
        tags: { type: ['array', 'null'], items: { type: 'string' } },
        line_prices: { type: 'array', items: { type: 'array', items: { type: 'number' } } },
      },
      required: ['order_id', 'quantity', 'placed_at', 'line_prices'],
      additionalProperties: true,
    }));
  });

  test('the exact text of a small schema: no description, no empty `required`', () => {
    expect(jsonSchemaDefinition(ping())).toBe('{"$schema":"http://json-schema.org/draft-07/schema#","title":"Ping","type":"object",'
      + '"properties":{"id":{"type":["string","null"]}},"additionalProperties":true}');
  });

  test('a nullable timestamp also allows null; array elements are never null', () => {
    const schema = new StreamSchema({
      name: 'Times',
      columns: [
        { name: 'at', type: ColumnType.TIMESTAMP },
        { name: 'history', type: ColumnType.array(ColumnType.array(ColumnType.TIMESTAMP)) },
      ],
    });
    expect(JSON.parse(jsonSchemaDefinition(schema)).properties).toEqual({
      at: { type: ['integer', 'string', 'null'], format: 'date-time' },
      history: {
        type: ['array', 'null'],
        items: { type: 'array', items: { type: ['integer', 'string'], format: 'date-time' } },
      },
    });
  });
});
