import { count, num } from '../../common/format';
import { PlanWarning } from '../plan-warning';

/** The figures of a plan its warnings depend on. */
export interface FlinkWarningInputs {
  readonly parallelism: number;
  readonly parallelismPerKpu: number;
  readonly sourceParallelism?: number;
  readonly autoScaling: boolean;
  readonly kpus: number;
  readonly maxKpus: number;
}

/** `1 shard or partition`, `4 shards or partitions`. */
export function sourceUnits(n: number): string {
  return `${num(n, 0)} ${n === 1 ? 'shard or partition' : 'shards or partitions'}`;
}

/** Risks of a Flink plan: idle source subtasks, autoscaling with less than one doubling left. */
export function flinkPlanWarnings(plan: FlinkWarningInputs): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  if (plan.sourceParallelism !== undefined && plan.parallelism > plan.sourceParallelism) {
    const idle = plan.parallelism - plan.sourceParallelism;
    warnings.push({
      id: 'parallelismAboveSourceParallelism',
      message: `Parallelism ${plan.parallelism} is above the source's ${sourceUnits(plan.sourceParallelism)}: each is read by one source subtask, so ${count(idle, 'source subtask')} `
        + `read nothing (operators after a keyBy or rebalance still use them). Lower the parallelism to ${plan.sourceParallelism}, `
        + 'add shards or partitions, or set the source operator\'s parallelism in the job.',
    });
  }
  if (plan.autoScaling && plan.kpus * 2 > plan.maxKpus) {
    const room = plan.kpus >= plan.maxKpus
      ? `already uses all ${count(plan.maxKpus, 'KPU')} the limit allows, so autoscaling cannot add any`
      : `can grow from ${count(plan.kpus, 'KPU')} to ${num(plan.maxKpus, 0)} only, less than the doubling a scale-up asks for`;
    warnings.push({
      id: 'autoScalingLimitedByMaxKpus',
      message: `The application ${room}: a load above what ${count(plan.maxKpus, 'KPU')} carry will build lag. `
        + 'Raise parallelismPerKpu, or ask AWS for a higher KPU quota per application (Service Quotas or a support case) and give it as maxKpus.',
    });
  }
  return warnings;
}
