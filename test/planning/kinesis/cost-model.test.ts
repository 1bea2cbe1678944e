import { App, CfnParameter, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { CostModel, KinesisCostEstimate, PriceList, StreamCapacityMode, StreamWorkload } from '../../../src';
import { expectInputError, tokenError } from '../../input-errors';

// The documented formulas (shared/AWS-FACTS.md, Kinesis pricing), written out by hand:
//   a month is 730 hours = 2,628,000 seconds
//   1 MiB/s for a month = 2,628,000 MiB = 2,628,000 ÷ 1,024 GiB = 2,566.40625 GiB
//   provisioned: $0.015 per shard-hour; $0.014 per million PUT payload units (each 25 KiB = 25,600-byte chunk of a record)
//   extended retention (beyond 24 h): $0.02 per shard-hour
//   on-demand: $0.04 per stream-hour; $0.08 per GB written (records rounded up to 1 KiB); $0.04 per GB read
//   enhanced fan-out: $0.015 per consumer-shard-hour; $0.013 per GB delivered to each consumer
//   on-demand enhanced fan-out: the GB price only (no consumer-shard-hours: on-demand has no shards to bill)
// Every figure is reported in whole cents.
const HOURS = 730;
const SECONDS = 730 * 3600;
const GIB_PER_MIBPS_MONTH = SECONDS / 1024;

function cents(usd: number): number {
  return Math.round(usd * 100) / 100;
}

const PUT_UNITS_NOTE = 'PUT payload units are not priced: give `averageRecordBytes` or `ingestRecordsPerSecond`.';
const LONG_TERM_NOTE = 'Retention beyond 168 hours is billed as long-term storage per GB-month, not included.';
const ON_DEMAND_RETENTION_NOTE = 'On-demand retention beyond 24 hours is billed per GB-month, not included: on-demand looks cheaper than it is.';
const ON_DEMAND_EFO_NOTE = 'On-demand enhanced fan-out is priced per GB at the provisioned enhanced fan-out GB price.';

describe('CostModel: shard-hours', () => {
  test('2 shards for a month cost $21.90', () => {
    expect(GIB_PER_MIBPS_MONTH).toBe(2566.40625);
    // 2 shards × 730 h × $0.015 = $21.90
    expect(new CostModel().estimate({ ingestMibPerSecond: 2 }, 2).shardHoursMonthlyUsd).toBe(21.9);
  });

  test.each([
    [1, 10.95], // 1 × 730 × 0.015
    [3, 32.85], // 3 × 730 × 0.015
    [10000, 109500], // 10,000 × 730 × 0.015
  ])('%d shards cost $%d', (shards, usd) => {
    const cost = new CostModel().estimate({ ingestMibPerSecond: 1 }, shards);
    expect(cost.shardHoursMonthlyUsd).toBe(usd);
    expect(cost.shardHoursMonthlyUsd).toBe(cents(shards * HOURS * 0.015));
  });

  test('without record figures the provisioned total is shard-hours alone', () => {
    const cost = new CostModel().estimate({ ingestMibPerSecond: 2 }, 2);
    expect(cost.provisionedMonthlyUsd).toBe(21.9);
    expect(cost.putPayloadUnitsMonthlyUsd).toBeUndefined();
    expect(cost.extendedRetentionMonthlyUsd).toBe(0);
    expect(cost.enhancedFanOutMonthlyUsd).toBe(0);
    expect(cost.onDemandEnhancedFanOutMonthlyUsd).toBe(0);
    expect(cost.notes).toEqual([PUT_UNITS_NOTE]);
  });
});

describe('CostModel: PUT payload units', () => {
  test.each<[string, StreamWorkload, number, number]>([
    // 1,048,576 ÷ 1,024 = 1,024 records/s, 1 unit each: 1,024 × 2,628,000 = 2,691,072,000 units → 2,691.072 M × $0.014 = $37.675008
    ['1 KiB records', { ingestMibPerSecond: 1, averageRecordBytes: 1024 }, 2_691.072 * 0.014, 37.68],
    // exactly 25,600 bytes is one unit: 26,214,400 ÷ 25,600 = 1,024 records/s → same as above
    ['records of exactly 25 KiB', { ingestMibPerSecond: 25, averageRecordBytes: 25600 }, 2_691.072 * 0.014, 37.68],
    // one byte more is two units: 26,214,400 ÷ 25,601 = 1,023.96 records/s × 2,628,000 s × 2 units = 5,381.9 M units → $75.347
    ['records of 25 KiB + 1 byte', { ingestMibPerSecond: 25, averageRecordBytes: 25601 }, (25 * 1048576 / 25601) * SECONDS * 2 / 1e6 * 0.014, 75.35],
    // 3,145,728 ÷ 30,720 = 102.4 records/s × 2 units: 102.4 × 2,628,000 × 2 = 538,214,400 units → $7.5350016
    ['30 KiB records are 2 units', { ingestMibPerSecond: 3, averageRecordBytes: 30720 }, 538.2144 * 0.014, 7.54],
    // 6,291,456 ÷ 61,440 = 102.4 records/s × 3 units = 807,321,600 units → $11.3025024
    ['60 KiB records are 3 units', { ingestMibPerSecond: 6, averageRecordBytes: 61440 }, 807.3216 * 0.014, 11.3],
    // 2,000 records/s (524.288 bytes each → 1 unit) × 2,628,000 = 5,256,000,000 units → $73.584
    ['from ingestRecordsPerSecond', { ingestMibPerSecond: 1, ingestRecordsPerSecond: 2000 }, 5_256 * 0.014, 73.58],
    // both given: 1,000 records/s of 100 bytes → 2,628,000,000 units → $36.792
    ['from both', { ingestMibPerSecond: 0.1, ingestRecordsPerSecond: 1000, averageRecordBytes: 100 }, 2_628 * 0.014, 36.79],
  ])('%s', (_name, workload, unrounded, usd) => {
    const cost = new CostModel().estimate(workload, 1);
    expect(cost.putPayloadUnitsMonthlyUsd).toBe(usd);
    expect(cost.putPayloadUnitsMonthlyUsd).toBe(cents(unrounded));
    expect(cost.notes).toEqual([]);
  });

  test('are part of the provisioned total', () => {
    // 2 shards $21.90 + PUT units $37.675008 = $59.575008
    const cost = new CostModel().estimate({ ingestMibPerSecond: 1, averageRecordBytes: 1024 }, 2);
    expect(cost.provisionedMonthlyUsd).toBe(59.58);
  });

  test('are not priced, with a note, when neither record figure is given', () => {
    const cost = new CostModel().estimate({ ingestMibPerSecond: 5 }, 5);
    expect(cost.putPayloadUnitsMonthlyUsd).toBeUndefined();
    expect(cost.notes).toEqual([PUT_UNITS_NOTE]);
    expect(cost.provisionedMonthlyUsd).toBe(54.75); // 5 × 730 × 0.015 alone
  });
});

describe('CostModel: extended retention', () => {
  test.each<[string, Duration | undefined, number, string[]]>([
    ['default (24 h)', undefined, 0, []],
    ['24 hours', Duration.hours(24), 0, []],
    ['1 day', Duration.days(1), 0, []],
    // 2 shards × 730 h × $0.02 = $29.20
    ['25 hours', Duration.hours(25), 29.2, [ON_DEMAND_RETENTION_NOTE]],
    ['7 days (168 hours)', Duration.days(7), 29.2, [ON_DEMAND_RETENTION_NOTE]],
    ['169 hours', Duration.hours(169), 29.2, [LONG_TERM_NOTE, ON_DEMAND_RETENTION_NOTE]],
    ['365 days', Duration.days(365), 29.2, [LONG_TERM_NOTE, ON_DEMAND_RETENTION_NOTE]],
  ])('%s', (_name, retention, usd, notes) => {
    const cost = new CostModel().estimate({ ingestMibPerSecond: 2, averageRecordBytes: 1024 }, 2, retention);
    expect(cost.extendedRetentionMonthlyUsd).toBe(usd);
    expect(cost.extendedRetentionMonthlyUsd).toBe(cents(usd === 0 ? 0 : 2 * HOURS * 0.02));
    expect(cost.notes).toEqual(notes);
  });

  test('scales with the shard count and is part of the provisioned total only', () => {
    const base = new CostModel().estimate({ ingestMibPerSecond: 1 }, 5);
    const cost = new CostModel().estimate({ ingestMibPerSecond: 1 }, 5, Duration.days(3));
    expect(cost.extendedRetentionMonthlyUsd).toBe(73); // 5 × 730 × 0.02
    expect(cost.provisionedMonthlyUsd).toBe(127.75); // 54.75 + 73
    expect(cost.onDemandMonthlyUsd).toBe(base.onDemandMonthlyUsd);
    expect(cost.notes).toEqual([PUT_UNITS_NOTE, ON_DEMAND_RETENTION_NOTE]);
  });
});

describe('CostModel: enhanced fan-out', () => {
  test('none costs nothing, in either mode, and adds no note', () => {
    const cost = new CostModel().estimate({ ingestMibPerSecond: 1, enhancedFanOutConsumers: 0 }, 2);
    expect(cost.enhancedFanOutMonthlyUsd).toBe(0);
    expect(cost.onDemandEnhancedFanOutMonthlyUsd).toBe(0);
    expect(cost.notes).toEqual([PUT_UNITS_NOTE]);
  });

  test.each([
    // per consumer, provisioned: 2 shards × 730 h × $0.015 = $21.90, plus 2,566.40625 GiB × $0.013 = $33.36328125
    // per consumer, on-demand: $33.36328125 (data only)
    [1, 55.26, 33.36],
    [2, 110.53, 66.73], // 2 × 33.36328125 = 66.7265625
    [20, 1105.27, 667.27], // 20 × 33.36328125 = 667.265625
  ])('%d consumers on 2 shards at 1 MiB/s', (consumers, usd, onDemandUsd) => {
    const cost = new CostModel().estimate({ ingestMibPerSecond: 1, enhancedFanOutConsumers: consumers }, 2);
    expect(cost.enhancedFanOutMonthlyUsd).toBe(usd);
    expect(cost.enhancedFanOutMonthlyUsd).toBe(cents(consumers * (2 * HOURS * 0.015 + GIB_PER_MIBPS_MONTH * 0.013)));
    expect(cost.onDemandEnhancedFanOutMonthlyUsd).toBe(onDemandUsd);
    expect(cost.onDemandEnhancedFanOutMonthlyUsd).toBe(cents(consumers * GIB_PER_MIBPS_MONTH * 0.013));
    expect(cost.notes).toEqual([PUT_UNITS_NOTE, ON_DEMAND_EFO_NOTE]);
  });

  test('provisioned pays consumer-shard-hours and data; on-demand pays the data only', () => {
    const cost = new CostModel().estimate({ ingestMibPerSecond: 1, enhancedFanOutConsumers: 2 }, 2);
    const efo = 2 * (21.9 + 33.36328125); // 110.5265625
    const efoData = 2 * 33.36328125; // 66.7265625
    // provisioned: 21.90 + 110.5265625 = 132.4265625
    expect(cost.provisionedMonthlyUsd).toBe(cents(21.9 + efo));
    expect(cost.provisionedMonthlyUsd).toBe(132.43);
    // on-demand: 29.20 + 205.3125 written + 102.65625 read (consume defaults to 1 MiB/s) + 66.7265625 = 403.8953125
    expect(cost.onDemandMonthlyUsd).toBe(cents(29.2 + 205.3125 + 102.65625 + efoData));
    expect(cost.onDemandMonthlyUsd).toBe(403.9);
    expect(cost.enhancedFanOutMonthlyUsd).toBe(110.53);
    expect(cost.onDemandEnhancedFanOutMonthlyUsd).toBe(66.73);
  });

  test('the on-demand figure does not depend on the shard count; the provisioned one does', () => {
    const two = new CostModel().estimate({ ingestMibPerSecond: 1, enhancedFanOutConsumers: 1 }, 2);
    const ten = new CostModel().estimate({ ingestMibPerSecond: 1, enhancedFanOutConsumers: 1 }, 10);
    // on-demand: 2,566.40625 GiB × $0.013 = $33.36328125 on any shard count
    expect(two.onDemandEnhancedFanOutMonthlyUsd).toBe(33.36);
    expect(ten.onDemandEnhancedFanOutMonthlyUsd).toBe(33.36);
    expect(ten.onDemandMonthlyUsd).toBe(two.onDemandMonthlyUsd);
    // provisioned: 10 shards × 730 h × $0.015 = $109.50, plus $33.36328125 = $142.86328125
    expect(ten.enhancedFanOutMonthlyUsd).toBe(142.86);
  });

  // Was wrong: the on-demand total included the consumer-shard-hours too, so many consumers on many shards made
  // on-demand look dearer than it is.
  test('20 consumers make on-demand the cheaper mode', () => {
    const cost = new CostModel().estimate({ ingestMibPerSecond: 1, enhancedFanOutConsumers: 20 }, 2);
    // provisioned: 21.90 + 20 × (21.90 + 33.36328125) = 21.90 + 1,105.265625 = 1,127.165625
    expect(cost.provisionedMonthlyUsd).toBe(1127.17);
    // on-demand: 29.20 + 205.3125 + 102.65625 + 20 × 33.36328125 = 337.16875 + 667.265625 = 1,004.434375
    expect(cost.onDemandMonthlyUsd).toBe(1004.43);
    expect(cost.recommendedMode).toBe(StreamCapacityMode.ON_DEMAND);
  });

  test('does not depend on the polling read volume', () => {
    const polled = new CostModel().estimate({ ingestMibPerSecond: 1, consumeMibPerSecond: 5, enhancedFanOutConsumers: 1 }, 2);
    const unpolled = new CostModel().estimate({ ingestMibPerSecond: 1, consumeMibPerSecond: 0, enhancedFanOutConsumers: 1 }, 2);
    expect(polled.enhancedFanOutMonthlyUsd).toBe(55.26);
    expect(unpolled.enhancedFanOutMonthlyUsd).toBe(55.26);
    expect(polled.onDemandEnhancedFanOutMonthlyUsd).toBe(33.36);
    expect(unpolled.onDemandEnhancedFanOutMonthlyUsd).toBe(33.36);
  });

  test('with a longer retention the notes come in order: retention, then enhanced fan-out', () => {
    const cost = new CostModel().estimate({ ingestMibPerSecond: 1, averageRecordBytes: 1024, enhancedFanOutConsumers: 1 }, 1, Duration.days(7));
    expect(cost.notes).toEqual([ON_DEMAND_RETENTION_NOTE, ON_DEMAND_EFO_NOTE]);
  });
});

describe('CostModel: on-demand', () => {
  test('the reference example: stream-hours, writes and reads', () => {
    const cost = new CostModel().estimate({ ingestMibPerSecond: 2, consumeMibPerSecond: 4 }, 2);
    expect(cost.onDemandStreamHoursMonthlyUsd).toBe(29.2); // 730 × 0.04
    expect(cost.onDemandIngestMonthlyUsd).toBe(410.63); // 2 × 2,566.40625 GiB = 5,132.8125 GiB × 0.08 = 410.625
    expect(cost.onDemandRetrievalMonthlyUsd).toBe(410.63); // 4 × 2,566.40625 GiB = 10,265.625 GiB × 0.04 = 410.625
    expect(cost.onDemandMonthlyUsd).toBe(850.45); // 29.20 + 410.625 + 410.625
  });

  test('reads default to ingest × pollingConsumers', () => {
    // 3 MiB/s × 2,566.40625 GiB × 0.04 = 307.96875
    expect(new CostModel().estimate({ ingestMibPerSecond: 1, pollingConsumers: 3 }, 2).onDemandRetrievalMonthlyUsd).toBe(307.97);
  });

  test('nothing polled, nothing retrieved', () => {
    const cost = new CostModel().estimate({ ingestMibPerSecond: 1, consumeMibPerSecond: 0 }, 1);
    expect(cost.onDemandRetrievalMonthlyUsd).toBe(0);
    expect(cost.onDemandMonthlyUsd).toBe(234.51); // 29.20 + 205.3125
  });

  test.each<[string, StreamWorkload, number]>([
    // 1 KiB records are billed as they are: 2,566.40625 GiB × 0.08 = 205.3125
    ['1 KiB records', { ingestMibPerSecond: 1, averageRecordBytes: 1024 }, 205.31],
    // 100-byte records are billed as 1,024 bytes: 10,485.76 records/s × 2,628,000 s × 1,024 bytes = 26,280 GiB × 0.08
    ['100-byte records', { ingestMibPerSecond: 1, averageRecordBytes: 100 }, 2102.4],
    // 1,025-byte records are billed as 2,048 bytes
    ['1,025-byte records', { ingestMibPerSecond: 1, averageRecordBytes: 1025 }, cents((1048576 / 1025) * SECONDS * 2048 / 1024 ** 3 * 0.08)],
    // 2,000 records/s of 524.288 bytes are billed as 1,024 bytes: 5,256,000,000 × 1,024 bytes = 5,012.5122... GiB × 0.08 = 401.0009765625
    ['from ingestRecordsPerSecond', { ingestMibPerSecond: 1, ingestRecordsPerSecond: 2000 }, 401],
  ])('writes are billed per record rounded up to 1 KiB: %s', (_name, workload, usd) => {
    expect(new CostModel().estimate(workload, 1).onDemandIngestMonthlyUsd).toBe(usd);
  });

  test('the 1,025-byte case is about twice the byte volume', () => {
    // 2,566.40625 GiB × 2,048 ÷ 1,025 = 5,127.8049 GiB × 0.08 = 410.2244
    expect(new CostModel().estimate({ ingestMibPerSecond: 1, averageRecordBytes: 1025 }, 1).onDemandIngestMonthlyUsd).toBe(410.22);
  });

  test('does not depend on the shard count', () => {
    const small = new CostModel().estimate({ ingestMibPerSecond: 1 }, 1);
    const large = new CostModel().estimate({ ingestMibPerSecond: 1 }, 100);
    expect(large.onDemandMonthlyUsd).toBe(small.onDemandMonthlyUsd);
    expect(small.onDemandMonthlyUsd).toBe(337.17); // 29.20 + 205.3125 + 102.65625
  });
});

describe('CostModel: recommendedMode', () => {
  test('provisioned when it is cheaper', () => {
    const cost = new CostModel().estimate({ ingestMibPerSecond: 2, consumeMibPerSecond: 4 }, 2);
    expect(cost.recommendedMode).toBe(StreamCapacityMode.PROVISIONED);
  });

  test('on-demand when it is cheaper', () => {
    // provisioned: 10 × 730 × 0.015 = 109.50; on-demand: 29.20 + 0.01 × 2,566.40625 × (0.08 + 0.04) = 32.2796875
    const cost = new CostModel().estimate({ ingestMibPerSecond: 0.01 }, 10);
    expect(cost.provisionedMonthlyUsd).toBe(109.5);
    expect(cost.onDemandMonthlyUsd).toBe(32.28);
    expect(cost.recommendedMode).toBe(StreamCapacityMode.ON_DEMAND);
  });

  test('many small records make on-demand the dearer mode', () => {
    // 11 shards: provisioned 120.45 + PUT units 10,485.76 × 2,628,000 ÷ 1e6 × 0.014 = 385.79208192 → 506.24
    // on-demand: 29.20 + 2,102.40 (records billed at 1 KiB) + 102.65625 = 2,234.25625
    const cost = new CostModel().estimate({ ingestMibPerSecond: 1, averageRecordBytes: 100 }, 11);
    expect(cost.putPayloadUnitsMonthlyUsd).toBe(385.79);
    expect(cost.provisionedMonthlyUsd).toBe(506.24);
    expect(cost.onDemandMonthlyUsd).toBe(2234.26);
    expect(cost.recommendedMode).toBe(StreamCapacityMode.PROVISIONED);
  });

  test('a tie goes to provisioned', () => {
    const free: PriceList = {
      shardHourUsd: 0,
      putPayloadUnitsPerMillionUsd: 0,
      extendedRetentionShardHourUsd: 0,
      onDemandStreamHourUsd: 0,
      onDemandIngestPerGbUsd: 0,
      onDemandRetrievalPerGbUsd: 0,
      enhancedFanOutConsumerShardHourUsd: 0,
      enhancedFanOutRetrievalPerGbUsd: 0,
    };
    const cost = new CostModel(free).estimate({ ingestMibPerSecond: 1, averageRecordBytes: 1024, enhancedFanOutConsumers: 1 }, 1, Duration.days(7));
    expect(cost.provisionedMonthlyUsd).toBe(0);
    expect(cost.onDemandMonthlyUsd).toBe(0);
    expect(cost.recommendedMode).toBe(StreamCapacityMode.PROVISIONED);
  });

  test('compares the totals before rounding to cents', () => {
    // on-demand with free reads: 730 × 0.04 + 0.01 MiB/s × 2,566.40625 GiB × 0.08 = 29.20 + 2.053125 = 31.253125 → $31.25
    // provisioned: 1 shard priced so that 730 h cost 31.2535 → also $31.25, yet dearer by $0.000375
    const model = new CostModel({ shardHourUsd: 31.2535 / 730, onDemandRetrievalPerGbUsd: 0 });
    const cost = model.estimate({ ingestMibPerSecond: 0.01 }, 1);
    expect(cost.provisionedMonthlyUsd).toBe(31.25);
    expect(cost.onDemandMonthlyUsd).toBe(31.25);
    expect(cost.recommendedMode).toBe(StreamCapacityMode.ON_DEMAND);
  });
});

describe('CostModel: price overrides', () => {
  test.each<[string, PriceList, StreamWorkload, number | undefined, (c: KinesisCostEstimate) => number | undefined, number]>([
    ['shardHourUsd', { shardHourUsd: 0.0175 }, { ingestMibPerSecond: 2 }, undefined, c => c.shardHoursMonthlyUsd, 25.55], // 2 × 730 × 0.0175
    // 2,691.072 M units × $0.02 = $53.82144
    ['putPayloadUnitsPerMillionUsd', { putPayloadUnitsPerMillionUsd: 0.02 }, { ingestMibPerSecond: 1, averageRecordBytes: 1024 }, undefined, c => c.putPayloadUnitsMonthlyUsd, 53.82],
    ['extendedRetentionShardHourUsd', { extendedRetentionShardHourUsd: 0.03 }, { ingestMibPerSecond: 2 }, 48, c => c.extendedRetentionMonthlyUsd, 43.8], // 2 × 730 × 0.03
    ['onDemandStreamHourUsd', { onDemandStreamHourUsd: 0.05 }, { ingestMibPerSecond: 2 }, undefined, c => c.onDemandStreamHoursMonthlyUsd, 36.5], // 730 × 0.05
    ['onDemandIngestPerGbUsd', { onDemandIngestPerGbUsd: 0.1 }, { ingestMibPerSecond: 1 }, undefined, c => c.onDemandIngestMonthlyUsd, 256.64], // 2,566.40625 × 0.1
    ['onDemandRetrievalPerGbUsd', { onDemandRetrievalPerGbUsd: 0.02 }, { ingestMibPerSecond: 1 }, undefined, c => c.onDemandRetrievalMonthlyUsd, 51.33], // × 0.02 = 51.328125
    // 1 consumer × 2 shards × 730 × 0.02 = 29.20, plus 2,566.40625 × 0.013 = 33.36328125
    ['enhancedFanOutConsumerShardHourUsd', { enhancedFanOutConsumerShardHourUsd: 0.02 }, { ingestMibPerSecond: 2, enhancedFanOutConsumers: 1 }, undefined,
      c => c.enhancedFanOutMonthlyUsd, cents(2 * 730 * 0.02 + 2 * GIB_PER_MIBPS_MONTH * 0.013)],
    // 2 shards × 730 × 0.015 = 21.90, plus 2 × 2,566.40625 GiB × 0.05 = 256.640625
    ['enhancedFanOutRetrievalPerGbUsd', { enhancedFanOutRetrievalPerGbUsd: 0.05 }, { ingestMibPerSecond: 2, enhancedFanOutConsumers: 1 }, undefined,
      c => c.enhancedFanOutMonthlyUsd, 278.54],
    // on-demand enhanced fan-out is the GB price alone: 2 × 2,566.40625 GiB × 0.05 = 256.640625
    ['enhancedFanOutRetrievalPerGbUsd (on-demand)', { enhancedFanOutRetrievalPerGbUsd: 0.05 }, { ingestMibPerSecond: 2, enhancedFanOutConsumers: 1 }, undefined,
      c => c.onDemandEnhancedFanOutMonthlyUsd, 256.64],
    // the consumer-shard-hour price leaves on-demand alone: 2 × 2,566.40625 GiB × 0.013 = 66.7265625
    ['enhancedFanOutConsumerShardHourUsd (on-demand)', { enhancedFanOutConsumerShardHourUsd: 0.02 }, { ingestMibPerSecond: 2, enhancedFanOutConsumers: 1 }, undefined,
      c => c.onDemandEnhancedFanOutMonthlyUsd, 66.73],
  ])('%s', (_name, prices, workload, retentionHours, figure, usd) => {
    const retention = retentionHours === undefined ? undefined : Duration.hours(retentionHours);
    expect(figure(new CostModel(prices).estimate(workload, 2, retention))).toBe(usd);
  });

  test('the enhancedFanOutConsumerShardHourUsd case by hand', () => {
    // 29.20 + 66.7265625 = 95.9265625
    expect(new CostModel({ enhancedFanOutConsumerShardHourUsd: 0.02 }).estimate({ ingestMibPerSecond: 2, enhancedFanOutConsumers: 1 }, 2)
      .enhancedFanOutMonthlyUsd).toBe(95.93);
  });

  test('an override leaves the other prices at their list price', () => {
    const cost = new CostModel({ shardHourUsd: 0.0175 }).estimate({ ingestMibPerSecond: 2, consumeMibPerSecond: 4 }, 2);
    expect(cost.shardHoursMonthlyUsd).toBe(25.55);
    expect(cost.onDemandStreamHoursMonthlyUsd).toBe(29.2);
    expect(cost.onDemandIngestMonthlyUsd).toBe(410.63);
    expect(cost.onDemandRetrievalMonthlyUsd).toBe(410.63);
  });

  test('an undefined override keeps the list price', () => {
    expect(new CostModel({ shardHourUsd: undefined }).estimate({ ingestMibPerSecond: 2 }, 2).shardHoursMonthlyUsd).toBe(21.9);
  });

  test('a zero price is accepted', () => {
    expect(new CostModel({ shardHourUsd: 0 }).estimate({ ingestMibPerSecond: 2 }, 2).shardHoursMonthlyUsd).toBe(0);
  });
});

describe('CostModel: errors', () => {
  const PRICE_NAMES: Array<keyof PriceList> = [
    'shardHourUsd',
    'putPayloadUnitsPerMillionUsd',
    'extendedRetentionShardHourUsd',
    'onDemandStreamHourUsd',
    'onDemandIngestPerGbUsd',
    'onDemandRetrievalPerGbUsd',
    'enhancedFanOutConsumerShardHourUsd',
    'enhancedFanOutRetrievalPerGbUsd',
  ];

  test.each(PRICE_NAMES)('a negative %s', (name) => {
    expectInputError(() => new CostModel({ [name]: -0.01 }),
      `\`prices.${name}\` must be a finite number of at least 0 USD, got -0.01`);
  });

  test.each([NaN, Infinity, -Infinity])('shardHourUsd %p', (price) => {
    expectInputError(() => new CostModel({ shardHourUsd: price }),
      `\`prices.shardHourUsd\` must be a finite number of at least 0 USD, got ${price}`);
  });

  test.each([0, -1, 1.5, 10001, NaN])('shardCount %p', (shardCount) => {
    expectInputError(() => new CostModel().estimate({ ingestMibPerSecond: 1 }, shardCount),
      `\`shardCount\` must be an integer between 1 and 10000, got ${shardCount}`);
  });

  test('a very large price is accepted (there is no upper bound)', () => {
    // 1 shard × 730 h × $1,000,000
    expect(new CostModel({ shardHourUsd: 1e6 }).estimate({ ingestMibPerSecond: 1 }, 1).shardHoursMonthlyUsd).toBe(730_000_000);
  });

  test('a token shardCount is refused: the estimate needs a number known at synth', () => {
    const lazy = Lazy.number({ produce: () => 2 });
    expectInputError(() => new CostModel().estimate({ ingestMibPerSecond: 1 }, lazy),
      tokenError('shardCount'));
  });

  test("a CfnParameter's valueAsNumber as shardCount is refused", () => {
    const shards = new CfnParameter(new Stack(new App()), 'Shards', { type: 'Number' }).valueAsNumber;
    expectInputError(() => new CostModel().estimate({ ingestMibPerSecond: 1 }, shards),
      tokenError('shardCount'));
  });

  test.each<[string, Duration, string]>([
    ['90 minutes', Duration.minutes(90), '1.5'],
    ['12 hours', Duration.hours(12), '12'],
    ['23 hours', Duration.hours(23), '23'],
    ['24 hours 30 minutes', Duration.minutes(24 * 60 + 30), '24.5'],
    ['9000 hours', Duration.hours(9000), '9000'],
    ['366 days', Duration.days(366), '8784'],
  ])('retention of %s is refused', (_name, retention, hours) => {
    expectInputError(() => new CostModel().estimate({ ingestMibPerSecond: 1 }, 1, retention),
      `\`retention\` must be an integer between 24 and 8760 whole hours, got ${hours}`);
  });

  test.each<[string, Duration, number]>([
    ['86,400 seconds', Duration.seconds(86400), 0],
    ['8760 hours', Duration.hours(8760), 14.6], // 1 shard × 730 h × $0.02
  ])('retention of %s is accepted', (_name, retention, usd) => {
    expect(new CostModel().estimate({ ingestMibPerSecond: 1 }, 1, retention).extendedRetentionMonthlyUsd).toBe(usd);
  });

  // Was a bug: a token price passed (checkAtLeast skips tokens) and was priced as about -1.4e292 USD, which then "won" as
  // the cheaper mode.
  test.each(PRICE_NAMES)('a token %s is refused', (name) => {
    expectInputError(() => new CostModel({ [name]: Lazy.number({ produce: () => 0.015 }) }), tokenError(`prices.${name}`));
  });

  test("a CfnParameter's valueAsNumber as a price is refused", () => {
    const price = new CfnParameter(new Stack(new App()), 'ShardHourUsd', { type: 'Number' }).valueAsNumber;
    expectInputError(() => new CostModel({ shardHourUsd: price }), tokenError('prices.shardHourUsd'));
  });

  test('a token price is reported before a negative one listed after it', () => {
    expectInputError(() => new CostModel({ shardHourUsd: Lazy.number({ produce: () => 1 }), onDemandStreamHourUsd: -1 }),
      tokenError('prices.shardHourUsd'));
  });

  // Was a bug: a token retention passed and was silently priced as 24 hours, and Duration.days(<token>) threw CDK's own
  // MustBeDurationSpecifiedDuration instead of an InputError.
  test.each<[string, () => Duration]>([
    ['Duration.hours(<Lazy>)', () => Duration.hours(Lazy.number({ produce: () => 48 }))],
    ['Duration.days(<Lazy>)', () => Duration.days(Lazy.number({ produce: () => 2 }))],
    ['Duration.minutes(<Lazy>)', () => Duration.minutes(Lazy.number({ produce: () => 2880 }))],
    ['Duration.seconds(<CfnParameter>)', () => Duration.seconds(new CfnParameter(new Stack(new App()), 'Retention', { type: 'Number' }).valueAsNumber)],
  ])('a token retention is refused with an InputError: %s', (_name, makeRetention) => {
    expectInputError(() => new CostModel().estimate({ ingestMibPerSecond: 1 }, 1, makeRetention()),
      '`retention` must be known at synth to plan with, got an unresolved token (e.g. a CfnParameter): state it as a plain duration');
  });

  test('shardCount is checked before the workload and the retention', () => {
    expectInputError(() => new CostModel().estimate({ ingestMibPerSecond: 0 }, 0, Duration.hours(12)),
      '`shardCount` must be an integer between 1 and 10000, got 0');
    expectInputError(() => new CostModel().estimate({ ingestMibPerSecond: 0 }, 1, Duration.hours(12)),
      '`workload.ingestMibPerSecond` must be a finite number of MiB/s greater than 0, got 0');
  });

  test('the workload is validated', () => {
    expectInputError(() => new CostModel().estimate({ ingestMibPerSecond: 0 }, 1),
      '`workload.ingestMibPerSecond` must be a finite number of MiB/s greater than 0, got 0');
  });
});
