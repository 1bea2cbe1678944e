import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import { FlinkPlanOptions, FlinkSizing, FlinkThroughput, FlinkWorkload } from '../../../src';
import { expectInputError, tokenError } from '../../input-errors';

const parallelism = (max: number, value: number) => `\`parallelism\` must be an integer between 1 and ${max}, got ${value}`;
const perKpu = (value: number) => `\`parallelismPerKpu\` must be an integer between 1 and 8, got ${value}`;
const maxKpus = (value: number) => `\`maxKpus\` must be an integer of at least 1 (your KPU quota per application), got ${value}`;
const source = (value: number) => `\`sourceParallelism\` must be an integer of at least 1 (the shards or partitions the job reads), got ${value}`;
const ABOVE_256 = (value: number) => `\`parallelism\` must be an integer between 1 and 256, got ${value}: 256 is the documented maximum; `
  + 'the service allows parallelismPerKpu × its KPU quota per application, so with a raised quota give it as `maxKpus`';
const FIX = 'lower parallelism or raise parallelismPerKpu (up to 8), or ask AWS for a higher KPU quota (Service Quotas or a support case) '
  + 'and give it as `maxKpus`';

// Every message names the field, the allowed range and the value given.
const INVALID: Array<[string, FlinkWorkload, FlinkPlanOptions, string]> = [
  ['parallelism 0', { parallelism: 0 }, {}, parallelism(256, 0)],
  ['parallelism -1', { parallelism: -1 }, {}, parallelism(256, -1)],
  ['parallelism 1.5', { parallelism: 1.5 }, {}, parallelism(256, 1.5)],
  ['parallelism NaN', { parallelism: NaN }, {}, parallelism(256, NaN)],
  ['parallelism Infinity', { parallelism: Infinity }, {}, parallelism(256, Infinity)],
  ['parallelism 257', { parallelism: 257, parallelismPerKpu: 8 }, {}, ABOVE_256(257)],
  ['parallelism 513 with maxKpus 64 given', { parallelism: 513, parallelismPerKpu: 8 }, { maxKpus: 64 },
    '`parallelism` must be an integer between 1 and 512 (parallelismPerKpu 8 × maxKpus 64), got 513'],
  ['parallelismPerKpu 0', { parallelismPerKpu: 0 }, {}, perKpu(0)],
  ['parallelismPerKpu 9', { parallelismPerKpu: 9 }, {}, perKpu(9)],
  ['parallelismPerKpu 2.5', { parallelismPerKpu: 2.5 }, {}, perKpu(2.5)],
  ['sourceParallelism 0', { sourceParallelism: 0 }, {}, source(0)],
  ['sourceParallelism 2.5', { sourceParallelism: 2.5 }, {}, source(2.5)],
  ['maxKpus 0', {}, { maxKpus: 0 }, maxKpus(0)],
  ['maxKpus 1.5', {}, { maxKpus: 1.5 }, maxKpus(1.5)],
  ['maxKpus Infinity', {}, { maxKpus: Infinity }, maxKpus(Infinity)],
  ['65 KPUs at the default quota', { parallelism: 65 }, {},
    '`parallelism` 65 at `parallelismPerKpu` 1 needs 65 KPUs, above the 64 an application may use '
      + `(the default Managed Service for Apache Flink quota on KPUs per application): ${FIX}`],
  ['a parallelism that rounds up past the quota', { parallelism: 129, parallelismPerKpu: 2 }, {},
    '`parallelism` 129 at `parallelismPerKpu` 2 needs 65 KPUs, above the 64 an application may use '
      + `(the default Managed Service for Apache Flink quota on KPUs per application): ${FIX}`],
  ['above a maxKpus given', { parallelism: 11 }, { maxKpus: 10 },
    `\`parallelism\` 11 at \`parallelismPerKpu\` 1 needs 11 KPUs, above the \`maxKpus\` 10 given: ${FIX}`],
  ['a negative KPU-hour price', {}, { prices: { kpuHourUsd: -0.11 } }, '`prices.kpuHourUsd` must be a finite number of at least 0 USD, got -0.11'],
  ['a NaN storage price', {}, { prices: { runningStorageGbMonthUsd: NaN } },
    '`prices.runningStorageGbMonthUsd` must be a finite number of at least 0 USD, got NaN'],
];

describe('FlinkSizing.plan validation', () => {
  test.each(INVALID)('%s', (_name, workload, options, message) => {
    expectInputError(() => FlinkSizing.plan(workload, options), message);
  });

  test('the boundaries are accepted', () => {
    expect(FlinkSizing.plan({ parallelism: 1, parallelismPerKpu: 1, sourceParallelism: 1 }, { maxKpus: 1 }).kpus).toBe(1);
    expect(FlinkSizing.plan({ parallelism: 64 }).kpus).toBe(64);
    expect(FlinkSizing.plan({ parallelism: 256, parallelismPerKpu: 8 }).kpus).toBe(32);
    expect(FlinkSizing.plan({ parallelism: 512, parallelismPerKpu: 8 }, { maxKpus: 64 }).kpus).toBe(64);
  });

  test('a token figure is refused by name', () => {
    const stack = new Stack(new App());
    const param = new CfnParameter(stack, 'Parallelism', { type: 'Number' });
    expectInputError(() => FlinkSizing.plan({ parallelism: param.valueAsNumber }), tokenError('parallelism'));
    expectInputError(() => FlinkSizing.plan({ parallelismPerKpu: param.valueAsNumber }), tokenError('parallelismPerKpu'));
    expectInputError(() => FlinkSizing.plan({ sourceParallelism: param.valueAsNumber }), tokenError('sourceParallelism'));
    expectInputError(() => FlinkSizing.plan({}, { maxKpus: param.valueAsNumber }), tokenError('maxKpus'));
    expectInputError(() => FlinkSizing.plan({}, { prices: { kpuHourUsd: param.valueAsNumber } }), tokenError('prices.kpuHourUsd'));
  });
});

const records = (value: number) => `\`recordsPerSecond\` must be a finite number of records/s greater than 0, got ${value}`;
const perSubtask = (value: number) => `\`recordsPerSecondPerSubtask\` must be a finite number of records/s greater than 0, got ${value}`;

describe('FlinkSizing.parallelismFor validation', () => {
  test.each<[string, FlinkThroughput, string]>([
    ['recordsPerSecond missing', { recordsPerSecondPerSubtask: 1 } as FlinkThroughput,
      '`recordsPerSecond` and `recordsPerSecondPerSubtask` are required: the peak record rate and what one subtask sustains'],
    ['recordsPerSecond 0', { recordsPerSecond: 0, recordsPerSecondPerSubtask: 1 }, records(0)],
    ['recordsPerSecond -1', { recordsPerSecond: -1, recordsPerSecondPerSubtask: 1 }, records(-1)],
    ['recordsPerSecondPerSubtask 0', { recordsPerSecond: 1, recordsPerSecondPerSubtask: 0 }, perSubtask(0)],
    ['recordsPerSecondPerSubtask Infinity', { recordsPerSecond: 1, recordsPerSecondPerSubtask: Infinity }, perSubtask(Infinity)],
    ['headroom -0.1', { recordsPerSecond: 1, recordsPerSecondPerSubtask: 1, headroom: -0.1 },
      '`headroom` must be between 0 and 10 (a fraction: 0.25 plans for 25% above the peak), got -0.1'],
    ['headroom 11', { recordsPerSecond: 1, recordsPerSecondPerSubtask: 1, headroom: 11 },
      '`headroom` must be between 0 and 10 (a fraction: 0.25 plans for 25% above the peak), got 11'],
  ])('%s', (_name, throughput, message) => {
    expectInputError(() => FlinkSizing.parallelismFor(throughput), message);
  });
});
