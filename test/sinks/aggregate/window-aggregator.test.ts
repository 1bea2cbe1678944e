import { COMPILED_ORDERS, encode, encodeRaw, kinesisRecord, order, roundTrip, sequenceNumber, WINDOW } from './fixtures';
import { compileConfig } from '../../../src/sinks/aggregate/compiled-config';
import { Interval } from '../../../src/sinks/aggregate/sequence-intervals';
import { BatchOutcome, WindowAggregator } from '../../../src/sinks/aggregate/window-aggregator';
import { stateBytes, stateBytesBound, WindowState } from '../../../src/sinks/aggregate/window-state';

const s = (n: number) => sequenceNumber(n);
const SHARD = 'shardId-000000000000';
const aggregator = () => new WindowAggregator(COMPILED_ORDERS);
const records = (batch: [number, string][]) => batch.map(([n, data]) => kinesisRecord(s(n), data, SHARD));

/** Folds batches in turn, the state serialized in between as Lambda does; returns the last state and outcomes. */
function run(agg: WindowAggregator, batches: [number, string][][], start: WindowState = { v: 0, m: [] }):
{ state: WindowState; outcomes: BatchOutcome[] } {
  let state = roundTrip(start);
  const outcomes = batches.map(batch => {
    const outcome = agg.process(state, records(batch), SHARD, WINDOW.start);
    state = roundTrip(state);
    return outcome;
  });
  return { state, outcomes };
}

describe('WindowAggregator: aggregates', () => {
  test('count, sum, min and max per key, across batches; the records as intervals', () => {
    const { state } = run(aggregator(), [
      [[1, encode(order('a', 10))], [2, encode(order('b', -3))], [3, encode(order('a', 2.5))]],
      [[4, encode(order('a', 7))], [5, encode(order('b', 4))]],
    ]);
    expect(state.k).toEqual({ a: [3, 19.5, 2.5, 10], b: [2, 1, -3, 4] });
    expect(state.p).toEqual([[s(1), s(3), 3], [s(4), s(5), 2]]);
    expect(state.v).toBe(0);
  });

  test('numeric keys merge with the equal string key; nested paths of any depth', () => {
    const agg = new WindowAggregator(compileConfig({
      keyPath: ['a', 'b', 'c'],
      measures: [{ attribute: 'n', kind: 'count' }, { attribute: 'top', kind: 'max', path: ['m', 'v'] }],
      expireAfterSeconds: 0,
      maxBatchSize: 100,
      failurePrefix: 'f/',
    }));
    const rec = (key: unknown, v: number) => encode({ a: { b: { c: key } }, m: { v } });
    const { state } = run(agg, [[[1, rec(17, 1)], [2, rec('17', 5)], [3, rec(17.0, 2)], [4, rec('x', 0)]]]);
    expect(state.k).toEqual({ 17: [3, 5], x: [1, 0] });
  });

  test('keys named like Object.prototype members are kept, through serialization', () => {
    const { state } = run(aggregator(), [
      [[1, encode(order('__proto__', 1))], [2, encode(order('constructor', 2))]],
      [[3, encode(order('__proto__', 3))], [4, encode(order('toString', 4))], [5, encode(order('constructor', 5))]],
    ]);
    expect(JSON.parse(JSON.stringify(state.k))).toEqual(JSON.parse('{"__proto__":[2,4,1,3],"constructor":[2,7,2,5],"toString":[1,4,4,4]}'));
  });
});

describe('WindowAggregator: records it cannot count', () => {
  test.each([
    ['invalid UTF-8', encodeRaw(Buffer.from([0xc3, 0x28])), 'not valid UTF-8'],
    ['invalid JSON', encodeRaw('{oops'), 'not valid JSON'],
    ['not an object', encode(42), 'not a JSON object'],
    ['key missing', encode({ amount: 1 }), 'key missing at customer.id'],
    ['key of the wrong type', encode(order([1] as unknown as string, 1)), 'key at customer.id is not a string or a finite number'],
    ['empty key', encode(order('', 1)), 'key is an empty string'],
    ['measure missing', encode(order('a')), 'measure field missing at amount'],
    ['measure not a number', encode(order('a', '1')), 'measure field at amount is not a finite number'],
    ['measure out of range', encode(order('a', 1e126)), 'measure field at amount is outside DynamoDB\'s number range'],
  ])('%s: set aside whole, with its reason, the batch around it counted', (_, bad, reason) => {
    const { state, outcomes } = run(aggregator(), [[[1, encode(order('a', 1))], [2, bad], [3, encode(order('a', 2))]]]);
    expect(outcomes[0].failed).toEqual([{
      shardId: SHARD, sequenceNumber: s(2), partitionKey: 'p', approximateArrivalTimestamp: 0, data: bad, reason, windowStart: WINDOW.start,
    }]);
    expect(outcomes[0].counted).toBe(2);
    expect(state.k).toEqual({ a: [2, 3, 1, 2] });
    // Handled, so listed: delivered again, it is not set aside twice.
    expect(state.p).toEqual([[s(1), s(3), 3]]);
    expect(aggregator().process(state, records([[2, bad]]), SHARD, WINDOW.start)).toMatchObject({ failed: [], redelivered: 1 });
  });

  test('a value that would take its key\'s sum out of DynamoDB\'s range is set aside; the sum stays', () => {
    const { state, outcomes } = run(aggregator(), [[[1, encode(order('a', 6e125))], [2, encode(order('a', 5e125))], [3, encode(order('a', -1))]]]);
    expect(outcomes[0].failed.map(f => [f.sequenceNumber, f.reason])).toEqual([[s(2),
      'adding 5e+125 to the sum 6e+125 of \'sum_amount\' for key "a" would leave DynamoDB\'s number range (magnitudes 1E-130 to below 1E126)']]);
    expect(state.k).toEqual({ a: [2, 6e125 - 1, -1, 6e125] });
  });
});

describe('WindowAggregator: records delivered again, in any order', () => {
  test('a record in the pending or the merged intervals is skipped, record by record', () => {
    const merged: Interval[] = [[s(1), s(3), 3]];
    const { state, outcomes } = run(aggregator(), [
      [[2, encode(order('a', 100))], [3, encode(order('a', 100))], [4, encode(order('a', 4))], [5, encode(order('b', 5))]],
      [[4, encode(order('a', 100))], [5, encode(order('a', 100))], [6, encode(order('a', 6))]],
    ], { v: 1, m: merged });
    expect(outcomes.map(o => [o.counted, o.redelivered])).toEqual([[2, 2], [1, 2]]);
    expect(state.k).toEqual({ a: [2, 10, 4, 6], b: [1, 5, 5, 5] });
    expect(state.m).toEqual(merged);
  });

  test('the second half of a split batch first, then the first half: both count, neither hides the other', () => {
    const agg = aggregator();
    const batch: [number, string][] = [1, 2, 3, 4, 5, 6].map(n => [n, encode(order('a', n))]);
    const { state } = run(agg, [batch.slice(3), batch.slice(0, 3), batch]);
    expect(state.k).toEqual({ a: [6, 21, 1, 6] });
    expect(state.p).toEqual([[s(1), s(3), 3], [s(4), s(6), 3]]);
  });
});

describe('WindowAggregator: the size of the state', () => {
  test('the bound is never below the serialized size, and records the largest growth of a batch', () => {
    const keys = ['a', 'ü-ñ', '"quoted"\\', 'x'.repeat(300), '\u0001'];
    const { state, outcomes } = run(aggregator(), [keys.map((k, i) => [i, encode(order(k, i * 1e20 + 0.123456789))] as [number, string])]);
    expect(stateBytesBound(state)).toBeGreaterThanOrEqual(stateBytes(state));
    expect(state.g).toBe(outcomes[0].growth);
    expect(outcomes[0].growth).toBeGreaterThan(0);
  });
});
