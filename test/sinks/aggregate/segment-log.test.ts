import { COMPILED_ORDERS, WINDOW } from './fixtures';
import { failedSegmentEntries } from '../../../src/sinks/aggregate/segment-log';
import { WindowFlush } from '../../../src/sinks/aggregate/window-aggregator';
import { KeyAggregate } from '../../../src/sinks/aggregate/window-state';

function flushOf(aggregates: Record<string, KeyAggregate>): WindowFlush {
  return { windowStart: WINDOW.start, windowEnd: WINDOW.end, marker: 'shard-0:100', aggregates, keyCount: Object.keys(aggregates).length };
}

const MEASURES = [
  { attribute: 'count', kind: 'count' },
  { attribute: 'sum_amount', kind: 'sum' },
  { attribute: 'min_amount', kind: 'min' },
  { attribute: 'max_amount', kind: 'max' },
];

describe('failedSegmentEntries', () => {
  test('one entry with the segment\'s identity, the error, and each key\'s value of each measure', () => {
    const entries = failedSegmentEntries(flushOf({ a: [3, 12, 1, 8], 7: [1, -5, -5, -5] }), COMPILED_ORDERS.measures, 'shard-0',
      Object.assign(new Error('slow down'), { name: 'ThrottlingException' }));
    expect(entries).toEqual([{
      message: expect.stringMatching(/^window segment flush failed/),
      shardId: 'shard-0',
      windowStart: WINDOW.start,
      windowEnd: WINDOW.end,
      segment: 'shard-0:100',
      keys: 2,
      part: 1,
      parts: 1,
      error: 'ThrottlingException: slow down',
      measures: MEASURES,
      values: { a: [3, 12, 1, 8], 7: [1, -5, -5, -5] },
    }]);
  });

  test('values follow the measures\' order and slots, a count reading the record count', () => {
    const measures = [
      { attribute: 'top', kind: 'max' as const, path: ['v'], index: 2 },
      { attribute: 'n', kind: 'count' as const, path: [], index: 0 },
      { attribute: 'total', kind: 'sum' as const, path: ['v'], index: 1 },
    ];
    const [entry] = failedSegmentEntries(flushOf({ k: [4, 10, 7] }), measures, 'shard-0', 'boom');
    expect(entry.values).toEqual({ k: [7, 4, 10] });
    expect(entry.error).toBe('boom');
  });

  test('a segment too large for one log event is split by keys, every part a line of its own', () => {
    const aggregates = Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`customer-${i}`, [i, i * 2, -i, i]]));
    const entries = failedSegmentEntries(flushOf(aggregates), COMPILED_ORDERS.measures, 'shard-0', 'boom', 5_000);
    expect(entries.length).toBeGreaterThan(5);
    entries.forEach((entry, i) => {
      expect(entry).toMatchObject({ segment: 'shard-0:100', keys: 1000, part: i + 1, parts: entries.length });
      expect(JSON.stringify(entry.values).length).toBeLessThanOrEqual(5_000);
    });
    const rebuilt = Object.assign({}, ...entries.map(e => e.values));
    expect(rebuilt).toEqual(aggregates);
  });

  test('keys named like Object.prototype members are logged as keys', () => {
    const aggregates = JSON.parse('{"__proto__":[1,2,2,2],"constructor":[1,3,3,3]}') as Record<string, KeyAggregate>;
    const [entry] = failedSegmentEntries(flushOf(aggregates), COMPILED_ORDERS.measures, 'shard-0', 'boom');
    expect(JSON.parse(JSON.stringify(entry)).values).toEqual(JSON.parse('{"__proto__":[1,2,2,2],"constructor":[1,3,3,3]}'));
  });
});
