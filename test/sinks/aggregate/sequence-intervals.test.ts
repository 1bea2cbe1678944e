import { sequenceNumber } from './fixtures';
import { closeGaps, compareSequenceNumbers, contains, insert, Interval, recordCount, relation, union } from '../../../src/sinks/aggregate/sequence-intervals';

const s = (n: number) => sequenceNumber(n);
const i = (from: number, to: number, count = to - from + 1): Interval => [s(from), s(to), count];

describe('compareSequenceNumbers', () => {
  test.each([
    ['9', '10', -1],
    ['10', '9', 1],
    ['49590338271490256608559692538361571095921575989136588898', '49590338271490256608559692538361571095921575989136588898', 0],
    ['99999999999999999999999999999999999999999999999999999999', '100000000000000000000000000000000000000000000000000000000', -1],
    ['49590338271490256608559692538361571095921575989136588899', '49590338271490256608559692538361571095921575989136588898', 1],
  ])('%s vs %s: numeric order, beyond any double', (a, b, sign) => {
    expect(Math.sign(compareSequenceNumbers(a, b))).toBe(sign);
  });
});

describe('interval sets', () => {
  test('contains: inside an interval, not in a gap or outside', () => {
    const set = [i(0, 4), i(10, 14), i(20, 20)];
    expect([0, 2, 4, 10, 14, 20].every(n => contains(set, s(n)))).toBe(true);
    expect([5, 9, 15, 19, 21].some(n => contains(set, s(n)))).toBe(false);
    expect(contains([], s(1))).toBe(false);
  });

  test('insert keeps the set sorted; union joins two disjoint sets without changing them', () => {
    const set = [i(10, 14)];
    insert(set, i(0, 4));
    insert(set, i(20, 24));
    expect(set).toEqual([i(0, 4), i(10, 14), i(20, 24)]);
    const a = [i(0, 4)];
    expect(union(a, [i(5, 9)])).toEqual([i(0, 4), i(5, 9)]);
    expect(a).toEqual([i(0, 4)]);
    expect(recordCount([i(0, 4), i(5, 9, 3)])).toBe(8);
  });

  test.each([
    [[i(2, 3)], [i(0, 9)], 'all'],
    [[i(0, 4), i(10, 12)], [i(0, 4), i(10, 14)], 'all'],
    [[i(20, 24)], [i(0, 9)], 'none'],
    [[i(5, 14)], [i(0, 9)], 'some'],
    [[i(0, 4), i(20, 24)], [i(0, 9)], 'some'],
  ] as [Interval[], Interval[], string][])('relation of %j to %j: %s', (part, whole, expected) => {
    expect(relation(part, whole)).toBe(expected);
  });
});

describe('closeGaps: a gap closes once a whole batch of records follows it', () => {
  test('gaps followed by at least maxBatchSize records join; the newest stay open', () => {
    // Batches of up to 5: the gap before the last 5 records stays open, the others close.
    expect(closeGaps([i(0, 4), i(5, 9), i(10, 14), i(15, 17)], [], 5)).toEqual([i(0, 14), i(15, 17)]);
    // Only 3 records after the gap at 9/10, 8 after the one at 4/5.
    expect(closeGaps([i(0, 4), i(5, 9), i(10, 12)], [], 5)).toEqual([i(0, 9), i(10, 12)]);
  });

  test('the second half of a split batch, processed first, leaves the gap for the first half open', () => {
    // Records 0-4 done; batch 5-14 split, 10-14 processed first: 5 records follow the gap (5-9), fewer than 10.
    const set = closeGaps([i(0, 4), i(10, 14)], [], 10);
    expect(set).toEqual([i(0, 4), i(10, 14)]);
    expect(contains(set, s(7))).toBe(false);
  });

  test('records of the other set count, but an interval never spans them', () => {
    expect(closeGaps([i(0, 4), i(10, 14)], [i(15, 24)], 10)).toEqual([i(0, 14, 10)]);
    expect(closeGaps([i(0, 4), i(10, 14)], [i(5, 9), i(15, 24)], 5)).toEqual([i(0, 4), i(10, 14)]);
    expect(closeGaps([i(0, 4)], [], 1)).toEqual([i(0, 4)]);
  });
});
