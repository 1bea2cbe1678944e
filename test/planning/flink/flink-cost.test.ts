import { FlinkSizing } from '../../../src';

const STORAGE_NOT_INCLUDED = (gb: string, usd: string) => `Running application storage (${gb} GB, 50 per KPU) would add ${usd} at $0.10 per GB-month; `
  + 'not included: AWS\'s sources disagree on whether it is billed on top of the KPUs (set includeRunningStorage to count it).';
const LEFT_OUT = 'Durable application backups (snapshots), data transfer and the source and sinks are not included; '
  + 'per-second billing with a ten-minute minimum makes an application stopped part of the month cost less.';

describe('FlinkPlan.cost', () => {
  test('the worked example: parallelism 4 at 1 per KPU = 4 + 1 KPUs × 730 h × $0.11 = $401.50 a month', () => {
    const cost = FlinkSizing.plan({ parallelism: 4, parallelismPerKpu: 1 }).cost;
    expect(cost).toEqual({
      monthlyUsd: 401.5,
      items: [{ name: 'KPU-hours', quantity: 3650, unit: 'KPU-hour', unitPriceUsd: 0.11, monthlyUsd: 401.5 }],
      notes: [STORAGE_NOT_INCLUDED('200', '$20.00'), LEFT_OUT],
      kpuHoursMonthlyUsd: 401.5,
      runningStorageMonthlyUsd: 20,
      runningStorageIncluded: false,
      // 64 + 1 KPUs × 730 h × $0.11
      maxMonthlyUsd: 5219.5,
    });
  });

  test('the smallest application: 1 + 1 KPUs ≈ $160.60 a month (AWS-FACTS)', () => {
    expect(FlinkSizing.plan({ autoScaling: false }).cost).toMatchObject({ monthlyUsd: 160.6, maxMonthlyUsd: 160.6 });
  });

  test('running storage included on request: an item of its own, in the total and in the ceiling', () => {
    const cost = FlinkSizing.plan({ parallelism: 4 }, { includeRunningStorage: true }).cost;
    expect(cost.items).toEqual([
      { name: 'KPU-hours', quantity: 3650, unit: 'KPU-hour', unitPriceUsd: 0.11, monthlyUsd: 401.5 },
      { name: 'running application storage', quantity: 200, unit: 'GB-month', unitPriceUsd: 0.1, monthlyUsd: 20 },
    ]);
    expect(cost.monthlyUsd).toBe(421.5);
    expect(cost.runningStorageIncluded).toBe(true);
    // $5,219.50 + 64 × 50 GB × $0.10
    expect(cost.maxMonthlyUsd).toBe(5539.5);
    expect(cost.notes[0]).toBe('Running application storage (200 GB, 50 per KPU) is included at $0.10 per GB-month: '
      + 'AWS\'s billing page charges it, while its scaling guide describes it as provided with each KPU.');
  });

  test('the worst case follows a raised KPU quota', () => {
    // 100 + 1 KPUs × 730 h × $0.11
    expect(FlinkSizing.plan({ parallelism: 2 }, { maxKpus: 100 }).cost.maxMonthlyUsd).toBe(8110.3);
  });

  test('prices can be overridden, as with KafkaPriceList', () => {
    const prices = { kpuHourUsd: 0.2, runningStorageGbMonthUsd: 0.2 };
    const cost = FlinkSizing.plan({ parallelism: 4 }, { prices, includeRunningStorage: true }).cost;
    expect(cost.kpuHoursMonthlyUsd).toBe(730); // 5 × 730 × 0.20
    expect(cost.runningStorageMonthlyUsd).toBe(40); // 200 × 0.20
    expect(cost.monthlyUsd).toBe(770);
    expect(FlinkSizing.plan({}, { prices: { kpuHourUsd: 0 } }).cost.monthlyUsd).toBe(0);
  });
});
