import { Duration } from 'aws-cdk-lib';
import { CostEstimate, CostModel, KinesisCostEstimate, ShardPlanOptions, ShardSizing, StreamCapacityMode, StreamWorkload } from '../../../src';

// KinesisCostEstimate is a CostEstimate: monthlyUsd and items price one mode (capacityMode),
// so a report can add up any plan's cost without knowing the service.

/** The sum of the items, in cents, to compare with monthlyUsd (each item is rounded on its own). */
function itemsTotal(cost: CostEstimate): number {
  return cost.items.reduce((sum, item) => sum + item.monthlyUsd, 0);
}

describe('KinesisCostEstimate: items', () => {
  test('provisioned: shard-hours, PUT payload units, extended retention and enhanced fan-out, with quantities and unit prices', () => {
    // 2 MiB/s of 2,000-byte records on 2 shards kept 48 h, one enhanced fan-out consumer
    const cost = new CostModel().estimate({ ingestMibPerSecond: 2, averageRecordBytes: 2000, enhancedFanOutConsumers: 1 }, 2, Duration.hours(48));
    expect(cost.capacityMode).toBe(StreamCapacityMode.PROVISIONED);
    expect(cost.recommendedMode).toBe(StreamCapacityMode.PROVISIONED);
    expect(cost.items.map(i => [i.name, i.unit, i.unitPriceUsd])).toEqual([
      ['shard-hours', 'shard-hour', 0.015],
      ['PUT payload units', 'million PUT payload units', 0.014],
      ['extended retention', 'shard-hour', 0.02],
      ['enhanced fan-out consumer-shard-hours', 'consumer-shard-hour', 0.015],
      ['enhanced fan-out data', 'GB', 0.013],
    ]);
    // 2 shards × 730 h = 1,460 shard-hours at $0.015 = $21.90
    expect(cost.items[0]).toEqual({ name: 'shard-hours', monthlyUsd: 21.9, quantity: 1460, unit: 'shard-hour', unitPriceUsd: 0.015 });
    expect(cost.items[0].monthlyUsd).toBe(cost.shardHoursMonthlyUsd);
    expect(cost.items[1].monthlyUsd).toBe(cost.putPayloadUnitsMonthlyUsd);
    expect(cost.items[2].monthlyUsd).toBe(cost.extendedRetentionMonthlyUsd);
    expect(cost.items[3].monthlyUsd + cost.items[4].monthlyUsd).toBeCloseTo(cost.enhancedFanOutMonthlyUsd, 2);
    expect(cost.monthlyUsd).toBe(cost.provisionedMonthlyUsd);
  });

  test('on-demand: stream-hours, data written, data read, enhanced fan-out data', () => {
    // a tiny load on many shards: on-demand is cheaper
    const cost = new CostModel().estimate({ ingestMibPerSecond: 0.001, enhancedFanOutConsumers: 1 }, 100);
    expect(cost.recommendedMode).toBe(StreamCapacityMode.ON_DEMAND);
    expect(cost.capacityMode).toBe(StreamCapacityMode.ON_DEMAND);
    expect(cost.items.map(i => i.name)).toEqual(['stream-hours', 'data written', 'data read by polling consumers', 'enhanced fan-out data']);
    expect(cost.items[0]).toEqual({ name: 'stream-hours', monthlyUsd: 29.2, quantity: 730, unit: 'stream-hour', unitPriceUsd: 0.04 });
    expect(cost.items.map(i => i.monthlyUsd)).toEqual([cost.onDemandStreamHoursMonthlyUsd, cost.onDemandIngestMonthlyUsd,
      cost.onDemandRetrievalMonthlyUsd, cost.onDemandEnhancedFanOutMonthlyUsd]);
    expect(cost.monthlyUsd).toBe(cost.onDemandMonthlyUsd);
  });

  test('items that cost nothing at the stated load are left out', () => {
    // 24 h retention, no enhanced fan-out, no record size: shard-hours only
    const cost = new CostModel().estimate({ ingestMibPerSecond: 1 }, 1);
    expect(cost.items.map(i => i.name)).toEqual(['shard-hours']);
    expect(cost.monthlyUsd).toBe(10.95);
    // nothing read: no data-read item in on-demand either
    const onDemand = ShardSizing.plan({ ingestMibPerSecond: 1, consumeMibPerSecond: 0 }, { capacityMode: StreamCapacityMode.ON_DEMAND }).cost;
    expect(onDemand.items.map(i => i.name)).toEqual(['stream-hours', 'data written']);
  });

  test.each<[string, StreamWorkload, ShardPlanOptions]>([
    ['a small stream', { ingestMibPerSecond: 1 }, {}],
    ['records and enhanced fan-out', { ingestMibPerSecond: 3.3, ingestRecordsPerSecond: 3333, enhancedFanOutConsumers: 3 }, {}],
    ['long retention', { ingestMibPerSecond: 7.7, averageRecordBytes: 777 }, { retention: Duration.days(30) }],
    ['fixed shards, on-demand', { ingestMibPerSecond: 0.37, pollingConsumers: 3, enhancedFanOutConsumers: 2 }, { shardCount: 9, capacityMode: StreamCapacityMode.ON_DEMAND }],
    ['fixed shards, provisioned', { ingestMibPerSecond: 0.01 }, { shardCount: 7, capacityMode: StreamCapacityMode.PROVISIONED }],
    ['other prices', { ingestMibPerSecond: 12.34, averageRecordBytes: 30_000 }, { prices: { shardHourUsd: 0.0179, putPayloadUnitsPerMillionUsd: 0.0161 } }],
  ])('the items add up to monthlyUsd, up to a cent per item (%s)', (_name, workload, options) => {
    const cost: KinesisCostEstimate = ShardSizing.plan(workload, options).cost;
    expect(Math.abs(itemsTotal(cost) - cost.monthlyUsd)).toBeLessThanOrEqual(0.005 * cost.items.length + 1e-9);
    expect(cost.monthlyUsd).toBe(cost.capacityMode === StreamCapacityMode.ON_DEMAND ? cost.onDemandMonthlyUsd : cost.provisionedMonthlyUsd);
    for (const item of cost.items) {
      expect(item.monthlyUsd).toBe(Math.round(item.quantity! * item.unitPriceUsd! * 100) / 100);
    }
  });
});

describe('ShardSizing.plan: capacityMode', () => {
  test('prices the mode given and leaves every other figure as it was', () => {
    const workload = { ingestMibPerSecond: 2, averageRecordBytes: 1000 };
    const cheaper = ShardSizing.plan(workload);
    const onDemand = ShardSizing.plan(workload, { capacityMode: StreamCapacityMode.ON_DEMAND });
    expect(cheaper.cost.recommendedMode).toBe(StreamCapacityMode.PROVISIONED);
    expect(cheaper.cost.capacityMode).toBe(StreamCapacityMode.PROVISIONED);
    expect(onDemand.cost.capacityMode).toBe(StreamCapacityMode.ON_DEMAND);
    expect(onDemand.cost.monthlyUsd).toBe(cheaper.cost.onDemandMonthlyUsd);
    const { cost: a, ...restCheaper } = cheaper;
    const { cost: b, ...restOnDemand } = onDemand;
    expect(restOnDemand).toEqual(restCheaper);
    const { capacityMode: _a, monthlyUsd: _b, items: _c, ...figuresCheaper } = a;
    const { capacityMode: _d, monthlyUsd: _e, items: _f, ...figuresOnDemand } = b;
    expect(figuresOnDemand).toEqual(figuresCheaper);
  });

  test('defaults to the cheaper mode', () => {
    const plan = ShardSizing.plan({ ingestMibPerSecond: 0.001 }, { shardCount: 100 });
    expect(plan.cost.capacityMode).toBe(StreamCapacityMode.ON_DEMAND);
    expect(plan.cost.monthlyUsd).toBe(plan.cost.onDemandMonthlyUsd);
  });
});
