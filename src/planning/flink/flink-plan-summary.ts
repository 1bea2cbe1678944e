import { FlinkPlan } from './flink-plan';
import { sourceUnits } from './flink-plan-warnings';
import { count, num, row, usd } from '../../common/format';

/** The plan explained in a few lines: KPUs and why, storage, autoscaling, cost, source. */
export function summariseFlinkPlan(plan: Omit<FlinkPlan, 'summary'>): string {
  const c = plan.cost;
  const lines = [
    `${count(plan.billedKpus, 'KPU')} billed: ${num(plan.kpus, 0)} for parallelism ${plan.parallelism} at ${plan.parallelismPerKpu} per KPU, `
      + `plus ${plan.orchestrationKpus} for orchestration`,
    row('running storage', `${num(plan.runningStorageGib, 0)} GB (50 per KPU)`),
    row('autoscaling', plan.autoScaling
      ? `on (CPU ≥ 75% for 15 min doubles parallelism): up to parallelism ${num(plan.maxParallelismWithAutoScaling, 0)}, `
        + `${count(plan.maxKpusWithAutoScaling, 'KPU')} (limit ${num(plan.maxKpus, 0)})`
      : `off: parallelism stays ${plan.parallelism}`),
    row('cost/month', `${usd(c.monthlyUsd)} (KPU-hours ${usd(c.kpuHoursMonthlyUsd)}; running storage ${usd(c.runningStorageMonthlyUsd)} `
      + `${c.runningStorageIncluded ? 'included' : 'not included'})`),
  ];
  if (plan.autoScaling) {
    lines.push(row('at the ceiling', `${usd(c.maxMonthlyUsd)} a month if autoscaling holds ${count(plan.maxKpusWithAutoScaling, 'KPU')} and the orchestration KPU all month`));
  }
  if (plan.workload.sourceParallelism !== undefined) {
    lines.push(row('source', `${sourceUnits(plan.workload.sourceParallelism)} for parallelism ${plan.parallelism}`));
  }
  return lines.join('\n');
}
