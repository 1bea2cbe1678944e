import { MskLimits } from './broker-capacity';
import { BrokerLimit } from './broker-limit';
import { describeBrokerLimit } from './broker-plan-summary';
import { KafkaBrokerType } from './kafka-broker-type';
import { count, num } from '../../common/format';
import { PlanWarning } from '../plan-warning';

/** The figures of a plan its warnings depend on. */
export interface BrokerWarningInputs {
  readonly brokerType: KafkaBrokerType;
  readonly brokerCount: number;
  readonly requiredBrokerCount: number;
  readonly bindingLimit: BrokerLimit;
  readonly availabilityZones: number;
  readonly replicationFactor: number;
}

/** Risks of a broker plan: too few brokers, too few copies, two AZs, a count only KRaft allows. */
export function brokerPlanWarnings(plan: BrokerWarningInputs): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  if (plan.brokerCount < plan.requiredBrokerCount) {
    warnings.push({
      id: 'brokerCountBelowPlan',
      message: `${count(plan.brokerCount, 'broker')} ${plan.brokerCount === 1 ? 'is' : 'are'} fewer than the ${num(plan.requiredBrokerCount, 0)} the workload needs `
        + `(bound by ${describeBrokerLimit(plan.bindingLimit)}): expect throttling, CPU above 60% or full disks at peak. `
        + 'Add brokers, choose a larger instance type or lower the workload figures.',
    });
  }
  if (plan.brokerType === KafkaBrokerType.STANDARD && plan.replicationFactor < 3) {
    warnings.push({
      id: 'replicationFactorBelowThree',
      message: `Replication factor ${plan.replicationFactor} keeps fewer than 3 copies: with a broker or an Availability Zone down, `
        + 'partitions go offline or stop accepting acks=all writes, and a lost volume loses data. Use 3.',
    });
  }
  if (plan.availabilityZones === 2) {
    warnings.push({
      id: 'twoAvailabilityZones',
      message: 'Brokers in 2 Availability Zones: with one zone down, half the brokers carry all the traffic. Use 3 zones where the Region has them.',
    });
  }
  if (plan.brokerCount > MskLimits.MAX_BROKERS_ZOOKEEPER) {
    warnings.push({
      id: 'moreBrokersThanZooKeeperAllows',
      message: `${count(plan.brokerCount, 'broker')} are more than the ${MskLimits.MAX_BROKERS_ZOOKEEPER} a ZooKeeper-mode cluster can have: `
        + 'create the cluster in KRaft mode (Kafka 3.7 or later), or split the workload.',
    });
  }
  return warnings;
}
