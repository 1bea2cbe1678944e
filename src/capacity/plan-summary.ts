import { StreamMode } from 'aws-cdk-lib/aws-kinesis';
import { CapacityLimit } from './capacity-limit';
import { KinesisLimits } from './kinesis-limits';
import { ShardPlan } from './shard-plan';

/** A limit in words, for messages. */
export function describeLimit(limit: CapacityLimit): string {
  switch (limit) {
    case CapacityLimit.WRITE_BYTES: return 'write bytes (1 MiB/s per shard)';
    case CapacityLimit.WRITE_RECORDS: return 'write records (1,000 records/s per shard)';
    case CapacityLimit.READ_BYTES: return 'shared read bytes (2 MiB/s per shard)';
  }
}

/** Formats a number with at most `digits` decimals and thousands separators. */
export function num(value: number, digits = 2): string {
  if (digits > 0 && value !== 0 && Math.abs(value) < 10 ** -digits) {
    // A small figure keeps two significant digits rather than printing as 0.
    return value.toLocaleString('en-US', { maximumSignificantDigits: 2 });
  }
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** `1 shard`, `2 shards`: a count with its noun. */
export function count(n: number, noun: string): string {
  return `${num(n, 0)} ${noun}${n === 1 ? '' : 's'}`;
}

/** Formats a fraction as a whole percentage. */
export function pct(fraction: number): string {
  const percent = fraction * 100;
  // Two significant digits below 10%, so a small share does not read as 0%.
  return `${percent >= 10 || percent === 0 ? Math.round(percent) : Number(percent.toPrecision(2))}%`;
}

/** Formats US dollars with cents. */
export function usd(value: number): string {
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function modeName(mode: StreamMode): string {
  return mode === StreamMode.ON_DEMAND ? 'on-demand' : 'provisioned';
}

/** The plan explained in a few lines: shard count, what binds, each limit's use, cost. */
export function summarisePlan(plan: Omit<ShardPlan, 'summary'>): string {
  const w = plan.workload;
  const n = plan.shardCount;
  const headroom = w.headroom ? ` with ${pct(w.headroom)} headroom` : '';
  const lines = [
    `${count(n, 'shard')} (workload needs ${num(plan.requiredShardCount, 0)}, bound by ${describeLimit(plan.bindingLimit)}${headroom})`,
    `  write bytes    ${num(w.ingestMBps)} of ${num(n * KinesisLimits.WRITE_MIB_PER_SHARD)} MiB/s  ${pct(plan.writeBytesUtilisation)}`,
  ];
  if (plan.writeRecordsUtilisation !== undefined && w.ingestRecordsPerSecond !== undefined) {
    lines.push(`  write records  ${num(w.ingestRecordsPerSecond, 0)} of ${num(n * KinesisLimits.WRITE_RECORDS_PER_SHARD, 0)} records/s  ${pct(plan.writeRecordsUtilisation)}`);
  } else {
    lines.push('  write records  not planned (no record rate or size given)');
  }
  lines.push(`  read bytes     ${num(w.consumeMBps ?? 0)} of ${num(n * KinesisLimits.SHARED_READ_MIB_PER_SHARD)} MiB/s  ${pct(plan.readBytesUtilisation)}`
    + ` (${w.pollingConsumers} polling, ${w.enhancedFanOutConsumers} enhanced fan-out consumers)`);
  const c = plan.cost;
  lines.push(`  cost/month     provisioned ${usd(c.provisionedMonthlyUsd)}, on-demand ${usd(c.onDemandMonthlyUsd)}: ${modeName(c.recommendedMode)} is cheaper`);
  return lines.join('\n');
}
