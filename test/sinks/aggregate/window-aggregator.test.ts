import { COMPILED_ORDERS, encode, encodeRaw, order, roundTrip, sequenceNumber, WINDOW, windowEvent } from './fixtures';
import { compileConfig } from '../../../src/sinks/aggregate/compiled-config';
import { TumblingWindowEvent, WindowAggregator, WindowOutcome } from '../../../src/sinks/aggregate/window-aggregator';
import { WindowState } from '../../../src/sinks/aggregate/window-state';

const s = (n: number) => sequenceNumber(n);
const aggregator = () => new WindowAggregator(COMPILED_ORDERS);

/** Runs events in turn, each with the (serialized) state the previous one returned. */
function run(agg: WindowAggregator, batches: [string, string][][], options: { final?: boolean } = {}): WindowOutcome[] {
  let state: object = {};
  return batches.map((records, i) => {
    const outcome = agg.process(windowEvent(records, { state, final: options.final === true && i === batches.length - 1 }));
    state = roundTrip(outcome.state);
    return outcome;
  });
}

describe('WindowAggregator: aggregates', () => {
  test('count, sum, min and max per key, across batches, in a compact state', () => {
    const [first, second] = run(aggregator(), [
      [[s(1), encode(order('a', 10))], [s(2), encode(order('b', -3))], [s(3), encode(order('a', 2.5))]],
      [[s(4), encode(order('a', 7))], [s(5), encode(order('b', 4))]],
    ]);
    expect(first.state).toEqual({ first: s(1), last: s(3), k: { a: [2, 12.5, 2.5, 10], b: [1, -3, -3, -3] } });
    expect(second.batchItemFailures).toEqual([]);
    expect(second.flush).toBeUndefined();
    expect(roundTrip(second.state)).toEqual({ first: s(1), last: s(5), k: { a: [3, 19.5, 2.5, 10], b: [2, 1, -3, 4] } });
  });

  test('numeric keys merge with the equal string key; nested paths of any depth', () => {
    const agg = new WindowAggregator(compileConfig({
      keyPath: ['a', 'b', 'c'],
      measures: [{ attribute: 'n', kind: 'count' }, { attribute: 'top', kind: 'max', path: ['m', 'v'] }],
      expireAfterSeconds: 0,
    }));
    const rec = (key: unknown, v: number) => encode({ a: { b: { c: key } }, m: { v } });
    const [outcome] = run(agg, [[[s(1), rec(17, 1)], [s(2), rec('17', 5)], [s(3), rec(17.0, 2)], [s(4), rec('x', 0)]]]);
    expect(outcome.state.k).toEqual({ 17: [3, 5], x: [1, 0] });
  });

  test('keys named like Object.prototype members are kept, through serialization', () => {
    const [, second] = run(aggregator(), [
      [[s(1), encode(order('__proto__', 1))], [s(2), encode(order('constructor', 2))]],
      [[s(3), encode(order('__proto__', 3))], [s(4), encode(order('toString', 4))], [s(5), encode(order('constructor', 5))]],
    ]);
    expect(JSON.parse(JSON.stringify(second.state.k))).toEqual(JSON.parse('{"__proto__":[2,4,1,3],"constructor":[2,7,2,5],"toString":[1,4,4,4]}'));
  });

  test('an empty batch leaves the state as it was', () => {
    const state: WindowState = { first: s(1), last: s(2), k: { a: [2, 3, 1, 2] } };
    const outcome = aggregator().process(windowEvent([], { state: roundTrip(state) }));
    expect(outcome.state).toEqual(state);
    expect(aggregator().process(windowEvent([])).state).toEqual({});
  });
});

describe('WindowAggregator: malformed records', () => {
  const kinds: [string, string][] = [
    ['invalid UTF-8', encodeRaw(Buffer.from([0xc3, 0x28]))],
    ['invalid JSON', encodeRaw('{oops')],
    ['not an object', encode(42)],
    ['key missing', encode({ amount: 1 })],
    ['key of the wrong type', encode(order([1] as unknown as string, 1))],
    ['empty key', encode(order('', 1))],
    ['measure missing', encode(order('a'))],
    ['measure not a number', encode(order('a', '1'))],
  ];

  test.each(kinds)('%s among other records: to bisect, no batch item failure, with what the log needs', (_, bad) => {
    const agg = aggregator();
    const [first] = run(agg, [[[s(1), encode(order('a', 1))]]]);
    const outcome = agg.process(windowEvent([
      [s(2), encode(order('a', 2))],
      [s(3), encode(order('b', 5))],
      [s(4), bad],
      [s(5), encode(order('a', 100))],
      [s(6), bad],
    ], { state: roundTrip(first.state) }));
    expect(outcome.malformed).toEqual({ sequenceNumber: s(4), reason: expect.any(String), batchSize: 5, bisect: true });
    expect(outcome.batchItemFailures).toEqual([]);
    expect(outcome.flush).toBeUndefined();
  });

  test.each(kinds)('%s alone in its batch: the batch item failure, the state unchanged', (_, bad) => {
    const agg = aggregator();
    const [first] = run(agg, [[[s(1), encode(order('a', 1))], [s(2), encode(order('b', 5))]]]);
    const outcome = agg.process(windowEvent([[s(3), bad]], { state: roundTrip(first.state) }));
    expect(outcome.malformed).toEqual({ sequenceNumber: s(3), reason: expect.any(String), batchSize: 1, bisect: false });
    expect(outcome.batchItemFailures).toEqual([{ itemIdentifier: s(3) }]);
    expect(outcome.state).toEqual(first.state);
  });

  test('bisected as Lambda does, the good records around a malformed one are all merged, each once', () => {
    const agg = aggregator();
    const bad = encodeRaw('not json');
    const g = (n: number, amount: number): [string, string] => [s(n), encode(order('a', amount))];
    // [1, 2(bad), 3] fails; its halves [1, 2] and [3] are retried with the state before it.
    expect(agg.process(windowEvent([g(1, 1), [s(2), bad], g(3, 2)])).malformed?.bisect).toBe(true);
    // [1, 2] fails in turn: [1] passes, then [2] alone is the batch item failure.
    expect(agg.process(windowEvent([g(1, 1), [s(2), bad]])).malformed?.bisect).toBe(true);
    const one = agg.process(windowEvent([g(1, 1)]));
    const alone = agg.process(windowEvent([[s(2), bad]], { state: roundTrip(one.state) }));
    expect(alone.batchItemFailures).toEqual([{ itemIdentifier: s(2) }]);
    expect(alone.state).toEqual(one.state);
    // Its retries exhausted, Lambda sets it aside and goes on with [3].
    const three = agg.process(windowEvent([g(3, 2)], { state: roundTrip(alone.state) }));
    expect(three.batchItemFailures).toEqual([]);
    expect(three.state).toEqual({ first: s(1), last: s(3), k: { a: [2, 3, 1, 2] } });
  });

  test('records already merged count toward the batch: a malformed record after them is bisected out', () => {
    const agg = aggregator();
    const [first] = run(agg, [[[s(1), encode(order('a', 1))]]]);
    const outcome = agg.process(windowEvent([[s(1), encode(order('a', 1))], [s(2), encodeRaw('{')]], { state: roundTrip(first.state) }));
    expect(outcome.redelivered).toBe(1);
    expect(outcome.malformed).toMatchObject({ sequenceNumber: s(2), batchSize: 2, bisect: true });
  });

  test('a malformed record alone in the first batch leaves the state empty', () => {
    const outcome = aggregator().process(windowEvent([[s(1), encodeRaw('')]]));
    expect(outcome.state).toEqual({});
    expect(outcome.batchItemFailures).toEqual([{ itemIdentifier: s(1) }]);
  });

  test('a final invocation with a malformed record does not flush', () => {
    const agg = aggregator();
    const [first] = run(agg, [[[s(1), encode(order('a', 1))]]]);
    const among = agg.process(windowEvent([[s(2), encode(order('a', 2))], [s(3), encode({})]], { state: roundTrip(first.state), final: true }));
    expect(among.flush).toBeUndefined();
    expect(among.malformed?.bisect).toBe(true);
    const alone = agg.process(windowEvent([[s(3), encode({})]], { state: roundTrip(first.state), final: true }));
    expect(alone.flush).toBeUndefined();
    expect(alone.batchItemFailures).toEqual([{ itemIdentifier: s(3) }]);
    expect(alone.state).toEqual(first.state);
  });
});

describe('WindowAggregator: records delivered again', () => {
  test('a batch delivered again with the newer state changes nothing', () => {
    const agg = aggregator();
    const batch: [string, string][] = [[s(1), encode(order('a', 1))], [s(2), encode(order('b', 2))]];
    const [once] = run(agg, [batch]);
    const again = agg.process(windowEvent(batch, { state: roundTrip(once.state) }));
    expect(again.state).toEqual(once.state);
    expect(again.redelivered).toBe(2);
  });

  test('an overlapping batch merges only the records after the last one merged', () => {
    const [, second] = run(aggregator(), [
      [[s(1), encode(order('a', 1))], [s(2), encode(order('a', 2))]],
      [[s(2), encode(order('a', 2))], [s(3), encode(order('a', 3))]],
    ]);
    expect(second.redelivered).toBe(1);
    expect(second.state).toEqual({ first: s(1), last: s(3), k: { a: [3, 6, 1, 3] } });
  });

  test('compares sequence numbers across a change of length', () => {
    const base = 10n ** 56n - 2000n; // 56 digits, then 57 after two steps
    const q = (n: number) => sequenceNumber(n, base);
    expect([q(1).length, q(2).length, q(3).length]).toEqual([56, 57, 57]);
    const [, second] = run(aggregator(), [
      [[q(1), encode(order('a', 1))]],
      [[q(1), encode(order('a', 1))], [q(2), encode(order('a', 2))], [q(3), encode(order('a', 3))]],
    ]);
    expect(second.redelivered).toBe(1);
    expect(second.state).toEqual({ first: q(1), last: q(3), k: { a: [3, 6, 1, 3] } });
  });
});

describe('WindowAggregator: final invocations', () => {
  test('hands the segment out to flush and resets the state', () => {
    const agg = aggregator();
    const [, final] = run(agg, [
      [[s(1), encode(order('a', 1))], [s(2), encode(order('b', 2))]],
      [],
    ], { final: true });
    expect(final.state).toEqual({});
    expect(final.batchItemFailures).toEqual([]);
    expect(final.flush).toEqual({
      windowStart: WINDOW.start,
      windowEnd: WINDOW.end,
      marker: `shardId-000000000000:${s(1)}`,
      aggregates: { a: [1, 1, 1, 1], b: [1, 2, 2, 2] },
      keyCount: 2,
    });
  });

  test('merges the records of a final invocation before flushing', () => {
    const [, final] = run(aggregator(), [[[s(1), encode(order('a', 1))]], [[s(2), encode(order('a', 5))]]], { final: true });
    expect(final.flush?.aggregates).toEqual({ a: [2, 6, 1, 5] });
  });

  test('a retried final invocation (same state) flushes the same segment again, for the writer to skip', () => {
    const agg = aggregator();
    const [first] = run(agg, [[[s(1), encode(order('a', 1))]]]);
    const final = (): TumblingWindowEvent => windowEvent([], { state: roundTrip(first.state), final: true });
    expect(agg.process(final()).flush).toEqual(agg.process(final()).flush);
  });

  test('nothing to flush for an empty window', () => {
    const outcome = aggregator().process(windowEvent([], { final: true }));
    expect(outcome.flush).toBeUndefined();
    expect(outcome.state).toEqual({});
  });

  test('a window Lambda ends early continues as a new segment with its own marker', () => {
    const agg = aggregator();
    const segment = agg.process(windowEvent([[s(1), encode(order('a', 1))], [s(2), encode(order('a', 2))]]));
    // The state grew past 1 MB: Lambda ends the window with a final invocation, then goes on with `{}`.
    const early = agg.process(windowEvent([], { state: roundTrip(segment.state), final: true, early: true }));
    expect(early.state).toEqual({});
    const continued = agg.process(windowEvent([[s(3), encode(order('a', 3))], [s(4), encode(order('b', 4))]], { state: {} }));
    const final = agg.process(windowEvent([], { state: roundTrip(continued.state), final: true }));
    expect(early.flush?.marker).toBe(`shardId-000000000000:${s(1)}`);
    expect(early.flush?.aggregates).toEqual({ a: [2, 3, 1, 2] });
    expect(continued.state.first).toBe(s(3));
    expect(final.flush?.marker).toBe(`shardId-000000000000:${s(3)}`);
    expect(final.flush?.aggregates).toEqual({ a: [1, 3, 3, 3], b: [1, 4, 4, 4] });
  });

  test('the segment marker names the shard', () => {
    const event = windowEvent([[s(1), encode(order('a', 1))]], { final: true, shardId: 'shardId-000000000007' });
    expect(aggregator().process(event).flush?.marker).toBe(`shardId-000000000007:${s(1)}`);
  });
});
