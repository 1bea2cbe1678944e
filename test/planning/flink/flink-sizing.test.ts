import { FlinkSizing } from '../../../src';

describe('FlinkSizing.plan: KPUs', () => {
  test('every default: parallelism 1 at 1 per KPU, autoscaling on, a 64-KPU limit', () => {
    const plan = FlinkSizing.plan();
    expect(plan).toMatchObject({
      workload: { parallelism: 1, parallelismPerKpu: 1, autoScaling: true },
      parallelism: 1,
      parallelismPerKpu: 1,
      autoScaling: true,
      kpus: 1,
      orchestrationKpus: 1,
      billedKpus: 2,
      runningStorageGib: 50,
      maxKpus: 64,
      maxParallelismWithAutoScaling: 64,
      maxKpusWithAutoScaling: 64,
      warnings: [],
    });
    expect(plan.workload.sourceParallelism).toBeUndefined();
    expect(FlinkSizing.plan({})).toEqual(plan);
  });

  test.each([
    // parallelism, per KPU, KPUs: ceil(parallelism ÷ per KPU)
    [4, 1, 4],
    [4, 2, 2],
    [5, 2, 3],
    [7, 8, 1],
    [64, 1, 64],
    [256, 4, 64],
    [256, 8, 32],
  ])('parallelism %d at %d per KPU runs on %d KPUs, plus 1 for orchestration', (parallelism, parallelismPerKpu, kpus) => {
    const plan = FlinkSizing.plan({ parallelism, parallelismPerKpu });
    expect(plan.kpus).toBe(kpus);
    expect(plan.billedKpus).toBe(kpus + 1);
    expect(plan.runningStorageGib).toBe(kpus * 50);
  });

  test('autoscaling off: the ceiling is the configured parallelism', () => {
    const plan = FlinkSizing.plan({ parallelism: 6, parallelismPerKpu: 2, autoScaling: false });
    expect(plan).toMatchObject({ kpus: 3, maxParallelismWithAutoScaling: 6, maxKpusWithAutoScaling: 3 });
  });

  test('autoscaling on: the ceiling is parallelismPerKpu × the KPU limit', () => {
    expect(FlinkSizing.plan({ parallelism: 4, parallelismPerKpu: 2 }))
      .toMatchObject({ kpus: 2, maxParallelismWithAutoScaling: 128, maxKpusWithAutoScaling: 64 });
    expect(FlinkSizing.plan({ parallelism: 4 }, { maxKpus: 10 }))
      .toMatchObject({ maxKpus: 10, maxParallelismWithAutoScaling: 10, maxKpusWithAutoScaling: 10 });
  });

  test('a raised KPU quota (maxKpus) allows more KPUs and a parallelism above 256', () => {
    const plan = FlinkSizing.plan({ parallelism: 200 }, { maxKpus: 200 });
    expect(plan).toMatchObject({ kpus: 200, billedKpus: 201, maxKpus: 200, maxKpusWithAutoScaling: 200 });
    expect(FlinkSizing.plan({ parallelism: 400, parallelismPerKpu: 2 }, { maxKpus: 200 }).kpus).toBe(200);
  });
});

describe('FlinkSizing.parallelismFor', () => {
  test.each([
    // records/s, per subtask, headroom, parallelism
    [10_000, 2_500, undefined, 4],
    [10_001, 2_500, undefined, 5],
    [10_000, 2_500, 0.25, 5],
    [1, 2_500, undefined, 1],
    [300, 100, 0, 3],
  ])('%d records/s at %d per subtask, headroom %p: parallelism %d', (recordsPerSecond, recordsPerSecondPerSubtask, headroom, parallelism) => {
    expect(FlinkSizing.parallelismFor({ recordsPerSecond, recordsPerSecondPerSubtask, headroom })).toBe(parallelism);
  });

  test('the result feeds plan()', () => {
    const parallelism = FlinkSizing.parallelismFor({ recordsPerSecond: 30_000, recordsPerSecondPerSubtask: 5_000 });
    expect(FlinkSizing.plan({ parallelism }).kpus).toBe(6);
  });
});
