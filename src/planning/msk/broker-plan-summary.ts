import { MskLimits } from './broker-capacity';
import { BrokerLimit } from './broker-limit';
import { BrokerPlan } from './broker-plan';
import { KafkaBrokerType } from './kafka-broker-type';
import { LimitUtilisation } from './limit-utilisation';
import { num, pct, row, usd } from '../../common/format';

/** `Standard` or `Express`. */
export function kindName(type: KafkaBrokerType): string {
  return type === KafkaBrokerType.EXPRESS ? 'Express' : 'Standard';
}

/** A limit in words, for messages. */
export function describeBrokerLimit(limit: BrokerLimit): string {
  switch (limit) {
    case BrokerLimit.EBS_THROUGHPUT: return 'EBS throughput (AWS sizing model)';
    case BrokerLimit.NETWORK_THROUGHPUT: return 'network throughput (AWS sizing model)';
    case BrokerLimit.CPU: return 'CPU under 60%';
    case BrokerLimit.PARTITIONS: return 'partitions per broker';
    case BrokerLimit.STORAGE: return `storage (${num(MskLimits.MAX_STORAGE_GIB, 0)} GiB per broker)`;
    case BrokerLimit.AVAILABILITY_ZONES: return 'one broker per Availability Zone and per copy';
    case BrokerLimit.EXPRESS_INGRESS: return 'Express sustained ingress per broker';
    case BrokerLimit.EXPRESS_EGRESS: return 'Express sustained egress per broker';
    case BrokerLimit.SERVERLESS_CLUSTER_INGRESS: return `Serverless ingress per cluster (${MskLimits.SERVERLESS_CLUSTER_INGRESS_MIB_PER_SECOND} MiB/s)`;
    case BrokerLimit.SERVERLESS_CLUSTER_EGRESS: return `Serverless egress per cluster (${MskLimits.SERVERLESS_CLUSTER_EGRESS_MIB_PER_SECOND} MiB/s)`;
    case BrokerLimit.SERVERLESS_PARTITION_INGRESS: return `Serverless ingress per partition (${MskLimits.SERVERLESS_PARTITION_INGRESS_MIB_PER_SECOND} MiB/s)`;
    case BrokerLimit.SERVERLESS_PARTITION_EGRESS: return `Serverless egress per partition (${MskLimits.SERVERLESS_PARTITION_EGRESS_MIB_PER_SECOND} MiB/s)`;
  }
}

const LABELS: Record<string, string> = {
  [BrokerLimit.EBS_THROUGHPUT]: 'EBS throughput',
  [BrokerLimit.NETWORK_THROUGHPUT]: 'network',
  [BrokerLimit.CPU]: 'CPU (estimated)',
  [BrokerLimit.PARTITIONS]: 'replicas',
  [BrokerLimit.STORAGE]: 'storage',
  [BrokerLimit.EXPRESS_INGRESS]: 'ingress',
  [BrokerLimit.EXPRESS_EGRESS]: 'egress',
  [BrokerLimit.SERVERLESS_CLUSTER_INGRESS]: 'cluster ingress',
  [BrokerLimit.SERVERLESS_CLUSTER_EGRESS]: 'cluster egress',
  [BrokerLimit.SERVERLESS_PARTITION_INGRESS]: 'partition ingress',
  [BrokerLimit.SERVERLESS_PARTITION_EGRESS]: 'partition egress',
};

/** One line per limit: what is used of what, and the share. */
export function utilisationLine(u: LimitUtilisation): string {
  const label = LABELS[u.limit];
  if (u.limit === BrokerLimit.CPU) {
    return row(label, `${pct(u.used)} of the ${pct(u.capacity)} allowed  ${pct(u.utilisation)}`);
  }
  const digits = u.unit === 'MiB/s' ? 2 : 0;
  return row(label, `${num(u.used, digits)} of ${num(u.capacity, digits)} ${u.unit}  ${pct(u.utilisation)}`);
}

/** The plan explained in a few lines: brokers, what binds, each limit's use, cost, and Kinesis. */
export function summariseBrokerPlan(plan: Omit<BrokerPlan, 'summary'>): string {
  const kind = kindName(plan.brokerType);
  const headroom = plan.workload.headroom ? ` with ${pct(plan.workload.headroom)} headroom` : '';
  const lines = [
    `${plan.brokerCount} × ${plan.instanceType.instanceTypeName} ${kind} brokers across ${plan.availabilityZones} AZs `
      + `(workload needs ${plan.requiredBrokerCount}, bound by ${describeBrokerLimit(plan.bindingLimit)}${headroom})`,
    ...plan.utilisation.map(utilisationLine),
    row('partitions', `${num(plan.partitions, 0)} × RF ${plan.workload.replicationFactor}, ${num(plan.partitionsPerBroker, 0)} per broker`),
  ];
  const c = plan.cost;
  const parts = plan.brokerType === KafkaBrokerType.EXPRESS
    ? `broker-hours ${usd(c.brokerHoursMonthlyUsd)}, data in ${usd(c.dataInMonthlyUsd)}`
    : `broker-hours ${usd(c.brokerHoursMonthlyUsd)}, storage ${num(plan.storageGibPerBroker, 0)} GiB per broker ${usd(c.storageMonthlyUsd)}`;
  lines.push(row('cost/month', `${usd(c.monthlyUsd)} (${parts})`));
  if (plan.kinesisComparison) {
    lines.push(row('vs Kinesis', plan.kinesisComparison.reason));
  }
  return lines.join('\n');
}
