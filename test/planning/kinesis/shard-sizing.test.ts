import { App, CfnParameter, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { CapacityLimit, CostModel, ShardSizing, StreamCapacityMode, StreamWorkload } from '../../../src';
import { expectInputError, tokenError } from '../../input-errors';

const TOKEN_RETENTION = '`retention` must be known at synth to plan with, got an unresolved token (e.g. a CfnParameter): '
  + 'state it as a plain duration';

describe('ShardSizing.plan: shard count and binding limit', () => {
  // shards = ceil(max(ingest·(1+h) ÷ 1, records·(1+h) ÷ 1000, consume·(1+h) ÷ 2)), at least 1.
  // Columns: workload, shardCount, binding limit, unrounded shards for write bytes / write records / read bytes.
  test.each<[string, StreamWorkload, number, CapacityLimit, number, number | undefined, number]>([
    // the reference document: max(2 MiB/s ÷ 1, 4 MiB/s ÷ 2) = max(2, 2) = 2; the tie goes to write bytes (listed first)
    ['reference example', { ingestMibPerSecond: 2, consumeMibPerSecond: 4 }, 2, CapacityLimit.WRITE_BYTES, 2, undefined, 2],
    // 3.5 ÷ 1 = 3.5 → 4; reads 3.5 ÷ 2 = 1.75
    ['bytes-bound', { ingestMibPerSecond: 3.5 }, 4, CapacityLimit.WRITE_BYTES, 3.5, undefined, 1.75],
    // 0.5 MiB/s → 0.5 shard, but 3,000 records/s ÷ 1,000 = 3 shards
    ['records-bound', { ingestMibPerSecond: 0.5, ingestRecordsPerSecond: 3000 }, 3, CapacityLimit.WRITE_RECORDS, 0.5, 3, 0.25],
    // 1 MiB/s of 512-byte records = 1,048,576 ÷ 512 = 2,048 records/s → 2.048 → 3
    ['records derived from averageRecordBytes', { ingestMibPerSecond: 1, averageRecordBytes: 512 }, 3, CapacityLimit.WRITE_RECORDS, 1, 2.048, 0.5],
    // 2 MiB/s of 4 KiB records = 2,097,152 ÷ 4,096 = 512 records/s → 0.512 shard: bytes still bind
    ['large records stay bytes-bound', { ingestMibPerSecond: 2, averageRecordBytes: 4096 }, 2, CapacityLimit.WRITE_BYTES, 2, 0.512, 1],
    // reads 10 ÷ 2 = 5 beat writes 1 ÷ 1 = 1
    ['read-bound', { ingestMibPerSecond: 1, consumeMibPerSecond: 10 }, 5, CapacityLimit.READ_BYTES, 1, undefined, 5],
    // consume defaults to ingest × pollingConsumers = 1 × 3 = 3 MiB/s → 1.5 → 2
    ['pollingConsumers sets the default consume', { ingestMibPerSecond: 1, pollingConsumers: 3 }, 2, CapacityLimit.READ_BYTES, 1, undefined, 1.5],
    // consume = 1.5 × 2 = 3 → 1.5 shards, equal to writes 1.5: the tie goes to write bytes
    ['two polling consumers tie with writes', { ingestMibPerSecond: 1.5, pollingConsumers: 2 }, 2, CapacityLimit.WRITE_BYTES, 1.5, undefined, 1.5],
    // 2 MiB/s ÷ 1 = 2 and 2,000 records/s ÷ 1,000 = 2: the tie goes to write bytes
    ['tie of write bytes and write records', { ingestMibPerSecond: 2, ingestRecordsPerSecond: 2000 }, 2, CapacityLimit.WRITE_BYTES, 2, 2, 1],
    // 3,000 records/s ÷ 1,000 = 3 and 6 MiB/s ÷ 2 = 3: the tie goes to write records (listed before read bytes)
    ['tie of write records and read bytes', { ingestMibPerSecond: 0.5, ingestRecordsPerSecond: 3000, consumeMibPerSecond: 6 }, 3, CapacityLimit.WRITE_RECORDS, 0.5, 3, 3],
    // 2 × 1.25 = 2.5 → 3
    ['headroom on write bytes', { ingestMibPerSecond: 2, headroom: 0.25 }, 3, CapacityLimit.WRITE_BYTES, 2.5, undefined, 1.25],
    // 800 records/s × 1.5 = 1,200 → 1.2 → 2 (bytes 0.1 × 1.5 = 0.15)
    ['headroom on write records', { ingestMibPerSecond: 0.1, ingestRecordsPerSecond: 800, headroom: 0.5 }, 2, CapacityLimit.WRITE_RECORDS, 0.15, 1.2, 0.075],
    // 4 MiB/s × 1.5 ÷ 2 = 3
    ['headroom on read bytes', { ingestMibPerSecond: 1, consumeMibPerSecond: 4, headroom: 0.5 }, 3, CapacityLimit.READ_BYTES, 1.5, undefined, 3],
    // 1 × (1 + 10) = 11
    ['the largest headroom', { ingestMibPerSecond: 1, headroom: 10 }, 11, CapacityLimit.WRITE_BYTES, 11, undefined, 5.5],
    // 0.001 MiB/s needs 0.001 shard: at least 1
    ['a tiny stream gets 1 shard', { ingestMibPerSecond: 0.001 }, 1, CapacityLimit.WRITE_BYTES, 0.001, undefined, 0.0005],
    // read only through enhanced fan-out: polling reads are 0
    ['consumeMibPerSecond 0 (enhanced fan-out only)', { ingestMibPerSecond: 0.5, consumeMibPerSecond: 0, enhancedFanOutConsumers: 3 }, 1, CapacityLimit.WRITE_BYTES, 0.5, undefined, 0],
    // no polling consumer: the default consume is 1.5 × 0 = 0
    ['pollingConsumers 0', { ingestMibPerSecond: 1.5, pollingConsumers: 0 }, 2, CapacityLimit.WRITE_BYTES, 1.5, undefined, 0],
    // exactly the 10,000 shards a stream may have
    ['the largest stream', { ingestMibPerSecond: 10000 }, 10000, CapacityLimit.WRITE_BYTES, 10000, undefined, 5000],
  ])('%s', (_name, workload, shards, binding, forWriteBytes, forWriteRecords, forReadBytes) => {
    const plan = ShardSizing.plan(workload);
    expect(plan.shardCount).toBe(shards);
    expect(plan.requiredShardCount).toBe(shards);
    expect(plan.bindingLimit).toBe(binding);
    expect(plan.shardsForWriteBytes).toBeCloseTo(forWriteBytes, 12);
    if (forWriteRecords === undefined) {
      expect(plan.shardsForWriteRecords).toBeUndefined();
    } else {
      expect(plan.shardsForWriteRecords).toBeCloseTo(forWriteRecords, 12);
    }
    expect(plan.shardsForReadBytes).toBeCloseTo(forReadBytes, 12);
  });

  test('the reference example: 2 shards, write bytes, nothing to warn about', () => {
    const plan = ShardSizing.plan({ ingestMibPerSecond: 2, consumeMibPerSecond: 4 });
    expect(plan).toMatchObject({
      shardCount: 2,
      requiredShardCount: 2,
      bindingLimit: CapacityLimit.WRITE_BYTES,
      shardsForWriteBytes: 2,
      shardsForReadBytes: 2,
      writeBytesUtilisation: 1,
      readBytesUtilisation: 1,
      warnings: [],
    });
    expect(plan.shardsForWriteRecords).toBeUndefined();
    expect(plan.writeRecordsUtilisation).toBeUndefined();
  });
});

describe('ShardSizing.plan: floating-point rounding', () => {
  // Products such as 50 × 1.1 = 55.00000000000001 must not buy an extra shard; real excess must.
  test.each<[string, StreamWorkload, number, CapacityLimit]>([
    ['0.1 + 0.2 MiB/s (= 0.30000000000000004)', { ingestMibPerSecond: 0.1 + 0.2 }, 1, CapacityLimit.WRITE_BYTES],
    ['(0.1 + 0.2) × 10 MiB/s (= 3.0000000000000004)', { ingestMibPerSecond: (0.1 + 0.2) * 10 }, 3, CapacityLimit.WRITE_BYTES],
    ['50 MiB/s with 10% headroom (50 × 1.1 = 55.00000000000001)', { ingestMibPerSecond: 50, headroom: 0.1 }, 55, CapacityLimit.WRITE_BYTES],
    ['100 MiB/s with 10% headroom (100 × 1.1 = 110.00000000000001)', { ingestMibPerSecond: 100, headroom: 0.1 }, 110, CapacityLimit.WRITE_BYTES],
    ['50,000 records/s with 10% headroom', { ingestMibPerSecond: 0.1, ingestRecordsPerSecond: 50000, headroom: 0.1 }, 55, CapacityLimit.WRITE_RECORDS],
    ['100 MiB/s of reads with 10% headroom', { ingestMibPerSecond: 1, consumeMibPerSecond: 100, headroom: 0.1 }, 55, CapacityLimit.READ_BYTES],
    // 1e-10 MiB/s (about 0.0001 byte/s) over 3 shards is within the 1e-9 slack
    ['3.0000000001 MiB/s (excess below a byte per second)', { ingestMibPerSecond: 3.0000000001 }, 3, CapacityLimit.WRITE_BYTES],
    // 1e-8 MiB/s is beyond the slack: a real, if tiny, excess needs a 4th shard
    ['3.00000001 MiB/s', { ingestMibPerSecond: 3.00000001 }, 4, CapacityLimit.WRITE_BYTES],
    ['3.000001 MiB/s', { ingestMibPerSecond: 3.000001 }, 4, CapacityLimit.WRITE_BYTES],
    ['2.9999999 MiB/s', { ingestMibPerSecond: 2.9999999 }, 3, CapacityLimit.WRITE_BYTES],
  ])('%s', (_name, workload, shards, binding) => {
    const plan = ShardSizing.plan(workload);
    expect(plan.requiredShardCount).toBe(shards);
    expect(plan.bindingLimit).toBe(binding);
  });
});

describe('ShardSizing.plan: the workload it planned for', () => {
  test('fills in the defaults', () => {
    const plan = ShardSizing.plan({ ingestMibPerSecond: 1.5 });
    expect(plan.workload).toEqual({
      ingestMibPerSecond: 1.5,
      consumeMibPerSecond: 1.5,
      pollingConsumers: 1,
      enhancedFanOutConsumers: 0,
      headroom: 0,
    });
    expect(plan.workload.ingestRecordsPerSecond).toBeUndefined();
    expect(plan.workload.averageRecordBytes).toBeUndefined();
  });

  test('derives the record rate from averageRecordBytes', () => {
    // 1,048,576 bytes/s ÷ 512 bytes = 2,048 records/s
    expect(ShardSizing.plan({ ingestMibPerSecond: 1, averageRecordBytes: 512 }).workload.ingestRecordsPerSecond).toBe(2048);
  });

  test('derives averageRecordBytes from the record rate', () => {
    // 1,048,576 bytes/s ÷ 2,000 records/s = 524.288 bytes
    expect(ShardSizing.plan({ ingestMibPerSecond: 1, ingestRecordsPerSecond: 2000 }).workload.averageRecordBytes).toBeCloseTo(524.288, 9);
  });

  test('keeps stated figures as given', () => {
    const workload = {
      ingestMibPerSecond: 2,
      consumeMibPerSecond: 3,
      ingestRecordsPerSecond: 1500,
      averageRecordBytes: 1000,
      pollingConsumers: 2,
      enhancedFanOutConsumers: 4,
      headroom: 0.3,
    };
    expect(ShardSizing.plan(workload).workload).toEqual(workload);
  });
});

describe('ShardSizing.plan: utilisation', () => {
  test('is measured at the stated peaks, not the headroom-inflated ones', () => {
    // 3 shards: write 2 of 3 MiB/s, read 2 of 6 MiB/s
    const plan = ShardSizing.plan({ ingestMibPerSecond: 2, headroom: 0.25 });
    expect(plan.shardCount).toBe(3);
    expect(plan.writeBytesUtilisation).toBeCloseTo(2 / 3, 12);
    expect(plan.readBytesUtilisation).toBeCloseTo(2 / 6, 12);
    expect(plan.writeRecordsUtilisation).toBeUndefined();
  });

  test('includes records when the record rate is known or derived', () => {
    // 3 shards: 1 of 3 MiB/s written, 2,048 of 3,000 records/s, 1 of 6 MiB/s read
    const plan = ShardSizing.plan({ ingestMibPerSecond: 1, averageRecordBytes: 512 });
    expect(plan.writeBytesUtilisation).toBeCloseTo(1 / 3, 12);
    expect(plan.writeRecordsUtilisation).toBeCloseTo(2048 / 3000, 12);
    expect(plan.readBytesUtilisation).toBeCloseTo(1 / 6, 12);
  });

  test('is evaluated at a fixed shardCount above the required one', () => {
    const plan = ShardSizing.plan({ ingestMibPerSecond: 2, consumeMibPerSecond: 4 }, { shardCount: 4 });
    expect(plan.shardCount).toBe(4);
    expect(plan.requiredShardCount).toBe(2);
    expect(plan.writeBytesUtilisation).toBe(0.5); // 2 of 4 MiB/s
    expect(plan.readBytesUtilisation).toBe(0.5); // 4 of 8 MiB/s
    expect(plan.warnings).toEqual([]);
  });

  test('goes above 1 at a fixed shardCount below the required one', () => {
    const plan = ShardSizing.plan({ ingestMibPerSecond: 3, ingestRecordsPerSecond: 2400, consumeMibPerSecond: 3 }, { shardCount: 2 });
    expect(plan.writeBytesUtilisation).toBe(1.5); // 3 of 2 MiB/s
    expect(plan.writeRecordsUtilisation).toBe(1.2); // 2,400 of 2,000 records/s
    expect(plan.readBytesUtilisation).toBe(0.75); // 3 of 4 MiB/s
  });

  test('is 0 for reads when nothing polls', () => {
    expect(ShardSizing.plan({ ingestMibPerSecond: 1, consumeMibPerSecond: 0 }).readBytesUtilisation).toBe(0);
  });
});

describe('ShardSizing.plan: warnings', () => {
  test.each<[string, StreamWorkload, number, string]>([
    ['write bytes', { ingestMibPerSecond: 3 }, 2,
      '2 shards are fewer than the 3 the workload needs (bound by write bytes (1 MiB/s per shard)): expect throttled requests at peak. Raise the shard count or lower the workload figures.'],
    ['write records', { ingestMibPerSecond: 0.5, ingestRecordsPerSecond: 3000 }, 2,
      '2 shards are fewer than the 3 the workload needs (bound by write records (1,000 records/s per shard)): expect throttled requests at peak. Raise the shard count or lower the workload figures.'],
    ['read bytes', { ingestMibPerSecond: 1, consumeMibPerSecond: 10 }, 3,
      '3 shards are fewer than the 5 the workload needs (bound by shared read bytes (2 MiB/s per shard)): expect throttled requests at peak. Raise the shard count or lower the workload figures.'],
  ])('shardCount below the required count (%s)', (_name, workload, shardCount, warning) => {
    const plan = ShardSizing.plan(workload, { shardCount });
    expect(plan.shardCount).toBe(shardCount);
    expect(plan.warnings).toEqual([{ id: 'shardCountBelowPlan', message: warning }]);
  });

  test('large shard counts in the warning have thousands separators', () => {
    expect(ShardSizing.plan({ ingestMibPerSecond: 5000 }, { shardCount: 1000 }).warnings.map(w => w.message)).toEqual([
      '1,000 shards are fewer than the 5,000 the workload needs (bound by write bytes (1 MiB/s per shard)): expect throttled requests at peak. '
      + 'Raise the shard count or lower the workload figures.',
    ]);
  });

  test('shardCount equal to the required count does not warn', () => {
    expect(ShardSizing.plan({ ingestMibPerSecond: 3 }, { shardCount: 3 }).warnings).toEqual([]);
  });

  test.each([0, 1, 2])('%d polling consumers do not warn', (pollingConsumers) => {
    expect(ShardSizing.plan({ ingestMibPerSecond: 1, pollingConsumers }).warnings).toEqual([]);
  });

  test.each([3, 5])('%d polling consumers warn to use enhanced fan-out', (pollingConsumers) => {
    expect(ShardSizing.plan({ ingestMibPerSecond: 1, pollingConsumers }).warnings).toEqual([{
      id: 'tooManyPollingConsumers',
      message: `${pollingConsumers} polling consumers share 5 GetRecords calls/s and 2 MiB/s per shard and slow each other down: read with enhanced fan-out for all but 2.`,
    }]);
  });

  test('both warnings, too few shards first', () => {
    const plan = ShardSizing.plan({ ingestMibPerSecond: 1, pollingConsumers: 4 }, { shardCount: 1 });
    // consume = 1 × 4 = 4 MiB/s → 2 shards for reads
    expect(plan.requiredShardCount).toBe(2);
    expect(plan.warnings.map(w => w.id)).toEqual(['shardCountBelowPlan', 'tooManyPollingConsumers']);
    expect(plan.warnings.map(w => w.message)).toEqual([
      '1 shard is fewer than the 2 the workload needs (bound by shared read bytes (2 MiB/s per shard)): expect throttled requests at peak. Raise the shard count or lower the workload figures.',
      '4 polling consumers share 5 GetRecords calls/s and 2 MiB/s per shard and slow each other down: read with enhanced fan-out for all but 2.',
    ]);
  });
});

describe('ShardSizing.plan: errors', () => {
  test.each<[string, StreamWorkload, number]>([
    ['write bytes', { ingestMibPerSecond: 10000.5 }, 10001],
    // 10,000,001 records/s of 10 MiB/s are 1.05-byte records (0.1 MiB/s would imply records under a byte)
    ['write records', { ingestMibPerSecond: 10, ingestRecordsPerSecond: 10_000_001 }, 10001],
    ['read bytes', { ingestMibPerSecond: 1, consumeMibPerSecond: 20002 }, 10001],
    ['headroom', { ingestMibPerSecond: 5001, headroom: 1 }, 10002],
  ])('more than 10,000 shards (%s)', (_name, workload, shards) => {
    expectInputError(() => ShardSizing.plan(workload),
      `\`workload\` needs ${shards} shards, above the 10000 a stream can have: split it into several streams`);
  });

  test('the too-many-shards error wins over a valid fixed shardCount', () => {
    expectInputError(() => ShardSizing.plan({ ingestMibPerSecond: 10001 }, { shardCount: 10000 }),
      '`workload` needs 10001 shards, above the 10000 a stream can have: split it into several streams');
  });

  test.each([0, -1, 2.5, 10001, NaN, Infinity])('shardCount %p', (shardCount) => {
    expectInputError(() => ShardSizing.plan({ ingestMibPerSecond: 1 }, { shardCount }),
      `\`shardCount\` must be an integer between 1 and 10000, got ${shardCount}`);
  });

  test.each([1, 10000])('shardCount %p is accepted', (shardCount) => {
    expect(ShardSizing.plan({ ingestMibPerSecond: 1 }, { shardCount }).shardCount).toBe(shardCount);
  });

  // Was a bug: an unresolved token passed validation and was planned as a number (about -1.9e289), giving 1 shard
  // bound by WRITE_RECORDS (records were never given) and a negative on-demand cost called cheaper.
  test('rejects an unresolved token in a workload figure: a plan needs concrete numbers', () => {
    const lazy = Lazy.number({ produce: () => 5 });
    expectInputError(() => ShardSizing.plan({ ingestMibPerSecond: lazy }),
      tokenError('workload.ingestMibPerSecond'));
  });

  test.each<[string, () => number]>([
    ['a Lazy', () => Lazy.number({ produce: () => 3 })],
    ["a CfnParameter's valueAsNumber", () => new CfnParameter(new Stack(new App()), 'Shards', { type: 'Number' }).valueAsNumber],
  ])('rejects %s as shardCount', (_name, makeToken) => {
    const shardCount = makeToken();
    expectInputError(() => ShardSizing.plan({ ingestMibPerSecond: 1 }, { shardCount }),
      tokenError('shardCount'));
  });

  // Was a bug: plan() resolved the workload, then CostModel re-validated the *derived* averageRecordBytes and threw
  // '`workload.averageRecordBytes` must be between 1 and 10485760 bytes, got 20971520', naming a field the user did not give,
  // while new CostModel().estimate() accepted the same workload.
  test('reports an impossible derived record size against the figures the user gave (ingestMibPerSecond ÷ ingestRecordsPerSecond)', () => {
    // 20 MiB/s at 1 record/s = 20 × 1,048,576 = 20,971,520-byte records, twice the 10 MiB a stream accepts
    const message = '`workload.ingestRecordsPerSecond` 1 with `ingestMibPerSecond` 20 means 20,971,520-byte records, '
      + 'outside the 1 to 10,485,760 bytes a record can have: check both figures';
    expectInputError(() => ShardSizing.plan({ ingestMibPerSecond: 20, ingestRecordsPerSecond: 1 }), message);
    expectInputError(() => new CostModel().estimate({ ingestMibPerSecond: 20, ingestRecordsPerSecond: 1 }, 20), message);
  });

  test.each<[string, Duration, string]>([
    ['90 minutes', Duration.minutes(90), '1.5'],
    ['12 hours', Duration.hours(12), '12'],
    ['9000 hours', Duration.hours(9000), '9000'],
    ['24.5 hours', Duration.minutes(1470), '24.5'],
  ])('retention of %s', (_name, retention, hours) => {
    expectInputError(() => ShardSizing.plan({ ingestMibPerSecond: 1 }, { retention }),
      `\`retention\` must be an integer between 24 and 8760 whole hours, got ${hours}`);
  });

  test.each([
    // 1 shard × 730 h × $0.02 beyond 24 hours
    [Duration.hours(24), 0],
    [Duration.hours(25), 14.6],
    [Duration.hours(8760), 14.6],
  ])('retention of %s is accepted', (retention, usd) => {
    expect(ShardSizing.plan({ ingestMibPerSecond: 1 }, { retention }).cost.extendedRetentionMonthlyUsd).toBe(usd);
  });

  // Was a bug: a token retention passed and was priced as 24 hours.
  test.each<[string, () => Duration]>([
    ['Duration.hours(<Lazy>)', () => Duration.hours(Lazy.number({ produce: () => 48 }))],
    ['Duration.days(<Lazy>)', () => Duration.days(Lazy.number({ produce: () => 2 }))],
    ['Duration.seconds(<CfnParameter>)', () => Duration.seconds(new CfnParameter(new Stack(new App()), 'Retention', { type: 'Number' }).valueAsNumber)],
  ])('rejects a token retention: %s', (_name, makeRetention) => {
    expectInputError(() => ShardSizing.plan({ ingestMibPerSecond: 1 }, { retention: makeRetention() }), TOKEN_RETENTION);
  });

  test('a token shardCount is reported before a token retention', () => {
    const lazy = Lazy.number({ produce: () => 3 });
    expectInputError(() => ShardSizing.plan({ ingestMibPerSecond: 1 }, { shardCount: lazy, retention: Duration.hours(lazy) }), tokenError('shardCount'));
  });

  // Was a bug: a token price passed and was priced as about -1.4e292 USD.
  test('rejects a token price', () => {
    expectInputError(() => ShardSizing.plan({ ingestMibPerSecond: 1 }, { prices: { onDemandIngestPerGbUsd: Lazy.number({ produce: () => 0.08 }) } }),
      tokenError('prices.onDemandIngestPerGbUsd'));
  });

  test('shardCount is reported before retention', () => {
    expectInputError(() => ShardSizing.plan({ ingestMibPerSecond: 1 }, { shardCount: 0, retention: Duration.hours(12) }),
      '`shardCount` must be an integer between 1 and 10000, got 0');
  });
});

describe('ShardSizing.plan: summary', () => {
  test('the reference example, line by line', () => {
    // on-demand: 29.20 stream-hours + 2 × 2,566.40625 GiB × 0.08 + 4 × 2,566.40625 GiB × 0.04 = 29.20 + 410.625 + 410.625 = 850.45
    expect(ShardSizing.plan({ ingestMibPerSecond: 2, consumeMibPerSecond: 4 }).summary.split('\n')).toEqual([
      '2 shards (workload needs 2, bound by write bytes (1 MiB/s per shard))',
      '  write bytes    2 of 2 MiB/s  100%',
      '  write records  not planned (no record rate or size given)',
      '  read bytes     4 of 4 MiB/s  100% (1 polling, 0 enhanced fan-out consumers)',
      '  cost/month     provisioned $21.90, on-demand $850.45: provisioned is cheaper',
    ]);
  });

  test('one shard is singular', () => {
    expect(ShardSizing.plan({ ingestMibPerSecond: 0.5 }).summary.split('\n')[0])
      .toBe('1 shard (workload needs 1, bound by write bytes (1 MiB/s per shard))');
  });

  test('records, headroom, a fixed shard count, consumers and cost', () => {
    const plan = ShardSizing.plan(
      { ingestMibPerSecond: 3, ingestRecordsPerSecond: 2000, headroom: 0.25, pollingConsumers: 3, enhancedFanOutConsumers: 2 },
      { shardCount: 2, retention: Duration.days(30) },
    );
    // required: ceil(max(3 × 1.25, 2,000 × 1.25 ÷ 1,000, 9 × 1.25 ÷ 2)) = ceil(max(3.75, 2.5, 5.625)) = 6, reads bind
    // provisioned = 21.90 shard-hours + 73.584 PUT units + 29.20 retention + 243.9796875 EFO = 368.66
    // on-demand = 29.20 + 802.001953125 ingest (records billed at 2 KiB) + 923.90625 reads
    //   + 200.1796875 EFO data (2 consumers × 3 MiB/s × 2,566.40625 GiB × $0.013; no consumer-shard-hours) = 1,955.29
    expect(plan.summary.split('\n')).toEqual([
      '2 shards (workload needs 6, bound by shared read bytes (2 MiB/s per shard) with 25% headroom)',
      '  write bytes    3 of 2 MiB/s  150%',
      '  write records  2,000 of 2,000 records/s  100%',
      '  read bytes     9 of 4 MiB/s  225% (3 polling, 2 enhanced fan-out consumers)',
      '  cost/month     provisioned $368.66, on-demand $1,955.29: provisioned is cheaper',
    ]);
  });

  test('large shard counts and figures have thousands separators', () => {
    // 5,000 MiB/s: 5,000 shards, 10,000 MiB/s of shared reads
    expect(ShardSizing.plan({ ingestMibPerSecond: 5000 }).summary.split('\n').slice(0, 4)).toEqual([
      '5,000 shards (workload needs 5,000, bound by write bytes (1 MiB/s per shard))',
      '  write bytes    5,000 of 5,000 MiB/s  100%',
      '  write records  not planned (no record rate or size given)',
      '  read bytes     5,000 of 10,000 MiB/s  50% (1 polling, 0 enhanced fan-out consumers)',
    ]);
    // at a fixed 1,000 shards
    expect(ShardSizing.plan({ ingestMibPerSecond: 5000 }, { shardCount: 1000 }).summary.split('\n')[0])
      .toBe('1,000 shards (workload needs 5,000, bound by write bytes (1 MiB/s per shard))');
  });

  // Was a bug: shares were rounded to whole percents, so a small one read "0%"; small figures keep two significant digits too.
  test('percentages below 10% keep two significant digits', () => {
    // 0.005 MiB/s on 1 shard: 0.5% of the 1 MiB/s writes, 0.25% of the 2 MiB/s reads; 5% headroom
    expect(ShardSizing.plan({ ingestMibPerSecond: 0.005, headroom: 0.05 }).summary.split('\n').slice(0, 4)).toEqual([
      '1 shard (workload needs 1, bound by write bytes (1 MiB/s per shard) with 5% headroom)',
      '  write bytes    0.005 of 1 MiB/s  0.5%',
      '  write records  not planned (no record rate or size given)',
      '  read bytes     0.005 of 2 MiB/s  0.25% (1 polling, 0 enhanced fan-out consumers)',
    ]);
    // 10% and above are whole: 0.14 MiB/s is 14%; 0.5% headroom
    expect(ShardSizing.plan({ ingestMibPerSecond: 0.14, consumeMibPerSecond: 0.01, headroom: 0.005 }).summary.split('\n').slice(0, 4)).toEqual([
      '1 shard (workload needs 1, bound by write bytes (1 MiB/s per shard) with 0.5% headroom)',
      '  write bytes    0.14 of 1 MiB/s  14%',
      '  write records  not planned (no record rate or size given)',
      '  read bytes     0.01 of 2 MiB/s  0.5% (1 polling, 0 enhanced fan-out consumers)',
    ]);
  });

  test('a derived record rate is summarised', () => {
    expect(ShardSizing.plan({ ingestMibPerSecond: 1, averageRecordBytes: 512 }).summary).toContain(
      '\n  write records  2,048 of 3,000 records/s  68%\n',
    );
  });

  test('names on-demand when it is cheaper', () => {
    // 10 shards for 0.01 MiB/s: provisioned 10 × 730 × 0.015 = 109.50; on-demand 29.20 + 2.053125 + 1.0265625 = 32.28
    expect(ShardSizing.plan({ ingestMibPerSecond: 0.01 }, { shardCount: 10 }).summary.split('\n')[4])
      .toBe('  cost/month     provisioned $109.50, on-demand $32.28: on-demand is cheaper');
  });
});

describe('ShardSizing.plan: cost', () => {
  test('is the cost model\'s estimate at the planned shard count', () => {
    const workload = { ingestMibPerSecond: 2, averageRecordBytes: 1024, enhancedFanOutConsumers: 1 };
    const plan = ShardSizing.plan(workload, { retention: Duration.hours(48) });
    expect(plan.shardCount).toBe(3); // 2,048 records/s → 2.048 → 3
    expect(plan.cost).toEqual(new CostModel().estimate(workload, 3, Duration.hours(48)));
  });

  test('is priced at a fixed shardCount, not the required one', () => {
    // 5 × 730 h × $0.015
    expect(ShardSizing.plan({ ingestMibPerSecond: 1 }, { shardCount: 5 }).cost.shardHoursMonthlyUsd).toBe(54.75);
  });

  test('headroom buys shards but does not raise the priced volumes', () => {
    const cost = ShardSizing.plan({ ingestMibPerSecond: 2, headroom: 0.25 }).cost;
    expect(cost.shardHoursMonthlyUsd).toBe(32.85); // 3 shards × 730 h × $0.015
    expect(cost.onDemandIngestMonthlyUsd).toBe(410.63); // 2 MiB/s × 2,628,000 s ÷ 1,024 = 5,132.8125 GiB × $0.08 = 410.625
  });

  test('uses the given prices and retention', () => {
    const cost = ShardSizing.plan({ ingestMibPerSecond: 2 }, { prices: { shardHourUsd: 0.03 }, retention: Duration.hours(48) }).cost;
    expect(cost.shardHoursMonthlyUsd).toBe(43.8); // 2 × 730 × 0.03
    expect(cost.extendedRetentionMonthlyUsd).toBe(29.2); // 2 × 730 × 0.02
    expect(cost.recommendedMode).toBe(StreamCapacityMode.PROVISIONED);
  });

  test('the derived record size is priced, not re-validated', () => {
    // 10 MiB/s at 1 record/s = 10,485,760-byte records, the largest a stream accepts: 10 shards
    const workload = { ingestMibPerSecond: 10, ingestRecordsPerSecond: 1 };
    const plan = ShardSizing.plan(workload);
    expect(plan.shardCount).toBe(10);
    expect(plan.workload.averageRecordBytes).toBe(10485760);
    // ceil(10,485,760 ÷ 25,600) = 410 units × 2,628,000 records = 1,077.48 M units × $0.014 = $15.08472
    expect(plan.cost.putPayloadUnitsMonthlyUsd).toBe(15.08);
    // 2,628,000 records × 10,485,760 bytes = 25,664.0625 GiB × $0.08 = $2,053.125
    expect(plan.cost.onDemandIngestMonthlyUsd).toBe(2053.13);
    expect(plan.cost).toEqual(new CostModel().estimate(workload, 10));
  });

  test('a negative price is refused', () => {
    expectInputError(() => ShardSizing.plan({ ingestMibPerSecond: 1 }, { prices: { shardHourUsd: -1 } }),
      '`prices.shardHourUsd` must be a finite number of at least 0 USD, got -1');
  });
});
