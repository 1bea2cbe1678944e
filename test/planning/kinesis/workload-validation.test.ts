import { App, CfnParameter, Lazy, Stack, Token } from 'aws-cdk-lib';
import { CostModel, ShardSizing, StreamWorkload } from '../../../src';
import { expectInputError, tokenError } from '../../input-errors';

const TEN_MIB = 10 * 1024 * 1024; // 10,485,760 bytes, the largest record a stream accepts

const ingest = (value: number) => `\`workload.ingestMibPerSecond\` must be a finite number of MiB/s greater than 0, got ${value}`;
const consume = (value: number) => `\`workload.consumeMibPerSecond\` must be a finite number of at least 0 MiB/s, got ${value}`;
const records = (value: number) => `\`workload.ingestRecordsPerSecond\` must be a finite number of records/s greater than 0, got ${value}`;
const recordBytes = (value: number) => `\`workload.averageRecordBytes\` must be between 1 and 10485760 bytes, got ${value}`;
const polling = (value: number) => `\`workload.pollingConsumers\` must be an integer between 0 and 1000, got ${value}`;
const efo = (value: number) => `\`workload.enhancedFanOutConsumers\` must be an integer between 0 and 20, got ${value}`;
const headroom = (value: number) => `\`workload.headroom\` must be between 0 and 10 (a fraction: 0.25 plans for 25% above the peak), got ${value}`;

// Every message names the field (`workload.<field>`), the allowed range with its unit, and the value given.
const INVALID: Array<[string, StreamWorkload, string]> = [
  ['ingestMibPerSecond NaN', { ingestMibPerSecond: NaN }, ingest(NaN)],
  ['ingestMibPerSecond Infinity', { ingestMibPerSecond: Infinity }, ingest(Infinity)],
  ['ingestMibPerSecond -Infinity', { ingestMibPerSecond: -Infinity }, ingest(-Infinity)],
  ['ingestMibPerSecond 0', { ingestMibPerSecond: 0 }, ingest(0)],
  ['ingestMibPerSecond -1', { ingestMibPerSecond: -1 }, ingest(-1)],
  ['ingestMibPerSecond -0.5', { ingestMibPerSecond: -0.5 }, ingest(-0.5)],
  ['ingestMibPerSecond missing', {} as StreamWorkload, '`workload.ingestMibPerSecond` is required: the peak write throughput in MiB/s'],

  ['consumeMibPerSecond -1', { ingestMibPerSecond: 1, consumeMibPerSecond: -1 }, consume(-1)],
  ['consumeMibPerSecond -0.001', { ingestMibPerSecond: 1, consumeMibPerSecond: -0.001 }, consume(-0.001)],
  ['consumeMibPerSecond NaN', { ingestMibPerSecond: 1, consumeMibPerSecond: NaN }, consume(NaN)],
  ['consumeMibPerSecond Infinity', { ingestMibPerSecond: 1, consumeMibPerSecond: Infinity }, consume(Infinity)],

  ['ingestRecordsPerSecond 0', { ingestMibPerSecond: 1, ingestRecordsPerSecond: 0 }, records(0)],
  ['ingestRecordsPerSecond -100', { ingestMibPerSecond: 1, ingestRecordsPerSecond: -100 }, records(-100)],
  ['ingestRecordsPerSecond NaN', { ingestMibPerSecond: 1, ingestRecordsPerSecond: NaN }, records(NaN)],
  ['ingestRecordsPerSecond Infinity', { ingestMibPerSecond: 1, ingestRecordsPerSecond: Infinity }, records(Infinity)],

  ['averageRecordBytes 0', { ingestMibPerSecond: 1, averageRecordBytes: 0 }, recordBytes(0)],
  ['averageRecordBytes 0.5', { ingestMibPerSecond: 1, averageRecordBytes: 0.5 }, recordBytes(0.5)],
  ['averageRecordBytes -1', { ingestMibPerSecond: 1, averageRecordBytes: -1 }, recordBytes(-1)],
  ['averageRecordBytes 10 MiB + 1', { ingestMibPerSecond: 1, averageRecordBytes: TEN_MIB + 1 }, recordBytes(10485761)],
  ['averageRecordBytes 20 MiB', { ingestMibPerSecond: 1, averageRecordBytes: 2 * TEN_MIB }, recordBytes(20971520)],
  ['averageRecordBytes NaN', { ingestMibPerSecond: 1, averageRecordBytes: NaN }, recordBytes(NaN)],

  ['pollingConsumers -1', { ingestMibPerSecond: 1, pollingConsumers: -1 }, polling(-1)],
  ['pollingConsumers 1.5', { ingestMibPerSecond: 1, pollingConsumers: 1.5 }, polling(1.5)],
  ['pollingConsumers 1001', { ingestMibPerSecond: 1, pollingConsumers: 1001 }, polling(1001)],
  ['pollingConsumers NaN', { ingestMibPerSecond: 1, pollingConsumers: NaN }, polling(NaN)],

  ['enhancedFanOutConsumers 21', { ingestMibPerSecond: 1, enhancedFanOutConsumers: 21 }, efo(21)],
  ['enhancedFanOutConsumers 1.5', { ingestMibPerSecond: 1, enhancedFanOutConsumers: 1.5 }, efo(1.5)],
  ['enhancedFanOutConsumers -1', { ingestMibPerSecond: 1, enhancedFanOutConsumers: -1 }, efo(-1)],
  ['enhancedFanOutConsumers Infinity', { ingestMibPerSecond: 1, enhancedFanOutConsumers: Infinity }, efo(Infinity)],

  ['headroom -0.1', { ingestMibPerSecond: 1, headroom: -0.1 }, headroom(-0.1)],
  ['headroom 11', { ingestMibPerSecond: 1, headroom: 11 }, headroom(11)],
  ['headroom 10.01', { ingestMibPerSecond: 1, headroom: 10.01 }, headroom(10.01)],
  ['headroom NaN', { ingestMibPerSecond: 1, headroom: NaN }, headroom(NaN)],
];

describe('workload validation', () => {
  test.each(INVALID)('ShardSizing.plan: %s', (_name, workload, message) => {
    expectInputError(() => ShardSizing.plan(workload), message);
  });

  test.each(INVALID)('CostModel.estimate: %s', (_name, workload, message) => {
    expectInputError(() => new CostModel().estimate(workload, 1), message);
  });

  test('the first invalid field in declaration order is reported', () => {
    expectInputError(() => ShardSizing.plan({ ingestMibPerSecond: 0, headroom: -1 }), ingest(0));
    expectInputError(() => ShardSizing.plan({ ingestMibPerSecond: 1, consumeMibPerSecond: -1, enhancedFanOutConsumers: 21 }), consume(-1));
    expectInputError(() => ShardSizing.plan({ ingestMibPerSecond: 1, pollingConsumers: -1, enhancedFanOutConsumers: 21, headroom: 11 }), polling(-1));
  });

  test('validation runs before the shard limit is checked', () => {
    expectInputError(() => ShardSizing.plan({ ingestMibPerSecond: 20000, headroom: 11 }), headroom(11));
  });

  test.each<[string, StreamWorkload]>([
    ['the smallest ingestMibPerSecond', { ingestMibPerSecond: Number.MIN_VALUE }],
    ['fractional ingestMibPerSecond', { ingestMibPerSecond: 0.25 }],
    ['consumeMibPerSecond 0', { ingestMibPerSecond: 1, consumeMibPerSecond: 0 }],
    ['fractional ingestRecordsPerSecond', { ingestMibPerSecond: 1, ingestRecordsPerSecond: 0.5 }],
    ['averageRecordBytes 1', { ingestMibPerSecond: 0.0001, averageRecordBytes: 1 }],
    ['a fractional averageRecordBytes', { ingestMibPerSecond: 1, averageRecordBytes: 1500.5 }],
    ['averageRecordBytes 10 MiB', { ingestMibPerSecond: 1, averageRecordBytes: TEN_MIB }],
    ['pollingConsumers 0', { ingestMibPerSecond: 1, pollingConsumers: 0 }],
    ['pollingConsumers 1000', { ingestMibPerSecond: 0.001, pollingConsumers: 1000 }],
    ['enhancedFanOutConsumers 0', { ingestMibPerSecond: 1, enhancedFanOutConsumers: 0 }],
    ['enhancedFanOutConsumers 20', { ingestMibPerSecond: 1, enhancedFanOutConsumers: 20 }],
    ['headroom 0', { ingestMibPerSecond: 1, headroom: 0 }],
    ['headroom 10', { ingestMibPerSecond: 1, headroom: 10 }],
    ['every field undefined but ingestMibPerSecond', {
      ingestMibPerSecond: 1,
      consumeMibPerSecond: undefined,
      ingestRecordsPerSecond: undefined,
      averageRecordBytes: undefined,
      pollingConsumers: undefined,
      enhancedFanOutConsumers: undefined,
      headroom: undefined,
    }],
  ])('accepts %s', (_name, workload) => {
    expect(() => ShardSizing.plan(workload)).not.toThrow();
    expect(() => new CostModel().estimate(workload, 1)).not.toThrow();
  });
});

describe('workload validation: unresolved tokens', () => {
  // A token is a number such as -1.888e+289 that CloudFormation replaces at deploy time: planning with it gave
  // nonsense (1 shard bound by WRITE_RECORDS, a negative cost), so every workload figure must be known at synth.
  const lazy = Lazy.number({ produce: () => 5 });

  test('a Lazy is an unresolved token', () => {
    expect(Token.isUnresolved(lazy)).toBe(true);
  });

  const FIELDS: Array<[keyof StreamWorkload, StreamWorkload]> = [
    ['ingestMibPerSecond', { ingestMibPerSecond: lazy }],
    ['consumeMibPerSecond', { ingestMibPerSecond: 1, consumeMibPerSecond: lazy }],
    ['ingestRecordsPerSecond', { ingestMibPerSecond: 1, ingestRecordsPerSecond: lazy }],
    ['averageRecordBytes', { ingestMibPerSecond: 1, averageRecordBytes: lazy }],
    ['pollingConsumers', { ingestMibPerSecond: 1, pollingConsumers: lazy }],
    ['enhancedFanOutConsumers', { ingestMibPerSecond: 1, enhancedFanOutConsumers: lazy }],
    ['headroom', { ingestMibPerSecond: 1, headroom: lazy }],
  ];

  test.each(FIELDS)('ShardSizing.plan refuses a token %s', (field, workload) => {
    expectInputError(() => ShardSizing.plan(workload), tokenError(`workload.${field}`));
  });

  test.each(FIELDS)('CostModel.estimate refuses a token %s', (field, workload) => {
    expectInputError(() => new CostModel().estimate(workload, 1), tokenError(`workload.${field}`));
  });

  test("a CfnParameter's valueAsNumber is refused", () => {
    const stack = new Stack(new App());
    const peak = new CfnParameter(stack, 'PeakMBps', { type: 'Number' }).valueAsNumber;
    expect(Token.isUnresolved(peak)).toBe(true);
    expect(stack.resolve(peak)).toEqual({ Ref: 'PeakMBps' });
    expectInputError(() => ShardSizing.plan({ ingestMibPerSecond: peak }), tokenError('workload.ingestMibPerSecond'));
    expectInputError(() => ShardSizing.plan({ ingestMibPerSecond: 2, headroom: peak }), tokenError('workload.headroom'));
    expectInputError(() => new CostModel().estimate({ ingestMibPerSecond: 2, consumeMibPerSecond: peak }, 2), tokenError('workload.consumeMibPerSecond'));
  });

  test('a token is reported before an out-of-range figure', () => {
    expectInputError(() => ShardSizing.plan({ ingestMibPerSecond: 0, headroom: lazy }), tokenError('workload.headroom'));
  });

  test('an undefined figure is not a token', () => {
    expect(ShardSizing.plan({ ingestMibPerSecond: 2, headroom: undefined }).shardCount).toBe(2);
  });
});

describe('workload validation: the record size implied by the record rate', () => {
  // averageRecordBytes defaults to ingestMibPerSecond × 1,048,576 ÷ ingestRecordsPerSecond; a record has 1 to 10 MiB = 10,485,760
  // bytes, so a rate too low (or too high) for the throughput is an error in the figures the user gave. Both figures are
  // echoed as given; the implied size has thousands separators and at most 3 decimals.
  const outside = (rate: string, mbps: string, bytes: string) => `\`workload.ingestRecordsPerSecond\` ${rate} with \`ingestMibPerSecond\` ${mbps} `
    + `means ${bytes}-byte records, outside the 1 to 10,485,760 bytes a record can have: check both figures`;

  test.each<[string, StreamWorkload, string]>([
    // 20 × 1,048,576 ÷ 1 = 20,971,520 bytes
    ['20 MiB/s at 1 record/s', { ingestMibPerSecond: 20, ingestRecordsPerSecond: 1 }, outside('1', '20', '20,971,520')],
    // 10.5 × 1,048,576 = 11,010,048 bytes
    ['10.5 MiB/s at 1 record/s', { ingestMibPerSecond: 10.5, ingestRecordsPerSecond: 1 }, outside('1', '10.5', '11,010,048')],
    // 1,048,576 ÷ 0.05 = 20,971,520 bytes
    ['1 MiB/s at 0.05 records/s', { ingestMibPerSecond: 1, ingestRecordsPerSecond: 0.05 }, outside('0.05', '1', '20,971,520')],
    // Was a bug: the rate was echoed rounded to 2 decimals and read "0". 1,048,576 ÷ 0.001 = 1,048,576,000 bytes
    ['1 MiB/s at 0.001 records/s (echoed as given)', { ingestMibPerSecond: 1, ingestRecordsPerSecond: 0.001 }, outside('0.001', '1', '1,048,576,000')],
    // too small: 0.1 × 1,048,576 ÷ 10,000,001 = 0.0104857… bytes
    ['0.1 MiB/s at 10,000,001 records/s', { ingestMibPerSecond: 0.1, ingestRecordsPerSecond: 10_000_001 }, outside('10000001', '0.1', '0.0104858')],
    // too small: 1.048576 bytes/s ÷ 3 = 0.3495… bytes
    ['0.000001 MiB/s at 3 records/s', { ingestMibPerSecond: 0.000001, ingestRecordsPerSecond: 3 }, outside('3', '0.000001', '0.349525')],
  ])('%s', (_name, workload, message) => {
    expectInputError(() => ShardSizing.plan(workload), message);
    expectInputError(() => new CostModel().estimate(workload, 25), message);
  });

  // Was a bug: the implied size was rounded onto the bound ("means 1-byte records, outside the 1 to …").
  test('an implied size just under 1 byte is not rounded onto the bound', () => {
    // 1,048,576 ÷ 1,048,577 = 0.99999905 bytes
    expectInputError(() => ShardSizing.plan({ ingestMibPerSecond: 1, ingestRecordsPerSecond: 1_048_577 }),
      outside('1048577', '1', '0.999999'));
  });

  test('exactly 10 MiB records are accepted', () => {
    // 10 × 1,048,576 ÷ 1 = 10,485,760 bytes
    expect(ShardSizing.plan({ ingestMibPerSecond: 10, ingestRecordsPerSecond: 1 }).workload.averageRecordBytes).toBe(TEN_MIB);
    expect(() => new CostModel().estimate({ ingestMibPerSecond: 10, ingestRecordsPerSecond: 1 }, 10)).not.toThrow();
  });

  test('exactly 1-byte records are accepted', () => {
    // 1,048,576 bytes/s ÷ 1,048,576 records/s = 1 byte; 1,048.576 shards for the records
    const plan = ShardSizing.plan({ ingestMibPerSecond: 1, ingestRecordsPerSecond: 1_048_576 });
    expect(plan.workload.averageRecordBytes).toBe(1);
    expect(plan.requiredShardCount).toBe(1049);
    expect(() => new CostModel().estimate({ ingestMibPerSecond: 1, ingestRecordsPerSecond: 1_048_576 }, 1049)).not.toThrow();
  });

  test('a stated averageRecordBytes is not checked against the rate (only its own range)', () => {
    // 1 MiB/s at 0.001 records/s would imply 1 GB records, but the stated size is used as given
    const plan = ShardSizing.plan({ ingestMibPerSecond: 1, ingestRecordsPerSecond: 0.001, averageRecordBytes: 1000 });
    expect(plan.workload.averageRecordBytes).toBe(1000);
  });
});
