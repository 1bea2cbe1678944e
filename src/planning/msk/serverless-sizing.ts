import { MskLimits } from './broker-capacity';
import { BrokerLimit } from './broker-limit';
import { bindingNeed } from './broker-needs';
import { describeBrokerLimit, utilisationLine } from './broker-plan-summary';
import { KafkaWorkload } from './kafka-workload';
import { LimitUtilisation } from './limit-utilisation';
import { completedWorkload, resolveKafkaWorkload } from './resolved-kafka-workload';
import { ServerlessPlan } from './serverless-plan';
import { count, num, pct } from '../../common/format';
import { PlanWarning } from '../plan-warning';

const EPSILON = 1e-9;

/** `BrokerSizing.planServerless()`: the workload against the Serverless quotas. */
export function planServerless(workload: KafkaWorkload): ServerlessPlan {
  const w = resolveKafkaWorkload(workload);
  const grow = 1 + w.headroom;
  const perGroup = w.consumerGroups > 0 ? w.consumeMibPerSecond / w.consumerGroups : 0;
  const requiredPartitions = Math.max(1, Math.ceil(Math.max(
    w.ingestMibPerSecond * grow / MskLimits.SERVERLESS_PARTITION_INGRESS_MIB_PER_SECOND,
    perGroup * grow / MskLimits.SERVERLESS_PARTITION_EGRESS_MIB_PER_SECOND) - EPSILON));
  const partitions = w.partitions ?? requiredPartitions;
  const of = (limit: BrokerLimit, used: number, capacity: number): LimitUtilisation =>
    ({ limit, used, capacity, unit: 'MiB/s', utilisation: used / capacity });
  const utilisation = [
    of(BrokerLimit.SERVERLESS_CLUSTER_INGRESS, w.ingestMibPerSecond, MskLimits.SERVERLESS_CLUSTER_INGRESS_MIB_PER_SECOND),
    of(BrokerLimit.SERVERLESS_CLUSTER_EGRESS, w.consumeMibPerSecond, MskLimits.SERVERLESS_CLUSTER_EGRESS_MIB_PER_SECOND),
    of(BrokerLimit.SERVERLESS_PARTITION_INGRESS, w.ingestMibPerSecond / partitions, MskLimits.SERVERLESS_PARTITION_INGRESS_MIB_PER_SECOND),
    of(BrokerLimit.SERVERLESS_PARTITION_EGRESS, perGroup / partitions, MskLimits.SERVERLESS_PARTITION_EGRESS_MIB_PER_SECOND),
  ];
  const [bindingLimit, worst] = bindingNeed(utilisation.map(u => [u.limit, u.utilisation * grow]));
  const fits = worst <= 1 + EPSILON;
  const warnings: PlanWarning[] = [];
  const over = utilisation.filter(u => u.utilisation * grow > 1 + EPSILON
    && (u.limit === BrokerLimit.SERVERLESS_CLUSTER_INGRESS || u.limit === BrokerLimit.SERVERLESS_CLUSTER_EGRESS));
  if (over.length > 0) {
    warnings.push({
      id: 'serverlessQuotaExceeded',
      message: `The workload exceeds ${over.map(u => describeBrokerLimit(u.limit)).join(' and ')}: `
        + 'Serverless throttles beyond it. Plan provisioned brokers with `BrokerSizing.plan()` or split the workload.',
    });
  }
  if (partitions < requiredPartitions) {
    warnings.push({
      id: 'partitionsBelowPlan',
      message: `${count(partitions, 'partition')} ${partitions === 1 ? 'carries' : 'carry'} more than the per-partition quotas allow: the workload needs ${num(requiredPartitions, 0)}. `
        + 'Add partitions.',
    });
  }
  const headroom = w.headroom ? ` with ${pct(w.headroom)} headroom` : '';
  const summary = [
    `MSK Serverless, ${count(partitions, 'partition')} (workload needs ${num(requiredPartitions, 0)}${headroom}); `
      + `${fits ? 'fits' : 'does not fit'} the quotas, closest: ${describeBrokerLimit(bindingLimit)}`,
    ...utilisation.map(utilisationLine),
  ].join('\n');
  return {
    workload: completedWorkload(w, partitions),
    partitions,
    requiredPartitions,
    bindingLimit,
    utilisation,
    fits,
    warnings,
    summary,
  };
}
