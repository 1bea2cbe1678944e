import { CapacityLimit } from './capacity-limit';
import { KinesisLimits } from './kinesis-limits';
import { ShardPlan } from './shard-plan';
import { StreamCapacityMode } from './stream-capacity-mode';
import { count, num, pct, usd } from '../../common/format';

/** A limit in words, for messages. */
export function describeLimit(limit: CapacityLimit): string {
  switch (limit) {
    case CapacityLimit.WRITE_BYTES: return 'write bytes (1 MiB/s per shard)';
    case CapacityLimit.WRITE_RECORDS: return 'write records (1,000 records/s per shard)';
    case CapacityLimit.READ_BYTES: return 'shared read bytes (2 MiB/s per shard)';
  }
}

function modeName(mode: StreamCapacityMode): string {
  return mode === StreamCapacityMode.ON_DEMAND ? 'on-demand' : 'provisioned';
}

/** The plan explained in a few lines: shard count, what binds, each limit's use, cost. */
export function summarisePlan(plan: Omit<ShardPlan, 'summary'>): string {
  const w = plan.workload;
  const n = plan.shardCount;
  const headroom = w.headroom ? ` with ${pct(w.headroom)} headroom` : '';
  const lines = [
    `${count(n, 'shard')} (workload needs ${num(plan.requiredShardCount, 0)}, bound by ${describeLimit(plan.bindingLimit)}${headroom})`,
    `  write bytes    ${num(w.ingestMibPerSecond)} of ${num(n * KinesisLimits.WRITE_MIB_PER_SHARD)} MiB/s  ${pct(plan.writeBytesUtilisation)}`,
  ];
  if (plan.writeRecordsUtilisation !== undefined && w.ingestRecordsPerSecond !== undefined) {
    lines.push(`  write records  ${num(w.ingestRecordsPerSecond, 0)} of ${num(n * KinesisLimits.WRITE_RECORDS_PER_SHARD, 0)} records/s  ${pct(plan.writeRecordsUtilisation)}`);
  } else {
    lines.push('  write records  not planned (no record rate or size given)');
  }
  lines.push(`  read bytes     ${num(w.consumeMibPerSecond ?? 0)} of ${num(n * KinesisLimits.SHARED_READ_MIB_PER_SHARD)} MiB/s  ${pct(plan.readBytesUtilisation)}`
    + ` (${w.pollingConsumers} polling, ${w.enhancedFanOutConsumers} enhanced fan-out consumers)`);
  const c = plan.cost;
  lines.push(`  cost/month     provisioned ${usd(c.provisionedMonthlyUsd)}, on-demand ${usd(c.onDemandMonthlyUsd)}: ${modeName(c.recommendedMode)} is cheaper`);
  return lines.join('\n');
}
