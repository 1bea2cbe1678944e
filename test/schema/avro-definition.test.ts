import { orderPlaced, ping } from './schema-fixtures';
import { ColumnType, StreamSchema } from '../../src/schema';
import { avroDefinition } from '../../src/schema/avro-definition';

describe('avroDefinition', () => {
  test('renders every column type, compactly, keys in the order Avro writes them', () => {
    // JSON.stringify keeps the literal's key order, so the text, order included, is compared.
    expect(avroDefinition(orderPlaced())).toBe(JSON.stringify({
      type: 'record',
      name: 'OrderPlaced',
      doc: 'An order was placed.',
      fields: [
        { name: 'order_id', type: 'string', doc: 'The order\'s id.' },
        { name: 'quantity', type: 'int' },
        { name: 'customer_seq', type: ['null', 'long'], default: null },
        { name: 'weight_kg', type: ['null', 'double'], default: null },
        { name: 'gift', type: ['null', 'boolean'], default: null },
        { name: 'placed_at', type: { type: 'long', logicalType: 'timestamp-millis' }, doc: 'When the "order" was placed.\nIn UTC.' },
        { name: 'ship_on', type: ['null', { type: 'int', logicalType: 'date' }], default: null },
        {
          name: 'amount',
          type: ['null', { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 }],
          doc: 'Total, tax included.',
          default: null,
        },
        { name: 'tags', type: ['null', { type: 'array', items: 'string' }], default: null },
        {
          name: 'line_prices',
          type: { type: 'array', items: { type: 'array', items: { type: 'bytes', logicalType: 'decimal', precision: 9, scale: 2 } } },
        },
      ],
    }));
  });

  test('the exact text of a small schema: no doc without a description, escapes in JSON', () => {
    expect(avroDefinition(ping())).toBe('{"type":"record","name":"Ping","fields":[{"name":"id","type":["null","string"],"default":null}]}');
    const quoted = new StreamSchema({
      name: 'Quoted',
      description: 'Says "hi"\\',
      columns: [{ name: 'n', type: ColumnType.INT, nullable: false, comment: 'tab\there' }],
    });
    expect(avroDefinition(quoted))
      .toBe('{"type":"record","name":"Quoted","doc":"Says \\"hi\\"\\\\","fields":[{"name":"n","type":"int","doc":"tab\\there"}]}');
  });

  test('arrays of arrays of arrays nest items', () => {
    const cube = new StreamSchema({
      name: 'Cube',
      columns: [{ name: 'cells', type: ColumnType.array(ColumnType.array(ColumnType.array(ColumnType.TIMESTAMP))), nullable: false }],
    });
    expect(JSON.parse(avroDefinition(cube)).fields[0].type).toEqual({
      type: 'array',
      items: { type: 'array', items: { type: 'array', items: { type: 'long', logicalType: 'timestamp-millis' } } },
    });
  });
});
