import { App, CfnParameter, Lazy, Stack } from 'aws-cdk-lib';
import { PartitionKeyAnalysis, PartitionKey, ShardSizing } from '../../../src';
import { expectInputError, tokenError } from '../../input-errors';

function lowCardinalityWarning(name: string): string {
  return `Partition key '${name}' usually has only a few values: each value goes to one shard, which throttles while the others idle. `
    + 'Use a high-cardinality key such as a customer, order or device id, or state `distinctValues` if this field has many.';
}

function hotKeyError(name: string, share: string, load: string): string {
  return `\`partitionKey\` '${name}': its busiest value carries ${share} of writes = ${load}, but one key maps to one shard, `
    + 'which accepts at most 1 MiB/s and 1,000 records/s. No shard count can fix this: use a key with more distinct values, '
    + `or add a suffix to spread the hot value (e.g. \`${name}#0\`…\`#9\`)`;
}

/** The messages of an analysis's warnings, in order. */
function messages(analysis: PartitionKeyAnalysis): string[] {
  return analysis.warnings.map(w => w.message);
}

/** Appended when the warning is due only to few values per shard, at less than 2× an even share. */
const FEW_VALUES = '; with so few values per shard, real hashing is usually much less even';

/** The lead of a warning about few values per shard, at less than 2× an even share and within the shard limits. */
const TOO_FEW = 'has too few values to spread writes evenly';
/** The lead of a warning about a key at 2× an even share or more, or one that pushes a shard over a limit. */
const UNEVEN = 'spreads writes unevenly';

// 2 MiB/s → 2 shards
const TWO_SHARDS = ShardSizing.plan({ ingestMibPerSecond: 2 });

describe('PartitionKey.random()', () => {
  test('has no field and no options', () => {
    const key = PartitionKey.random();
    expect(key.fieldName).toBeUndefined();
    expect(key.distinctValues).toBeUndefined();
    expect(key.hottestKeyShare).toBeUndefined();
  });

  test.each([
    // [plan, busiest shard's share, its MiB/s]
    ['1 shard', ShardSizing.plan({ ingestMibPerSecond: 0.5 }), 1, 0.5],
    ['2 shards', ShardSizing.plan({ ingestMibPerSecond: 2, consumeMibPerSecond: 4 }), 0.5, 1],
    ['3 shards', ShardSizing.plan({ ingestMibPerSecond: 3 }), 1 / 3, 1],
    ['a fixed 8 shards', ShardSizing.plan({ ingestMibPerSecond: 2 }, { shardCount: 8 }), 0.125, 0.25],
  ])('spreads evenly with no warnings on %s', (_name, plan, share, mbps) => {
    const analysis = PartitionKey.random().analyze(plan);
    expect(messages(analysis)).toEqual([]);
    expect(analysis.hottestShardShare).toBeCloseTo(share, 12);
    expect(analysis.hottestShardMibPerSecond).toBeCloseTo(mbps, 12);
  });

  test('never throws, even for a workload that no single key could carry', () => {
    expect(PartitionKey.random().analyze(ShardSizing.plan({ ingestMibPerSecond: 100, ingestRecordsPerSecond: 100000 })).warnings).toEqual([]);
  });
});

describe('PartitionKey.field()', () => {
  test('keeps what it was given', () => {
    const key = PartitionKey.field('customerId', { distinctValues: 50_000, hottestKeyShare: 0.05 });
    expect(key.fieldName).toBe('customerId');
    expect(key.distinctValues).toBe(50_000);
    expect(key.hottestKeyShare).toBe(0.05);
  });

  test('options are optional', () => {
    const key = PartitionKey.field('customerId');
    expect(key.distinctValues).toBeUndefined();
    expect(key.hottestKeyShare).toBeUndefined();
  });
});

describe('PartitionKey: low-cardinality field names', () => {
  test.each([
    'type',
    'eventType',
    'region',
    'status',
    'country',
    'detail.event_type', // nested path: the last segment, without '_'
    'detail.eventType',
    'event-type', // without '-'
    'EVENT_TYPE', // case-insensitive
    'awsRegion',
    'country_code',
    'logLevel',
    'payload.meta.status',
  ])('%s warns', (name) => {
    const analysis = PartitionKey.field(name).analyze(TWO_SHARDS);
    expect(messages(analysis)).toEqual([lowCardinalityWarning(name)]);
    expect(analysis.hottestShardShare).toBeUndefined();
    expect(analysis.hottestShardMibPerSecond).toBeUndefined();
  });

  test.each([
    'customerId',
    'orderId',
    'deviceId',
    'detail.customerId',
    'region.customerId', // only the last segment counts
    'regionalOrderId',
    'sessionId',
  ])('%s without numbers does not warn', (name) => {
    const analysis = PartitionKey.field(name).analyze(TWO_SHARDS);
    expect(messages(analysis)).toEqual([]);
    expect(analysis.hottestShardShare).toBeUndefined();
    expect(analysis.hottestShardMibPerSecond).toBeUndefined();
  });

  test('stating many distinct values silences the name check', () => {
    // 100,000 even values on 2 shards: 50,000 each → 50% per shard, exactly even
    const analysis = PartitionKey.field('region', { distinctValues: 100_000 }).analyze(TWO_SHARDS);
    expect(messages(analysis)).toEqual([]);
    expect(analysis.hottestShardShare).toBeCloseTo(0.5, 12);
    expect(analysis.hottestShardMibPerSecond).toBeCloseTo(1, 12);
  });
});

describe('PartitionKey: too few distinct values for the shard count', () => {
  test('10 values on 2 shards (fewer than 10 per shard)', () => {
    // busiest shard: ceil(10 ÷ 2) = 5 values × 10% = 50% of 2 MiB/s = 1 MiB/s; 50% × 2 shards = 1× an even share
    const analysis = PartitionKey.field('customerId', { distinctValues: 10 }).analyze(TWO_SHARDS);
    expect(analysis.hottestShardShare).toBeCloseTo(0.5, 12);
    expect(analysis.hottestShardMibPerSecond).toBeCloseTo(1, 12);
    // 1× an even share and exactly at the 1 MiB/s limit: too few values, not uneven
    expect(messages(analysis)).toEqual([
      `Partition key 'customerId' ${TOO_FEW}: it has 10 distinct values for 2 shards, so the busiest shard takes at least `
      + `50% of writes (1 MiB/s), 1× an even share${FEW_VALUES}. Use a key with at least 20 evenly used values, such as a customer, order or device id.`,
    ]);
  });

  test('3 values on 2 shards push the busiest shard past 1 MiB/s', () => {
    // busiest shard: ceil(3 ÷ 2) = 2 values × 1/3 = 67% of 2 MiB/s = 1.33 MiB/s, 1.33× an even share
    const analysis = PartitionKey.field('customerId', { distinctValues: 3 }).analyze(TWO_SHARDS);
    expect(analysis.hottestShardShare).toBeCloseTo(2 / 3, 12);
    expect(analysis.hottestShardMibPerSecond).toBeCloseTo(4 / 3, 12);
    expect(messages(analysis)).toEqual([
      // over the limit because of the key (an even 1 MiB/s per shard would fit): uneven
      `Partition key 'customerId' ${UNEVEN}: it has 3 distinct values for 2 shards, so the busiest shard takes at least `
      + `67% of writes (1.33 MiB/s), 1.33× an even share, above its 1 MiB/s write limit${FEW_VALUES}. `
      + 'Use a key with at least 20 evenly used values, such as a customer, order or device id.',
    ]);
  });

  test('3 values on 5 shards leave 2 shards idle', () => {
    // 0.5 MiB/s on a fixed 5 shards: each value 1/3 = 33% = 0.17 MiB/s; 1/3 × 5 = 1.67× an even share
    const plan = ShardSizing.plan({ ingestMibPerSecond: 0.5 }, { shardCount: 5 });
    const analysis = PartitionKey.field('tenantId', { distinctValues: 3 }).analyze(plan);
    expect(analysis.hottestShardShare).toBeCloseTo(1 / 3, 12);
    expect(analysis.hottestShardMibPerSecond).toBeCloseTo(0.5 / 3, 12);
    expect(messages(analysis)).toEqual([
      `Partition key 'tenantId' ${TOO_FEW}: it has 3 distinct values for 5 shards (2 shards get no writes), so the busiest shard `
      + `takes at least 33% of writes (0.17 MiB/s), 1.67× an even share${FEW_VALUES}. Use a key with at least 50 evenly used values, such as a customer, order or device id.`,
    ]);
  });

  test('a low-cardinality name with its distinct values stated gets the figures, not the name warning', () => {
    // 5 regions on 2 shards: ceil(5 ÷ 2) = 3 values × 20% = 60% of 2 MiB/s = 1.2 MiB/s
    const analysis = PartitionKey.field('region', { distinctValues: 5 }).analyze(TWO_SHARDS);
    expect(messages(analysis)).toEqual([
      "Partition key 'region' spreads writes unevenly: it has 5 distinct values for 2 shards, so the busiest shard takes at least "
      + `60% of writes (1.2 MiB/s), 1.2× an even share, above its 1 MiB/s write limit${FEW_VALUES}. `
      + 'Use a key with at least 20 evenly used values, such as a customer, order or device id.',
    ]);
  });

  test('a single value is singular', () => {
    // 0.5 MiB/s on a fixed 3 shards: the one value takes 100% = 0.5 MiB/s, 3× an even share (so no few-values caveat)
    const plan = ShardSizing.plan({ ingestMibPerSecond: 0.5 }, { shardCount: 3 });
    const analysis = PartitionKey.field('tenantId', { distinctValues: 1 }).analyze(plan);
    expect(analysis.hottestShardShare).toBe(1);
    expect(analysis.hottestShardMibPerSecond).toBe(0.5);
    expect(messages(analysis)).toEqual([
      "Partition key 'tenantId' spreads writes unevenly: it has 1 distinct value for 3 shards (2 shards get no writes), so the busiest shard "
      + 'takes at least 100% of writes (0.5 MiB/s), 3× an even share. Use a key with at least 30 evenly used values, such as a customer, order or device id.',
    ]);
  });

  test('large counts have thousands separators', () => {
    // 50 MiB/s on a fixed 100 shards, 150 values: ceil(150 ÷ 100) = 2 values = 1.33% (0.67 MiB/s), 1.33× an even share;
    // below 10% a share keeps two significant digits (1.3%, not 1%)
    const plan = ShardSizing.plan({ ingestMibPerSecond: 50 }, { shardCount: 100 });
    const analysis = PartitionKey.field('customerId', { distinctValues: 150 }).analyze(plan);
    expect(analysis.hottestShardShare).toBeCloseTo(2 / 150, 12);
    expect(messages(analysis)).toEqual([
      `Partition key 'customerId' ${TOO_FEW}: it has 150 distinct values for 100 shards, so the busiest shard takes at least `
      + `1.3% of writes (0.67 MiB/s), 1.33× an even share${FEW_VALUES}. Use a key with at least 1,000 evenly used values, such as a customer, order or device id.`,
    ]);
  });

  test('the busiest shard\'s records are stated when the record rate is known', () => {
    // 1 MiB/s at 1,500 records/s on 2 shards, 10 values: 5 values = 50% = 0.5 MiB/s and 750 records/s
    const analysis = PartitionKey.field('customerId', { distinctValues: 10 })
      .analyze(ShardSizing.plan({ ingestMibPerSecond: 1, ingestRecordsPerSecond: 1500 }));
    expect(messages(analysis)).toEqual([
      `Partition key 'customerId' ${TOO_FEW}: it has 10 distinct values for 2 shards, so the busiest shard takes at least `
      + `50% of writes (0.5 MiB/s, 750 records/s), 1× an even share${FEW_VALUES}. Use a key with at least 20 evenly used values, such as a customer, order or device id.`,
    ]);
  });

  // Was a bug: the idle-shards clause read "(1 shard get no writes)".
  test('says "1 shard gets no writes" when one shard is idle', () => {
    // 0.3 MiB/s on a fixed 3 shards, 2 values: each 50% = 0.15 MiB/s, 1.5× an even share
    const plan = ShardSizing.plan({ ingestMibPerSecond: 0.3 }, { shardCount: 3 });
    const analysis = PartitionKey.field('customerId', { distinctValues: 2 }).analyze(plan);
    expect(analysis.hottestShardShare).toBe(0.5);
    expect(messages(analysis)).toEqual([
      `Partition key 'customerId' ${TOO_FEW}: it has 2 distinct values for 3 shards (1 shard gets no writes), so the busiest shard `
      + `takes at least 50% of writes (0.15 MiB/s), 1.5× an even share${FEW_VALUES}. Use a key with at least 30 evenly used values, such as a customer, order or device id.`,
    ]);
  });

  // Was a bug: a 1-shard stream got a few-values warning, though every value lands on its only shard.
  test.each([1, 2, 3, 9])('a 1-shard stream gets no few-values warning (%d values)', (distinctValues) => {
    const plan = ShardSizing.plan({ ingestMibPerSecond: 0.9 });
    expect(plan.shardCount).toBe(1);
    const analysis = PartitionKey.field('customerId', { distinctValues }).analyze(plan);
    expect(messages(analysis)).toEqual([]);
    expect(analysis.hottestShardShare).toBe(1);
    expect(analysis.hottestShardMibPerSecond).toBe(0.9);
  });

  test('20 values on 2 shards (10 per shard) do not warn', () => {
    const analysis = PartitionKey.field('customerId', { distinctValues: 20 }).analyze(TWO_SHARDS);
    expect(messages(analysis)).toEqual([]);
    expect(analysis.hottestShardShare).toBeCloseTo(0.5, 12);
  });
});

describe('PartitionKey: a hot key', () => {
  test('a value carrying twice an even share warns', () => {
    // 5 MiB/s on a fixed 10 shards; the busiest value carries 20% = 1 MiB/s (at the limit, not over), 20% × 10 = 2× an even share
    const plan = ShardSizing.plan({ ingestMibPerSecond: 5 }, { shardCount: 10 });
    const analysis = PartitionKey.field('customerId', { hottestKeyShare: 0.2 }).analyze(plan);
    expect(analysis.hottestShardShare).toBe(0.2);
    expect(analysis.hottestShardMibPerSecond).toBe(1);
    expect(messages(analysis)).toEqual([
      "Partition key 'customerId' spreads writes unevenly: its busiest value carries 20% of writes, so the busiest shard takes at least "
      + '20% of writes (1 MiB/s), 2× an even share. Use a key with at least 100 evenly used values, such as a customer, order or device id.',
    ]);
  });

  test('a value carrying less than twice an even share does not warn', () => {
    // 30% × 2 shards = 0.6× an even share; 0.3 × 2 MiB/s = 0.6 MiB/s
    const analysis = PartitionKey.field('customerId', { hottestKeyShare: 0.3 }).analyze(TWO_SHARDS);
    expect(messages(analysis)).toEqual([]);
    expect(analysis.hottestShardShare).toBe(0.3);
    expect(analysis.hottestShardMibPerSecond).toBeCloseTo(0.6, 12);
  });

  test('with distinct values, the hot value\'s shard also carries its share of the others', () => {
    // 1 MiB/s on a fixed 10 shards, 1,000 values, the hottest 25%:
    // busiest shard = 25% + (ceil(1,000 ÷ 10) − 1) × 75% ÷ 999 = 0.25 + 99 × 0.75 ÷ 999 = 0.3243…, × 10 shards = 3.24× an even share
    const plan = ShardSizing.plan({ ingestMibPerSecond: 1 }, { shardCount: 10 });
    const analysis = PartitionKey.field('customerId', { distinctValues: 1000, hottestKeyShare: 0.25 }).analyze(plan);
    const expectedShare = 0.25 + 99 * 0.75 / 999;
    expect(analysis.hottestShardShare).toBeCloseTo(expectedShare, 12);
    expect(analysis.hottestShardMibPerSecond).toBeCloseTo(expectedShare * 1, 12);
    expect(messages(analysis)).toEqual([
      "Partition key 'customerId' spreads writes unevenly: it has 1,000 distinct values for 10 shards, so the busiest shard takes at least "
      + '32% of writes (0.32 MiB/s), 3.24× an even share. Use a key with at least 100 evenly used values, such as a customer, order or device id.',
    ]);
  });

  test.each([
    // [name, plan, options, share, load]
    ['bytes, from hottestKeyShare', TWO_SHARDS, { hottestKeyShare: 0.6 }, 'customerId', '60%', '1.2 MiB/s'], // 0.6 × 2 MiB/s
    // 0.4 × 3,000 records/s = 1,200 records/s (0.4 × 1 MiB/s = 0.4 MiB/s is fine)
    ['records, from hottestKeyShare', ShardSizing.plan({ ingestMibPerSecond: 1, ingestRecordsPerSecond: 3000 }), { hottestKeyShare: 0.4 }, 'deviceId', '40%', '1,200 records/s'],
    // 1 MiB/s of 100-byte records = 10,485.76 records/s; 10% of it = 1,048.576 records/s
    ['records derived from averageRecordBytes', ShardSizing.plan({ ingestMibPerSecond: 1, averageRecordBytes: 100 }), { hottestKeyShare: 0.1 }, 'deviceId', '10%', '1,049 records/s'],
    // 2 even values of 3 MiB/s: 1.5 MiB/s each
    ['bytes, from distinctValues', ShardSizing.plan({ ingestMibPerSecond: 3 }), { distinctValues: 2 }, 'deviceId', '50%', '1.5 MiB/s'],
    ['a single value', ShardSizing.plan({ ingestMibPerSecond: 1.5 }), { distinctValues: 1 }, 'tenantId', '100%', '1.5 MiB/s'],
    // over on both: the bytes are reported (0.6 × 2 MiB/s = 1.2 MiB/s; 0.6 × 2,000 = 1,200 records/s)
    ['bytes and records', ShardSizing.plan({ ingestMibPerSecond: 2, ingestRecordsPerSecond: 2000 }), { hottestKeyShare: 0.6 }, 'customerId', '60%', '1.2 MiB/s'],
    // more shards cannot help
    ['bytes, at a fixed 100 shards', ShardSizing.plan({ ingestMibPerSecond: 2 }, { shardCount: 100 }), { hottestKeyShare: 0.6 }, 'customerId', '60%', '1.2 MiB/s'],
  ])('one key above a shard\'s write limit throws (%s)', (_name, plan, options, field, share, load) => {
    expectInputError(() => PartitionKey.field(field, options).analyze(plan), hotKeyError(field, share, load));
  });

  test.each([
    // exactly 1 MiB/s: 0.5 × 2 MiB/s
    ['bytes', TWO_SHARDS, 0.5],
    // exactly 1,000 records/s: 0.5 × 2,000 records/s
    ['records', ShardSizing.plan({ ingestMibPerSecond: 0.5, ingestRecordsPerSecond: 2000 }), 0.5],
  ])('one key exactly at a shard\'s write limit does not throw (%s)', (_name, plan, hottestKeyShare) => {
    expect(() => PartitionKey.field('customerId', { hottestKeyShare }).analyze(plan)).not.toThrow();
  });

  // Was a bug: the busiest shard was predicted above 1 MiB/s, yet nothing warned, because the warning needed
  // fewer than 10 values per shard or 2× an even share.
  test('warns when the predicted busiest shard exceeds its 1 MiB/s write limit at less than 2× an even share', () => {
    // 2 MiB/s on 2 shards, 1,000 values, the hottest 30%:
    // busiest shard = 30% + (ceil(1,000 ÷ 2) − 1) × 70% ÷ 999 = 0.3 + 499 × 0.7 ÷ 999 = 0.6496…, × 2 MiB/s = 1.2993 MiB/s, 1.3× an even share
    const analysis = PartitionKey.field('customerId', { distinctValues: 1000, hottestKeyShare: 0.3 }).analyze(TWO_SHARDS);
    const expectedShare = 0.3 + 499 * 0.7 / 999;
    expect(analysis.hottestShardShare).toBeCloseTo(expectedShare, 12);
    expect(analysis.hottestShardMibPerSecond).toBeCloseTo(expectedShare * 2, 12);
    expect(messages(analysis)).toEqual([
      "Partition key 'customerId' spreads writes unevenly: it has 1,000 distinct values for 2 shards, so the busiest shard takes at least "
      + '65% of writes (1.3 MiB/s), 1.3× an even share, above its 1 MiB/s write limit. '
      + 'Use a key with at least 20 evenly used values, such as a customer, order or device id.',
    ]);
  });

  test('warns when the predicted busiest shard exceeds its 1,000 records/s limit', () => {
    // 0.5 MiB/s at 2,000 records/s on 2 shards: the busiest shard's 0.6496… takes 0.32 MiB/s but 1,299 records/s
    const plan = ShardSizing.plan({ ingestMibPerSecond: 0.5, ingestRecordsPerSecond: 2000 });
    expect(plan.shardCount).toBe(2);
    const analysis = PartitionKey.field('customerId', { distinctValues: 1000, hottestKeyShare: 0.3 }).analyze(plan);
    expect(messages(analysis)).toEqual([
      "Partition key 'customerId' spreads writes unevenly: it has 1,000 distinct values for 2 shards, so the busiest shard takes at least "
      + '65% of writes (0.32 MiB/s, 1,299 records/s), 1.3× an even share, above its 1,000 records/s limit. '
      + 'Use a key with at least 20 evenly used values, such as a customer, order or device id.',
    ]);
  });

  test('names both limits when the busiest shard exceeds both', () => {
    // 2 MiB/s at 2,000 records/s on 2 shards: 1.3 MiB/s and 1,299 records/s
    const analysis = PartitionKey.field('customerId', { distinctValues: 1000, hottestKeyShare: 0.3 })
      .analyze(ShardSizing.plan({ ingestMibPerSecond: 2, ingestRecordsPerSecond: 2000 }));
    expect(messages(analysis)).toEqual([
      "Partition key 'customerId' spreads writes unevenly: it has 1,000 distinct values for 2 shards, so the busiest shard takes at least "
      + '65% of writes (1.3 MiB/s, 1,299 records/s), 1.3× an even share, above its 1 MiB/s write limit and its 1,000 records/s limit. '
      + 'Use a key with at least 20 evenly used values, such as a customer, order or device id.',
    ]);
  });

  test('the hot-key error suggests a suffix on the field itself', () => {
    // 60% of 2 MiB/s = 1.2 MiB/s; written out in full so that the helper above is checked too
    expectInputError(() => PartitionKey.field('detail.customerId', { hottestKeyShare: 0.6 }).analyze(TWO_SHARDS),
      "`partitionKey` 'detail.customerId': its busiest value carries 60% of writes = 1.2 MiB/s, but one key maps to one shard, "
      + 'which accepts at most 1 MiB/s and 1,000 records/s. No shard count can fix this: use a key with more distinct values, '
      + 'or add a suffix to spread the hot value (e.g. `detail.customerId#0`…`#9`)');
  });

  // Was a bug: with an evenly spread key and the shard count alone too low, the over-limit trigger blamed the key and
  // asked for "at least 20 evenly used values" that it already had.
  test('does not blame an evenly spread key when only the shard count is too low (the plan already warns)', () => {
    // 3 MiB/s on a fixed 2 shards: each shard takes 1.5 MiB/s whatever the key
    const plan = ShardSizing.plan({ ingestMibPerSecond: 3 }, { shardCount: 2 });
    expect(plan.warnings).toHaveLength(1);
    const analysis = PartitionKey.field('customerId', { distinctValues: 100_000 }).analyze(plan);
    expect(messages(analysis)).toEqual([]);
    expect(analysis.hottestShardShare).toBeCloseTo(0.5, 12);
    expect(analysis.hottestShardMibPerSecond).toBeCloseTo(1.5, 12);
  });

  test('does not blame the key for records over the limit when the shard count alone is too low', () => {
    // 0.5 MiB/s at 3,000 records/s on a fixed 2 shards: 1,500 records/s per shard whatever the key
    const plan = ShardSizing.plan({ ingestMibPerSecond: 0.5, ingestRecordsPerSecond: 3000 }, { shardCount: 2 });
    expect(PartitionKey.field('customerId', { distinctValues: 100_000 }).analyze(plan).warnings.map(w => w.message)).toEqual([]);
  });

  test('with too few shards for the total, a key with few values is reported without the over-limit clause', () => {
    // 3 MiB/s on a fixed 2 shards, 3 values: the busiest shard takes 2 values = 67% = 2 MiB/s, over 1 MiB/s, but an even
    // 1.5 MiB/s per shard would be over too, so only the few values are the key's fault
    const plan = ShardSizing.plan({ ingestMibPerSecond: 3 }, { shardCount: 2 });
    expect(PartitionKey.field('customerId', { distinctValues: 3 }).analyze(plan).warnings.map(w => w.message)).toEqual([
      `Partition key 'customerId' ${TOO_FEW}: it has 3 distinct values for 2 shards, so the busiest shard takes at least `
      + `67% of writes (2 MiB/s), 1.33× an even share${FEW_VALUES}. Use a key with at least 20 evenly used values, such as a customer, order or device id.`,
    ]);
  });

  test('exactly twice an even share is uneven, not "too few values"', () => {
    // 0.9 MiB/s on a fixed 2 shards, 1 value: 100% on one shard (0.9 MiB/s, within its limit), 2× an even share
    const plan = ShardSizing.plan({ ingestMibPerSecond: 0.9 }, { shardCount: 2 });
    expect(PartitionKey.field('tenantId', { distinctValues: 1 }).analyze(plan).warnings.map(w => w.message)).toEqual([
      `Partition key 'tenantId' ${UNEVEN}: it has 1 distinct value for 2 shards (1 shard gets no writes), so the busiest shard takes at least `
      + '100% of writes (0.9 MiB/s), 2× an even share. Use a key with at least 20 evenly used values, such as a customer, order or device id.',
    ]);
  });

  // Was a bug: hottestKeyShare below 1 ÷ distinctValues is impossible (the busiest value carries at least the average)
  // but was accepted and then hid a hot key: { distinctValues: 1, hottestKeyShare: 0.5 } on 1.5 MiB/s only warned.
  test.each<[number, number, string]>([
    [10, 0.01, '10 values'],
    [3, 0.3, '3 values'],
    [7, 0.1, '7 values'],
    [50_000, 0.00001, '50,000 values'],
    [2, 0.4999, '2 values'],
  ])('rejects a hottestKeyShare below 1 ÷ distinctValues (%d values, %p)', (distinctValues, hottestKeyShare, values) => {
    expectInputError(() => PartitionKey.field('customerId', { distinctValues, hottestKeyShare }),
      `\`partitionKey.hottestKeyShare\` must be at least 1/${distinctValues} (1 ÷ \`distinctValues\`: `
      + `the busiest of ${values} carries at least an even share), got ${hottestKeyShare}`);
  });

  test('a single value cannot carry less than all writes, so the hot key is no longer hidden', () => {
    expectInputError(() => PartitionKey.field('x', { distinctValues: 1, hottestKeyShare: 0.5 }),
      '`partitionKey.hottestKeyShare` must be at least 1/1 (1 ÷ `distinctValues`: the busiest of 1 value carries at least an even share), got 0.5');
    expectInputError(() => PartitionKey.field('x', { distinctValues: 1, hottestKeyShare: 1 }).analyze(ShardSizing.plan({ ingestMibPerSecond: 1.5 })),
      hotKeyError('x', '100%', '1.5 MiB/s'));
  });

  test.each<[number, number]>([
    [10, 0.1],
    [3, 1 / 3],
    [1, 1],
  ])('accepts a hottestKeyShare of exactly 1 ÷ distinctValues (%d values)', (distinctValues, hottestKeyShare) => {
    expect(PartitionKey.field('customerId', { distinctValues, hottestKeyShare }).hottestKeyShare).toBe(hottestKeyShare);
  });

  // Was a bug: the minimum was rounded to 6 decimals, so for more than 2 million values it read "= 0".
  test('states a minimum hottestKeyShare that is not 0 for millions of distinct values', () => {
    expectInputError(() => PartitionKey.field('x', { distinctValues: 3_000_000, hottestKeyShare: 1e-7 }),
      '`partitionKey.hottestKeyShare` must be at least 1/3000000 (1 ÷ `distinctValues`: the busiest of 3,000,000 values '
      + 'carries at least an even share), got 1e-7');
  });

  // Was a bug: shares were rounded to whole percents, so a hot key carrying 0.4% of a large stream read "0%".
  test.each<[number, number, string, string]>([
    [0.004, 300, '0.4%', '1.2 MiB/s'], // 0.004 × 300 MiB/s
    [0.005, 300, '0.5%', '1.5 MiB/s'],
    [0.05, 30, '5%', '1.5 MiB/s'],
    [0.14, 10, '14%', '1.4 MiB/s'],
  ])('the hot-key error states a share of %p as %s', (hottestKeyShare, ingestMibPerSecond, share, load) => {
    expectInputError(() => PartitionKey.field('customerId', { hottestKeyShare }).analyze(ShardSizing.plan({ ingestMibPerSecond })),
      hotKeyError('customerId', share, load));
  });

  test('a warning states a small share with two significant digits', () => {
    // 200 MiB/s on a fixed 1,000 shards; the busiest value carries 0.4% = 0.8 MiB/s, 4× an even share
    const plan = ShardSizing.plan({ ingestMibPerSecond: 200 }, { shardCount: 1000 });
    expect(PartitionKey.field('customerId', { hottestKeyShare: 0.004 }).analyze(plan).warnings.map(w => w.message)).toEqual([
      `Partition key 'customerId' ${UNEVEN}: its busiest value carries 0.4% of writes, so the busiest shard takes at least `
      + '0.4% of writes (0.8 MiB/s), 4× an even share. Use a key with at least 10,000 evenly used values, such as a customer, order or device id.',
    ]);
  });
});

describe('PartitionKey: invalid options', () => {
  test.each([0, -1, 1.5, NaN, Infinity])('distinctValues %p', (distinctValues) => {
    expectInputError(() => PartitionKey.field('customerId', { distinctValues }),
      `\`partitionKey.distinctValues\` must be an integer between 1 and 9007199254740991, got ${distinctValues}`);
  });

  // Was a bug: the lower bound read "between 5e-324 and 1"; the range is now stated in words.
  test.each([0, -0.1, 1.2, NaN, Infinity, -Infinity])('hottestKeyShare %p', (hottestKeyShare) => {
    expectInputError(() => PartitionKey.field('customerId', { hottestKeyShare }),
      `\`partitionKey.hottestKeyShare\` must be a finite number greater than 0 and at most 1, got ${hottestKeyShare}`);
  });

  // Was a bug: tokens passed (checkRange/checkPositive skip them) and were analysed as -1.9e289, warning
  // "it has -18,881,545,897,… distinct values for 2 shards".
  test.each<[string, () => number]>([
    ['a Lazy', () => Lazy.number({ produce: () => 5 })],
    ["a CfnParameter's valueAsNumber", () => new CfnParameter(new Stack(new App()), 'Values', { type: 'Number' }).valueAsNumber],
  ])('refuses %s as distinctValues or hottestKeyShare', (_name, makeToken) => {
    expectInputError(() => PartitionKey.field('customerId', { distinctValues: makeToken() }), tokenError('partitionKey.distinctValues'));
    expectInputError(() => PartitionKey.field('customerId', { hottestKeyShare: makeToken() }), tokenError('partitionKey.hottestKeyShare'));
    // a token is reported before the other option's range
    expectInputError(() => PartitionKey.field('customerId', { distinctValues: 0, hottestKeyShare: makeToken() }),
      tokenError('partitionKey.hottestKeyShare'));
  });

  test.each([
    ['', '""'],
    ['   ', '"   "'],
  ])('field name %p', (name, echoed) => {
    expectInputError(() => PartitionKey.field(name), `\`partitionKey\` needs a field name, got ${echoed}`);
  });

  test('a missing field name (e.g. None from Python)', () => {
    expectInputError(() => PartitionKey.field(undefined as unknown as string), '`partitionKey` needs a field name, got undefined');
  });

  test.each([
    [{ distinctValues: 1 }],
    [{ distinctValues: 9007199254740991 }],
    [{ hottestKeyShare: 1 }],
    [{ hottestKeyShare: 0.0001 }],
  ])('accepts %p', (options) => {
    expect(() => PartitionKey.field('customerId', options)).not.toThrow();
  });
});

// StreamingIngest raises its acknowledgeable warnings from analyze(): one stable id per kind of warning.
describe('PartitionKey.analyze(): an id per warning', () => {
  // 5 MiB/s on a fixed 10 shards; the busiest value carries 20% = 1 MiB/s, 2× an even share
  const TEN_SHARDS = ShardSizing.plan({ ingestMibPerSecond: 5 }, { shardCount: 10 });
  const UNEVEN_20 = (name: string) => `Partition key '${name}' spreads writes unevenly: its busiest value carries 20% of writes, so the busiest `
    + 'shard takes at least 20% of writes (1 MiB/s), 2× an even share. Use a key with at least 100 evenly used values, such as a customer, order or device id.';

  test('a low-cardinality name is partitionKeyLowCardinality', () => {
    expect(PartitionKey.field('eventType').analyze(TWO_SHARDS)).toEqual({
      warnings: [{ id: 'partitionKeyLowCardinality', message: lowCardinalityWarning('eventType') }],
    });
  });

  test('a hot value is partitionKeyUneven', () => {
    expect(PartitionKey.field('customerId', { hottestKeyShare: 0.2 }).analyze(TEN_SHARDS)).toEqual({
      hottestShardShare: 0.2,
      hottestShardMibPerSecond: 1,
      warnings: [{ id: 'partitionKeyUneven', message: UNEVEN_20('customerId') }],
    });
  });

  test('too few values for the shards is partitionKeyUneven too', () => {
    const analysis = PartitionKey.field('customerId', { distinctValues: 10 }).analyze(TWO_SHARDS);
    expect(analysis.warnings.map(w => w.id)).toEqual(['partitionKeyUneven']);
    expect(analysis.warnings[0].message).toMatch(/^Partition key 'customerId' has too few values to spread writes evenly: it has 10 distinct values for 2 shards/);
  });

  test('a low-cardinality name with a hot value has both, name first', () => {
    expect(PartitionKey.field('region', { hottestKeyShare: 0.2 }).analyze(TEN_SHARDS)).toEqual({
      hottestShardShare: 0.2,
      hottestShardMibPerSecond: 1,
      warnings: [
        { id: 'partitionKeyLowCardinality', message: lowCardinalityWarning('region') },
        { id: 'partitionKeyUneven', message: UNEVEN_20('region') },
      ],
    });
  });

  test('an evenly spread key has none', () => {
    expect(PartitionKey.field('customerId', { distinctValues: 100_000 }).analyze(TWO_SHARDS).warnings).toEqual([]);
    expect(PartitionKey.random().analyze(TWO_SHARDS).warnings).toEqual([]);
  });
});

// Without a plan (a stream with no workload) only the field's name can be judged.
describe('PartitionKey.analyze() without a plan', () => {
  test('a low-cardinality name is partitionKeyLowCardinality, with no shard figures', () => {
    expect(PartitionKey.field('detail.eventType').analyze()).toEqual({
      warnings: [{ id: 'partitionKeyLowCardinality', message: lowCardinalityWarning('detail.eventType') }],
    });
  });

  test.each<[string, PartitionKey]>([
    ['a high-cardinality name', PartitionKey.field('customerId')],
    ['a low-cardinality name with distinctValues', PartitionKey.field('region', { distinctValues: 100_000 })],
    ['a key so hot it fails with a plan', PartitionKey.field('customerId', { hottestKeyShare: 0.9 })],
    ['a random key', PartitionKey.random()],
  ])('%s has no warnings', (_name, key) => {
    expect(key.analyze()).toEqual({ warnings: [] });
  });
});

describe('PartitionKey.constant()', () => {
  const CONSTANT_WARNING = 'Partition key is the constant \'all\': every record goes to one shard, which caps the feed at 1 MiB/s and '
    + '1,000 records/s while the other shards idle. Key by a record field with many values (a customer, order or device id), '
    + 'or a random key when order does not matter.';

  test('keeps its value, and counts as one value carrying every write', () => {
    const key = PartitionKey.constant('all');
    expect(key.constantValue).toBe('all');
    expect(key.fieldName).toBeUndefined();
    expect(key.distinctValues).toBe(1);
    expect(key.hottestKeyShare).toBe(1);
    expect(key.toString()).toBe('the constant \'all\'');
  });

  test('warns with or without a plan, and puts every write on one shard', () => {
    expect(messages(PartitionKey.constant('all').analyze())).toEqual([CONSTANT_WARNING]);
    const analysis = PartitionKey.constant('all').analyze(ShardSizing.plan({ ingestMibPerSecond: 0.5 }, { shardCount: 2 }));
    expect(messages(analysis)).toEqual([CONSTANT_WARNING]);
    expect(analysis.hottestShardShare).toBe(1);
    expect(analysis.hottestShardMibPerSecond).toBe(0.5);
  });

  test('is an error when the feed is more than one shard accepts', () => {
    expectInputError(() => PartitionKey.constant('all').analyze(ShardSizing.plan({ ingestMibPerSecond: 0.5, ingestRecordsPerSecond: 1_500 })),
      '`partitionKey` is the constant \'all\', so every record = 1,500 records/s goes to one shard, which accepts at most 1 MiB/s '
      + 'and 1,000 records/s. No shard count can fix this: key by a record field with many values, or a random key');
    expectInputError(() => PartitionKey.constant('all').analyze(TWO_SHARDS), /^`partitionKey` is the constant 'all', so every record = 2 MiB\/s goes/);
  });

  test.each(['', 'x'.repeat(257)])('refuses a key of %j characters', value => {
    expectInputError(() => PartitionKey.constant(value), `\`partitionKey\` constant must be 1-256 characters, got ${JSON.stringify(value)}`);
  });

  test('counts Unicode characters, as Kinesis does: 256 emoji are a valid key', () => {
    expect(PartitionKey.constant('🚀'.repeat(256)).constantValue).toHaveLength(512);
  });

  test('reads as a field or a random key in messages otherwise', () => {
    expect(PartitionKey.field('customerId').toString()).toBe('\'customerId\'');
    expect(PartitionKey.random().toString()).toBe('a random key per record');
  });
});
