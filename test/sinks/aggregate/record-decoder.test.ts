import { COMPILED_ORDERS, encode, encodeRaw, order } from './fixtures';
import { compileConfig } from '../../../src/sinks/aggregate/compiled-config';
import { RecordDecoder } from '../../../src/sinks/aggregate/record-decoder';

function decoder(): RecordDecoder {
  return new RecordDecoder(COMPILED_ORDERS);
}

describe('RecordDecoder', () => {
  test('extracts the key at a nested path and one value per sum/min/max slot', () => {
    const d = decoder();
    expect(d.decode(encode(order('c-1', 12.5)))).toBeUndefined();
    expect(d.key).toBe('c-1');
    expect([...d.values]).toEqual([12.5, 12.5, 12.5]);
  });

  test('numeric keys become their String(n); strings stay as they are', () => {
    const d = decoder();
    for (const [id, key] of [[42, '42'], [-0, '0'], [1.5, '1.5'], [1e21, '1e+21'], [' padded ', ' padded '], ['ünï €', 'ünï €']] as const) {
      expect(d.decode(encode(order(id, 1)))).toBeUndefined();
      expect(d.key).toBe(key);
    }
  });

  test('keys that are names on Object.prototype are ordinary keys', () => {
    const d = decoder();
    expect(d.decode(encode(order('constructor', 1)))).toBeUndefined();
    expect(d.key).toBe('constructor');
  });

  test('a record may hold a genuine U+FFFD', () => {
    const d = decoder();
    expect(d.decode(encode(order('\uFFFD', 1)))).toBeUndefined();
    expect(d.key).toBe('\uFFFD');
  });

  test('decodes records larger than its initial buffer', () => {
    const d = decoder();
    const big = { customer: { id: 'big' }, amount: 3, padding: 'x'.repeat(100_000) };
    expect(d.decode(encode(big))).toBeUndefined();
    expect(d.key).toBe('big');
    expect(d.decode(encode(order('small', 4)))).toBeUndefined();
    expect(d.key).toBe('small');
  });

  const malformed: [string, string, RegExp][] = [
    ['invalid UTF-8', encodeRaw(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])), /not valid UTF-8/],
    ['not JSON', encodeRaw('customer=1,amount=2'), /not valid JSON/],
    ['truncated JSON', encodeRaw('{"customer":{"id":"a"},"amount":'), /not valid JSON/],
    ['empty data', '', /not valid JSON/],
    ['a JSON array', encode([1, 2]), /not a JSON object/],
    ['a JSON string', encode('c-1'), /not a JSON object/],
    ['JSON null', encode(null), /not a JSON object/],
    ['the key missing', encode({ amount: 1 }), /key missing at customer\.id/],
    ['the key\'s parent not an object', encode({ customer: 'c-1', amount: 1 }), /key missing at customer\.id/],
    ['a key null', encode(order(null as unknown as string, 1)), /not a string or a finite number/],
    ['a boolean key', encode(order(true as unknown as string, 1)), /not a string or a finite number/],
    ['an object key', encode(order({ a: 1 } as unknown as string, 1)), /not a string or a finite number/],
    ['an infinite numeric key', encodeRaw('{"customer":{"id":1e999},"amount":1}'), /not a string or a finite number/],
    ['an empty key', encode(order('', 1)), /key is an empty string/],
    ['a key beyond DynamoDB\'s 2048 bytes', encode(order('é'.repeat(1025), 1)), /longer than 2048 bytes/],
    ['the measure missing', encode(order('c-1')), /measure field missing at amount/],
    ['a string measure', encode(order('c-1', '12')), /amount is not a finite number/],
    ['a null measure', encode(order('c-1', null)), /amount is not a finite number/],
    ['an infinite measure', encodeRaw('{"customer":{"id":"c"},"amount":-1e999}'), /amount is not a finite number/],
    ['a measure beyond DynamoDB\'s range', encode(order('c-1', 1e200)), /outside DynamoDB's number range/],
    ['a measure below DynamoDB\'s precision', encode(order('c-1', 1e-200)), /outside DynamoDB's number range/],
  ];
  test.each(malformed)('reports %s', (_, data, reason) => {
    expect(decoder().decode(data)).toMatch(reason);
  });

  test('a key of exactly 2048 bytes is accepted', () => {
    const d = decoder();
    expect(d.decode(encode(order('é'.repeat(1024), 1)))).toBeUndefined();
  });

  test('a count-only config reads no measure field', () => {
    const d = new RecordDecoder(compileConfig({ keyPath: ['k'], measures: [{ attribute: 'n', kind: 'count' }], expireAfterSeconds: 0, maxBatchSize: 100, failurePrefix: 'f/' }));
    expect(d.decode(encode({ k: 7 }))).toBeUndefined();
    expect(d.key).toBe('7');
    expect(d.values.length).toBe(0);
  });
});

describe('compileConfig', () => {
  test('gives sum/min/max their own slots after the count, in config order', () => {
    expect(COMPILED_ORDERS.measures.map(m => [m.attribute, m.index])).toEqual([
      ['count', 0], ['sum_amount', 1], ['min_amount', 2], ['max_amount', 3],
    ]);
  });

  test.each([
    ['an empty key path', { keyPath: [], measures: [], expireAfterSeconds: 0, maxBatchSize: 100, failurePrefix: 'f/' }, /keyPath/],
    ['a sum without path', { keyPath: ['k'], measures: [{ attribute: 's', kind: 'sum' }], expireAfterSeconds: 0, maxBatchSize: 100, failurePrefix: 'f/' }, /needs a path/],
    ['an unknown kind', { keyPath: ['k'], measures: [{ attribute: 's', kind: 'avg', path: ['v'] }], expireAfterSeconds: 0, maxBatchSize: 100, failurePrefix: 'f/' }, /kind must be/],
    ['a layout attribute', { keyPath: ['k'], measures: [{ attribute: 'windowEnd', kind: 'count' }], expireAfterSeconds: 0, maxBatchSize: 100, failurePrefix: 'f/' }, /not one of/],
    ['a duplicate attribute', { keyPath: ['k'], measures: [{ attribute: 'n', kind: 'count' }, { attribute: 'n', kind: 'count' }], expireAfterSeconds: 0, maxBatchSize: 100, failurePrefix: 'f/' }, /unique/],
    ['a negative expiry', { keyPath: ['k'], measures: [], expireAfterSeconds: -1, maxBatchSize: 100, failurePrefix: 'f/' }, /expireAfterSeconds/],
    ['a mark attribute', { keyPath: ['k'], measures: [{ attribute: 'merged:x', kind: 'count' }], expireAfterSeconds: 0, maxBatchSize: 100, failurePrefix: 'f/' }, /merged:/],
    ['no batch size', { keyPath: ['k'], measures: [], expireAfterSeconds: 0, maxBatchSize: 0, failurePrefix: 'f/' }, /maxBatchSize must be a positive integer, got 0/],
    ['no failure prefix', { keyPath: ['k'], measures: [], expireAfterSeconds: 0, maxBatchSize: 1 }, /failurePrefix must be a string, got undefined/],
  ])('rejects %s', (_, config, message) => {
    expect(() => compileConfig(config as never)).toThrow(message);
  });
});
