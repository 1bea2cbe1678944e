import { FlinkSizing } from '../../../src';

const ids = (plan: { warnings: Array<{ id: string }> }) => plan.warnings.map(w => w.id);

describe('FlinkPlan.warnings', () => {
  test('parallelism above the source\'s shards or partitions', () => {
    const plan = FlinkSizing.plan({ parallelism: 8, sourceParallelism: 4, autoScaling: false });
    expect(plan.warnings).toEqual([{
      id: 'parallelismAboveSourceParallelism',
      message: 'Parallelism 8 is above the source\'s 4 shards or partitions: each is read by one source subtask, so 4 source subtasks read nothing '
        + '(operators after a keyBy or rebalance still use them). Lower the parallelism to 4, add shards or partitions, '
        + 'or set the source operator\'s parallelism in the job.',
    }]);
    expect(plan.warnings[0].message).toContain('4 source subtasks');
    expect(FlinkSizing.plan({ parallelism: 2, sourceParallelism: 1 }).warnings[0].message)
      .toMatch(/^Parallelism 2 is above the source's 1 shard or partition: each is read by one source subtask, so 1 source subtask read nothing/);
  });

  test.each([
    [{ parallelism: 4, sourceParallelism: 4 }],
    [{ parallelism: 4, sourceParallelism: 16 }],
    [{ parallelism: 4 }],
  ])('no source warning for %j', workload => {
    expect(ids(FlinkSizing.plan(workload))).toEqual([]);
  });

  test('autoscaling with less than one doubling left before the KPU limit', () => {
    const plan = FlinkSizing.plan({ parallelism: 40 });
    expect(plan.warnings).toEqual([{
      id: 'autoScalingLimitedByMaxKpus',
      message: 'The application can grow from 40 KPUs to 64 only, less than the doubling a scale-up asks for: '
        + 'a load above what 64 KPUs carry will build lag. '
        + 'Raise parallelismPerKpu, or ask AWS for a higher KPU quota per application (Service Quotas or a support case) and give it as maxKpus.',
    }]);
  });

  test('autoscaling at the KPU limit already', () => {
    expect(FlinkSizing.plan({ parallelism: 64 }).warnings[0].message)
      .toBe('The application already uses all 64 KPUs the limit allows, so autoscaling cannot add any: a load above what 64 KPUs carry will build lag. '
        + 'Raise parallelismPerKpu, or ask AWS for a higher KPU quota per application (Service Quotas or a support case) and give it as maxKpus.');
  });

  test.each([
    ['32 KPUs can still double to 64', { parallelism: 32 }, {}],
    ['autoscaling off', { parallelism: 64, autoScaling: false }, {}],
    ['a raised quota', { parallelism: 40 }, { maxKpus: 80 }],
  ])('no autoscaling warning: %s', (_name, workload, options) => {
    expect(ids(FlinkSizing.plan(workload, options))).toEqual([]);
  });

  test('both at once, source first', () => {
    expect(ids(FlinkSizing.plan({ parallelism: 40, sourceParallelism: 8 })))
      .toEqual(['parallelismAboveSourceParallelism', 'autoScalingLimitedByMaxKpus']);
  });
});

describe('FlinkPlan.summary', () => {
  test('the worked example, autoscaling on', () => {
    expect(FlinkSizing.plan({ parallelism: 4 }).summary.split('\n')).toEqual([
      '5 KPUs billed: 4 for parallelism 4 at 1 per KPU, plus 1 for orchestration',
      '  running storage    200 GB (50 per KPU)',
      '  autoscaling        on (CPU ≥ 75% for 15 min doubles parallelism): up to parallelism 64, 64 KPUs (limit 64)',
      '  cost/month         $401.50 (KPU-hours $401.50; running storage $20.00 not included)',
      '  at the ceiling     $5,219.50 a month if autoscaling holds 64 KPUs and the orchestration KPU all month',
    ]);
  });

  test('autoscaling off, storage included, the source named', () => {
    const workload = { parallelism: 8, parallelismPerKpu: 4, autoScaling: false, sourceParallelism: 1 };
    const plan = FlinkSizing.plan(workload, { includeRunningStorage: true });
    expect(plan.summary.split('\n')).toEqual([
      '3 KPUs billed: 2 for parallelism 8 at 4 per KPU, plus 1 for orchestration',
      '  running storage    100 GB (50 per KPU)',
      '  autoscaling        off: parallelism stays 8',
      '  cost/month         $250.90 (KPU-hours $240.90; running storage $10.00 included)',
      '  source             1 shard or partition for parallelism 8',
    ]);
  });
});
