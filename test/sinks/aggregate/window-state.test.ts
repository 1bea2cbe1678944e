import { compareSequenceNumbers, segmentMarker } from '../../../src/sinks/aggregate/window-state';

describe('compareSequenceNumbers', () => {
  const a = '49590338271490256608559692538361571095921575989136588898';

  test('orders numbers of equal length as numbers, beyond a double\'s precision', () => {
    const next = '49590338271490256608559692538361571095921575989136588899';
    expect(Number(a)).toBe(Number(next)); // why they cannot be parsed
    expect(compareSequenceNumbers(a, next)).toBeLessThan(0);
    expect(compareSequenceNumbers(next, a)).toBeGreaterThan(0);
    expect(compareSequenceNumbers(a, String(a))).toBe(0);
  });

  test('a longer number is larger, whatever its digits', () => {
    expect(compareSequenceNumbers('9'.repeat(56), `1${'0'.repeat(56)}`)).toBeLessThan(0);
    expect(compareSequenceNumbers(`1${'0'.repeat(56)}`, '9'.repeat(56))).toBeGreaterThan(0);
    expect(compareSequenceNumbers('99', '100')).toBeLessThan(0);
  });

  test('sorts like BigInt', () => {
    const numbers = ['100', '99', a, '1', `${a}0`, '0', '10', a.replace(/8$/, '7')];
    const byBigInt = [...numbers].sort((x, y) => (BigInt(x) < BigInt(y) ? -1 : BigInt(x) > BigInt(y) ? 1 : 0));
    expect([...numbers].sort(compareSequenceNumbers)).toEqual(byBigInt);
  });
});

test('segmentMarker names shard and first record', () => {
  expect(segmentMarker('shardId-000000000001', '123')).toBe('shardId-000000000001:123');
});
