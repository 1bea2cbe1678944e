import { orderPlaced, ping } from './schema-fixtures';
import { ColumnType, StreamSchema } from '../../src/schema';
import { jsonSchemaDefinition } from '../../src/schema/json-schema-definition';

/** The pattern of timestamp strings, written out here so that a change in src shows. */
const UTC_TIMESTAMP = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$';

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
        // Epoch milliseconds or a UTC ISO-8601 string, as ColumnType.TIMESTAMP promises and Firehose's conversion reads.
        placed_at: { type: ['integer', 'string'], pattern: UTC_TIMESTAMP, description: 'When the "order" was placed.\nIn UTC.' },
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
      at: { type: ['integer', 'string', 'null'], pattern: UTC_TIMESTAMP },
      history: {
        type: ['array', 'null'],
        items: { type: 'array', items: { type: ['integer', 'string'], pattern: UTC_TIMESTAMP } },
      },
    });
  });

  test('the exact text of a timestamp column: the pattern, and no format', () => {
    const schema = new StreamSchema({ name: 'Tick', columns: [{ name: 'at', type: ColumnType.TIMESTAMP, nullable: false }] });

    expect(jsonSchemaDefinition(schema)).toBe('{"$schema":"http://json-schema.org/draft-07/schema#","title":"Tick","type":"object",'
      + '"properties":{"at":{"type":["integer","string"],"pattern":"^\\\\d{4}-\\\\d{2}-\\\\d{2}T\\\\d{2}:\\\\d{2}:\\\\d{2}(\\\\.\\\\d+)?Z$"}},'
      + '"required":["at"],"additionalProperties":true}');
  });

  describe('the timestamp pattern, as a validator applies it (ECMA-262, to strings only)', () => {
    const pattern = () => {
      const schema = new StreamSchema({ name: 'Tick', columns: [{ name: 'at', type: ColumnType.TIMESTAMP }] });
      return new RegExp(JSON.parse(jsonSchemaDefinition(schema)).properties.at.pattern, 'u');
    };

    test.each([
      '2026-11-28T14:05:00Z',
      '2026-11-28T14:05:00.123Z',
      '2026-11-28T14:05:00.1Z',
      '2026-11-28T14:05:00.123456789Z',
    ])('accepts %p', text => {
      expect(pattern().test(text)).toBe(true);
    });

    test.each([
      ['an offset', '2026-11-28T14:05:00+02:00'],
      ['an offset after fractions', '2026-11-28T14:05:00.123+02:00'],
      ['a zero offset spelt out', '2026-11-28T14:05:00+00:00'],
      ['no zone', '2026-11-28T14:05:00'],
      ['a lower-case z', '2026-11-28T14:05:00z'],
      ['a space for the T', '2026-11-28 14:05:00Z'],
      ['no seconds', '2026-11-28T14:05Z'],
      ['a date alone', '2026-11-28'],
      ['a dot without fractions', '2026-11-28T14:05:00.Z'],
      ['text around it', 'at 2026-11-28T14:05:00Z'],
      ['a trailing line break', '2026-11-28T14:05:00Z\n'],
      ['epoch milliseconds as a string', '1795874700000'],
    ])('rejects %s: %p', (_name, text) => {
      expect(pattern().test(text)).toBe(false);
    });
  });
});
