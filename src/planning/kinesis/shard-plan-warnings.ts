import { CapacityLimit } from './capacity-limit';
import { KinesisLimits } from './kinesis-limits';
import { describeLimit } from './plan-summary';
import { count, num } from '../../common/format';
import { PlanWarning } from '../plan-warning';

/** The figures of a plan its warnings depend on. */
export interface PlanWarningInputs {
  readonly shardCount: number;
  readonly requiredShardCount: number;
  readonly bindingLimit: CapacityLimit;
  readonly pollingConsumers?: number;
}

/** Risks of a plan: too few shards for the workload, too many polling consumers. */
export function planWarnings(plan: PlanWarningInputs): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  if (plan.shardCount < plan.requiredShardCount) {
    warnings.push({
      id: 'shardCountBelowPlan',
      message: `${count(plan.shardCount, 'shard')} ${plan.shardCount === 1 ? 'is' : 'are'} fewer than the ${num(plan.requiredShardCount, 0)} the workload needs `
        + `(bound by ${describeLimit(plan.bindingLimit)}): expect throttled requests at peak. `
        + 'Raise the shard count or lower the workload figures.',
    });
  }
  const polling = plan.pollingConsumers ?? 1;
  if (polling > KinesisLimits.POLLING_CONSUMERS_ADVISED) {
    warnings.push({
      id: 'tooManyPollingConsumers',
      message: `${polling} polling consumers share ${KinesisLimits.GET_RECORDS_CALLS_PER_SHARD} GetRecords calls/s and `
        + `${KinesisLimits.SHARED_READ_MIB_PER_SHARD} MiB/s per shard and slow each other down: `
        + `read with enhanced fan-out for all but ${KinesisLimits.POLLING_CONSUMERS_ADVISED}.`,
    });
  }
  return warnings;
}
