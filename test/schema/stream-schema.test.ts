import { expectInputError, orderPlaced } from './schema-fixtures';
import { ColumnType, StreamColumn, StreamSchema } from '../../src/schema';
import { glueColumns, glueText } from '../../src/schema/glue-columns';

describe('ColumnType', () => {
  test('Glue names every type as Athena writes it', () => {
    expect([ColumnType.STRING, ColumnType.INT, ColumnType.BIGINT, ColumnType.DOUBLE, ColumnType.BOOLEAN, ColumnType.TIMESTAMP, ColumnType.DATE]
      .map(t => t.glueType)).toEqual(['string', 'int', 'bigint', 'double', 'boolean', 'timestamp', 'date']);
    expect(ColumnType.decimal(12, 2).glueType).toBe('decimal(12,2)');
    expect(ColumnType.array(ColumnType.array(ColumnType.decimal(38, 0))).glueType).toBe('array<array<decimal(38,0)>>');
  });

  test('decimal keeps its precision and scale, an array its element', () => {
    const money = ColumnType.decimal(1, 1);
    expect([money.typeName, money.precision, money.scale, money.elementType]).toEqual(['decimal', 1, 1, undefined]);
    const list = ColumnType.array(ColumnType.STRING);
    expect([list.typeName, list.precision, list.elementType]).toEqual(['array', undefined, ColumnType.STRING]);
  });

  test.each([0, 39, 1.5, NaN, -3])('decimal precision %p is refused', precision => {
    expectInputError(() => ColumnType.decimal(precision, 0),
      `\`ColumnType.decimal\` precision must be an integer between 1 and 38, got ${precision}`);
  });

  test.each<[number, number]>([[12, -1], [12, 13], [12, 0.5], [5, NaN]])('decimal(%p, %p): the scale is refused', (precision, scale) => {
    expectInputError(() => ColumnType.decimal(precision, scale),
      `\`ColumnType.decimal\` scale must be an integer between 0 and the precision ${precision}, got ${scale}`);
  });
});

describe('StreamSchema', () => {
  const column: StreamColumn = { name: 'id', type: ColumnType.STRING };

  test('keeps its name, description and a copy of its columns', () => {
    const columns = [column];
    const schema = new StreamSchema({ name: 'Ping', columns, description: 'A ping.' });
    columns.push({ name: 'late', type: ColumnType.INT });

    expect(schema.name).toBe('Ping');
    expect(schema.description).toBe('A ping.');
    expect(schema.columns).toEqual([column]);
  });

  test.each<[string, string]>([
    ['empty', ''], ['starting with a digit', '1Order'], ['with -', 'Order-Placed'], ['with a space', 'Order Placed'],
    ['with .', 'Order.Placed'], ['of 256 characters', 'A'.repeat(256)],
  ])('a name %s is refused', (_, name) => {
    expectInputError(() => new StreamSchema({ name, columns: [column] }),
      `\`StreamSchema\` \`name\` must be 1-255 letters, digits and _, starting with a letter or _, got '${name}'`);
  });

  test.each<[string, string]>([['_', '_'], ['a', 'a'], ['Order_Placed2', 'Order_Placed2'], ['of 255 characters', 'A'.repeat(255)]])(
    'a name %s is accepted', (_, name) => {
      expect(new StreamSchema({ name, columns: [column] }).name).toBe(name);
    });

  test('needs a column', () => {
    expectInputError(() => new StreamSchema({ name: 'Empty', columns: [] }),
      '`StreamSchema` \'Empty\' needs at least one column, got none');
  });

  test.each<[string, string]>([
    ['empty', ''], ['upper-case', 'OrderId'], ['starting with a digit', '1st'], ['with -', 'order-id'],
    ['with a space', 'order id'], ['of 256 characters', 'a'.repeat(256)],
  ])('a column name %s is refused', (_, name) => {
    expectInputError(() => new StreamSchema({ name: 'Order', columns: [{ name, type: ColumnType.STRING }] }),
      '`StreamSchema` \'Order\': column names must be 1-255 lower-case letters, digits and _, starting with a letter or _ '
      + `(Athena folds names to lower case), got '${name}'`);
  });

  test('a column declared twice is refused', () => {
    expectInputError(() => new StreamSchema({ name: 'Order', columns: [column, { name: 'id', type: ColumnType.INT }] }),
      '`StreamSchema` \'Order\': column \'id\' is declared twice');
  });
});

describe('glueColumns', () => {
  test('declares every column with its Glue type and comment', () => {
    expect(glueColumns(orderPlaced())).toEqual([
      { name: 'order_id', type: 'string', comment: 'The order\'s id.' },
      { name: 'quantity', type: 'int', comment: undefined },
      { name: 'customer_seq', type: 'bigint', comment: undefined },
      { name: 'weight_kg', type: 'double', comment: undefined },
      { name: 'gift', type: 'boolean', comment: undefined },
      // Glue comments are one line.
      { name: 'placed_at', type: 'timestamp', comment: 'When the "order" was placed. In UTC.' },
      { name: 'ship_on', type: 'date', comment: undefined },
      { name: 'amount', type: 'decimal(12,2)', comment: 'Total, tax included.' },
      { name: 'tags', type: 'array<string>', comment: undefined },
      { name: 'line_prices', type: 'array<array<decimal(9,2)>>', comment: undefined },
    ]);
  });

  test.each<[string, string, string]>([
    ['of 255 characters is kept', 'c'.repeat(255), 'c'.repeat(255)],
    ['of 256 characters is cut to 255, the last one …', 'c'.repeat(256), `${'c'.repeat(254)}…`],
    ['of 1,000 characters is cut to 255', 'c'.repeat(1000), `${'c'.repeat(254)}…`],
  ])('a comment %s', (_name, comment, expected) => {
    const schema = new StreamSchema({ name: 'Ping', columns: [{ name: 'id', type: ColumnType.STRING, comment }] });
    const [column] = glueColumns(schema);

    expect(column).toEqual({ name: 'id', type: 'string', comment: expected });
    expect(column.comment).toHaveLength(Math.min(comment.length, 255));
  });

  test('the schema\'s own comments are left as they are', () => {
    const schema = orderPlaced();
    glueColumns(schema);

    expect(schema.columns.find(c => c.name === 'placed_at')?.comment).toBe('When the "order" was placed.\nIn UTC.');
  });
});

describe('glueText', () => {
  test.each<[string, string, string]>([
    ['a line is kept', 'An order was placed.', 'An order was placed.'],
    ['a line break becomes a space', 'placed.\nIn UTC.', 'placed. In UTC.'],
    ['a CRLF too', 'placed.\r\nIn UTC.', 'placed. In UTC.'],
    ['blank lines and indentation around a break become one space', 'placed.  \n\n\t  In UTC.', 'placed. In UTC.'],
    ['spaces within a line are kept', 'a  b\tc', 'a  b\tc'],
    ['an empty text stays empty', '', ''],
  ])('%s', (_name, text, expected) => {
    expect(glueText(text, 255)).toBe(expected);
  });

  test.each<[number, string, string]>([
    [5, 'abcde', 'abcde'],
    [5, 'abcdef', 'abcd…'],
    [10, 'abc\ndef\nghi', 'abc def g…'],
    [11, 'abc\ndef\nghi', 'abc def ghi'],
  ])('cut to %p: %p becomes %p', (max, text, expected) => {
    expect(glueText(text, max)).toBe(expected);
  });
});
